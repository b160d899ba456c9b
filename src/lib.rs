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
//! records     the trainee's records: every session in one SQLite file (rusqlite)
//! classroom   a class playing together: teams, votes, the LAN host (axum), the report
//! understand  free reply: the moves in a trainee's typed words, and the nearest reply
//! cli, app    the command line and the game window: they show state and forward input
//! ```

pub mod app;
pub mod catalogue;
pub mod classroom;
pub mod cli;
pub mod course;
pub mod library;
pub mod locale;
pub mod records;
pub mod scenario;
pub mod sim;
pub mod source;
pub mod understand;
