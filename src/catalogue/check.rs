//! Loading and checking the rubric catalogue, with the same file:line:column diagnostics as
//! scenarios: an instructor editing it gets every problem at once.

use std::collections::HashSet;
use std::path::Path;

use super::{Catalogue, Move};
use crate::course::{
    Archetype, Disc, EndingKind, Expectation, Impact, Level, Need, Rubric, Stage, Text, Verdict,
};
use crate::path;
use crate::source::diagnostic::{Diagnostic, Severity, place, shown};
use crate::source::ron::{self as load, Locator};
use crate::source::syntax::Seg;

/// The catalogue shipped with the product, used when a folder has none of its own.
pub const BUNDLED: &str = include_str!("../../scenarios/catalogue.ron");

/// Parses and checks catalogue text.
pub fn load_str(label: &str, text: &str) -> Result<Catalogue, Vec<Diagnostic>> {
    let lists: &[load::ListCheck] = &[
        ("techniques", load::check_as::<Move>),
        ("mistakes", load::check_as::<Move>),
        ("legal", load::check_as::<super::LegalPoint>),
        ("statutory", load::check_as::<super::StatutoryRule>),
        ("reactions", load::check_as::<super::Reaction>),
    ];
    let cat: Catalogue = load::parse(label, text, lists)?;
    let loc = Locator::new(label, text);
    let mut problems = check(&cat, &loc);
    place(text, &mut problems);
    if problems.iter().any(Diagnostic::is_error) {
        Err(problems)
    } else {
        Ok(cat)
    }
}

/// Reads and checks a catalogue file.
pub fn load_file(path: &Path) -> Result<Catalogue, Vec<Diagnostic>> {
    let label = path.display().to_string();
    let text = crate::source::read_text(path).map_err(|d| vec![d])?;
    load_str(&label, &text)
}

/// The bundled catalogue.
pub fn bundled() -> Catalogue {
    load_str("scenarios/catalogue.ron (bundled)", BUNDLED)
        .expect("the bundled catalogue is checked by the test suite")
}

