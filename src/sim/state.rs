//! The customer's state: where the conversation is, mood, trust, patience, the rung of the
//! escalation ladder, and what the customer remembers — compact, so that the analysis can
//! hold hundreds of thousands of them. Flags, questions and promises are small integers
//! assigned when the engine is built ([`super::engine::Engine`] knows their names); the
//! memory is one short array of bits and counters.

use serde::Serialize;

use crate::course::{Level, Stage};

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
    pub mood: u8,
    /// 0 to 100.
    pub trust: u8,
    /// 0 to 100.
    pub patience: u8,
    /// Current rung of the escalation ladder.
    pub level: Level,
    /// Whether the customer was cut off while venting.
    pub interrupted: bool,
    /// The public-opinion heat, 0–100 (0 throughout in a scenario without a meter).
    pub heat: u8,
    /// The highest heat so far: a story declines once it has cooled from its highest.
    pub top_heat: u8,
    /// The public-opinion stage now.
    pub stage: Stage,
    /// Every stage reached so far, as [`Stage::bit`]s.
    pub reached: u8,
    /// Flags set, questions asked, promises broken (bits) and promises open (decisions left).
    #[serde(skip)]
    pub(super) memory: Memory,
}

impl CustomerState {
    /// Whether the session is over.
    pub fn is_over(&self) -> bool {
        matches!(self.at, At::Ended(_))
    }

    /// Whether the story has been at `stage` at some point.
    pub fn has_reached(&self, stage: Stage) -> bool {
        self.reached & stage.bit() != 0
    }

    /// The stages reached so far, in course order.
    pub fn stages_reached(&self) -> Vec<Stage> {
        Stage::ALL
            .iter()
            .copied()
            .filter(|s| self.has_reached(*s))
            .collect()
    }
}

/// Where each kind of memory lives in [`Memory`]'s words: one bit per flag, question and
/// broken promise, then one byte per promise for the decisions it has left (0 = not open).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Layout {
    flags: usize,
    questions: usize,
    promises: usize,
}

impl Layout {
    pub(super) fn new(flags: usize, questions: usize, promises: usize) -> Layout {
        Layout {
            flags,
            questions,
            promises,
        }
    }

    fn bit_words(n: usize) -> usize {
        n.div_ceil(64)
    }

    fn asked_base(&self) -> usize {
        Layout::bit_words(self.flags) * 64
    }

    fn broken_base(&self) -> usize {
        self.asked_base() + Layout::bit_words(self.questions) * 64
    }

    fn counters_word(&self) -> usize {
        (self.broken_base() + Layout::bit_words(self.promises) * 64) / 64
    }

    /// Words a memory takes.
    pub(super) fn words(&self) -> usize {
        self.counters_word() + self.promises.div_ceil(8)
    }

    /// An empty memory.
    pub(super) fn empty(&self) -> Memory {
        Memory(vec![0; self.words()].into_boxed_slice())
    }
}

/// The customer's memory as bits and byte counters (see [`Layout`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(super) struct Memory(Box<[u64]>);

impl Memory {
    fn bit(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
    }

    fn set_bit(&mut self, i: usize, on: bool) {
        if let Some(w) = self.0.get_mut(i / 64) {
            if on {
                *w |= 1 << (i % 64);
            } else {
                *w &= !(1 << (i % 64));
            }
        }
    }

    pub(super) fn flag(&self, _: &Layout, f: usize) -> bool {
        self.bit(f)
    }

    pub(super) fn set_flag(&mut self, _: &Layout, f: usize, on: bool) {
        self.set_bit(f, on);
    }

    pub(super) fn asked(&self, l: &Layout, q: usize) -> bool {
        self.bit(l.asked_base() + q)
    }

    /// Marks question `q` asked; whether it had been asked before.
    pub(super) fn ask(&mut self, l: &Layout, q: usize) -> bool {
        let before = self.asked(l, q);
        self.set_bit(l.asked_base() + q, true);
        before
    }

    pub(super) fn broken(&self, l: &Layout, p: usize) -> bool {
        self.bit(l.broken_base() + p)
    }

    pub(super) fn set_broken(&mut self, l: &Layout, p: usize) {
        self.set_bit(l.broken_base() + p, true);
    }

    /// Decisions left on promise `p` (0 when it is not open).
    pub(super) fn left(&self, l: &Layout, p: usize) -> u8 {
        let word = l.counters_word() + p / 8;
        self.0
            .get(word)
            .map_or(0, |w| (w >> ((p % 8) * 8) & 0xFF) as u8)
    }

    pub(super) fn set_left(&mut self, l: &Layout, p: usize, left: u8) {
        let word = l.counters_word() + p / 8;
        if let Some(w) = self.0.get_mut(word) {
            let shift = (p % 8) * 8;
            *w = (*w & !(0xFF << shift)) | (u64::from(left) << shift);
        }
    }
}
