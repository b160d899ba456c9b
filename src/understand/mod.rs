//! Free reply: a trainee types what they would say, in Chinese or English, and the reader
//! finds the moves made in it (the catalogue's `patterns`: language landmines such as a
//! rhetorical question, and techniques such as naming the emotion, each with the words that
//! show it) and the authored reply at the decision it is nearest to.
//!
//! Nearness is three things, all offline and dictionary-free: the TF-IDF cosine of the two
//! texts' character features (Chinese characters and pairs; English stems and letter
//! triples), the weighted overlap of their words, and how far the moves found agree with
//! each reply's tags. The reader answers when it is confident (its best reply clearly ahead
//! of the next), asks "did you mean …?" with the two nearest when it is not, and asks to
//! rephrase when the text is about nothing at this decision.
//!
//! It scores nothing: the session goes on down the reply chosen, scored as that reply.

pub mod evaluation;
pub mod patterns;
pub mod text;

use std::collections::HashMap;

use serde::Serialize;

use crate::catalogue::Catalogue;
use crate::course::Lang;
use crate::scenario::Scenario;
use crate::sim::{Spotted, Typed};
use patterns::{Found, Patterns};
use text::{Features, Featurizer, Idf, Normal};

/// How much each kind of nearness counts (they add up to 1).
const WEIGHT_COSINE: f32 = 0.5;
const WEIGHT_OVERLAP: f32 = 0.2;
const WEIGHT_MOVES: f32 = 0.3;
/// How much a move found that a reply does not carry counts against it, against 1 for one
/// it does carry.
const MISMATCH: f32 = 0.5;
/// Confidence (the best reply's share, see [`Understanding::confidence`]) needed to answer.
pub const ACCEPT: f32 = 0.5;
/// And how far the best reply's score must be ahead of the runner-up's.
pub const MARGIN: f32 = 0.03;
/// Below this lexical nearness to every reply, with no move that any reply carries (other
/// than a `generic` one: a question, a thank-you), the text is about something else: the
/// trainee is asked to rephrase.
pub const ON_TOPIC: f32 = 0.12;
/// How sharply the confidence follows the scores.
const SHARPNESS: f32 = 12.0;

/// One authored reply as the reader compares it.
struct Model {
    vector: HashMap<u64, f32>,
    words: Vec<(u64, f32)>,
}

/// A scenario made ready for free reply: its patterns compiled and every reply's features
/// computed, in both languages. Build it once per scenario; each reading then takes well
/// under a millisecond (see `examples/understand_bench.rs`).
pub struct Reader {
    scenario: std::sync::Arc<Scenario>,
    patterns: Patterns,
    featurizer: Featurizer,
    /// Per language (zh, en): the weights, and per node per reply its model.
    idf: [Idf; 2],
    models: [Vec<Vec<Model>>; 2],
}

/// How nearly a typed text matches one reply.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Candidate {
    /// Index into the node's `choices`.
    pub choice: usize,
    /// The combined score.
    pub score: f32,
    /// TF-IDF cosine of the character features.
    pub cosine: f32,
    /// Weighted overlap of the words.
    pub overlap: f32,
    /// Agreement of the moves found with the reply's tags (−0.5 to 1; 0 with no move).
    pub moves: f32,
}

/// What the reader made of typed words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Reading {
    /// Confident: go on down this reply (index into the node's `choices`).
    Matched(usize),
    /// Not sure: ask "did you mean …?" with these two (nearest first).
    DidYouMean(usize, usize),
    /// Nothing here is near: ask the trainee to rephrase.
    Rephrase,
}

/// The reader's answer for one typed reply.
#[derive(Debug, Clone, PartialEq)]
pub struct Understanding {
    /// The language the text was read in.
    pub lang: Lang,
    /// The moves found, in catalogue order.
    pub moves: Vec<Found>,
    /// Every reply considered, nearest first.
    pub ranked: Vec<Candidate>,
    /// The best reply's share of the confidence (0–1).
    pub confidence: f32,
    /// What to do.
    pub reading: Reading,
}

impl Understanding {
    /// The typed words and the moves found, as the session records them.
    pub fn typed(&self, text: &str) -> Typed {
        Typed {
            text: Normal::new(text).original.trim().to_string(),
            moves: self.spotted(),
        }
    }

    /// The moves found, as the session records them.
    pub fn spotted(&self) -> Vec<Spotted> {
        self.moves.iter().map(|f| f.spotted.clone()).collect()
    }
}

fn slot(lang: Lang) -> usize {
    match lang {
        Lang::Zh => 0,
        Lang::En => 1,
    }
}

