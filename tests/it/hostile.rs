//! Hostile input through the real binary, as a careless instructor's folder or a hostile
//! trainee would feed it: scenarios built to blow the stack or the state space, dead ends in
//! many states, devices and FIFOs where files should be, symlink loops, unreadable folders,
//! endless standard input, megabyte-long lines, thousands of problems, absurd numbers,
//! terminal escape bytes and byte-order marks.
//!
//! Every scenario is generated here, written to a private temporary folder, and checked with
//! `complaint-dojo` itself. Every child process runs under a hang guard: a command that never
//! returns fails its test with "hung" instead of freezing the suite.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::common::text;

// ---------------------------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------------------------

/// How long a command may run before it counts as hung. Not a timing assertion: generous on
/// purpose, since this 2-core machine runs the whole suite in parallel.
const HANG_GUARD: Duration = Duration::from_secs(120);

/// What the child reads on standard input.
enum Input {
    /// Nothing: end of file at once (never the test harness's own stdin).
    Nothing,
    /// These bytes, written from a thread; the child may stop reading early.
    Bytes(Vec<u8>),
    /// A ready-made source, e.g. `/dev/zero`.
    Source(Stdio),
}

/// Runs `complaint-dojo ARGS` from the crate root, collecting its output through threads so
/// neither pipe can fill up; kills it and panics with "hung" if it outlives [`HANG_GUARD`].
fn run(args: &[&str], input: Input) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_complaint-dojo"));
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let bytes = match input {
        Input::Nothing => {
            cmd.stdin(Stdio::null());
            None
        }
        Input::Bytes(b) => {
            cmd.stdin(Stdio::piped());
            Some(b)
        }
        Input::Source(source) => {
            cmd.stdin(source);
            None
        }
    };
    let mut child = cmd.spawn().expect("the complaint-dojo binary starts");
    let writer = bytes.map(|b| {
        let mut stdin = child.stdin.take().expect("stdin is piped");
        // A broken pipe is expected when the child stops reading: ignore write errors.
        std::thread::spawn(move || {
            let _ = stdin.write_all(&b);
        })
    });
    let stdout = drain(child.stdout.take().expect("stdout is piped"));
    let stderr = drain(child.stderr.take().expect("stderr is piped"));
    let deadline = Instant::now() + HANG_GUARD;
    let status = loop {
        match child.try_wait().expect("waiting for the child works") {
            Some(status) => break status,
            None if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "hung: `complaint-dojo {}` was still running after {} s",
                    args.join(" ").escape_debug(),
                    HANG_GUARD.as_secs()
                );
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    if let Some(w) = writer {
        let _ = w.join();
    }
    Output {
        status,
        stdout: stdout.join().expect("the stdout reader does not panic"),
        stderr: stderr.join().expect("the stderr reader does not panic"),
    }
}

fn drain<R: Read + Send + 'static>(mut pipe: R) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.read_to_end(&mut buf);
        buf
    })
}

/// `complaint-dojo ARGS` with nothing on standard input.
fn dojo(args: &[&str]) -> Output {
    run(args, Input::Nothing)
}

/// The start of an output, for assertion messages that stay readable.
fn head(b: &[u8]) -> String {
    let s = text(b);
    match s.char_indices().nth(4000) {
        Some((cut, _)) => format!("{}… [{} bytes in all]", &s[..cut], b.len()),
        None => s,
    }
}

/// Both streams, for assertion messages.
fn both(out: &Output) -> String {
    format!(
        "status: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        out.status,
        head(&out.stdout),
        head(&out.stderr)
    )
}

