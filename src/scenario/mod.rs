//! Scenarios: the RON format (version 1) and its static checks — ids, references, ranges,
//! text in both languages, catalogue names, what the customer's memory can recall, static
//! reachability. Every problem is reported at once, with its place.
//!
//! No engine runs here: whether a route dead-ends or an ending is ever reached is found by
//! the analysis in `crate::sim` and reported by `crate::library`.

pub mod check;
mod model;
pub mod scaffold;
pub mod twee;

pub use model::*;

use crate::catalogue::Catalogue;
use crate::source::diagnostic::{Diagnostic, place};
use crate::source::ron::{self, ListCheck, Locator};

/// Parses scenario text and checks it statically: the scenario if it parsed, and every
/// problem found, placed and in file order.
pub fn load_str(
    label: &str,
    text: &str,
    catalogue: &Catalogue,
) -> (Option<Scenario>, Vec<Diagnostic>) {
    let lists: &[ListCheck] = &[
        ("nodes", ron::check_as::<Node>),
        ("endings", ron::check_as::<Ending>),
        ("escalation", ron::check_as::<Rung>),
        ("objectives", ron::check_as::<crate::course::Text>),
    ];
    match ron::parse::<Scenario>(label, text, lists) {
        Ok(s) => {
            let loc = Locator::new(label, text);
            let mut d = check::check(&s, catalogue, &loc);
            place(text, &mut d);
            d.dedup();
            (Some(s), d)
        }
        Err(d) => (None, d),
    }
}
