//! The window's screens driven like a user would, with egui_kittest (no GPU): click by
//! label (through AccessKit, as a screen reader would), press keys, read what the screen
//! shows.

use std::path::PathBuf;

use complaint_dojo::app::model::{Model, Screen};
use complaint_dojo::app::ui;
use complaint_dojo::course::Lang;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common::{catalogue, root};

struct State {
    model: Model,
    fonts: bool,
}

fn harness(dirs: &[PathBuf], lang: Lang) -> Harness<'static, State> {
    let model = Model::new(dirs, catalogue(), lang);
    Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .with_max_steps(400)
        .build_ui_state(
            |ui, s: &mut State| {
                if !s.fonts {
                    ui::install_fonts(ui.ctx());
                    ui::install_style(ui.ctx());
                    s.fonts = true;
                }
                ui::show_root(ui.ctx(), &mut s.model);
            },
            State {
                model,
                fonts: false,
            },
        )
}

fn library() -> Vec<PathBuf> {
    vec![root().join("scenarios")]
}

#[test]
fn the_title_screen_switches_language_and_opens_the_library() {
    let mut h = harness(&library(), Lang::Zh);
    h.get_by_label("投诉处理道场");
    h.get_by_label("English").click_accesskit();
    h.run();
    assert_eq!(h.state().model.settings.lang, Lang::En);
    h.get_by_label("Complaint Dojo");
    h.get_by_label("Go to the scenario library")
        .click_accesskit();
    h.run();
    assert_eq!(h.state().model.screen, Screen::Library);
    let total = h.state().model.cards.len();
    h.get_by_label(&format!("{total} of {total} scenarios"));
    h.get_by_label("Mr Chen in the corner of the gate");
}

#[test]
fn the_library_shows_a_broken_file_as_a_card_with_its_errors() {
    let dir = std::env::temp_dir().join(format!("dojo-ui-lib-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("broken.ron"),
        "Scenario(\n  id: \"x\",\n  versoin: 1,\n)",
    )
    .unwrap();
    let mut h = harness(&[root().join("scenarios"), dir.clone()], Lang::En);
    h.state_mut().model.screen = Screen::Library;
    h.run();
    std::fs::remove_dir_all(&dir).unwrap();
    h.get_by_label("This file has problems and cannot be played");
    // On its card, and in the problems along the bottom.
    let place = "broken.ron:3:3: error: unknown field `versoin` in `Scenario`";
    assert_eq!(h.query_all_by_label_contains(place).count(), 2);
    h.get_by_label_contains("Problems in the scenario files (1)");
}

#[test]
fn library_filters_narrow_the_cards() {
    let mut h = harness(&library(), Lang::En);
    h.state_mut().model.screen = Screen::Library;
    let total = h.state().model.cards.len();
    let c_type = h
        .state()
        .model
        .cards
        .iter()
        .filter(|c| {
            c.scenario
                .as_ref()
                .is_some_and(|s| s.customer.disc == complaint_dojo::course::Disc::Conscientious)
        })
        .count();
    assert!(c_type >= 1 && c_type < total);
    h.state_mut().model.filter.disc = Some(complaint_dojo::course::Disc::Conscientious);
    h.run();
    h.get_by_label(&format!("{c_type} of {total} scenarios"));
    h.get_by_label("The leaking engine and the 30,000-yuan claim");
    assert!(
        h.query_by_label("Mr Chen in the corner of the gate")
            .is_none()
    );
    h.state_mut().model.filter.disc = None;
    h.state_mut().model.filter.text = "weibo".into();
    h.run();
    h.get_by_label(&format!("1 of {total} scenarios"));
    h.get_by_label("A late birthday gift, already on Weibo");
    // Course cases are found by their course name in either language, and the card shows it.
    h.state_mut().model.filter.text = "误导销售但拒不举证".into();
    h.run();
    h.get_by_label(&format!("2 of {total} scenarios"));
    h.get_by_label("\"He told me it was guaranteed!\"");
    assert_eq!(
        h.query_all_by_label("· Mis-selling claim without evidence")
            .count(),
        2
    );
}

use complaint_dojo::app::ui::play::KEYS;

/// The replies shown now, as indices into the node's `choices`, in display order.
fn shown_order(h: &Harness<'static, State>) -> Vec<usize> {
    let g = h.state().model.game.as_ref().unwrap();
    g.session.offered().iter().map(|(i, _)| *i).collect()
}

/// Where the file's reply `index` is shown now (0-based display position).
fn position_of(h: &Harness<'static, State>, index: usize) -> usize {
    shown_order(h).iter().position(|&i| i == index).unwrap()
}

/// Playing the telecom scenario: briefing read, Start pressed, opening line typed out.
fn started(lang: Lang) -> Harness<'static, State> {
    let mut h = playing(lang);
    h.get_by_label("Start").click_accesskit();
    h.run();
    h.state_mut().model.skip_typing();
    h.run();
    h
}

fn playing(lang: Lang) -> Harness<'static, State> {
    let mut h = harness(&library(), lang);
    let m = &mut h.state_mut().model;
    assert!(m.select_id("telecom-data-charge"));
    m.open_briefing(m.selected.unwrap());
    h.run();
    h
}

#[test]
fn a_trainee_plays_by_clicking_a_reply_and_sees_feedback() {
    let mut h = playing(Lang::En);
    h.get_by_label("Briefing · \"I never used that data!\"");
    h.get_by_label("Start").click_accesskit();
    h.run();
    assert_eq!(h.state().model.screen, Screen::Play);
    h.state_mut().model.skip_typing();
    h.run();
    h.get_by_label_contains("Mr Zhao, I'm pulling your itemised usage now")
        .click_accesskit();
    h.run();
    h.state_mut().model.skip_typing();
    h.run();
    // The trainee's line is in the transcript, and practice feedback names the technique.
    h.get_by_label_contains("You'll have an answer within two minutes");
    h.get_by_label_contains("Technique · Respond fast");
    assert_eq!(
        h.state().model.game.as_ref().unwrap().session.turns().len(),
        1
    );
}

#[test]
fn keys_one_to_six_choose_and_the_ladder_lights_up() {
    let mut h = started(Lang::En);
    // Replies are shuffled by the seed: find which key shows the file's third reply
    // ("the billing system is rarely wrong"), then the next decision's second (a long
    // explanation to a man who has no time): Mr Zhao asks for a manager.
    let shown = position_of(&h, 2);
    h.key_press(KEYS[shown]);
    h.run();
    let g = h.state().model.game.as_ref().unwrap();
    assert_eq!(g.session.turns().len(), 1);
    assert_eq!(g.session.turns()[0].choice, Some(2));
    h.state_mut().model.skip_typing();
    h.run();
    let shown = position_of(&h, 1);
    h.key_press(KEYS[shown]);
    h.run();
    assert_eq!(
        h.state().model.game.as_ref().unwrap().session.turns().len(),
        2
    );
    h.get_by_label_contains("▶ Supervisor");
}

#[test]
fn switching_language_rerenders_scenario_text_at_once() {
    let mut h = started(Lang::En);
    assert_eq!(
        h.query_all_by_label("Mr Zhao").count(),
        2,
        "name on the panel and in the transcript"
    );
    h.state_mut().model.settings.lang = Lang::Zh;
    h.run();
    assert_eq!(h.query_all_by_label("Mr Zhao").count(), 0);
    assert_eq!(h.query_all_by_label("赵总").count(), 2);
    h.get_by_label_contains("赵总，我现在调您的流量详单");
}

