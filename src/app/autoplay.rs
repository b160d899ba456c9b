//! The scripted run: `complaint-dojo --autoplay SCENARIO --screenshots DIR` plays a scenario
//! from the title screen to the debrief, in Chinese and then in English, saving a screenshot
//! of every screen plus `faces.json` (where the customer's face is, in pixels), then quits.
//! It drives the same `Model` a trainee's clicks do. Along the way it opens the tutorial,
//! the leave dialog, a hint, the assessment timer and the library's badges (its settings and
//! records live in `DIR/home`, never the trainee's), and at the end it shows every screen
//! again at text size 2.0. Then it holds a hot-seat class of three teams on the same
//! scenario (the instructor's projector): the teams' replies recorded, a three-way tie the
//! instructor settles, the reveal, and the end with the scoreboard. With a `typed.ron` in the
//! screenshots folder (free-reply evaluation cases for the scenario, in both languages), it
//! also plays the scenario by typing: a reply in the box, a "did you mean …?", the feedback
//! on typed words, the ending and the debrief.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy_egui::EguiContexts;

use super::model;
use super::window::ModelRes;
use crate::classroom::Phase;
use crate::classroom::protocol::ClientMsg;
use crate::course::Lang;
use crate::sim::{Action, Mode};

/// Frames to let egui lay out before a screenshot, and to let a capture reach the disk.
const SETTLE: u32 = 8;
const CAPTURE: u32 = 25;

