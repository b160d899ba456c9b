//! The command line on real files, as an instructor or trainee would run it.

use std::process::{Command, Output};

use crate::common::{root, text};

fn dojo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_complaint-dojo"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

#[test]
fn validate_passes_on_the_bundled_library() {
    let out = dojo(&["validate", "--strict"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("0 error(s), 0 warning(s)"));
}

#[test]
fn validate_fails_with_every_diagnostic_and_a_source_excerpt() {
    let dir = std::env::temp_dir().join(format!("dojo-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.ron");
    let fixture = std::fs::read_to_string(root().join("tests/fixtures/minimal.ron")).unwrap();
    std::fs::write(
        &bad,
        fixture
            .replacen("Goto(\"close\")", "Goto(\"clsoe\")", 1)
            .replacen("[\"follow_up\"", "[\"folow_up\"", 1),
    )
    .unwrap();
    let out = dojo(&["validate", bad.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    // codespan-reporting's layout: the message, the place, the line, a caret, the hint.
    for needle in [
        "error: node `clsoe` does not exist\n   ┌─ ",
        "bad.ron:33:84\n",
        "next: Goto(\"clsoe\")),\n   │                                                               ^^^^^^^^^^^^^",
        "= hint: did you mean `close`?",
        "error: unknown technique `folow_up`\n   ┌─ ",
        "bad.ron:41:60\n",
    ] {
        assert!(err.contains(needle), "{needle:?} missing from:\n{err}");
    }
    assert!(text(&out.stdout).contains("2 error(s)"));
}

#[test]
fn validate_on_a_missing_path_is_an_error_not_a_crash() {
    let out = dojo(&["validate", "no/such/file.ron"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("error: cannot read the file") && err.contains("┌─ no/such/file.ron:1:1"),
        "{err}"
    );
}

#[test]
fn list_shows_the_library() {
    let out = dojo(&["list", "--lang", "en"]);
    assert!(out.status.success());
    let s = text(&out.stdout);
    for needle in [
        "telecom-data-charge",
        "IndustryExpert,HighCompensationClaim",
        "MobileDataCharge",
        "Mr Chen in the corner of the gate",
    ] {
        assert!(s.contains(needle), "{needle} missing from:\n{s}");
    }
}

#[test]
fn play_with_choices_prints_transcript_feedback_and_scores() {
    let out = dojo(&[
        "play",
        "telecom-data-charge",
        "--lang",
        "en",
        "--choices",
        "2,3,1,2,3,1,4,2",
        "--seed",
        "3",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(
        s.contains("[Mr Zhao] Six hundred and eighty for data?"),
        "{s}"
    );
    assert!(s.contains("Technique · Offer 2–3 options"), "{s}");
    assert!(
        s.contains("== Ending: Resolved, customer satisfied =="),
        "{s}"
    );
    assert!(
        s.contains("理 · Expectation management 100/100  Expert"),
        "{s}"
    );
}

#[test]
fn play_in_chinese_uses_chinese_labels() {
    let out = dojo(&[
        "play",
        "scenarios/airport-flight-delay.ron",
        "--choices",
        "1,1,1,1,1,1,1,1",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(
        s.contains("[陈伯]") && s.contains("结局") && s.contains("情 · 共情"),
        "{s}"
    );
}

#[test]
fn play_json_is_the_same_for_the_same_seed_and_choices() {
    let run = || {
        dojo(&[
            "play",
            "courier-delay-weibo",
            "--choices",
            "1,1,1,1,1,1,1,1",
            "--seed",
            "11",
            "--json",
        ])
    };
    let (a, b) = (run(), run());
    assert!(a.status.success(), "{}", text(&a.stderr));
    assert_eq!(a.stdout, b.stdout);
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["outcome"]["id"], "satisfied");
    assert_eq!(v["finished"], true);
    assert_eq!(v["scores"].as_array().unwrap().len(), 3);
}

#[test]
fn play_assessment_mode_holds_feedback_until_the_end() {
    let out = dojo(&[
        "play",
        "car-oil-leak-expert",
        "--lang",
        "en",
        "--mode",
        "assessment",
        "--choices",
        "1,1,1,1,1,1,1,1",
    ]);
    let s = text(&out.stdout);
    let ending = s.find("== Ending").unwrap();
    let first_feedback = s.find("Technique ·").unwrap();
    assert!(
        first_feedback > ending,
        "feedback shown before the end:\n{s}"
    );
    assert!(s.contains("Feedback, decision by decision:"));
}

#[test]
fn play_reads_choices_from_stdin() {
    let out = crate::common::dojo_with_input(
        &["play", "telecom-data-charge", "--lang", "en"],
        "x\n2\n3\n1\n2\n3\n1\n4\n2\n",
    );
    let s = text(&out.stdout);
    assert!(out.status.success(), "{s}\n{}", text(&out.stderr));
    assert!(s.contains("Please type one of the listed numbers."));
    assert!(s.contains("== Ending: Resolved, customer satisfied =="));
}

#[test]
fn play_reports_choices_that_run_out_or_do_not_exist() {
    let out = dojo(&["play", "telecom-data-charge", "--choices", "1,1"]);
    assert_eq!(out.status.code(), Some(3));
    let out = dojo(&["play", "telecom-data-charge", "--choices", "9"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("there is no reply 9: choose 1 to 4"));
    let out = dojo(&["play", "no-such-scenario"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn analyze_reports_routes_and_json() {
    let out = dojo(&["analyze", "telecom-data-charge", "--lang", "en"]);
    let s = text(&out.stdout);
    assert!(
        s.contains(
            "best on all three            --choices 2,3,1,2,3,1,4,2  → satisfied  [95 / 100 / 100]"
        ),
        "{s}"
    );
    let out = dojo(&["analyze", "telecom-data-charge", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["states"].as_u64().unwrap() > 10);
    assert_eq!(v["unreached_endings"].as_array().unwrap().len(), 0);
}

#[test]
fn help_lists_the_commands_and_the_window_options() {
    let out = dojo(&["--help"]);
    assert!(out.status.success());
    let s = text(&out.stdout);
    for needle in [
        "Usage: complaint-dojo",
        "validate",
        "play",
        "analyze",
        "--autoplay",
    ] {
        assert!(s.contains(needle), "{needle} missing from:\n{s}");
    }
}

#[test]
fn stats_prints_the_coverage_matrix_of_a_folder() {
    let dir = std::env::temp_dir().join(format!("dojo-stats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["car-oil-leak-expert.ron", "courier-delay-weibo.ron"] {
        std::fs::copy(root().join("scenarios").join(f), dir.join(f)).unwrap();
    }
    let d = dir.to_str().unwrap();
    let out = dojo(&["stats", d, "--lang", "en"]);
    let json = dojo(&["stats", d, "--json"]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.starts_with("2 scenarios"), "{s}");
    // Columns: none, SC, IE, C, RU, M, HCC, total. The C customer is an industry expert with
    // a high claim; the I customer has no special archetype.
    let row = |letter: &str| -> Vec<String> {
        s.lines()
            .find(|l| l.starts_with(&format!("{letter} ")))
            .unwrap()
            .split_whitespace()
            .map(String::from)
            .collect()
    };
    assert_eq!(row("C"), ["C", "0", "0", "1", "0", "0", "0", "1", "1"]);
    assert_eq!(row("I"), ["I", "1", "0", "0", "0", "0", "0", "0", "1"]);
    assert_eq!(row("D"), ["D", "0", "0", "0", "0", "0", "0", "0", "0"]);
    assert!(s.contains("CarOilLeak"), "{s}");
    assert!(s.contains("  ← missing"), "{s}");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["scenarios"], 2);
    assert_eq!(v["case"]["CarOilLeak"], 1);
    assert_eq!(v["case"]["FlightDelay"], 0);
    assert_eq!(v["need"]["Venting"], 1);
    assert_eq!(v["need"]["Compensation"], 1);
}

#[test]
fn window_options_with_a_command_are_a_usage_error() {
    let out = dojo(&["--size", "800x600", "validate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--size only apply to the window"),
        "{}",
        text(&out.stderr)
    );
    // After the command, clap itself refuses it: the command has no such option.
    let out = dojo(&["validate", "--size", "800x600"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unexpected argument '--size'"));
}

#[test]
fn the_language_is_one_global_option() {
    let before = dojo(&["--lang", "en", "analyze", "telecom-data-charge"]);
    let after = dojo(&["analyze", "telecom-data-charge", "--lang", "en"]);
    assert!(before.status.success(), "{}", text(&before.stderr));
    let strip_ms = |o: &Output| {
        text(&o.stdout)
            .lines()
            .filter(|l| !l.contains("states explored"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip_ms(&before), strip_ms(&after));
    assert!(text(&before.stdout).contains("Endings never reached: none"));
}
