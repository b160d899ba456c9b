//! Typed words as the reader compares them: full-width forms read as ASCII, the language
//! told from the script, and the features two texts are compared on — Chinese characters
//! and character pairs (no segmenter or dictionary needed), English word stems and the
//! letter triples of each word (so a typo still shares most of a word).

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};

use crate::course::Lang;

/// The most characters of typed text the reader looks at: a reply is a few sentences, and
/// anything beyond this is not read (bounded time on any input).
pub const MAX_CHARS: usize = 1000;

/// Typed text with full-width letters, digits and punctuation as ASCII and the ideographic
/// space as a space, cut to [`MAX_CHARS`]; each character maps to one character, and
/// `starts[i]` is the byte where the i-th character of the normalised text starts in the
/// original.
pub struct Normal<'a> {
    /// The original text (cut to the same characters).
    pub original: &'a str,
    /// The normalised text.
    pub text: String,
    /// (byte in `text`, byte in `original`) of every character, in order.
    starts: Vec<(usize, usize)>,
}

impl<'a> Normal<'a> {
    /// Normalises `original`.
    pub fn new(original: &'a str) -> Normal<'a> {
        let cut = original
            .char_indices()
            .nth(MAX_CHARS)
            .map_or(original, |(b, _)| &original[..b]);
        let mut text = String::with_capacity(cut.len());
        let mut starts = Vec::with_capacity(cut.len());
        for (b, c) in cut.char_indices() {
            starts.push((text.len(), b));
            text.push(narrow(c));
        }
        Normal {
            original: cut,
            text,
            starts,
        }
    }

    /// The byte in the original text where the character at byte `b` of the normalised
    /// text starts (the end of the original for the end).
    pub fn original_byte(&self, b: usize) -> usize {
        match self.starts.binary_search_by_key(&b, |&(n, _)| n) {
            Ok(i) => self.starts[i].1,
            Err(i) => self.starts.get(i).map_or(self.original.len(), |s| s.1),
        }
    }
}

/// A full-width form as its ASCII character ("？" → "?", "Ａ" → "A").
fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Whether a character is written in Chinese script.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// The language a text is typed in: Chinese when it has at least as many Chinese characters
/// as Latin words; `fallback` when it has neither.
pub fn language(text: &str, fallback: Lang) -> Lang {
    let han = text.chars().filter(|&c| is_han(c)).count();
    let words = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .count();
    if han == 0 && words == 0 {
        fallback
    } else if han >= words {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// A text's features with their counts (for the TF-IDF vector) and its words (for the
/// overlap), each a 64-bit key.
#[derive(Debug, Default, Clone)]
pub struct Features {
    /// Feature key → how often it occurs.
    pub counts: HashMap<u64, u32>,
    /// The distinct words (English stems, Chinese character pairs, numbers).
    pub words: Vec<u64>,
}

/// Turns text into features, in one language.
pub struct Featurizer {
    stemmer: Stemmer,
}

impl Default for Featurizer {
    fn default() -> Featurizer {
        Featurizer {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }
}

/// FNV-1a of a feature's kind and text: stable across runs and platforms.
fn key(kind: u8, s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(kind);
    h = h.wrapping_mul(0x0100_0000_01b3);
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl Featurizer {
    /// The features of `text` read as `lang`.
    pub fn features(&self, text: &str, lang: Lang) -> Features {
        let mut f = Features::default();
        let mut words = Vec::new();
        let lower = text.to_lowercase();
        let chars: Vec<char> = lower.chars().map(narrow).collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if is_han(c) {
                let start = i;
                while i < chars.len() && is_han(chars[i]) {
                    i += 1;
                }
                let run = &chars[start..i];
                let mut buf = [0u8; 8];
                for (j, &c) in run.iter().enumerate() {
                    *f.counts.entry(key(1, c.encode_utf8(&mut buf))).or_default() += 1;
                    if let Some(&d) = run.get(j + 1) {
                        let pair: String = [c, d].iter().collect();
                        let k = key(2, &pair);
                        *f.counts.entry(k).or_default() += 1;
                        words.push(k);
                    }
                }
                if run.len() == 1 {
                    words.push(key(1, run[0].encode_utf8(&mut buf)));
                }
            } else if c.is_alphanumeric() {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric() && !is_han(chars[i])
                        || chars[i] == '\'' && chars.get(i + 1).is_some_and(|c| c.is_alphabetic()))
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().filter(|&&c| c != '\'').collect();
                let stem = if lang == Lang::En {
                    self.stemmer.stem(&word).into_owned()
                } else {
                    word.clone()
                };
                let k = key(3, &stem);
                *f.counts.entry(k).or_default() += 1;
                words.push(k);
                if lang == Lang::En {
                    let padded: Vec<char> = std::iter::once('#')
                        .chain(word.chars())
                        .chain(std::iter::once('#'))
                        .collect();
                    for w in padded.windows(3) {
                        let tri: String = w.iter().collect();
                        *f.counts.entry(key(4, &tri)).or_default() += 1;
                    }
                }
            } else {
                i += 1;
            }
        }
        words.sort_unstable();
        words.dedup();
        f.words = words;
        f
    }
}

/// Inverse document frequencies over a scenario's texts in one language.
#[derive(Debug, Default, Clone)]
pub struct Idf {
    weights: HashMap<u64, f32>,
    /// The weight of a feature no text has (the rarest there is).
    unseen: f32,
}

impl Idf {
    /// Learns the weights from a collection of texts' features.
    pub fn learn<'a>(docs: impl IntoIterator<Item = &'a Features>) -> Idf {
        let mut df: HashMap<u64, u32> = HashMap::new();
        let mut n = 0u32;
        for d in docs {
            n += 1;
            for &k in d.counts.keys() {
                *df.entry(k).or_default() += 1;
            }
        }
        let total = f64::from(n) + 1.0;
        let weigh = |df: u32| ((total / (f64::from(df) + 1.0)).ln() + 1.0) as f32;
        Idf {
            weights: df.into_iter().map(|(k, d)| (k, weigh(d))).collect(),
            unseen: weigh(0),
        }
    }

    /// The weight of a feature.
    pub fn weight(&self, k: u64) -> f32 {
        self.weights.get(&k).copied().unwrap_or(self.unseen)
    }

    /// A unit TF-IDF vector of the features (sublinear counts).
    pub fn vector(&self, f: &Features) -> HashMap<u64, f32> {
        let mut v: HashMap<u64, f32> = f
            .counts
            .iter()
            .map(|(&k, &c)| (k, (1.0 + (c as f32).ln()) * self.weight(k)))
            .collect();
        let norm = v.values().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.values_mut().for_each(|x| *x /= norm);
        }
        v
    }

    /// The words with their weights, for a weighted overlap.
    pub fn weighted_words(&self, f: &Features) -> Vec<(u64, f32)> {
        f.words.iter().map(|&k| (k, self.weight(k))).collect()
    }
}

/// Cosine of two unit vectors.
pub fn cosine(a: &HashMap<u64, f32>, b: &HashMap<u64, f32>) -> f32 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .filter_map(|(k, x)| large.get(k).map(|y| x * y))
        .sum()
}

/// Weighted Jaccard overlap of two sorted word lists: the weight of the words both have
/// over the weight of the words either has.
pub fn overlap(a: &[(u64, f32)], b: &[(u64, f32)]) -> f32 {
    let (mut i, mut j) = (0, 0);
    let (mut both, mut either) = (0.0f32, 0.0f32);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                both += x.1;
                either += x.1;
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                either += x.1;
                i += 1;
            }
            (Some(_), Some(y)) => {
                either += y.1;
                j += 1;
            }
            (Some(x), None) => {
                either += x.1;
                i += 1;
            }
            (None, Some(y)) => {
                either += y.1;
                j += 1;
            }
            (None, None) => break,
        }
    }
    if either > 0.0 { both / either } else { 0.0 }
}
