//! Measuring the reader on a set of typed replies whose right answers are known: how often
//! it is right when it answers, how often it asks about text it could have answered, how
//! much off-topic text it declines, and the precision and recall of the moves it finds.
//! Used by the test suite (which asserts floors), `understand --eval FILE` (an instructor's
//! own set for their own scenarios and patterns) and the benchmark.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Reader, Reading};
use crate::course::Lang;

/// What kind of typed reply a case is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// One reply said in the trainee's own words.
    Paraphrase,
    /// Moves mixed, but one reply clearly meant.
    Mixed,
    /// A terse version of one reply.
    Short,
    /// About nothing at this decision: should be declined.
    OffTopic,
}

/// One typed reply with its right answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Scenario id.
    pub scenario: String,
    /// Node id.
    pub node: String,
    /// The language it is typed in, `"zh"` or `"en"`.
    #[serde(deserialize_with = "lang_code", serialize_with = "code_of")]
    pub lang: Lang,
    /// What kind of reply it is: `"paraphrase"`, `"mixed"`, `"short"` or `"off_topic"`.
    #[serde(deserialize_with = "kind_name")]
    pub kind: Kind,
    /// The words.
    pub text: String,
    /// The reply meant: 1-based, in file order; None for off-topic text.
    pub choice: Option<usize>,
    /// Pattern ids whose evidence is in the words.
    #[serde(default)]
    pub moves: Vec<String>,
}

fn lang_code<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Lang, D::Error> {
    let s = String::deserialize(d)?;
    Lang::parse(&s).ok_or_else(|| {
        serde::de::Error::custom(format!("unknown language `{s}`: use \"zh\" or \"en\""))
    })
}

fn code_of<S: serde::Serializer>(lang: &Lang, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(lang.code())
}

fn kind_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Kind, D::Error> {
    let s = String::deserialize(d)?;
    Kind::ALL.into_iter().find(|k| k.key() == s).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "unknown kind `{s}`: use \"paraphrase\", \"mixed\", \"short\" or \"off_topic\""
        ))
    })
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 4] = [Kind::Paraphrase, Kind::Mixed, Kind::Short, Kind::OffTopic];

    /// The name a set writes (`"off_topic"`).
    pub fn key(self) -> &'static str {
        match self {
            Kind::Paraphrase => "paraphrase",
            Kind::Mixed => "mixed",
            Kind::Short => "short",
            Kind::OffTopic => "off_topic",
        }
    }
}

/// A case the reader got wrong, for the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    /// Where in the set (0-based).
    pub case: usize,
    /// What was expected (1-based reply, or None for off-topic).
    pub expected: Option<usize>,
    /// What the reader did: `matched N`, `asked N/M`, `rephrase`.
    pub got: String,
}

/// The figures for a set.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Cases read.
    pub cases: usize,
    /// Cases naming a scenario or node that does not exist (not counted anywhere else).
    pub unknown: usize,
    /// Cases with a right reply.
    pub answerable: usize,
    /// Of those, how many it answered.
    pub answered: usize,
    /// Of those, how many rightly.
    pub right: usize,
    /// Answerable cases where it asked "did you mean" with the right reply among the two.
    pub asked_with_right: usize,
    /// Answerable cases where it asked to rephrase.
    pub rephrase_answerable: usize,
    /// Off-topic cases.
    pub off_topic: usize,
    /// Of those, how many it declined (asked, or asked to rephrase).
    pub off_topic_declined: usize,
    /// Of those, how many it asked to rephrase.
    pub off_topic_rephrase: usize,
    /// Moves found that the case names.
    pub moves_right: usize,
    /// Moves found that it does not.
    pub moves_extra: usize,
    /// Moves the case names that were not found.
    pub moves_missed: usize,
    /// Per kind: (cases, right answers).
    pub by_kind: BTreeMap<String, (usize, usize)>,
    /// Per language: (answerable, answered, right).
    pub by_lang: BTreeMap<String, (usize, usize, usize)>,
    /// Moves by id: (right, extra, missed).
    pub by_move: BTreeMap<String, (usize, usize, usize)>,
    /// What it got wrong.
    pub misses: Vec<Miss>,
    /// Cases whose moves it got wrong: (case, moves missed, moves found that are not there).
    pub move_misses: Vec<(usize, Vec<String>, Vec<String>)>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl Figures {
    /// Share right of the answers it gave on answerable text.
    pub fn accuracy(&self) -> f64 {
        ratio(self.right, self.answered)
    }

    /// Share of answerable text it did not answer.
    pub fn abstention(&self) -> f64 {
        ratio(self.answerable - self.answered, self.answerable)
    }

    /// Share of off-topic text it declined.
    pub fn off_topic_abstention(&self) -> f64 {
        ratio(self.off_topic_declined, self.off_topic)
    }

    /// Share of the moves found that were there.
    pub fn move_precision(&self) -> f64 {
        ratio(self.moves_right, self.moves_right + self.moves_extra)
    }

    /// Share of the moves there that were found.
    pub fn move_recall(&self) -> f64 {
        ratio(self.moves_right, self.moves_right + self.moves_missed)
    }

    /// The figures as lines of text.
    pub fn report(&self) -> String {
        let pct = |x: f64| format!("{:.1}%", x * 100.0);
        let mut s = String::new();
        s += &format!(
            "{} typed replies ({} answerable, {} off-topic{})\n",
            self.cases,
            self.answerable,
            self.off_topic,
            if self.unknown > 0 {
                format!(", {} naming no known decision", self.unknown)
            } else {
                String::new()
            }
        );
        s += &format!(
            "right when it answers: {} ({} of {})\n",
            pct(self.accuracy()),
            self.right,
            self.answered
        );
        s += &format!(
            "abstained on answerable text: {} ({} of {}; the right reply among the two offered in {}, asked to rephrase {})\n",
            pct(self.abstention()),
            self.answerable - self.answered,
            self.answerable,
            self.asked_with_right,
            self.rephrase_answerable
        );
        s += &format!(
            "off-topic text declined: {} ({} of {}; asked to rephrase {})\n",
            pct(self.off_topic_abstention()),
            self.off_topic_declined,
            self.off_topic,
            self.off_topic_rephrase
        );
        s += &format!(
            "moves: precision {}, recall {} ({} right, {} extra, {} missed)\n",
            pct(self.move_precision()),
            pct(self.move_recall()),
            self.moves_right,
            self.moves_extra,
            self.moves_missed
        );
        for (kind, (n, right)) in &self.by_kind {
            s += &format!("  {kind}: {right} of {n} read right\n");
        }
        for (lang, (n, answered, right)) in &self.by_lang {
            s += &format!(
                "  {lang}: right when it answers {} , abstained {}\n",
                pct(ratio(*right, *answered)),
                pct(ratio(n - answered, *n))
            );
        }
        s
    }
}

