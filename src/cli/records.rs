//! `history`: the recorded sessions, newest first; and the records file every command shares
//! (in the data folder, or under `--data-dir`).

use std::process::ExitCode;

use unicode_width::UnicodeWidthStr;

use super::{Out, USAGE};
use crate::catalogue::Catalogue;
use crate::course::Lang;
use crate::records::{Records, RecordsError};
use crate::source::escape;

/// Opens the records file, telling the user on standard error if an unreadable one was
/// moved aside.
pub(crate) fn open_records(out: &Out) -> Result<Records, ExitCode> {
    let Some(store) = crate::app::store::Store::locate() else {
        eprintln!("{}", out.t("cli-records-no-folder"));
        return Err(ExitCode::FAILURE);
    };
    match Records::open(&store.records_path()) {
        Ok(opened) => {
            if let Some((aside, why)) = &opened.set_aside {
                eprintln!(
                    "{}",
                    out.t_args(
                        "cli-records-set-aside",
                        &[
                            ("why", escape(why).into_owned().into()),
                            (
                                "path",
                                escape(&aside.display().to_string()).into_owned().into()
                            ),
                        ]
                    )
                );
            }
            Ok(opened.records)
        }
        Err(e) => {
            eprintln!(
                "{}: {}",
                escape(&store.records_path().display().to_string()),
                escape(&e.to_string())
            );
            Err(ExitCode::FAILURE)
        }
    }
}

/// Pads `s` to `width` display columns (CJK characters take two).
fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

/// `history [--trainee NAME] [--json]`.
pub(crate) fn history(out: &Out, cat: &Catalogue, trainee: Option<&str>, json: bool) -> ExitCode {
    let records = match open_records(out) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let rows = match records.history(trainee) {
        Ok(rows) => rows,
        Err(RecordsError::NoSuchTrainee(name)) => {
            eprintln!(
                "{}",
                out.t_args(
                    "cli-records-no-trainee",
                    &[("name", escape(&name).into_owned().into())]
                )
            );
            return ExitCode::from(USAGE);
        }
        Err(e) => {
            eprintln!("{}", escape(&e.to_string()));
            return ExitCode::FAILURE;
        }
    };
    if json {
        return super::print_json(&rows);
    }
    if rows.is_empty() {
        println!("{}", out.t("cli-history-empty"));
        return ExitCode::SUCCESS;
    }
    let names: Vec<String> = rows
        .iter()
        .map(|r| escape(&r.trainee).into_owned())
        .collect();
    let who = names
        .iter()
        .map(|n| n.width())
        .chain([out.t("cli-history-trainee").width()])
        .max()
        .unwrap_or(0);
    println!(
        "{}  {}  {}  {}  {}",
        pad(&out.t("cli-history-date"), 16),
        pad(&out.t("cli-history-trainee"), who),
        pad(&out.t("cli-history-mode"), 10),
        pad(&out.t("cli-history-scores"), 20),
        out.t("cli-history-scenario-outcome"),
    );
    for (row, name) in rows.iter().zip(&names) {
        let mode = if row.mode == "assessment" {
            out.t("cli-assessment")
        } else {
            out.t("cli-practice")
        };
        let [e, x, l] = row
            .scores
            .map_or(["-".to_string(), "-".into(), "-".into()], |s| {
                s.map(|v| v.to_string())
            });
        let title = if out.lang == Lang::Zh {
            &row.title_zh
        } else {
            &row.title_en
        };
        println!(
            "{:<16}  {}  {}  情 {e:>3} 理 {x:>3} 法 {l:>3}  {} — {}",
            crate::records::local_time(row.started_ms),
            pad(name, who),
            pad(&mode, 10),
            escape(title),
            crate::locale::recorded_outcome(Out::i18n(), out.lang, cat, row, |t| out.text(t)),
        );
    }
    ExitCode::SUCCESS
}