fn arg(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

// ---------------------------------------------------------------------------------------------
// A private temporary folder per test, removed at the end (also when the test fails)
// ---------------------------------------------------------------------------------------------

struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    fn new(test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("dojo-hostile-{}-{test}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("the temporary folder can be created");
        Scratch { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        fs::write(&p, contents).expect("the temporary file can be written");
        p
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {} failed", path.display());
}

// ---------------------------------------------------------------------------------------------
// Generating scenarios
// ---------------------------------------------------------------------------------------------

fn minimal() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal.ron"))
        .expect("the minimal fixture is readable")
}

/// `text` with `from` replaced once by `to` (panics if `from` is absent, so edits stay honest).
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the text does not contain {from:?}");
    text.replacen(from, to, 1)
}

/// The ladder of minimal.ron: a furious customer escalates to a supervisor and it ends there.
const LADDER: &str =
    r#"        (level: Supervisor, when: [Mood(0, 30)], ending: Some("escalated")),"#;

/// The endings of minimal.ron.
const ENDINGS: &str = r#"        (id: "done", kind: ResolvedSatisfied, title: (zh: "完", en: "Done"), text: (zh: "结束。", en: "The end.")),
        (id: "escalated", kind: EscalatedSupervisor, title: (zh: "升级", en: "Escalated"), text: (zh: "升级了。", en: "It escalated.")),"#;

/// What the customer says at a generated node.
const HELLO: &str = r#"(text: (zh: "你好。", en: "Hello."))"#;

/// A scenario with minimal.ron's header and customer, starting at node `open`.
fn scenario(nodes: &str, escalation: &str, endings: &str) -> String {
    scenario_from("open", nodes, escalation, endings)
}

/// A scenario with minimal.ron's header and customer, starting at node `start`.
fn scenario_from(start: &str, nodes: &str, escalation: &str, endings: &str) -> String {
    format!(
        r#"// Generated by tests/it/hostile.rs.
Scenario(
    id: "hostile",
    version: 1,
    title: (zh: "敌意输入", en: "Hostile input"),
    summary: (zh: "测试用。", en: "For tests."),
    industry: Other,
    difficulty: 1,
    minutes: 2,
    objectives: [(zh: "测试", en: "Test")],
    customer: (
        name: (zh: "客户", en: "Customer"),
        disc: Dominant,
        need: Respect,
        mood: 50,
        trust: 50,
        patience: 50,
    ),
    briefing: (
        situation: (zh: "情况", en: "Situation"),
        known: (zh: "已知", en: "Known"),
        policy: (zh: "政策", en: "Policy"),
    ),
    escalation: [
{escalation}
    ],
    start: "{start}",
    nodes: [
{nodes}    ],
    endings: [
{endings}
    ],
)
"#
    )
}

/// A node where the customer says hello and the trainee has `replies`.
fn node(id: &str, replies: &[String]) -> String {
    node_with_lines(id, HELLO, replies)
}

/// A node with its own `lines` (the inside of `lines: [ … ]`).
fn node_with_lines(id: &str, lines: &str, replies: &[String]) -> String {
    let mut s = format!(
        "        (\n            id: \"{id}\",\n            lines: [{lines}],\n            choices: [\n"
    );
    for r in replies {
        s.push_str("                ");
        s.push_str(r);
        s.push_str(",\n");
    }
    s.push_str("            ],\n        ),\n");
    s
}

/// A reply using catalogue technique `technique`; `extra` is more fields, each followed by
/// `, ` (e.g. `"effects: (mood: 1), "`), or empty.
fn reply(technique: &str, extra: &str, next: &str) -> String {
    let plain = next.replace('"', "");
    format!(
        r#"(text: (zh: "回复：{technique}", en: "Reply with {technique}, then {plain}"), techniques: ["{technique}"], {extra}next: {next})"#
    )
}

/// A reply making catalogue mistake `mistake`.
fn bad_reply(mistake: &str, extra: &str, next: &str) -> String {
    let plain = next.replace('"', "");
    format!(
        r#"(text: (zh: "失误：{mistake}", en: "Blunder with {mistake}, then {plain}"), mistakes: ["{mistake}"], {extra}next: {next})"#
    )
}

fn goto(node: &str) -> String {
    format!("Goto(\"{node}\")")
}

fn end(ending: &str) -> String {
    format!("End(\"{ending}\")")
}

/// `Not(Not(…Flag("f")…))`, `depth` times `Not`.
fn nested_not(depth: usize) -> String {
    format!("{}Flag(\"f\"){}", "Not(".repeat(depth), ")".repeat(depth))
}

/// 1-based line and column (in characters) of `value`, which occurs inside the first `pattern`.
fn line_col_of(text: &str, pattern: &str, value: &str) -> (usize, usize) {
    let start = text
        .find(pattern)
        .unwrap_or_else(|| panic!("{pattern:?} is not in the text"))
        + pattern
            .find(value)
            .unwrap_or_else(|| panic!("{value:?} is not in {pattern:?}"));
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

// ---------------------------------------------------------------------------------------------
// 1. Valid scenarios that used to overflow the stack
// ---------------------------------------------------------------------------------------------

/// `validate` ends normally (0 or 1, not killed by a signal) and `analyze --json` succeeds
/// with valid JSON.
fn assert_validated_and_analysed(test: &str, scenario_text: &str) {
    let scratch = Scratch::new(test);
    let path = scratch.write("deep.ron", scenario_text);
    let out = dojo(&["validate", arg(&path)]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "validate crashed:\n{}",
        both(&out)
    );
    let out = dojo(&["analyze", arg(&path), "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "analyze failed:\n{}",
        both(&out)
    );
    if let Err(e) = serde_json::from_slice::<serde_json::Value>(&out.stdout) {
        panic!("analyze --json printed invalid JSON ({e}):\n{}", both(&out));
    }
}

#[test]
fn a_two_node_loop_that_lifts_the_mood_is_analysed_without_a_crash() {
    let nodes = [
        node(
            "open",
            &[
                reply("label_emotion", "effects: (mood: 1), ", &goto("back")),
                reply("follow_up", "", &end("done")),
            ],
        ),
        node(
            "back",
            &[
                reply("label_emotion", "effects: (mood: 1), ", &goto("open")),
                reply("offer_options", "", &end("done")),
            ],
        ),
    ]
    .concat();
    assert_validated_and_analysed("two-node-loop", &scenario(&nodes, LADDER, ENDINGS));
}

#[test]
fn a_long_promise_made_inside_a_loop_is_analysed_without_a_crash() {
    let nodes = [
        node(
            "open",
            &[
                reply(
                    "label_emotion",
                    r#"effects: (mood: 1), promises: [(id: "p", within: 90)], "#,
                    &goto("back"),
                ),
                reply("follow_up", "", &end("done")),
            ],
        ),
        node(
            "back",
            &[
                reply("label_emotion", "effects: (mood: 1), ", &goto("open")),
                reply("offer_options", r#"keeps: ["p"], "#, &end("done")),
            ],
        ),
    ]
    .concat();
    assert_validated_and_analysed("promise-loop", &scenario(&nodes, LADDER, ENDINGS));
}

#[test]
fn a_chain_of_2500_decisions_is_analysed_without_a_crash() {
    const LEN: usize = 2500;
    let mut nodes = String::new();
    for k in 0..LEN {
        let next = if k + 1 == LEN {
            end("done")
        } else {
            goto(&format!("n{}", k + 1))
        };
        nodes.push_str(&node(
            &format!("n{k}"),
            &[
                reply("offer_options", "", &next),
                reply("follow_up", "", &next),
            ],
        ));
    }
    assert_validated_and_analysed("chain-2500", &scenario_from("n0", &nodes, LADDER, ENDINGS));
}

/// ron counts two nesting levels per `Not(…)` (the enum and its newtype variant) plus about
/// 12 for the scenario → node → choice → `when` list around it, against the reader's limit
/// of 128 (`source::ron::MAX_NESTING`): 57 is the deepest it accepts; 50 keeps a margin.
const VALID_NOT_DEPTH: usize = 50;

#[test]
fn a_deeply_nested_condition_is_analysed_without_a_crash() {
    // An even number of `Not`s: the condition is `Flag("f")`, which the other reply sets.
    const _: () = assert!(VALID_NOT_DEPTH.is_multiple_of(2));
    let when = format!("when: [{}], ", nested_not(VALID_NOT_DEPTH));
    let nodes = node(
        "open",
        &[
            reply("offer_options", &when, &end("done")),
            reply("follow_up", r#"sets: ["f"], "#, &goto("open")),
        ],
    );
    assert_validated_and_analysed("nested-not", &scenario(&nodes, LADDER, ENDINGS));
}

#[test]
fn runaway_nesting_is_a_clean_error_not_a_crash() {
    let scratch = Scratch::new("nested-not-10000");
    let when = format!("when: [{}], ", nested_not(10_000));
    let nodes = node(
        "open",
        &[
            reply("offer_options", &when, &end("done")),
            reply("follow_up", r#"sets: ["f"], "#, &goto("open")),
        ],
    );
    let path = scratch.write("runaway.ron", scenario(&nodes, LADDER, ENDINGS));
    for args in [
        vec!["validate", arg(&path)],
        vec!["analyze", arg(&path), "--json"],
    ] {
        let out = dojo(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}:\n{}", both(&out));
        assert!(
            text(&out.stderr).contains("error"),
            "{args:?} gave no message:\n{}",
            both(&out)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 2. A state space too large to explore: the analysis says it is partial and claims nothing
// ---------------------------------------------------------------------------------------------

/// 24 decisions in a row, each with a reply that sets its own flag: 2^24 flag combinations
/// reach the last node. The last node has a line per flag, so every flag matters to the end.
fn flag_explosion() -> String {
    const LEN: usize = 24;
    let mut nodes = String::new();
    for k in 0..LEN {
        let next = if k + 1 == LEN {
            end("done")
        } else {
            goto(&format!("n{}", k + 1))
        };
        let mut replies = vec![
            reply("offer_options", &format!(r#"sets: ["f{k}"], "#), &next),
            reply("follow_up", "", &next),
        ];
        if k == 0 {
            // The escalated ending is reachable, but only from the very first decision: an
            // analysis that stops early may not see it, and must not say it is never reached.
            replies.push(bad_reply("rudeness", "", &end("escalated")));
        }
        if k + 1 == LEN {
            let mut lines = HELLO.to_string();
            for f in 0..LEN {
                lines.push_str(&format!(
                    r#", (when: [Flag("f{f}")], text: (zh: "记得第{f}步。", en: "I remember step {f}."))"#
                ));
            }
            nodes.push_str(&node_with_lines(&format!("n{k}"), &lines, &replies));
        } else {
            nodes.push_str(&node(&format!("n{k}"), &replies));
        }
    }
    scenario_from("n0", &nodes, LADDER, ENDINGS)
}

#[test]
fn an_exploding_state_space_gives_a_partial_analysis_that_claims_nothing() {
    let scratch = Scratch::new("flag-explosion");
    let path = scratch.write("flags.ron", flag_explosion());

    let out = dojo(&["analyze", arg(&path), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let json = text(&out.stdout);
    assert!(json.contains(r#""truncated": true"#), "{}", both(&out));
    if let Err(e) = serde_json::from_slice::<serde_json::Value>(&out.stdout) {
        panic!("analyze --json printed invalid JSON ({e}):\n{}", both(&out));
    }

    let out = dojo(&["analyze", arg(&path), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(
        text(&out.stdout).to_lowercase().contains("partial"),
        "{}",
        both(&out)
    );

    let out = dojo(&["validate", arg(&path)]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let err = text(&out.stderr);
    assert!(err.to_lowercase().contains("partial"), "{}", both(&out));
    assert!(!err.contains("never reached"), "{}", both(&out));
    assert!(!err.contains("never offered"), "{}", both(&out));
}

// ---------------------------------------------------------------------------------------------
// 3. A dead end in many states is one problem, not hundreds
// ---------------------------------------------------------------------------------------------

#[test]
fn a_dead_end_in_many_states_is_reported_once_with_its_mood_range() {
    let scratch = Scratch::new("dead-end");
    // At `open` the trainee can keep soothing (mood +1 each time, catalogue scoring off) or go
    // to `stuck`, whose replies need mood 90+: every visit below that is a dead end.
    let nodes = [
        node(
            "open",
            &[
                reply(
                    "label_emotion",
                    "replace_catalogue: true, effects: (mood: 1), ",
                    &goto("open"),
                ),
                reply("offer_options", "replace_catalogue: true, ", &goto("stuck")),
                reply("follow_up", "", &end("done")),
            ],
        ),
        node(
            "stuck",
            &[
                reply("offer_options", "when: [Mood(90, 100)], ", &end("done")),
                reply("follow_up", "when: [Mood(90, 100)], ", &end("done")),
            ],
        ),
    ]
    .concat();
    let path = scratch.write("dead-end.ron", scenario(&nodes, LADDER, ENDINGS));
    let out = dojo(&["validate", arg(&path)]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let err = text(&out.stderr);
    let needle = "dead end at node `stuck`";
    assert_eq!(err.matches(needle).count(), 1, "{}", both(&out));
    // The one diagnostic (up to the next one) gives the range of moods it happens at.
    let at = err.find(needle).unwrap();
    let rest = &err[at..];
    let block_end = ["\nerror", "\nwarning"]
        .iter()
        .filter_map(|m| rest.find(m))
        .min()
        .unwrap_or(rest.len());
    assert!(
        rest[..block_end].contains("mood"),
        "no mood range in:\n{}",
        &rest[..block_end]
    );
}

// ---------------------------------------------------------------------------------------------
// 4. Things that are not regular files
// ---------------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn validating_dev_zero_is_refused_promptly() {
    let out = dojo(&["validate", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        text(&out.stderr).contains("not a regular file"),
        "{}",
        both(&out)
    );
}

#[cfg(unix)]
#[test]
fn validating_a_fifo_nobody_writes_to_is_refused_without_hanging() {
    let scratch = Scratch::new("fifo");
    let fifo = scratch.path("pipe.ron");
    mkfifo(&fifo);
    let out = dojo(&["validate", arg(&fifo)]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        text(&out.stderr).contains("not a regular file"),
        "{}",
        both(&out)
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_scenario_folder_is_skipped_and_the_rest_is_checked() {
    let scratch = Scratch::new("fifo-in-folder");
    scratch.write("good.ron", minimal());
    mkfifo(&scratch.path("x.ron"));
    let out = dojo(&["validate", arg(&scratch.dir)]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    let err = text(&out.stderr);
    assert!(err.contains("skipped"), "{}", both(&out));
    assert!(err.contains("not a regular file"), "{}", both(&out));
    assert!(
        text(&out.stdout).contains("1 file(s) checked"),
        "{}",
        both(&out)
    );
}

#[test]
fn a_9_mib_file_is_refused_unread() {
    let scratch = Scratch::new("big-file");
    let big = scratch.write("big.ron", vec![b' '; 9 * 1024 * 1024]);
    let out = dojo(&["validate", arg(&big)]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        text(&out.stderr).contains("files over 8 MiB are not read"),
        "{}",
        both(&out)
    );
}

#[cfg(unix)]
#[test]
fn a_catalogue_that_is_a_device_or_a_fifo_is_refused() {
    let out = dojo(&["--catalogue", "/dev/zero", "validate"]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        text(&out.stderr).contains("not a regular file"),
        "{}",
        both(&out)
    );

    let scratch = Scratch::new("catalogue-fifo");
    let fifo = scratch.path("catalogue.ron");
    mkfifo(&fifo);
    let out = dojo(&["validate", "--catalogue", arg(&fifo)]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        text(&out.stderr).contains("not a regular file"),
        "{}",
        both(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// 5. Endless standard input in `play`
// ---------------------------------------------------------------------------------------------

#[test]
fn a_trainee_typing_a_megabyte_without_enter_ends_the_session() {
    let out = run(
        &["play", "telecom-data-charge", "--lang", "en"],
        Input::Bytes(vec![b'x'; 1024 * 1024]),
    );
    assert_eq!(out.status.code(), Some(3), "{}", both(&out));
    assert!(
        text(&out.stderr).contains("the session did not finish"),
        "{}",
        both(&out)
    );
    assert!(
        text(&out.stderr).contains("too long") || text(&out.stdout).contains("too long"),
        "{}",
        both(&out)
    );
}

#[cfg(unix)]
#[test]
fn playing_from_dev_zero_ends_the_session() {
    let zero = fs::File::open("/dev/zero").expect("/dev/zero opens");
    let out = run(
        &["play", "telecom-data-charge", "--lang", "en"],
        Input::Source(Stdio::from(zero)),
    );
    assert_eq!(out.status.code(), Some(3), "{}", both(&out));
}

// ---------------------------------------------------------------------------------------------
// 6. Messy folders: symlink loops, the same file twice, unreadable subfolders
// ---------------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_a_folder_is_not_followed_forever() {
    let scratch = Scratch::new("symlink-loop");
    scratch.write("good.ron", minimal());
    std::os::unix::fs::symlink(".", scratch.path("loop")).expect("symlink can be made");
    let out = dojo(&["validate", arg(&scratch.dir)]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(
        text(&out.stdout).contains("1 file(s) checked"),
        "{}",
        both(&out)
    );
}

fn assert_checked_once(out: &Output) {
    assert_eq!(out.status.code(), Some(0), "{}", both(out));
    assert!(
        text(&out.stdout).contains("1 file(s) checked"),
        "{}",
        both(out)
    );
    let err = text(&out.stderr);
    assert!(!err.contains("duplicate"), "{}", both(out));
    assert!(!err.contains("also used by"), "{}", both(out));
}

#[test]
fn the_same_file_named_twice_is_checked_once() {
    let scratch = Scratch::new("same-file-twice");
    let a = scratch.write("a.ron", minimal());
    let out = dojo(&["validate", arg(&a), arg(&a)]);
    assert_checked_once(&out);
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_scenario_in_the_same_folder_is_checked_once() {
    let scratch = Scratch::new("symlinked-twin");
    scratch.write("a.ron", minimal());
    std::os::unix::fs::symlink("a.ron", scratch.path("b.ron")).expect("symlink can be made");
    let out = dojo(&["validate", arg(&scratch.dir)]);
    assert_checked_once(&out);
}

#[cfg(unix)]
#[test]
fn an_unreadable_subfolder_is_an_error_that_names_it() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new("unreadable-subfolder");
    scratch.write("good.ron", minimal());
    let sub = scratch.path("sealed-off");
    fs::create_dir(&sub).expect("subfolder can be made");
    fs::write(sub.join("inside.ron"), minimal()).expect("file in subfolder can be written");
    fs::set_permissions(&sub, fs::Permissions::from_mode(0o000)).expect("chmod 000");
    let restore = || {
        fs::set_permissions(&sub, fs::Permissions::from_mode(0o755)).expect("chmod 755");
    };
    let out = if fs::read_dir(&sub).is_ok() {
        // Running as root, whom permissions do not stop: run a copy of the binary as
        // `nobody` (CI runs as root), or skip where that is not possible.
        let binary = scratch.path("complaint-dojo");
        fs::copy(env!("CARGO_BIN_EXE_complaint-dojo"), &binary).expect("copy the binary");
        fs::set_permissions(&binary, fs::Permissions::from_mode(0o755)).expect("chmod 755");
        let catalogue = scratch.path("catalogue.ron");
        fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/catalogue.ron"),
            &catalogue,
        )
        .expect("copy the catalogue");
        match Command::new("runuser")
            .args(["-u", "nobody", "--"])
            .arg(&binary)
            .args([
                "--catalogue",
                arg(&catalogue),
                "validate",
                arg(&scratch.dir),
            ])
            .current_dir(&scratch.dir)
            .output()
        {
            Ok(out) if out.status.code() != Some(126) && out.status.code() != Some(127) => out,
            _ => {
                restore();
                return;
            }
        }
    } else {
        dojo(&["validate", arg(&scratch.dir)])
    };
    restore();
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(text(&out.stderr).contains("sealed-off"), "{}", both(&out));
}

// ---------------------------------------------------------------------------------------------
// 7. Output stays bounded whatever the input
// ---------------------------------------------------------------------------------------------

#[test]
fn an_error_at_the_end_of_a_3_million_character_line_prints_a_short_excerpt() {
    let scratch = Scratch::new("long-line");
    let long = "a".repeat(3_000_000);
    let source = edit(
        &minimal(),
        r#"summary: (zh: "测试用。", en: "For tests."),"#,
        &format!(r#"summary: (zh: "测试用。", en: "{long}"), no_such_field: 1,"#),
    );
    let path = scratch.write("long-line.ron", source);
    let out = dojo(&["validate", arg(&path)]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        text(&out.stderr).contains("no_such_field"),
        "{}",
        both(&out)
    );
    assert!(
        out.stderr.len() < 64 * 1024,
        "stderr is {} bytes:\n{}",
        out.stderr.len(),
        both(&out)
    );
}

/// minimal.ron with 20,000 unknown techniques on one reply, one per line.
fn twenty_thousand_unknown_techniques() -> String {
    let ids: String = (0..20_000)
        .map(|i| format!("\n        \"x{i}\","))
        .collect();
    edit(
        &minimal(),
        r#"techniques: ["offer_options"]"#,
        &format!("techniques: [{ids}\n    ]"),
    )
}

#[test]
fn twenty_thousand_problems_print_a_bounded_report_that_mentions_all() {
    let scratch = Scratch::new("many-problems");
    let path = scratch.write("many.ron", twenty_thousand_unknown_techniques());
    let out = dojo(&["validate", arg(&path)]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        out.stderr.len() < 256 * 1024,
        "stderr is {} bytes:\n{}",
        out.stderr.len(),
        both(&out)
    );
    assert!(text(&out.stderr).contains("--all"), "{}", both(&out));
}

#[test]
fn validate_all_prints_every_one_of_twenty_thousand_problems() {
    let scratch = Scratch::new("all-problems");
    let path = scratch.write("many.ron", twenty_thousand_unknown_techniques());
    let out = dojo(&["validate", "--all", arg(&path)]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert_eq!(
        text(&out.stderr).matches("unknown technique").count(),
        20_000,
        "{}",
        both(&out)
    );
}

#[test]
fn a_catalogue_of_20000_techniques_checks_thousands_of_unknown_ids_and_finishes() {
    let scratch = Scratch::new("big-catalogue");
    let bundled =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/catalogue.ron"))
            .expect("the bundled catalogue");
    let extra: String = (0..20_000)
        .map(|i| {
            format!(
                "\n        (id: \"drill_{i:05}\", name: (zh: \"练习{i}\", en: \"Drill {i}\"), \
                 impact: (empathy: 1), feedback: (zh: \"好。\", en: \"Good.\")),"
            )
        })
        .collect();
    let catalogue = scratch.write(
        "catalogue.ron",
        edit(&bundled, "techniques: [", &format!("techniques: [{extra}")),
    );
    // Near misses of catalogue ids, so every one of them asks for a did-you-mean.
    let ids: String = (0..2_000)
        .map(|i| format!("\n        \"dril_{i:05}\","))
        .collect();
    let path = scratch.write(
        "near-misses.ron",
        edit(
            &minimal(),
            r#"techniques: ["offer_options"]"#,
            &format!("techniques: [\"drill_00007\",{ids}\n    ]"),
        ),
    );
    let out = dojo(&[
        "validate",
        "--catalogue",
        arg(&catalogue),
        "--all",
        arg(&path),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", head(&out.stderr));
    let err = text(&out.stderr);
    assert_eq!(err.matches("unknown technique").count(), 2_000);
    assert!(
        err.contains("did you mean `drill_00000`?"),
        "{}",
        head(&out.stderr)
    );
}

#[test]
fn did_you_mean_on_a_20000_character_node_id_finishes() {
    let scratch = Scratch::new("huge-id");
    let source = edit(
        &minimal(),
        r#"Goto("close")"#,
        &format!(r#"Goto("{}")"#, "a".repeat(20_000)),
    );
    let path = scratch.write("huge-id.ron", source);
    // The hang guard is the real assertion; a missing node is an error as always.
    let out = dojo(&["validate", arg(&path)]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
}

// ---------------------------------------------------------------------------------------------
// 8. Absurd numbers are errors at the number
// ---------------------------------------------------------------------------------------------

/// minimal.ron with `insert` added to the first reply of `open`, validated as `file`.
/// Returns `file:line:col` of `value` (inside `insert`) and the command's output.
fn validate_with_reply_field(
    test: &str,
    file: &str,
    insert: &str,
    value: &str,
) -> (String, Output) {
    let scratch = Scratch::new(test);
    let source = edit(
        &minimal(),
        r#"techniques: ["offer_options"], next"#,
        &format!(r#"techniques: ["offer_options"], {insert}, next"#),
    );
    let (line, col) = line_col_of(&source, insert, value);
    let path = scratch.write(file, &source);
    let out = dojo(&["validate", arg(&path)]);
    (format!("{file}:{line}:{col}"), out)
}

#[test]
fn a_mood_effect_of_i32_max_is_out_of_range_at_the_number() {
    let (place, out) = validate_with_reply_field(
        "mood-i32-max",
        "mood.ron",
        "effects: (mood: 2147483647)",
        "2147483647",
    );
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let err = text(&out.stderr);
    assert!(err.contains("out of range"), "{}", both(&out));
    assert!(err.contains(&place), "expected {place}:\n{}", both(&out));
}

#[test]
fn a_promise_within_four_billion_decisions_is_an_error_at_the_number() {
    let (place, out) = validate_with_reply_field(
        "within-4e9",
        "within-huge.ron",
        r#"promises: [(id: "p", within: 4000000000)]"#,
        "4000000000",
    );
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        text(&out.stderr).contains(&place),
        "expected {place}:\n{}",
        both(&out)
    );
}

#[test]
fn a_promise_within_more_than_u32_max_is_an_error_at_the_number() {
    // 4000000000 above still fits in a u32; this one does not.
    let (place, out) = validate_with_reply_field(
        "within-u32-overflow",
        "within-overflow.ron",
        r#"promises: [(id: "p", within: 4294967296)]"#,
        "4294967296",
    );
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        text(&out.stderr).contains(&place),
        "expected {place}:\n{}",
        both(&out)
    );
}

#[test]
fn a_promise_within_1000_decisions_is_out_of_range_at_the_number() {
    let (place, out) = validate_with_reply_field(
        "within-1000",
        "within-1000.ron",
        r#"promises: [(id: "p", within: 1000)]"#,
        "1000",
    );
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    let err = text(&out.stderr);
    assert!(err.contains("out of range"), "{}", both(&out));
    assert!(err.contains(&place), "expected {place}:\n{}", both(&out));
}

// ---------------------------------------------------------------------------------------------
// 9. Exit codes
// ---------------------------------------------------------------------------------------------

#[test]
fn listing_a_missing_folder_fails() {
    let out = dojo(&["list", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
}

#[test]
fn stats_on_a_missing_folder_fails() {
    let out = dojo(&["stats", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
}

#[test]
fn validating_an_empty_folder_fails_with_no_scenario_files() {
    let scratch = Scratch::new("empty-folder");
    let out = dojo(&["validate", arg(&scratch.dir)]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(
        text(&out.stderr).contains("no scenario files"),
        "{}",
        both(&out)
    );
}

#[test]
fn listing_a_folder_with_a_broken_file_fails_but_still_lists_the_good_one() {
    let scratch = Scratch::new("list-broken");
    scratch.write("good.ron", minimal());
    scratch.write("broken.ron", "Scenario(\n    id: \"broken\",\n");
    let out = dojo(&["list", arg(&scratch.dir), "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1), "{}", both(&out));
    assert!(text(&out.stdout).contains("minimal"), "{}", both(&out));
}

#[test]
fn playing_a_folder_is_a_usage_error_that_says_folder() {
    let out = dojo(&["play", "scenarios"]);
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
    assert!(text(&out.stderr).contains("folder"), "{}", both(&out));
}

#[test]
fn playing_a_reply_that_does_not_exist_is_a_usage_error() {
    let out = dojo(&["play", "telecom-data-charge", "--choices", "9"]);
    assert_eq!(out.status.code(), Some(2), "{}", both(&out));
}

// ---------------------------------------------------------------------------------------------
// 10. Terminal escape bytes from file names and ids never reach the terminal
// ---------------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn escape_bytes_in_file_names_and_ids_are_printed_escaped() {
    let scratch = Scratch::new("escape-bytes");
    // A broken file whose name would turn the terminal red.
    scratch.write("evil\x1b[31m.ron", "Scenario(\n    id: \"evil\",\n");
    // A file whose id would clear the screen (written with RON's `\u{1b}` escape).
    scratch.write(
        "bad-id.ron",
        edit(&minimal(), r#"id: "minimal","#, r#"id: "bad\u{1b}[2Jid","#),
    );
    for command in ["validate", "list"] {
        let out = dojo(&[command, arg(&scratch.dir)]);
        assert!(
            !out.stdout.contains(&0x1b),
            "{command}: ESC on stdout:\n{}",
            both(&out).escape_debug()
        );
        assert!(
            !out.stderr.contains(&0x1b),
            "{command}: ESC on stderr:\n{}",
            both(&out).escape_debug()
        );
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(
            all.contains(r"\u{1b}") || all.contains(r"\x1b"),
            "{command}: no escaped ESC:\n{}",
            both(&out)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 11. A byte-order mark, as Windows Notepad saves it
// ---------------------------------------------------------------------------------------------

#[test]
fn a_scenario_saved_with_a_byte_order_mark_is_valid() {
    let scratch = Scratch::new("bom");
    let path = scratch.write("bom.ron", format!("\u{feff}{}", minimal()));
    let out = dojo(&["validate", arg(&path)]);
    assert_eq!(out.status.code(), Some(0), "{}", both(&out));
    assert!(text(&out.stdout).contains("0 error(s)"), "{}", both(&out));
}
