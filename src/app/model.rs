//! Everything the window shows, as plain Rust: settings, the library with its filters, and
//! the game in progress. Screens read it and call its methods; the Bevy layer only holds it
//! as a resource. Scoring and branching stay in `crate::sim`.

use std::path::PathBuf;
use std::sync::Arc;

use crate::catalogue::Catalogue;
use crate::course::{Archetype, Disc, Industry, Lang};
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
    /// A class playing together: the projector (hot-seat or live).
    Class,
    /// The trainee's recorded sessions; one opens in the debrief.
    History,
    /// The style self-reflection: the questionnaire, or the blend it gave.
    Style,
    /// A scenario's map, for an author: click a node to preview from there.
    Map,
}

/// The map screen's state: which scenario, its map laid out, the view, and the preview
/// being set up.
#[derive(Debug, Clone)]
pub struct MapView {
    /// The card whose scenario is drawn.
    pub card: usize,
    /// The map.
    pub map: crate::sim::map::Map,
    /// Where each node and ending stands.
    pub layout: crate::sim::map::Layout,
    /// The part of the map in view (panned and zoomed by the user); zero for the first
    /// view: readable size, from the start.
    pub view: egui::Rect,
    /// Show the whole map on the next frame ("fit the map").
    pub fit: bool,
    /// Bring this node to the middle of the view on the next frame.
    pub focus: Option<usize>,
    /// The node clicked, whose preview is being set up.
    pub node: Option<usize>,
    /// The preview's starting state at that node.
    pub preset: crate::sim::Preset,
    /// Why the last preview could not start.
    pub error: Option<String>,
}

use super::store::{Best, Store};
pub use super::store::{Progress, Settings};

/// Library filters.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Free text.
    pub text: String,
    /// DISC type.
    pub disc: Option<Disc>,
    /// Archetype: any (None), a customer with no archetype (`Some(None)`), or one.
    pub archetype: Option<Option<Archetype>>,
    /// Difficulty.
    pub difficulty: Option<u8>,
}

/// The order of the library's cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// As the files are named.
    #[default]
    File,
    /// Easiest first.
    Difficulty,
    /// By industry, in the course's order.
    Industry,
    /// Most recently played first; never played last.
    LastPlayed,
}

impl Sort {
    /// Every order, as offered.
    pub const ALL: [Sort; 4] = [
        Sort::File,
        Sort::Difficulty,
        Sort::Industry,
        Sort::LastPlayed,
    ];

    /// The Fluent key of its name.
    pub fn key(self) -> &'static str {
        match self {
            Sort::File => "library-sort-file",
            Sort::Difficulty => "library-sort-difficulty",
            Sort::Industry => "library-sort-industry",
            Sort::LastPlayed => "library-sort-last-played",
        }
    }
}

/// Seconds between the customer's blinks, and how long the eyes stay shut.
pub const BLINK_EVERY: f64 = 4.2;
/// How long a blink lasts.
pub const BLINK_FOR: f64 = 0.14;
/// Seconds the customer breathes visibly after each reply.
pub const ALIVE_FOR: f64 = 6.0;
/// Seconds the lit rung pulses after the customer moves on the ladder.
pub const PULSE_FOR: f64 = 2.4;
/// Seconds the customer keeps blinking after each reply; then the face rests, so a window
/// left alone costs no CPU.
pub const BLINKS_FOR: f64 = 15.0;

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
    /// Why: what the hinted reply does that earns credit with this customer.
    pub hint_why: Vec<crate::sim::Note>,
    /// The best reply before each decision (0-based among those offered, and its text),
    /// for the debrief.
    pub best_before: Vec<Option<(usize, crate::course::Text)>>,
    /// Decisions at which the trainee asked for a hint (practice only), for the debrief.
    pub hints_used: usize,
    /// Times the trainee rewound (practice only), for the debrief.
    pub rewinds_used: usize,
    /// When the customer last climbed or came down the ladder (egui seconds), so the lit
    /// rung pulses for a moment.
    pub level_changed_at: f64,
    /// Names this play-through in the records.
    pub uuid: String,
    /// Set when the game is a recorded session reopened from the history: it is shown, not
    /// recorded again.
    pub from_history: bool,
    /// When it started (ms since 1970), for the records.
    pub started_ms: i64,
    /// Seconds taken over each decision so far, for the records.
    pub decision_secs: Vec<f64>,
    /// An author's preview from a node of the map: shown as such, never recorded.
    pub preview: bool,
    /// The scenario's file, which live reload follows (None: not from the library).
    pub file: Option<PathBuf>,
    /// Free-reply mode: the trainee types each reply (a practice option).
    pub free: Option<FreeReply>,
}

/// Free-reply mode in a game: the reader for its scenario, what the trainee is typing, and
/// what the reader made of the text last sent while it asks about it.
pub struct FreeReply {
    /// The scenario made ready for reading typed words.
    pub reader: Arc<crate::understand::Reader>,
    /// What the trainee is typing.
    pub draft: String,
    /// The text sent and what the reader made of it, when it asks "did you mean …?" or to
    /// rephrase.
    pub asking: Option<(String, crate::understand::Understanding)>,
    /// The trainee opened the list of replies to pick from instead.
    pub show_list: bool,
}