fn check(cat: &Catalogue, loc: &Locator) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut err = |p: &[Seg], m: String, h: &str| {
        out.push(loc.diag(Severity::Error, p, m, Some(h.to_string())));
    };
    if cat.version != 1 {
        err(
            &path!["version"],
            format!("catalogue version {} is not supported", cat.version),
            "this build reads version 1",
        );
    }
    for r in Rubric::ALL {
        match cat.rubrics.iter().position(|d| d.rubric == r) {
            None => err(
                &path!["rubrics"],
                format!("rubric {} is missing", r.key()),
                "define all three: Empathy, Expectation, Legal",
            ),
            Some(i) => {
                let bands = &cat.rubrics[i].bands;
                if bands.first().is_none_or(|b| b.from != 0) {
                    err(
                        &path!["rubrics", i, "bands"],
                        format!("the bands of {} must start at 0", r.key()),
                        "the first band needs `from: 0`",
                    );
                }
                if bands.windows(2).any(|w| w[0].from >= w[1].from)
                    || bands.iter().any(|b| b.from > 100)
                {
                    err(
                        &path!["rubrics", i, "bands"],
                        format!(
                            "the bands of {} are not in rising order within 0–100",
                            r.key()
                        ),
                        "list bands lowest first, each `from` higher than the last",
                    );
                }
            }
        }
    }
    let mut texts: Vec<(Vec<Seg>, &Text)> = Vec::new();
    for (name, moves) in [("techniques", &cat.techniques), ("mistakes", &cat.mistakes)] {
        let mut seen = HashSet::new();
        for (i, m) in moves.iter().enumerate() {
            if !seen.insert(&m.id) || (name == "mistakes" && cat.technique(&m.id).is_some()) {
                err(
                    &path![name, i, "id"],
                    format!("duplicate id `{}`", shown(&m.id)),
                    "every technique and mistake needs its own id",
                );
            }
            texts.push((path![name, i, "name"].to_vec(), &m.name));
            texts.push((path![name, i, "feedback"].to_vec(), &m.feedback));
        }
    }
    // Places that name a technique or mistake: contradictions and the moves reactions answer.
    let mut move_refs: Vec<(Vec<Seg>, &String)> = Vec::new();
    for (name, moves) in [("techniques", &cat.techniques), ("mistakes", &cat.mistakes)] {
        for (i, m) in moves.iter().enumerate() {
            if name == "techniques" && m.stance.is_some() {
                err(
                    &path![name, i, "stance"],
                    format!("technique `{}` has a stance", shown(&m.id)),
                    "only a mistake can be hostile or capitulating; remove `stance`",
                );
            }
            for (j, other) in m.contradicts.iter().enumerate() {
                move_refs.push((path![name, i, "contradicts", j].to_vec(), other));
            }
        }
    }
    let mut seen = HashSet::new();
    for (i, cue) in cat.cues.iter().enumerate() {
        if !seen.insert(&cue.id) {
            err(
                &path!["cues", i, "id"],
                format!("duplicate cue `{}`", shown(&cue.id)),
                "every cue needs its own id",
            );
        }
        if cue.find.is_empty() || cue.find.iter().any(|f| f.trim().is_empty()) {
            err(
                &path!["cues", i, "find"],
                format!(
                    "cue `{}` has no words to find, or an empty one",
                    shown(&cue.id)
                ),
                "list the phrases that show the act",
            );
        }
        if cue.expect.is_empty() {
            err(
                &path!["cues", i, "expect"],
                format!("cue `{}` expects no tag", shown(&cue.id)),
                "list the technique, mistake or legal-point ids the act carries",
            );
        }
        for (j, spec) in cue.expect.iter().enumerate() {
            if let Some((m, h)) = tag_problem(cat, spec, false) {
                err(&path!["cues", i, "expect", j], m, h);
            }
        }
        texts.push((path!["cues", i, "name"].to_vec(), &cue.name));
    }
    let mut seen = HashSet::new();
    for (i, p) in cat.patterns.iter().enumerate() {
        if !seen.insert(&p.id) {
            err(
                &path!["patterns", i, "id"],
                format!("duplicate pattern `{}`", shown(&p.id)),
                "every pattern needs its own id",
            );
        }
        if p.find.is_empty() {
            err(
                &path!["patterns", i, "find"],
                format!("pattern `{}` has nothing to find", shown(&p.id)),
                "list the regular expressions that show the move",
            );
        }
        if p.at_least == 0 {
            err(
                &path!["patterns", i, "at_least"],
                format!(
                    "pattern `{}` asks for 0 matches (`at_least: 0`): it would be found in any text",
                    shown(&p.id)
                ),
                "write 1 or more (3 for three questions in a row)",
            );
        }
        for (list, exprs) in [("find", &p.find), ("also", &p.also), ("unless", &p.unless)] {
            for (j, e) in exprs.iter().enumerate() {
                match super::compile_pattern(e) {
                    Err(why) => err(
                        &path!["patterns", i, list, j],
                        format!("`{}` is not a regular expression: {why}", shown(e)),
                        "write Rust `regex` syntax (https://docs.rs/regex): escape `( ) [ ] ? * + .` with `\\` to match them as they are",
                    ),
                    Ok(r) if r.is_match("") => err(
                        &path!["patterns", i, list, j],
                        format!("`{}` matches any text, even an empty one", shown(e)),
                        "make it need at least one character",
                    ),
                    Ok(_) => {}
                }
            }
        }
        if p.tags.is_empty() {
            err(
                &path!["patterns", i, "tags"],
                format!("pattern `{}` is evidence of no tag", shown(&p.id)),
                "list the technique, mistake or legal-point ids a reply making this move carries",
            );
        }
        for (j, spec) in p.tags.iter().enumerate() {
            if let Some((m, h)) = tag_problem(cat, spec, true) {
                err(&path!["patterns", i, "tags", j], m, h);
            }
        }
        texts.push((path!["patterns", i, "name"].to_vec(), &p.name));
    }
    texts.push((
        path!["narration", "bonus_voided"].to_vec(),
        &cat.narration.bonus_voided,
    ));
    for (i, r) in cat.reactions.iter().enumerate() {
        for (j, id) in r.to.iter().enumerate() {
            move_refs.push((path!["reactions", i, "to", j].to_vec(), id));
        }
        texts.push((path!["reactions", i, "text"].to_vec(), &r.text));
    }
    for (p, id) in move_refs {
        if cat.technique(id).is_none() && cat.mistake(id).is_none() {
            err(
                &p,
                format!("`{}` is neither a technique nor a mistake", shown(id)),
                "name a technique or mistake defined in this catalogue",
            );
        }
    }
    let mut seen = HashSet::new();
    for (i, p) in cat.legal.iter().enumerate() {
        if !seen.insert(&p.id) {
            err(
                &path!["legal", i, "id"],
                format!("duplicate id `{}`", shown(&p.id)),
                "every legal point needs its own id",
            );
        }
        texts.push((path!["legal", i, "name"].to_vec(), &p.name));
        texts.push((
            path!["legal", i, "honour_feedback"].to_vec(),
            &p.honour_feedback,
        ));
        texts.push((
            path!["legal", i, "breach_feedback"].to_vec(),
            &p.breach_feedback,
        ));
    }
    let mut seen = HashSet::new();
    for (i, r) in cat.statutory.iter().enumerate() {
        if !seen.insert(&r.id) {
            err(
                &path!["statutory", i, "id"],
                format!("duplicate id `{}`", shown(&r.id)),
                "every statutory rule needs its own id",
            );
        }
        if r.times_price == 0 && r.times_loss == 0 && r.minimum == 0 {
            err(
                &path!["statutory", i],
                "this rule awards nothing".to_string(),
                "give `times_price`, `times_loss` or `minimum` as the law sets them",
            );
        }
        texts.push((path!["statutory", i, "law"].to_vec(), &r.law));
        texts.push((path!["statutory", i, "applies"].to_vec(), &r.applies));
    }
    let o = &cat.opinion;
    let in_order = 0 < o.outbreak && o.outbreak < o.peak && o.peak <= 100;
    if !(in_order && (1..=100).contains(&o.cools)) {
        err(
            &path!["opinion"],
            format!(
                "the opinion thresholds (outbreak {}, peak {}, cools {}) are out of order",
                o.outbreak, o.peak, o.cools
            ),
            "heat runs 0–100: write 0 < outbreak < peak ≤ 100, and cools from 1 to 100",
        );
    }
    let mut seen_stages = HashSet::new();
    for (i, st) in o.stages.iter().enumerate() {
        if !seen_stages.insert(st.stage) {
            err(
                &path!["opinion", "stages", i],
                format!("stage {} is described twice", st.stage),
                "describe each stage once",
            );
        }
        texts.push((path!["opinion", "stages", i, "name"].to_vec(), &st.name));
        texts.push((
            path!["opinion", "stages", i, "control"].to_vec(),
            &st.control,
        ));
    }
    if !o.stages.is_empty() {
        for s in Stage::ALL {
            if !seen_stages.contains(s) {
                err(
                    &path!["opinion", "stages"],
                    format!("stage {s} has no name and controls"),
                    "describe all four stages: Latent, Outbreak, Peak, Decline",
                );
            }
        }
    }
    let mut seen_rubrics = HashSet::new();
    for (i, r) in cat.rubrics.iter().enumerate() {
        if !seen_rubrics.insert(r.rubric) {
            err(
                &path!["rubrics", i],
                format!("rubric {} is defined twice", r.rubric.key()),
                "define each rubric once",
            );
        }
    }
    let mut seen_classes = HashSet::new();
    for (i, e) in cat.expectations.iter().enumerate() {
        if !seen_classes.insert(e.class) {
            err(
                &path!["expectations", i],
                format!("expectation class {} is defined twice", e.class),
                "define each class once",
            );
        }
    }
    for e in Expectation::ALL {
        if cat.expectation(*e).is_none() {
            err(
                &path!["expectations"],
                format!("expectation class {e} is missing"),
                "define all five classes",
            );
        }
    }
    let m = &cat.memory;
    for (field, id) in [
        ("broken_promise", &m.broken_promise),
        ("repeated_question", &m.repeated_question),
        ("interrupted_venting", &m.interrupted_venting),
        ("no_response", &m.no_response),
    ] {
        if cat.mistake(id).is_none() {
            err(
                &path!["memory", field],
                format!("mistake `{id}` is not in the catalogue"),
                "name a mistake defined under `mistakes`",
            );
        }
    }
    for k in EndingKind::ALL {
        if !cat.verdicts.contains_key(k) {
            err(
                &path!["verdicts"],
                format!("ending kind {k} has no verdict"),
                "give every ending kind one of Good, Acceptable, Poor, Failure",
            );
        }
    }
    if !cat.approach.is_empty() && !Disc::ALL.iter().all(|k| cat.approach.contains_key(k)) {
        err(
            &path!["approach"],
            "`approach` does not cover every DISC type".into(),
            "give Dominant, Influence, Steady and Conscientious one sentence each",
        );
    }
    let g = &cat.glossary;
    let complete = Disc::ALL.iter().all(|k| g.disc.contains_key(k))
        && Archetype::ALL.iter().all(|k| g.archetype.contains_key(k))
        && Need::ALL.iter().all(|k| g.need.contains_key(k))
        && Level::ALL.iter().all(|k| g.level.contains_key(k))
        && Verdict::ALL.iter().all(|k| g.verdict.contains_key(k));
    if !complete {
        err(
            &path!["glossary"],
            "the glossary does not name every DISC type, archetype, need, rung and verdict".into(),
            "add the missing names",
        );
    }
    for (p, t) in texts {
        if !t.missing().is_empty() {
            err(
                &p,
                "text is missing a language".into(),
                "give both zh and en",
            );
        }
    }
    for (p, impact) in impacts(cat) {
        if let Some((field, v)) = impact.out_of_range() {
            err(
                &p,
                format!("effect `{field}: {v}` is out of range"),
                "effects run from -100 to 100",
            );
        }
    }
    for (d, cost) in &cat.patience_per_turn {
        if !(0..=100).contains(cost) {
            err(
                &path!["patience_per_turn"],
                format!(
                    "the patience a decision costs with a {d} customer ({cost}) is out of range"
                ),
                "use 0 to 100",
            );
        }
    }
    out
}

