//! `history`: the recorded sessions, newest first; `export`; `sync` to an organisation's
//! Learning Record Store; and the records file every command shares (in the data folder, or
//! under `--data-dir`).

use std::process::ExitCode;

use unicode_width::UnicodeWidthStr;

use super::{Out, USAGE};
use crate::catalogue::Catalogue;
use crate::course::Lang;
use crate::records::lrs::{Backoff, Endpoint, Stopped};
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

/// Says why the records refused, and the exit code: 2 for a trainee with no records.
pub(super) fn refused(out: &Out, e: RecordsError) -> ExitCode {
    match e {
        RecordsError::NoSuchTrainee(name) => {
            eprintln!(
                "{}",
                out.t_args(
                    "cli-records-no-trainee",
                    &[("name", escape(&name).into_owned().into())]
                )
            );
            ExitCode::from(USAGE)
        }
        e => {
            eprintln!("{}", escape(&e.to_string()));
            ExitCode::FAILURE
        }
    }
}

/// Pads `s` to `width` display columns (CJK characters take two).
pub(super) fn pad(s: &str, width: usize) -> String {
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
        Err(e) => return refused(out, e),
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

/// `progress --trainee NAME [--json]`: proficiency per rubric, habits, the next scenario.
pub(crate) fn progress(
    out: &Out,
    lib: &crate::library::Library,
    trainee: &str,
    json: bool,
) -> ExitCode {
    let records = match open_records(out) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let p = match crate::records::progress::Progress::read(&records, trainee, &lib.entries) {
        Ok(p) => p,
        Err(e) => return refused(out, e),
    };
    if json {
        return super::print_json(&p);
    }
    let cat = &lib.catalogue;
    println!("{}", out.t("progress-proficiency"));
    match p.proficiency {
        Some(s) => println!("  情 {:>3}   理 {:>3}   法 {:>3}", s[0], s[1], s[2]),
        None => println!("  -"),
    }
    if !p.habits.is_empty() {
        println!("{}", out.t("progress-habits"));
        for h in p.habits.iter().take(6) {
            let name = crate::records::progress::habit_name(cat, &h.note).map_or_else(
                || escape(crate::records::progress::habit_id(&h.note)).into_owned(),
                |t| out.text(t),
            );
            let good = crate::records::progress::habit_kind(&h.note) == Some(true);
            let disc = crate::catalogue::Catalogue::name_of(&cat.glossary.disc, h.disc);
            println!(
                "  {}",
                out.t_args(
                    if good {
                        "progress-habit-other"
                    } else {
                        "progress-habit-mistake"
                    },
                    &[
                        ("name", name.into()),
                        ("disc", out.text(&disc).into()),
                        ("n", h.sessions.into()),
                        ("of", h.of.into()),
                    ]
                )
            );
        }
    }
    if let Some(r) = &p.next {
        let title = lib
            .find(&r.scenario)
            .and_then(|e| e.scenario.as_ref())
            .map(|s| out.text(&s.title))
            .unwrap_or_default();
        let disc = crate::catalogue::Catalogue::name_of(&cat.glossary.disc, r.disc);
        println!("{}", out.t("progress-next"));
        println!(
            "  {} ({})  {}",
            title,
            escape(&r.scenario),
            "★".repeat(usize::from(r.difficulty))
        );
        println!(
            "  {}",
            out.t_args(
                "progress-next-why",
                &[
                    ("rubric", ["情", "理", "法"][r.rubric.min(2)].into()),
                    ("disc", out.text(&disc).into()),
                ]
            )
        );
        for a in &p.next_advice {
            println!("  {}", super::style::advice_line(out, cat, a));
        }
    }
    match &p.style {
        Some(blend) => println!("{}\n  {}", out.t("style-blend"), blend.summary()),
        None => println!("{}", out.t("cli-style-invite")),
    }
    ExitCode::SUCCESS
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// A spreadsheet (UTF-8 with a byte-order mark).
    Csv,
    /// One self-contained page to print or mail.
    Html,
    /// xAPI 1.0.3 statements, one JSON array (docs/xapi.md).
    Xapi,
}

/// `export --format csv|html [--trainee NAME] [--out FILE] [--per-decision]`.
pub(crate) fn export(
    out: &Out,
    lib: &crate::library::Library,
    format: Format,
    trainee: Option<&str>,
    file: Option<&std::path::Path>,
    per_decision: bool,
) -> ExitCode {
    use crate::records::export;
    let cat = &lib.catalogue;
    let records = match open_records(out) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let sessions = match records.sessions(trainee) {
        Ok(s) => s,
        Err(e) => return refused(out, e),
    };
    let text = match format {
        Format::Csv if per_decision => export::csv_decisions(&sessions, out.lang),
        Format::Csv => export::csv_sessions(&sessions, out.lang),
        Format::Xapi => {
            let statements: Vec<serde_json::Value> = sessions
                .iter()
                .flat_map(|s| {
                    let engine = lib.find(&s.scenario).and_then(|e| e.engine.as_ref());
                    crate::records::xapi::statements(s, engine)
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&statements).unwrap_or_default();
            text.push('\n');
            text
        }
        Format::Html => {
            let outcome_of = sessions
                .iter()
                .map(|s| {
                    let row = crate::records::SessionRow::brief(s);
                    crate::locale::recorded_outcome(Out::i18n(), out.lang, cat, &row, |t| {
                        t.get(out.lang).to_string()
                    })
                })
                .collect();
            let mode_of = sessions
                .iter()
                .map(|s| match s.mode {
                    crate::sim::Mode::Practice => out.t("cli-practice"),
                    crate::sim::Mode::Assessment => out.t("cli-assessment"),
                })
                .collect();
            let words = export::Words {
                title: out.t("export-title"),
                heads: [
                    out.t("cli-history-date"),
                    out.t("history-scenario"),
                    out.t("cli-history-mode"),
                    out.t("history-outcome"),
                ],
                trend: out.t("history-trend"),
                outcomes: out.t("export-outcomes"),
                outcome_of,
                mode_of,
            };
            export::html(&sessions, out.lang, &words)
        }
    };
    match file {
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            if stdout.write_all(text.as_bytes()).is_err() {
                return ExitCode::FAILURE;
            }
        }
        Some(path) => {
            if let Err(e) = crate::source::write_atomic(path, text.as_bytes()) {
                eprintln!("{}: {}", escape(&path.display().to_string()), e);
                return ExitCode::FAILURE;
            }
            eprintln!(
                "{}",
                out.t_args(
                    "export-written",
                    &[
                        ("n", sessions.len().into()),
                        (
                            "path",
                            escape(&path.display().to_string()).into_owned().into()
                        ),
                    ]
                )
            );
        }
    }
    ExitCode::SUCCESS
}

/// The options of `sync`. Its `Debug` masks the secret.
#[derive(clap::Args)]
pub struct SyncArgs {
    /// The LRS's xAPI endpoint, e.g. https://lrs.example.com/xAPI/ [default: the saved one].
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// The Basic-auth key [default: the saved one].
    #[arg(long, value_name = "KEY")]
    pub key: Option<String>,
    /// The Basic-auth secret [default: the saved one, or COMPLAINT_DOJO_LRS_SECRET].
    #[arg(long, value_name = "SECRET")]
    pub secret: Option<String>,
    /// Save the endpoint and the credentials (in lrs.ron beside the settings, readable only
    /// by you) for the next sync and for the window.
    #[arg(long)]
    pub save: bool,
    /// Only show how the outbox stands: statements waiting, delivered, and those the LRS
    /// refused, with its message.
    #[arg(long, conflicts_with_all = ["test", "retry_refused"])]
    pub status: bool,
    /// Try the endpoint and the credentials, sending nothing.
    #[arg(long)]
    pub test: bool,
    /// Put the statements the LRS refused back in the queue (once the cause is mended), then
    /// sync.
    #[arg(long)]
    pub retry_refused: bool,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}

impl std::fmt::Debug for SyncArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncArgs")
            .field("endpoint", &self.endpoint)
            .field("key", &self.key)
            .field("secret", &self.secret.as_ref().map(|_| "…"))
            .field("save", &self.save)
            .field("status", &self.status)
            .field("test", &self.test)
            .field("retry_refused", &self.retry_refused)
            .field("json", &self.json)
            .finish()
    }
}

