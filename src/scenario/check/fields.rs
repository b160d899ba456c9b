//! Metadata, the customer, ranges of numbers and conditions, and text in both languages:
//! every value checked where it stands.

use super::*;

impl Checker<'_> {
    pub(super) fn metadata(&mut self) {
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

    /// A money claim: figures that make sense, and a high claim exactly when it is above what
    /// the course (2× the direct loss) or the law it names (statutory damages) allows.
    fn claim(&mut self, claim: &crate::scenario::Claim, high: bool) {
        let cat = self.cat;
        if let Some(id) = &claim.statutory
            && cat.statutory_rule(id).is_none()
        {
            let known: Vec<&str> = cat.statutory.iter().map(|r| r.id.as_str()).collect();
            let hint = self.suggest(id, &known, "statutory rule");
            self.err(
                &path!["customer", "claim", "statutory"],
                format!(
                    "`{}` is not a statutory-damages rule of the catalogue",
                    shown(id)
                ),
                hint,
            );
            return;
        }
        if claim.price.is_some() && claim.statutory.is_none() {
            self.warn(
                &path!["customer", "claim", "price"],
                "`price` only counts for a claim on statutory damages",
                "add `statutory: \"…\"` naming the law, or remove `price`",
            );
        }
        let ceiling = claim.ceiling(cat);
        let yardstick = match claim.rule(cat) {
            Some(r) => format!("{ceiling} (the loss plus the damages {} awards)", r.law.en),
            None => format!("{ceiling} (twice the direct loss of {})", claim.direct_loss),
        };
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
        } else if high && !claim.is_unreasonable(cat) {
            let hint = if claim.statutory.is_some() {
                "a claim the law allows is not a high-compensation claim: drop HighCompensationClaim, \
                 or raise `demanded` above what the law awards"
            } else {
                "raise `demanded` above twice `direct_loss`, drop the HighCompensationClaim archetype, \
                 or, if a law awards more (e.g. 10× for unsafe food), name it with `statutory`"
            };
            self.warn(
                &path!["customer", "claim", "demanded"],
                format!(
                    "the claim ({}) is within {yardstick}, so the course treats it as reasonable",
                    claim.demanded
                ),
                hint,
            );
        } else if !high && claim.is_unreasonable(cat) {
            self.warn(
                &path!["customer", "claim", "demanded"],
                format!(
                    "the claim ({}) is over {yardstick}, but the customer is not tagged HighCompensationClaim",
                    claim.demanded
                ),
                "add HighCompensationClaim to `archetypes`",
            );
        }
    }

    pub(super) fn customer(&mut self) {
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
            Some(claim) => self.claim(claim, high),
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

    pub(super) fn text(&mut self, path: &[Seg], t: &Text, what: &str) {
        if let Some(todo) = crate::scenario::scaffold::placeholder(t) {
            let todo_in = |s: &str| {
                s.trim_start()
                    .starts_with(crate::scenario::scaffold::PLACEHOLDER)
            };
            // One language written, the other still to translate (an import).
            let hint = match (todo_in(&t.zh), todo_in(&t.en)) {
                (true, false) => format!("write the Chinese (zh) of “{}”", shown(&t.en)),
                (false, true) => format!("write the English (en) of “{}”", shown(&t.zh)),
                _ if todo.is_empty() => {
                    "replace the TODO with the words the trainee will read".to_string()
                }
                _ => format!("write {todo}, in both languages"),
            };
            self.warn(path, format!("{what} is still a placeholder"), hint);
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

    /// The cast: valid, distinct ids; every line's speaker one of them; each member speaks.
    pub(super) fn cast(&mut self) {
        let s = self.scn;
        let mut seen = HashSet::new();
        for (i, m) in s.cast.iter().enumerate() {
            if !id_ok(&m.id) {
                self.err(
                    &path!["cast", i, "id"],
                    format!("cast id `{}` is not a valid id", shown(&m.id)),
                    "use lowercase letters, digits, `-` and `_`, e.g. \"spouse\"",
                );
            } else if !seen.insert(m.id.as_str()) {
                self.err(
                    &path!["cast", i, "id"],
                    format!("cast id `{}` is used twice", shown(&m.id)),
                    "give each person on the customer's side their own id",
                );
            }
        }
        let ids: Vec<&str> = s.cast.iter().map(|m| m.id.as_str()).collect();
        let mut speaks = HashSet::new();
        for (n, node) in s.nodes.iter().enumerate() {
            for (l, line) in node.lines.iter().enumerate() {
                let Some(who) = &line.speaker else { continue };
                if ids.contains(&who.as_str()) {
                    speaks.insert(who.as_str());
                } else {
                    let hint = self.suggest(who, &ids, "cast member");
                    self.err(
                        &path!["nodes", n, "lines", l, "speaker"],
                        format!("`{}` is not in the cast", shown(who)),
                        format!(
                            "{hint}; add them to `cast`, or leave `speaker` out for the customer"
                        ),
                    );
                }
            }
        }
        let mut addressed = HashSet::new();
        for (n, node) in s.nodes.iter().enumerate() {
            for (c, choice) in node.choices.iter().enumerate() {
                let Some(to) = &choice.to else { continue };
                if ids.contains(&to.as_str()) {
                    addressed.insert(to.as_str());
                    // The reply's own answer is theirs.
                    if choice.reply.is_some() {
                        speaks.insert(to.as_str());
                    }
                } else {
                    let hint = self.suggest(to, &ids, "cast member");
                    self.err(
                        &path!["nodes", n, "choices", c, "to"],
                        format!(
                            "a reply is addressed to `{}`, who is not in the cast",
                            shown(to)
                        ),
                        format!("{hint}; add them to `cast`, or leave `to` out for the customer"),
                    );
                }
            }
        }
        for (i, m) in s.cast.iter().enumerate() {
            if id_ok(&m.id) && m.has_profile() && !addressed.contains(m.id.as_str()) {
                self.warn(
                    &path!["cast", i, "id"],
                    format!(
                        "cast member `{}` has a profile of their own, but no reply is addressed to them",
                        shown(&m.id)
                    ),
                    format!(
                        "a profile (`disc`, `need`, `archetypes`) only scores replies with `to: \"{}\"`: address one to them, or leave the profile out",
                        shown(&m.id)
                    ),
                );
            }
        }
        for (i, m) in s.cast.iter().enumerate() {
            if id_ok(&m.id) && !speaks.contains(m.id.as_str()) {
                self.warn(
                    &path!["cast", i, "id"],
                    format!("cast member `{}` never speaks", shown(&m.id)),
                    format!(
                        "give a line `speaker: \"{}\"` (or address a reply with an answer to them), or leave them out",
                        shown(&m.id)
                    ),
                );
            }
        }
    }

    pub(super) fn texts(&mut self) {
        for (place, t, what) in walk::texts(self.scn) {
            self.text(&place, t, what);
        }
    }

    /// Effects are bounded so that no sum of them can wrap around.
    pub(super) fn effects(&mut self, path: &[Seg], effects: &Impact) {
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

    pub(super) fn condition(&mut self, path: &[Seg], cond: &Condition) {
        let mut bare = cond;
        while let Condition::Not(inner) = bare {
            bare = inner;
        }
        if self.scn.opinion.is_none()
            && matches!(
                bare,
                Condition::Heat(..) | Condition::Stage(_) | Condition::Reached(_)
            )
        {
            self.err(
                path,
                "this condition tests the public-opinion meter, and the scenario has none",
                "add `opinion: (heat: 20, spread: 5)` to the scenario, or test mood, trust or patience instead",
            );
        }
        if let Condition::Mood(lo, hi)
        | Condition::Trust(lo, hi)
        | Condition::Patience(lo, hi)
        | Condition::Heat(lo, hi) = bare
            && !(0 <= *lo && lo <= hi && *hi <= 100)
        {
            self.err(
                path,
                format!("range {lo}..{hi} is not within 0..100 with min ≤ max"),
                "write e.g. `Mood(0, 30)` for mood 0 to 30 inclusive",
            );
        }
    }

    pub(super) fn ranges(&mut self) {
        let s = self.scn;
        for (place, cond) in walk::conditions(s) {
            self.condition(&place, cond);
        }
        if let Some(o) = &s.opinion {
            if !(0..=100).contains(&o.heat) {
                self.err(
                    &path!["opinion", "heat"],
                    format!("starting heat {} is out of range", o.heat),
                    "heat runs from 0 (nobody is talking about it) to 100 (trending nationwide)",
                );
            }
            if !(0..=Impact::MAX).contains(&o.spread) {
                self.err(
                    &path!["opinion", "spread"],
                    format!("spread {} is out of range", o.spread),
                    format!(
                        "spread is the heat a story gains each decision by itself, 0 to {}",
                        Impact::MAX
                    ),
                );
            }
        }
        for (n, node) in s.nodes.iter().enumerate() {
            if node.lines.is_empty() {
                self.err(
                    &path!["nodes", n, "lines"],
                    format!("node `{}` has no customer lines", shown(&node.id)),
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
                        shown(&node.id),
                        node.choices.len()
                    ),
                    "a decision with one option is not a decision: add alternatives, or fold it into the previous node",
                );
            }
            for (c, ch) in node.choices.iter().enumerate() {
                self.effects(&path!["nodes", n, "choices", c, "effects"], &ch.effects);
                if ch.effects.heat != 0 && s.opinion.is_none() {
                    self.warn(
                        &path!["nodes", n, "choices", c, "effects", "heat"],
                        "this reply changes the public-opinion heat, and the scenario has no meter",
                        "add `opinion: (heat: 20, spread: 5)` to the scenario, or leave `heat` out",
                    );
                }
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
}
