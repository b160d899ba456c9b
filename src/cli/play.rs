//! `complaint-dojo play`: a session in the terminal, from `--choices` or from standard input
//! (read a short line at a time: an endless line or `/dev/zero` ends the session, it never
//! fills memory).

use std::io::{BufRead, Read, Write};
use std::process::ExitCode;
use std::sync::Arc;

use serde::Serialize;

use super::{ModeArg, Out, USAGE};
use crate::catalogue::Catalogue;
use crate::course::{Impact, Lang, Rubric, Text};
use crate::locale::StandingLine;
use crate::sim::verdict::Standing;
use crate::sim::{
    Action, Engine, Mode, Note, NoteKind, Outcome, RubricScore, Session, Speaker, Turn,
};

/// Longest line read from standard input, in bytes.
const MAX_INPUT_LINE: usize = 256;

/// What `play` is asked to do.
#[derive(Debug, clap::Args)]
pub(super) struct PlayArgs {
    /// A scenario file, or a scenario id from scenarios/.
    pub scenario: String,
    /// Seed for the customer's reactions; the same seed and choices replay exactly.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Replies to take, 1-based, comma-separated (0 = let the timer run out).
    /// Without it, replies are read from standard input.
    #[arg(long, value_delimiter = ',')]
    pub choices: Option<Vec<usize>>,
    /// Practice shows feedback after each reply; assessment only at the end.
    #[arg(long, value_enum, default_value_t = ModeArg::Practice)]
    pub mode: ModeArg,
    /// Print the session as JSON.
    #[arg(long)]
    pub json: bool,
    /// Show replies in a seeded shuffled order (as the window does); without it they
    /// keep file order, so routes from `analyze` replay as printed.
    #[arg(long)]
    pub shuffle: bool,
    /// Record the session under this trainee's name (in the data folder, or --data-dir);
    /// `history` lists it.
    #[arg(long, value_name = "NAME", conflicts_with = "from")]
    pub trainee: Option<String>,
    /// Preview from this node instead of the start (an author's "test from here"); the
    /// options below preset the customer there. A preview is never recorded.
    #[arg(long, value_name = "NODE")]
    pub from: Option<String>,
    /// With --from: the customer's mood there (0 furious … 100 delighted).
    #[arg(long, requires = "from")]
    pub mood: Option<i32>,
    /// With --from: trust there (0–100).
    #[arg(long, requires = "from")]
    pub trust: Option<i32>,
    /// With --from: patience there (0–100).
    #[arg(long, requires = "from")]
    pub patience: Option<i32>,
    /// With --from: the public-opinion heat there (0–100; a scenario with a meter).
    #[arg(long, requires = "from")]
    pub heat: Option<i32>,
    /// With --from: a flag already set (repeat for several).
    #[arg(long = "set", value_name = "FLAG", requires = "from")]
    pub set: Vec<String>,
    /// With --from: the rung of the ladder the customer is on.
    #[arg(long, value_parser = super::author::parse_level, requires = "from")]
    pub level: Option<crate::course::Level>,
}

