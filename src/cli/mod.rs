//! The command line: `validate`, `list`, `stats`, `play` and `analyze`, and the options of the
//! game window. It parses arguments, loads through `crate::library` and prints; nothing is
//! scored or decided here. Every line that echoes a file's text or a file name goes through
//! `crate::source::escape`, so no file can drive the terminal.

mod analyze;
mod audit;
mod author;
pub mod class;
mod play;
mod records;
mod stats;
mod style;
mod understand;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, OnceLock};

use clap::{Parser, Subcommand, ValueEnum};
use fluent_bundle::FluentValue;

use crate::catalogue::{Catalogue, check};
use crate::course::Lang;
use crate::library::{CATALOGUE_FILE, Depth, Entry, Library};
use crate::locale::I18n;
use crate::sim::{Engine, Mode};
use crate::source::diagnostic::Diagnostic;
use crate::source::{escape, render::render};

/// Complaint Dojo: practise handling difficult customers, scored on 情 · 理 · 法.
///
/// Without a command it opens the game window; the window's options are given without one.
#[derive(Debug, Parser)]
#[command(
    name = "complaint-dojo",
    version,
    about,
    long_about = None
)]
pub struct Cli {
    /// Rubric catalogue to score with (default: catalogue.ron beside the scenarios, else the bundled one).
    #[arg(long, global = true, value_name = "FILE")]
    catalogue: Option<PathBuf>,
    /// Language of everything printed or shown: zh or en [default: zh; the window: the last
    /// one chosen].
    #[arg(long, global = true, value_parser = parse_lang)]
    lang: Option<Lang>,
    /// Keep settings, records and class reports in DIR instead of the platform's folders
    /// (as COMPLAINT_DOJO_HOME does), for any command and the window.
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Also look for scenarios in DIR (besides scenarios/), for every command and the window:
    /// ids given to play, analyze, graph or class are found there, and list, stats, audit
    /// and validate without paths include it. Repeatable.
    #[arg(long, global = true, value_name = "DIR")]
    scenarios: Vec<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    window: WindowArgs,
}

/// Options of the game window (only without a command).
#[derive(Debug, clap::Args)]
struct WindowArgs {
    /// Window: size as WIDTHxHEIGHT [default: 1280x720].
    #[arg(long, value_parser = parse_size)]
    size: Option<(u32, u32)>,
    /// Window: play this scenario (id) from title to debrief in both languages, then quit.
    #[arg(long, value_name = "SCENARIO")]
    autoplay: Option<String>,
    /// Window: where --autoplay saves its screenshots.
    #[arg(long, value_name = "DIR")]
    screenshots: Option<PathBuf>,
    /// Window: quit after this many seconds and print the frames drawn (idle measurements).
    #[arg(long, value_name = "SECS")]
    quit_after: Option<f32>,
    /// Window: open straight into this scenario (id), in practice mode.
    #[arg(long, value_name = "SCENARIO")]
    play: Option<String>,
}

