//! The author's commands: `new` writes a scenario to start from (every field present, every
//! text a placeholder the checks name), and `catalogue` prints each technique and mistake
//! with what it is worth for a given customer — the cheat sheet for tagging replies.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::{Out, USAGE};
use crate::catalogue::{Catalogue, Move};
use crate::course::{Archetype, Disc, Industry, Need};
use crate::scenario::scaffold::{Spec, scaffold};
use crate::sim::NoteKind;
use crate::source::escape;

/// A course enum from its RON name, any case (`Steady`, `steady`); DISC types also by
/// letter (`S`).
fn course_key<T: Copy + std::fmt::Display>(
    all: &[T],
    kind: &str,
    s: &str,
    letter: impl Fn(T) -> Option<char>,
) -> Result<T, String> {
    let wanted = s.trim();
    all.iter()
        .copied()
        .find(|v| {
            v.to_string().eq_ignore_ascii_case(wanted)
                || letter(*v).is_some_and(|c| wanted.eq_ignore_ascii_case(&c.to_string()))
        })
        .ok_or_else(|| {
            let known: Vec<String> = all.iter().map(|v| v.to_string()).collect();
            format!("unknown {kind} `{wanted}`: one of {}", known.join(", "))
        })
}

pub(super) fn parse_disc(s: &str) -> Result<Disc, String> {
    course_key(Disc::ALL, "DISC type", s, |d| Some(d.letter()))
}

pub(super) fn parse_need(s: &str) -> Result<Need, String> {
    course_key(Need::ALL, "need", s, |_| None)
}

pub(super) fn parse_archetype(s: &str) -> Result<Archetype, String> {
    course_key(Archetype::ALL, "archetype", s, |_| None)
}

pub(super) fn parse_level(s: &str) -> Result<crate::course::Level, String> {
    course_key(crate::course::Level::ALL, "rung", s, |_| None)
}

pub(super) fn parse_industry(s: &str) -> Result<Industry, String> {
    course_key(Industry::ALL, "industry", s, |_| None)
}

/// `new ID [--disc D] [--archetype A]… [--need N] [--industry I] [--dir DIR]`.
#[derive(Debug, clap::Args)]
pub(super) struct NewArgs {
    /// The scenario's id, also its file name: lowercase letters, digits, `-` and `_`.
    id: String,
    /// The customer's DISC type (D, I, S, C or the full name).
    #[arg(long, value_parser = parse_disc, default_value = "D")]
    disc: Disc,
    /// A difficult-customer archetype (repeat for several).
    #[arg(long, value_parser = parse_archetype)]
    archetype: Vec<Archetype>,
    /// The psychological need behind the complaint.
    #[arg(long, value_parser = parse_need, default_value = "Respect")]
    need: Need,
    /// The industry.
    #[arg(long, value_parser = parse_industry, default_value = "Other")]
    industry: Industry,
    /// The folder to write it in.
    #[arg(long, value_name = "DIR", default_value = "scenarios")]
    pub(super) dir: PathBuf,
}

pub(super) fn new(out: &Out, catalogue: Arc<Catalogue>, args: &NewArgs) -> ExitCode {
    let id = args.id.trim();
    // The validator's own rule, with a bound on the file name's length.
    if id.len() > 64 || !crate::scenario::check::id_ok(id) {
        eprintln!(
            "{}",
            out.t_args("cli-new-bad-id", &[("id", escape(id).into_owned().into())])
        );
        return ExitCode::from(USAGE);
    }
    let path = args.dir.join(format!("{id}.ron"));
    let text = scaffold(&Spec {
        id: id.to_string(),
        disc: args.disc,
        need: args.need,
        industry: args.industry,
        archetypes: args.archetype.clone(),
    });
    match write_new(out, &args.dir, &path, &text) {
        Err(code) => code,
        Ok(()) => report_new(out, &catalogue, &path, true),
    }
}

/// Writes `text` to `path` in `dir`, never over an existing file (`create_new` refuses
/// atomically).
fn write_new(out: &Out, dir: &Path, path: &Path, text: &str) -> Result<(), ExitCode> {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("{}: {e}", shown(dir));
        return Err(ExitCode::FAILURE);
    }
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| {
            use std::io::Write;
            f.write_all(text.as_bytes())?;
            f.sync_all()
        });
    match written {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "{}",
                out.t_args("cli-new-exists", &[("path", shown(path).into())])
            );
            Err(ExitCode::from(USAGE))
        }
        Err(e) => {
            eprintln!("{}: {e}", shown(path));
            Err(ExitCode::FAILURE)
        }
    }
}

