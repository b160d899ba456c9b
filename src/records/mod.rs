//! A trainee's records: every finished or abandoned session, kept in one SQLite file so that
//! progress survives closing the window, and so that instructors can take the records
//! elsewhere.
//!
//! - [`store`]: the file itself (WAL journal, `synchronous=FULL`, versioned migrations; a
//!   store that cannot be read is moved aside with a timestamp, never deleted), trainees,
//!   and one transaction per recorded session.
//! - [`export`]: CSV (per session or per decision) and a printable HTML page.
//! - [`progress`]: proficiency per rubric, habits by customer type, the next scenario.
//! - [`xapi`]: the sessions as xAPI 1.0.3 statements (the profile is `docs/xapi.md`).
//! - [`lrs`]: sending them, from the outbox the store fills with each recorded session, to an
//!   organisation's Learning Record Store.
//! - [`style`]: the optional style self-reflection (a DISC blend in the trainee's profile)
//!   and the advice it gives against each type of customer.
//! - [`session`]: what is recorded of a [`crate::sim::Session`]: who, which scenario at
//!   which revision, the seed and the actions (which replay it exactly), every decision's
//!   assessment, the scores and the outcome.
//!
//! Plain Rust over the engine's types: the CLI and the window record through this module alike.

pub mod export;
pub mod lrs;
pub mod progress;
pub mod session;
pub mod store;
pub mod style;
pub mod xapi;

pub use session::{Context, DecisionRecord, SessionRecord, Status};
pub use store::{
    DeadLetter, Opened, OutboxStatus, Queued, Records, RecordsError, SessionRow, Trainee,
};

/// A fresh UUID (v4, from the OS random source) naming one play-through.
pub fn new_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A time (ms since 1970) in the local time zone, to the minute, for lists.
pub fn local_time(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| {
            t.to_zoned_datetime(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| "-".into())
}

/// Whose sessions they are when the trainee gave no name.
pub const ANONYMOUS: &str = "学员 · Trainee";

/// The records file's name in the data folder.
pub const FILE: &str = "records.sqlite";
