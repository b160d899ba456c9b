//! Reading what instructors write: files read with limits (size, FIFOs, devices, links),
//! folders walked without following loops, RON parsed into values that remember their places,
//! and diagnostics that carry file:line:column and a hint, rendered with a window of the
//! source line.
//!
//! Nothing here knows what a scenario or a catalogue means; it must never block on a pipe,
//! read without a bound, or print a control character it was given.

pub mod diagnostic;
pub mod files;
pub mod render;
pub mod ron;
pub mod syntax;

pub use diagnostic::{Diagnostic, Severity, did_you_mean, escape, escape_html, one_line, shown};
pub use files::{MAX_FILE_BYTES, Walk, decode, read_text, walk, write_atomic};