#[test]
fn rewind_goes_back_to_an_earlier_decision() {
    let mut h = playing(Lang::En);
    h.get_by_label("Start").click_accesskit();
    h.run();
    for _ in 0..2 {
        h.state_mut().model.skip_typing();
        h.run();
        h.key_press(egui::Key::Num1);
        h.run();
    }
    assert_eq!(
        h.state().model.game.as_ref().unwrap().session.turns().len(),
        2
    );
    h.get_by_label("Rewind to decision…").click_accesskit();
    h.run();
    h.get_by_label("Before decision 2").click_accesskit();
    h.run();
    assert_eq!(
        h.state().model.game.as_ref().unwrap().session.turns().len(),
        1
    );
}

#[test]
fn the_hint_names_the_best_reply() {
    let mut h = playing(Lang::En);
    h.get_by_label("Start").click_accesskit();
    h.run();
    h.get_by_label("Hint").click_accesskit();
    h.run();
    // The best reply is the file's second; it is shown wherever the seed put it.
    let shown = position_of(&h, 1) + 1;
    h.get_by_label(&format!("The analysis suggests reply {shown}."));
}

#[test]
fn the_debrief_shows_outcome_scores_and_best_alternatives() {
    let mut h = playing(Lang::En);
    h.get_by_label("Start").click_accesskit();
    h.run();
    h.get_by_label("Hint").click_accesskit();
    h.run();
    // A wrong first reply (the file's first: patient listening, right for an S customer and
    // too slow for this D one), then the best replies to the end.
    h.key_press(KEYS[position_of(&h, 0)]);
    h.run();
    loop {
        let best = {
            let g = h.state().model.game.as_ref().unwrap();
            if g.session.is_over() {
                break;
            }
            g.session.best_choice().unwrap()
        };
        h.state_mut()
            .model
            .act(complaint_dojo::sim::Action::Choose(best));
        h.run();
    }
    h.state_mut().model.skip_typing();
    h.run();
    h.get_by_label("See the debrief").click_accesskit();
    h.run();
    assert_eq!(h.state().model.screen, Screen::Debrief);
    h.get_by_label_contains("情 · Empathy");
    // The outcome counts: its verdict, passed or not, and the overall band.
    h.get_by_label_contains("Outcome: ");
    h.get_by_label_contains("Overall band: ");
    // Practice aids are counted: one hint was asked for on the way.
    h.get_by_label("Practice aids used: 1 hint and 0 rewinds");
    h.get_by_label_contains("Best reply here: Mr Zhao, I'm pulling your itemised usage now");
    h.get_by_label("Replay the same seed").click_accesskit();
    h.run();
    assert_eq!(h.state().model.screen, Screen::Play);
    assert_eq!(h.state().model.game.as_ref().unwrap().session.seed(), 1);
}

