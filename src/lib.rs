//! Complaint Dojo: a complaint-handling role-play simulator. Trainees face a simulated
//! difficult customer, choose what to say, and are scored on three rubrics — empathy (情),
//! expectation management (理) and legal rights (法).
//!
//! The map of the crate, each layer using only those above it:
//!
//! ```text
//! course      shared vocabulary: DISC, needs, archetypes, rungs, rubrics, bilingual text
//! source      reading with limits, places, diagnostics
//! catalogue   the rubric catalogue: techniques, mistakes, legal points, look-ups
//! scenario    the RON schema and its static checks (no engine)
//! sim         engine, scoring, sessions, exhaustive analysis
//! library     a folder loaded once: read → parse → check → analyse → lints → coverage
//! locale      the product's own words (Fluent), for the CLI and the window
//! cli, app    the command line and the game window: they show state and forward input
//! ```

/// The game window (Bevy + bevy_egui) and its screens.
pub mod app;
/// The rubric catalogue: techniques, mistakes, legal points, bands, look-ups by id.
pub mod catalogue;
/// The command-line interface: validate, list, stats, play, analyze.
pub mod cli;
/// The course's shared vocabulary.
pub mod course;
/// A scenario folder loaded once, for the CLI and the window alike.
pub mod library;
/// The product's own words in both languages (Fluent files).
pub mod locale;
/// The RON scenario format and its static checks.
pub mod scenario;
/// The engine: customer state and memory, scoring, seeded sessions, exhaustive analysis.
pub mod sim;
/// Reading files with limits, places in files, diagnostics.
pub mod source;
