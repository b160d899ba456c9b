//! The map screen's model: open a scenario's map, pick a node, set the customer's state
//! there, and start a preview from it (the window's "preview from here", as `play --from`
//! in the terminal). A preview is a game like any other, marked as such and never
//! recorded. Plain Rust; `ui::map` draws it.

use super::model::{MapView, Model, Screen};
use crate::sim::{Preset, Session};

impl Model {
    /// Opens the map of card `i` (when it plays).
    pub fn open_map(&mut self, i: usize) {
        let Some(engine) = self.cards.get(i).and_then(|c| c.engine.clone()) else {
            return;
        };
        let map = crate::sim::map::map(&engine);
        let layout = crate::sim::map::layout(&map);
        self.map_view = Some(MapView {
            card: i,
            map,
            layout,
            view: egui::Rect::ZERO,
            fit: false,
            focus: None,
            node: None,
            preset: Preset::default(),
            error: None,
        });
        self.selected = Some(i);
        self.go(Screen::Map);
    }

    /// Picks node `n` on the map: the preview will start there, with the customer as most
    /// routes bring them (the middle of the reachable range; the scenario's starting values
    /// for a node no route reaches).
    pub fn pick_map_node(&mut self, n: usize) {
        let Some(v) = self.map_view.as_mut() else {
            return;
        };
        let Some(engine) = self.cards.get(v.card).and_then(|c| c.engine.clone()) else {
            return;
        };
        let Some((id, _)) = v.map.nodes.get(n) else {
            return;
        };
        let c = &engine.scenario().customer;
        let range = engine.analysis().nodes.iter().find(|r| &r.id == id);
        let mid = |r: (u8, u8)| (i32::from(r.0) + i32::from(r.1)) / 2;
        v.node = Some(n);
        v.error = None;
        v.preset = Preset {
            node: id.clone(),
            mood: Some(range.map_or(c.mood, |r| mid(r.mood))),
            trust: Some(range.map_or(c.trust, |r| mid(r.trust))),
            patience: Some(range.map_or(c.patience, |r| mid(r.patience))),
            heat: engine
                .scenario()
                .opinion
                .as_ref()
                .map(|o| range.map_or(o.heat, |r| mid(r.heat))),
            level: None,
            flags: Vec::new(),
        };
    }

    /// Starts a preview from the node picked on the map, with the state set there.
    pub fn start_preview(&mut self) {
        let Some(v) = self.map_view.as_ref() else {
            return;
        };
        let Some(engine) = self.cards.get(v.card).and_then(|c| c.engine.clone()) else {
            return;
        };
        let preset = v.preset.clone();
        let seed = self.next_seed;
        match Session::start_at(engine.clone(), seed, self.mode, true, &preset) {
            Ok(session) => {
                self.begin(engine, seed);
                if let Some(g) = self.game.as_mut() {
                    g.session = session;
                    g.preview = true;
                }
            }
            Err(e) => {
                let why = crate::locale::preset_error(&self.i18n, self.settings.lang, &e);
                if let Some(v) = self.map_view.as_mut() {
                    v.error = Some(why);
                }
            }
        }
    }
}