impl std::fmt::Debug for FreeReply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FreeReply")
            .field("draft", &self.draft)
            .field("asking", &self.asking)
            .field("show_list", &self.show_list)
            .finish_non_exhaustive()
    }
}

impl Game {
    /// A new decision starts at `now`: lines from `typed_from` on type out, the decision's
    /// clock restarts, and no hint is shown.
    pub(super) fn next_decision(&mut self, now: f64, typed_from: usize) {
        self.typed_from = typed_from;
        self.typing_started = now;
        self.decision_started = now;
        self.show_hint = false;
        self.hint = None;
        self.hint_why.clear();
    }
}

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
    /// Card order.
    pub sort: Sort,
    /// Where settings and progress are kept; None keeps nothing (tests, scripted runs).
    pub store: Option<Store>,
    /// The settings as last saved, to save only on a change.
    saved: Settings,
    /// Each scenario's record for the library's badges: the trainee's recorded sessions
    /// (without records, this run's).
    pub progress: Progress,
    /// Whose sessions `progress` was read from (None: to be read again).
    badges_of: Option<String>,
    /// The guided tutorial, when its file loads.
    pub tutorial: Option<Card>,
    /// The trainee asked to leave the game and is being asked to confirm.
    pub confirm_leave: bool,
    /// Counts screen changes, so each visit to a screen starts scrolled to the top.
    pub visit: u64,
    /// When the current screen was entered (egui seconds), for the fade-in.
    pub entered: f64,
    /// The class on the projector, if one is running.
    pub class: Option<super::class::ClassRoom>,
    /// Team names typed on the briefing for a class, comma-separated.
    pub class_teams: String,
    /// Why the last class could not start.
    pub class_error: Option<String>,
    /// The participant being renamed on the projector, and the name typed so far.
    pub class_rename: Option<(crate::classroom::PersonId, String)>,
    /// Every finished or abandoned session is recorded here (with a store).
    pub records: Option<std::sync::Mutex<crate::records::Records>>,
    /// Something the trainee must be told about the records (an unreadable file moved
    /// aside, a session that could not be saved), shown on the title screen.
    pub records_notice: Option<String>,
    /// The history as last read (the History screen), or why it could not be read.
    pub history: Result<Vec<crate::records::SessionRow>, String>,
    /// Why the last session asked for could not be opened from the history.
    pub history_error: Option<String>,
    /// The trainee's progress, worked out when the history opens.
    pub progress_view: ProgressView,
    /// The trainees with records, for the title screen's picker.
    pub trainees: Vec<crate::records::Trainee>,
    /// The belt shown on the title screen, and whose it is.
    pub title_belt: Option<(String, Option<crate::records::progress::Belt>)>,
    /// A rename or delete being asked for on the title screen.
    pub profile_edit: Option<ProfileEdit>,
    /// Why the last profile change was refused.
    pub profile_error: Option<String>,
    /// The style questionnaire being answered: per block, the word picked as most and as
    /// least like the trainee. None shows the kept blend.
    pub style_quiz: Option<Vec<[Option<usize>; 2]>>,
    /// The screen the style self-reflection was opened from (and goes back to).
    pub style_from: Screen,
    /// The kept style self-reflection, and whose it is (read once per trainee shown).
    style_kept: Option<(String, Option<crate::records::style::Style>)>,
    /// Why the style self-reflection could not be kept or read.
    pub style_error: Option<String>,
    /// Live reload of the scenario folders.
    pub live: super::live::Live,
    /// The map screen, while open.
    pub map_view: Option<MapView>,
    /// The organisation's Learning Record Store: endpoint, background syncs, status.
    pub lrs: super::lrs::LrsLink,
    /// Why the LRS settings could not be saved.
    pub lrs_note: Option<String>,
}

/// A change to a trainee profile awaiting the trainee's word.
#[derive(Debug, Clone, PartialEq)]
pub enum ProfileEdit {
    /// Renaming `from`; the new name typed so far.
    Rename {
        /// The current name.
        from: String,
        /// The new name.
        to: String,
    },
    /// Deleting this trainee and every session of theirs (asks first).
    Delete(String),
}

