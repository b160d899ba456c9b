//! Everything the window shows, as plain Rust: settings, the library with its filters, and
//! the game in progress. Screens read it and call its methods; the Bevy layer only holds it
//! as a resource. Scoring and branching stay in `crate::sim`.

use std::path::PathBuf;
use std::sync::Arc;

use crate::catalogue::Catalogue;
use crate::course::{Archetype, Disc, Lang};
use crate::library::{Entry, Library};
use crate::locale::I18n;
use crate::sim::{Action, Mode, Session};

/// The screens, in the order a trainee meets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    /// Name, language, text size.
    #[default]
    Title,
    /// Scenario cards with filters.
    Library,
    /// What the trainee reads before starting.
    Briefing,
    /// The conversation.
    Play,
    /// Outcome, scores, timeline.
    Debrief,
}

/// Title-screen settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Trainee name.
    pub name: String,
    /// Language of the whole UI, scenario text included.
    pub lang: Lang,
    /// UI scale (1.0 = normal; a projector wants 1.5+).
    pub scale: f32,
}

/// Library filters.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Free text.
    pub text: String,
    /// DISC type.
    pub disc: Option<Disc>,
    /// Archetype.
    pub archetype: Option<Archetype>,
    /// Difficulty.
    pub difficulty: Option<u8>,
}

/// One library card: a scenario file as the library loaded it (analysed once, with its
/// diagnostics; playable when it has an engine).
pub type Card = Entry;

/// A game in progress or just finished.
#[derive(Debug)]
pub struct Game {
    /// The session.
    pub session: Session,
    /// Transcript entries before this index are shown in full; later ones type out.
    pub typed_from: usize,
    /// When the typing of the newest lines started (egui time, seconds).
    pub typing_started: f64,
    /// When the current decision started, for the assessment timer.
    pub decision_started: f64,
    /// Whether the hint is shown for this decision.
    pub show_hint: bool,
    /// The hint, found once when asked for (0-based among the replies offered).
    pub hint: Option<usize>,
    /// The best reply before each decision (0-based among those offered, and its text),
    /// for the debrief.
    pub best_before: Vec<Option<(usize, crate::course::Text)>>,
    /// Decisions at which the trainee asked for a hint (practice only), for the debrief.
    pub hints_used: usize,
    /// Times the trainee rewound (practice only), for the debrief.
    pub rewinds_used: usize,
}

/// Characters per second of the typing effect.
pub const TYPING_CPS: f64 = 40.0;

/// The whole state of the window.
#[derive(Debug)]
pub struct Model {
    /// Current screen.
    pub screen: Screen,
    /// Settings.
    pub settings: Settings,
    /// UI strings.
    pub i18n: I18n,
    /// The catalogue used to score.
    pub catalogue: Arc<Catalogue>,
    /// Library cards, in file order.
    pub cards: Vec<Card>,
    /// Filters.
    pub filter: Filter,
    /// The card the briefing is about.
    pub selected: Option<usize>,
    /// Practice or assessment for the next game.
    pub mode: Mode,
    /// The game.
    pub game: Option<Game>,
    /// Seed of the next game.
    pub next_seed: u64,
    /// Current time (egui seconds), updated each frame by the screens.
    pub now: f64,
    /// Where the customer's face was last drawn (points), for scripted screenshots.
    pub face_rect: Option<egui::Rect>,
}

impl Model {
    /// Loads the library from `dirs` (scenario folders or files) with `catalogue`.
    pub fn new(dirs: &[PathBuf], catalogue: Catalogue, lang: Lang) -> Model {
        let library = Library::load(dirs, Arc::new(catalogue));
        let catalogue = library.catalogue.clone();
        let cards = library.entries;
        Model {
            screen: Screen::Title,
            settings: Settings {
                name: String::new(),
                lang,
                scale: 1.0,
            },
            i18n: I18n::default(),
            catalogue,
            cards,
            filter: Filter::default(),
            selected: None,
            mode: Mode::Practice,
            game: None,
            next_seed: 1,
            now: 0.0,
            face_rect: None,
        }
    }

    /// A UI string in the current language.
    pub fn t(&self, key: &str) -> String {
        self.i18n.t(self.settings.lang, key)
    }