impl WindowArgs {
    /// The window options given, by flag, for the error when one comes with a command.
    fn given(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.size.is_some() {
            out.push("--size");
        }
        if self.autoplay.is_some() {
            out.push("--autoplay");
        }
        if self.screenshots.is_some() {
            out.push("--screenshots");
        }
        if self.play.is_some() {
            out.push("--play");
        }
        if self.quit_after.is_some() {
            out.push("--quit-after");
        }
        out
    }
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("`{s}` is not WIDTHxHEIGHT, e.g. 1280x720"))?;
    let w: u32 = w.parse().map_err(|_| format!("bad width in `{s}`"))?;
    let h: u32 = h.parse().map_err(|_| format!("bad height in `{s}`"))?;
    if !(320..=7680).contains(&w) || !(240..=4320).contains(&h) {
        return Err(format!("`{s}` is out of range"));
    }
    Ok((w, h))
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check scenario files and folders; exit 0 when there are no errors.
    Validate {
        /// Files or folders (default: scenarios/).
        paths: Vec<PathBuf>,
        /// Also fail on warnings.
        #[arg(long)]
        strict: bool,
        /// Print every problem (by default the listing stops after the first hundred).
        #[arg(long)]
        all: bool,
        /// Keep watching the files and folders, and check again on every save (Ctrl-C stops).
        #[arg(long)]
        watch: bool,
        /// One line per problem, `file:line:column: severity: message [hint]`, as editors'
        /// problem matchers read it (see scenarios/README.md for VS Code).
        #[arg(long)]
        short: bool,
    },
    /// List the scenario library: DISC type, archetypes, case, difficulty.
    List {
        /// Files or folders (default: scenarios/).
        paths: Vec<PathBuf>,
    },
    /// Print what a scenario folder covers of the course (DISC × archetype, needs, cases,
    /// expectation classes, legal points, escalation rungs).
    Stats {
        /// Files or folders (default: scenarios/).
        paths: Vec<PathBuf>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Audit whether the scores follow the course or can be gamed: best reply by length and
    /// position, bots that never read the customer, DISC sensitivity, bonuses on hostile or
    /// capitulating replies.
    Audit {
        /// Files or folders (default: scenarios/).
        paths: Vec<PathBuf>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Play a scenario in the terminal.
    Play(play::PlayArgs),
    /// Run a class: the projector window (or, with --headless, only the LAN host) that phones
    /// join with a room code to vote on each reply; teams, hot-seat, a class report.
    Class(class::ClassArgs),
    /// The recorded sessions, newest first: date, trainee, mode, 情/理/法, scenario, outcome.
    History {
        /// Only this trainee's sessions.
        #[arg(long, value_name = "NAME")]
        trainee: Option<String>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export the records: CSV (a spreadsheet: one row per session, or per decision), one
    /// printable HTML page with charts, or xAPI 1.0.3 statements for a Learning Record Store.
    /// Also: --format xapi.
    Export {
        /// csv, html or xapi (see docs/xapi.md).
        #[arg(long, value_enum)]
        format: records::Format,
        /// Only this trainee's sessions [default: everyone's].
        #[arg(long, value_name = "NAME")]
        trainee: Option<String>,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// CSV: one row per decision instead of per session.
        #[arg(long)]
        per_decision: bool,
    },
    /// Send the records to an organisation's Learning Record Store (xAPI 1.0.3): every
    /// statement not yet delivered, in batches of 50; a second sync sends nothing already
    /// delivered. --status shows what waits and what the LRS refused; --test tries the
    /// endpoint and the credentials.
    Sync(records::SyncArgs),
    /// A trainee's progress: proficiency per rubric (recent sessions count most), habits by
    /// customer type, and the scenario to play next.
    Progress {
        /// The trainee.
        #[arg(long, value_name = "NAME")]
        trainee: String,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write a new scenario to start from: every field present, every text a placeholder
    /// that `validate` names (a warning) until it is written.
    New(author::NewArgs),
    /// Turn a Twine story (Twee 3) into a scenario skeleton: passages become nodes (or
    /// endings, without links), links become replies; says what is left to add.
    ImportTwee(author::ImportArgs),
    /// The author's cheat sheet: each technique and mistake with its net worth (情/理/法 and
    /// the customer's mood, trust, patience) for a customer type, need and archetypes.
    Catalogue(author::CatalogueArgs),
    /// A scenario's map for Graphviz (dot) or Mermaid: nodes with the customer's first line,
    /// endings by kind, a numbered edge per reply, escalation rungs, the best route in blue.
    Graph {
        /// A scenario file, or a scenario id from scenarios/.
        scenario: String,
        /// dot or mermaid.
        #[arg(long, value_enum, default_value = "dot")]
        format: author::GraphFormat,
        /// Write to FILE (atomically) instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Style self-reflection: a short questionnaire on your own working style in the DISC
    /// terms the course uses for customers, kept in your profile, with advice on your style
    /// against each type of customer. A reflection aid, not a validated psychometric test.
    Style(style::StyleArgs),
    /// Free reply: what a typed reply says at a decision — the moves found (language
    /// landmines, techniques) with the words that show them, and the authored reply it is
    /// matched to, or the two it would ask about, or a request to rephrase.
    Understand(understand::UnderstandArgs),
    /// Explore every reachable state: best and worst routes, unreached endings, dead ends.
    Analyze {
        /// A scenario file, or a scenario id from scenarios/.
        scenario: String,
        /// Print the analysis as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ModeArg {
    Practice,
    Assessment,
}

impl From<ModeArg> for Mode {
    fn from(m: ModeArg) -> Mode {
        match m {
            ModeArg::Practice => Mode::Practice,
            ModeArg::Assessment => Mode::Assessment,
        }
    }
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language `{s}`: use zh or en"))
}

/// Exit code for a usage error (a folder where a scenario was expected, a reply that does
/// not exist, an unknown id).
const USAGE: u8 = 2;

/// Diagnostics printed before the listing stops (`validate --all` prints them all).
const SHOWN_DIAGNOSTICS: usize = 100;

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let out = Out {
        lang: cli.lang.unwrap_or_default(),
    };
    if let Some(dir) = &cli.data_dir {
        crate::app::store::set_home(dir.clone());
    }
    let catalogue = cli.catalogue.as_deref();
    let dirs = library_dirs(&cli.scenarios);
    let Some(command) = cli.command else {
        return window(catalogue, cli.lang, &dirs, &cli.window);
    };
    let stray = cli.window.given();
    if !stray.is_empty() {
        eprintln!(
            "error: {} only apply to the window (run without a command)",
            stray.join(", ")
        );
        return ExitCode::from(USAGE);
    }
    let result = match command {
        Command::Validate {
            paths,
            strict,
            all,
            watch,
            short,
        } => {
            let paths = default_paths(paths, &dirs);
            let how = Check { strict, all, short };
            if watch {
                validate_watching(catalogue, &paths, how)
            } else {
                validate(catalogue, &paths, how)
            }
        }
        Command::List { paths } => list(&out, catalogue, &default_paths(paths, &dirs)),
        Command::Stats { paths, json } => {
            let paths = default_paths(paths, &dirs);
            // Coverage is counted from the files themselves: no analysis needed.
            load(catalogue, &paths, Depth::Checked).map(|lib| {
                let bad = report_unloadable(&lib);
                let code = stats::run(&out, &lib, json);
                if bad { ExitCode::FAILURE } else { code }
            })
        }
        Command::Audit { paths, json } => {
            load(catalogue, &default_paths(paths, &dirs), Depth::Analysed).map(|lib| {
                let bad = report_unloadable(&lib);
                let code = audit::run(&out, &lib, json);
                if bad { ExitCode::FAILURE } else { code }
            })
        }
        Command::Play(args) => {
            open(catalogue, &dirs, &args.scenario).map(|engine| play::run(&out, engine, &args))
        }
        Command::Class(args) => open(catalogue, &dirs, &args.scenario).map(|engine| {
            if args.headless {
                class::headless(&out, out.lang, engine, &args)
            } else {
                class_window(catalogue, cli.lang, &dirs, engine, &args)
            }
        }),
        Command::History { trainee, json } => catalogue_for(catalogue, &dirs)
            .map(|cat| records::history(&out, &cat, trainee.as_deref(), json)),
        Command::Export {
            format,
            trainee,
            out: file,
            per_decision,
        } => load(catalogue, &dirs, Depth::Checked).map(|lib| {
            records::export(
                &out,
                &lib,
                format,
                trainee.as_deref(),
                file.as_deref(),
                per_decision,
            )
        }),
        // The library is read only when some session still has to be queued.
        Command::Sync(args) => Ok(records::sync(
            &out,
            || load(catalogue, &dirs, Depth::Checked).ok(),
            &args,
        )),
        Command::Progress { trainee, json } => load(catalogue, &dirs, Depth::Analysed)
            .map(|lib| records::progress(&out, &lib, &trainee, json)),
        Command::New(args) => {
            let dirs = [args.dir.clone()];
            catalogue_for(catalogue, &dirs).map(|cat| author::new(&out, Arc::new(cat), &args))
        }
        Command::ImportTwee(args) => {
            let dirs = [args.out.clone()];
            catalogue_for(catalogue, &dirs)
                .map(|cat| author::import_twee(&out, Arc::new(cat), &args))
        }
        Command::Catalogue(args) => {
            catalogue_for(catalogue, &dirs).map(|cat| author::catalogue(&out, &cat, &args))
        }
        Command::Style(args) => {
            catalogue_for(catalogue, &dirs).map(|cat| style::run(&out, &cat, &args))
        }
        Command::Graph {
            scenario,
            format,
            out: file,
        } => open(catalogue, &dirs, &scenario)
            .map(|engine| author::graph(&out, &engine, format, file.as_deref())),
        Command::Understand(args) => match (&args.eval, &args.scenario) {
            (Some(file), _) => load(catalogue, &dirs, Depth::Checked)
                .map(|lib| understand::evaluate(&lib, file, args.json)),
            (None, Some(scenario)) => open(catalogue, &dirs, scenario)
                .map(|engine| understand::run(&out, &engine, &args, out.lang)),
            (None, None) => Err(ExitCode::from(USAGE)),
        },
        Command::Analyze { scenario, json } => {
            open(catalogue, &dirs, &scenario).map(|engine| analyze::run(&out, &engine, json))
        }
    };
    result.unwrap_or_else(|code| code)
}

/// The language of the run and its words.
pub(crate) struct Out {
    lang: Lang,
}

impl Out {
    pub(crate) fn i18n() -> &'static I18n {
        static I18N: OnceLock<I18n> = OnceLock::new();
        I18N.get_or_init(I18n::default)
    }

    /// A word of the product in the run's language.
    pub(crate) fn t(&self, key: &str) -> String {
        Out::i18n().t(self.lang, key)
    }

    /// A message with arguments.
    pub(crate) fn t_args(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        Out::i18n().t_args(self.lang, key, args)
    }

    /// Scenario text in the run's language, made safe for the terminal.
    pub(crate) fn text(&self, t: &crate::course::Text) -> String {
        crate::source::diagnostic::escape_prose(t.get(self.lang)).into_owned()
    }
}

#[cfg(feature = "gui")]
fn window(
    catalogue: Option<&Path>,
    lang: Option<Lang>,
    dirs: &[PathBuf],
    w: &WindowArgs,
) -> ExitCode {
    let cat = match catalogue_for(catalogue, dirs) {
        Ok(c) => c,
        Err(code) => return code,
    };
    crate::app::run(
        crate::app::WindowOptions {
            scenario_dirs: dirs.to_vec(),
            catalogue_file: catalogue_file(catalogue, dirs),
            lang,
            tutorial: Some(PathBuf::from("assets/tutorial.ron")),
            size: w.size.unwrap_or((1280, 720)),
            autoplay: w.autoplay.clone(),
            screenshots: w.screenshots.clone(),
            quit_after: w.quit_after,
            play: w.play.clone(),
            class: None,
        },
        cat,
    )
}

#[cfg(not(feature = "gui"))]
fn window(
    _catalogue: Option<&Path>,
    _lang: Option<Lang>,
    _dirs: &[PathBuf],
    _w: &WindowArgs,
) -> ExitCode {
    use clap::CommandFactory;
    let _ = Cli::command().print_help();
    println!("\n(built without the `gui` feature: no window)");
    ExitCode::SUCCESS
}

#[cfg(feature = "gui")]
fn class_window(
    catalogue: Option<&Path>,
    lang: Option<Lang>,
    dirs: &[PathBuf],
    engine: Arc<Engine>,
    args: &class::ClassArgs,
) -> ExitCode {
    use crate::app::class::ClassRoom;
    let whole_room = Out::i18n().t(lang.unwrap_or_default(), "class-window-whole-room");
    let class = match class::new_class(engine, args, &whole_room) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(USAGE);
        }
    };
    let dir = class::report_dir(args);
    let room = if args.hot_seat {
        ClassRoom::hot_seat(class, dir)
    } else {
        match crate::classroom::server::start(
            class,
            class::host_config(lang.unwrap_or_default(), args),
        ) {
            Ok(host) => {
                println!("join: {}", host.join_url);
                println!("host: {}", host.host_url);
                ClassRoom::live(host, dir)
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    };
    let cat = match catalogue_for(catalogue, dirs) {
        Ok(c) => c,
        Err(code) => return code,
    };
    crate::app::run(
        crate::app::WindowOptions {
            scenario_dirs: dirs.to_vec(),
            catalogue_file: None,
            lang,
            tutorial: None,
            size: (1280, 720),
            autoplay: None,
            screenshots: None,
            quit_after: None,
            play: None,
            class: Some(room),
        },
        cat,
    )
}

#[cfg(not(feature = "gui"))]
fn class_window(
    _catalogue: Option<&Path>,
    _lang: Option<Lang>,
    _dirs: &[PathBuf],
    _engine: Arc<Engine>,
    _args: &class::ClassArgs,
) -> ExitCode {
    eprintln!("error: built without the `gui` feature: run the class with --headless");
    ExitCode::from(USAGE)
}

/// Prints `value` as pretty JSON. serde_json escapes only the C0 controls; DEL, the C1
/// controls and the bidirectional overrides from a file are escaped here too (they can only
/// stand inside JSON strings, where `\uXXXX` means the same character).
fn print_json(value: &impl serde::Serialize) -> ExitCode {
    match serde_json::to_string_pretty(value) {
        Ok(s) => {
            println!("{}", safe_json(&s));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write JSON: {e}");
            ExitCode::FAILURE
        }
    }
}

/// JSON text with the characters a terminal would act on escaped (see [`print_json`]).
fn safe_json(s: &str) -> String {
    let mut safe = String::with_capacity(s.len());
    for c in s.chars() {
        if c != '\n' && crate::source::diagnostic::needs_escape(c) {
            safe.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            safe.push(c);
        }
    }
    safe
}

/// The library's folders: scenarios/ (when it exists, or when nothing else is given) and
/// every `--scenarios DIR`, each once.
fn library_dirs(extra: &[PathBuf]) -> Vec<PathBuf> {
    let home = PathBuf::from("scenarios");
    let mut dirs = Vec::new();
    if home.is_dir() || extra.is_empty() {
        dirs.push(home);
    }
    for d in extra {
        if !dirs.contains(d) {
            dirs.push(d.clone());
        }
    }
    dirs
}

/// The paths a command was given, else the library's folders.
fn default_paths(paths: Vec<PathBuf>, dirs: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        dirs.to_vec()
    } else {
        paths
    }
}

/// The catalogue: `--catalogue`, else catalogue.ron beside the first path, else in
/// scenarios/, else the bundled one. A broken catalogue is printed here, once for every
/// command, and ends the run.
fn catalogue_for(explicit: Option<&Path>, near: &[PathBuf]) -> Result<Catalogue, ExitCode> {
    let loaded = match catalogue_file(explicit, near) {
        Some(p) => check::load_file(&p).map_err(|d| (d, p)),
        None => Ok(check::bundled()),
    };
    loaded.map_err(|(diagnostics, path)| {
        let source = crate::source::read_text(&path).ok();
        let shown = print_diagnostics(&diagnostics, source.as_deref(), SHOWN_DIAGNOSTICS);
        if diagnostics.len() > shown {
            eprintln!(
                "… and {} more problem(s) in the catalogue",
                diagnostics.len() - shown
            );
        }
        eprintln!(
            "the rubric catalogue {} has errors; nothing else was checked",
            escape(&path.display().to_string())
        );
        ExitCode::FAILURE
    })
}

/// The catalogue file [`catalogue_for`] reads (None: the bundled one).
fn catalogue_file(explicit: Option<&Path>, near: &[PathBuf]) -> Option<PathBuf> {
    if let Some(p) = explicit {
        return Some(p.to_path_buf());
    }
    let mut candidates = Vec::new();
    if let Some(first) = near.first() {
        let dir = if first.is_dir() {
            Some(first.as_path())
        } else {
            first.parent()
        };
        if let Some(dir) = dir {
            candidates.push(dir.join(CATALOGUE_FILE));
        }
    }
    candidates.push(PathBuf::from("scenarios").join(CATALOGUE_FILE));
    candidates.into_iter().find(|c| c.is_file())
}

/// Loads the library under `paths` with its catalogue, as far as `depth`.
fn load(catalogue: Option<&Path>, paths: &[PathBuf], depth: Depth) -> Result<Library, ExitCode> {
    let cat = catalogue_for(catalogue, paths)?;
    Ok(Library::load_to(paths, Arc::new(cat), depth))
}

/// Prints up to `limit` diagnostics; returns how many were printed.
fn print_diagnostics(diags: &[Diagnostic], source: Option<&str>, limit: usize) -> usize {
    let shown = diags.len().min(limit);
    for d in &diags[..shown] {
        eprintln!("{}", render(d, source));
    }
    shown
}

/// For `list` and `stats`: prints what kept files or folders from loading (the listing goes
/// on with the rest) and says whether anything did.
fn report_unloadable(lib: &Library) -> bool {
    let mut bad = false;
    for d in &lib.problems {
        eprintln!("{}", render(d, None));
        bad |= d.is_error();
    }
    for e in &lib.entries {
        if e.has_errors() {
            bad = true;
            if let Some(d) = e.diagnostics.iter().find(|d| d.is_error()) {
                eprintln!("{}", render(d, e.source.as_deref()));
            }
        }
    }
    if lib.entries.is_empty() {
        eprintln!("no scenario files (*.ron) found");
        bad = true;
    }
    bad
}

/// How `validate` checks and prints.
#[derive(Debug, Clone, Copy)]
struct Check {
    strict: bool,
    all: bool,
    short: bool,
}

/// `validate --watch`: checks, then checks again after every save until interrupted. A
/// broken catalogue is reported and waited on like any other file.
fn validate_watching(
    catalogue: Option<&Path>,
    paths: &[PathBuf],
    how: Check,
) -> Result<ExitCode, ExitCode> {
    let mut watched: Vec<PathBuf> = paths.to_vec();
    if let Some(c) = catalogue {
        watched.push(c.to_path_buf());
    }
    let watch = match crate::library::watch::Watch::new(&watched) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}");
            return Err(ExitCode::from(USAGE));
        }
    };
    let shown: Vec<String> = paths
        .iter()
        .map(|p| escape(&p.display().to_string()).into_owned())
        .collect();
    let mut changed: Vec<PathBuf> = Vec::new();
    loop {
        let now = jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::system())
            .strftime("%H:%M:%S")
            .to_string();
        let what: Vec<String> = changed
            .iter()
            .filter(|p| !p.as_os_str().is_empty())
            .take(3)
            .map(|p| escape(&p.display().to_string()).into_owned())
            .collect();
        if what.is_empty() {
            println!("[{now}] checking {}", shown.join(", "));
        } else {
            println!("[{now}] changed: {}; checking again", what.join(", "));
        }
        // The result is printed; in watch mode the exit code waits for the end.
        let _ = validate(catalogue, paths, how);
        println!("[watching for changes; Ctrl-C stops]");
        use std::io::Write;
        let _ = std::io::stdout().flush();
        match watch.wait() {
            Some(c) => changed = c,
            None => return Ok(ExitCode::SUCCESS),
        }
    }
}

