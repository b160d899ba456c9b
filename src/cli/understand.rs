//! `complaint-dojo understand`: what free-reply mode makes of typed words at a decision —
//! the moves found, with their evidence, and the authored reply they are matched to (or the
//! two it would ask about, or a request to rephrase). For instructors trying their patterns
//! and for scripted evaluation (`--json`; without `--text`, one reply per line of standard
//! input).

use std::io::BufRead;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use serde::Serialize;

use super::{Out, USAGE};
use crate::course::Lang;
use crate::sim::Engine;
use crate::source::escape;
use crate::understand::{Reader, Reading, Understanding};

/// `understand` options.
#[derive(Debug, Args)]
pub struct UnderstandArgs {
    /// A scenario file, or a scenario id from scenarios/.
    #[arg(required_unless_present = "eval")]
    pub scenario: Option<String>,
    /// The decision: a node id [default: the scenario's start].
    #[arg(long)]
    pub node: Option<String>,
    /// The typed reply. Without it, every line of standard input is one reply.
    #[arg(long)]
    pub text: Option<String>,
    /// Print as JSON (one object per line when reading standard input).
    #[arg(long)]
    pub json: bool,
    /// Measure the reader on a set of typed replies with known answers (a RON list of
    /// `(scenario, node, lang, kind, text, choice, moves)`, as in
    /// tests/fixtures/understand/): right when it answers, abstentions, off-topic text
    /// declined, move precision and recall.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["scenario", "node", "text"])]
    pub eval: Option<std::path::PathBuf>,
}

/// `understand --eval FILE`: the figures for a set, with the library's scenarios.
pub(super) fn evaluate(
    lib: &crate::library::Library,
    file: &std::path::Path,
    json: bool,
) -> ExitCode {
    use crate::understand::evaluation::{Case, evaluate};
    let text = match crate::source::read_text(file) {
        Ok(t) => t,
        Err(d) => {
            eprintln!("{}", crate::source::render::render(&d, None));
            return ExitCode::FAILURE;
        }
    };
    let cases: Vec<Case> = match crate::source::ron::ron_options().from_str(&text) {
        Ok(c) => c,
        Err(e) => {
            eprintln!(
                "{}:{}:{}: {}",
                escape(&file.display().to_string()),
                e.span.start.line,
                e.span.start.col,
                e.code
            );
            return ExitCode::FAILURE;
        }
    };
    let mut readers = std::collections::HashMap::new();
    for c in &cases {
        if !readers.contains_key(&c.scenario)
            && let Some(s) = lib.find(&c.scenario).and_then(|e| e.scenario.clone())
        {
            readers.insert(c.scenario.clone(), Reader::new(s, &lib.catalogue));
        }
    }
    let figures = evaluate(&cases, |id| readers.get(id));
    if json {
        return super::print_json(&figures);
    }
    print!("{}", figures.report());
    for m in &figures.misses {
        let c = &cases[m.case];
        println!(
            "  miss: {} {} [{}] expected {} got {}: {}",
            escape(&c.scenario),
            escape(&c.node),
            c.lang.code(),
            m.expected
                .map_or_else(|| "off-topic".to_string(), |n| n.to_string()),
            m.got,
            escape(&c.text)
        );
    }
    for (n, missed, extra) in &figures.move_misses {
        let c = &cases[*n];
        println!(
            "  moves: {} {} missed [{}] extra [{}]: {}",
            escape(&c.scenario),
            escape(&c.node),
            missed.join(", "),
            extra.join(", "),
            escape(&c.text)
        );
    }
    ExitCode::SUCCESS
}

/// One reply considered, for the JSON answer.
#[derive(Serialize)]
struct Alternative {
    /// 1-based, file order.
    choice: usize,
    score: f32,
    text: String,
}

/// A move found, for the JSON answer.
#[derive(Serialize)]
struct MoveOut {
    id: String,
    name: String,
    evidence: String,
}

/// The JSON answer.
#[derive(Serialize)]
struct Answer {
    /// The reply matched (1-based, file order), or null when the reader would ask.
    choice: Option<usize>,
    confidence: f32,
    /// `matched`, `did_you_mean` or `rephrase`.
    reading: &'static str,
    /// The language the text was read in.
    lang: Lang,
    /// With a match, the other replies nearest first; when asking, the two it would offer;
    /// when asking to rephrase, none.
    alternatives: Vec<Alternative>,
    moves: Vec<MoveOut>,
    /// Every reply considered, nearest first, with the parts of its score (1-based choice).
    ranked: Vec<crate::understand::Candidate>,
}

