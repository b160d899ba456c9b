//! Prints measured figures for the scenario tooling (never asserted in tests):
//! validate time for the bundled library and for a generated 1,000-scenario library, next to
//! the raw RON parse time of the same files, and analyze time on the largest scenario.
//!
//! Run with `scripts/bench.sh` (release build, without the game window).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use complaint_dojo::catalogue::{Catalogue, check};
use complaint_dojo::library::{self, Library};
use complaint_dojo::scenario::Scenario;
use complaint_dojo::sim::Engine;
use complaint_dojo::source::ron::ron_options;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bundled = root.join("scenarios");
    let catalogue = Arc::new(check::load_file(&bundled.join("catalogue.ron")).expect("catalogue"));

    let files = library::scenario_files(std::slice::from_ref(&bundled)).files;
    report("bundled library", &files, &catalogue);

    let dir = std::env::temp_dir().join(format!("dojo-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sources: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let mut generated = Vec::new();
    for i in 0..1000 {
        let src = &sources[i % sources.len()];
        let id_line = src
            .lines()
            .find(|l| l.trim_start().starts_with("id:"))
            .unwrap();
        let text = src.replacen(id_line, &format!("    id: \"generated-{i:04}\","), 1);
        let path = dir.join(format!("generated-{i:04}.ron"));
        std::fs::write(&path, text).unwrap();
        generated.push(path);
    }
    report("generated 1,000-scenario library", &generated, &catalogue);
    std::fs::remove_dir_all(&dir).unwrap();

    let largest = files
        .iter()
        .max_by_key(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .unwrap();
    let loaded = library::load_file(largest, &catalogue);
    let s = loaded.scenario.unwrap();
    let (runs, total, states) = repeat(20, || {
        let e = Engine::new(s.clone(), catalogue.clone()).unwrap();
        e.analysis().states
    });
    println!(
        "analyze {} ({} nodes, {states} states): {:.2} ms per run (mean of {runs})",
        largest.file_name().unwrap().to_string_lossy(),
        s.nodes.len(),
        ms(total) / runs as f64
    );
}

fn report(name: &str, files: &[PathBuf], catalogue: &Arc<Catalogue>) {
    let texts: Vec<(String, String)> = files
        .iter()
        .map(|f| (f.display().to_string(), std::fs::read_to_string(f).unwrap()))
        .collect();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let (runs, parse, _) = repeat(5, || {
        texts
            .iter()
            .filter(|(_, t)| ron_options().from_str::<Scenario>(t).is_ok())
            .count()
    });
    let dirs: Vec<PathBuf> = files
        .first()
        .and_then(|f| f.parent())
        .map(Path::to_path_buf)
        .into_iter()
        .collect();
    let (_, validate, loaded) = repeat(runs, || {
        Library::load(&dirs, catalogue.clone()).entries.len()
    });
    println!(
        "{name}: {} files, {:.1} KiB\n  raw RON parse: {:.1} ms   full validate (read + parse + checks + analysis): {:.1} ms   ({loaded} loaded, mean of {runs}; {:.1}× the raw parse)",
        texts.len(),
        bytes as f64 / 1024.0,
        ms(parse) / runs as f64,
        ms(validate) / runs as f64,
        validate.as_secs_f64() / parse.as_secs_f64(),
    );
}

fn repeat<T>(n: usize, mut f: impl FnMut() -> T) -> (usize, Duration, T) {
    let start = Instant::now();
    let mut last = f();
    for _ in 1..n {
        last = f();
    }
    (n, start.elapsed(), last)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
