//! The engine: a customer's state and memory, what each reply does to it, seeded sessions
//! that replay exactly, and the exhaustive analysis of every reachable (node, state).
//!
//! Plain Rust with no I/O and no Bevy: the CLI, the tests and the game window all drive the
//! same [`Session`]. Scoring comes from `crate::rubric`; nothing here hard-codes course
//! knowledge.

mod analysis;
mod engine;
mod session;
mod state;

pub use analysis::{Analysis, ChoiceRef, DeadEnd, PathReport, analyze};
pub use engine::{Engine, EngineError, Step};
pub use session::{Action, Entry, Mode, Outcome, PlayError, RubricScore, Session, Speaker, Turn};
pub use state::{At, CustomerState};
