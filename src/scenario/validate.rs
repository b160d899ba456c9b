//! Checks a parsed scenario against the catalogue and against itself: ids, references,
//! ranges, text in both languages, claim data, reachability, and — once the file is sound —
//! the exhaustive analysis (dead ends, endings never reached, replies that do nothing).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use super::diagnostic::{Diagnostic, Severity, did_you_mean};
use super::load::Locator;
use super::model::*;
use super::syntax::Seg;
use crate::path;
use crate::rubric::{Catalogue, Rubric};
use crate::sim::Engine;

struct Checker<'a> {
    scn: &'a Scenario,
    cat: &'a Catalogue,
    loc: &'a Locator<'a>,
    out: Vec<Diagnostic>,
}

/// Every problem in `scn`, errors and warnings, in file order.
pub fn validate(scn: &Scenario, cat: &Catalogue, loc: &Locator) -> Vec<Diagnostic> {
    let mut c = Checker {
        scn,
        cat,
        loc,
        out: Vec::new(),
    };
    c.metadata();
    c.customer();
    c.texts();
    c.ids_and_references();
    c.catalogue_names();
    c.ranges();
    c.memory_consistency();
    c.graph();
    if !c.out.iter().any(Diagnostic::is_error) {
        c.analysis();
    }
    let mut out = c.out;
    out.sort_by_key(|d| (d.line, d.column, d.severity));
    out.dedup();
    out
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
                format!("scenario id `{}` is not a valid id", s.id),
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
        let s = self.scn;
        self.text(&path!["title"], &s.title, "the title");
        self.text(&path!["summary"], &s.summary, "the summary");
        for (i, t) in s.objectives.iter().enumerate() {
            self.text(&path!["objectives", i], t, "an objective");
        }
        self.text(
            &path!["customer", "name"],
            &s.customer.name,
            "the customer's name",
        );
        if let Some(p) = &s.customer.profile {
            self.text(&path!["customer", "profile"], p, "the customer profile");
        }
        let b = &s.briefing;
        self.text(
            &path!["briefing", "situation"],
            &b.situation,
            "the briefing's situation",
        );
        self.text(
            &path!["briefing", "known"],
            &b.known,
            "the briefing's `known`",
        );
        self.text(
            &path!["briefing", "policy"],
            &b.policy,
            "the briefing's policy",
        );
        for (i, t) in b.remedies.iter().enumerate() {
            self.text(&path!["briefing", "remedies", i], t, "a remedy");
        }
        for (i, t) in b.legal_notes.iter().enumerate() {
            self.text(&path!["briefing", "legal_notes", i], t, "a legal note");
        }
        for (i, r) in s.escalation.iter().enumerate() {
            if let Some(t) = &r.line {
                self.text(&path!["escalation", i, "line"], t, "an escalation line");
            }
        }
        for (n, node) in s.nodes.iter().enumerate() {
            if let Some(t) = &node.narration {
                self.text(&path!["nodes", n, "narration"], t, "a narration");
            }
            for (l, line) in node.lines.iter().enumerate() {
                self.text(
                    &path!["nodes", n, "lines", l, "text"],
                    &line.text,
                    "a customer line",
                );
            }
            for (c, ch) in node.choices.iter().enumerate() {
                self.text(
                    &path!["nodes", n, "choices", c, "text"],
                    &ch.text,
                    "a reply",
                );
                if let Some(t) = &ch.reply {
                    self.text(
                        &path!["nodes", n, "choices", c, "reply"],
                        t,
                        "a customer reply",
                    );
                }
                if let Some(t) = &ch.feedback {
                    self.text(&path!["nodes", n, "choices", c, "feedback"], t, "feedback");
                }
            }
        }
        for (e, end) in s.endings.iter().enumerate() {
            self.text(&path!["endings", e, "title"], &end.title, "an ending title");
            self.text(&path!["endings", e, "text"], &end.text, "an ending text");
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
                    format!("{kind} id `{id}` is not a valid id"),
                    "use lowercase letters, digits, `-` and `_`",
                );
            }
            if let Some(&first) = index.get(id) {
                let (line, _) = self.loc.at(&path![list, first, "id"]);
                self.err(
                    &path![list, i, "id"],
                    format!("duplicate {kind} id `{id}`"),
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
                    format!("`{}` is both a node id and an ending id", e.id),
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
            self.err(
                &path!["start"],
                format!("start node `{}` does not exist", s.start),
                suggest(&s.start, &node_ids, "node"),
            );
        }
        for (i, r) in s.escalation.iter().enumerate() {
            if let Some(e) = &r.ending
                && !endings.contains_key(e.as_str())
            {
                self.err(
                    &path!["escalation", i, "ending"],
                    format!("ending `{e}` does not exist"),
                    suggest(e, &ending_ids, "ending"),
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
                targets(&ch.next, &mut |t| match t {
                    Target::Node(id) if !nodes.contains_key(id) => bad.push((id.to_string(), true)),
                    Target::Ending(id) if !endings.contains_key(id) => {
                        bad.push((id.to_string(), false))
                    }
                    _ => {}
                });
                for (id, is_node) in bad {
                    let (kind, ids, other) = if is_node {
                        ("node", &node_ids, &ending_ids)
                    } else {
                        ("ending", &ending_ids, &node_ids)
                    };
                    let hint = if other.contains(&id.as_str()) {
                        format!(
                            "`{id}` is {}; use `{}(\"{id}\")`",
                            if is_node { "an ending" } else { "a node" },
                            if is_node { "End" } else { "Goto" }
                        )
                    } else {
                        suggest(&id, ids, kind)
                    };
                    self.err(
                        &path!["nodes", n, "choices", c, "next"],
                        format!("{kind} `{id}` does not exist"),
                        hint,
                    );
                }
            }
        }
    }

    fn catalogue_names(&mut self) {
        let cat = self.cat;
        let techniques: Vec<&str> = cat.techniques.iter().map(|m| m.id.as_str()).collect();
        let mistakes: Vec<&str> = cat.mistakes.iter().map(|m| m.id.as_str()).collect();
        let legal: Vec<&str> = cat.legal.iter().map(|m| m.id.as_str()).collect();
        for (n, node) in self.scn.nodes.iter().enumerate() {
            for (c, ch) in node.choices.iter().enumerate() {
                let lists: [(&str, &Vec<String>, &Vec<&str>, &str); 4] = [
                    ("techniques", &ch.techniques, &techniques, "technique"),
                    ("mistakes", &ch.mistakes, &mistakes, "mistake"),
                    ("honours", &ch.honours, &legal, "legal point"),
                    ("breaks", &ch.breaks, &legal, "legal point"),
                ];
                for (field, used, known, kind) in lists {
                    for (i, id) in used.iter().enumerate() {
                        if known.contains(&id.as_str()) {
                            continue;
                        }
                        let hint = if kind == "technique" && mistakes.contains(&id.as_str()) {
                            format!("`{id}` is a mistake: move it to `mistakes`")
                        } else if kind == "mistake" && techniques.contains(&id.as_str()) {
                            format!("`{id}` is a technique: move it to `techniques`")
                        } else {
                            suggest(id, known, kind)
                        };
                        self.err(
                            &path!["nodes", n, "choices", c, field, i],
                            format!("unknown {kind} `{id}`"),
                            hint,
                        );
                    }
                }
                if ch.expectation.is_some() && node.expectation.is_none() {
                    self.warn(&path!["nodes", n, "choices", c, "expectation"],
                        "this reply reads an expectation class, but the node declares none",
                        "set `expectation` on the node to the class the customer's demand really is",
                    );
                }
            }
        }
    }

    fn condition(&mut self, path: &[Seg], cond: &Condition) {
        if let Condition::Not(inner) = cond {
            return self.condition(path, inner);
        }
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
        for (i, r) in s.escalation.iter().enumerate() {
            for (k, cond) in r.when.iter().enumerate() {
                self.condition(&path!["escalation", i, "when", k], cond);
            }
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
                for (k, cond) in line.when.iter().enumerate() {
                    self.condition(&path!["nodes", n, "lines", l, "when", k], cond);
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
                for (k, cond) in ch.when.iter().enumerate() {
                    self.condition(&path!["nodes", n, "choices", c, "when", k], cond);
                }
                for (k, p) in ch.promises.iter().enumerate() {
                    if p.within == 0 {
                        self.err(
                            &path!["nodes", n, "choices", c, "promises", k, "within"],
                            "a promise must allow at least 1 decision",
                            "set `within` to how many later decisions may pass before it is broken",
                        );
                    }
                }
                let mut routes = Vec::new();
                conditions_in(&ch.next, &mut routes);
                for cond in routes {
                    self.condition(&path!["nodes", n, "choices", c, "next"], cond);
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
        for node in &s.nodes {
            for ch in &node.choices {
                set_flags.extend(ch.sets.iter().cloned());
                made.extend(ch.promises.iter().map(|p| p.id.clone()));
                asked.extend(ch.asks.iter().cloned());
            }
        }
        fn unwrap(c: &Condition) -> &Condition {
            match c {
                Condition::Not(inner) => unwrap(inner),
                other => other,
            }
        }
        let check = |this: &mut Self, path: &[Seg], cond: &Condition| match unwrap(cond) {
            Condition::Flag(f) | Condition::NotFlag(f) if !set_flags.contains(f) => this.warn(
                path,
                format!("flag `{f}` is never set by any reply"),
                suggest(
                    f,
                    &set_flags.iter().map(String::as_str).collect::<Vec<_>>(),
                    "flag",
                ),
            ),
            Condition::Promised(p) | Condition::BrokePromise(p) if !made.contains(p) => this.warn(
                path,
                format!("promise `{p}` is never made by any reply"),
                "add `promises: [(id: \"…\", within: 2)]` to the reply that makes it",
            ),
            Condition::Asked(q) if !asked.contains(q) => this.warn(
                path,
                format!("question `{q}` is never asked by any reply"),
                "add `asks: \"…\"` to the reply that asks it",
            ),
            _ => {}
        };
        for (i, r) in s.escalation.iter().enumerate() {
            for (k, cond) in r.when.iter().enumerate() {
                check(self, &path!["escalation", i, "when", k], cond);
            }
        }
        for (n, node) in s.nodes.iter().enumerate() {
            for (l, line) in node.lines.iter().enumerate() {
                for (k, cond) in line.when.iter().enumerate() {
                    check(self, &path!["nodes", n, "lines", l, "when", k], cond);
                }
            }
            for (c, ch) in node.choices.iter().enumerate() {
                for (k, cond) in ch.when.iter().enumerate() {
                    check(self, &path!["nodes", n, "choices", c, "when", k], cond);
                }
                let mut routes = Vec::new();
                conditions_in(&ch.next, &mut routes);
                for cond in routes {
                    check(self, &path!["nodes", n, "choices", c, "next"], cond);
                }
                for (k, p) in ch.keeps.iter().chain(&ch.reneges).enumerate() {
                    if !made.contains(p) {
                        let field = if k < ch.keeps.len() {
                            "keeps"
                        } else {
                            "reneges"
                        };
                        self.warn(
                            &path!["nodes", n, "choices", c, field],
                            format!("promise `{p}` is never made by any reply"),
                            suggest(
                                p,
                                &made.iter().map(String::as_str).collect::<Vec<_>>(),
                                "promise",
                            ),
                        );
                    }
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
                targets(&ch.next, &mut |t| match t {
                    Target::Node(id) => {
                        if let Some(&j) = index.get(id) {
                            edges[i].push(j);
                        }
                    }
                    Target::Ending(_) => ends[i] = true,
                });
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
        let mut finishes = ends.clone();
        loop {
            let mut grew = false;
            for i in 0..s.nodes.len() {
                if !finishes[i] && edges[i].iter().any(|&j| finishes[j]) {
                    finishes[i] = true;
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        for (i, node) in s.nodes.iter().enumerate() {
            if !reached[i] {
                self.warn(
                    &path!["nodes", i, "id"],
                    format!("node `{}` is unreachable: no reply leads to it", node.id),
                    "point a reply's `next` at it with `Goto(\"…\")`, or remove it",
                );
            } else if !finishes[i] && !rung_ends {
                self.err(
                    &path!["nodes", i, "id"],
                    format!("node `{}` has no route to any ending", node.id),
                    "make at least one reply from here (or later) lead to `End(\"…\")`",
                );
            }
        }
    }

    fn analysis(&mut self) {
        let Ok(engine) = Engine::new(Arc::new(self.scn.clone()), Arc::new(self.cat.clone())) else {
            return;
        };
        let a = engine.analysis();
        let scn = self.scn;
        let node_index = |id: &str| scn.nodes.iter().position(|n| n.id == id).unwrap_or(0);
        let node_path = |id: &str| path!["nodes", node_index(id), "id"].to_vec();
        if a.truncated {
            self.warn(
                &path!["nodes"],
                format!("the analysis stopped after {} states", a.states),
                "the scenario's state space is very large; results below are partial",
            );
        }
        for d in a.dead_ends.clone() {
            self.err(
                &node_path(&d.node),
                format!(
                    "dead end at node `{}`: with mood {}, trust {}, patience {} no reply is offered",
                    d.node, d.mood, d.trust, d.patience
                ),
                "add a reply without `when` conditions, or widen the conditions",
            );
        }
        for n in a.loops.clone() {
            self.warn(
                &node_path(&n),
                format!("a route comes back to node `{n}` with the customer unchanged: it can loop forever"),
                "make the loop cost something (patience, a flag) so it ends",
            );
        }
        for n in a.no_line_fits.clone() {
            self.warn(
                &node_path(&n),
                format!("at node `{n}` the customer can arrive in a state where no line's conditions hold"),
                "add a line without `when`; until then the first line is used",
            );
        }
        for e in a.unreached_endings.clone() {
            let i = self.scn.endings.iter().position(|x| x.id == e).unwrap_or(0);
            self.warn(
                &path!["endings", i, "id"],
                format!("ending `{e}` is never reached by any route"),
                "lead a reply or an escalation rung to it, or remove it",
            );
        }
        for r in a.never_offered.clone() {
            let n = node_index(&r.node);
            self.warn(
                &path!["nodes", n, "choices", r.choice - 1],
                format!(
                    "reply {} of node `{}` is never offered: its conditions never hold",
                    r.choice, r.node
                ),
                "check its `when` conditions against the routes into this node",
            );
        }
        for r in a.inert.clone() {
            let n = node_index(&r.node);
            self.warn(
                &path!["nodes", n, "choices", r.choice - 1],
                format!("reply {} of node `{}` changes nothing", r.choice, r.node),
                "tag it with techniques or mistakes, give it effects, or lead it elsewhere",
            );
        }
        for r in Rubric::ALL {
            if a.par[r.index()] <= 0 && !a.truncated && a.dead_ends.is_empty() {
                self.warn(
                    &path!["nodes"],
                    format!("no route earns any points on the {} rubric", r.key()),
                    "tag replies with techniques or legal points that score on it",
                );
            }
        }
    }
}

enum Target<'a> {
    Node(&'a str),
    Ending(&'a str),
}

fn targets<'a>(next: &'a Next, f: &mut dyn FnMut(Target<'a>)) {
    match next {
        Next::Goto(n) => f(Target::Node(n)),
        Next::End(e) => f(Target::Ending(e)),
        Next::Branch { routes, otherwise } => {
            for r in routes {
                targets(&r.to, f);
            }
            targets(otherwise, f);
        }
    }
}

fn conditions_in<'a>(next: &'a Next, out: &mut Vec<&'a Condition>) {
    if let Next::Branch { routes, otherwise } = next {
        for r in routes {
            out.extend(r.when.iter());
            conditions_in(&r.to, out);
        }
        conditions_in(otherwise, out);
    }
}

fn suggest(word: &str, known: &[&str], kind: &str) -> String {
    match did_you_mean(word, known.iter().copied()) {
        Some(m) => format!("did you mean `{m}`?"),
        None if known.is_empty() => format!("no {kind} is defined"),
        None if known.len() <= 12 => format!("known {kind}s: {}", known.join(", ")),
        None => format!("check the spelling; there are {} {kind}s", known.len()),
    }
}
