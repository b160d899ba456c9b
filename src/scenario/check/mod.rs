//! Static checks of a parsed scenario against the catalogue and against itself: metadata and
//! ranges, text in both languages, ids and references, catalogue names, what the customer's
//! memory can recall, and static reachability. A few passes over one walk ([`walk`]); no
//! engine runs here (the analysis and its lints belong to `crate::library`).

mod fields;
mod graph;
mod memory;
mod names;
mod tags;
pub mod walk;

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::catalogue::Catalogue;
use crate::course::{Archetype, Impact, Lang, Text};
use crate::path;
use crate::scenario::{Condition, FORMAT_VERSION, Scenario, Target};
use crate::source::diagnostic::{Diagnostic, SUGGEST_BUDGET, Severity, did_you_mean_within, shown};
use crate::source::ron::Locator;
use crate::source::syntax::Seg;

struct Checker<'a> {
    scn: &'a Scenario,
    cat: &'a Catalogue,
    loc: &'a Locator<'a>,
    out: Vec<Diagnostic>,
    /// Edit-distance work left for did-you-mean hints in this file.
    suggest_budget: usize,
}

/// Every problem in `scn`, errors and warnings, in file order (unplaced: the caller places
/// the whole batch with [`crate::source::diagnostic::place`]).
pub fn check(scn: &Scenario, cat: &Catalogue, loc: &Locator) -> Vec<Diagnostic> {
    let mut c = Checker {
        scn,
        cat,
        loc,
        out: Vec::new(),
        suggest_budget: SUGGEST_BUDGET,
    };
    c.metadata();
    c.customer();
    c.cast();
    c.texts();
    c.ids_and_references();
    c.catalogue_names();
    c.ranges();
    c.memory_consistency();
    c.graph();
    c.tags();
    c.out
}

/// Whether `id` is a valid scenario id: lowercase letters, digits, `-` and `_`.
pub fn id_ok(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

impl Checker<'_> {
    fn err(&mut self, path: &[Seg], msg: impl Into<String>, hint: impl Into<String>) {
        let d = self.loc.diag(Severity::Error, path, msg, Some(hint.into()));
        self.out.push(d);
    }

    fn warn(&mut self, path: &[Seg], msg: impl Into<String>, hint: impl Into<String>) {
        let d = self
            .loc
            .diag(Severity::Warning, path, msg, Some(hint.into()));
        self.out.push(d);
    }

    /// A hint naming the likely intended id, while the file's budget of suggestions lasts.
    fn suggest(&mut self, word: &str, known: &[&str], kind: &str) -> String {
        let guess = did_you_mean_within(word, known.iter().copied(), &mut self.suggest_budget);
        match guess {
            Some(m) => format!("did you mean `{m}`?"),
            None if known.is_empty() => format!("no {kind} is defined"),
            None if known.len() <= 12 => format!(
                "known {kind}s: {}",
                known
                    .iter()
                    .map(|k| shown(k))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => format!("check the spelling; there are {} {kind}s", known.len()),
        }
    }
}