/// What the checks say of a file just written: its errors, and how many placeholders are
/// left to write. With `errors_fail`, an error fails the run.
fn report_new(out: &Out, catalogue: &Arc<Catalogue>, path: &Path, errors_fail: bool) -> ExitCode {
    let entry = crate::library::load_file(path, catalogue);
    let errors = entry.diagnostics.iter().filter(|d| d.is_error()).count();
    let todo = entry
        .diagnostics
        .iter()
        .filter(|d| d.message.ends_with("is still a placeholder"))
        .count();
    println!(
        "{}",
        out.t_args(
            "cli-new-written",
            &[
                ("path", shown(path).into()),
                ("errors", errors.into()),
                ("todo", todo.into()),
            ]
        )
    );
    for d in entry.diagnostics.iter().filter(|d| d.is_error()) {
        eprintln!("{d}");
    }
    if errors > 0 && errors_fail {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// `import-twee FILE [--out DIR] [--id ID]`.
#[derive(Debug, clap::Args)]
pub(super) struct ImportArgs {
    /// The Twee 3 file (Twine: Build → Export as Twee).
    file: PathBuf,
    /// The folder to write the scenario in.
    #[arg(long, value_name = "DIR", default_value = "scenarios")]
    pub(super) out: PathBuf,
    /// The scenario's id [default: from the file's name].
    #[arg(long)]
    id: Option<String>,
}

pub(super) fn import_twee(out: &Out, catalogue: Arc<Catalogue>, args: &ImportArgs) -> ExitCode {
    use crate::scenario::twee;
    let source = match crate::source::read_text(&args.file) {
        Ok(s) => s,
        Err(d) => {
            eprintln!("{}", crate::source::render::render(&d, None));
            return ExitCode::FAILURE;
        }
    };
    let story = match twee::parse(&source) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}: {e}", shown(&args.file));
            return ExitCode::FAILURE;
        }
    };
    let stem = args
        .file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = args
        .id
        .clone()
        .unwrap_or_else(|| twee::id_from(&stem, 0).replace('_', "-"));
    let id = id.trim();
    if id.len() > 64 || !crate::scenario::check::id_ok(id) {
        eprintln!(
            "{}",
            out.t_args("cli-new-bad-id", &[("id", escape(id).into_owned().into())])
        );
        return ExitCode::from(USAGE);
    }
    let report = twee::to_scenario(&story, id);
    let path = args.out.join(format!("{id}.ron"));
    if let Err(code) = write_new(out, &args.out, &path, &report.text) {
        return code;
    }
    println!(
        "{}",
        out.t_args(
            "cli-import-made",
            &[
                ("nodes", report.nodes.into()),
                ("endings", report.endings.into()),
                ("replies", report.replies.into()),
                ("start", escape(&report.start).into_owned().into()),
            ]
        )
    );
    let names = |v: &[String]| {
        v.iter()
            .map(|n| format!("“{}”", escape(n)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!("{}", out.t("cli-import-todo"));
    let mut todo = vec![
        out.t("cli-import-todo-customer"),
        out.t_args("cli-import-todo-tags", &[("n", report.replies.into())]),
        out.t(if report.chinese {
            "cli-import-todo-english"
        } else {
            "cli-import-todo-chinese"
        }),
        out.t_args("cli-import-todo-endings", &[("n", report.endings.into())]),
    ];
    // A list of passages, said when it has any.
    let list = |todo: &mut Vec<String>, key: &str, passages: &[String]| {
        if !passages.is_empty() {
            todo.push(out.t_args(key, &[("passages", names(passages).into())]));
        }
    };
    list(&mut todo, "cli-import-todo-single", &report.single);
    list(&mut todo, "cli-import-todo-macros", &report.not_carried);
    for (from, to) in &report.broken {
        todo.push(out.t_args(
            "cli-import-todo-broken",
            &[
                ("from", escape(from).into_owned().into()),
                ("to", escape(to).into_owned().into()),
            ],
        ));
    }
    list(&mut todo, "cli-import-todo-duplicates", &report.duplicates);
    list(&mut todo, "cli-import-skipped", &report.skipped);
    for t in todo {
        println!("  - {t}");
    }
    report_new(out, &catalogue, &path, false)
}

fn shown(p: &Path) -> String {
    escape(&p.display().to_string()).into_owned()
}

/// `catalogue [--disc D] [--need N] [--archetype A]… [--json]`.
#[derive(Debug, clap::Args)]
pub(super) struct CatalogueArgs {
    /// The customer's DISC type [default: every type, side by side].
    #[arg(long, value_parser = parse_disc)]
    disc: Option<Disc>,
    /// The need behind the complaint.
    #[arg(long, value_parser = parse_need)]
    need: Option<Need>,
    /// A difficult-customer archetype (repeat for several).
    #[arg(long, value_parser = parse_archetype)]
    archetype: Vec<Archetype>,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

/// One move's worth for the customer asked about.
#[derive(Debug, Serialize)]
struct Worth {
    kind: &'static str,
    id: String,
    name: crate::course::Text,
    /// For each DISC type asked about: the net impact.
    impact: Vec<(Disc, crate::course::Impact)>,
}

pub(super) fn catalogue(out: &Out, cat: &Catalogue, args: &CatalogueArgs) -> ExitCode {
    let discs: Vec<Disc> = args.disc.map_or_else(|| Disc::ALL.to_vec(), |d| vec![d]);
    let worth = |kind: NoteKind, m: &Move| Worth {
        kind: if kind == NoteKind::Technique {
            "technique"
        } else {
            "mistake"
        },
        id: m.id.clone(),
        name: m.name.clone(),
        impact: discs
            .iter()
            .map(|&d| {
                let note =
                    crate::sim::score::move_note_for(kind, m, d, None, args.need, &args.archetype);
                (d, note.impact)
            })
            .collect(),
    };
    let mut rows: Vec<Worth> = cat
        .techniques
        .iter()
        .map(|m| worth(NoteKind::Technique, m))
        .chain(cat.mistakes.iter().map(|m| worth(NoteKind::Mistake, m)))
        .collect();
    // Best first for the (first) customer asked about.
    let total = |w: &Worth| w.impact.first().map_or(0, |(_, i)| i.points().iter().sum());
    rows.sort_by_key(|w| std::cmp::Reverse(total(w)));
    if args.json {
        return super::print_json(&serde_json::json!({
            "moves": rows,
            "claims": { "times_direct_loss": 2, "statutory": cat.statutory },
        }));
    }
    let names: Vec<String> = rows.iter().map(|w| out.text(&w.name)).collect();
    let width = names.iter().map(|n| n.width()).max().unwrap_or(0);
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.width())));
    let who = customer_words(out, cat, args);
    println!(
        "{}",
        out.t_args("cli-catalogue-for", &[("who", who.into())])
    );
    if discs.len() == 1 {
        println!(
            "{}  {}  情   理   法   {}",
            pad(&out.t("cli-catalogue-move"), width),
            pad("id", 24),
            out.t("cli-catalogue-customer")
        );
        for (w, name) in rows.iter().zip(&names) {
            let i = w.impact[0].1;
            println!(
                "{}  {}  {:>3}  {:>3}  {:>3}   {} {:+} {} {:+} {} {:+}",
                pad(name, width),
                pad(&w.id, 24),
                i.empathy,
                i.expectation,
                i.legal,
                out.t("cli-mood"),
                i.mood,
                out.t("cli-trust"),
                i.trust,
                out.t("cli-patience"),
                i.patience
            );
        }
    } else {
        println!(
            "{}  {}  {}",
            pad(&out.t("cli-catalogue-move"), width),
            pad("id", 24),
            out.t("cli-catalogue-by-type")
        );
        for (w, name) in rows.iter().zip(&names) {
            let by_type: Vec<String> = w
                .impact
                .iter()
                .map(|(d, i)| format!("{} {:+3}", d.letter(), i.points().iter().sum::<i32>()))
                .collect();
            println!(
                "{}  {}  {}",
                pad(name, width),
                pad(&w.id, 24),
                by_type.join("  ")
            );
        }
    }
    if !cat.statutory.is_empty() {
        println!("\n{}", out.t("cli-catalogue-claims"));
        for r in &cat.statutory {
            println!(
                "  {}  {}: {}\n      {}",
                crate::source::escape(&r.id),
                out.text(&r.law),
                out.t_args(
                    "cli-catalogue-statutory",
                    &[
                        ("price", r.times_price.into()),
                        ("loss", r.times_loss.into()),
                        ("minimum", r.minimum.into()),
                    ]
                ),
                out.text(&r.applies)
            );
        }
    }
    ExitCode::SUCCESS
}

