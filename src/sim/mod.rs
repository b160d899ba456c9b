//! The engine: a customer's state and memory, what each reply does to it and what it is
//! worth, seeded sessions that replay exactly, and the exhaustive analysis of every reachable
//! (node, state).
//!
//! Plain Rust with no I/O and no Bevy: the CLI, the tests and the game window all drive the
//! same [`Session`]. Course knowledge comes from the catalogue's data; nothing here
//! hard-codes it.

mod analysis;
mod engine;
pub mod map;
pub mod score;
mod session;
mod state;
pub mod verdict;

pub use analysis::{
    Analysis, ChoiceRef, DeadEnd, Decision, EndingReport, EndingRoute, EndingStages, MEMORY_LIMIT,
    NodeRange, PathReport, STATE_LIMIT, SuddenEnd, WORK_LIMIT, analyze, span,
};
pub use engine::{Engine, EngineError, Preset, PresetError, Step};
pub use score::{Assessment, Note, NoteKind, assess, scale};
pub use session::{
    Action, Carried, Entry, Mode, Outcome, PlayError, RubricScore, Session, Speaker, Spotted, Turn,
    Typed, addressed,
};
pub use state::{At, CustomerState};
