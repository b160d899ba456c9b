//! The game window: Bevy + bevy_egui, from the title screen to the debrief.
//!
//! `model` (plain Rust) holds what is shown, `ui` (plain egui) draws it, and the Bevy layer
//! (`window`, `autoplay`) only owns the window, forwards frames and input, and takes
//! screenshots. No scoring or branching happens here: every decision goes to `crate::sim`.

pub mod class;
pub mod live;
pub mod lrs;
pub mod map;
pub mod model;
pub mod store;
pub mod ui;

#[cfg(feature = "gui")]
mod autoplay;
#[cfg(feature = "gui")]
mod window;

#[cfg(feature = "gui")]
pub use window::{WindowOptions, run};