/// "D · Dominant, need: Respect" in the run's language.
fn customer_words(out: &Out, cat: &Catalogue, args: &CatalogueArgs) -> String {
    let g = &cat.glossary;
    let mut parts = vec![match args.disc {
        Some(d) => out.text(&Catalogue::name_of(&g.disc, d)),
        None => out.t("cli-catalogue-every-type"),
    }];
    if let Some(n) = args.need {
        parts.push(out.text(&Catalogue::name_of(&g.need, n)));
    }
    for a in &args.archetype {
        parts.push(out.text(&Catalogue::name_of(&g.archetype, *a)));
    }
    parts.join(" · ")
}

/// What `graph` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum GraphFormat {
    /// Graphviz: `dot -Tsvg map.dot > map.svg`.
    Dot,
    /// A Mermaid flowchart (GitHub and many wikis draw it).
    Mermaid,
}

/// `graph SCENARIO [--format dot|mermaid] [--out FILE]`.
pub(super) fn graph(
    out: &Out,
    engine: &Arc<crate::sim::Engine>,
    format: GraphFormat,
    file: Option<&Path>,
) -> ExitCode {
    let map = crate::sim::map::map(engine);
    let text = match format {
        GraphFormat::Dot => crate::sim::map::dot(&map, out.lang),
        GraphFormat::Mermaid => crate::sim::map::mermaid(&map, out.lang),
    };
    match file {
        None => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Some(path) => match crate::source::write_atomic(path, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{}: {e}", shown(path));
                ExitCode::FAILURE
            }
        },
    }
}
