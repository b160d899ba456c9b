//! Classroom sessions: a whole class plays one scenario together.
//!
//! * [`class`] is the class itself, plain Rust with no clock, no network and no window: who
//!   has joined and in which team, the vote on the current decision (open, locked,
//!   revealed), how the room's answer is settled (plurality; a tie goes to the instructor; no
//!   votes means the customer is met with silence), what each team's and each trainee's reply
//!   would have earned, and the history the class report is built from. Hot-seat (teams
//!   around one laptop, the instructor records each team's reply) and live voting from
//!   phones drive the same [`class::Class`].
//! * [`names`] checks the names people join with (length, control characters, a word filter
//!   read from `assets/classroom/names.ron`).
//! * [`protocol`] is the WebSocket contract (`docs/classroom.md`): the JSON messages phones,
//!   the host and the server exchange.
//! * [`server`] is the LAN host: axum on a tokio current-thread runtime on its own thread.
//!   One task owns the class; connections and the window talk to it through channels.
//! * [`pages`] renders the phone page and the host's projector page (HTML and a little
//!   JavaScript embedded in the binary, words from the Fluent files).
//! * [`report`] is the class report: per team and per trainee, every decision's tally and
//!   the rubric averages, as CSV and HTML.

pub mod class;
pub mod names;
pub mod pages;
pub mod protocol;
pub mod report;
pub mod server;

pub use class::{Class, ClassError, PersonId, Phase, Round};
