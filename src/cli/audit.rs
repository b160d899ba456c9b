//! `complaint-dojo audit`: whether a library's scores follow the course or can be gamed
//! (see [`crate::library::audit`]): give-aways by length and position, bots that never read
//! the customer, DISC sensitivity, bonuses on hostile or capitulating replies.

use std::process::ExitCode;
use std::sync::Arc;

use unicode_width::UnicodeWidthStr;

use super::Out;
use crate::library::Library;
use crate::library::audit::{Audit, BotRun, audit};

pub(super) fn run(out: &Out, lib: &Library, json: bool) -> ExitCode {
    let engines: Vec<Arc<_>> = lib
        .entries
        .iter()
        .filter_map(|e| e.playable().cloned())
        .collect();
    let report = audit(&engines);
    if json {
        return super::print_json(&report);
    }
    print(out, &report);
    ExitCode::SUCCESS
}

fn pct(n: usize, of: usize) -> String {
    if of == 0 {
        "0".into()
    } else {
        format!("{:.0}", n as f64 * 100.0 / of as f64)
    }
}

fn bot(b: &BotRun) -> String {
    format!(
        "{:>3} {:>3} {:>3}{}",
        b.scores[0],
        b.scores[1],
        b.scores[2],
        if b.expert { " *" } else { "  " }
    )
}

fn print(out: &Out, a: &Audit) {
    println!("{}", out.t("cli-audit-head"));
    let width = a
        .scenarios
        .iter()
        .map(|s| s.id.width())
        .max()
        .unwrap_or(8)
        .min(40);
    for s in &a.scenarios {
        let id = crate::source::diagnostic::shown(&s.id);
        let pad = width.saturating_sub(id.width());
        let swaps: String = crate::course::Disc::ALL
            .iter()
            .map(|d| {
                if *d == s.disc {
                    '='
                } else if s.disc_swaps.iter().any(|(x, c)| x == d && *c) {
                    'x'
                } else {
                    '.'
                }
            })
            .collect();
        println!(
            "{id}{} {}  {:>3}  {:>3} {:>3}  {}  {}  {swaps}{}",
            " ".repeat(pad),
            s.disc.letter(),
            s.decisions,
            s.best_is_longest,
            s.best_is_first,
            bot(&s.longest_bot),
            bot(&s.shortest_bot),
            if s.partial {
                format!(" {}", out.t("cli-audit-partial"))
            } else {
                String::new()
            }
        );
        for r in &s.turned_with_bonus {
            println!(
                "    ! {} {}",
                crate::source::diagnostic::shown(&r.node),
                r.choice
            );
        }
    }
    println!();
    let args = |n: usize, of: usize| {
        [
            ("n", n.into()),
            ("of", of.into()),
            ("pct", pct(n, of).into()),
        ]
    };
    println!(
        "{}",
        out.t_args("cli-audit-longest", &args(a.best_is_longest, a.decisions))
    );
    println!(
        "{}",
        out.t_args("cli-audit-first", &args(a.best_is_first, a.decisions))
    );
    println!(
        "{}",
        out.t_args(
            "cli-audit-bots",
            &[
                ("long", a.longest_bot_expert.into()),
                ("short", a.shortest_bot_expert.into())
            ]
        )
    );
    println!(
        "{}",
        out.t_args("cli-audit-disc", &args(a.disc_changed, a.disc_pairs))
    );
    println!(
        "{}",
        out.t_args(
            "cli-audit-disc-decisions",
            &args(a.decisions_by_type, a.decisions)
        )
    );
    println!(
        "{}",
        out.t_args(
            "cli-audit-turned",
            &[
                ("n", a.turned_with_bonus.into()),
                ("turned", a.turned.into()),
                ("voided", a.voided.into())
            ]
        )
    );
    println!(
        "{}",
        out.t_args(
            "cli-audit-repeats",
            &[
                ("n", a.repeating_scenarios.into()),
                ("of", a.scenarios.len().into())
            ]
        )
    );
}
