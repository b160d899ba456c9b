//! Static checks of a parsed scenario against the catalogue and against itself: metadata and
//! ranges, text in both languages, ids and references, catalogue names, what the customer's
//! memory can recall, and static reachability. A few passes over one walk ([`walk`]); no
//! engine runs here (the analysis and its lints belong to `crate::library`).

pub mod walk;

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::catalogue::Catalogue;
use crate::course::{Archetype, Impact, Lang, Text};
use crate::path;
use crate::scenario::{Condition, FORMAT_VERSION, Scenario};
use crate::source::diagnostic::{Diagnostic, Severity, did_you_mean, shown};
use crate::source::ron::Locator;
use crate::source::syntax::Seg;
use walk::Target;

/// Did-you-mean hints one file may get: past this many, hints stop naming candidates (nobody
/// reads the 201st, and each costs edit distances against every known id).
const SUGGESTIONS_PER_FILE: usize = 200;

struct Checker<'a> {
    scn: &'a Scenario,
    cat: &'a Catalogue,
    loc: &'a Locator<'a>,
    out: Vec<Diagnostic>,
    suggestions_left: usize,
}

/// Every problem in `scn`, errors and warnings, in file order (unplaced: the caller places
/// the whole batch with [`crate::source::diagnostic::place`]).
pub fn check(scn: &Scenario, cat: &Catalogue, loc: &Locator) -> Vec<Diagnostic> {
    let mut c = Checker {
        scn,
        cat,
        loc,
        out: Vec::new(),
        suggestions_left: SUGGESTIONS_PER_FILE,
    };
    c.metadata();
    c.customer();
    c.texts();
    c.ids_and_references();
    c.catalogue_names();
    c.ranges();
    c.memory_consistency();
    c.graph();
    c.out
}

