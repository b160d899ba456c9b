//! `complaint-dojo analyze`: prints the exhaustive analysis of one scenario.

use std::process::ExitCode;

use super::Out;
use super::play::rubric_name;
use crate::catalogue::Catalogue;
use crate::course::Rubric;
use crate::sim::{Engine, PathReport};
use crate::source::escape;

pub(super) fn run(out: &Out, engine: &Engine, json: bool) -> ExitCode {
    let a = engine.analysis();
    let took = a.took;
    let endings = a.endings(engine);
    if json {
        /// The analysis with the per-ending report.
        #[derive(serde::Serialize)]
        struct Report<'a> {
            #[serde(flatten)]
            analysis: &'a crate::sim::Analysis,
            endings: &'a [crate::sim::EndingReport],
        }
        return super::print_json(&Report {
            analysis: a,
            endings: &endings,
        });
    }
    let s = engine.scenario();
    let cat = engine.catalogue();
    println!("== {} ({}) ==", out.text(&s.title), escape(&s.id));
    println!(
        "{}",
        out.t_args(
            "cli-states-explored",
            &[
                ("n", a.states.into()),
                ("ms", format!("{:.1}", took.as_secs_f64() * 1000.0).into())
            ]
        )
    );
    if a.truncated {
        println!("{}", out.t("cli-partial"));
    }
    let path = |p: &PathReport| {
        format!(
            "--choices {}  → {}  [{}]",
            p.choices
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(","),
            escape(&p.ending),
            p.scores
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join(" / ")
        )
    };
    let names: Vec<String> = Rubric::ALL
        .iter()
        .map(|&r| rubric_name(out, cat, r))
        .collect();
    println!("\n{} ({} = 0–100):", out.t("cli-routes"), names.join(" / "));
    if let Some(b) = &a.balanced {
        println!("  {:<28} {}", out.t("cli-best-all"), path(b));
    }
    for r in Rubric::ALL {
        let name = rubric_name(out, cat, r);
        if let Some(b) = a.best.get(r.index()) {
            println!(
                "  {:<28} {}  (par {})",
                format!("{} {name}", out.t("cli-best")),
                path(b),
                a.par[r.index()]
            );
        }
        if let Some(b) = a.worst.get(r.index()) {
            println!(
                "  {:<28} {}",
                format!("{} {name}", out.t("cli-worst")),
                path(b)
            );
        }
    }
    println!(
        "\n{}: {}",
        out.t("cli-endings-reached"),
        a.reached_endings
            .iter()
            .map(|e| escape(e).into_owned())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let meter = engine.has_opinion();
    println!(
        "\n{} ({} / {} / {}{}):",
        out.t("cli-node-ranges"),
        out.t("cli-mood"),
        out.t("cli-trust"),
        out.t("cli-patience"),
        if meter {
            format!(" / {}", out.t("cli-heat"))
        } else {
            String::new()
        }
    );
    let id_width = a
        .nodes
        .iter()
        .map(|n| escape(&n.id).chars().count())
        .max()
        .unwrap_or(0);
    let range = |r: (u8, u8)| format!("{:>7}", crate::sim::span(r));
    for n in &a.nodes {
        let id = escape(&n.id);
        println!(
            "  {id}{}  {} {} {}{}   ({})",
            " ".repeat(id_width.saturating_sub(id.chars().count())),
            range(n.mood),
            range(n.trust),
            range(n.patience),
            if meter {
                format!(" {}", range(n.heat))
            } else {
                String::new()
            },
            out.t_args("cli-node-states", &[("n", n.states.into())])
        );
    }
    if meter {
        let names = |stages: &[crate::course::Stage]| {
            stages
                .iter()
                .map(|s| out.text(&engine.catalogue().opinion.stage_name(*s)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        println!("\n{}: {}", out.t("cli-stages-reached"), names(&a.stages));
        let width = a
            .ending_stages
            .iter()
            .map(|es| escape(&es.ending).chars().count())
            .max()
            .unwrap_or(0);
        for es in &a.ending_stages {
            let id = escape(&es.ending);
            let pad = " ".repeat(width.saturating_sub(id.chars().count()));
            println!("  {id}{pad}  {}", names(&es.stages));
        }
    }
    println!("\n{}:", out.t("cli-endings"));
    let cat = engine.catalogue();
    let width = endings
        .iter()
        .map(|e| escape(&e.id).chars().count())
        .max()
        .unwrap_or(0);
    for e in &endings {
        let verdict = out.text(&Catalogue::name_of(&cat.glossary.verdict, e.verdict));
        let id = escape(&e.id);
        let pad = width.saturating_sub(id.chars().count());
        let route = match &e.best {
            Some(b) => format!(
                "--choices {}  [{} / {} / {}]  {}",
                b.choices
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
                b.scores[0],
                b.scores[1],
                b.scores[2],
                out.t(if b.passed {
                    "standing-passed"
                } else {
                    "standing-not-passed"
                })
            ),
            None => out.t("cli-unreached"),
        };
        let route = match &e.shortest {
            Some(s) if e.best.as_ref().is_some_and(|b| b.choices.len() > s.len()) => format!(
                "{route}; {} --choices {}",
                out.t("cli-shortest"),
                s.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            _ => route,
        };
        let vpad = 10usize.saturating_sub(unicode_width::UnicodeWidthStr::width(verdict.as_str()));
        println!(
            "  {id}{}  {verdict}{} {route}",
            " ".repeat(pad),
            " ".repeat(vpad)
        );
    }
    let list = |title: String, items: Vec<String>, needs_whole_space: bool| {
        if needs_whole_space && a.truncated {
            println!("{title}: {}", out.t("cli-not-claimed"));
        } else if items.is_empty() {
            println!("{title}: {}", out.t("cli-none"));
        } else {
            println!("{title}:");
            for i in items {
                println!("  - {}", escape(&i));
            }
        }
    };
    list(
        out.t("cli-endings-unreached"),
        a.unreached_endings.clone(),
        true,
    );
    list(
        out.t("cli-never-offered"),
        a.never_offered
            .iter()
            .map(|c| format!("{} #{}", c.node, c.choice))
            .collect(),
        true,
    );
    list(
        out.t("cli-inert"),
        a.inert
            .iter()
            .map(|c| format!("{} #{}", c.node, c.choice))
            .collect(),
        true,
    );
    list(
        out.t("cli-dead-ends"),
        a.dead_ends
            .iter()
            .map(|d| format!("{} ({} states: {})", d.id, d.states, d.ranges()))
            .collect(),
        false,
    );
    list(out.t("cli-loops"), a.loops.clone(), false);
    list(
        out.t("cli-sudden"),
        a.sudden_failures
            .iter()
            .map(|s| format!("{} #{} → {}", s.reply.node, s.reply.choice, s.ending))
            .collect(),
        false,
    );
    list(out.t("cli-never-kept"), a.never_kept.clone(), true);
    ExitCode::SUCCESS
}
