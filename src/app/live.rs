//! Live reload, for an instructor writing scenarios with the window open: the scenario
//! folders are watched (`crate::library::watch`), and on a save the library is loaded again.
//! A file that now has errors keeps its last good version (still playable) and shows its
//! errors, with file:line:column, on its card, the briefing and the game; a game in
//! progress is replayed, decision by decision, on the new version of its scenario
//! (`Session::carry_over`), and where a decision no longer applies the trainee is told and
//! goes on from just before it. Plain Rust: the window only wakes the model.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::model::{Card, Model, Screen};
use crate::library::Library;
use crate::library::watch::Watch;
use crate::source::Diagnostic;

/// The watched folders and what the last reload said.
#[derive(Debug, Default)]
pub struct Live {
    /// The folders (or files) the library is loaded from.
    pub dirs: Vec<PathBuf>,
    /// The running watch, once started.
    watch: Option<Watch>,
    /// What the last reload did to the game or the library, until dismissed.
    pub notice: Option<String>,
    /// The rubric catalogue's file, read again on each reload (None: it is not reloaded).
    pub catalogue: Option<PathBuf>,
    /// The catalogue's errors as last saved (the one in use is the last good one).
    pub catalogue_problems: Vec<Diagnostic>,
    /// Reloads so far.
    pub reloads: u64,
}

impl Live {
    /// Live reload of `dirs`, not yet watching.
    pub fn new(dirs: &[PathBuf]) -> Live {
        Live {
            dirs: dirs.to_vec(),
            ..Live::default()
        }
    }

    /// Whether the folders are being watched.
    pub fn watching(&self) -> bool {
        self.watch.is_some()
    }
}

impl Model {
    /// Starts watching the library's folders; `wake` is called (on the watcher's thread)
    /// after each save, so the window can wake and [`Model::poll_library`].
    pub fn watch_library(&mut self, wake: impl Fn() + Send + 'static) -> Result<(), String> {
        let mut paths = self.live.dirs.clone();
        paths.extend(self.live.catalogue.clone());
        let watch = Watch::with_waker(&paths, wake).map_err(|e| e.to_string())?;
        self.live.watch = Some(watch);
        Ok(())
    }

    /// Reloads the library when a watched file changed since the last call. Returns whether
    /// it did.
    pub fn poll_library(&mut self) -> bool {
        let changed = match &self.live.watch {
            Some(w) => w.poll(),
            None => return false,
        };
        if changed.is_empty() {
            return false;
        }
        self.reload_library();
        true
    }

    /// Loads the library again from its folders. A file that no longer loads keeps its last
    /// good version (with the new errors shown); the game in progress moves to the new
    /// version of its scenario.
    pub fn reload_library(&mut self) {
        // The catalogue first: a broken one keeps the last good one, and says why.
        if let Some(path) = &self.live.catalogue {
            match crate::catalogue::check::load_file(path) {
                Ok(c) => {
                    self.catalogue = std::sync::Arc::new(c);
                    self.live.catalogue_problems.clear();
                }
                Err(problems) => self.live.catalogue_problems = problems,
            }
        }
        let lib = Library::load(&self.live.dirs, self.catalogue.clone());
        let selected = self
            .selected
            .and_then(|i| self.cards.get(i))
            .map(|c| c.path.clone());
        let mapped = self
            .map_view
            .as_ref()
            .and_then(|v| self.cards.get(v.card))
            .map(|c| c.path.clone());
        let mut old: HashMap<PathBuf, Card> = std::mem::take(&mut self.cards)
            .into_iter()
            .map(|c| (c.path.clone(), c))
            .collect();
        self.cards = lib
            .entries
            .into_iter()
            .map(|fresh| match old.remove(&fresh.path) {
                Some(mut good) if fresh.engine.is_none() && good.engine.is_some() => {
                    // Keep what plays; show what is wrong with the file as saved.
                    good.diagnostics = fresh.diagnostics;
                    good.source = fresh.source;
                    good
                }
                _ => fresh,
            })
            .collect();
        self.selected = selected.and_then(|p| self.cards.iter().position(|c| c.path == p));
        if self.screen == Screen::Briefing && self.selected.is_none() {
            self.go(Screen::Library);
        }
        self.redraw_map(mapped);
        self.live.reloads += 1;
        self.live.notice = self.carry_game_over();
    }

    /// After a reload, the open map follows its file: drawn again from the new version,
    /// keeping the node picked and the view; closed when the file is gone.
    fn redraw_map(&mut self, path: Option<PathBuf>) {
        let Some(path) = path else { return };
        let Some(card) = self.cards.iter().position(|c| c.path == path) else {
            self.map_view = None;
            if self.screen == Screen::Map {
                self.go(Screen::Library);
            }
            return;
        };
        let Some(engine) = self.cards[card].engine.clone() else {
            return;
        };
        let Some(v) = self.map_view.as_mut() else {
            return;
        };
        let picked = v
            .node
            .and_then(|n| v.map.nodes.get(n))
            .map(|(id, _)| id.clone());
        v.card = card;
        v.map = crate::sim::map::map(&engine);
        v.layout = crate::sim::map::layout(&v.map);
        v.node = picked.and_then(|id| v.map.nodes.iter().position(|(n, _)| *n == id));
        if v.node.is_none() {
            v.preset = crate::sim::Preset::default();
        } else {
            let flags = engine.flag_names();
            v.preset.flags.retain(|f| flags.contains(f));
        }
    }

    /// Moves the game in progress onto the reloaded version of its scenario, and says what
    /// happened (None when there is nothing to say).
    fn carry_game_over(&mut self) -> Option<String> {
        let lang = self.settings.lang;
        let game = self.game.as_ref()?;
        if game.from_history || game.session.is_over() || self.in_tutorial() {
            return None;
        }
        let path = game.file.clone()?;
        let Some(card) = self.cards.iter().find(|c| c.path == path) else {
            return Some(self.t("live-removed"));
        };
        let file = card.label();
        let engine = card.engine.clone()?;
        let kept = card.has_errors();
        // The same text scored by the same catalogue: nothing to carry over.
        let before = game.session.engine();
        if engine.revision() == before.revision() && **engine.catalogue() == **before.catalogue() {
            return kept.then(|| {
                self.i18n
                    .t_args(lang, "live-kept", &[("file", file.into())])
            });
        }
        let carried = game.session.carry_over(engine);
        let now = self.now;
        let g = self.game.as_mut()?;
        let done = carried.session.turns().len();
        g.session = carried.session;
        if let Some(free) = g.free.as_mut() {
            // The new version's replies are the ones to read typed words against.
            free.reader = Arc::new(crate::understand::Reader::new(
                g.session.engine().scenario().clone(),
                g.session.engine().catalogue(),
            ));
            free.asking = None;
        }
        g.decision_secs.truncate(done);
        g.best_before.truncate(done);
        let shown = g.session.transcript().len();
        g.next_decision(now, shown);
        Some(match carried.diverged {
            Some(i) => self
                .i18n
                .t_args(lang, "live-diverged", &[("n", (i + 1).into())]),
            None => self
                .i18n
                .t_args(lang, "live-carried", &[("n", done.into())]),
        })
    }

    /// The problems of the library's files as saved, by file: errors first (a file with
    /// errors that still plays runs its last good version).
    pub fn library_problems(&self) -> Vec<(&Card, Vec<&Diagnostic>)> {
        self.cards
            .iter()
            .filter(|c| c.has_errors())
            .map(|c| (c, c.diagnostics.iter().filter(|d| d.is_error()).collect()))
            .collect()
    }
}
