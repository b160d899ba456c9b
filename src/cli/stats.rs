//! `complaint-dojo stats`: the coverage matrix of a scenario folder.

use std::process::ExitCode;

use super::words::w;
use crate::rubric::Catalogue;
use crate::scenario::coverage::{Coverage, NO_ARCHETYPE};
use crate::scenario::{Archetype, Lang, Level};

pub fn run(cov: &Coverage, cat: &Catalogue, lang: Lang, json: bool) -> ExitCode {
    if json {
        return super::print_json(cov);
    }
    let name = |t: crate::scenario::Text| t.get(lang).to_string();
    println!("{} {}", cov.scenarios, w(lang, "个场景", "scenarios"));
    println!("\n{}", w(lang, "DISC × 客户类型", "DISC × archetype"));
    let heads: Vec<String> = std::iter::once("-".to_string())
        .chain(Archetype::ALL.iter().map(|a| short(a.key())))
        .collect();
    println!(
        "{:<6} {}  {}",
        "",
        heads.iter().map(|h| format!("{h:>6}")).collect::<String>(),
        w(lang, "合计", "total")
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
        lang,
        w(lang, "心理需求", "Needs"),
        cov.need
            .iter()
            .map(|(k, v)| (name(Catalogue::name_of(&cat.glossary.need, *k)), *v)),
    );
    section(
        lang,
        w(lang, "课程案例", "Course cases"),
        cov.case.iter().map(|(k, v)| {
            let n = name(Catalogue::name_of(&cat.glossary.case, *k));
            (format!("{} ({n})", k.key()), *v)
        }),
    );
    section(
        lang,
        w(lang, "行业", "Industries"),
        cov.industry
            .iter()
            .map(|(k, v)| (name(Catalogue::name_of(&cat.glossary.industry, *k)), *v)),
    );
    section(
        lang,
        w(lang, "期望类型", "Expectation classes"),
        cov.expectation.iter().map(|(k, v)| {
            let label = cat.expectation(*k).map_or(k.key().to_string(), |e| {
                format!("{} ({})", k.key(), e.name.get(lang))
            });
            (label, *v)
        }),
    );
    section(
        lang,
        w(lang, "法律要点", "Legal points"),
        cov.legal.iter().map(|(k, v)| {
            let label = cat
                .legal_point(k)
                .map_or(k.clone(), |p| format!("{k} ({})", p.name.get(lang)));
            (label, *v)
        }),
    );
    section(
        lang,
        w(lang, "升级阶梯", "Escalation rungs"),
        cov.level
            .iter()
            .filter(|(l, _)| **l != Level::FrontLine)
            .map(|(k, v)| (name(Catalogue::name_of(&cat.glossary.level, *k)), *v)),
    );
    ExitCode::SUCCESS
}

fn short(key: &str) -> String {
    key.chars().filter(|c| c.is_ascii_uppercase()).collect()
}

fn section(lang: Lang, title: &str, rows: impl Iterator<Item = (String, usize)>) {
    println!("\n{title}");
    let rows: Vec<(String, usize)> = rows.collect();
    let width = rows
        .iter()
        .map(|(k, _)| display_width(k))
        .max()
        .unwrap_or(0)
        .max(40);
    for (k, v) in rows {
        let mark = if v == 0 {
            w(lang, "  ← 缺", "  ← missing")
        } else {
            ""
        };
        let pad = width - display_width(&k);
        println!("  {k}{:pad$} {v:>3}{mark}", "");
    }
}

/// Columns a label takes in a terminal: CJK characters are two columns wide, so padding by
/// `char` count would leave the Chinese table ragged.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}