pub(super) fn run(out: &Out, engine: Arc<Engine>, args: &PlayArgs) -> ExitCode {
    let mode = Mode::from(args.mode);
    // The records are opened first: a store that cannot be used is said before playing.
    let mut records = match &args.trainee {
        Some(_) => match super::records::open_records(out) {
            Ok(r) => Some(r),
            Err(code) => return code,
        },
        None => None,
    };
    let started_ms = crate::records::store::now_ms();
    let mut session = match &args.from {
        None => Session::start(engine, args.seed, mode, args.shuffle),
        Some(node) => {
            let preset = crate::sim::Preset {
                node: node.clone(),
                mood: args.mood,
                trust: args.trust,
                patience: args.patience,
                heat: args.heat,
                level: args.level,
                flags: args.set.clone(),
            };
            match Session::start_at(engine, args.seed, mode, args.shuffle, &preset) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!(
                        "error: {}",
                        crate::locale::preset_error(Out::i18n(), out.lang, &e)
                    );
                    return ExitCode::from(USAGE);
                }
            }
        }
    };
    let mut printed = 0;
    let quiet = args.json;
    let scripted = args.choices.is_some();
    let mut script = args.choices.clone().unwrap_or_default().into_iter();
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    if !quiet {
        header(out, &session);
        if let Some(node) = &args.from {
            let st = session.state();
            println!(
                "{}\n",
                out.t_args(
                    "cli-preview-from",
                    &[
                        ("node", crate::source::escape(node).into_owned().into()),
                        ("mood", st.mood.into()),
                        ("trust", st.trust.into()),
                        ("patience", st.patience.into()),
                    ]
                )
            );
        }
    }
    let mut shortfall = false;
    // Seconds the trainee took over each decision (typed, not scripted), for the records.
    let mut seconds = Vec::new();
    while !session.is_over() {
        if !quiet {
            printed = print_new(out, &session, printed);
            print_options(out, &session);
        }
        let asked = std::time::Instant::now();
        let pick = if scripted {
            script.next()
        } else {
            prompt(out, &mut input, session.offered().len())
        };
        let Some(pick) = pick else {
            shortfall = true;
            break;
        };
        let action = if pick == 0 {
            Action::TimedOut
        } else {
            Action::Choose(pick - 1)
        };
        match session.act(action) {
            Ok(turn) => {
                if !scripted {
                    seconds.push(asked.elapsed().as_secs_f64());
                }
                if !quiet && mode == Mode::Practice {
                    let turn = turn.clone();
                    // The trainee's own line, then the feedback on it, then the customer.
                    printed = print_new_upto(out, &session, printed, printed + 1);
                    feedback(out, &session, &turn);
                }
            }
            Err(e) => {
                eprintln!("decision {}: {e}", session.turns().len() + 1);
                if scripted {
                    return ExitCode::from(USAGE);
                }
            }
        }
    }
    if args.json {
        let json = JsonSession::new(&session, out.lang, !shortfall);
        if super::print_json(&json) != ExitCode::SUCCESS {
            return ExitCode::FAILURE;
        }
    } else {
        print_new(out, &session, printed);
        if session.is_over() {
            debrief(out, &session);
        }
    }
    if let (Some(records), Some(name)) = (records.as_mut(), &args.trainee)
        && !session.turns().is_empty()
    {
        let cx = crate::records::Context {
            trainee: name.clone(),
            started_ms,
            duration_ms: crate::records::store::now_ms() - started_ms,
            seconds,
            ..Default::default()
        };
        let record = crate::records::SessionRecord::of(&session, crate::records::new_uuid(), &cx);
        match records.record(&record, Some(session.engine())) {
            Ok(_) => eprintln!(
                "{}",
                out.t_args(
                    "cli-records-recorded",
                    &[
                        ("name", crate::source::escape(name).into_owned().into()),
                        (
                            "path",
                            crate::source::escape(&records.path().display().to_string())
                                .into_owned()
                                .into()
                        ),
                    ]
                )
            ),
            Err(e) => {
                eprintln!("{}", crate::source::escape(&e.to_string()));
                return ExitCode::FAILURE;
            }
        }
    }
    if shortfall {
        eprintln!(
            "{} ({})",
            out.t("cli-not-finished"),
            out.t_args(
                "cli-decisions-taken",
                &[("n", session.turns().len().into())]
            )
        );
        return ExitCode::from(3);
    }
    ExitCode::SUCCESS
}

fn header(out: &Out, session: &Session) {
    let s = session.engine().scenario();
    let mode = match session.mode() {
        Mode::Practice => out.t("cli-practice"),
        Mode::Assessment => out.t("cli-assessment"),
    };
    println!(
        "== {} ({}) · seed {} · {mode} ==",
        out.text(&s.title),
        crate::source::escape(&s.id),
        session.seed()
    );
    println!("{}\n", out.text(&s.briefing.situation));
}

fn print_new(out: &Out, session: &Session, from: usize) -> usize {
    print_new_upto(out, session, from, usize::MAX)
}

fn speaker(out: &Out, e: &crate::sim::Entry, session: &Session) -> String {
    match e.speaker {
        Speaker::Customer => out.text(session.engine().scenario().speaker_name(e.who.as_deref())),
        Speaker::Trainee => match &e.to {
            Some(to) => format!(
                "{} → {}",
                out.t("play-you"),
                out.text(session.engine().scenario().speaker_name(Some(to)))
            ),
            None => out.t("play-you"),
        },
        Speaker::Narrator => out.t("play-narrator"),
    }
}

