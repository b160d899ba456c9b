//! Whether a reply's tags tell the truth about it, as the catalogue defines them: tags that
//! contradict each other, official protection sought where the briefing names no danger,
//! money above the course's 2× rule paid with no mistake or breach to show for it, and acts
//! recognised by their words (the catalogue's `cues`) that lack the tags they always carry,
//! so the same act scores the same in every scenario. All warnings: the bundled library
//! passes `validate --strict`.

use super::{Checker, walk};
use crate::catalogue::Move;
use crate::path;
use crate::source::diagnostic::shown;

impl Checker<'_> {
    pub(super) fn tags(&mut self) {
        let cat = self.cat;
        let scn = self.scn;
        for (n, c, ch) in walk::choices(scn) {
            let place = path!["nodes", n, "choices", c];
            let moves: Vec<&Move> = ch
                .techniques
                .iter()
                .filter_map(|id| cat.technique(id))
                .chain(ch.mistakes.iter().filter_map(|id| cat.mistake(id)))
                .collect();
            // Contradictions are between moves: a legal point may share a move's id
            // (`lawful_channels`) and is not one.
            let moved = |id: &str| {
                ["techniques", "mistakes"]
                    .iter()
                    .any(|l| ch.tags(l).iter().any(|t| t == id))
            };
            let mut contradictions = Vec::new();
            for m in &moves {
                for other in &m.contradicts {
                    if moved(other) && !contradictions.contains(&(other, &m.id)) {
                        contradictions.push((&m.id, other));
                    }
                }
            }
            for (a, b) in contradictions {
                self.warn(
                    &place,
                    format!(
                        "this reply is tagged both `{}` and `{}`, which the catalogue says contradict each other",
                        shown(a),
                        shown(b)
                    ),
                    "keep the tag that says what the reply really does: one reply cannot do both",
                );
            }
            if !scn.briefing.danger
                && let Some(m) = moves.iter().find(|m| m.needs_danger)
            {
                self.warn(
                    &place,
                    format!(
                        "`{}` is only right when someone is in danger or the customer acts unlawfully, and this briefing says neither",
                        shown(&m.id)
                    ),
                    "tag the reply with the mistake it is for this customer (e.g. `threatening_customer`), \
                     or set `danger: true` in the briefing if the case really is one",
                );
            }
            if let (Some(paid), Some(claim)) = (ch.pays, &scn.customer.claim) {
                let limit = claim.ceiling(cat);
                let owned = ch.mistakes.iter().any(|id| {
                    cat.mistake(id)
                        .is_some_and(|m| m.stance == Some(crate::catalogue::Stance::Capitulation))
                }) || !ch.breaks.is_empty();
                if u64::from(paid) > limit && !owned {
                    self.warn(
                        &path!["nodes", n, "choices", c, "pays"],
                        format!(
                            "this reply pays {paid} {}, more than the claim's reasonable ceiling ({limit}: {}), yet carries no capitulating mistake or legal breach",
                            shown(&claim.currency),
                            match claim.rule(cat) {
                                Some(r) => format!("the loss plus the damages {} awards", r.law.en),
                                None => format!("2× the direct loss of {}", claim.direct_loss),
                            }
                        ),
                        "the course treats anything above that as unreasonable: tag what \
                         the payment gives up (e.g. `giving_up_bottom_line`, `breaks: [\"no_extortion\"]`)",
                    );
                }
            }
            let zh = ch.text.zh.to_lowercase();
            let en = ch.text.en.to_lowercase();
            for cue in &cat.cues {
                let has = |p: &String| {
                    let p = p.to_lowercase();
                    !p.is_empty() && (zh.contains(&p) || en.contains(&p))
                };
                if cue.find.iter().any(has)
                    && !cue.unless.iter().any(has)
                    && !cue.expect.iter().any(|spec| ch.carries(spec))
                {
                    self.warn(
                        &place,
                        format!(
                            "this reply reads as “{}”, which is scored the same in every scenario, but carries none of its tags",
                            cue.name.en
                        ),
                        format!(
                            "tag it with one of: {}",
                            cue.expect
                                .iter()
                                .map(|id| format!("`{}`", shown(id)))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                }
            }
        }
    }
}
