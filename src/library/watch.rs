//! Watching scenario folders for saves: what `validate --watch` and the window's live reload
//! wait on. Folders are watched (recursively), never single files, because editors save by
//! writing a new file and renaming it over the old one; a file given by name is watched
//! through its folder. Bursts of events from one save are merged by
//! `notify-debouncer-full`, and only changes that can alter the library count: `.ron` files,
//! `.dojoignore` markers and folders (a draft folder renamed, a folder added). An editor's
//! swap and backup files are ignored.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::source::files::IGNORE_MARKER;

/// How long a burst of events may last before it counts as one save.
pub const SETTLE: Duration = Duration::from_millis(250);

/// A running watch on some scenario folders and files.
pub struct Watch {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    /// Behind a lock so a `Watch` can sit in shared state (the window's model).
    events: Mutex<Receiver<DebounceEventResult>>,
    /// Files given by name, as (their folder, their name): only they count in folders
    /// watched for them alone.
    files: BTreeSet<(PathBuf, OsString)>,
    /// Folders watched whole (recursively).
    roots: Vec<PathBuf>,
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watch")
            .field("files", &self.files)
            .field("roots", &self.roots)
            .finish()
    }
}

/// Why a watch could not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchError(pub String);

impl std::fmt::Display for WatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Watch {
    /// Starts watching `paths`: folders recursively, files through their folder. Paths that
    /// do not exist are skipped (the library reports them); an error only when nothing at
    /// all can be watched, or the system refuses.
    pub fn new(paths: &[PathBuf]) -> Result<Watch, WatchError> {
        Watch::with_waker(paths, || {})
    }

    /// [`Watch::new`], calling `wake` (on the watcher's thread) after each burst of events,
    /// so a window that sleeps until input can wake and [`Watch::poll`].
    pub fn with_waker(
        paths: &[PathBuf],
        wake: impl Fn() + Send + 'static,
    ) -> Result<Watch, WatchError> {
        let (tx, events) = channel();
        let handler = move |batch: DebounceEventResult| {
            if tx.send(batch).is_ok() {
                wake();
            }
        };
        let mut debouncer = new_debouncer(SETTLE, None, handler)
            .map_err(|e| WatchError(format!("cannot watch for changes: {e}")))?;
        let mut files = BTreeSet::new();
        let mut roots = Vec::new();
        let mut watched = 0;
        // Folders first, then files: a file inside a folder watched whole needs no watch of
        // its own (and on Linux a second, non-recursive watch of that folder would replace
        // the recursive one, and folders made later would go unseen).
        let (dirs, others): (Vec<&PathBuf>, Vec<&PathBuf>) = paths.iter().partition(|p| p.is_dir());
        for p in dirs {
            debouncer
                .watch(p, RecursiveMode::Recursive)
                .map_err(|e| cannot_watch(p, &e))?;
            roots.push(canonical(p));
            watched += 1;
        }
        for p in others.into_iter().filter(|p| p.is_file()) {
            let Some(name) = p.file_name() else { continue };
            let parent = folder_of(p);
            let folder = canonical(&parent);
            files.insert((folder.clone(), name.to_os_string()));
            if !roots.iter().any(|r| folder.starts_with(r)) {
                debouncer
                    .watch(&parent, RecursiveMode::NonRecursive)
                    .map_err(|e| cannot_watch(&parent, &e))?;
            }
            watched += 1;
        }
        if watched == 0 {
            return Err(WatchError(
                "nothing to watch: none of the paths exists".into(),
            ));
        }
        Ok(Watch {
            _debouncer: debouncer,
            events: Mutex::new(events),
            files,
            roots,
        })
    }

    /// Waits until a change that matters, and returns the paths it touched (sorted, each
    /// once). `None` when the watch has stopped (the watcher thread ended).
    pub fn wait(&self) -> Option<Vec<PathBuf>> {
        loop {
            let batch = self.events.lock().ok()?.recv().ok()?;
            let changed = self.relevant(batch);
            if !changed.is_empty() {
                return Some(changed);
            }
        }
    }

    /// The changes that arrived since the last call, without waiting (for a frame loop).
    pub fn poll(&self) -> Vec<PathBuf> {
        let mut all = BTreeSet::new();
        let Ok(events) = self.events.lock() else {
            return Vec::new();
        };
        while let Ok(batch) = events.try_recv() {
            all.extend(self.relevant(batch));
        }
        all.into_iter().collect()
    }

    fn relevant(&self, batch: DebounceEventResult) -> Vec<PathBuf> {
        let Ok(events) = batch else {
            // The watcher's own errors (a folder removed under it): the caller reloads, which
            // reports what is wrong with the folder.
            return vec![PathBuf::new()];
        };
        let mut out = BTreeSet::new();
        for e in events {
            if e.kind.is_access() {
                continue;
            }
            for p in &e.paths {
                if self.counts(p) {
                    out.insert(p.clone());
                }
            }
        }
        out.into_iter().collect()
    }

    fn counts(&self, p: &Path) -> bool {
        let folder = canonical(&folder_of(p));
        if let Some(name) = p.file_name()
            && self.files.contains(&(folder.clone(), name.to_os_string()))
        {
            return true;
        }
        // Anything else counts only inside a folder watched whole.
        matters(p) && self.roots.iter().any(|r| folder.starts_with(r) || p == r)
    }
}

fn cannot_watch(p: &Path, e: &impl std::fmt::Display) -> WatchError {
    WatchError(format!(
        "cannot watch {}: {e}",
        crate::source::escape(&p.display().to_string())
    ))
}

/// The folder a path is in (`.` for a bare file name).
fn folder_of(p: &Path) -> PathBuf {
    p.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// Whether a change to `p` can alter a library: a scenario or catalogue file, a draft
/// marker, or a folder; not an editor's swap or backup file.
pub fn matters(p: &Path) -> bool {
    let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if name.starts_with(".#") || name.ends_with('~') || name.ends_with(".swp") {
        return false;
    }
    name == IGNORE_MARKER
        || p.extension().is_some_and(|x| x == "ron")
        || p.is_dir()
        || (!p.exists() && p.extension().is_none())
}

/// The path with links resolved, as far as it exists (event paths and given paths then
/// compare alike).
fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p)
        .unwrap_or_else(|_| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()))
}
