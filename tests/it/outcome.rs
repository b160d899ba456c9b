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
        let ending = a.endings.iter().find(|x| x.id == best.ending).unwrap();
        assert!(ending.best.as_ref().unwrap().passed, "{}", e.scenario().id);
        for x in &a.endings {
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