/// The endpoint to use: the options over the saved one (the secret also from the
/// environment).
fn endpoint_of(args: &SyncArgs, saved: Option<Endpoint>) -> Endpoint {
    let mut e = saved.unwrap_or_default();
    if let Some(url) = &args.endpoint {
        e.url = url.clone();
    }
    if let Some(key) = &args.key {
        e.key = key.clone();
    }
    if let Some(secret) = args
        .secret
        .clone()
        .or_else(|| std::env::var("COMPLAINT_DOJO_LRS_SECRET").ok())
    {
        e.secret = secret;
    }
    e
}

/// `sync`: sends the outbox to the LRS (or, with --status, says how it stands). `library`
/// is read only if a session recorded before the outbox existed is still to be queued (its
/// statements then take the reply texts from it).
pub(super) fn sync(
    out: &Out,
    library: impl FnOnce() -> Option<crate::library::Library>,
    args: &SyncArgs,
) -> ExitCode {
    let store = crate::app::store::Store::locate();
    let endpoint = endpoint_of(args, store.as_ref().and_then(|s| s.load_lrs()));
    let mut records = match open_records(out) {
        Ok(r) => r,
        Err(code) => return code,
    };
    // Sessions recorded before the outbox existed are queued first.
    let lib = std::cell::LazyCell::new(library);
    let engine_of = |id: &str| lib.as_ref()?.find(id).and_then(|e| e.engine.clone());
    if let Err(e) = records.queue_unqueued(engine_of) {
        return refused(out, e);
    }
    if args.status {
        let status = match records.outbox() {
            Ok(s) => s,
            Err(e) => return refused(out, e),
        };
        if args.json {
            return super::print_json(&status);
        }
        print_outbox(out, &status, &endpoint);
        return ExitCode::SUCCESS;
    }
    if !endpoint.is_set() {
        eprintln!("{}", out.t("cli-sync-no-endpoint"));
        return ExitCode::from(USAGE);
    }
    if args.save {
        match &store {
            Some(s) => match s.save_lrs(&endpoint) {
                Ok(()) => eprintln!(
                    "{}",
                    out.t_args(
                        "cli-sync-saved",
                        &[(
                            "path",
                            escape(&s.lrs_path().display().to_string())
                                .into_owned()
                                .into()
                        )]
                    )
                ),
                Err(e) => {
                    eprintln!("{}: {}", s.lrs_path().display(), escape(&e.to_string()));
                    return ExitCode::FAILURE;
                }
            },
            None => {
                eprintln!("{}", out.t("cli-records-no-folder"));
                return ExitCode::FAILURE;
            }
        }
    }
    let backoff = Backoff::default();
    if args.test {
        return match crate::records::lrs::test_connection(&endpoint, &backoff) {
            Ok(version) => {
                println!(
                    "{}",
                    out.t_args(
                        "cli-sync-test-ok",
                        &[
                            ("url", escape(&endpoint.url).into_owned().into()),
                            ("version", escape(&version).into_owned().into())
                        ]
                    )
                );
                ExitCode::SUCCESS
            }
            Err(stop) => {
                eprintln!("{}", stopped_line(out, &stop));
                ExitCode::FAILURE
            }
        };
    }
    if args.retry_refused
        && let Err(e) = records.retry_dead()
    {
        return refused(out, e);
    }
    let report = match crate::records::lrs::sync(&mut records, &endpoint, &backoff) {
        Ok(r) => r,
        Err(e) => return refused(out, e),
    };
    if args.json {
        let code = super::print_json(&report);
        return if report.stopped.is_some() {
            ExitCode::FAILURE
        } else {
            code
        };
    }
    println!(
        "{}",
        out.t_args(
            "cli-sync-report",
            &[
                ("sent", report.sent.into()),
                ("requests", report.requests.into()),
                ("already", report.already.into()),
                ("refused", report.refused.len().into()),
                ("waiting", report.waiting.into()),
                ("url", escape(&endpoint.url).into_owned().into()),
            ]
        )
    );
    for (id, why) in &report.refused {
        println!("  ✗ {id}: {}", escape(why));
    }
    match &report.stopped {
        Some(stop) => {
            eprintln!("{}", stopped_line(out, stop));
            ExitCode::FAILURE
        }
        None => ExitCode::SUCCESS,
    }
}

