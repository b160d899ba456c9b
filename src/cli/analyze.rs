//! `complaint-dojo analyze`: prints the exhaustive analysis of one scenario.

use std::process::ExitCode;

use super::words::{self, w};
use crate::rubric::Rubric;
use crate::scenario::Lang;
use crate::sim::{Engine, PathReport};

pub fn run(engine: &Engine, json: bool, lang: Lang) -> ExitCode {
    let started = std::time::Instant::now();
    let a = engine.analysis();
    let took = started.elapsed();
    if json {
        return super::print_json(a);
    }
    let s = engine.scenario();
    let cat = engine.catalogue();
    println!("== {} ({}) ==", s.title.get(lang), s.id);
    println!(
        "{} {} ({:.1} ms){}",
        a.states,
        w(lang, "个状态已遍历", "states explored"),
        took.as_secs_f64() * 1000.0,
        if a.truncated {
            w(lang, "，已截断", ", TRUNCATED")
        } else {
            ""
        }
    );
    let path = |p: &PathReport| {
        format!(
            "--choices {}  → {}  [{}]",
            p.choices
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(","),
            p.ending,
            p.scores
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join(" / ")
        )
    };
    println!("\n{} (情 / 理 / 法 = 0–100):", w(lang, "路线", "Routes"));
    if let Some(b) = &a.balanced {
        println!(
            "  {:<28} {}",
            w(lang, "三项兼顾的最佳路线", "best on all three"),
            path(b)
        );
    }
    for r in Rubric::ALL {
        let name = words::rubric(lang, cat, r);
        if let Some(b) = a.best.get(r.index()) {
            println!(
                "  {:<28} {}  (par {})",
                format!("{} {name}", w(lang, "最佳", "best")),
                path(b),
                a.par[r.index()]
            );
        }
        if let Some(b) = a.worst.get(r.index()) {
            println!(
                "  {:<28} {}",
                format!("{} {name}", w(lang, "最差", "worst")),
                path(b)
            );
        }
    }
    println!(
        "\n{}: {}",
        w(lang, "可达结局", "Endings reached"),
        a.reached_endings.join(", ")
    );
    let list = |title: &str, items: Vec<String>| {
        if items.is_empty() {
            println!("{title}: {}", w(lang, "无", "none"));
        } else {
            println!("{title}:");
            for i in items {
                println!("  - {i}");
            }
        }
    };
    list(
        w(lang, "无法到达的结局", "Endings never reached"),
        a.unreached_endings.clone(),
    );
    list(
        w(lang, "从未出现的回复", "Replies never offered"),
        a.never_offered
            .iter()
            .map(|c| format!("{} #{}", c.node, c.choice))
            .collect(),
    );
    list(
        w(lang, "不起作用的回复", "Replies that change nothing"),
        a.inert
            .iter()
            .map(|c| format!("{} #{}", c.node, c.choice))
            .collect(),
    );
    list(
        w(lang, "死路", "Dead ends"),
        a.dead_ends
            .iter()
            .map(|d| {
                format!(
                    "{} (mood {}, trust {}, patience {})",
                    d.node, d.mood, d.trust, d.patience
                )
            })
            .collect(),
    );
    list(w(lang, "循环", "Loops"), a.loops.clone());
    ExitCode::SUCCESS
}
