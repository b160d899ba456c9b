//! The rubric catalogue and scoring: the three rubrics (情 empathy, 理 expectation
//! management, 法 legal rights) with their bands, and every technique, mistake, legal point
//! and expectation class with its effect — on each rubric and on the customer — and how that
//! effect changes with the customer's DISC type and need.
//!
//! All course knowledge is data in `scenarios/catalogue.ron`; this module only reads it and
//! adds it up. It never decides where a conversation goes (that is `crate::sim`).

pub mod assess;
mod catalogue;
pub mod check;

pub use assess::{Assessment, Note, NoteKind, assess};
pub use catalogue::{
    Adjust, Band, Catalogue, ExpectationDef, Glossary, LegalPoint, MemoryRules, Move, Reaction,
    RubricDef, Trend,
};

use serde::{Deserialize, Serialize};

/// The three rubrics a trainee is scored on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rubric {
    /// 情: handle the feeling first, then the matter.
    Empathy,
    /// 理: find the real need, classify the expectation, promise only what can be kept.
    Expectation,
    /// 法: respect statutory rights, protect lawful interests, use lawful channels.
    Legal,
}

impl Rubric {
    /// All three, in course order (情 · 理 · 法).
    pub const ALL: [Rubric; 3] = [Rubric::Empathy, Rubric::Expectation, Rubric::Legal];

    /// Position in [`Rubric::ALL`] and in per-rubric arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The name used in RON files.
    pub fn key(self) -> &'static str {
        match self {
            Rubric::Empathy => "Empathy",
            Rubric::Expectation => "Expectation",
            Rubric::Legal => "Legal",
        }
    }
}

/// Points on each rubric, in [`Rubric::ALL`] order.
pub type Points = [i32; 3];

/// The effect of a move: points on each rubric and changes to the customer's state.
/// Written in RON as `(empathy: 2, trust: 3)`; fields left out are zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Impact {
    /// Points on 情.
    pub empathy: i32,
    /// Points on 理.
    pub expectation: i32,
    /// Points on 法.
    pub legal: i32,
    /// Change in mood (0 furious … 100 delighted).
    pub mood: i32,
    /// Change in trust.
    pub trust: i32,
    /// Change in patience.
    pub patience: i32,
}

impl Impact {
    /// The rubric points as an array.
    pub fn points(&self) -> Points {
        [self.empathy, self.expectation, self.legal]
    }

    /// Whether every field is zero.
    pub fn is_zero(&self) -> bool {
        *self == Impact::default()
    }

    /// Half of every field, rounded toward zero (used for a secondary DISC type).
    pub fn halved(&self) -> Impact {
        Impact {
            empathy: self.empathy / 2,
            expectation: self.expectation / 2,
            legal: self.legal / 2,
            mood: self.mood / 2,
            trust: self.trust / 2,
            patience: self.patience / 2,
        }
    }
}

impl std::ops::Add for Impact {
    type Output = Impact;
    fn add(self, o: Impact) -> Impact {
        Impact {
            empathy: self.empathy + o.empathy,
            expectation: self.expectation + o.expectation,
            legal: self.legal + o.legal,
            mood: self.mood + o.mood,
            trust: self.trust + o.trust,
            patience: self.patience + o.patience,
        }
    }
}

impl std::ops::AddAssign for Impact {
    fn add_assign(&mut self, o: Impact) {
        *self = *self + o;
    }
}

/// A rubric score on the 0–100 scale.
///
/// 100 is *par*: the highest total on that rubric that any complete route through the
/// scenario can earn (found by the exhaustive analysis). The score is `100 × earned / par`,
/// clamped to 0–100, so 0 means the trainee's moves did net harm (or nothing) on that rubric.
pub fn scale(raw: i32, par: i32) -> u8 {
    if par <= 0 {
        return if raw >= par { 100 } else { 0 };
    }
    let pct = (f64::from(raw) * 100.0 / f64::from(par)).round();
    pct.clamp(0.0, 100.0) as u8
}
