//! Complaint Dojo: a complaint-handling role-play simulator. Trainees face a simulated
//! difficult customer, choose what to say, and are scored on three rubrics — empathy (情),
//! expectation management (理) and legal rights (法).
//!
//! The map of the crate:

/// The game window (Bevy + bevy_egui) and its screens.
pub mod app;
/// The command-line interface: validate, list, play, analyze.
pub mod cli;
/// The rubric catalogue (techniques, mistakes, legal points, bands) and scoring.
pub mod rubric;
/// The RON scenario format, loading, validation and diagnostics.
pub mod scenario;
/// The engine: customer state and memory, seeded sessions, exhaustive analysis.
pub mod sim;
