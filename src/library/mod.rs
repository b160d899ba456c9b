//! A scenario library, loaded once: every file under the given folders is read (with
//! limits), parsed, checked, and — when sound — compiled into an engine and analysed exactly
//! once; the analysis's findings become lints with places; the coverage of the course is
//! counted from the result. The CLI and the window use the same [`Library`].
//!
//! Files are independent, so they are loaded on every core. Nothing here prints.

pub mod audit;
pub mod coverage;
mod lints;
pub mod watch;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::catalogue::Catalogue;
use crate::path;
use crate::scenario::{self, Scenario};
use crate::sim::Engine;
use crate::source::diagnostic::{Diagnostic, Severity, place, shown};
use crate::source::ron::Locator;
use crate::source::{self as src};

/// The file name of the rubric catalogue inside a scenario folder.
pub const CATALOGUE_FILE: &str = "catalogue.ron";

/// One scenario file after loading.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The file.
    pub path: PathBuf,
    /// The text, when it could be read.
    pub source: Option<String>,
    /// The scenario, when it parsed (it may still have errors).
    pub scenario: Option<Arc<Scenario>>,
    /// The engine, analysed, when the file has no errors.
    pub engine: Option<Arc<Engine>>,
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Entry {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The engine, if the scenario is sound enough to play.
    pub fn playable(&self) -> Option<&Arc<Engine>> {
        self.engine.as_ref()
    }

    /// The file name as shown to a person (control characters escaped).
    pub fn label(&self) -> String {
        src::escape(&self.path.display().to_string()).into_owned()
    }
}

/// A folder (or several) of scenarios.
#[derive(Debug, Clone)]
pub struct Library {
    /// The catalogue everything was scored with.
    pub catalogue: Arc<Catalogue>,
    /// Every scenario file found, sorted by path.
    pub entries: Vec<Entry>,
    /// Problems with the folders themselves: unreadable folders, skipped pipes and devices.
    pub problems: Vec<Diagnostic>,
    /// Draft folders (`_drafts/`, or holding a `.dojoignore`) that were left out.
    pub drafts: Vec<PathBuf>,
}

/// How far a load goes with each file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Read, parse and check statically: enough to list, count coverage or find an id.
    Checked,
    /// Also run the exhaustive analysis and report its lints: what validation, play and the
    /// window need.
    Analysed,
}

impl Library {
    /// Loads and analyses every scenario file under `paths` (files as given, folders
    /// searched).
    pub fn load(paths: &[PathBuf], catalogue: Arc<Catalogue>) -> Library {
        Library::load_to(paths, catalogue, Depth::Analysed)
    }

    /// Loads every scenario file under `paths` as far as `depth`.
    pub fn load_to(paths: &[PathBuf], catalogue: Arc<Catalogue>, depth: Depth) -> Library {
        let walk = scenario_files(paths);
        let mut entries = load_all(&walk.files, &catalogue, depth);
        duplicate_ids(&mut entries);
        Library {
            catalogue,
            entries,
            problems: walk.problems,
            drafts: walk.drafts,
        }
    }

    /// Whether any file or folder has an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Diagnostic::is_error) || self.entries.iter().any(Entry::has_errors)
    }

    /// The entry whose scenario has this id.
    pub fn find(&self, id: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.scenario.as_ref().is_some_and(|s| s.id == id))
    }

    /// The scenarios that parsed.
    pub fn scenarios(&self) -> impl Iterator<Item = &Scenario> {
        self.entries.iter().filter_map(|e| e.scenario.as_deref())
    }
}

/// The `.ron` scenario files under `paths` (the catalogue excepted), each once.
pub fn scenario_files(paths: &[PathBuf]) -> src::Walk {
    src::walk(paths, |p| {
        p.extension().is_some_and(|x| x == "ron")
            && p.file_name().is_some_and(|n| n != CATALOGUE_FILE)
    })
}

fn load_all(files: &[PathBuf], catalogue: &Arc<Catalogue>, depth: Depth) -> Vec<Entry> {
    on_four_threads(files, |p| load_file_to(p, catalogue, depth))
}