fn stopped_line(out: &Out, stop: &Stopped) -> String {
    match stop {
        Stopped::Credentials(code) => {
            out.t_args("cli-sync-credentials", &[("code", (*code).into())])
        }
        Stopped::Unreachable(why) => out.t_args(
            "cli-sync-unreachable",
            &[("why", escape(why).into_owned().into())],
        ),
        Stopped::Unexpected(code, why) => out.t_args(
            "cli-sync-unexpected",
            &[
                ("code", (*code).into()),
                ("why", escape(why).into_owned().into()),
            ],
        ),
    }
}

fn print_outbox(out: &Out, s: &crate::records::OutboxStatus, endpoint: &Endpoint) {
    let to = if endpoint.is_set() {
        escape(&endpoint.url).into_owned()
    } else {
        out.t("cli-sync-no-endpoint-short")
    };
    println!(
        "{}",
        out.t_args(
            "cli-sync-status",
            &[
                ("waiting", s.waiting.into()),
                ("delivered", s.delivered.into()),
                ("refused", s.dead.len().into()),
                ("url", to.into()),
                (
                    "last",
                    s.last_delivered_ms
                        .map_or_else(|| "-".to_string(), crate::records::local_time)
                        .into()
                ),
            ]
        )
    );
    if let Some(e) = &s.last_error {
        println!(
            "{}",
            out.t_args(
                "cli-sync-last-error",
                &[("why", escape(e).into_owned().into())]
            )
        );
    }
    for d in &s.dead {
        println!(
            "  ✗ {} ({}, {}): {}",
            d.id,
            escape(&d.trainee),
            d.registration,
            escape(&d.message)
        );
    }
}