fn print_new_upto(out: &Out, session: &Session, from: usize, to: usize) -> usize {
    let all = session.transcript();
    let to = to.min(all.len());
    for e in &all[from.min(to)..to] {
        println!("[{}] {}", speaker(out, e, session), out.text(&e.text));
    }
    to
}

fn print_options(out: &Out, session: &Session) {
    for (i, (_, text)) in session.offered().iter().enumerate() {
        println!("  {}. {}", i + 1, out.text(text));
    }
}

/// One read from standard input.
enum Typed {
    /// A line (without the limit being reached).
    Line(String),
    /// The end of input.
    End,
    /// A line longer than [`MAX_INPUT_LINE`]: it is not read further.
    TooLong,
}

/// Reads one line of at most [`MAX_INPUT_LINE`] bytes; an endless line must not fill memory.
fn read_short_line(input: &mut impl BufRead) -> Typed {
    let mut line = Vec::new();
    match input
        .by_ref()
        .take(MAX_INPUT_LINE as u64 + 1)
        .read_until(b'\n', &mut line)
    {
        Err(_) | Ok(0) => Typed::End,
        Ok(_) if line.len() > MAX_INPUT_LINE => Typed::TooLong,
        Ok(_) => Typed::Line(String::from_utf8_lossy(&line).into_owned()),
    }
}

fn prompt(out: &Out, input: &mut impl BufRead, count: usize) -> Option<usize> {
    let question = out.t_args("cli-prompt", &[("count", count.into())]);
    ask_number(
        out,
        input,
        &mut std::io::stdout(),
        &question,
        0..=count,
        None,
    )
}

/// Asks `question` on `to` until a number in `range` is typed; None when the trainee stops
/// (q, the end of input, or a line too long to be an answer). `not` is a number refused
/// with the message its Fluent key gives.
pub(super) fn ask_number(
    out: &Out,
    input: &mut impl BufRead,
    to: &mut dyn Write,
    question: &str,
    range: std::ops::RangeInclusive<usize>,
    not: Option<(usize, &str)>,
) -> Option<usize> {
    loop {
        let _ = write!(to, "{question} ");
        let _ = to.flush();
        let line = match read_short_line(input) {
            Typed::Line(line) => line,
            Typed::End => {
                let _ = writeln!(to);
                return None;
            }
            Typed::TooLong => {
                let _ = writeln!(to);
                eprintln!(
                    "{}",
                    out.t_args("cli-input-too-long", &[("max", MAX_INPUT_LINE.into())])
                );
                return None;
            }
        };
        let t = line.trim();
        if t == "q" || t == "quit" {
            return None;
        }
        let why = match t.parse::<usize>() {
            Ok(n) if range.contains(&n) => match not {
                Some((refused, why)) if refused == n => why,
                _ => return Some(n),
            },
            _ => "cli-pick-listed",
        };
        let _ = writeln!(to, "{}", out.t(why));
    }
}

fn note_kind(out: &Out, k: NoteKind) -> String {
    out.t(crate::locale::note_kind_key(k))
}

/// `情 +3 理 0 法 -2 | mood +4 trust -1 patience -6`, leaving out zeros on the customer side.
fn impact(out: &Out, i: &Impact) -> String {
    let mut s = format!(
        "{} {:+} {} {:+} {} {:+}",
        out.t("cli-emp"),
        i.empathy,
        out.t("cli-exp"),
        i.expectation,
        out.t("cli-law"),
        i.legal
    );
    let parts: Vec<String> = [
        (out.t("cli-mood"), i.mood),
        (out.t("cli-trust"), i.trust),
        (out.t("cli-patience"), i.patience),
        (out.t("cli-heat"), i.heat),
    ]
    .iter()
    .filter(|(_, v)| *v != 0)
    .map(|(k, v)| format!("{k} {v:+}"))
    .collect();
    if !parts.is_empty() {
        s.push_str(" | ");
        s.push_str(&parts.join(" "));
    }
    s
}