fn id_ok(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

impl Checker<'_> {
    fn err(&mut self, path: &[Seg], msg: impl Into<String>, hint: impl Into<String>) {
        let d = self.loc.diag(Severity::Error, path, msg, Some(hint.into()));
        self.out.push(d);
    }

    fn warn(&mut self, path: &[Seg], msg: impl Into<String>, hint: impl Into<String>) {
        let d = self
            .loc
            .diag(Severity::Warning, path, msg, Some(hint.into()));
        self.out.push(d);
    }

    fn metadata(&mut self) {
        let s = self.scn;
        if s.version != FORMAT_VERSION {
            self.err(
                &path!["version"],
                format!("format version {} is not supported", s.version),
                format!("this build reads version {FORMAT_VERSION}"),
            );
        }
        if !id_ok(&s.id) {
            self.err(
                &path!["id"],
                format!("scenario id `{}` is not a valid id", shown(&s.id)),
                "use lowercase letters, digits, `-` and `_`, e.g. \"telecom-data-charge\"",
            );
        }
        if !(1..=5).contains(&s.difficulty) {
            self.err(
                &path!["difficulty"],
                format!("difficulty {} is out of range", s.difficulty),
                "use 1 (patient customer, clear fault) to 5 (malicious campaign)",
            );
        }
        if !(1..=240).contains(&s.minutes) {
            self.err(
                &path!["minutes"],
                format!("{} minutes is out of range", s.minutes),
                "estimate 1 to 240 minutes",
            );
        }
        if s.timer_secs.is_some_and(|t| !(5..=600).contains(&t)) {
            self.err(
                &path!["timer_secs"],
                "the decision timer must be 5 to 600 seconds",
                "leave it out for no timer",
            );
        }
        if s.objectives.is_empty() {
            self.warn(
                &path!["objectives"],
                "no learning objectives",
                "say what the trainee should learn, in both languages",
            );
        }
    }

    fn customer(&mut self) {
        let c = &self.scn.customer;
        for (field, v) in [
            ("mood", c.mood),
            ("trust", c.trust),
            ("patience", c.patience),
        ] {
            if !(0..=100).contains(&v) {
                self.err(
                    &path!["customer", field],
                    format!("{field} {v} is out of range"),
                    "use 0 to 100",
                );
            }
        }
        if c.secondary == Some(c.disc) {
            self.warn(
                &path!["customer", "secondary"],
                "the secondary DISC type is the same as the primary",
                "leave `secondary` out, or pick another type",
            );
        }
        let high = c.archetypes.contains(&Archetype::HighCompensationClaim);
        match &c.claim {
            None if high => self.err(
                &path!["customer", "archetypes"],
                "a high-compensation customer needs a `claim`",
                "add `claim: (demanded: 50000, direct_loss: 8000)` so the 2× rule can be applied",
            ),
            None => {}
            Some(claim) => {
                if claim.demanded == 0 {
                    self.err(
                        &path!["customer", "claim", "demanded"],
                        "a claim of 0 is not a claim",
                        "give the amount demanded, or remove `claim`",
                    );
                } else if claim.direct_loss > claim.demanded {
                    self.err(
                        &path!["customer", "claim", "direct_loss"],
                        format!(
                            "the direct loss ({}) is larger than the amount demanded ({})",
                            claim.direct_loss, claim.demanded
                        ),
                        "a customer does not claim less than the verified loss; check the figures",
                    );
                } else if high && !claim.is_unreasonable() {
                    self.warn(&path!["customer", "claim", "demanded"],
                        format!(
                            "the claim ({}) is within 2× the direct loss ({}), so the course treats it as reasonable",
                            claim.demanded, claim.direct_loss
                        ),
                        "raise `demanded` above twice `direct_loss`, or drop the HighCompensationClaim archetype",
                    );
                } else if !high && claim.is_unreasonable() {
                    self.warn(&path!["customer", "claim", "demanded"],
                        "the claim is over 2× the direct loss but the customer is not tagged HighCompensationClaim",
                        "add HighCompensationClaim to `archetypes`",
                    );
                }
            }
        }
        let mut seen = HashSet::new();
        for (i, a) in c.archetypes.iter().enumerate() {
            if !seen.insert(a) {
                self.warn(
                    &path!["customer", "archetypes", i],
                    format!("archetype {a} is listed twice"),
                    "list each archetype once",
                );
            }
        }
    }

    fn text(&mut self, path: &[Seg], t: &Text, what: &str) {
        if t.missing().is_empty() {
            return;
        }
        for lang in t.missing() {
            let (key, name) = match lang {
                Lang::Zh => ("zh", "Chinese (zh)"),
                Lang::En => ("en", "English (en)"),
            };
            self.err(
                path,
                format!("{what} has no {name} text"),
                format!("every player-visible text needs both halves: (zh: \"…\", en: \"…\"); add `{key}`"),
            );
        }
    }

    fn texts(&mut self) {
        for (place, t, what) in walk::texts(self.scn) {
            self.text(&place, t, what);
        }
    }

    /// Checks the ids of one list (`nodes` or `endings`): valid, and each used once. Returns
    /// id → index of its first use.
    fn index_ids<'s>(
        &mut self,
        list: &str,
        kind: &str,
        ids: impl Iterator<Item = &'s str>,
    ) -> HashMap<&'s str, usize> {
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.enumerate() {
            if !id_ok(id) {
                self.err(
                    &path![list, i, "id"],
                    format!("{kind} id `{}` is not a valid id", shown(id)),
                    "use lowercase letters, digits, `-` and `_`",
                );
            }
            if let Some(&first) = index.get(id) {
                let line = self
                    .loc
                    .line_of(self.loc.span(&path![list, first, "id"]).start);
                self.err(
                    &path![list, i, "id"],
                    format!("duplicate {kind} id `{}`", shown(id)),
                    format!("it is first used on line {line}; give each {kind} its own id"),
                );
            } else {
                index.insert(id, i);
            }
        }
        index
    }

    fn ids_and_references(&mut self) {
        let s = self.scn;
        let nodes = self.index_ids("nodes", "node", s.nodes.iter().map(|n| n.id.as_str()));
        let endings = self.index_ids("endings", "ending", s.endings.iter().map(|e| e.id.as_str()));
        for (i, e) in s.endings.iter().enumerate() {
            if nodes.contains_key(e.id.as_str()) {
                self.warn(
                    &path!["endings", i, "id"],
                    format!("`{}` is both a node id and an ending id", shown(&e.id)),
                    "give endings ids of their own to keep `Goto` and `End` readable",
                );
            }
        }
        if s.endings.is_empty() {
            self.err(
                &path!["endings"],
                "the scenario has no endings",
                "add at least one `Ending(id: …, kind: ResolvedSatisfied, …)`",
            );
        }
        let node_ids: Vec<&str> = s.nodes.iter().map(|n| n.id.as_str()).collect();
        let ending_ids: Vec<&str> = s.endings.iter().map(|e| e.id.as_str()).collect();
        if !nodes.contains_key(s.start.as_str()) {
            let hint = self.suggest(&s.start, &node_ids, "node");
            self.err(
                &path!["start"],
                format!("start node `{}` does not exist", shown(&s.start)),
                hint,
            );
        }
        for (i, r) in s.escalation.iter().enumerate() {
            if let Some(e) = &r.ending
                && !endings.contains_key(e.as_str())
            {
                let hint = self.suggest(e, &ending_ids, "ending");
                self.err(
                    &path!["escalation", i, "ending"],
                    format!("ending `{}` does not exist", shown(e)),
                    hint,
                );
            }
            if r.when.is_empty() {
                self.err(
                    &path!["escalation", i, "when"],
                    "an escalation rung with no conditions fires on the first reply",
                    "add conditions, e.g. `when: [Mood(0, 20)]`",
                );
            }
        }
        for (n, node) in s.nodes.iter().enumerate() {
            for (c, ch) in node.choices.iter().enumerate() {
                let mut bad = Vec::new();
                for t in walk::targets(&ch.next) {
                    match t {
                        Target::Node(id) if !nodes.contains_key(id) => {
                            bad.push((id.to_string(), true))
                        }
                        Target::Ending(id) if !endings.contains_key(id) => {
                            bad.push((id.to_string(), false))
                        }
                        _ => {}
                    }
                }
                for (id, is_node) in bad {
                    let (kind, ids) = if is_node {
                        ("node", &node_ids)
                    } else {
                        ("ending", &ending_ids)
                    };
                    let elsewhere = if is_node {
                        endings.contains_key(id.as_str())
                    } else {
                        nodes.contains_key(id.as_str())
                    };
                    let hint = if elsewhere {
                        let id = shown(&id);
                        format!(
                            "`{id}` is {}; use `{}(\"{id}\")`",
                            if is_node { "an ending" } else { "a node" },
                            if is_node { "End" } else { "Goto" }
                        )
                    } else {
                        self.suggest(&id, ids, kind)
                    };
                    self.err(
                        &path!["nodes", n, "choices", c, "next"],
                        format!("{kind} `{}` does not exist", shown(&id)),
                        hint,
                    );
                }
            }
        }
    }

    fn catalogue_names(&mut self) {
        let cat = self.cat;
        let techniques: Vec<&str> = cat.technique_ids().collect();
        let mistakes: Vec<&str> = cat.mistake_ids().collect();
        let legal: Vec<&str> = cat.legal_ids().collect();
        for (n, c, ch) in walk::choices(self.scn) {
            let lists: [(&str, &Vec<String>, &Vec<&str>, &str); 4] = [
                ("techniques", &ch.techniques, &techniques, "technique"),
                ("mistakes", &ch.mistakes, &mistakes, "mistake"),
                ("honours", &ch.honours, &legal, "legal point"),
                ("breaks", &ch.breaks, &legal, "legal point"),
            ];
            for (field, used, known, kind) in lists {
                for (i, id) in used.iter().enumerate() {
                    let found = match kind {
                        "technique" => cat.technique(id).is_some(),
                        "mistake" => cat.mistake(id).is_some(),
                        _ => cat.legal_point(id).is_some(),
                    };
                    if found {
                        continue;
                    }
                    let hint = if kind == "technique" && cat.mistake(id).is_some() {
                        format!("`{}` is a mistake: move it to `mistakes`", shown(id))
                    } else if kind == "mistake" && cat.technique(id).is_some() {
                        format!("`{}` is a technique: move it to `techniques`", shown(id))
                    } else {
                        self.suggest(id, known, kind)
                    };
                    self.err(
                        &path!["nodes", n, "choices", c, field, i],
                        format!("unknown {kind} `{}`", shown(id)),
                        hint,
                    );
                }
            }
            if ch.expectation.is_some() && self.scn.nodes[n].expectation.is_none() {
                self.warn(
                    &path!["nodes", n, "choices", c, "expectation"],
                    "this reply reads an expectation class, but the node declares none",
                    "set `expectation` on the node to the class the customer's demand really is",
                );
            }
        }
    }

    /// A hint naming the likely intended id, while the file's budget of suggestions lasts.
    fn suggest(&mut self, word: &str, known: &[&str], kind: &str) -> String {
        let guess = if self.suggestions_left > 0 {
            self.suggestions_left -= 1;
            did_you_mean(word, known.iter().copied())
        } else {
            None
        };
        match guess {
            Some(m) => format!("did you mean `{m}`?"),
            None if known.is_empty() => format!("no {kind} is defined"),
            None if known.len() <= 12 => format!(
                "known {kind}s: {}",
                known
                    .iter()
                    .map(|k| shown(k))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => format!("check the spelling; there are {} {kind}s", known.len()),
        }
    }

    /// Effects are bounded so that no sum of them can wrap around.
    fn effects(&mut self, path: &[Seg], effects: &Impact) {
        const MAX: i32 = Impact::MAX;
        for (field, v) in effects.fields() {
            if !(-MAX..=MAX).contains(&v) {
                let mut place = path.to_vec();
                place.push(Seg::from(field));
                self.err(
                    &place,
                    format!("effect `{field}: {v}` is out of range"),
                    format!("effects run from -{MAX} to {MAX}"),
                );
            }
        }
    }

    fn condition(&mut self, path: &[Seg], cond: &Condition) {
        if let Condition::Mood(lo, hi) | Condition::Trust(lo, hi) | Condition::Patience(lo, hi) =
            cond
            && !(0 <= *lo && lo <= hi && *hi <= 100)
        {
            self.err(
                path,
                format!("range {lo}..{hi} is not within 0..100 with min ≤ max"),
                "write e.g. `Mood(0, 30)` for mood 0 to 30 inclusive",
            );
        }
    }

    fn ranges(&mut self) {
        let s = self.scn;
        for (place, cond) in walk::conditions(s) {
            self.condition(&place, cond);
        }
        for (n, node) in s.nodes.iter().enumerate() {
            if node.lines.is_empty() {
                self.err(
                    &path!["nodes", n, "lines"],
                    format!("node `{}` has no customer lines", node.id),
                    "add at least one `(text: (zh: \"…\", en: \"…\"))`",
                );
            }
            for (l, line) in node.lines.iter().enumerate() {
                if line.weight == 0 {
                    self.err(
                        &path!["nodes", n, "lines", l, "weight"],
                        "a line's weight must be at least 1",
                        "remove the line instead of giving it weight 0",
                    );
                }
            }
            if !(2..=6).contains(&node.choices.len()) {
                self.err(&path!["nodes", n, "choices"],
                    format!(
                        "node `{}` offers {} replies; a decision offers 2 to 6",
                        node.id,
                        node.choices.len()
                    ),
                    "a decision with one option is not a decision: add alternatives, or fold it into the previous node",
                );
            }
            for (c, ch) in node.choices.iter().enumerate() {
                self.effects(&path!["nodes", n, "choices", c, "effects"], &ch.effects);
                for (k, p) in ch.promises.iter().enumerate() {
                    if p.within == 0 {
                        self.err(
                            &path!["nodes", n, "choices", c, "promises", k, "within"],
                            "a promise must allow at least 1 decision",
                            "set `within` to how many later decisions may pass before it is broken",
                        );
                    } else if p.within > crate::scenario::MAX_PROMISE_DECISIONS {
                        self.err(
                            &path!["nodes", n, "choices", c, "promises", k, "within"],
                            format!("`within: {}` is out of range", p.within),
                            format!(
                                "a promise runs 1 to {} decisions",
                                crate::scenario::MAX_PROMISE_DECISIONS
                            ),
                        );
                    }
                }
                let techniques: HashSet<_> = ch.techniques.iter().collect();
                if ch.mistakes.iter().any(|m| techniques.contains(m)) {
                    self.err(
                        &path!["nodes", n, "choices", c, "mistakes"],
                        "the same id is listed as a technique and a mistake",
                        "keep it in one list",
                    );
                }
            }
        }
    }

    fn memory_consistency(&mut self) {
        let s = self.scn;
        let mut set_flags = BTreeSet::new();
        let mut made = BTreeSet::new();
        let mut asked = BTreeSet::new();
        for (_, _, ch) in walk::choices(s) {
            set_flags.extend(ch.sets.iter().map(String::as_str));
            made.extend(ch.promises.iter().map(|p| p.id.as_str()));
            asked.extend(ch.asks.as_deref());
        }
        let flag_list: Vec<&str> = set_flags.iter().copied().collect();
        let promise_list: Vec<&str> = made.iter().copied().collect();
        for (place, cond) in walk::conditions(s) {
            match cond {
                Condition::Flag(f) | Condition::NotFlag(f) if !set_flags.contains(f.as_str()) => {
                    let hint = self.suggest(f, &flag_list, "flag");
                    self.warn(
                        &place,
                        format!("flag `{}` is never set by any reply", shown(f)),
                        hint,
                    );
                }
                Condition::Promised(p) | Condition::BrokePromise(p)
                    if !made.contains(p.as_str()) =>
                {
                    self.warn(
                        &place,
                        format!("promise `{}` is never made by any reply", shown(p)),
                        "add `promises: [(id: \"…\", within: 2)]` to the reply that makes it",
                    )
                }
                Condition::Asked(q) if !asked.contains(q.as_str()) => self.warn(
                    &place,
                    format!("question `{}` is never asked by any reply", shown(q)),
                    "add `asks: \"…\"` to the reply that asks it",
                ),
                _ => {}
            }
        }
        for (n, c, ch) in walk::choices(s) {
            for (k, p) in ch.keeps.iter().chain(&ch.reneges).enumerate() {
                if !made.contains(p.as_str()) {
                    let field = if k < ch.keeps.len() {
                        "keeps"
                    } else {
                        "reneges"
                    };
                    let hint = self.suggest(p, &promise_list, "promise");
                    self.warn(
                        &path!["nodes", n, "choices", c, field],
                        format!("promise `{}` is never made by any reply", shown(p)),
                        hint,
                    );
                }
            }
        }
    }

    /// Static reachability, ignoring conditions: nodes no reply leads to, and nodes from which
    /// no ending can be reached at all.
    fn graph(&mut self) {
        let s = self.scn;
        let index: HashMap<&str, usize> = s
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); s.nodes.len()];
        let mut ends = vec![false; s.nodes.len()];
        for (i, node) in s.nodes.iter().enumerate() {
            for ch in &node.choices {
                for t in walk::targets(&ch.next) {
                    match t {
                        Target::Node(id) => {
                            if let Some(&j) = index.get(id) {
                                edges[i].push(j);
                            }
                        }
                        Target::Ending(_) => ends[i] = true,
                    }
                }
            }
        }
        // Escalation rungs that end the session can end it from any node.
        let rung_ends = s.escalation.iter().any(|r| r.ending.is_some());
        let Some(&start) = index.get(s.start.as_str()) else {
            return;
        };
        let mut reached = vec![false; s.nodes.len()];
        let mut stack = vec![start];
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut reached[i], true) {
                continue;
            }
            stack.extend(edges[i].iter().copied());
        }
        // Nodes that can finish: the ones that end, and back along every edge from them.
        let mut into: Vec<Vec<usize>> = vec![Vec::new(); s.nodes.len()];
        for (i, out) in edges.iter().enumerate() {
            for &j in out {
                into[j].push(i);
            }
        }
        let mut finishes = ends.clone();
        let mut stack: Vec<usize> = (0..s.nodes.len()).filter(|&i| ends[i]).collect();
        while let Some(j) = stack.pop() {
            for &i in &into[j] {
                if !std::mem::replace(&mut finishes[i], true) {
                    stack.push(i);
                }
            }
        }
        for (i, node) in s.nodes.iter().enumerate() {
            if !reached[i] {
                self.warn(
                    &path!["nodes", i, "id"],
                    format!(
                        "node `{}` is unreachable: no reply leads to it",
                        shown(&node.id)
                    ),
                    "point a reply's `next` at it with `Goto(\"…\")`, or remove it",
                );
            } else if !finishes[i] && !rung_ends {
                self.err(
                    &path!["nodes", i, "id"],
                    format!("node `{}` has no route to any ending", shown(&node.id)),
                    "make at least one reply from here (or later) lead to `End(\"…\")`",
                );
            }
        }
    }
}