#[test]
fn the_assessment_timer_runs_out_into_a_silence() {
    let dir = std::env::temp_dir().join(format!("dojo-ui-timer-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(root().join("tests/fixtures/minimal.ron"))
        .unwrap()
        .replacen("minutes: 2,", "minutes: 2,\n    timer_secs: Some(5),", 1);
    std::fs::write(dir.join("timed.ron"), text).unwrap();
    let mut h = harness(std::slice::from_ref(&dir), Lang::En);
    std::fs::remove_dir_all(&dir).unwrap();
    let m = &mut h.state_mut().model;
    assert!(m.select_id("minimal"));
    m.mode = complaint_dojo::sim::Mode::Assessment;
    m.open_briefing(m.selected.unwrap());
    h.run();
    h.get_by_label("Decision timer: 5 s");
    // A slow typist, so the opening line is still typing when we look.
    h.state_mut().model.settings.typing_cps = 2.0;
    h.get_by_label("Start").click_accesskit();
    // Typing keeps asking for frames: step a few rather than run to rest.
    h.run_steps(4);
    // The clock waits while the customer's opening line types out…
    h.get_by_label_contains("the clock waits while the customer speaks");
    let full = h.state().model.timer().unwrap();
    assert_eq!(full.0, full.1, "no time is lost while the customer speaks");
    // …and runs once it is shown.
    h.state_mut().model.skip_typing();
    h.run_steps(2);
    h.get_by_label_contains("s left");
    let (left, full) = h.state().model.timer().unwrap();
    assert!(left < full, "the clock runs once the line is shown");
    // Let egui's clock pass the deadline.
    for _ in 0..400 {
        h.step();
        if !h
            .state()
            .model
            .game
            .as_ref()
            .unwrap()
            .session
            .turns()
            .is_empty()
        {
            break;
        }
    }
    let g = h.state().model.game.as_ref().unwrap();
    assert_eq!(
        g.session.turns()[0].action,
        complaint_dojo::sim::Action::TimedOut
    );
    assert!(
        h.query_by_label("Feedback").is_none(),
        "assessment mode shows no feedback panel"
    );
}

#[test]
fn every_ui_string_exists_in_both_languages() {
    assert_eq!(
        complaint_dojo::locale::I18n::missing_keys(),
        Vec::<String>::new()
    );
}

#[test]
fn replies_are_shown_in_a_seeded_order_that_replays_exactly() {
    let mut h = playing(Lang::En);
    h.get_by_label("Start").click_accesskit();
    h.run();
    let first = shown_order(&h);
    // Across many seeds the best reply is not always shown first.
    let engine = h
        .state()
        .model
        .game
        .as_ref()
        .unwrap()
        .session
        .engine()
        .clone();
    let firsts: std::collections::BTreeSet<usize> = (0..30)
        .map(|seed| {
            complaint_dojo::sim::Session::start(
                engine.clone(),
                seed,
                complaint_dojo::sim::Mode::Practice,
                true,
            )
            .offered()[0]
                .0
        })
        .collect();
    assert!(firsts.len() > 1, "the same reply is always shown first");
    // The same seed shows the same order again.
    h.state_mut().model.replay_same_seed();
    h.run();
    let again = shown_order(&h);
    assert_eq!(first, again);
}

/// A scenario whose 24 independent flags make 2^24 customer states: the analysis stops at
/// its bound, and the trainee is told that 100 is only the best route found so far.
#[test]
fn a_scenario_too_large_to_analyse_says_so_on_the_briefing() {
    let dir = std::env::temp_dir().join(format!("dojo-ui-partial-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fixture = std::fs::read_to_string(root().join("tests/fixtures/minimal.ron")).unwrap();
    let head = &fixture[..fixture.find("    start:").unwrap()];
    let nodes: String = (0..24)
        .map(|k| {
            let next = if k < 23 {
                format!("Goto(\"n{}\")", k + 1)
            } else {
                "End(\"done\")".to_string()
            };
            format!(
                r#"        (id: "n{k}", lines: [(text: (zh: "嗯。", en: "Hm."))], choices: [
            (text: (zh: "记下", en: "Note it"), techniques: ["offer_options"], sets: ["f{k}"], next: {next}),
            (text: (zh: "跳过", en: "Skip it"), techniques: ["follow_up"], next: {next}),
        ]),
"#
            )
        })
        .collect();
    let text = format!(
        "{}    start: \"n0\",\n    nodes: [\n{nodes}    ],\n{}",
        head.replace("id: \"minimal\"", "id: \"flags\""),
        &fixture[fixture.find("    endings:").unwrap()..]
    );
    std::fs::write(dir.join("flags.ron"), text).unwrap();
    let mut h = harness(std::slice::from_ref(&dir), Lang::En);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(h.state_mut().model.select_id("flags"));
    let i = h.state().model.selected.unwrap();
    h.state_mut().model.open_briefing(i);
    h.run();
    h.get_by_label_contains("too large to analyse completely");
}

/// Every character a trainee can be shown — in the bundled scenarios, the catalogue and both
/// locales — has a glyph in the fonts the window installs, so nothing shows as a box (tofu).
#[test]
fn every_shipped_character_has_a_glyph_in_the_shipped_fonts() {
    let mut text = String::new();
    for dir in ["scenarios", "assets/locales/zh-CN", "assets/locales/en"] {
        let mut paths: Vec<_> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "ron" || x == "ftl"))
            .collect();
        paths.sort();
        for p in paths {
            text.push_str(&std::fs::read_to_string(p).unwrap());
        }
    }
    // Each character must be in the character map of some font of the proportional
    // family, in the order the window installs them. (egui's own `has_glyph` cannot be used:
    // it counts every character of the font that holds its replacement glyph ◻ as missing.)
    use skrifa::MetadataProvider;
    let defs = ui::font_definitions();
    let faces: Vec<_> = defs.families[&egui::FontFamily::Proportional]
        .iter()
        .map(|name| defs.font_data[name].clone())
        .collect();
    let maps: Vec<_> = faces
        .iter()
        .map(|data| {
            skrifa::FontRef::from_index(&data.font, data.index)
                .unwrap()
                .charmap()
        })
        .collect();
    let mut chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
    chars.sort_unstable();
    chars.dedup();
    let missing: Vec<String> = chars
        .iter()
        .filter(|c| maps.iter().all(|m| m.map(**c).is_none()))
        .map(|c| format!("{c} U+{:04X}", u32::from(*c)))
        .collect();
    assert!(
        missing.is_empty(),
        "{} characters have no glyph:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

/// A fresh folder for settings and progress.
fn home(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dojo-home-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn harness_with_home(dir: &std::path::Path, lang: Option<Lang>) -> Harness<'static, State> {
    use complaint_dojo::app::store::Store;
    let model = Model::new(&library(), catalogue(), Lang::Zh)
        .with_store(Store::at(dir), lang)
        .with_tutorial(&root().join("assets/tutorial.ron"));
    Harness::builder()
        .with_size(egui::vec2(1280.0, 720.0))
        .with_max_steps(400)
        .build_ui_state(
            |ui, s: &mut State| {
                if !s.fonts {
                    ui::install_fonts(ui.ctx());
                    ui::install_style(ui.ctx());
                    s.fonts = true;
                }
                ui::show_root(ui.ctx(), &mut s.model);
            },
            State {
                model,
                fonts: false,
            },
        )
}

#[test]
fn settings_are_remembered_between_runs_and_a_command_line_language_wins() {
    let dir = home("settings");
    let mut h = harness_with_home(&dir, None);
    h.get_by_label("English").click_accesskit();
    h.run();
    h.state_mut().model.settings.name = "Li Na".into();
    h.state_mut().model.settings.typing_cps = 0.0;
    h.run();
    drop(h);
    // Next run: the same name, language and typing speed.
    let h = harness_with_home(&dir, None);
    let s = &h.state().model.settings;
    assert_eq!(
        (s.name.as_str(), s.lang, s.typing_cps),
        ("Li Na", Lang::En, 0.0)
    );
    h.get_by_label("Complaint Dojo");
    // `--lang zh` for one run wins over the saved language.
    let h = harness_with_home(&dir, Some(Lang::Zh));
    assert_eq!(h.state().model.settings.lang, Lang::Zh);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_damaged_settings_file_is_set_aside_not_lost() {
    use complaint_dojo::app::store::Store;
    let dir = home("damaged");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("settings.ron"), "(name: \"Li Na\", scale: ").unwrap();
    let store = Store::at(&dir);
    let s = store.load_settings();
    assert_eq!(s.name, "", "defaults are used");
    assert_eq!(
        std::fs::read_to_string(dir.join("settings.ron.bad")).unwrap(),
        "(name: \"Li Na\", scale: ",
        "the damaged file is kept beside"
    );
    // Out-of-range numbers from a hand-edited file are brought back into range.
    std::fs::write(
        dir.join("settings.ron"),
        "(scale: 40.0, typing_cps: -3.0, lang: en)",
    )
    .unwrap();
    let s = store.load_settings();
    assert_eq!((s.scale, s.typing_cps, s.lang), (2.0, 0.0, Lang::En));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Plays the telecom scenario's best route to the debrief.
fn finish_best(h: &mut Harness<'static, State>) {
    let m = &mut h.state_mut().model;
    assert!(m.select_id("telecom-data-charge"));
    m.open_briefing(m.selected.unwrap());
    m.start(1);
    while let Some(n) = m.game.as_ref().and_then(|g| g.session.best_choice()) {
        m.act(complaint_dojo::sim::Action::Choose(n));
    }
    m.finish();
    h.run();
}

#[test]
fn a_finished_scenario_gets_badges_and_sorts_first_by_last_played() {
    let dir = home("progress");
    let mut h = harness_with_home(&dir, Some(Lang::En));
    finish_best(&mut h);
    assert_eq!(h.state().model.screen, Screen::Debrief);
    h.get_by_label("Back to library").click_accesskit();
    h.run();
    h.get_by_label("played 1 time");
    h.get_by_label("passed");
    h.get_by_label_contains("best 情 ");
    // The scenarios with a clock say so before they are played.
    assert!(h.query_all_by_label("timed: 60 s").count() >= 1);
    let telecom = h
        .state()
        .model
        .cards
        .iter()
        .position(|c| {
            c.scenario
                .as_ref()
                .is_some_and(|s| s.id == "telecom-data-charge")
        })
        .unwrap();
    assert_ne!(h.state().model.visible()[0], telecom);
    h.state_mut().model.sort = complaint_dojo::app::model::Sort::LastPlayed;
    assert_eq!(h.state().model.visible()[0], telecom);
    // Easiest first: difficulties never go down.
    h.state_mut().model.sort = complaint_dojo::app::model::Sort::Difficulty;
    let m = &h.state().model;
    let stars: Vec<u8> = m
        .visible()
        .iter()
        .map(|&i| m.cards[i].scenario.as_ref().unwrap().difficulty)
        .collect();
    assert!(stars.windows(2).all(|w| w[0] <= w[1]), "{stars:?}");
    drop(h);
    // The record survives a restart.
    let mut h = harness_with_home(&dir, Some(Lang::En));
    let p = h.state().model.progress.of("telecom-data-charge").unwrap();
    assert_eq!((p.plays, p.passed), (1, true));
    // The badges are the trainee's own: another name starts with none.
    h.state_mut().model.settings.name = "Someone Else".into();
    h.state_mut().model.go(Screen::Library);
    h.run();
    assert!(h.state().model.progress.of("telecom-data-charge").is_none());
    assert!(h.query_by_label("played 1 time").is_none());
    // Back to the trainee with the badges; deleted, and the same name typed again, none stay.
    h.state_mut().model.settings.name = String::new();
    h.state_mut().model.go(Screen::Title);
    h.state_mut().model.go(Screen::Library);
    h.run();
    h.get_by_label("played 1 time");
    h.state_mut()
        .model
        .apply_profile_edit(complaint_dojo::app::model::ProfileEdit::Delete(
            complaint_dojo::records::ANONYMOUS.into(),
        ));
    h.state_mut().model.go(Screen::Library);
    h.run();
    assert!(h.query_by_label("played 1 time").is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_no_archetype_filter_shows_only_plain_customers() {
    let mut h = harness(&library(), Lang::En);
    h.state_mut().model.screen = Screen::Library;
    h.state_mut().model.filter.archetype = Some(None);
    h.run();
    let m = &h.state().model;
    let shown = m.visible();
    assert!(!shown.is_empty());
    assert!(shown.iter().all(|&i| {
        m.cards[i]
            .scenario
            .as_ref()
            .is_some_and(|s| s.customer.archetypes.is_empty())
    }));
    h.get_by_label("Mr Chen in the corner of the gate");
    assert!(
        h.query_by_label("A hair in the cake, and 300,000 followers")
            .is_none()
    );
}

#[test]
fn leaving_mid_game_asks_first_and_esc_again_keeps_playing() {
    let mut h = started(Lang::En);
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by_label("Leave this scenario?");
    h.get_by_label("Keep playing").click_accesskit();
    h.run();
    assert_eq!(h.state().model.screen, Screen::Play);
    assert!(h.query_by_label("Leave this scenario?").is_none());
    // Keys 1–6 do nothing while the dialog is open.
    h.get_by_label("← Leave").click_accesskit();
    h.run();
    h.key_press(KEYS[0]);
    h.run();
    assert!(
        h.state()
            .model
            .game
            .as_ref()
            .unwrap()
            .session
            .turns()
            .is_empty()
    );
    h.get_by_label("Leave for the library").click_accesskit();
    h.run();
    assert_eq!(h.state().model.screen, Screen::Library);
    assert!(h.state().model.game.is_none());
}

#[test]
fn the_hint_says_why_for_this_customer() {
    let mut h = started(Lang::En);
    h.get_by_label("Hint").click_accesskit();
    h.run();
    // Mr Zhao is Dominant: the hint says what such a customer wants, then what the best
    // reply does and earns.
    h.get_by_label_contains("A Dominant customer wants the result first");
    h.get_by_label("What it does for this customer:");
    let why = &h.state().model.game.as_ref().unwrap().hint_why;
    assert!(!why.is_empty() && why.iter().all(|n| n.impact.gains()));
}

#[test]
fn a_first_run_offers_the_tutorial_which_can_be_skipped_or_replayed() {
    let dir = home("tutorial");
    let mut h = harness_with_home(&dir, Some(Lang::En));
    h.get_by_label("Start the tutorial").click_accesskit();
    h.run();
    assert!(h.state().model.in_tutorial());
    h.state_mut().model.skip_typing();
    h.run();
    h.get_by_label_contains("[Tutorial]");
    h.get_by_label("← Leave").click_accesskit();
    h.run();
    h.get_by_label("Leave for the library").click_accesskit();
    h.run();
    drop(h);
    // Seen once: the title now leads to the library, with the tutorial one click away.
    let mut h = harness_with_home(&dir, Some(Lang::En));
    assert!(h.query_by_label("Start the tutorial").is_none());
    h.get_by_label("Go to the scenario library");
    h.get_by_label("Replay the tutorial").click_accesskit();
    h.run();
    assert!(h.state().model.in_tutorial());
    // The tutorial leaves no record in the library.
    let m = &mut h.state_mut().model;
    while let Some(n) = m.game.as_ref().and_then(|g| g.session.best_choice()) {
        m.act(complaint_dojo::sim::Action::Choose(n));
    }
    m.finish();
    assert!(m.progress.scenarios.is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_withdrawn_customer_looks_hurt_and_sad_not_angry() {
    use complaint_dojo::app::ui::face::Expression;
    // The catalogue says which DISC types turn inward; the face follows it.
    let cat = catalogue();
    assert!(
        cat.withdraws
            .contains(&complaint_dojo::course::Disc::Steady)
    );
    assert_eq!(Expression::of(30, true), Expression::Hurt);
    assert_eq!(Expression::of(5, true), Expression::Sad);
    assert_eq!(Expression::of(5, false), Expression::Furious);
    assert_eq!(Expression::of(80, true), Expression::Pleased);
}

#[test]
fn the_tutorial_is_a_clean_scenario_with_a_good_and_a_failed_ending() {
    let text = std::fs::read_to_string(root().join("assets/tutorial.ron")).unwrap();
    let (scenario, diagnostics) = crate::common::load(&text);
    assert!(
        diagnostics.is_empty(),
        "{}",
        diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    let s = scenario.unwrap();
    assert_eq!(s.id, "tutorial");
    assert!(s.customer.look.is_some());
    use complaint_dojo::course::EndingKind;
    assert!(
        s.endings
            .iter()
            .any(|e| e.kind == EndingKind::ResolvedSatisfied)
    );
    assert!(s.endings.iter().any(|e| e.kind == EndingKind::CustomerLost));
}

#[test]
fn the_text_size_slider_applies_when_released_not_while_dragging() {
    let mut h = harness(&library(), Lang::En);
    h.run();
    let rect = h
        .get_all_by_role(egui::accesskit::Role::Slider)
        .next()
        .expect("the text-size slider")
        .rect();
    let press = |h: &mut Harness<'static, State>, pos: egui::Pos2, pressed: bool| {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
    };
    let start = rect.left_center() + egui::vec2(4.0, 0.0);
    let end = rect.right_center() - egui::vec2(1.0, 0.0);
    h.event(egui::Event::PointerMoved(start));
    h.run();
    press(&mut h, start, true);
    h.run();
    for k in 1..=8 {
        h.event(egui::Event::PointerMoved(start.lerp(end, k as f32 / 8.0)));
        h.run();
    }
    // Dragged to the end: the window has not been rescaled under the pointer…
    assert_eq!(h.state().model.settings.scale, 1.0);
    // …until the pointer lets go.
    press(&mut h, end, false);
    h.run();
    assert_eq!(h.state().model.settings.scale, 2.0);
}

#[test]
fn a_hot_seat_class_is_recorded_team_by_team_and_ends_on_a_scoreboard() {
    use egui::accesskit::Role;
    let dir = home("hot-seat");
    let mut h = harness_with_home(&dir, Some(Lang::En));
    {
        let m = &mut h.state_mut().model;
        m.settings.tutorial_seen = true;
        assert!(m.select_id("telecom-data-charge"));
        m.open_briefing(m.selected.unwrap());
    }
    h.run();
    // Without team names, the whole room is one team: the instructor records its majority.
    h.get_by_label("Hot-seat (teams on this laptop)")
        .click_accesskit();
    h.run();
    assert_eq!(h.state().model.screen, Screen::Class);
    h.get_by_label("The room");
    h.state_mut().model.confirm_leave = true;
    h.run();
    h.get_by_label("End the class").click_accesskit();
    h.run();
    assert_eq!(h.state().model.screen, Screen::Library);
    {
        let m = &mut h.state_mut().model;
        m.open_briefing(m.selected.unwrap());
    }
    h.run();
    h.state_mut().model.class_teams = "Red，Blue".into();
    h.get_by_label("Hot-seat (teams on this laptop)")
        .click_accesskit();
    h.run();
    assert_eq!(h.state().model.screen, Screen::Class);
    h.get_by_label("Each team's reply");
    let mut decisions = 0;
    loop {
        let (best, over) = {
            let room = h.state().model.class.as_ref().unwrap();
            let view = room.class();
            let class = view.get();
            (
                class.session().best_choice(),
                class.phase() == complaint_dojo::classroom::Phase::Over,
            )
        };
        if over {
            break;
        }
        let best = best.unwrap();
        // Red says the best reply, Blue another: one row of buttons per team, Red's first.
        let other = if best == 0 { 2 } else { 1 };
        h.get_all_by_role_and_label(Role::Button, &format!("{}", best + 1))
            .next()
            .unwrap()
            .click_accesskit();
        h.run();
        h.get_all_by_role_and_label(Role::Button, &format!("{other}"))
            .nth(1)
            .unwrap()
            .click_accesskit();
        h.run();
        h.get_by_label("Lock the answers").click_accesskit();
        h.run();
        // One ballot each: a tie. The projector now says which team said what, and the
        // instructor settles it for Red's reply.
        h.get_by_label("← Red");
        h.get_by_label("← Blue");
        h.get_by_label("A tie: choose the room's reply");
        h.get_by_role_and_label(Role::Button, &format!("{}", best + 1))
            .click_accesskit();
        h.run();
        h.key_press(egui::Key::Enter);
        h.run();
        h.get_by_label_contains("(a tie, settled by the instructor)");
        h.get_by_label("Scoreboard");
        h.get_by_label("Next decision").click_accesskit();
        h.run();
        decisions += 1;
        assert!(decisions < 30, "the class never ended");
    }
    // The end: the ending, the teams compared, the report saved, and a way back.
    h.get_by_label("Resolved, customer satisfied");
    h.get_by_label("Scoreboard");
    h.get_by_label(&format!("{decisions}/{decisions}"));
    h.get_by_label(&format!("0/{decisions}"));
    h.get_by_label("Class report saved:");
    let saved = std::fs::read_dir(dir.join("classes")).unwrap().count();
    assert_eq!(saved, 3);
    h.get_by_label("Done: back to the library")
        .click_accesskit();
    h.run();
    assert_eq!(h.state().model.screen, Screen::Library);
    assert!(h.state().model.class.is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn finished_and_abandoned_games_are_recorded_and_kept_between_runs() {
    let dir = home("records");
    let mut h = harness_with_home(&dir, Some(Lang::En));
    h.state_mut().model.settings.name = "Li Na".into();
    finish_best(&mut h);
    h.get_by_label("Back to library").click_accesskit();
    h.run();
    // A second game, left after one reply through the leave dialog.
    {
        let m = &mut h.state_mut().model;
        m.open_briefing(m.selected.unwrap());
        m.start(7);
        let n = m.game.as_ref().unwrap().session.best_choice().unwrap();
        m.act(complaint_dojo::sim::Action::Choose(n));
        m.confirm_leave = true;
    }
    h.run();
    h.get_by_label("Leave for the library").click_accesskit();
    h.run();
    assert_eq!(h.state().model.screen, Screen::Library);
    drop(h);
    // The next run finds both, newest first.
    let h = harness_with_home(&dir, Some(Lang::En));
    assert!(h.state().model.records_notice.is_none());
    let rows = h
        .state()
        .model
        .records
        .as_ref()
        .unwrap()
        .lock()
        .unwrap()
        .history(Some("Li Na"))
        .unwrap();
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert_eq!(rows[0].status, "abandoned");
    assert_eq!(rows[0].decisions, 1);
    assert_eq!(rows[1].status, "completed");
    assert_eq!(rows[1].passed, Some(true));
    drop(h);
    // A records file that cannot be read is moved aside, and the title screen says where.
    std::fs::write(dir.join("records.sqlite"), b"not a database at all").unwrap();
    let _ = std::fs::remove_file(dir.join("records.sqlite-wal"));
    let _ = std::fs::remove_file(dir.join("records.sqlite-shm"));
    let mut h = harness_with_home(&dir, Some(Lang::En));
    h.run();
    h.get_by_label_contains("Your records file could not be read");
    h.get_by_label_contains("records.sqlite.unreadable-");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_history_lists_the_sessions_with_a_trend_and_opens_one_in_the_debrief() {
    let dir = home("history");
    let mut h = harness_with_home(&dir, Some(Lang::En));
    h.state_mut().model.settings.name = "Li Na".into();
    // Two finished sessions (the best route, then one that starts with the worst reply).
    finish_best(&mut h);
    {
        let m = &mut h.state_mut().model;
        m.open_briefing(m.selected.unwrap());
        m.start(9);
        let worst = m.game.as_ref().unwrap().session.offered().len() - 1;
        m.act(complaint_dojo::sim::Action::Choose(worst));
        while let Some(n) = m.game.as_ref().and_then(|g| g.session.best_choice()) {
            m.act(complaint_dojo::sim::Action::Choose(n));
        }
        m.finish();
    }
    h.run();
    h.get_by_label("History").click_accesskit();
    h.run();
    assert_eq!(h.state().model.screen, Screen::History);
    h.get_by_label("History · Li Na");
    h.get_by_label_contains("Your scores over your finished sessions");
    let rows = h.state().model.history.clone().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(h.get_all_by_label("\"I never used that data!\"").count(), 2);
    h.get_all_by_label("Open").next().unwrap().click_accesskit();
    h.run();
    // The newest session, replayed into the debrief: same scores, and it is not recorded
    // a second time.
    assert_eq!(h.state().model.screen, Screen::Debrief);
    let g = h.state().model.game.as_ref().unwrap();
    assert!(g.from_history);
    let scores: Vec<u8> = g.session.scores().iter().map(|s| s.score).collect();
    assert_eq!(Some(scores), rows[0].scores.map(|s| s.to_vec()));
    h.get_by_label("Back to library").click_accesskit();
    h.run();
    h.state_mut().model.open_history();
    assert_eq!(h.state().model.history.as_ref().unwrap().len(), 2);
    let plays = h
        .state()
        .model
        .progress
        .of("telecom-data-charge")
        .unwrap()
        .plays;
    assert_eq!(plays, 2, "reopening a session is not another play");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_history_recommends_a_next_scenario_that_opens_in_one_click() {
    let dir = home("next");
    let mut h = harness_with_home(&dir, Some(Lang::En));
    finish_best(&mut h);
    h.state_mut().model.open_history();
    h.run();
    h.get_by_label("Where you stand (recent sessions count most)");
    h.get_by_label("White belt");
    h.get_by_label_contains("Next, the Yellow belt: 2 different scenarios passed (now 1)");
    h.get_by_label("Play next");
    let (next, card) = h.state().model.progress_view.next.clone().unwrap();
    assert_ne!(
        next.scenario, "telecom-data-charge",
        "a passed scenario is not next"
    );
    h.get_by_label("Open the briefing").click_accesskit();
    h.run();
    assert_eq!(h.state().model.screen, Screen::Briefing);
    assert_eq!(h.state().model.selected, Some(card));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_title_screen_picks_renames_and_deletes_a_trainee_with_their_records() {
    use complaint_dojo::app::model::ProfileEdit;
    let dir = home("profiles");
    let mut h = harness_with_home(&dir, Some(Lang::En));
    h.state_mut().model.settings.tutorial_seen = true;
    h.state_mut().model.settings.name = "Li Na".into();
    finish_best(&mut h);
    h.state_mut().model.go(Screen::Title);
    h.state_mut().model.refresh_trainees();
    h.run();
    h.get_by_label("1 session recorded");
    // A new name is saved as a trainee with one click, and both are in the picker.
    h.state_mut().model.settings.name = "Wang Wei".into();
    h.run();
    h.get_by_label("Save as a new trainee").click_accesskit();
    h.run();
    h.get_by_label("0 sessions recorded");
    let names: Vec<String> = h
        .state()
        .model
        .trainees
        .iter()
        .map(|t| t.name.clone())
        .collect();
    assert_eq!(names, ["Li Na", "Wang Wei"]);
    h.get_by_role(egui::accesskit::Role::ComboBox)
        .click_accesskit();
    h.run();
    h.get_by_label("Li Na").click_accesskit();
    h.run();
    assert_eq!(h.state().model.settings.name, "Li Na");
    // Renaming keeps the sessions; a name already taken is refused.
    h.get_by_label("Rename").click_accesskit();
    h.run();
    h.state_mut().model.profile_edit = Some(ProfileEdit::Rename {
        from: "Li Na".into(),
        to: "Wang Wei".into(),
    });
    h.run();
    h.get_by_label("Save").click_accesskit();
    h.run();
    h.get_by_label_contains("a trainee named `Wang Wei` exists");
    h.state_mut().model.profile_edit = Some(ProfileEdit::Rename {
        from: "Li Na".into(),
        to: "Li Na (2026)".into(),
    });
    h.run();
    h.get_by_label("Save").click_accesskit();
    h.run();
    assert_eq!(h.state().model.settings.name, "Li Na (2026)");
    h.get_by_label("1 session recorded");
    // Deleting asks first; cancelling keeps everything.
    h.get_by_label("Delete").click_accesskit();
    h.run();
    h.get_by_label("Delete Li Na (2026)?");
    h.get_by_label("Cancel").click_accesskit();
    h.run();
    assert_eq!(h.state().model.trainees.len(), 2);
    h.get_by_label("Delete").click_accesskit();
    h.run();
    h.get_all_by_label("Delete")
        .last()
        .unwrap()
        .click_accesskit();
    h.run();
    let names: Vec<String> = h
        .state()
        .model
        .trainees
        .iter()
        .map(|t| t.name.clone())
        .collect();
    assert_eq!(names, ["Wang Wei"]);
    assert_eq!(h.state().model.settings.name, "");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_style_self_reflection_is_taken_once_and_advises_at_the_briefing_and_debrief() {
    use complaint_dojo::course::Disc;
    use complaint_dojo::records::style::reflection;
    let dir = home("style");
    let mut h = harness_with_home(&dir, Some(Lang::En));
    h.state_mut().model.settings.tutorial_seen = true;
    h.state_mut().model.settings.name = "Li Na".into();
    h.run();
    h.get_by_label("My style").click_accesskit();
    h.run();
    assert_eq!(h.state().model.screen, Screen::Style);
    h.get_by_label_contains("not a validated psychometric test");
    let blocks = reflection().blocks.len();
    h.get_by_label(&format!("0 of {blocks} groups answered"));
    // The first block by clicking: "most like me", then the same word as "least" moves it.
    let first = &reflection().blocks[0];
    let word = |d: Disc| {
        first
            .words
            .iter()
            .find(|w| w.disc == d)
            .unwrap()
            .text
            .en
            .clone()
    };
    h.get_by_label(&format!("{} · Most like me", word(Disc::Influence)))
        .click_accesskit();
    h.run();
    h.get_by_label(&format!("{} · Least like me", word(Disc::Influence)))
        .click_accesskit();
    h.run();
    assert_eq!(
        h.state().model.style_quiz.as_ref().unwrap()[0][0],
        None,
        "one word is never both"
    );
    h.get_by_label(&format!("{} · Most like me", word(Disc::Influence)))
        .click_accesskit();
    h.get_by_label(&format!("{} · Least like me", word(Disc::Conscientious)))
        .click_accesskit();
    h.run();
    h.get_by_label(&format!("1 of {blocks} groups answered"));
    // "See my blend" waits for every block.
    {
        use egui_kittest::kittest::NodeT;
        assert!(
            h.get_by_label("See my blend")
                .accesskit_node()
                .is_disabled()
        );
    }
    assert_eq!(h.state().model.style_answered(), (1, blocks));
    for (k, b) in reflection().blocks.iter().enumerate().skip(1) {
        let at = |d: Disc| b.words.iter().position(|w| w.disc == d).unwrap();
        h.state_mut()
            .model
            .pick_style_word(k, at(Disc::Influence), false);
        h.state_mut()
            .model
            .pick_style_word(k, at(Disc::Conscientious), true);
    }
    h.run();
    h.get_by_label("See my blend").click_accesskit();
    h.run();
    assert!(h.state().model.style_quiz.is_none(), "kept");
    h.get_by_label_contains("Your style blend");
    h.get_by_label_contains("What you bring: You are warm");
    h.get_by_label_contains("Lead with facts, keep the warmth short.");
    h.get_by_label("← Back").click_accesskit();
    h.run();
    assert_eq!(h.state().model.screen, Screen::Title);
    h.get_by_label("My style · I");
    // The telecom customer is a D: the briefing and the debrief say what that means for an I.
    let m = &mut h.state_mut().model;
    assert!(m.select_id("telecom-data-charge"));
    m.open_briefing(m.selected.unwrap());
    h.run();
    let advice = "I · Influence style, D · Dominant customer: Skip the small talk";
    h.get_by_label_contains(advice);
    finish_best(&mut h);
    h.get_by_label("Your style and this customer");
    h.get_by_label_contains(advice);
    // Kept between runs; forgotten on request.
    drop(h);
    let mut h = harness_with_home(&dir, Some(Lang::En));
    h.state_mut().model.settings.name = "Li Na".into();
    h.state_mut().model.settings.tutorial_seen = true;
    h.run();
    h.get_by_label("My style · I").click_accesskit();
    h.run();
    h.get_by_label_contains("Your style blend");
    h.get_by_label("Forget my answers").click_accesskit();
    h.run();
    assert_eq!(h.state().model.screen, Screen::Title);
    h.get_by_label("My style");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Live reload, as an instructor sees it: the scenario folder is watched; a save reloads the
/// library, and the game in progress is replayed on the new version; a broken save keeps the
/// last good version playable and shows its errors with file:line in the game; a save that
/// removes the reply the trainee chose says which decision no longer exists and goes on from
/// just before it.
#[test]
fn a_saved_scenario_reloads_live_and_the_game_in_progress_follows_it() {
    let dir = std::env::temp_dir().join(format!("dojo-live-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("telecom-data-charge.ron");
    let original =
        std::fs::read_to_string(root().join("scenarios/telecom-data-charge.ron")).unwrap();
    std::fs::write(&file, &original).unwrap();
    let mut h = harness(std::slice::from_ref(&dir), Lang::En);
    h.state_mut().model.watch_library(|| {}).unwrap();
    let m = &mut h.state_mut().model;
    assert!(m.select_id("telecom-data-charge"));
    m.open_briefing(m.selected.unwrap());
    h.run();
    h.get_by_label("Start").click_accesskit();
    h.run();
    h.state_mut().model.skip_typing();
    h.run();
    let chosen = "Mr Zhao, I'm pulling your itemised usage now";
    h.get_by_label_contains(chosen).click_accesskit();
    h.run();
    // Saved with a reworded customer line: the watch sees it, the game is replayed on it.
    let reworded = original.replacen("itemised usage now", "itemised usage this minute", 1);
    std::fs::write(&file, &reworded).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !h.state_mut().model.poll_library() {
        assert!(
            std::time::Instant::now() < deadline,
            "the save was never seen"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    h.run();
    h.get_by_label_contains("your choice was replayed on the new version");
    let g = h.state().model.game.as_ref().unwrap();
    assert_eq!(g.session.turns().len(), 1);
    assert_ne!(
        g.session.engine().revision(),
        crate::common::bundled("telecom-data-charge").revision()
    );
    // Saved broken: the last good version still plays, and the error shows with its place.
    std::fs::write(&file, reworded.replacen("difficulty:", "dificulty:", 1)).unwrap();
    h.state_mut().model.reload_library();
    h.run();
    h.get_by_label_contains("has errors since the last save");
    // In the game the problems are folded under their heading; unfolded, each has its place.
    h.get_by_label_contains("Problems in the scenario files (1)")
        .click_accesskit();
    h.run();
    h.get_by_label_contains("telecom-data-charge.ron:13:5: error: unknown field `dificulty`");
    assert_eq!(
        h.state().model.game.as_ref().unwrap().session.turns().len(),
        1
    );
    assert!(h.state().model.cards[0].engine.is_some());
    // Saved without the reply chosen at decision 1: said, and the game goes on before it.
    let start = reworded
        .find("Mr Zhao, I'm pulling your itemised usage this minute")
        .unwrap();
    let open = "                (\n";
    let close = "                ),\n";
    let from = reworded[..start].rfind(open).unwrap();
    let to = start + reworded[start..].find(close).unwrap() + close.len();
    let without = format!("{}{}", &reworded[..from], &reworded[to..]);
    std::fs::write(&file, &without).unwrap();
    h.state_mut().model.reload_library();
    h.run();
    let shown = h.state().model.live.notice.clone().unwrap_or_default();
    assert!(
        shown.contains("your choice at decision 1 no longer exists"),
        "{shown}"
    );
    assert_eq!(
        h.state().model.game.as_ref().unwrap().session.turns().len(),
        0
    );
    h.get_by_label("OK").click_accesskit();
    h.run();
    assert!(h.state().model.live.notice.is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The map, as an author uses it: from the briefing, each node with how the customer
/// arrives there; click a late node, set the mood, and preview from there: the game starts
/// at that node with that mood, says it is a preview, and is never recorded.
#[test]
fn the_map_previews_from_a_clicked_node_with_a_preset_mood() {
    let mut h = playing(Lang::En);
    h.get_by_label("Map and preview").click_accesskit();
    h.run();
    assert_eq!(h.state().model.screen, Screen::Map);
    h.get_by_label_contains("Map · \"I never used that data!\"");
    // The start shows the briefing's values; a later node a range over every route.
    h.get_by_label_contains("▶ open");
    h.get_by_label_contains("Mood 30 · Trust 40 · Patience 70");
    h.get_by_label_contains("records\n").click_accesskit();
    h.run();
    h.get_by_label("Preview from “records”");
    h.get_by_label_contains("Arriving here: mood 23–34");
    let v = h.state_mut().model.map_view.as_mut().unwrap();
    assert_eq!(v.preset.node, "records");
    v.preset.mood = Some(12);
    h.get_by_label("Preview from here").click_accesskit();
    h.run();
    let m = &h.state().model;
    assert_eq!(m.screen, Screen::Play);
    let g = m.game.as_ref().unwrap();
    assert!(g.preview);
    assert_eq!(g.session.state().mood, 12);
    assert!(!g.session.transcript().is_empty());
    h.get_by_label_contains("Preview from “records” · not recorded");
}

/// The rubric catalogue reloads with the library: a saved change is used at once; a save
/// with an error keeps the last good catalogue and shows the error with its place.
#[test]
fn a_saved_catalogue_reloads_live_and_a_broken_one_is_shown_not_used() {
    let dir = std::env::temp_dir().join(format!("dojo-live-cat-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let scenario = dir.join("telecom-data-charge.ron");
    std::fs::copy(root().join("scenarios/telecom-data-charge.ron"), &scenario).unwrap();
    let cat = dir.join("catalogue.ron");
    let original = std::fs::read_to_string(root().join("scenarios/catalogue.ron")).unwrap();
    std::fs::write(&cat, &original).unwrap();
    let mut h = harness(std::slice::from_ref(&dir), Lang::En);
    h.state_mut().model.live.catalogue = Some(cat.clone());
    let name = |h: &Harness<'static, State>| {
        let m = &h.state().model;
        m.catalogue
            .technique("rapid_response")
            .unwrap()
            .name
            .en
            .clone()
    };
    assert_eq!(name(&h), "Respond fast");
    // A game in progress moves to the new catalogue too.
    let m = &mut h.state_mut().model;
    assert!(m.select_id("telecom-data-charge"));
    m.start(1);
    std::fs::write(
        &cat,
        original.replacen("\"Respond fast\"", "\"Answer fast\"", 1),
    )
    .unwrap();
    h.state_mut().model.reload_library();
    assert_eq!(name(&h), "Answer fast");
    let g = h.state().model.game.as_ref().unwrap();
    let in_game = &g
        .session
        .engine()
        .catalogue()
        .technique("rapid_response")
        .unwrap()
        .name
        .en;
    assert_eq!(in_game, "Answer fast");
    std::fs::write(&cat, original.replacen("version: 1", "version: 9", 1)).unwrap();
    h.state_mut().model.reload_library();
    assert_eq!(
        name(&h),
        "Answer fast",
        "the last good catalogue stays in use"
    );
    h.state_mut().model.screen = Screen::Library;
    h.run();
    h.get_by_label_contains("catalogue.ron:");
    h.get_by_label_contains("catalogue version 9 is not supported");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The open map follows its file through a reload: a file added before it in the folder
/// does not swap the map for another scenario, the node picked stays picked, and a file
/// removed closes the map.
#[test]
fn the_open_map_follows_its_file_through_a_reload() {
    let dir = std::env::temp_dir().join(format!("dojo-live-map-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("telecom-data-charge.ron");
    std::fs::copy(root().join("scenarios/telecom-data-charge.ron"), &file).unwrap();
    let mut h = harness(std::slice::from_ref(&dir), Lang::En);
    let m = &mut h.state_mut().model;
    assert!(m.select_id("telecom-data-charge"));
    m.open_map(m.selected.unwrap());
    m.pick_map_node(2);
    let picked = m.map_view.as_ref().unwrap().preset.node.clone();
    std::fs::copy(
        root().join("scenarios/airline-overbooked-contract.ron"),
        dir.join("airline-overbooked-contract.ron"),
    )
    .unwrap();
    m.reload_library();
    let v = m.map_view.as_ref().unwrap();
    let shown = m.cards[v.card].scenario.as_ref().unwrap().id.clone();
    assert_eq!(shown, "telecom-data-charge");
    assert_eq!(v.map.nodes[v.node.unwrap()].0, picked);
    h.run();
    assert_eq!(h.state().model.screen, Screen::Map);
    std::fs::remove_file(&file).unwrap();
    h.state_mut().model.reload_library();
    h.run();
    assert!(h.state().model.map_view.is_none());
    assert_eq!(h.state().model.screen, Screen::Library);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A public-opinion crisis with a group: the play screen shows the meter (where the story is
/// told, its heat, the stages with the current one lit and what it calls for), replies say
/// whom they address, and the debrief shows how the story moved.
#[test]
fn a_crisis_shows_its_stage_in_play_and_in_the_debrief() {
    use complaint_dojo::sim::Action;
    let dir = home("crisis-ui");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/crisis.ron"),
        dir.join("crisis.ron"),
    )
    .unwrap();
    let mut h = harness(std::slice::from_ref(&dir), Lang::En);
    let m = &mut h.state_mut().model;
    assert!(m.select_id("crisis"));
    m.open_briefing(m.selected.unwrap());
    m.start(1);
    m.skip_typing();
    h.run();
    h.get_by_label("Public opinion · Weibo");
    h.get_by_label_contains("Heat  20");
    h.get_by_label_contains("Still in a small circle");
    // Plays the file's reply `index`, wherever it is shown, and lets the lines type out.
    let reply = |h: &mut Harness<'static, State>, index: usize| {
        let shown = position_of(h, index);
        h.state_mut().model.act(Action::Choose(shown));
        h.state_mut().model.skip_typing();
        h.run();
    };
    // Silence in public: the story breaks out.
    reply(&mut h, 1);
    h.get_by_label_contains("Spreading fast");
    // The practice feedback says what the silence did to the story.
    h.get_by_label("Heat +12");
    h.get_by_label_contains("→ Reporter Zhou: Ms Zhou, here is the checked timeline.");
    // Old Li speaks, with his name.
    h.get_by_label("Old Li");
    // Arguing in public takes it to the peak and the crisis ending.
    reply(&mut h, 2);
    h.get_by_label_contains("At its hottest");
    h.state_mut().model.finish();
    h.run();
    assert_eq!(h.state().model.screen, Screen::Debrief);
    h.get_by_label_contains("Heat 20 at the start, 84 at its highest, 84 at the end");
    h.get_by_label_contains("Public opinion 84 · Peak");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_trainee_plays_by_typing_and_is_asked_when_the_words_are_unclear() {
    use egui::accesskit::Role;
    let mut h = playing(Lang::En);
    h.get_by_label("Type my replies").click_accesskit();
    h.run();
    assert!(h.state().model.settings.free_reply);
    h.get_by_label("Start").click_accesskit();
    h.run();
    h.state_mut().model.skip_typing();
    h.run();
    // A box to type in, and no reply buttons.
    assert!(
        h.query_by_label_contains("Mr Zhao, I'm pulling your itemised usage")
            .is_none()
    );
    h.get_by_role(Role::MultilineTextInput).focus();
    h.run();
    let typed = "Mr Zhao, let me pull up your detailed data usage right now, you'll have an answer in two minutes.";
    h.get_by_role(Role::MultilineTextInput).type_text(typed);
    h.run();
    // Number keys type into the box; they do not pick a reply.
    h.get_by_role(Role::MultilineTextInput).type_text(" 1");
    h.run();
    assert!(
        h.state()
            .model
            .game
            .as_ref()
            .unwrap()
            .session
            .turns()
            .is_empty()
    );
    h.key_press(egui::Key::Enter);
    h.run();
    let g = h.state().model.game.as_ref().unwrap();
    assert_eq!(g.session.turns().len(), 1);
    // Reply 2 ("I'm pulling your itemised usage now … within two minutes").
    assert_eq!(g.session.turns()[0].choice, Some(1));
    assert_eq!(
        g.session.turns()[0].typed.as_ref().unwrap().text,
        format!("{typed} 1")
    );
    h.state_mut().model.skip_typing();
    h.run();
    // Practice feedback: the words typed, the moves found in them, and the scoring.
    h.get_by_label_contains("You typed: Mr Zhao, let me pull up");
    h.get_by_label_contains("Promise with a time: ");
    h.get_by_label_contains("Technique · Respond fast");

    // Words about nothing here: asked to say it another way, nothing taken.
    h.get_by_role(Role::MultilineTextInput).focus();
    h.get_by_role(Role::MultilineTextInput)
        .type_text("asdf qwer");
    h.run();
    h.get_by_label("Send").click_accesskit();
    h.run();
    h.get_by_label_contains("That doesn't seem to answer the customer here");
    assert_eq!(
        h.state().model.game.as_ref().unwrap().session.turns().len(),
        1
    );

    // On the best route to the counter-offer, then words the reader is not sure of.
    for index in [2, 0, 1] {
        let n = position_of(&h, index);
        h.state_mut()
            .model
            .act(complaint_dojo::sim::Action::Choose(n));
        h.state_mut().model.skip_typing();
        h.run();
    }
    let m = &mut h.state_mut().model;
    m.game.as_mut().unwrap().free.as_mut().unwrap().draft = "Day pass or half price?".into();
    h.run();
    h.get_by_label("Send").click_accesskit();
    h.run();
    h.get_by_label_contains("Not sure what “Day pass or half price?” means here");
    h.get_by_label_contains("A full waiver isn't possible. Two options")
        .click_accesskit();
    h.run();
    let turns = h
        .state()
        .model
        .game
        .as_ref()
        .unwrap()
        .session
        .turns()
        .to_vec();
    assert_eq!(turns.len(), 5);
    assert_eq!(turns[4].choice, Some(2));
    assert_eq!(
        turns[4].typed.as_ref().unwrap().text,
        "Day pass or half price?"
    );

    // Show the replies: pick from the list for a decision.
    h.get_by_label("Show the replies").click_accesskit();
    h.run();
    h.get_by_label_contains("I'm switching on a roaming cap right now")
        .click_accesskit();
    h.run();
    let m = &mut h.state_mut().model;
    while let Some(n) = m.game.as_ref().and_then(|g| g.session.best_choice()) {
        m.act(complaint_dojo::sim::Action::Choose(n));
    }
    m.finish();
    h.run();
    // The debrief shows the words typed beside the reply they were taken as.
    h.get_by_label_contains("Decision 5").click_accesskit();
    h.run();
    h.get_by_label("You typed: Day pass or half price?");
    h.get_by_label_contains("Taken as: A full waiver isn't possible");
}