impl Reader {
    /// Prepares a scenario, with the catalogue's patterns.
    pub fn new(scenario: std::sync::Arc<Scenario>, cat: &Catalogue) -> Reader {
        let featurizer = Featurizer::default();
        let mut idf: [Idf; 2] = Default::default();
        let mut models: [Vec<Vec<Model>>; 2] = Default::default();
        for lang in [Lang::Zh, Lang::En] {
            // Every text of the scenario in this language is a document for the weights:
            // what all its replies and lines share (您, "the", the product's name) counts
            // for little.
            let mut docs: Vec<Features> = Vec::new();
            for node in &scenario.nodes {
                for line in &node.lines {
                    docs.push(featurizer.features(line.text.get(lang), lang));
                }
                if let Some(n) = &node.narration {
                    docs.push(featurizer.features(n.get(lang), lang));
                }
            }
            let replies: Vec<Vec<Features>> = scenario
                .nodes
                .iter()
                .map(|n| {
                    n.choices
                        .iter()
                        .map(|c| featurizer.features(c.text.get(lang), lang))
                        .collect()
                })
                .collect();
            let weights = Idf::learn(docs.iter().chain(replies.iter().flatten()));
            models[slot(lang)] = replies
                .iter()
                .map(|node| {
                    node.iter()
                        .map(|f| Model {
                            vector: weights.vector(f),
                            words: weights.weighted_words(f),
                        })
                        .collect()
                })
                .collect();
            idf[slot(lang)] = weights;
        }
        Reader {
            scenario,
            patterns: Patterns::new(cat),
            featurizer,
            idf,
            models,
        }
    }

    /// The scenario read.
    pub fn scenario(&self) -> &std::sync::Arc<Scenario> {
        &self.scenario
    }

    /// The moves made in `text`, without matching it to a reply.
    pub fn moves(&self, text: &str) -> Vec<Found> {
        self.patterns.find(&Normal::new(text))
    }

    /// Reads `text` typed at node `node` (its index), where the replies `offered` (indices
    /// into its `choices`) are on offer. `lang` is the language to assume when the text has
    /// no letters of either (the window's language); otherwise the script decides.
    pub fn understand(
        &self,
        node: usize,
        offered: &[usize],
        text: &str,
        lang: Lang,
    ) -> Understanding {
        let normal = Normal::new(text);
        let lang = text::language(&normal.text, lang);
        let moves = self.patterns.find(&normal);
        let Some(choices) = self.scenario.nodes.get(node).map(|n| &n.choices) else {
            return Understanding {
                lang,
                moves,
                ranked: Vec::new(),
                confidence: 0.0,
                reading: Reading::Rephrase,
            };
        };
        let idf = &self.idf[slot(lang)];
        let features = self.featurizer.features(&normal.text, lang);
        let vector = idf.vector(&features);
        let words = idf.weighted_words(&features);
        let models = &self.models[slot(lang)][node];
        let mut ranked: Vec<Candidate> = offered
            .iter()
            .filter(|&&i| i < choices.len())
            .map(|&i| {
                let m = &models[i];
                let cosine = text::cosine(&vector, &m.vector);
                let overlap = text::overlap(&words, &m.words);
                let moves = agreement(&moves, &choices[i]);
                Candidate {
                    choice: i,
                    score: WEIGHT_COSINE * cosine + WEIGHT_OVERLAP * overlap + WEIGHT_MOVES * moves,
                    cosine,
                    overlap,
                    moves,
                }
            })
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.choice.cmp(&b.choice)));
        let confidence = share(&ranked);
        // Words are needed: punctuation alone ("????") says nothing, whatever it matches.
        let telling = |c: &Candidate| {
            moves
                .iter()
                .any(|m| !m.generic && m.tags.iter().any(|t| choices[c.choice].carries(t)))
        };
        let on_topic =
            !features.words.is_empty() && ranked.iter().any(|c| c.cosine >= ON_TOPIC || telling(c));
        let reading = match ranked.as_slice() {
            [] => Reading::Rephrase,
            _ if !on_topic => Reading::Rephrase,
            [only] => Reading::Matched(only.choice),
            [best, next, ..] if confidence >= ACCEPT && best.score - next.score >= MARGIN => {
                Reading::Matched(best.choice)
            }
            [best, next, ..] => Reading::DidYouMean(best.choice, next.choice),
        };
        Understanding {
            lang,
            moves,
            ranked,
            confidence,
            reading,
        }
    }
}

/// How far the moves found agree with a reply's tags: +1 for each the reply carries, −0.5
/// for each it does not, over the number found.
fn agreement(moves: &[Found], choice: &crate::scenario::Choice) -> f32 {
    if moves.is_empty() {
        return 0.0;
    }
    let sum: f32 = moves
        .iter()
        .map(|m| {
            if m.tags.iter().any(|t| choice.carries(t)) {
                1.0
            } else {
                -MISMATCH
            }
        })
        .sum();
    sum / moves.len() as f32
}

/// The best candidate's share of a softmax over the scores: near 1 when it is far ahead,
/// 1/n when all are level.
fn share(ranked: &[Candidate]) -> f32 {
    let Some(best) = ranked.first() else {
        return 0.0;
    };
    let total: f32 = ranked
        .iter()
        .map(|c| (SHARPNESS * (c.score - best.score)).exp())
        .sum();
    1.0 / total
}