pub(super) fn run(out: &Out, engine: &Arc<Engine>, args: &UnderstandArgs, lang: Lang) -> ExitCode {
    let scenario = engine.scenario();
    let node = match &args.node {
        None => engine.node_index(&scenario.start),
        Some(id) => engine.node_index(id),
    };
    let Some(node) = node else {
        let known: Vec<&str> = scenario.nodes.iter().map(|n| n.id.as_str()).collect();
        let guess = args
            .node
            .as_deref()
            .and_then(|n| crate::source::diagnostic::did_you_mean(n, known.iter().copied()))
            .map(|g| format!("; did you mean `{}`?", escape(&g)))
            .unwrap_or_default();
        eprintln!(
            "no node `{}` in {}{guess} (its nodes: {})",
            escape(args.node.as_deref().unwrap_or_default()),
            escape(&scenario.id),
            known.join(", ")
        );
        return ExitCode::from(USAGE);
    };
    let reader = Reader::new(scenario.clone(), engine.catalogue());
    let offered: Vec<usize> = (0..scenario.nodes[node].choices.len()).collect();
    let answer = |text: &str| {
        let u = reader.understand(node, &offered, text, lang);
        if args.json {
            let answer = to_json(&u, &reader, node, lang);
            if args.text.is_some() {
                super::print_json(&answer);
            } else {
                let json = serde_json::to_string(&answer).unwrap_or_else(|_| "{}".to_string());
                println!("{}", super::safe_json(&json));
            }
        } else {
            print_text(out, &u, &reader, node);
        }
    };
    match &args.text {
        Some(t) => answer(t),
        None => {
            let mut input = std::io::stdin().lock();
            loop {
                match bounded_line(&mut input) {
                    Ok(None) => break,
                    Ok(Some(l)) if l.trim().is_empty() => {}
                    Ok(Some(l)) => answer(&l),
                    Err(e) => {
                        eprintln!("could not read standard input: {e}");
                        return ExitCode::FAILURE;
                    }
                }
            }
        }
    }
    ExitCode::SUCCESS
}

/// The most bytes of one line of standard input kept; the rest of a longer line is read and
/// dropped (the reader looks at far fewer characters anyway), so memory stays bounded.
const LINE_LIMIT: u64 = 16 * 1024;

/// The next line of `input` (None at the end), cut to [`LINE_LIMIT`] bytes, invalid UTF-8
/// replaced.
fn bounded_line<R: BufRead>(input: &mut R) -> std::io::Result<Option<String>> {
    let mut buf = Vec::new();
    let n = std::io::Read::take(&mut *input, LINE_LIMIT).read_until(b'\n', &mut buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.last() != Some(&b'\n') && n as u64 == LINE_LIMIT {
        // Skip the rest of an overlong line.
        loop {
            let chunk = input.fill_buf()?;
            if chunk.is_empty() {
                break;
            }
            match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    input.consume(i + 1);
                    break;
                }
                None => {
                    let len = chunk.len();
                    input.consume(len);
                }
            }
        }
    }
    Ok(Some(
        String::from_utf8_lossy(&buf)
            .trim_end_matches(['\n', '\r'])
            .to_string(),
    ))
}

fn to_json(u: &Understanding, reader: &Reader, node: usize, lang: Lang) -> Answer {
    let choices = &reader.scenario().nodes[node].choices;
    let alt = |i: usize| Alternative {
        choice: i + 1,
        score: u
            .ranked
            .iter()
            .find(|c| c.choice == i)
            .map_or(0.0, |c| c.score),
        text: crate::sim::addressed(reader.scenario(), &choices[i])
            .get(u.lang)
            .to_string(),
    };
    let (choice, reading, alternatives) = match u.reading {
        Reading::Matched(i) => (
            Some(i + 1),
            "matched",
            u.ranked
                .iter()
                .filter(|c| c.choice != i)
                .map(|c| alt(c.choice))
                .collect(),
        ),
        Reading::DidYouMean(a, b) => (None, "did_you_mean", vec![alt(a), alt(b)]),
        Reading::Rephrase => (None, "rephrase", Vec::new()),
    };
    Answer {
        choice,
        confidence: (u.confidence * 1000.0).round() / 1000.0,
        reading,
        lang: u.lang,
        alternatives,
        moves: u
            .moves
            .iter()
            .map(|m| MoveOut {
                id: m.spotted.id.clone(),
                name: m.spotted.name.get(lang).to_string(),
                evidence: m.spotted.evidence.clone(),
            })
            .collect(),
        ranked: u
            .ranked
            .iter()
            .map(|c| crate::understand::Candidate {
                choice: c.choice + 1,
                ..*c
            })
            .collect(),
    }
}

fn print_text(out: &Out, u: &Understanding, reader: &Reader, node: usize) {
    let choices = &reader.scenario().nodes[node].choices;
    let reply = |i: usize| {
        format!(
            "{}. {}",
            i + 1,
            escape(crate::sim::addressed(reader.scenario(), &choices[i]).get(u.lang))
        )
    };
    let confidence = format!("{:.0}%", u.confidence * 100.0);
    match u.reading {
        Reading::Matched(i) => println!(
            "{}\n  {}",
            out.t_args("cli-understood", &[("confidence", confidence.into())]),
            reply(i)
        ),
        Reading::DidYouMean(a, b) => println!(
            "{}\n  {}\n  {}",
            out.t_args("cli-did-you-mean", &[("confidence", confidence.into())]),
            reply(a),
            reply(b)
        ),
        Reading::Rephrase => println!("{}", out.t("cli-rephrase")),
    }
    if u.moves.is_empty() {
        println!("{}", out.t("cli-no-moves"));
    } else {
        println!("{}", out.t("cli-moves-found"));
        for m in &u.moves {
            println!(
                "  {}: {}",
                out.text(&m.spotted.name),
                escape(&m.spotted.evidence)
            );
        }
    }
}
