//! `complaint-dojo play`: a session in the terminal, from `--choices` or from standard input.

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::Arc;

use serde::Serialize;

use super::words::{self, w};
use crate::rubric::Note;
use crate::scenario::{Lang, Text};
use crate::sim::{Action, Engine, Mode, Outcome, RubricScore, Session, Turn};

pub fn run(
    engine: Arc<Engine>,
    seed: u64,
    lang: Lang,
    choices: Option<Vec<usize>>,
    mode: Mode,
    json: bool,
    shuffle: bool,
) -> ExitCode {
    let mut session = Session::start(engine, seed, mode, shuffle);
    let mut printed = 0;
    let quiet = json;
    let scripted = choices.is_some();
    let mut script = choices.unwrap_or_default().into_iter();
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    if !quiet {
        header(&session, lang);
    }
    let mut shortfall = false;
    while !session.is_over() {
        if !quiet {
            printed = print_new(&session, lang, printed);
            print_options(&session, lang);
        }
        let pick = if scripted {
            match script.next() {
                Some(n) => n,
                None => {
                    shortfall = true;
                    break;
                }
            }
        } else {
            match prompt(&mut input, lang, session.offered().len()) {
                Some(n) => n,
                None => {
                    shortfall = true;
                    break;
                }
            }
        };
        let action = if pick == 0 {
            Action::TimedOut
        } else {
            Action::Choose(pick - 1)
        };
        match session.act(action) {
            Ok(turn) => {
                if !quiet && mode == Mode::Practice {
                    let turn = turn.clone();
                    // The trainee's own line, then the feedback on it, then the customer.
                    printed = print_new_upto(&session, lang, printed, printed + 1);
                    feedback(&session, &turn, lang);
                }
            }
            Err(e) => {
                eprintln!("decision {}: {e}", session.turns().len() + 1);
                if scripted {
                    return ExitCode::from(2);
                }
            }
        }
    }
    if json {
        let out = JsonSession::new(&session, lang, !shortfall);
        if super::print_json(&out) != ExitCode::SUCCESS {
            return ExitCode::FAILURE;
        }
    } else {
        print_new(&session, lang, printed);
        if session.is_over() {
            debrief(&session, lang);
        }
    }
    if shortfall {
        eprintln!(
            "{} ({} {})",
            w(
                lang,
                "会话没有结束：回复用完了",
                "the session did not finish: the replies ran out"
            ),
            session.turns().len(),
            w(lang, "个决定已完成", "decisions taken")
        );
        return ExitCode::from(3);
    }
    ExitCode::SUCCESS
}

fn header(session: &Session, lang: Lang) {
    let s = session.engine().scenario();
    let mode = match session.mode() {
        Mode::Practice => w(lang, "练习模式", "practice"),
        Mode::Assessment => w(lang, "考核模式", "assessment"),
    };
    println!(
        "== {} ({}) · seed {} · {mode} ==",
        s.title.get(lang),
        s.id,
        session.seed()
    );
    println!("{}\n", s.briefing.situation.get(lang));
}

fn print_new(session: &Session, lang: Lang, from: usize) -> usize {
    print_new_upto(session, lang, from, usize::MAX)
}

fn print_new_upto(session: &Session, lang: Lang, from: usize, to: usize) -> usize {
    let scenario = session.engine().scenario();
    let all = session.transcript();
    let to = to.min(all.len());
    for e in &all[from.min(to)..to] {
        println!(
            "[{}] {}",
            words::speaker(lang, e.speaker, scenario),
            e.text.get(lang)
        );
    }
    to
}

fn print_options(session: &Session, lang: Lang) {
    for (i, (_, text)) in session.offered().iter().enumerate() {
        println!("  {}. {}", i + 1, text.get(lang));
    }
}

fn prompt(input: &mut impl BufRead, lang: Lang, count: usize) -> Option<usize> {
    loop {
        print!("{} (1-{count}, q) > ", w(lang, "你的选择", "Your reply"));
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        if input.read_line(&mut line).ok()? == 0 {
            println!();
            return None;
        }
        let t = line.trim();
        if t == "q" || t == "quit" {
            return None;
        }
        match t.parse::<usize>() {
            Ok(n) if n <= count => return Some(n),
            _ => println!(
                "{}",
                w(
                    lang,
                    "请输入列出的编号。",
                    "Please type one of the listed numbers."
                )
            ),
        }
    }
}

fn note_line(lang: Lang, n: &Note) -> String {
    let fb = n.feedback.get(lang);
    let name = n.name.get(lang);
    let head = if n.impact.is_zero() {
        format!("    {} · {name}", words::note_kind(lang, n.kind))
    } else {
        format!(
            "    {} · {name}  [{}]",
            words::note_kind(lang, n.kind),
            words::impact(lang, &n.impact)
        )
    };
    if fb.is_empty() {
        head
    } else {
        format!("{head}\n      {fb}")
    }
}

fn feedback(session: &Session, turn: &Turn, lang: Lang) {
    for n in &turn.assessment.notes {
        println!("{}", note_line(lang, n));
    }
    let cat = session.engine().catalogue();
    if let Some(level) = turn.escalated_to {
        println!(
            "    ⚠ {}: {}",
            w(lang, "投诉升级", "Escalated"),
            crate::rubric::Catalogue::name_of(&cat.glossary.level, level).get(lang)
        );
    }
    println!(
        "    {} {} · {} {} · {} {}\n",
        w(lang, "情绪", "mood"),
        turn.mood,
        w(lang, "信任", "trust"),
        turn.trust,
        w(lang, "耐心", "patience"),
        turn.patience
    );
}

fn debrief(session: &Session, lang: Lang) {
    let cat = session.engine().catalogue();
    if let Some(o) = session.outcome() {
        println!(
            "\n== {}: {} ==",
            w(lang, "结局", "Ending"),
            o.title.get(lang)
        );
    }
    if session.mode() == Mode::Assessment {
        println!(
            "\n{}",
            w(lang, "逐项反馈：", "Feedback, decision by decision:")
        );
        for (i, t) in session.turns().iter().enumerate() {
            println!("  #{} ({})", i + 1, t.node);
            for n in &t.assessment.notes {
                println!("{}", note_line(lang, n));
            }
        }
    }
    println!();
    for s in session.scores() {
        println!(
            "{:<24} {:>3}/100  {:<8} ({} {} / {})\n    {}",
            words::rubric(lang, cat, s.rubric),
            s.score,
            s.band.get(lang),
            w(lang, "得分", "points"),
            s.raw,
            s.par,
            s.descriptor.get(lang)
        );
    }
}

#[derive(Serialize)]
struct JsonLine {
    speaker: crate::sim::Speaker,
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
        }
    }
}