/// What the History screen shows of the trainee's progress.
#[derive(Debug, Clone, Default)]
pub struct ProgressView {
    /// Recency-weighted 情, 理, 法 over the finished sessions.
    pub proficiency: Option<[u8; 3]>,
    /// Habits, most telling first.
    pub habits: Vec<crate::records::progress::Habit>,
    /// The scenario to play next, and the card it is on.
    pub next: Option<(crate::records::progress::Recommendation, usize)>,
    /// What the trainee has towards the belts, the belt held and the next.
    pub standing: crate::records::progress::Standing,
    /// The belt held.
    pub belt: Option<crate::records::progress::Belt>,
    /// The next belt.
    pub next_belt: Option<crate::records::progress::Belt>,
    /// Advice on the trainee's own style against the next scenario's customer.
    pub next_advice: Vec<crate::records::style::Advice>,
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
                lang,
                ..Settings::default()
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
            sort: Sort::File,
            store: None,
            saved: Settings::default(),
            progress: Progress::default(),
            badges_of: None,
            tutorial: None,
            confirm_leave: false,
            visit: 0,
            entered: 0.0,
            class: None,
            class_teams: String::new(),
            class_error: None,
            class_rename: None,
            records: None,
            records_notice: None,
            history: Ok(Vec::new()),
            history_error: None,
            progress_view: ProgressView::default(),
            trainees: Vec::new(),
            title_belt: None,
            profile_edit: None,
            profile_error: None,
            style_quiz: None,
            style_from: Screen::Title,
            style_kept: None,
            style_error: None,
            live: super::live::Live::new(dirs),
            map_view: None,
            lrs: super::lrs::LrsLink::new(None, None),
            lrs_note: None,
        }
    }

    /// Remembers settings and progress in `store` from now on, starting from what it holds;
    /// `lang`, when given (`--lang`), wins over the saved language.
    pub fn with_store(mut self, store: Store, lang: Option<Lang>) -> Model {
        self.settings = store.load_settings();
        if let Some(lang) = lang {
            self.settings.lang = lang;
        }
        self.saved = self.settings.clone();
        match crate::records::Records::open(&store.records_path()) {
            Ok(opened) => {
                if let Some((aside, why)) = &opened.set_aside {
                    self.records_notice = Some(self.i18n.t_args(
                        self.settings.lang,
                        "records-set-aside",
                        &[
                            ("why", why.clone().into()),
                            ("path", aside.display().to_string().into()),
                        ],
                    ));
                }
                self.lrs = super::lrs::LrsLink::new(Some(store.records_path()), store.load_lrs());
                self.lrs.count(&opened.records);
                self.records = Some(std::sync::Mutex::new(opened.records));
                self.refresh_trainees();
            }
            Err(e) => {
                self.records_notice = Some(self.i18n.t_args(
                    self.settings.lang,
                    "records-unavailable",
                    &[("why", e.to_string().into())],
                ));
            }
        }
        self.store = Some(store);
        self.refresh_badges();
        self
    }

    /// Reads the trainees with records again (for the title screen's picker).
    pub fn refresh_trainees(&mut self) {
        self.title_belt = None;
        self.trainees = self
            .records
            .as_ref()
            .and_then(|r| r.lock().ok()?.trainees().ok())
            .unwrap_or_default();
    }

    /// Applies a profile change: `Some(edit)` carries it out (a rename or a delete), after
    /// which the picker is read again; a refusal is kept in `profile_error`.
    pub fn apply_profile_edit(&mut self, edit: ProfileEdit) {
        let Some(records) = &self.records else {
            return;
        };
        let done = match records.lock() {
            Ok(r) => match &edit {
                ProfileEdit::Rename { from, to } => r.rename_trainee(from, to),
                ProfileEdit::Delete(name) => r.delete_trainee(name),
            }
            .map_err(|e| e.to_string()),
            Err(_) => Err(self.t("history-no-records")),
        };
        match done {
            Ok(()) => {
                self.settings.name = match edit {
                    ProfileEdit::Rename { to, .. } => to.trim().to_string(),
                    ProfileEdit::Delete(_) => String::new(),
                };
                self.profile_error = None;
                self.profile_edit = None;
                // A deleted trainee's name may be typed again: nothing of theirs stays.
                self.badges_of = None;
                self.style_kept = None;
            }
            Err(why) => self.profile_error = Some(why),
        }
        self.refresh_trainees();
    }

    /// Adds the name typed on the title screen as a trainee (if it is not one yet).
    pub fn create_trainee(&mut self) {
        let name = self.settings.name.trim().to_string();
        let done = match &self.records {
            Some(r) => match r.lock() {
                Ok(r) => r.add_trainee(&name).map_err(|e| e.to_string()),
                Err(_) => Err(self.t("history-no-records")),
            },
            None => return,
        };
        self.profile_error = done.err();
        self.refresh_trainees();
    }

    /// The trainee whose records are shown and kept: the title screen's name (without one,
    /// a fixed name in both languages, so switching language never splits a history).
    pub fn trainee(&self) -> String {
        match self.settings.name.trim() {
            "" => crate::records::ANONYMOUS.to_string(),
            name => name.to_string(),
        }
    }

    /// Opens the History screen with the trainee's sessions, newest first.
    pub fn open_history(&mut self) {
        let trainee = self.trainee();
        self.history = match &self.records {
            None => Err(self
                .records_notice
                .clone()
                .unwrap_or_else(|| self.t("history-no-records"))),
            Some(r) => match r.lock() {
                Ok(r) => match r.history(Some(&trainee)) {
                    Ok(rows) => Ok(rows),
                    Err(crate::records::RecordsError::NoSuchTrainee(_)) => Ok(Vec::new()),
                    Err(e) => Err(e.to_string()),
                },
                Err(_) => Err(self.t("history-no-records")),
            },
        };
        self.history_error = None;
        self.progress_view = self.progress_of(&trainee);
        self.go(Screen::History);
    }

    /// The trainee's proficiency, habits and next scenario, from the records and the library.
    pub fn progress_of(&self, trainee: &str) -> ProgressView {
        let progress = self
            .records
            .as_ref()
            .and_then(|r| {
                crate::records::progress::Progress::read(&*r.lock().ok()?, trainee, &self.cards)
                    .ok()
            })
            .unwrap_or_default();
        let next = progress.next.and_then(|r| {
            let card = self
                .cards
                .iter()
                .position(|c| c.scenario.as_ref().is_some_and(|s| s.id == r.scenario))?;
            Some((r, card))
        });
        ProgressView {
            next_advice: progress.next_advice,
            standing: progress.standing,
            belt: progress.belt,
            next_belt: progress.next_belt,
            proficiency: progress.proficiency,
            habits: progress.habits.into_iter().take(4).collect(),
            next,
        }
    }

    /// Opens recorded session `id` in the debrief: the scenario is replayed from its seed
    /// and actions, so every decision shows its feedback and the best reply there. Returns
    /// why not, when the scenario is no longer in the library or its file has changed.
    pub fn open_recorded(&mut self, id: i64) -> Result<(), String> {
        let record = match &self.records {
            Some(r) => r
                .lock()
                .map_err(|_| self.t("history-no-records"))?
                .session(id)
                .map_err(|e| e.to_string())?,
            None => None,
        }
        .ok_or_else(|| self.t("history-no-records"))?;
        let engine = self
            .cards
            .iter()
            .filter_map(|c| c.engine.clone())
            .find(|e| e.scenario().id == record.scenario)
            .ok_or_else(|| {
                self.i18n.t_args(
                    self.settings.lang,
                    "history-scenario-gone",
                    &[("id", record.scenario.clone().into())],
                )
            })?;
        if engine.revision() != record.revision {
            return Err(self.t("history-scenario-changed"));
        }
        let typed: Vec<Option<crate::sim::Typed>> =
            record.decisions.iter().map(|d| d.typed.clone()).collect();
        let session = Session::replay_typed(
            engine.clone(),
            record.seed,
            record.mode,
            record.shuffled,
            &record.actions,
            &typed,
        )
        .map_err(|(i, e)| {
            let at = self.i18n.t_args(
                self.settings.lang,
                "play-decision",
                &[("n", (i + 1).into())],
            );
            format!("{at}: {e}")
        })?;
        self.mode = record.mode;
        self.begin(engine, record.seed);
        if let Some(g) = self.game.as_mut() {
            g.session = session;
            g.uuid = record.uuid;
            g.from_history = true;
            g.started_ms = record.started_ms;
            g.hints_used = record.hints as usize;
            g.rewinds_used = record.rewinds as usize;
            g.typed_from = g.session.transcript().len();
        }
        self.finish();
        Ok(())
    }

    /// Records the game in progress, completed or (when it has not ended) abandoned; a
    /// game with no decision yet, and the tutorial, are not recorded. Recording the same
    /// game again replaces its record.
    fn record_session(&mut self) {
        if self.in_tutorial()
            || self
                .game
                .as_ref()
                .is_some_and(|g| g.from_history || g.preview)
        {
            return;
        }
        let (Some(g), Some(records)) = (&self.game, &self.records) else {
            return;
        };
        if g.session.turns().is_empty() {
            return;
        }
        let trainee = self.trainee();
        let cx = crate::records::Context {
            trainee,
            started_ms: g.started_ms,
            duration_ms: crate::records::store::now_ms() - g.started_ms,
            hints: g.hints_used as u32,
            rewinds: g.rewinds_used as u32,
            seconds: g.decision_secs.clone(),
        };
        let record = crate::records::SessionRecord::of(&g.session, g.uuid.clone(), &cx);
        let saved = match records.lock() {
            Ok(mut r) => {
                let saved = r
                    .record(&record, Some(g.session.engine()))
                    .map(|_| ())
                    .map_err(|e| e.to_string());
                self.lrs.count(&r);
                saved
            }
            Err(_) => Err("the records are in use".to_string()),
        };
        self.badges_of = None;
        match saved {
            // When an LRS is saved, the new statements go at once, in the background.
            Ok(()) => self.lrs.sync(),
            Err(why) => {
                self.records_notice = Some(self.i18n.t_args(
                    self.settings.lang,
                    "records-not-saved",
                    &[("why", why.into())],
                ));
            }
        }
    }

    /// Saves the LRS endpoint and credentials as typed (mode 0600, beside the settings) and
    /// sends what waits.
    pub fn save_lrs(&mut self) {
        let Some(store) = &self.store else {
            return;
        };
        match store.save_lrs(&self.lrs.endpoint) {
            Ok(()) => {
                self.lrs.saved = Some(self.lrs.endpoint.clone());
                self.lrs_note = None;
                self.lrs.sync();
            }
            Err(e) => self.lrs_note = Some(e.to_string()),
        }
    }

    /// Adds the guided tutorial from `path` (a scenario file); a file that does not load
    /// is reported and left out.
    pub fn with_tutorial(mut self, path: &std::path::Path) -> Model {
        let lib = Library::load(&[path.to_path_buf()], self.catalogue.clone());
        match lib.entries.into_iter().next() {
            Some(card) if card.engine.is_some() => self.tutorial = Some(card),
            Some(card) => {
                for d in card.diagnostics.iter().filter(|d| d.is_error()) {
                    eprintln!("{d}");
                }
            }
            None => eprintln!("warning: no tutorial at {}", path.display()),
        }
        self
    }

    /// Saves the settings if they changed since the last save (called once a frame).
    pub fn persist(&mut self) {
        if self.settings == self.saved {
            return;
        }
        self.saved = self.settings.clone();
        if let Some(store) = &self.store
            && let Err(e) = store.save_settings(&self.settings)
        {
            eprintln!(
                "warning: cannot save {}: {e}",
                store.settings_path().display()
            );
        }
    }

    /// Reads the library's badges from the trainee's records, when they are another
    /// trainee's or a session was recorded since.
    pub fn refresh_badges(&mut self) {
        let Some(records) = &self.records else {
            return;
        };
        let who = self.trainee();
        if self.badges_of.as_deref() == Some(who.as_str()) {
            return;
        }
        // A trainee without records has no badges; a store that could not be read is tried
        // again next time rather than taken for an empty one.
        let rows = match records.lock().map(|r| r.history(Some(&who))) {
            Ok(Ok(rows)) => rows,
            Ok(Err(crate::records::RecordsError::NoSuchTrainee(_))) => Vec::new(),
            _ => return,
        };
        self.progress = Progress::from_history(&rows);
        self.badges_of = Some(who);
    }

    /// Goes to `screen`, starting it scrolled to the top.
    pub fn go(&mut self, screen: Screen) {
        if screen == Screen::Library {
            self.refresh_badges();
        }
        if self.screen != screen {
            self.screen = screen;
            self.visit += 1;
            self.entered = self.now;
        }
        self.confirm_leave = false;
    }

    /// Leaves the game in progress for the library; nothing is recorded.
    pub fn leave_game(&mut self) {
        // Finished or not, the game is recorded (again, harmlessly, after the debrief).
        self.record_session();
        self.game = None;
        self.go(Screen::Library);
    }

    /// Puts a class on the projector.
    pub fn start_class(&mut self, room: super::class::ClassRoom) {
        self.class = Some(room);
        self.go(Screen::Class);
    }

    /// Starts a class on the selected scenario from the briefing: hot-seat (the teams typed
    /// there; with none, the whole room is one team whose majority the instructor records)
    /// or live (phones on the network; teams optional). The LAN host
    /// listens on port 8080, or any free port if that one is taken.
    pub fn start_class_here(&mut self, live: bool) {
        use crate::classroom::server::{self, HostConfig};
        self.class_error = None;
        let Some(engine) = self.selected.and_then(|i| self.cards[i].engine.clone()) else {
            return;
        };
        let teams: Vec<String> = self
            .class_teams
            .split([',', '，', '、', ';', '；'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect();
        let teams = if !live && teams.is_empty() {
            vec![self.t("class-window-whole-room")]
        } else {
            teams
        };
        let seed = self.next_seed;
        self.next_seed = seed.wrapping_add(1);
        let session = Session::start(engine, seed, Mode::Practice, true);
        let class = match crate::classroom::Class::new(session, teams) {
            Ok(c) => c,
            Err(_) => {
                self.class_error = Some(self.t("class-error-teams"));
                return;
            }
        };
        let dir = self
            .store
            .as_ref()
            .map_or_else(|| PathBuf::from("classes"), |s| s.classes_dir());
        if !live {
            self.start_class(super::class::ClassRoom::hot_seat(class, dir));
            return;
        }
        let config = HostConfig {
            port: 8080,
            lang: self.settings.lang,
            ..HostConfig::default()
        };
        let started = server::start(class.clone(), config.clone())
            .or_else(|_| server::start(class, HostConfig { port: 0, ..config }));
        match started {
            Ok(host) => self.start_class(super::class::ClassRoom::live(host, dir)),
            Err(e) => self.class_error = Some(format!("{} {e}", self.t("class-error-host"))),
        }
    }

    /// Ends the class on the projector (a live host stops) and goes back to the library.
    pub fn leave_class(&mut self) {
        self.class = None;
        self.go(Screen::Library);
    }

    /// Starts the guided tutorial in practice mode.
    pub fn start_tutorial(&mut self) {
        let Some(engine) = self.tutorial.as_ref().and_then(|c| c.engine.clone()) else {
            return;
        };
        self.settings.tutorial_seen = true;
        self.selected = None;
        self.mode = Mode::Practice;
        self.begin(engine, 1);
    }

    /// Whether the game in progress is the tutorial.
    pub fn in_tutorial(&self) -> bool {
        let (Some(g), Some(t)) = (&self.game, &self.tutorial) else {
            return false;
        };
        t.engine
            .as_ref()
            .is_some_and(|e| Arc::ptr_eq(e, g.session.engine()))
    }

    /// A UI string in the current language.
    pub fn t(&self, key: &str) -> String {
        self.i18n.t(self.settings.lang, key)
    }

    /// Indices of the cards that pass the filters.
    pub fn visible(&self) -> Vec<usize> {
        let f = &self.filter;
        let needle = f.text.to_lowercase();
        let mut shown = self
            .cards
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                let Some(s) = c.scenario.as_deref() else {
                    return f.disc.is_none() && f.archetype.is_none() && f.difficulty.is_none();
                };
                f.disc.is_none_or(|d| s.customer.disc == d)
                    && f.archetype.is_none_or(|a| match a {
                        Some(a) => s.customer.archetypes.contains(&a),
                        None => s.customer.archetypes.is_empty(),
                    })
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
            .collect::<Vec<_>>();
        // A stable sort: ties keep the file order.
        match self.sort {
            Sort::File => {}
            Sort::Difficulty => shown.sort_by_key(|&i| {
                self.cards[i]
                    .scenario
                    .as_ref()
                    .map_or(u8::MAX, |s| s.difficulty)
            }),
            Sort::Industry => shown.sort_by_key(|&i| {
                self.cards[i]
                    .scenario
                    .as_ref()
                    .and_then(|s| Industry::ALL.iter().position(|x| *x == s.industry))
                    .unwrap_or(usize::MAX)
            }),
            Sort::LastPlayed => shown.sort_by_key(|&i| {
                std::cmp::Reverse(
                    self.cards[i]
                        .scenario
                        .as_ref()
                        .and_then(|s| self.progress.of(&s.id))
                        .map_or(0, |p| p.last_played),
                )
            }),
        }
        shown
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
            self.go(Screen::Briefing);
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
        self.begin(engine, seed);
    }

    pub(super) fn begin(&mut self, engine: Arc<crate::sim::Engine>, seed: u64) {
        let file = self
            .cards
            .iter()
            .find(|c| c.engine.as_ref().is_some_and(|e| Arc::ptr_eq(e, &engine)))
            .map(|c| c.path.clone());
        let free = (self.mode == Mode::Practice && self.settings.free_reply).then(|| FreeReply {
            reader: Arc::new(crate::understand::Reader::new(
                engine.scenario().clone(),
                engine.catalogue(),
            )),
            draft: String::new(),
            asking: None,
            show_list: false,
        });
        let session = Session::start(engine, seed, self.mode, true);
        self.game = Some(Game {
            session,
            typed_from: 0,
            typing_started: self.now,
            decision_started: self.now,
            show_hint: false,
            hint: None,
            hint_why: Vec::new(),
            best_before: Vec::new(),
            hints_used: 0,
            rewinds_used: 0,
            level_changed_at: f64::NEG_INFINITY,
            uuid: crate::records::new_uuid(),
            from_history: false,
            started_ms: crate::records::store::now_ms(),
            decision_secs: Vec::new(),
            preview: false,
            file,
            free,
        });
        self.next_seed = seed.wrapping_add(1);
        self.go(Screen::Play);
    }

    /// Replays the finished game with the same seed.
    pub fn replay_same_seed(&mut self) {
        if self.in_tutorial() {
            self.start_tutorial();
            return;
        }
        if let Some(seed) = self.game.as_ref().map(|g| g.session.seed()) {
            self.start(seed);
        }
    }

    /// Takes an action in the game; the new lines type out.
    pub fn act(&mut self, action: Action) {
        self.act_typed(action, None);
    }

    /// Takes an action with the words the trainee typed for it (free reply).
    fn act_typed(&mut self, action: Action, typed: Option<crate::sim::Typed>) {
        let now = self.now;
        let Some(g) = self.game.as_mut() else { return };
        let before = g.session.transcript().len();
        let level = g.session.state().level;
        if let Some(free) = g.free.as_mut() {
            free.asking = None;
            free.show_list = false;
        }
        if g.session.act_typed(action, typed).is_ok() {
            g.decision_secs.push((now - g.decision_started).max(0.0));
            if g.session.state().level != level {
                g.level_changed_at = now;
            }
            g.next_decision(now, before);
        }
    }

    /// Sends what the trainee typed (free reply): when the reader is confident the decision
    /// is taken as the reply it matched; otherwise it asks "did you mean …?" or to rephrase,
    /// and the words stay in the box.
    pub fn send_typed(&mut self) {
        let lang = self.settings.lang;
        let Some(g) = self.game.as_mut() else { return };
        let Some(node) = g.session.at_node() else {
            return;
        };
        let offered: Vec<usize> = g.session.offered().iter().map(|(i, _)| *i).collect();
        let Some(free) = g.free.as_mut() else { return };
        let text = free.draft.trim().to_string();
        if text.is_empty() {
            return;
        }
        let u = free.reader.understand(node, &offered, &text, lang);
        match u.reading {
            crate::understand::Reading::Matched(index) => {
                let typed = u.typed(&text);
                free.draft.clear();
                self.take_typed(index, typed);
            }
            _ => free.asking = Some((text, u)),
        }
    }

    /// The trainee says which reply they meant when asked "did you mean …?" (an index into
    /// the node's replies).
    pub fn confirm_typed(&mut self, index: usize) {
        let Some(free) = self.game.as_mut().and_then(|g| g.free.as_mut()) else {
            return;
        };
        let Some((text, u)) = free.asking.take() else {
            return;
        };
        let typed = u.typed(&text);
        free.draft.clear();
        self.take_typed(index, typed);
    }

    fn take_typed(&mut self, index: usize, typed: crate::sim::Typed) {
        let Some(g) = self.game.as_ref() else { return };
        if let Some(n) = g.session.offered().iter().position(|(i, _)| *i == index) {
            self.act_typed(Action::Choose(n), Some(typed));
        }
    }

    /// Rewinds to just before decision `n` (0-based).
    pub fn rewind(&mut self, n: usize) {
        let now = self.now;
        if let Some(g) = self.game.as_mut() {
            g.session.rewind(n);
            if let Some(free) = g.free.as_mut() {
                free.asking = None;
            }
            g.decision_secs.truncate(n);
            g.rewinds_used += 1;
            let shown = g.session.transcript().len();
            g.next_decision(now, shown);
        }
    }

    /// Shows the analysis's best reply for this decision (searched once, when asked).
    pub fn ask_hint(&mut self) {
        if let Some(g) = self.game.as_mut() {
            if !g.show_hint {
                g.hints_used += 1;
            }
            g.hint = g.session.best_choice();
            g.hint_why = g
                .hint
                .and_then(|n| g.session.offered().get(n).map(|(i, _)| *i))
                .and_then(|i| g.session.engine().step(g.session.state(), i))
                .map(|step| {
                    step.assessment
                        .notes
                        .into_iter()
                        .filter(|n| n.impact.gains() && !n.voided)
                        .collect()
                })
                .unwrap_or_default();
            g.show_hint = true;
        }
    }

    /// Shows every line in full at once.
    pub fn skip_typing(&mut self) {
        let now = self.now;
        if let Some(g) = self.game.as_mut()
            && g.typed_from < g.session.transcript().len()
        {
            g.typed_from = g.session.transcript().len();
            g.typing_started = now;
        }
    }

    /// Characters still to type, and the seconds typing them takes at the chosen speed.
    fn typing_total(&self) -> (usize, f64) {
        let Some(g) = &self.game else {
            return (0, 0.0);
        };
        let t = g.session.transcript();
        let total: usize = t[g.typed_from.min(t.len())..]
            .iter()
            .map(|e| e.text.get(self.settings.lang).chars().count())
            .sum();
        let cps = f64::from(self.settings.typing_cps);
        let secs = if cps > 0.0 { total as f64 / cps } else { 0.0 };
        (total, secs)
    }

    /// How many characters of the typing lines are visible now, and whether typing is done.
    pub fn typing_progress(&self) -> (usize, bool) {
        let Some(g) = &self.game else {
            return (0, true);
        };
        let (total, secs) = self.typing_total();
        let elapsed = (self.now - g.typing_started).max(0.0);
        if elapsed >= secs {
            return (total, true);
        }
        let shown = (elapsed * f64::from(self.settings.typing_cps)) as usize;
        (shown.min(total), false)
    }

    /// The assessment timer for this decision: seconds left and the full time. The clock
    /// stands still while the customer's lines type out, and starts when they are shown.
    pub fn timer(&self) -> Option<(f64, f64)> {
        let g = self.game.as_ref()?;
        if g.session.mode() != Mode::Assessment || g.session.is_over() {
            return None;
        }
        let secs = f64::from(g.session.engine().scenario().timer_secs?);
        let (_, typing) = self.typing_total();
        let started = g.decision_started.max(g.typing_started + typing);
        Some((
            (secs - (self.now - started).clamp(0.0, secs)).max(0.0),
            secs,
        ))
    }

    /// When the window must draw again with no input, in seconds from now: while lines type
    /// out, the clock runs, the customer breathes or the lit rung pulses, a frame every few
    /// hundredths of a second; otherwise at the next blink, for a while after each reply;
    /// otherwise never (None). The window sleeps until then, so an idle screen costs no CPU.
    pub fn next_frame_in(&self) -> Option<f64> {
        if self.screen == Screen::Class {
            // A live class wakes the window itself when something changes; only a running
            // vote timer needs a frame each second.
            return self
                .class
                .as_ref()
                .and_then(|c| c.host())
                .and_then(|h| h.snapshot().seconds_left)
                .map(|_| 1.0);
        }
        if self.screen != Screen::Play {
            return None;
        }
        let g = self.game.as_ref()?;
        let now = self.now;
        let (_, typing_done) = self.typing_progress();
        let mut soonest = f64::INFINITY;
        if !typing_done {
            soonest = soonest.min(0.05);
        }
        if let Some(left) = self.time_left()
            && typing_done
        {
            soonest = soonest.min(left.clamp(0.01, 0.2));
        }
        // Slow motions (breathing, the pulse) look smooth at about twelve frames a second.
        if now - g.typing_started < ALIVE_FOR || now - g.level_changed_at < PULSE_FOR {
            soonest = soonest.min(0.08);
        }
        if now - g.typing_started < BLINKS_FOR {
            let phase = now.rem_euclid(BLINK_EVERY);
            soonest = soonest.min(if phase < BLINK_FOR {
                BLINK_FOR - phase
            } else {
                BLINK_EVERY - phase
            });
        }
        soonest.is_finite().then_some(soonest.max(0.01))
    }

    /// Seconds left for this decision, when the assessment timer runs.
    pub fn time_left(&self) -> Option<f64> {
        self.timer().map(|(left, _)| left)
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
            self.record_finished();
            self.record_session();
            self.go(Screen::Debrief);
        }
    }

    /// Without records, adds the finished game to the scenario's badges for this run (with
    /// records, the badges are read back from them). Not the tutorial.
    fn record_finished(&mut self) {
        if self.records.is_some()
            || self.in_tutorial()
            || self.game.as_ref().is_some_and(|g| g.from_history)
        {
            return;
        }
        let Some(g) = &self.game else { return };
        let Some(standing) = g.session.standing() else {
            return;
        };
        let scores = g.session.scores();
        let mut three = [0u8; 3];
        for (slot, sc) in three.iter_mut().zip(&scores) {
            *slot = sc.score;
        }
        let id = g.session.engine().scenario().id.clone();
        let best = Best {
            scores: three,
            passed: standing.passed,
            assessed: g.session.mode() == Mode::Assessment,
        };
        self.progress.record(&id, best, super::store::unix_now());
    }
}

