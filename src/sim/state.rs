//! The customer's state: where the conversation is, mood, trust, patience, the rung of the
//! escalation ladder, and what the customer remembers.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::scenario::{Condition, Level};

/// Where the conversation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum At {
    /// At a node, by index into `Scenario::nodes`.
    Node(usize),
    /// Over, at an ending, by index into `Scenario::endings`.
    Ended(usize),
}

/// Everything about the customer that can change. Two equal states behave identically from
/// here on, which is what lets the analysis memoise on it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CustomerState {
    /// Where the conversation is.
    pub at: At,
    /// 0 (furious) to 100 (delighted).
    pub mood: i32,
    /// 0 to 100.
    pub trust: i32,
    /// 0 to 100.
    pub patience: i32,
    /// Current rung of the escalation ladder.
    pub level: Level,
    /// Flags set by replies.
    pub flags: BTreeSet<String>,
    /// Questions asked so far.
    pub asked: BTreeSet<String>,
    /// Promises made and not yet kept: id → decisions left.
    pub open_promises: BTreeMap<String, u32>,
    /// Promises broken.
    pub broken: BTreeSet<String>,
    /// Whether the customer was cut off while venting.
    pub interrupted: bool,
}

impl CustomerState {
    /// Whether one condition holds.
    pub fn holds(&self, c: &Condition) -> bool {
        let within = |v: i32, lo: i32, hi: i32| lo <= v && v <= hi;
        match c {
            Condition::Flag(f) => self.flags.contains(f),
            Condition::NotFlag(f) => !self.flags.contains(f),
            Condition::Mood(lo, hi) => within(self.mood, *lo, *hi),
            Condition::Trust(lo, hi) => within(self.trust, *lo, *hi),
            Condition::Patience(lo, hi) => within(self.patience, *lo, *hi),
            Condition::EscalatedTo(level) => self.level >= *level,
            Condition::Asked(q) => self.asked.contains(q),
            Condition::Promised(p) => self.open_promises.contains_key(p),
            Condition::BrokePromise(p) => self.broken.contains(p),
            Condition::Interrupted => self.interrupted,
            Condition::Not(inner) => !self.holds(inner),
        }
    }

    /// Whether all of `conditions` hold.
    pub fn all(&self, conditions: &[Condition]) -> bool {
        conditions.iter().all(|c| self.holds(c))
    }

    /// Whether the session is over.
    pub fn is_over(&self) -> bool {
        matches!(self.at, At::Ended(_))
    }
}
