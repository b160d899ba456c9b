//! How long free reply takes to read one typed reply (goal: under 2 ms), measured on the
//! evaluation sets in tests/fixtures/understand/: each reply read 20 times after a warm-up;
//! also how long preparing each scenario's reader takes (once per session). Prints figures,
//! asserts nothing. Run with `scripts/measure-understand.sh` (release build, no window).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use complaint_dojo::catalogue::check;
use complaint_dojo::library::{Depth, Library};
use complaint_dojo::understand::Reader;
use complaint_dojo::understand::evaluation::Case;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let cat = Arc::new(check::load_file(&root.join("scenarios/catalogue.ron")).expect("catalogue"));
    let lib = Library::load_to(&[root.join("scenarios")], cat.clone(), Depth::Checked);
    let mut cases: Vec<Case> = Vec::new();
    for name in ["dev.ron", "held_out.ron", "fresh.ron"] {
        let text = std::fs::read_to_string(root.join("tests/fixtures/understand").join(name))
            .expect("evaluation set");
        let set: Vec<Case> = complaint_dojo::source::ron::ron_options()
            .from_str(&text)
            .expect("evaluation set parses");
        cases.extend(set);
    }

    // Preparing a reader: once per session, at its start.
    let mut builds = Vec::new();
    let mut readers: HashMap<String, Reader> = HashMap::new();
    for s in lib.scenarios() {
        let t = Instant::now();
        let r = Reader::new(Arc::new(s.clone()), &cat);
        builds.push(t.elapsed());
        readers.insert(s.id.clone(), r);
    }
    builds.sort();
    println!(
        "reader prepared for {} scenarios: median {:.2} ms, slowest {:.2} ms",
        builds.len(),
        ms(builds[builds.len() / 2]),
        ms(*builds.last().unwrap())
    );

    // Reading one typed reply.
    let mut times = Vec::new();
    let mut chars = 0usize;
    for c in &cases {
        let Some(r) = readers.get(&c.scenario) else {
            continue;
        };
        let Some(node) = r.scenario().nodes.iter().position(|n| n.id == c.node) else {
            continue;
        };
        let offered: Vec<usize> = (0..r.scenario().nodes[node].choices.len()).collect();
        std::hint::black_box(r.understand(node, &offered, &c.text, c.lang));
        for _ in 0..20 {
            let t = Instant::now();
            std::hint::black_box(r.understand(node, &offered, &c.text, c.lang));
            times.push(t.elapsed());
        }
        chars += c.text.chars().count();
    }
    times.sort();
    let mean = times.iter().sum::<Duration>() / times.len().max(1) as u32;
    println!(
        "read {} typed replies ×20 (mean {} characters): mean {:.3} ms, median {:.3} ms, p99 {:.3} ms, slowest {:.3} ms",
        cases.len(),
        chars / cases.len().max(1),
        ms(mean),
        ms(times[times.len() / 2]),
        ms(times[times.len() * 99 / 100]),
        ms(*times.last().unwrap())
    );

    // The worst case the window allows: a reply at the length limit.
    let (id, r) = readers.iter().next().unwrap();
    let long: String = "您先冷静一下，难道系统还会冤枉您吗？I'm sorry, we'll look into it. "
        .repeat(60)
        .chars()
        .take(complaint_dojo::understand::text::MAX_CHARS)
        .collect();
    let offered: Vec<usize> = (0..r.scenario().nodes[0].choices.len()).collect();
    let t = Instant::now();
    for _ in 0..20 {
        std::hint::black_box(r.understand(0, &offered, &long, complaint_dojo::course::Lang::Zh));
    }
    println!(
        "a {}-character reply ({id}): {:.3} ms each",
        long.chars().count(),
        ms(t.elapsed() / 20)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
