//! `style`: the style self-reflection in the terminal. Asks the questionnaire block by block
//! (or takes answers given on paper with `--answers`), keeps the blend in the trainee's
//! profile, and prints what the blend means against each type of customer; `--show` prints
//! the kept one, `--clear` forgets it.

use std::io::Write;
use std::process::ExitCode;

use super::play::ask_number;
use super::records::{open_records, refused};
use super::{Out, USAGE};
use crate::catalogue::Catalogue;
use crate::course::Disc;
use crate::records::style::{self, Answer, Blend, Reflection, Style};
use crate::source::escape;

/// `style --trainee NAME [--answers DS,IC,…] [--show] [--clear] [--json]`.
#[derive(Debug, clap::Args)]
pub(super) struct StyleArgs {
    /// The trainee whose profile keeps the reflection.
    #[arg(long, value_name = "NAME")]
    trainee: String,
    /// Answers given elsewhere (on paper, say): for each block, the letter of the word most
    /// like you and then of the one least like you, comma-separated: DS,IC,…
    #[arg(long, value_name = "ANSWERS", conflicts_with_all = ["show", "clear"])]
    answers: Option<String>,
    /// Print the kept reflection without asking.
    #[arg(long)]
    show: bool,
    /// Forget the kept reflection (the sessions stay).
    #[arg(long, conflicts_with = "show")]
    clear: bool,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

pub(super) fn run(out: &Out, cat: &Catalogue, args: &StyleArgs) -> ExitCode {
    let records = match open_records(out) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let trainee = args.trainee.trim();
    let who = escape(trainee).into_owned();
    let reflection = style::reflection();
    if args.clear {
        return match records.clear_style(trainee) {
            Ok(()) if args.json => super::print_json(&serde_json::json!({
                "trainee": trainee,
                "cleared": true,
            })),
            Ok(()) => {
                println!(
                    "{}",
                    out.t_args("cli-style-cleared", &[("name", who.into())])
                );
                ExitCode::SUCCESS
            }
            Err(e) => refused(out, e),
        };
    }
    let kept = if args.show {
        match records.style(trainee) {
            Ok(Some(s)) => s,
            Ok(None) => {
                eprintln!("{}", out.t_args("cli-style-none", &[("name", who.into())]));
                return ExitCode::from(USAGE);
            }
            Err(e) => return refused(out, e),
        }
    } else {
        let answers = match &args.answers {
            Some(text) => style::decode(text),
            None => match if args.json {
                ask(out, reflection, &mut std::io::stderr())
            } else {
                ask(out, reflection, &mut std::io::stdout())
            } {
                Some(a) => Ok(a),
                None => {
                    eprintln!("{}", out.t("cli-style-stopped"));
                    return ExitCode::FAILURE;
                }
            },
        };
        let blend = match answers.and_then(|a| Ok((Blend::of(reflection, &a)?, a))) {
            Ok((blend, a)) => Style {
                blend,
                answers: style::encode(&a),
                taken_ms: crate::records::store::now_ms(),
            },
            Err(e) => {
                eprintln!(
                    "error: {}",
                    crate::locale::style_error(Out::i18n(), out.lang, &e)
                );
                return ExitCode::from(USAGE);
            }
        };
        if let Err(e) = records.set_style(trainee, &blend) {
            return refused(out, e);
        }
        if !args.json {
            println!(
                "{}",
                out.t_args(
                    "cli-style-kept",
                    &[
                        ("name", who.clone().into()),
                        (
                            "path",
                            escape(&records.path().display().to_string())
                                .into_owned()
                                .into()
                        ),
                    ]
                )
            );
        }
        blend
    };
    if args.json {
        return super::print_json(&json(trainee, &kept, reflection));
    }
    print(out, cat, &kept, reflection);
    ExitCode::SUCCESS
}

/// Asks every block on standard input, on `to` (standard output, or standard error when
/// the result goes out as JSON); None when the trainee stops (q or end of input).
fn ask(out: &Out, reflection: &Reflection, to: &mut dyn Write) -> Option<Vec<Answer>> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let _ = writeln!(to, "{}\n", out.t("style-disclaimer"));
    let _ = writeln!(to, "{}\n", out.t("style-how"));
    let n = reflection.blocks.len();
    let mut answers = Vec::with_capacity(n);
    for (k, block) in reflection.blocks.iter().enumerate() {
        let _ = writeln!(
            to,
            "{}",
            out.t_args(
                "cli-style-block",
                &[("n", (k + 1).into()), ("of", n.into())]
            )
        );
        for (i, w) in block.words.iter().enumerate() {
            let _ = writeln!(to, "  {}. {}", i + 1, out.text(&w.text));
        }
        let count = block.words.len();
        let ask = |key: &str| out.t_args(key, &[("count", count.into())]);
        let most = ask_number(out, &mut input, to, &ask("cli-style-most"), 1..=count, None)?;
        let least = ask_number(
            out,
            &mut input,
            to,
            &ask("cli-style-least"),
            1..=count,
            Some((most, "cli-style-pick-other")),
        )?;
        answers.push(Answer {
            most: block.words[most - 1].disc,
            least: block.words[least - 1].disc,
        });
        let _ = writeln!(to);
    }
    Some(answers)
}

