//! Outcomes that count: the ending's verdict and critical breaches decide whether a session
//! passed, cap the overall band, and are reported per ending by the analysis.

use std::process::Command;
use std::sync::Arc;

use complaint_dojo::course::Verdict;
use complaint_dojo::sim::{Action, Mode, Session};

use crate::common::{catalogue, edit, engine, minimal, root};

const DONE: &str = r#"(id: "done", kind: ResolvedSatisfied,"#;

fn best_session(text: &str) -> Session {
    let e = engine(text);
    let choices = e.analysis().balanced.clone().unwrap().choices;
    let actions: Vec<Action> = choices.iter().map(|c| Action::Choose(c - 1)).collect();
    Session::replay(e, 1, Mode::Practice, &actions).unwrap()
}

#[test]
fn a_perfect_route_to_a_good_ending_passes_at_the_top_band() {
    let s = best_session(&minimal());
    let st = s.standing().unwrap();
    assert_eq!(st.verdict, Verdict::Good);
    assert!(st.passed && st.breaches.is_empty());
    assert_eq!(st.band.en, "Expert");
}

#[test]
fn full_marks_that_end_at_the_regulator_do_not_pass_and_stop_at_developing() {
    let text = edit(
        &minimal(),
        DONE,
        r#"(id: "done", kind: EscalatedRegulator,"#,
    );
    let s = best_session(&text);
    assert!(s.scores().iter().all(|r| r.score == 100));
    let st = s.standing().unwrap();
    assert_eq!(st.verdict, Verdict::Failure);
    assert!(!st.passed);
    assert_eq!(st.band.en, "Developing");
    // Where escalation is the right outcome, the scenario says so.
    let right = edit(
        &text,
        r#"kind: EscalatedRegulator,"#,
        r#"kind: EscalatedRegulator, acceptable: true,"#,
    );
    let st = best_session(&right).standing().unwrap();
    assert_eq!(st.verdict, Verdict::Acceptable);
    assert!(st.passed);
    assert_eq!(st.band.en, "Expert");
}

#[test]
fn a_critical_breach_fails_the_session_and_says_where() {
    let cat = catalogue();
    assert!(cat.legal_point("personal_information").unwrap().critical);
    assert!(cat.mistake("threatening_customer").unwrap().critical);
    let text = edit(
        &minimal(),
        r#"honours: ["right_to_know"], next: End("done")"#,
        r#"honours: ["right_to_know"], breaks: ["personal_information"], next: End("done")"#,
    );
    let e = engine(&text);
    let s = Session::replay(
        e,
        1,
        Mode::Practice,
        &[Action::Choose(0), Action::Choose(0)],
    )
    .unwrap();
    let st = s.standing().unwrap();
    assert_eq!(st.verdict, Verdict::Good);
    assert!(!st.passed);
    assert_eq!(st.breaches.len(), 1);
    assert_eq!(st.breaches[0].decision, 2);
    assert_eq!(st.breaches[0].name.en, "Personal information");
    assert!(["Novice", "Developing"].contains(&st.band.en.as_str()));
}