/// The style self-reflection: take it, keep it, read it back, and its advice.
impl Model {
    /// Opens the style self-reflection from `from`: the kept blend, or the questionnaire
    /// when there is none yet.
    pub fn open_style(&mut self, from: Screen) {
        self.style_from = from;
        self.style_error = None;
        self.style_quiz = None;
        if self.style().is_none() {
            self.retake_style();
        }
        self.go(Screen::Style);
    }

    /// Starts the questionnaire afresh.
    pub fn retake_style(&mut self) {
        let blocks = crate::records::style::reflection().blocks.len();
        self.style_quiz = Some(vec![[None, None]; blocks]);
    }

    /// Picks word `word` of block `block` as most (`least` false) or least like the
    /// trainee; the same word cannot be both, so the other pick is dropped.
    pub fn pick_style_word(&mut self, block: usize, word: usize, least: bool) {
        let Some(row) = self.style_quiz.as_mut().and_then(|q| q.get_mut(block)) else {
            return;
        };
        let (this, other) = if least { (1, 0) } else { (0, 1) };
        row[this] = Some(word);
        if row[other] == Some(word) {
            row[other] = None;
        }
    }

    /// Blocks answered in full, and blocks asked.
    pub fn style_answered(&self) -> (usize, usize) {
        self.style_quiz.as_ref().map_or((0, 0), |q| {
            (
                q.iter()
                    .filter(|r| r[0].is_some() && r[1].is_some())
                    .count(),
                q.len(),
            )
        })
    }