/// The blend as bars, what the leading style brings and what to watch, and the advice
/// against each type of customer.
fn print(out: &Out, cat: &Catalogue, kept: &Style, reflection: &Reflection) {
    let name = |d: Disc| out.text(&Catalogue::name_of(&cat.glossary.disc, d));
    println!("{}", out.t("style-disclaimer"));
    println!();
    println!(
        "{}  ({})",
        out.t("style-blend"),
        out.t_args(
            "style-taken",
            &[("when", crate::records::local_time(kept.taken_ms).into())]
        )
    );
    let width = Disc::ALL
        .iter()
        .map(|&d| unicode_width::UnicodeWidthStr::width(name(d).as_str()))
        .max()
        .unwrap_or(0);
    for &d in Disc::ALL {
        let share = kept.blend.share(d);
        let bar = usize::from(share).div_ceil(5);
        println!(
            "  {}  {:>3}%  {}",
            super::records::pad(&name(d), width),
            share,
            "█".repeat(bar)
        );
    }
    for d in kept.blend.leading() {
        let Some(own) = reflection.style(d) else {
            continue;
        };
        println!();
        println!("{}", name(d));
        for (key, text) in [
            ("style-strengths", &own.strengths),
            ("style-watch", &own.watch),
        ] {
            println!("  {}", out.t_args(key, &[("text", out.text(text).into())]));
        }
    }
    println!();
    println!("{}", out.t("style-against"));
    for &customer in Disc::ALL {
        for a in reflection.advice_for(&kept.blend, customer) {
            println!("  {}", advice_line(out, cat, a));
        }
    }
}

/// "I · Influence style, C · Conscientious customer: lead with facts …".
pub(super) fn advice_line(out: &Out, cat: &Catalogue, a: &style::Advice) -> String {
    crate::locale::style_advice(Out::i18n(), out.lang, cat, a, |t| out.text(t))
}

fn json(trainee: &str, kept: &Style, reflection: &Reflection) -> serde_json::Value {
    let leading: Vec<String> = kept
        .blend
        .leading()
        .iter()
        .map(|d| d.letter().to_string())
        .collect();
    let advice: Vec<&style::Advice> = Disc::ALL
        .iter()
        .flat_map(|&c| reflection.advice_for(&kept.blend, c))
        .collect();
    serde_json::json!({
        "trainee": trainee,
        "blend": kept.blend,
        "leading": leading,
        "answers": kept.answers,
        "taken_ms": kept.taken_ms,
        "advice": advice,
        "note": "a reflection aid, not a validated psychometric test",
    })
}