#[test]
fn play_prints_the_verdict_and_why_a_session_did_not_pass() {
    let dir = std::env::temp_dir().join(format!("dojo-outcome-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("regulator.ron");
    std::fs::write(
        &file,
        edit(
            &minimal(),
            DONE,
            r#"(id: "done", kind: EscalatedRegulator,"#,
        ),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_complaint-dojo"))
        .args(["play", "--lang", "en", "--choices", "1,1"])
        .arg(&file)
        .current_dir(root())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Outcome: Failure · not passed"), "{text}");
    assert!(text.contains("the ending counts as Failure"), "{text}");
    assert!(text.contains("Overall band: Developing"), "{text}");

    let json = Command::new(env!("CARGO_BIN_EXE_complaint-dojo"))
        .args(["analyze", "--json"])
        .arg(&file)
        .current_dir(root())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let endings = v["endings"].as_array().unwrap();
    let done = endings.iter().find(|e| e["id"] == "done").unwrap();
    assert_eq!(done["verdict"], "Failure");
    assert_eq!(done["reachable"], true);
    assert_eq!(done["shortest"], serde_json::json!([1, 1]));
    assert_eq!(done["best"]["passed"], false);
    assert_eq!(done["best"]["scores"], serde_json::json!([100, 100, 100]));
    let escalated = endings.iter().find(|e| e["id"] == "escalated").unwrap();
    assert_eq!(escalated["verdict"], "Acceptable");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every bundled scenario's best route ends in an outcome that passes, and no route that
/// ends in a regulator, media, crisis or lost-customer ending passes.
#[test]
fn in_the_bundled_library_crisis_endings_never_pass_and_the_best_route_does() {
    let lib =
        complaint_dojo::library::Library::load(&[root().join("scenarios")], Arc::new(catalogue()));
    for entry in &lib.entries {
        let e = entry.playable().unwrap();
        let a = e.analysis();
        let best = a.balanced.as_ref().unwrap();
        let endings = a.endings(e);
        let ending = endings.iter().find(|x| x.id == best.ending).unwrap();
        assert!(ending.best.as_ref().unwrap().passed, "{}", e.scenario().id);
        for x in &endings {
            if x.verdict == Verdict::Failure {
                assert!(
                    x.best.as_ref().is_none_or(|b| !b.passed),
                    "{} {}",
                    e.scenario().id,
                    x.id
                );
            }
        }
    }
}

/// The catalogue with its reactions replaced by `reactions` (RON list items).
fn catalogue_with_reactions(reactions: &str) -> complaint_dojo::catalogue::Catalogue {
    let text = std::fs::read_to_string(root().join("scenarios/catalogue.ron")).unwrap();
    let start = text.find("    reactions: [").unwrap();
    let end = start + text[start..].find("\n    ],\n").unwrap() + "\n    ],\n".len();
    let text = format!(
        "{}    reactions: [\n{reactions}\n    ],\n{}",
        &text[..start],
        &text[end..]
    );
    complaint_dojo::catalogue::check::load_str("test-catalogue.ron", &text).unwrap()
}

fn session_with(
    cat: complaint_dojo::catalogue::Catalogue,
    text: &str,
    actions: &[usize],
) -> Session {
    let (s, _) = crate::common::load(text);
    let e = complaint_dojo::sim::Engine::new(Arc::new(s.unwrap()), Arc::new(cat)).unwrap();
    let actions: Vec<Action> = actions.iter().map(|&n| Action::Choose(n)).collect();
    Session::replay(Arc::new(e), 7, Mode::Practice, &actions).unwrap()
}

fn customer_lines(s: &Session) -> Vec<String> {
    s.transcript()
        .iter()
        .filter(|e| e.speaker == complaint_dojo::sim::Speaker::Customer)
        .map(|e| e.text.en.clone())
        .collect()
}

/// The customer answers what was said: a reaction written for a move the reply made is
/// preferred to a general one.
#[test]
fn the_customer_answers_the_move_the_reply_made() {
    let cat = catalogue_with_reactions(
        r#"        (trend: Better, text: (zh: "嗯。", en: "Mm.")),
        (trend: Better, to: ["offer_options"], text: (zh: "我选第二个。", en: "I'll take the second one.")),"#,
    );
    let s = session_with(cat, &minimal(), &[0]);
    assert_eq!(customer_lines(&s)[1], "I'll take the second one.");
}

/// No customer line is said twice in a session: reactions are drawn without replacement
/// (when they run out the customer says nothing), and a node the conversation comes back
/// to says a line it has not said yet, and never the line just said.
#[test]
fn the_customer_never_says_the_same_line_twice() {
    let cat = catalogue_with_reactions(
        r#"        (trend: Better, text: (zh: "好。", en: "Fine.")),
        (trend: Worse, text: (zh: "哼。", en: "Hmph.")),
        (trend: Same, text: (zh: "然后呢？", en: "And?")),"#,
    );
    // A node the trainee can come back to (through an aside): two lines, visited three
    // times.
    let text = edit(
        &minimal(),
        r#"lines: [(text: (zh: "你好。", en: "Hello."))],"#,
        r#"lines: [(text: (zh: "你好。", en: "Hello.")), (text: (zh: "说吧。", en: "Go on."))],"#,
    );
    let text = edit(
        &text,
        r#"(text: (zh: "差", en: "Bad"), mistakes: ["rudeness"], next: Goto("close")),"#,
        r#"(text: (zh: "再说一遍", en: "Again"), techniques: ["active_listening"], effects: (patience: -5), next: Goto("aside")),"#,
    );
    let text = edit(
        &text,
        "        (\n            id: \"close\",",
        r#"        (
            id: "aside",
            lines: [(text: (zh: "嗯？", en: "Hm?"))],
            choices: [
                (text: (zh: "回到正题", en: "Back to it"), techniques: ["active_listening"], next: Goto("open")),
                (text: (zh: "收尾", en: "Wrap up"), techniques: ["follow_up"], next: Goto("close")),
            ],
        ),
        (
            id: "close","#,
    );
    let s = session_with(cat, &text, &[1, 0, 1, 0, 0, 0]);
    let lines = customer_lines(&s);
    assert!(lines.windows(2).all(|w| w[0] != w[1]), "{lines:?}");
    let reactions = ["Fine.", "Hmph.", "And?"];
    for r in reactions {
        assert!(
            lines.iter().filter(|l| *l == r).count() <= 1,
            "{r} twice: {lines:?}"
        );
    }
    // The node's two lines are both said before either repeats.
    let opening: Vec<&String> = lines
        .iter()
        .filter(|l| ["Hello.", "Go on."].contains(&l.as_str()))
        .collect();
    assert_eq!(opening.len(), 3, "{lines:?}");
    assert_ne!(opening[0], opening[1]);
}

/// A reply that ends the case at the regulator leaves the customer on that rung, so the
/// ladder lights it.
#[test]
fn an_escalation_ending_lights_its_rung() {
    let text = edit(
        &minimal(),
        DONE,
        r#"(id: "done", kind: EscalatedRegulator,"#,
    );
    let s = best_session(&text);
    let last = s.turns().last().unwrap();
    assert_eq!(last.level, complaint_dojo::course::Level::Regulator);
    assert_eq!(
        last.escalated_to,
        Some(complaint_dojo::course::Level::Regulator)
    );
    // A resolved ending leaves the ladder where it was.
    let s = best_session(&minimal());
    assert_eq!(
        s.turns().last().unwrap().level,
        complaint_dojo::course::Level::FrontLine
    );
}
