//! `complaint-dojo stats`: the coverage matrix of a scenario folder.

use std::process::ExitCode;

use unicode_width::UnicodeWidthStr;

use super::Out;
use crate::catalogue::Catalogue;
use crate::course::{Archetype, Level, Text};
use crate::library::Library;
use crate::library::coverage::{Coverage, NO_ARCHETYPE};

pub(super) fn run(out: &Out, lib: &Library, json: bool) -> ExitCode {
    let cat = &lib.catalogue;
    let cov = Coverage::of(lib.scenarios(), cat).with_opinion(
        lib.entries
            .iter()
            .filter_map(|e| e.playable().map(|e| &**e)),
    );
    if json {
        return super::print_json(&cov);
    }
    let cov = &cov;
    let name = |t: Text| out.text(&t);
    println!(
        "{}",
        out.t_args("cli-scenarios", &[("n", cov.scenarios.into())])
    );
    println!("\n{}", out.t("cli-disc-archetype"));
    let heads: Vec<String> = std::iter::once("-".to_string())
        .chain(Archetype::ALL.iter().map(|a| short(a.key())))
        .collect();
    println!(
        "{:<6} {}  {}",
        "",
        heads.iter().map(|h| format!("{h:>6}")).collect::<String>(),
        out.t("cli-total")
    );
    for (d, row) in &cov.disc_archetype {
        let cells: String = std::iter::once(NO_ARCHETYPE)
            .chain(Archetype::ALL.iter().map(|a| a.key()))
            .map(|k| row.get(k).copied().unwrap_or(0))
            .map(|n| format!("{n:>6}"))
            .collect();
        println!(
            "{:<6} {cells}  {:>5}",
            d.letter(),
            cov.disc.get(d).copied().unwrap_or(0)
        );
    }
    println!(
        "       ({})",
        Archetype::ALL
            .iter()
            .map(|a| format!(
                "{}={}",
                short(a.key()),
                name(Catalogue::name_of(&cat.glossary.archetype, *a))
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    section(
        out,
        &out.t("cli-needs"),
        cov.need
            .iter()
            .map(|(k, v)| (name(Catalogue::name_of(&cat.glossary.need, *k)), *v)),
    );
    section(
        out,
        &out.t("cli-cases"),
        cov.case.iter().map(|(k, v)| {
            let n = name(Catalogue::name_of(&cat.glossary.case, *k));
            (format!("{} ({n})", k.key()), *v)
        }),
    );
    section(
        out,
        &out.t("cli-industries"),
        cov.industry
            .iter()
            .map(|(k, v)| (name(Catalogue::name_of(&cat.glossary.industry, *k)), *v)),
    );
    section(
        out,
        &out.t("cli-expectations"),
        cov.expectation.iter().map(|(k, v)| {
            let label = cat.expectation(*k).map_or(k.key().to_string(), |e| {
                format!("{} ({})", k.key(), out.text(&e.name))
            });
            (label, *v)
        }),
    );
    section(
        out,
        &out.t("cli-legal"),
        cov.legal.iter().map(|(k, v)| {
            let label = cat
                .legal_point(k)
                .map_or(k.clone(), |p| format!("{k} ({})", out.text(&p.name)));
            (label, *v)
        }),
    );
    section(
        out,
        &out.t("cli-rungs"),
        cov.level
            .iter()
            .filter(|(l, _)| **l != Level::FrontLine)
            .map(|(k, v)| (name(Catalogue::name_of(&cat.glossary.level, *k)), *v)),
    );
    println!(
        "\n{}",
        out.t_args(
            "cli-multi-party",
            &[
                ("n", cov.multi_party.len().into()),
                (
                    "ids",
                    cov.multi_party
                        .iter()
                        .map(|id| crate::source::escape(id).into_owned())
                        .collect::<Vec<_>>()
                        .join(", ")
                        .into()
                )
            ]
        )
    );
    println!("\n{}", out.t("cli-opinion-stages"));
    let rows: Vec<(String, String)> = cov
        .opinion_stages
        .iter()
        .map(|(stage, ids)| {
            let ids = if ids.is_empty() {
                out.t("cli-none")
            } else {
                ids.iter()
                    .map(|id| crate::source::escape(id).into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let named = name(cat.opinion.stage_name(*stage));
            (
                if named == stage.key() {
                    named
                } else {
                    format!("{} ({named})", stage.key())
                },
                format!("{:>3}  {ids}", cov.opinion_stages[stage].len()),
            )
        })
        .collect();
    let width = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    for (k, v) in rows {
        println!("  {k}{}  {v}", " ".repeat(width - k.width()));
    }
    ExitCode::SUCCESS
}

fn short(key: &str) -> String {
    key.chars().filter(|c| c.is_ascii_uppercase()).collect()
}

fn section(out: &Out, title: &str, rows: impl Iterator<Item = (String, usize)>) {
    println!("\n{title}");
    let rows: Vec<(String, usize)> = rows
        .map(|(k, v)| (crate::source::escape(&k).into_owned(), v))
        .collect();
    let width = rows
        .iter()
        .map(|(k, _)| k.width())
        .max()
        .unwrap_or(0)
        .max(40);
    let missing = format!("  {}", out.t("cli-missing"));
    for (k, v) in rows {
        let mark = if v == 0 { missing.as_str() } else { "" };
        let pad = width - k.width();
        println!("  {k}{:pad$} {v:>3}{mark}", "");
    }
}