/// Every effect in the catalogue, with the place of the entry it belongs to.
/// What is wrong with a tag spec of a cue's `expect` or a pattern's `tags`, if anything:
/// `id` or `list:id`, and with `any`, `list:*` for any id in the list.
fn tag_problem(cat: &Catalogue, spec: &str, any: bool) -> Option<(String, &'static str)> {
    let (list, id) = super::cue_tag(spec);
    if let Some(list) = list
        && !super::CUE_LISTS.contains(&list)
    {
        return Some((
            format!("`{}` is not a list of a reply's tags", shown(list)),
            "write `techniques:`, `mistakes:`, `honours:` or `breaks:` before the id, or no list",
        ));
    }
    if any && id == "*" && list.is_some() {
        return None;
    }
    let known = match list {
        Some("techniques") => cat.technique(id).is_some(),
        Some("mistakes") => cat.mistake(id).is_some(),
        Some(_) => cat.legal_point(id).is_some(),
        None => {
            cat.technique(id).is_some()
                || cat.mistake(id).is_some()
                || cat.legal_point(id).is_some()
        }
    };
    (!known).then(|| {
        (
            format!("`{}` is not a technique, mistake or legal point", shown(id)),
            "name an id defined in this catalogue",
        )
    })
}

fn impacts(cat: &Catalogue) -> Vec<(Vec<Seg>, Impact)> {
    let mut out = Vec::new();
    for (name, moves) in [("techniques", &cat.techniques), ("mistakes", &cat.mistakes)] {
        for (i, m) in moves.iter().enumerate() {
            out.push((path![name, i, "impact"].to_vec(), m.impact));
            let adjusts = m
                .disc
                .values()
                .map(|a| ("disc", a))
                .chain(m.need.values().map(|a| ("need", a)))
                .chain(m.archetype.values().map(|a| ("archetype", a)));
            for (field, a) in adjusts {
                out.push((path![name, i, field].to_vec(), a.impact));
            }
        }
    }
    for (i, p) in cat.legal.iter().enumerate() {
        out.push((path!["legal", i, "honour"].to_vec(), p.honour));
        out.push((path!["legal", i, "breach"].to_vec(), p.breach));
    }
    for (i, e) in cat.expectations.iter().enumerate() {
        out.push((path!["expectations", i, "matched"].to_vec(), e.matched));
        out.push((
            path!["expectations", i, "mismatched"].to_vec(),
            e.mismatched,
        ));
    }
    out
}