fn validate(catalogue: Option<&Path>, paths: &[PathBuf], how: Check) -> Result<ExitCode, ExitCode> {
    let Check { strict, all, short } = how;
    let lib = load(catalogue, paths, Depth::Analysed)?;
    let limit = if all { usize::MAX } else { SHOWN_DIAGNOSTICS };
    if short {
        return Ok(validate_short(&lib, strict, limit));
    }
    let mut printed = print_diagnostics(&lib.problems, None, limit);
    let mut total = lib.problems.len();
    let (mut errors, mut warnings) = (0, 0);
    for d in &lib.problems {
        if d.is_error() {
            errors += 1;
        } else {
            warnings += 1;
        }
    }
    for e in &lib.entries {
        printed += print_diagnostics(&e.diagnostics, e.source.as_deref(), limit - printed);
        total += e.diagnostics.len();
        errors += e.diagnostics.iter().filter(|d| d.is_error()).count();
        warnings += e.diagnostics.iter().filter(|d| !d.is_error()).count();
    }
    if total > printed {
        eprintln!(
            "… and {} more problem(s) not shown (use --all to see every one)\n",
            total - printed
        );
    }
    if lib.entries.is_empty() {
        eprintln!(
            "no scenario files (*.ron) found in {}",
            paths
                .iter()
                .map(|p| escape(&p.display().to_string()).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return Ok(ExitCode::FAILURE);
    }
    let clean = lib
        .entries
        .iter()
        .filter(|e| e.diagnostics.is_empty())
        .count();
    println!(
        "{} file(s) checked: {clean} clean, {errors} error(s), {warnings} warning(s){}",
        lib.entries.len(),
        drafts_note(&lib)
    );
    Ok(if errors > 0 || (strict && warnings > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `validate --short`: one line per problem on standard output, then the summary.
fn validate_short(lib: &Library, strict: bool, limit: usize) -> ExitCode {
    let all: Vec<&Diagnostic> = lib
        .problems
        .iter()
        .chain(lib.entries.iter().flat_map(|e| &e.diagnostics))
        .collect();
    for d in all.iter().take(limit) {
        match &d.hint {
            Some(h) => println!("{d} [{}]", escape(h)),
            None => println!("{d}"),
        }
    }
    if all.len() > limit {
        println!("… and {} more (use --all)", all.len() - limit);
    }
    let errors = all.iter().filter(|d| d.is_error()).count();
    let warnings = all.len() - errors;
    println!(
        "{} file(s) checked: {errors} error(s), {warnings} warning(s){}",
        lib.entries.len(),
        drafts_note(lib)
    );
    if lib.entries.is_empty() || errors > 0 || (strict && warnings > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// "; drafts not checked: …" when draft folders were left out, so nobody wonders why a
/// file there is not listed.
fn drafts_note(lib: &Library) -> String {
    if lib.drafts.is_empty() {
        return String::new();
    }
    let names: Vec<String> = lib
        .drafts
        .iter()
        .map(|d| escape(&d.display().to_string()).into_owned())
        .collect();
    format!(
        "; drafts not checked: {} (give the folder by name to check it)",
        names.join(", ")
    )
}

fn list(out: &Out, catalogue: Option<&Path>, paths: &[PathBuf]) -> Result<ExitCode, ExitCode> {
    // A file that cannot be played is flagged, dead ends included: `list` analyses too.
    let lib = load(catalogue, paths, Depth::Analysed)?;
    println!(
        "{:<28} {:<4} {:<34} {:<24} {:>4} {:>4}  title",
        "id", "DISC", "archetypes", "case", "diff", "min"
    );
    for e in &lib.entries {
        match &e.scenario {
            Some(s) => {
                let c = &s.customer;
                let disc = match c.secondary {
                    Some(d) => format!("{}/{}", c.disc.letter(), d.letter()),
                    None => c.disc.letter().to_string(),
                };
                let arch = keys(c.archetypes.iter().map(|a| a.key()));
                let case = keys(s.cases.iter().map(|k| k.key()));
                let flag = if e.has_errors() { "  [errors]" } else { "" };
                println!(
                    "{:<28} {:<4} {:<34} {:<24} {:>4} {:>4}  {}{flag}",
                    escape(&s.id),
                    disc,
                    arch,
                    case,
                    s.difficulty,
                    s.minutes,
                    escape(s.title.get(out.lang))
                );
            }
            None => println!("{:<28} [cannot load]", e.label()),
        }
    }
    Ok(if report_unloadable(&lib) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Finds a scenario by path or id, loads and checks it, and hands back its analysed engine.
fn open(catalogue: Option<&Path>, dirs: &[PathBuf], which: &str) -> Result<Arc<Engine>, ExitCode> {
    let as_path = PathBuf::from(which);
    if as_path.is_dir() {
        eprintln!(
            "`{}` is a folder; give a scenario file or a scenario id (ids are listed by `complaint-dojo list`)",
            escape(which)
        );
        return Err(ExitCode::from(USAGE));
    }
    let entry: Entry = if as_path.exists() {
        let cat = Arc::new(catalogue_for(catalogue, std::slice::from_ref(&as_path))?);
        crate::library::load_file(&as_path, &cat)
    } else {
        // Find the id with static checks only, nearest the author first: the .ron files of
        // the current folder (an author working in their own folder), then the folders
        // given with --scenarios, then scenarios/. An author's copy of a bundled scenario is
        // the one found. Then analyse that one file, with the catalogue beside it.
        let cat = Arc::new(catalogue_for(catalogue, dirs)?);
        let mut places: Vec<Vec<PathBuf>> = vec![ron_files_here()];
        places.extend(dirs.iter().rev().map(|d| vec![d.clone()]));
        let mut ids: Vec<String> = Vec::new();
        let mut found = None;
        for place in places.iter().filter(|p| !p.is_empty()) {
            let lib = Library::load_to(place, cat.clone(), Depth::Checked);
            if let Some(e) = lib.find(which) {
                found = Some(e.path.clone());
                break;
            }
            ids.extend(lib.scenarios().map(|s| s.id.clone()));
        }
        match found {
            Some(path) => {
                let cat = Arc::new(catalogue_for(catalogue, std::slice::from_ref(&path))?);
                crate::library::load_file(&path, &cat)
            }
            None => {
                let guess =
                    crate::source::diagnostic::did_you_mean(which, ids.iter().map(String::as_str))
                        .map(|g| format!("; did you mean `{}`?", escape(&g)))
                        .unwrap_or_default();
                let looked: Vec<String> = dirs
                    .iter()
                    .map(|d| {
                        let name = escape(&d.display().to_string()).into_owned();
                        if d.is_dir() {
                            name
                        } else {
                            format!("{name} (no such folder here)")
                        }
                    })
                    .chain(["the current folder".to_string()])
                    .collect();
                eprintln!(
                    "no scenario file or id `{}` in {}{guess} (ids are listed by `complaint-dojo list`; --scenarios DIR looks in another folder)",
                    escape(which),
                    looked.join(", ")
                );
                return Err(ExitCode::from(USAGE));
            }
        }
    };
    match entry.engine {
        Some(engine) => Ok(engine),
        None => {
            let errors: Vec<Diagnostic> = entry
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect();
            print_diagnostics(&errors, entry.source.as_deref(), SHOWN_DIAGNOSTICS);
            eprintln!("the scenario has errors; fix them before playing");
            Err(ExitCode::FAILURE)
        }
    }
}

/// The scenario files directly in the current folder (not its subfolders, which may be
/// anything).
fn ron_files_here() -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(".") else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| PathBuf::from(e.file_name()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "ron")
                && p.file_name().is_some_and(|n| n != CATALOGUE_FILE)
                && p.is_file()
        })
        .collect();
    files.sort();
    files
}

/// Course keys joined with commas for a table cell, or `-` when there are none.
fn keys<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let joined = items.collect::<Vec<_>>().join(",");
    if joined.is_empty() {
        "-".to_string()
    } else {
        joined
    }
}
