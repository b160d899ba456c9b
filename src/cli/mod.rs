//! The command line: `validate`, `list`, `play` and `analyze`. It parses arguments, finds
//! files and prints; everything it reports comes from `scenario`, `rubric` and `sim`.

mod analyze;
mod play;
mod stats;
mod words;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

use crate::rubric::{Catalogue, check};
use crate::scenario::{self, CATALOGUE_FILE, Diagnostic, Lang, Loaded};
use crate::sim::{Engine, Mode};

/// Complaint Dojo: practise handling difficult customers, scored on 情 · 理 · 法.
#[derive(Debug, Parser)]
#[command(name = "complaint-dojo", version, about, long_about = None)]
pub struct Cli {
    /// Rubric catalogue to score with (default: catalogue.ron beside the scenarios, else the bundled one).
    #[arg(long, global = true, value_name = "FILE")]
    catalogue: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
    /// Window: language to start in.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    lang: Lang,
    /// Window: an extra scenario folder to show in the library (besides scenarios/).
    #[arg(long, value_name = "DIR")]
    scenarios: Vec<PathBuf>,
    /// Window: size as WIDTHxHEIGHT.
    #[arg(long, default_value = "1280x720", value_parser = parse_size)]
    size: (u32, u32),
    /// Window: play this scenario (id) from title to debrief in both languages, then quit.
    #[arg(long, value_name = "SCENARIO")]
    autoplay: Option<String>,
    /// Window: where --autoplay saves its screenshots.
    #[arg(long, value_name = "DIR")]
    screenshots: Option<PathBuf>,
    /// Window: quit after this many seconds and print the frames drawn (idle measurements).
    #[arg(long, value_name = "SECS")]
    quit_after: Option<f32>,
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
    },
    /// List the scenario library: DISC type, archetypes, case, difficulty.
    List {
        /// Files or folders (default: scenarios/).
        paths: Vec<PathBuf>,
        /// Language for titles.
        #[arg(long, default_value = "zh", value_parser = parse_lang)]
        lang: Lang,
    },
    /// Print what a scenario folder covers of the course (DISC × archetype, needs, cases,
    /// expectation classes, legal points, escalation rungs).
    Stats {
        /// Files or folders (default: scenarios/).
        paths: Vec<PathBuf>,
        /// Language for names.
        #[arg(long, default_value = "zh", value_parser = parse_lang)]
        lang: Lang,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Play a scenario in the terminal.
    Play {
        /// A scenario file, or a scenario id from scenarios/.
        scenario: String,
        /// Seed for the customer's reactions; the same seed and choices replay exactly.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Language.
        #[arg(long, default_value = "zh", value_parser = parse_lang)]
        lang: Lang,
        /// Replies to take, 1-based, comma-separated (0 = let the timer run out).
        /// Without it, replies are read from standard input.
        #[arg(long, value_delimiter = ',')]
        choices: Option<Vec<usize>>,
        /// Practice shows feedback after each reply; assessment only at the end.
        #[arg(long, value_enum, default_value_t = ModeArg::Practice)]
        mode: ModeArg,
        /// Print the session as JSON.
        #[arg(long)]
        json: bool,
        /// Show replies in a seeded shuffled order (as the window does); without it they
        /// keep file order, so routes from `analyze` replay as printed.
        #[arg(long)]
        shuffle: bool,
    },
    /// Explore every reachable state: best and worst routes, unreached endings, dead ends.
    Analyze {
        /// A scenario file, or a scenario id from scenarios/.
        scenario: String,
        /// Print the analysis as JSON.
        #[arg(long)]
        json: bool,
        /// Language for the route walk-through.
        #[arg(long, default_value = "zh", value_parser = parse_lang)]
        lang: Lang,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ModeArg {
    Practice,
    Assessment,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language `{s}`: use zh or en"))
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let Some(command) = cli.command else {
        return window(&cli);
    };
    match command {
        Command::Validate { paths, strict } => validate(cli.catalogue.as_deref(), paths, strict),
        Command::List { paths, lang } => list(cli.catalogue.as_deref(), paths, lang),
        Command::Stats { paths, lang, json } => {
            let paths = default_paths(paths);
            match catalogue_for(cli.catalogue.as_deref(), &paths) {
                Ok(cat) => {
                    let loaded = scenario::load_library(&paths, &cat);
                    let cov = scenario::coverage::Coverage::of(
                        loaded.iter().filter_map(|l| l.scenario.as_ref()),
                        &cat,
                    );
                    stats::run(&cov, &cat, lang, json)
                }
                Err(d) => {
                    print_diagnostics(&d, None);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Play {
            scenario,
            seed,
            lang,
            choices,
            mode,
            json,
            shuffle,
        } => {
            let mode = match mode {
                ModeArg::Practice => Mode::Practice,
                ModeArg::Assessment => Mode::Assessment,
            };
            match open(cli.catalogue.as_deref(), &scenario) {
                Ok(engine) => play::run(engine, seed, lang, choices, mode, json, shuffle),
                Err(code) => code,
            }
        }
        Command::Analyze {
            scenario,
            json,
            lang,
        } => match open(cli.catalogue.as_deref(), &scenario) {
            Ok(engine) => analyze::run(&engine, json, lang),
            Err(code) => code,
        },
    }
}

#[cfg(feature = "gui")]
fn window(cli: &Cli) -> ExitCode {
    let mut dirs = vec![PathBuf::from("scenarios")];
    dirs.extend(cli.scenarios.iter().cloned());
    let cat = match catalogue_for(cli.catalogue.as_deref(), &dirs) {
        Ok(c) => c,
        Err(d) => {
            print_diagnostics(&d, None);
            return ExitCode::FAILURE;
        }
    };
    crate::app::run(
        crate::app::WindowOptions {
            scenario_dirs: dirs,
            lang: cli.lang,
            size: cli.size,
            autoplay: cli.autoplay.clone(),
            screenshots: cli.screenshots.clone(),
            quit_after: cli.quit_after,
        },
        cat,
    )
}

#[cfg(not(feature = "gui"))]
fn window(_cli: &Cli) -> ExitCode {
    use clap::CommandFactory;
    let _ = Cli::command().print_help();
    println!("\n(built without the `gui` feature: no window)");
    ExitCode::SUCCESS
}

/// Prints `value` as pretty JSON.
fn print_json(value: &impl serde::Serialize) -> ExitCode {
    match serde_json::to_string_pretty(value) {
        Ok(s) => {
            println!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write JSON: {e}");
            ExitCode::FAILURE
        }
    }
}

fn default_paths(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("scenarios")]
    } else {
        paths
    }
}

/// The catalogue: `--catalogue`, else catalogue.ron beside the first path, else in
/// scenarios/, else the bundled one.
fn catalogue_for(explicit: Option<&Path>, near: &[PathBuf]) -> Result<Catalogue, Vec<Diagnostic>> {
    if let Some(p) = explicit {
        return check::load_file(p);
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
    match candidates.into_iter().find(|c| c.is_file()) {
        Some(p) => check::load_file(&p),
        None => Ok(check::bundled()),
    }
}

fn print_diagnostics(diags: &[Diagnostic], source: Option<&str>) {
    for d in diags {
        eprintln!("{}\n", d.render(source));
    }
}

fn validate(catalogue: Option<&Path>, paths: Vec<PathBuf>, strict: bool) -> ExitCode {
    let paths = default_paths(paths);
    let cat = match catalogue_for(catalogue, &paths) {
        Ok(c) => c,
        Err(d) => {
            print_diagnostics(&d, None);
            eprintln!("the rubric catalogue has errors; nothing else was checked");
            return ExitCode::FAILURE;
        }
    };
    let loaded = scenario::load_library(&paths, &cat);
    if loaded.is_empty() {
        eprintln!("no scenario files (*.ron) found in {}", show(&paths));
        return ExitCode::FAILURE;
    }
    let (mut errors, mut warnings) = (0, 0);
    for l in &loaded {
        print_diagnostics(&l.diagnostics, l.source.as_deref());
        errors += l.diagnostics.iter().filter(|d| d.is_error()).count();
        warnings += l.diagnostics.iter().filter(|d| !d.is_error()).count();
    }
    let clean = loaded.iter().filter(|l| l.diagnostics.is_empty()).count();
    println!(
        "{} file(s) checked: {clean} clean, {errors} error(s), {warnings} warning(s)",
        loaded.len()
    );
    if errors > 0 || (strict && warnings > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn show(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn list(catalogue: Option<&Path>, paths: Vec<PathBuf>, lang: Lang) -> ExitCode {
    let paths = default_paths(paths);
    let cat = match catalogue_for(catalogue, &paths) {
        Ok(c) => c,
        Err(d) => {
            print_diagnostics(&d, None);
            return ExitCode::FAILURE;
        }
    };
    let loaded = scenario::load_library(&paths, &cat);
    println!(
        "{:<28} {:<4} {:<34} {:<24} {:>4} {:>4}  title",
        "id", "DISC", "archetypes", "case", "diff", "min"
    );
    for l in &loaded {
        match &l.scenario {
            Some(s) => {
                let c = &s.customer;
                let disc = match c.secondary {
                    Some(d) => format!("{}/{}", c.disc.letter(), d.letter()),
                    None => c.disc.letter().to_string(),
                };
                let arch = keys(c.archetypes.iter().map(|a| a.key()));
                let case = keys(s.cases.iter().map(|k| k.key()));
                let flag = if l.has_errors() { "  [errors]" } else { "" };
                println!(
                    "{:<28} {:<4} {:<34} {:<24} {:>4} {:>4}  {}{flag}",
                    s.id,
                    disc,
                    arch,
                    case,
                    s.difficulty,
                    s.minutes,
                    s.title.get(lang)
                );
            }
            None => println!(
                "{:<28} {}",
                l.path.display(),
                l.diagnostics
                    .first()
                    .map_or(String::new(), |d| format!("[cannot load] {d}"))
            ),
        }
    }
    ExitCode::SUCCESS
}

/// Finds a scenario by path or id, loads and validates it, and prepares it for play.
fn open(catalogue: Option<&Path>, which: &str) -> Result<Arc<Engine>, ExitCode> {
    let as_path = PathBuf::from(which);
    let cat = catalogue_for(catalogue, std::slice::from_ref(&as_path)).map_err(|d| {
        print_diagnostics(&d, None);
        ExitCode::FAILURE
    })?;
    let loaded: Loaded = if as_path.is_file() {
        scenario::load_file(&as_path, &cat)
    } else {
        let library = scenario::load_library(&[PathBuf::from("scenarios")], &cat);
        match library
            .into_iter()
            .find(|l| l.scenario.as_ref().is_some_and(|s| s.id == which))
        {
            Some(l) => l,
            None => {
                eprintln!(
                    "no scenario file or id `{which}` (ids are listed by `complaint-dojo list`)"
                );
                return Err(ExitCode::from(2));
            }
        }
    };
    let errors: Vec<Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    if !errors.is_empty() {
        print_diagnostics(&errors, loaded.source.as_deref());
        eprintln!("the scenario has errors; fix them before playing");
        return Err(ExitCode::FAILURE);
    }
    let scenario = loaded.scenario.ok_or(ExitCode::FAILURE)?;
    Engine::new(Arc::new(scenario), Arc::new(cat))
        .map(Arc::new)
        .map_err(|e| {
            eprintln!("{e}");
            ExitCode::FAILURE
        })
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
