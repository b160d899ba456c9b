//! `class SCENARIO`: a class plays a scenario together. With `--headless` the LAN host runs
//! without a window: it prints the join URL and the host URL, says what happens as the class
//! goes on, writes the class report when the scenario ends, and serves until stopped. Without
//! it the window opens as the projector (see `crate::app`).

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use crate::classroom::class::Phase;
use crate::classroom::server::{self, HostConfig};
use crate::classroom::{Class, report};
use crate::course::Lang;
use crate::sim::{Engine, Mode, Session};

use super::Out;

/// `class` options.
#[derive(Debug, clap::Args)]
pub struct ClassArgs {
    /// A scenario file, or a scenario id from scenarios/.
    pub scenario: String,
    /// Run the host without a window: print the join URL and the host URL (open it in a
    /// browser to drive the class) and serve until stopped.
    #[arg(long)]
    pub headless: bool,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on [default: every interface, so that phones on the LAN reach it].
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<IpAddr>,
    /// Teams, comma-separated (up to 8), e.g. `--teams Red,Blue,Green`; without it everyone
    /// votes for themselves.
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub teams: Vec<String>,
    /// Seconds each vote stays open before it locks by itself (default: the instructor locks).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u32).range(5..=3600))]
    pub vote_secs: Option<u32>,
    /// Seed for the customer's lines and the order of the replies [default: from the clock].
    #[arg(long)]
    pub seed: Option<u64>,
    /// Folder for the class report [default: `classes/` in the data folder].
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    /// Hot-seat: teams around one laptop, no network (the window only). Without --teams, the
    /// instructor records the whole room's majority.
    #[arg(long)]
    pub hot_seat: bool,
}

/// A seed from the clock when none is given.
pub fn seed_or_clock(seed: Option<u64>) -> u64 {
    seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs())
    })
}

/// The class for `engine` as the options describe it.
///
/// A hot-seat class without `--teams` has one team, the whole room (`whole_room` names it):
/// the instructor records the room's majority at each decision.
pub fn new_class(
    engine: std::sync::Arc<Engine>,
    args: &ClassArgs,
    whole_room: &str,
) -> Result<Class, String> {
    let session = Session::start(engine, seed_or_clock(args.seed), Mode::Practice, true);
    let mut teams = args.teams.clone();
    if args.hot_seat && teams.is_empty() {
        teams.push(whole_room.to_string());
    }
    Class::new(session, teams).map_err(|e| e.to_string())
}

/// The host's settings from the options.
pub fn host_config(lang: Lang, args: &ClassArgs) -> HostConfig {
    HostConfig {
        bind: args.bind.unwrap_or(HostConfig::default().bind),
        port: args.port,
        lang,
        vote_secs: args.vote_secs,
    }
}

/// Where the report goes.
pub fn report_dir(args: &ClassArgs) -> PathBuf {
    args.report.clone().unwrap_or_else(|| {
        crate::app::store::Store::locate()
            .map(|s| s.classes_dir())
            .unwrap_or_else(|| PathBuf::from("classes"))
    })
}

/// Runs the headless host until the process is stopped.
pub(crate) fn headless(
    out: &Out,
    lang: Lang,
    engine: std::sync::Arc<Engine>,
    args: &ClassArgs,
) -> ExitCode {
    if args.hot_seat {
        eprintln!("error: --hot-seat runs in the window; leave out --headless");
        return ExitCode::from(super::USAGE);
    }
    let class = match new_class(engine, args, "") {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(super::USAGE);
        }
    };
    let host = match server::start(class, host_config(lang, args)) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("join: {}", host.join_url);
    println!("host: {}", host.host_url);
    let dir = report_dir(args);
    let mut last: Option<(Phase, usize, u32)> = None;
    let mut saved = false;
    loop {
        std::thread::sleep(Duration::from_millis(200));
        let snap = host.snapshot();
        let c = &snap.class;
        let now = (c.phase(), c.rounds().len(), c.tally().people);
        if last != Some(now) {
            println!(
                "{} {} · {:?} · {} {}",
                out.t("class-phone-decision"),
                c.rounds().len() + usize::from(c.phase() != Phase::Revealed),
                c.phase(),
                c.tally().people,
                out.t("class-host-joined"),
            );
            last = Some(now);
        }
        if c.phase() == Phase::Over && !saved {
            saved = true;
            match report::save(c, Out::i18n(), lang, &dir, &report::stem(c, &host.room)) {
                Ok(paths) => {
                    println!("{}", out.t("class-report-saved"));
                    for p in paths {
                        println!("  {}", crate::source::escape(&p.display().to_string()));
                    }
                }
                Err(e) => eprintln!("error: cannot save the class report: {e}"),
            }
        }
    }
}