fn note_line(out: &Out, n: &Note) -> String {
    let fb = out.text(&n.feedback);
    let name = out.text(&n.name);
    let head = if n.voided {
        format!(
            "    {} · {name}  ({})",
            note_kind(out, n.kind),
            out.t("note-voided")
        )
    } else if n.impact.is_zero() {
        format!("    {} · {name}", note_kind(out, n.kind))
    } else {
        format!(
            "    {} · {name}  [{}]",
            note_kind(out, n.kind),
            impact(out, &n.impact)
        )
    };
    if fb.is_empty() {
        head
    } else {
        format!("{head}\n      {fb}")
    }
}

fn feedback(out: &Out, session: &Session, turn: &Turn) {
    for n in &turn.assessment.notes {
        println!("{}", note_line(out, n));
    }
    let cat = session.engine().catalogue();
    if let Some(level) = turn.escalated_to {
        println!(
            "    ⚠ {}: {}",
            out.t("cli-escalated"),
            out.text(&Catalogue::name_of(&cat.glossary.level, level))
        );
    }
    let opinion = match (turn.heat, turn.stage) {
        (Some(heat), Some(stage)) => format!(
            " · {} {heat} ({})",
            out.t("cli-heat"),
            out.text(&cat.opinion.stage_name(stage))
        ),
        _ => String::new(),
    };
    println!(
        "    {} {} · {} {} · {} {}{opinion}\n",
        out.t("cli-mood"),
        turn.mood,
        out.t("cli-trust"),
        turn.trust,
        out.t("cli-patience"),
        turn.patience
    );
}

/// A rubric's short name (情 / 理 / 法 in Chinese), from the catalogue.
pub(super) fn rubric_name(out: &Out, cat: &Catalogue, r: Rubric) -> String {
    cat.rubric(r)
        .map(|d| out.text(&d.name))
        .unwrap_or_else(|| r.key().to_string())
}

fn debrief(out: &Out, session: &Session) {
    let cat = session.engine().catalogue();
    if let Some(o) = session.outcome() {
        println!("\n== {}: {} ==", out.t("cli-ending"), out.text(&o.title));
    }
    if session.mode() == Mode::Assessment {
        println!("\n{}", out.t("cli-feedback-by-decision"));
        for (i, t) in session.turns().iter().enumerate() {
            println!("  #{} ({})", i + 1, crate::source::escape(&t.node));
            for n in &t.assessment.notes {
                println!("{}", note_line(out, n));
            }
        }
    }
    println!();
    for s in session.scores() {
        println!(
            "{:<24} {:>3}/100  {:<8} ({} {} / {})\n    {}",
            rubric_name(out, cat, s.rubric),
            s.score,
            out.text(&s.band),
            out.t("cli-points"),
            s.raw,
            s.par,
            out.text(&s.descriptor)
        );
    }
    if let Some(st) = session.standing() {
        println!();
        let lines = crate::locale::standing_lines(Out::i18n(), out.lang, cat, &st, |t| out.text(t));
        for (kind, line) in lines {
            match kind {
                StandingLine::Outcome | StandingLine::Breach => println!("  {line}"),
                StandingLine::Verdict | StandingLine::Overall => println!("{line}"),
            }
        }
    }
}

#[derive(Serialize)]
struct JsonLine {
    speaker: Speaker,
    text: String,
}

#[derive(Serialize)]
struct JsonSession<'a> {
    scenario: &'a str,
    seed: u64,
    mode: Mode,
    lang: Lang,
    finished: bool,
    actions: &'a [Action],
    transcript: Vec<JsonLine>,
    turns: &'a [Turn],
    outcome: Option<Outcome>,
    scores: Vec<RubricScore>,
    standing: Option<Standing>,
}

impl<'a> JsonSession<'a> {
    fn new(s: &'a Session, lang: Lang, finished: bool) -> Self {
        JsonSession {
            scenario: &s.engine().scenario().id,
            seed: s.seed(),
            mode: s.mode(),
            lang,
            finished,
            actions: s.actions(),
            transcript: s
                .transcript()
                .iter()
                .map(|e| JsonLine {
                    speaker: e.speaker,
                    text: Text::get(&e.text, lang).to_string(),
                })
                .collect(),
            turns: s.turns(),
            outcome: s.outcome(),
            scores: s.scores(),
            standing: s.standing(),
        }
    }
}