#[derive(Debug, Clone)]
enum Step {
    Lang(Lang),
    Go(model::Screen),
    Select,
    Start(Mode),
    Tutorial,
    Hint,
    AskLeave,
    Leave,
    Sort(model::Sort),
    Scale(f32),
    ChooseWorst,
    Rewind,
    PlayBest {
        first_only: bool,
    },
    /// The best replies until a cast member has just spoken or is addressed by a reply on
    /// offer (nothing, in a scenario without a cast).
    PlayBestToGroup,
    Finish,
    Shot(String),
    /// A hot-seat class on the selected scenario, with these team names.
    HotSeat(&'static str),
    /// Each team records a different reply, the best among them, so the vote ties.
    RecordSpread,
    /// The instructor settles the tie on the best of the tied replies.
    DecideBest,
    /// A host command to the class.
    Class(ClientMsg),
    /// The class plays on to the end: two teams pick the best reply, the third the worst.
    ClassToEnd,
    /// Leaves the class for the library.
    LeaveClass,
    /// Opens the history.
    History,
    /// Picks the first trainee with records on the title screen.
    PickTrainee,
    /// Opens the newest recorded session from the history in the debrief.
    OpenRecorded,
    /// Opens the style self-reflection afresh and answers the first half of it.
    StyleQuiz,
    /// Answers the rest of the style self-reflection and keeps it.
    StyleFinish,
    /// Opens the selected scenario's map.
    Map,
    /// Picks the map's latest node on the best route, to preview from.
    MapPick,
    /// Starts the preview from the node picked.
    Preview,
    /// Turns free reply (typing replies) on or off for the next practice.
    FreeReply(bool),
    /// Puts the route's next line for this decision in the reply box, unsent.
    TypeNext,
    /// Sends what is in the reply box.
    Send,
    /// Types and sends the route's lines until the reader asks "did you mean …?" (or the
    /// conversation ends).
    TypeToQuestion,
    /// Answers "did you mean …?" with the reply the route's line meant.
    ConfirmMeant,
    /// Types and sends the route's lines to the end, answering any question as meant.
    TypeToEnd,
    Exit,
}

/// The script and where it is.
#[derive(Resource)]
pub struct Autoplay {
    scenario: String,
    dir: PathBuf,
    /// Typed replies for free reply (`typed.ron` in the screenshots folder: evaluation cases
    /// for this scenario), and which have been typed.
    route: Vec<crate::understand::evaluation::Case>,
    typed: Vec<bool>,
    /// The reply the line last sent meant (index into its node's replies).
    meant: Option<usize>,
    steps: Vec<Step>,
    next: usize,
    wait: u32,
    faces: std::collections::BTreeMap<String, [f32; 4]>,
    failed: Option<String>,
}

impl Autoplay {
    /// The script for `scenario`, saving into `dir`.
    pub fn new(scenario: String, dir: PathBuf) -> Autoplay {
        let route: Vec<crate::understand::evaluation::Case> =
            std::fs::read_to_string(dir.join("typed.ron"))
                .ok()
                .and_then(|t| crate::source::ron::ron_options().from_str(&t).ok())
                .map(|cases: Vec<crate::understand::evaluation::Case>| {
                    cases
                        .into_iter()
                        .filter(|c| c.scenario == scenario)
                        .collect()
                })
                .unwrap_or_default();
        let mut steps = Vec::new();
        for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
            let shot = |name: &str| Step::Shot(format!("{tag}-{name}"));
            steps.extend([
                Step::Lang(lang),
                Step::Go(model::Screen::Title),
                shot("01-title"),
                Step::StyleQuiz,
                shot("19-style-quiz"),
                Step::StyleFinish,
                shot("20-style-blend"),
                Step::Go(model::Screen::Title),
                Step::Tutorial,
                shot("02-tutorial"),
                Step::AskLeave,
                shot("03-leave-dialog"),
                Step::Leave,
                Step::Sort(model::Sort::LastPlayed),
                shot("04-library"),
                Step::Select,
                shot("05-briefing"),
                Step::Map,
                shot("21-map"),
                Step::MapPick,
                shot("22-map-preview"),
                Step::Preview,
                shot("23-preview-play"),
                Step::Leave,
                Step::Select,
                Step::Start(Mode::Practice),
                shot("06-play-calm"),
                // Two of the worst replies: one wrong reply rarely turns a customer
                // furious on its own.
                Step::ChooseWorst,
                Step::ChooseWorst,
                shot("07-play-angry"),
                Step::Rewind,
                Step::PlayBest { first_only: true },
                Step::Hint,
                shot("08-play-hint"),
                // In a group complaint, on to where someone besides the customer speaks or a
                // reply is addressed to them.
                Step::PlayBestToGroup,
                shot("24-play-group"),
                Step::PlayBest { first_only: false },
                shot("09-play-ending"),
                Step::Finish,
                shot("10-debrief"),
                Step::Start(Mode::Assessment),
                shot("11-assessment"),
                Step::Go(model::Screen::Library),
                Step::Sort(model::Sort::File),
            ]);
            if !route.is_empty() {
                // Free reply: the whole scenario played by typing.
                steps.extend([
                    Step::FreeReply(true),
                    Step::Select,
                    Step::Start(Mode::Practice),
                    Step::TypeNext,
                    shot("25-free-typing"),
                    Step::Send,
                    Step::TypeToQuestion,
                    shot("26-free-did-you-mean"),
                    Step::ConfirmMeant,
                    shot("27-free-feedback"),
                    Step::TypeToEnd,
                    shot("28-free-ending"),
                    Step::Finish,
                    shot("29-free-debrief"),
                    Step::FreeReply(false),
                    Step::Go(model::Screen::Library),
                ]);
            }
            let teams = match lang {
                Lang::Zh => "红队，蓝队，绿队",
                Lang::En => "Red, Blue, Green",
            };
            steps.extend(hot_seat(teams, &shot, true));
            steps.extend([
                Step::History,
                shot("16-history"),
                Step::OpenRecorded,
                shot("17-history-debrief"),
                Step::Go(model::Screen::Title),
                Step::PickTrainee,
                shot("18-title-trainee"),
                Step::Go(model::Screen::Library),
            ]);
        }
        // Large text: every screen again at 2.0 (a projector), Chinese and English.
        for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
            let shot = |name: &str| Step::Shot(format!("{tag}-scale2-{name}"));
            steps.extend([
                Step::Lang(lang),
                Step::Scale(2.0),
                Step::Go(model::Screen::Title),
                shot("01-title"),
                Step::StyleQuiz,
                shot("19-style-quiz"),
                Step::StyleFinish,
                shot("20-style-blend"),
                Step::Go(model::Screen::Library),
                shot("04-library"),
                Step::Select,
                shot("05-briefing"),
                Step::Map,
                Step::MapPick,
                shot("22-map-preview"),
                Step::Select,
                Step::Start(Mode::Practice),
                Step::PlayBest { first_only: true },
                Step::Hint,
                shot("08-play-hint"),
                Step::PlayBest { first_only: false },
                Step::Finish,
                shot("10-debrief"),
                Step::Start(Mode::Assessment),
                shot("11-assessment"),
                Step::Go(model::Screen::Library),
            ]);
            steps.extend(hot_seat("A, B, C", &shot, false));
            steps.push(Step::Scale(1.0));
        }
        steps.push(Step::Exit);
        Autoplay {
            scenario,
            dir,
            typed: vec![false; route.len()],
            route,
            meant: None,
            steps,
            next: 0,
            wait: SETTLE,
            faces: Default::default(),
            failed: None,
        }
    }
}