/// `f` on every item, in order, shared among up to four threads (each scenario's analysis
/// may take up to `sim::MEMORY_LIMIT`: four at once bound the whole run). A panic in `f`
/// is passed on.
pub(crate) fn on_four_threads<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 4)
        .min(items.len().max(1));
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let done: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut all: Vec<(usize, R)> = done.into_iter().flatten().collect();
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

/// Reads, parses, checks and analyses one scenario file.
pub fn load_file(path: &Path, catalogue: &Arc<Catalogue>) -> Entry {
    load_file_to(path, catalogue, Depth::Analysed)
}

/// Reads one scenario file and takes it as far as `depth`.
pub fn load_file_to(path: &Path, catalogue: &Arc<Catalogue>, depth: Depth) -> Entry {
    let label = path.display().to_string();
    match src::read_text(path) {
        Ok(text) => {
            let mut e = check_text_to(&label, &text, catalogue, depth);
            e.path = path.to_path_buf();
            e.source = Some(text);
            e
        }
        Err(d) => Entry {
            path: path.to_path_buf(),
            source: None,
            scenario: None,
            engine: None,
            diagnostics: vec![d],
        },
    }
}

/// A scenario file's revision: the SHA-256 of its text, in hex. Two plays of one revision
/// replay alike; an edited file gets a new revision.
pub fn revision(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Parses, checks and analyses scenario text shown as `label`: what `load_file` does after
/// reading. The entry's `source` is left empty (the caller holds the text).
pub fn check_text(label: &str, text: &str, catalogue: &Arc<Catalogue>) -> Entry {
    check_text_to(label, text, catalogue, Depth::Analysed)
}

/// Takes scenario text as far as `depth`. At [`Depth::Checked`] the engine is built but not
/// analysed (it analyses itself on first use, once).
pub fn check_text_to(label: &str, text: &str, catalogue: &Arc<Catalogue>, depth: Depth) -> Entry {
    let (scenario, mut diagnostics) = scenario::load_str(label, text, catalogue);
    let scenario = scenario.map(Arc::new);
    let mut engine = None;
    if let Some(s) = &scenario
        && !diagnostics.iter().any(Diagnostic::is_error)
    {
        match Engine::new(s.clone(), catalogue.clone()) {
            Ok(e) => {
                let e = e.with_revision(revision(text));
                if depth == Depth::Analysed {
                    let loc = Locator::new(label, text);
                    let mut found = lints::lints(&e, &loc);
                    place(text, &mut found);
                    diagnostics.extend(found);
                    diagnostics.sort_by_key(Diagnostic::sort_key);
                }
                if !diagnostics.iter().any(Diagnostic::is_error) {
                    engine = Some(Arc::new(e));
                }
            }
            Err(err) => diagnostics.push(Diagnostic::file_level(
                Severity::Error,
                label,
                err.to_string(),
                None,
            )),
        }
    }
    Entry {
        path: PathBuf::from(label),
        source: None,
        scenario,
        engine,
        diagnostics,
    }
}

/// Every scenario in a library needs its own id: the second file with an id gets an error.
fn duplicate_ids(entries: &mut [Entry]) {
    let mut first: HashMap<String, String> = HashMap::new();
    for e in entries.iter_mut() {
        let Some(s) = &e.scenario else { continue };
        let label = e.path.display().to_string();
        if let Some(other) = first.get(&s.id) {
            let text = e.source.as_deref().unwrap_or("");
            let loc = Locator::new(&label, text);
            let mut d = vec![loc.diag(
                Severity::Error,
                &path!["id"],
                format!("scenario id `{}` is also used by {other}", shown(&s.id)),
                Some("every scenario in a library needs its own id".into()),
            )];
            place(text, &mut d);
            e.diagnostics.extend(d);
            e.diagnostics.sort_by_key(Diagnostic::sort_key);
            e.engine = None;
        } else {
            first.insert(s.id.clone(), src::escape(&label).into_owned());
        }
    }
}
