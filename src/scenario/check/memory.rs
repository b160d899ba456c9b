//! What the customer's memory can recall: every flag, promise and question a condition
//! reads must be set, made or asked by some reply.

use super::*;

impl Checker<'_> {
    pub(super) fn memory_consistency(&mut self) {
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
                    let (field, i) = if k < ch.keeps.len() {
                        ("keeps", k)
                    } else {
                        ("reneges", k - ch.keeps.len())
                    };
                    let hint = self.suggest(p, &promise_list, "promise");
                    self.warn(
                        &path!["nodes", n, "choices", c, field, i],
                        format!("promise `{}` is never made by any reply", shown(p)),
                        hint,
                    );
                }
            }
        }
    }
}