/// Whether the free-reply reader is asking about the last line sent.
fn asked(m: &model::Model) -> bool {
    m.game
        .as_ref()
        .and_then(|g| g.free.as_ref())
        .is_some_and(|f| f.asking.is_some())
}

/// Puts the route's next unused line for the decision at hand (in the window's language)
/// in the reply box; false when there is none.
fn type_line(auto: &mut Autoplay, m: &mut model::Model) -> bool {
    let lang = m.settings.lang;
    let Some(g) = m.game.as_mut() else {
        return false;
    };
    let Some(node) = g.session.at_node() else {
        return false;
    };
    let id = &g.session.engine().scenario().nodes[node].id;
    let Some(k) = (0..auto.route.len())
        .find(|&k| !auto.typed[k] && auto.route[k].node == *id && auto.route[k].lang == lang)
    else {
        return false;
    };
    let Some(free) = g.free.as_mut() else {
        return false;
    };
    auto.typed[k] = true;
    auto.meant = auto.route[k].choice.map(|c| c.saturating_sub(1));
    free.draft = auto.route[k].text.clone();
    free.asking = None;
    true
}

/// Sends the reply box, as the Send button does.
fn send_line(m: &mut model::Model) {
    m.skip_typing();
    m.send_typed();
    m.skip_typing();
}

/// The reply (0-based among those offered) that leaves the customer in the worst mood.
/// The reply that angers the customer most; in a public-opinion crisis, the one that feeds
/// the story most (so the angry screenshot shows the meter climbing).
fn worst_reply(session: &crate::sim::Session) -> Option<usize> {
    let engine = session.engine();
    let state = session.state();
    let crisis = engine.has_opinion();
    session
        .offered()
        .iter()
        .enumerate()
        .filter_map(|(n, &(i, _))| {
            engine.step(state, i).map(|st| {
                let heat = if crisis { st.state.heat } else { 0 };
                (std::cmp::Reverse(heat), st.state.mood, n)
            })
        })
        .min()
        .map(|(.., n)| n)
}

/// Answers `blocks` of the style self-reflection as a trainee who leans to I, then C: most
/// like them the I word (every third block the C word), least the S or the D word.
fn answer_style(m: &mut model::Model, blocks: std::ops::Range<usize>) {
    use crate::course::Disc;
    let reflection = crate::records::style::reflection();
    for k in blocks {
        let Some(block) = reflection.blocks.get(k) else {
            continue;
        };
        let word = |d: Disc| block.words.iter().position(|w| w.disc == d);
        let most = if k % 3 == 2 {
            Disc::Conscientious
        } else {
            Disc::Influence
        };
        let least = if k % 2 == 0 {
            Disc::Steady
        } else {
            Disc::Dominant
        };
        if let (Some(most), Some(least)) = (word(most), word(least)) {
            m.pick_style_word(k, most, false);
            m.pick_style_word(k, least, true);
        }
    }
}

