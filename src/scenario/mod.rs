//! Scenarios: the RON format (version 1), loading files and folders, and validation with
//! diagnostics that carry file:line:column and a hint.
//!
//! Loading never panics and never stops at the first problem: a library with broken files
//! still loads every good one, and each broken one carries all its diagnostics.

pub mod coverage;
pub mod diagnostic;
pub mod load;
pub mod model;
pub mod syntax;
mod text;
pub mod validate;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Severity};
pub use model::*;

use crate::rubric::Catalogue;

/// The file name of the rubric catalogue inside a scenario folder.
pub const CATALOGUE_FILE: &str = "catalogue.ron";

/// One scenario file after loading: the scenario if it parsed, and every diagnostic.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file.
    pub path: PathBuf,
    /// The text, when it could be read.
    pub source: Option<String>,
    /// The scenario, when it parsed (it may still have validation errors).
    pub scenario: Option<Scenario>,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The scenario, if it is sound enough to play.
    pub fn playable(&self) -> Option<&Scenario> {
        if self.has_errors() {
            None
        } else {
            self.scenario.as_ref()
        }
    }
}

/// Parses and validates scenario text.
pub fn load_str(
    label: &str,
    text: &str,
    catalogue: &Catalogue,
) -> (Option<Scenario>, Vec<Diagnostic>) {
    let lists: &[load::ListCheck] = &[
        ("nodes", load::check_as::<Node>),
        ("endings", load::check_as::<Ending>),
        ("escalation", load::check_as::<Rung>),
        ("objectives", load::check_as::<Text>),
    ];
    match load::parse::<Scenario>(label, text, lists) {
        Ok(s) => {
            let loc = load::Locator::new(label, text);
            let d = validate::validate(&s, catalogue, &loc);
            (Some(s), d)
        }
        Err(d) => (None, d),
    }
}

/// Reads, parses and validates one scenario file.
pub fn load_file(path: &Path, catalogue: &Catalogue) -> Loaded {
    let label = path.display().to_string();
    match load::read_text(path) {
        Ok(text) => {
            let (scenario, diagnostics) = load_str(&label, &text, catalogue);
            Loaded {
                path: path.to_path_buf(),
                source: Some(text),
                scenario,
                diagnostics,
            }
        }
        Err(d) => Loaded {
            path: path.to_path_buf(),
            source: None,
            scenario: None,
            diagnostics: vec![d],
        },
    }
}

/// The `.ron` scenario files under `paths` (files as given, folders searched recursively),
/// sorted, without the catalogue. A path that does not exist is returned as is, so that
/// loading it reports the problem.
pub fn scenario_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out, 0);
        } else {
            out.push(p.clone());
        }
    }
    out.sort();
    out.dedup();
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    if depth > 16 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out, depth + 1);
        } else if p.extension().is_some_and(|x| x == "ron")
            && p.file_name().is_some_and(|n| n != CATALOGUE_FILE)
        {
            out.push(p);
        }
    }
}

/// Loads every scenario under `paths`, and reports scenario ids used by more than one file.
pub fn load_library(paths: &[PathBuf], catalogue: &Catalogue) -> Vec<Loaded> {
    let files = scenario_files(paths);
    // Files are independent: check them on every core (the analysis dominates the cost).
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 16);
    let chunk = files.len().div_ceil(threads).max(1);
    let mut loaded: Vec<Loaded> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|p| load_file(p, catalogue))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut first: std::collections::HashMap<String, String> = Default::default();
    for l in &mut loaded {
        let Some(s) = &l.scenario else { continue };
        let label = l.path.display().to_string();
        if let Some(other) = first.get(&s.id) {
            let text = l.source.as_deref().unwrap_or("");
            let loc = load::Locator::new(&label, text);
            l.diagnostics.push(loc.diag(
                Severity::Error,
                &crate::path!["id"],
                format!("scenario id `{}` is also used by {other}", s.id),
                Some("every scenario in a library needs its own id".into()),
            ));
        } else {
            first.insert(s.id.clone(), label);
        }
    }
    loaded
}