    /// Scores the questionnaire and keeps the blend in the trainee's profile; a refusal (a
    /// block unanswered, the records unwritable) is kept in `style_error`.
    pub fn save_style(&mut self) {
        use crate::records::style::{self, Answer, Blend, Style};
        let reflection = style::reflection();
        let Some(quiz) = &self.style_quiz else {
            return;
        };
        let answers: Option<Vec<Answer>> = quiz
            .iter()
            .zip(&reflection.blocks)
            .map(|(row, block)| {
                Some(Answer {
                    most: block.words.get(row[0]?)?.disc,
                    least: block.words.get(row[1]?)?.disc,
                })
            })
            .collect();
        let Some(answers) = answers else {
            return;
        };
        let kept = Blend::of(reflection, &answers)
            .map_err(|e| e.to_string())
            .and_then(|blend| {
                let style = Style {
                    blend,
                    answers: style::encode(&answers),
                    taken_ms: crate::records::store::now_ms(),
                };
                let records = self
                    .records
                    .as_ref()
                    .ok_or_else(|| self.t("history-no-records"))?;
                let records = records.lock().map_err(|_| self.t("history-no-records"))?;
                records
                    .set_style(&self.trainee(), &style)
                    .map_err(|e| e.to_string())
            });
        match kept {
            Ok(()) => {
                self.style_quiz = None;
                self.style_error = None;
                self.style_kept = None;
                self.refresh_trainees();
            }
            Err(why) => self.style_error = Some(why),
        }
    }