/// A hot-seat class of `teams` on the selected scenario, from the library: the teams' replies
/// recorded into a tie, the instructor's pick, the reveal, the end; every screen is shot, or
/// (`every` false) only the reveal and the end.
fn hot_seat(teams: &'static str, shot: &dyn Fn(&str) -> Step, every: bool) -> Vec<Step> {
    let maybe = |name: &str| every.then(|| shot(name));
    [
        Some(Step::Select),
        Some(Step::HotSeat(teams)),
        maybe("12-class-ready"),
        Some(Step::RecordSpread),
        Some(Step::Class(ClientMsg::Lock {})),
        maybe("13-class-tie"),
        Some(Step::DecideBest),
        Some(Step::Class(ClientMsg::Reveal {})),
        Some(shot("14-class-reveal")),
        Some(Step::ClassToEnd),
        Some(shot("15-class-over")),
        Some(Step::LeaveClass),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Advances the script by one step whenever the previous one has settled.
pub fn drive(
    mut commands: Commands,
    mut auto: ResMut<Autoplay>,
    mut model: ResMut<ModelRes>,
    mut contexts: EguiContexts,
    mut exit: MessageWriter<AppExit>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    ctx.request_repaint();
    if auto.wait > 0 {
        auto.wait -= 1;
        return Ok(());
    }
    let Some(step) = auto.steps.get(auto.next).cloned() else {
        return Ok(());
    };
    auto.next += 1;
    auto.wait = SETTLE;
    let m = &mut model.0;
    match step {
        Step::Lang(lang) => m.settings.lang = lang,
        Step::Go(screen) => m.go(screen),
        Step::Select => {
            let id = auto.scenario.clone();
            if m.select_id(&id) {
                m.open_briefing(m.selected.unwrap_or(0));
            } else {
                auto.failed = Some(format!("no playable scenario `{id}` in the library"));
                auto.next = auto.steps.len() - 1;
            }
        }
        Step::Start(mode) => {
            m.mode = mode;
            m.start(1);
            m.skip_typing();
        }
        Step::Tutorial => {
            m.start_tutorial();
            if m.game.is_none() {
                auto.failed = Some("the tutorial did not load".into());
            }
            m.skip_typing();
        }
        Step::Hint => m.ask_hint(),
        Step::AskLeave => m.confirm_leave = true,
        Step::Leave => m.leave_game(),
        Step::Sort(sort) => m.sort = sort,
        Step::Scale(scale) => m.settings.scale = scale,
        Step::ChooseWorst => {
            if let Some(n) = m.game.as_ref().and_then(|g| worst_reply(&g.session)) {
                m.act(Action::Choose(n));
            }
            m.skip_typing();
        }
        Step::Rewind => {
            m.rewind(0);
            m.skip_typing();
        }
        Step::PlayBestToGroup => {
            let group_now = |g: &model::Game| {
                let s = &g.session;
                let spoke = s.transcript().iter().rev().take(3).any(|e| e.who.is_some());
                let scenario = s.engine().scenario();
                let addressed = match s.state().at {
                    crate::sim::At::Node(n) => s
                        .offered()
                        .iter()
                        .any(|(i, _)| scenario.nodes[n].choices[*i].to.is_some()),
                    crate::sim::At::Ended(_) => false,
                };
                spoke || addressed
            };
            while let Some(g) = m.game.as_ref() {
                if g.session.engine().scenario().cast.is_empty() || group_now(g) {
                    break;
                }
                let Some(n) = g.session.best_choice() else {
                    break;
                };
                m.act(Action::Choose(n));
            }
            m.skip_typing();
        }
        Step::FreeReply(on) => m.settings.free_reply = on,
        Step::TypeNext => {
            if !type_line(&mut auto, m) {
                auto.failed = Some("typed.ron has no line for the first decision".into());
            }
        }
        Step::Send => send_line(m),
        Step::TypeToQuestion => {
            while !asked(m) && type_line(&mut auto, m) {
                send_line(m);
            }
            m.skip_typing();
        }
        Step::ConfirmMeant => {
            if let Some(i) = auto.meant.filter(|_| asked(m)) {
                m.confirm_typed(i);
            }
            m.skip_typing();
        }
        Step::TypeToEnd => {
            loop {
                if asked(m) {
                    match auto.meant {
                        Some(i) => m.confirm_typed(i),
                        None => break,
                    }
                }
                if m.game.as_ref().is_none_or(|g| g.session.is_over()) || !type_line(&mut auto, m) {
                    break;
                }
                send_line(m);
            }
            if m.game.as_ref().is_some_and(|g| !g.session.is_over()) {
                auto.failed = Some("typed.ron ran out of lines before the end".into());
            }
            m.skip_typing();
        }
        Step::PlayBest { first_only } => {
            while let Some(n) = m.game.as_ref().and_then(|g| g.session.best_choice()) {
                m.act(Action::Choose(n));
                if first_only {
                    break;
                }
            }
            m.skip_typing();
        }
        Step::Finish => {
            m.finish();
            // Let the scores finish counting up before the screenshot.
            auto.wait = 90;
        }
        Step::Shot(name) => {
            let path = auto.dir.join(format!("{name}.png"));
            commands
                .spawn(Screenshot::primary_window())
                .observe(save_to_disk(path));
            if let Some(r) = m.face_rect.filter(|_| name.contains("play")) {
                let ppp = ctx.pixels_per_point();
                let px = [r.min.x, r.min.y, r.max.x, r.max.y].map(|v| (v * ppp).round());
                auto.faces.insert(name.clone(), px);
            }
            auto.wait = CAPTURE;
        }
        Step::HotSeat(teams) => {
            m.class_teams = teams.into();
            m.start_class_here(false);
            if m.class.is_none() {
                auto.failed = Some(format!(
                    "the hot-seat class did not start: {:?}",
                    m.class_error
                ));
                auto.next = auto.steps.len() - 1;
            }
        }
        Step::RecordSpread => {
            if let Some(room) = &mut m.class {
                // The best reply first, then the others in order: a tie the best is in.
                let picks: Vec<usize> = {
                    let view = room.class();
                    let class = view.get();
                    let best = class.session().best_choice().unwrap_or(0);
                    let others = (0..class.replies().len()).filter(|&n| n != best);
                    std::iter::once(best)
                        .chain(others)
                        .cycle()
                        .take(class.teams().len())
                        .collect()
                };
                for (t, n) in picks.into_iter().enumerate() {
                    room.command(ClientMsg::Record {
                        team: t + 1,
                        reply: Some(n + 1),
                    });
                }
            }
        }
        Step::DecideBest => {
            if let Some(room) = &mut m.class {
                let best = room.class().get().session().best_choice();
                if let Some(n) = best {
                    room.command(ClientMsg::Decide { reply: n + 1 });
                }
            }
        }
        Step::Class(msg) => {
            if let Some(room) = &mut m.class {
                room.command(msg);
                if let Some(e) = room.last_error() {
                    auto.failed = Some(format!("the class refused a command: {e}"));
                }
            }
        }
        Step::ClassToEnd => {
            if let Some(room) = &mut m.class {
                // Bounded: a scenario ends long before this many decisions.
                for _ in 0..200 {
                    let (phase, best, worst, teams) = {
                        let view = room.class();
                        let class = view.get();
                        let s = class.session();
                        (
                            class.phase(),
                            s.best_choice(),
                            worst_reply(s),
                            class.teams().len(),
                        )
                    };
                    match phase {
                        Phase::Over => break,
                        Phase::Revealed => room.command(ClientMsg::Advance {}),
                        Phase::Ready | Phase::Open => {
                            for team in 1..=teams {
                                let pick = if team == teams { worst } else { best };
                                room.command(ClientMsg::Record {
                                    team,
                                    reply: pick.map(|n| n + 1),
                                });
                            }
                            room.command(ClientMsg::Lock {});
                            room.command(ClientMsg::Reveal {});
                        }
                        Phase::Locked => room.command(ClientMsg::Reveal {}),
                    }
                    if let Some(e) = room.last_error() {
                        auto.failed = Some(format!("the class refused a command: {e}"));
                        break;
                    }
                }
            }
            // The report is written by the frame that first draws the end.
            auto.wait = 30;
        }
        Step::LeaveClass => {
            if m.class.as_ref().is_some_and(|c| c.report.is_none()) {
                auto.failed = Some("the class ended without saving its report".into());
            }
            if let Some(Some(Err(e))) = m.class.as_ref().map(|c| c.report.clone()) {
                auto.failed = Some(format!("the class report was not saved: {e}"));
            }
            m.leave_class();
        }
        Step::History => m.open_history(),
        Step::Map => match m.selected {
            Some(i) => m.open_map(i),
            None => auto.failed = Some("no scenario selected for the map".into()),
        },
        Step::MapPick => {
            // The node of the best route furthest from the start.
            let pick = m.map_view.as_ref().and_then(|v| {
                let on_route: Vec<usize> = v
                    .map
                    .edges
                    .iter()
                    .filter(|e| e.best)
                    .filter_map(|e| e.from)
                    .collect();
                on_route.into_iter().max_by_key(|&n| v.layout.nodes[n].0)
            });
            match pick {
                Some(n) => {
                    m.pick_map_node(n);
                    if let Some(v) = m.map_view.as_mut() {
                        v.focus = Some(n);
                    }
                }
                None => auto.failed = Some("the map has no best route".into()),
            }
        }
        Step::Preview => {
            m.start_preview();
            if !m.game.as_ref().is_some_and(|g| g.preview) {
                auto.failed = Some("the preview did not start".into());
            }
            m.skip_typing();
        }
        Step::PickTrainee => {
            m.refresh_trainees();
            match m.trainees.first() {
                Some(t) => m.settings.name = t.name.clone(),
                None => auto.failed = Some("no trainee was recorded".into()),
            }
        }
        Step::OpenRecorded => {
            let newest = m
                .history
                .as_ref()
                .ok()
                .and_then(|rows| rows.first())
                .map(|r| r.id);
            match newest.map(|id| m.open_recorded(id)) {
                Some(Ok(())) => auto.wait = 90,
                Some(Err(why)) => auto.failed = Some(format!("the history did not open: {why}")),
                None => auto.failed = Some("the history is empty".into()),
            }
        }
        Step::StyleQuiz => {
            m.open_style(model::Screen::Title);
            m.retake_style();
            answer_style(m, 0..crate::records::style::reflection().blocks.len() / 2);
        }
        Step::StyleFinish => {
            answer_style(m, 0..crate::records::style::reflection().blocks.len());
            m.save_style();
            if let Some(e) = &m.style_error {
                auto.failed = Some(format!("the style self-reflection was not kept: {e}"));
            } else if m.style().is_none() {
                auto.failed = Some("the style self-reflection was not kept".into());
            }
        }
        Step::Exit => {
            match serde_json::to_string_pretty(&auto.faces) {
                Ok(json) => {
                    if let Err(e) = std::fs::write(auto.dir.join("faces.json"), json) {
                        auto.failed = Some(format!("cannot write faces.json: {e}"));
                    }
                }
                Err(e) => auto.failed = Some(format!("cannot write faces.json: {e}")),
            }
            match &auto.failed {
                None => {
                    exit.write(AppExit::Success);
                }
                Some(why) => {
                    eprintln!("autoplay failed: {why}");
                    exit.write(AppExit::error());
                }
            }
        }
    }
    Ok(())
}
