//! The catalogue's free-reply patterns, compiled, and what they find in typed words: each
//! move made, with the sentence that shows it.

use regex::Regex;

use super::text::Normal;
use crate::catalogue::{Catalogue, compile_pattern};
use crate::sim::Spotted;

/// The longest evidence shown, in characters; a longer stretch is cut around the match.
const EVIDENCE_CHARS: usize = 100;

/// One compiled pattern.
struct Compiled {
    id: String,
    name: crate::course::Text,
    find: Vec<Regex>,
    at_least: usize,
    also: Vec<Regex>,
    unless: Vec<Regex>,
    tags: Vec<String>,
    generic: bool,
}

/// Every pattern of a catalogue, compiled once.
pub struct Patterns {
    all: Vec<Compiled>,
}

/// A move found in typed words, with the tags it is evidence of.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The move and its evidence, as a session records it.
    pub spotted: Spotted,
    /// What the move is evidence of (the pattern's `tags`).
    pub tags: Vec<String>,
    /// Made in any conversation: on its own it does not show the words are on topic.
    pub generic: bool,
}

impl Patterns {
    /// Compiles a catalogue's patterns. A checked catalogue has none that fail; one that
    /// does (a catalogue built in code) is left out, never a panic.
    pub fn new(cat: &Catalogue) -> Patterns {
        let compile = |exprs: &[String]| -> Option<Vec<Regex>> {
            exprs.iter().map(|e| compile_pattern(e).ok()).collect()
        };
        let all = cat
            .patterns
            .iter()
            .filter_map(|p| {
                Some(Compiled {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    find: compile(&p.find)?,
                    at_least: (p.at_least as usize).max(1),
                    also: compile(&p.also)?,
                    unless: compile(&p.unless)?,
                    tags: p.tags.clone(),
                    generic: p.generic,
                })
            })
            .filter(|c| !c.find.is_empty())
            .collect();
        Patterns { all }
    }

    /// How many patterns there are.
    pub fn len(&self) -> usize {
        self.all.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// The moves made in `text`, in catalogue order.
    pub fn find(&self, text: &Normal<'_>) -> Vec<Found> {
        let t = text.text.as_str();
        let mut out = Vec::new();
        for p in &self.all {
            if p.unless.iter().any(|r| r.is_match(t)) {
                continue;
            }
            if !p.also.is_empty() && !p.also.iter().any(|r| r.is_match(t)) {
                continue;
            }
            let mut spans: Vec<(usize, usize)> = p
                .find
                .iter()
                .flat_map(|r| r.find_iter(t).map(|m| (m.start(), m.end())))
                .collect();
            if spans.len() < p.at_least {
                continue;
            }
            spans.sort_unstable();
            let (from, to) = if p.at_least > 1 {
                (spans[0].0, spans[p.at_least - 1].1)
            } else {
                spans[0]
            };
            out.push(Found {
                spotted: Spotted {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    evidence: evidence(text, from, to),
                },
                tags: p.tags.clone(),
                generic: p.generic,
            });
        }
        out
    }
}

/// The sentence (or sentences) of the original text around the normalised span
/// `from..to`, cut to [`EVIDENCE_CHARS`] around the match when longer.
fn evidence(text: &Normal<'_>, from: usize, to: usize) -> String {
    let original = text.original;
    let (a, b) = (text.original_byte(from), text.original_byte(to));
    let ends = |c: char| matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '\n' | '…');
    // Back to just after the previous sentence end; forward to and including the next.
    let start = original[..a]
        .char_indices()
        .rev()
        .find(|&(i, c)| ends(c) || c == '.' && original[i + 1..].starts_with(' '))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = original[b..]
        .char_indices()
        .find(|&(i, c)| {
            ends(c)
                || c == '.'
                    && (original[b + i + 1..].is_empty() || original[b + i + 1..].starts_with(' '))
        })
        .map_or(original.len(), |(i, c)| b + i + c.len_utf8());
    // A match that itself ends a sentence ("吗？") ends there.
    let end = if original[..b].ends_with(ends) {
        b
    } else {
        end.max(b)
    };
    let sentence = original[start..end].trim();
    if sentence.chars().count() <= EVIDENCE_CHARS {
        return sentence.to_string();
    }
    // A long sentence: the clauses (between commas) that hold the match.
    let comma = |c: char| matches!(c, '，' | ',' | '、' | '：' | ':');
    let from = original[start..a]
        .char_indices()
        .rev()
        .find(|&(_, c)| comma(c))
        .map_or(start, |(i, c)| start + i + c.len_utf8());
    let to = original[b..end]
        .char_indices()
        .find(|&(_, c)| comma(c))
        .map_or(end, |(i, _)| b + i);
    let clauses = original[from..to.max(b)].trim();
    if clauses.chars().count() <= EVIDENCE_CHARS {
        let lead = if from > start { "…" } else { "" };
        let tail = if to < end { "…" } else { "" };
        return format!("{lead}{clauses}{tail}");
    }
    // Too long: the match with a little either side.
    let before: String = {
        let mut v: Vec<char> = original[start..a].chars().rev().take(15).collect();
        v.reverse();
        v.into_iter().collect()
    };
    let matched: String = original[a..b].chars().take(EVIDENCE_CHARS - 30).collect();
    let after: String = original[b..end].chars().take(15).collect();
    let lead = if before.len() < original[start..a].len() {
        "…"
    } else {
        ""
    };
    let tail = if after.len() < original[b..end].len() {
        "…"
    } else {
        ""
    };
    format!(
        "{lead}{}{matched}{}{tail}",
        before.trim_start(),
        after.trim_end()
    )
}