    /// Forgets the trainee's style self-reflection and goes back.
    pub fn clear_style(&mut self) {
        let done = match &self.records {
            Some(r) => match r.lock() {
                Ok(r) => r.clear_style(&self.trainee()).map_err(|e| e.to_string()),
                Err(_) => Err(self.t("history-no-records")),
            },
            None => Ok(()),
        };
        self.style_kept = None;
        match done {
            Ok(()) => {
                self.style_error = None;
                self.go(self.style_from);
            }
            Err(why) => self.style_error = Some(why),
        }
    }

    /// The trainee's kept style self-reflection, if any (read from the records once per
    /// trainee).
    pub fn style(&mut self) -> Option<crate::records::style::Style> {
        let who = self.trainee();
        if self.style_kept.as_ref().is_none_or(|(w, _)| *w != who) {
            let kept = self
                .records
                .as_ref()
                .and_then(|r| r.lock().ok()?.style(&who).ok().flatten());
            self.style_kept = Some((who, kept));
        }
        self.style_kept.as_ref().and_then(|(_, s)| s.clone())
    }

    /// Advice on the trainee's own style against a `customer`, one line per leading style
    /// (none before the self-reflection).
    pub fn style_advice(&mut self, customer: Disc) -> Vec<String> {
        let Some(kept) = self.style() else {
            return Vec::new();
        };
        crate::records::style::reflection()
            .advice_for(&kept.blend, customer)
            .into_iter()
            .map(|a| self.advice_line(a))
            .collect()
    }

    /// One line of style advice in the window's language.
    pub fn advice_line(&self, a: &crate::records::style::Advice) -> String {
        let lang = self.settings.lang;
        crate::locale::style_advice(&self.i18n, lang, &self.catalogue, a, |t| {
            t.get(lang).to_string()
        })
    }
}
