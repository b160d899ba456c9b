//! Helpers shared by the test modules.

use std::path::PathBuf;
use std::sync::Arc;

use complaint_dojo::catalogue::{Catalogue, check};
use complaint_dojo::library;
use complaint_dojo::scenario::Scenario;
use complaint_dojo::sim::Engine;
use complaint_dojo::source::Diagnostic;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn catalogue() -> Catalogue {
    check::load_file(&root().join("scenarios/catalogue.ron")).expect("bundled catalogue loads")
}

pub fn minimal() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/minimal.ron")).unwrap()
}

/// Loads scenario text as if from `fixture.ron`, the way the library does: parsed, checked
/// and (when sound) analysed, with the analysis's lints.
pub fn load(text: &str) -> (Option<Scenario>, Vec<Diagnostic>) {
    let e = library::check_text("fixture.ron", text, &Arc::new(catalogue()));
    (e.scenario.map(|s| (*s).clone()), e.diagnostics)
}

/// Diagnostics as the CLI prints their first line, plus the hint.
pub fn problems(text: &str) -> Vec<String> {
    load(text)
        .1
        .iter()
        .map(|d| format!("{d} | {}", d.hint.clone().unwrap_or_default()))
        .collect()
}

/// The problems one per line, as expect-test snapshots hold them.
pub fn listing(text: &str) -> String {
    problems(text).iter().map(|p| format!("{p}\n")).collect()
}

/// `text` with `from` replaced once by `to` (panics if `from` is absent, so fixtures stay honest).
pub fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "fixture does not contain {from:?}");
    text.replacen(from, to, 1)
}

pub fn engine(text: &str) -> Arc<Engine> {
    let (s, d) = load(text);
    let errors: Vec<_> = d.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "fixture has errors: {errors:#?}");
    Arc::new(Engine::new(Arc::new(s.unwrap()), Arc::new(catalogue())).unwrap())
}

pub fn bundled(id: &str) -> Arc<Engine> {
    let text = std::fs::read_to_string(root().join(format!("scenarios/{id}.ron"))).unwrap();
    engine(&text)
}

/// A command's output as text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs the command line from the project root with `args`, `input` on standard input.
pub fn dojo_with_input<S: AsRef<std::ffi::OsStr>>(args: &[S], input: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_complaint-dojo"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}