/// Reads every case with the reader for its scenario (`reader(id)`) and counts.
pub fn evaluate<'r>(cases: &[Case], reader: impl Fn(&str) -> Option<&'r Reader>) -> Figures {
    let mut f = Figures {
        cases: cases.len(),
        ..Figures::default()
    };
    for (n, case) in cases.iter().enumerate() {
        let Some(r) = reader(&case.scenario) else {
            f.unknown += 1;
            continue;
        };
        let Some(node) = r.scenario().nodes.iter().position(|x| x.id == case.node) else {
            f.unknown += 1;
            continue;
        };
        let offered: Vec<usize> = (0..r.scenario().nodes[node].choices.len()).collect();
        let u = r.understand(node, &offered, &case.text, case.lang);
        let expected = case.choice.map(|c| c.saturating_sub(1));
        let right = match (expected, u.reading) {
            (Some(e), Reading::Matched(m)) => e == m,
            (None, Reading::Matched(_)) => false,
            (None, _) => true,
            (Some(_), _) => false,
        };
        let k = f.by_kind.entry(case.kind.key().to_string()).or_default();
        k.0 += 1;
        k.1 += usize::from(right);
        match expected {
            Some(e) => {
                f.answerable += 1;
                let l = f.by_lang.entry(case.lang.code().to_string()).or_default();
                l.0 += 1;
                match u.reading {
                    Reading::Matched(m) => {
                        f.answered += 1;
                        l.1 += 1;
                        if m == e {
                            f.right += 1;
                            l.2 += 1;
                        }
                    }
                    Reading::DidYouMean(a, b) => {
                        f.asked_with_right += usize::from(a == e || b == e);
                    }
                    Reading::Rephrase => f.rephrase_answerable += 1,
                }
            }
            None => {
                f.off_topic += 1;
                match u.reading {
                    Reading::Matched(_) => {}
                    Reading::DidYouMean(..) => f.off_topic_declined += 1,
                    Reading::Rephrase => {
                        f.off_topic_declined += 1;
                        f.off_topic_rephrase += 1;
                    }
                }
            }
        }
        if !right {
            f.misses.push(Miss {
                case: n,
                expected: case.choice,
                got: match u.reading {
                    Reading::Matched(m) => format!("matched {}", m + 1),
                    Reading::DidYouMean(a, b) => format!("asked {}/{}", a + 1, b + 1),
                    Reading::Rephrase => "rephrase".to_string(),
                },
            });
        }
        let found: Vec<&str> = u.moves.iter().map(|m| m.spotted.id.as_str()).collect();
        let missed: Vec<String> = case
            .moves
            .iter()
            .filter(|id| !found.contains(&id.as_str()))
            .cloned()
            .collect();
        let extra: Vec<String> = found
            .iter()
            .filter(|id| !case.moves.iter().any(|x| x == *id))
            .map(|id| (*id).to_string())
            .collect();
        if !missed.is_empty() || !extra.is_empty() {
            f.move_misses.push((n, missed, extra));
        }
        for id in &found {
            let m = f.by_move.entry((*id).to_string()).or_default();
            if case.moves.iter().any(|x| x == id) {
                f.moves_right += 1;
                m.0 += 1;
            } else {
                f.moves_extra += 1;
                m.1 += 1;
            }
        }
        for id in &case.moves {
            if !found.contains(&id.as_str()) {
                f.moves_missed += 1;
                f.by_move.entry(id.clone()).or_default().2 += 1;
            }
        }
    }
    f
}