    /// Indices of the cards that pass the filters.
    pub fn visible(&self) -> Vec<usize> {
        let f = &self.filter;
        let needle = f.text.to_lowercase();
        self.cards
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                let Some(s) = c.scenario.as_deref() else {
                    return f.disc.is_none() && f.archetype.is_none() && f.difficulty.is_none();
                };
                f.disc.is_none_or(|d| s.customer.disc == d)
                    && f.archetype
                        .is_none_or(|a| s.customer.archetypes.contains(&a))
                    && f.difficulty.is_none_or(|d| s.difficulty == d)
                    && (needle.is_empty()
                        || [
                            &s.title.zh,
                            &s.title.en,
                            &s.summary.zh,
                            &s.summary.en,
                            &s.customer.name.zh,
                            &s.customer.name.en,
                            &s.id,
                        ]
                        .iter()
                        .any(|t| t.to_lowercase().contains(&needle))
                        || s.cases.iter().any(|c| {
                            let name = Catalogue::name_of(&self.catalogue.glossary.case, *c);
                            [c.key(), name.zh.as_str(), name.en.as_str()]
                                .iter()
                                .any(|t| t.to_lowercase().contains(&needle))
                        }))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Selects a card by scenario id (for scripted runs).
    pub fn select_id(&mut self, id: &str) -> bool {
        let found = self
            .cards
            .iter()
            .position(|c| c.engine.is_some() && c.scenario.as_ref().is_some_and(|s| s.id == id));
        self.selected = found;
        found.is_some()
    }

    /// Opens the briefing of card `i`.
    pub fn open_briefing(&mut self, i: usize) {
        if self.cards.get(i).is_some_and(|c| c.engine.is_some()) {
            self.selected = Some(i);
            self.screen = Screen::Briefing;
        }
    }

    /// Starts a game on the selected card with `seed`.
    pub fn start(&mut self, seed: u64) {
        let Some(engine) = self
            .selected
            .and_then(|i| self.cards.get(i))
            .and_then(|c| c.engine.clone())
        else {
            return;
        };
        let session = Session::start(engine, seed, self.mode, true);
        self.game = Some(Game {
            session,
            typed_from: 0,
            typing_started: self.now,
            decision_started: self.now,
            show_hint: false,
            hint: None,
            best_before: Vec::new(),
            hints_used: 0,
            rewinds_used: 0,
        });
        self.next_seed = seed.wrapping_add(1);
        self.screen = Screen::Play;
    }

    /// Replays the finished game with the same seed.
    pub fn replay_same_seed(&mut self) {
        if let Some(seed) = self.game.as_ref().map(|g| g.session.seed()) {
            self.start(seed);
        }
    }

    /// Takes an action in the game; the new lines type out.
    pub fn act(&mut self, action: Action) {
        let now = self.now;
        let Some(g) = self.game.as_mut() else { return };
        let before = g.session.transcript().len();
        if g.session.act(action).is_ok() {
            g.typed_from = before;
            g.typing_started = now;
            g.decision_started = now;
            g.show_hint = false;
            g.hint = None;
        }
    }

    /// Rewinds to just before decision `n` (0-based).
    pub fn rewind(&mut self, n: usize) {
        let now = self.now;
        if let Some(g) = self.game.as_mut() {
            g.session.rewind(n);
            g.rewinds_used += 1;
            g.typed_from = g.session.transcript().len();
            g.typing_started = now;
            g.decision_started = now;
            g.show_hint = false;
            g.hint = None;
        }
    }

    /// Shows the analysis's best reply for this decision (searched once, when asked).
    pub fn ask_hint(&mut self) {
        if let Some(g) = self.game.as_mut() {
            if !g.show_hint {
                g.hints_used += 1;
            }
            g.hint = g.session.best_choice();
            g.show_hint = true;
        }
    }

    /// Shows every line in full at once.
    pub fn skip_typing(&mut self) {
        if let Some(g) = self.game.as_mut() {
            g.typed_from = g.session.transcript().len();
        }
    }

    /// How many characters of the typing lines are visible now, and whether typing is done.
    pub fn typing_progress(&self) -> (usize, bool) {
        let Some(g) = &self.game else {
            return (0, true);
        };
        let total: usize = g.session.transcript()[g.typed_from.min(g.session.transcript().len())..]
            .iter()
            .map(|e| e.text.get(self.settings.lang).chars().count())
            .sum();
        let shown = ((self.now - g.typing_started).max(0.0) * TYPING_CPS) as usize;
        (shown.min(total), shown >= total)
    }

    /// Seconds left for this decision, when the assessment timer runs.
    pub fn time_left(&self) -> Option<f64> {
        let g = self.game.as_ref()?;
        if g.session.mode() != Mode::Assessment || g.session.is_over() {
            return None;
        }
        let secs = g.session.engine().scenario().timer_secs?;
        Some((f64::from(secs) - (self.now - g.decision_started)).max(0.0))
    }

    /// Goes to the debrief, computing the best reply before each decision.
    pub fn finish(&mut self) {
        if let Some(g) = self.game.as_mut() {
            let engine = g.session.engine().clone();
            let actions = g.session.actions().to_vec();
            g.best_before = (0..actions.len())
                .map(|i| {
                    let before = Session::replay_with(
                        engine.clone(),
                        g.session.seed(),
                        g.session.mode(),
                        g.session.shuffled(),
                        &actions[..i],
                    )
                    .ok()?;
                    let best = before.best_choice()?;
                    let text = before.offered().get(best)?.1.clone();
                    Some((best, text))
                })
                .collect();
            self.screen = Screen::Debrief;
        }
    }
}
