//! Style self-reflection: a short forced-choice questionnaire (`assets/style.ron`) in which a
//! trainee picks, in each block of four words, the one most like them at work and the one
//! least like them. The answers give a relative blend of the four DISC styles, kept in the
//! trainee's profile, and the blend gives advice on the trainee's own style against each
//! type of customer ("a high-I trainee with a C customer: lead with facts, keep the warmth
//! short").
//!
//! It is a reflection aid, not a validated psychometric test: the screens say so, and it
//! never changes a score. Plain Rust; no file, no window.

use serde::{Deserialize, Serialize};

use crate::course::{Disc, Text};

/// One word of a block, and the style it stands for.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Word {
    /// The DISC style the word describes.
    pub disc: Disc,
    /// The word.
    pub text: Text,
}

/// Four words, one for each style, in no fixed order.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// The words, in the order shown.
    pub words: Vec<Word>,
}

/// What one style of trainee brings to the complaint desk, and what to watch for.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OwnStyle {
    /// The style.
    pub disc: Disc,
    /// Its strengths with complaining customers.
    pub strengths: Text,
    /// What it tends to get wrong.
    pub watch: Text,
}

/// Advice for one style of trainee facing one type of customer.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Advice {
    /// The trainee's style.
    pub trainee: Disc,
    /// The customer's DISC type.
    pub customer: Disc,
    /// The advice.
    pub text: Text,
}

/// The questionnaire and what its results mean (`assets/style.ron`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reflection {
    /// The blocks, in the order asked.
    pub blocks: Vec<Block>,
    /// One entry per style of trainee.
    pub styles: Vec<OwnStyle>,
    /// One entry per pair of trainee style and customer type.
    pub advice: Vec<Advice>,
    /// Styles within this many points of the strongest lead together (a D/I blend, say).
    pub leads_within: u8,
}

/// The questionnaire shipped in the binary.
pub const BUNDLED: &str = include_str!("../../assets/style.ron");

/// The shipped questionnaire (an empty one if the compiled-in file were ever unreadable; a
/// test keeps it readable and complete).
pub fn reflection() -> &'static Reflection {
    static REFLECTION: std::sync::OnceLock<Reflection> = std::sync::OnceLock::new();
    REFLECTION.get_or_init(|| {
        ron::from_str(BUNDLED).unwrap_or(Reflection {
            blocks: Vec::new(),
            styles: Vec::new(),
            advice: Vec::new(),
            leads_within: 0,
        })
    })
}

/// One block answered: the style of the word most like the trainee and of the one least
/// like them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    /// Most like me.
    pub most: Disc,
    /// Least like me.
    pub least: Disc,
}

/// Why answers cannot give a blend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StyleError {
    /// Not one answer per block.
    Count {
        /// Blocks asked.
        blocks: usize,
        /// Answers given.
        answers: usize,
    },
    /// The same word picked as most and least like the trainee (block, 1-based).
    SameWord(usize),
    /// An answer that is not two of the letters D, I, S, C (block, 1-based).
    Unreadable(usize),
}

impl std::fmt::Display for StyleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StyleError::Count { blocks, answers } => {
                write!(
                    f,
                    "{answers} answers for {blocks} blocks: answer every block"
                )
            }
            StyleError::SameWord(n) => {
                write!(
                    f,
                    "block {n}: the same word is both most and least like you"
                )
            }
            StyleError::Unreadable(n) => write!(
                f,
                "block {n}: write the letter of the word most like you, then the least (e.g. DS)"
            ),
        }
    }
}

impl std::error::Error for StyleError {}

/// A trainee's relative blend of the four styles: each style's share in percent, in
/// [`Disc::ALL`] order, summing to 100. Serialised as `{"D": 25, "I": 40, "S": 20, "C": 15}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Blend(pub [u8; 4]);

impl Serialize for Blend {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(4))?;
        for &d in Disc::ALL {
            map.serialize_entry(&d.letter(), &self.share(d))?;
        }
        map.end()
    }
}

impl Blend {
    /// The blend the answers give against `reflection`: each style scores +1 for every
    /// block where it was most like the trainee and -1 where least, lifted by the number of
    /// blocks so none is negative; the shares are rounded so that they sum to 100.
    pub fn of(reflection: &Reflection, answers: &[Answer]) -> Result<Blend, StyleError> {
        let n = reflection.blocks.len();
        if answers.len() != n || n == 0 {
            return Err(StyleError::Count {
                blocks: n,
                answers: answers.len(),
            });
        }
        let mut points = [n as i64; 4];
        for (k, a) in answers.iter().enumerate() {
            if a.most == a.least {
                return Err(StyleError::SameWord(k + 1));
            }
            points[index(a.most)] += 1;
            points[index(a.least)] -= 1;
        }
        let total = 4 * n as i64;
        // Largest remainder: floor every share, then give the points left over to the
        // largest remainders (course order breaks ties).
        let mut shares = points.map(|p| (p * 100 / total) as u8);
        let mut order: Vec<usize> = (0..4).collect();
        order.sort_by_key(|&k| std::cmp::Reverse(points[k] * 100 % total));
        let left = 100 - shares.iter().map(|&s| u32::from(s)).sum::<u32>();
        for &k in order.iter().take(left as usize) {
            shares[k] += 1;
        }
        Ok(Blend(shares))
    }

    /// A style's share, in percent.
    pub fn share(&self, disc: Disc) -> u8 {
        self.0[index(disc)]
    }

    /// The leading styles, strongest first: the strongest and any within the shipped
    /// questionnaire's `leads_within` points of it.
    pub fn leading(&self) -> Vec<Disc> {
        let within = reflection().leads_within.min(100);
        let top = self.0.iter().copied().max().unwrap_or(0);
        let mut leads: Vec<Disc> = Disc::ALL
            .iter()
            .copied()
            .filter(|&d| self.share(d).saturating_add(within) >= top)
            .collect();
        leads.sort_by_key(|&d| std::cmp::Reverse(self.share(d)));
        leads
    }

    /// `D 25 · I 40 · S 20 · C 15`.
    pub fn summary(&self) -> String {
        Disc::ALL
            .iter()
            .map(|&d| format!("{} {}", d.letter(), self.share(d)))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

fn index(d: Disc) -> usize {
    Disc::ALL.iter().position(|&x| x == d).unwrap_or(0)
}

/// Writes answers the way the records keep them: two letters per block, most then least,
/// comma-separated (`DS,IC,…`).
pub fn encode(answers: &[Answer]) -> String {
    answers
        .iter()
        .map(|a| format!("{}{}", a.most.letter(), a.least.letter()))
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads answers written by [`encode`], or typed (`DS, ic ,…`, also with a Chinese
/// keyboard: `ＤＳ，ＩＣ、…`).
pub fn decode(text: &str) -> Result<Vec<Answer>, StyleError> {
    let letter = |c: char| {
        // Full-width Latin letters (Ａ–Ｚ, ａ–ｚ) sit 0xFEE0 above ASCII.
        let c = match u32::from(c) {
            0xFF21..=0xFF3A | 0xFF41..=0xFF5A => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        Disc::ALL
            .iter()
            .copied()
            .find(|d| d.letter() == c.to_ascii_uppercase())
    };
    text.split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .enumerate()
        .map(|(k, pair)| {
            let mut chars = pair.chars();
            match (chars.next(), chars.next(), chars.next()) {
                (Some(m), Some(l), None) => match (letter(m), letter(l)) {
                    (Some(most), Some(least)) if most == least => Err(StyleError::SameWord(k + 1)),
                    (Some(most), Some(least)) => Ok(Answer { most, least }),
                    _ => Err(StyleError::Unreadable(k + 1)),
                },
                _ => Err(StyleError::Unreadable(k + 1)),
            }
        })
        .collect()
}

impl Reflection {
    /// What `disc` brings to the complaint desk.
    pub fn style(&self, disc: Disc) -> Option<&OwnStyle> {
        self.styles.iter().find(|s| s.disc == disc)
    }

    /// Advice for a trainee of style `trainee` facing a `customer`.
    pub fn advice(&self, trainee: Disc, customer: Disc) -> Option<&Text> {
        self.advice
            .iter()
            .find(|a| a.trainee == trainee && a.customer == customer)
            .map(|a| &a.text)
    }

    /// Advice for a trainee with `blend` facing a `customer`: one line per leading style.
    pub fn advice_for(&self, blend: &Blend, customer: Disc) -> Vec<&Advice> {
        blend
            .leading()
            .into_iter()
            .filter_map(|d| {
                self.advice
                    .iter()
                    .find(|a| a.trainee == d && a.customer == customer)
            })
            .collect()
    }

    /// What is wrong with the questionnaire: a block without exactly one word per style, an
    /// empty or repeated word, a style or a pair of styles without its text.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.blocks.len() < 6 {
            out.push(format!(
                "{} blocks: at least 6 are needed for a blend",
                self.blocks.len()
            ));
        }
        if self.leads_within > 25 {
            out.push(format!(
                "leads_within {}: more than 25 points makes every style lead",
                self.leads_within
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for (k, b) in self.blocks.iter().enumerate() {
            let mut discs: Vec<Disc> = b.words.iter().map(|w| w.disc).collect();
            discs.sort();
            if discs != Disc::ALL {
                out.push(format!(
                    "block {}: needs one word for each of D, I, S, C",
                    k + 1
                ));
            }
            for w in &b.words {
                if w.text.zh.trim().is_empty() || w.text.en.trim().is_empty() {
                    out.push(format!("block {}: a word is missing a language", k + 1));
                }
                if !seen.insert(w.text.en.to_lowercase()) || !seen.insert(w.text.zh.clone()) {
                    out.push(format!("block {}: `{}` is used twice", k + 1, w.text.en));
                }
            }
        }
        for &d in Disc::ALL {
            match self.style(d) {
                Some(s) if [&s.strengths, &s.watch].iter().all(|t| full(t)) => {}
                _ => out.push(format!(
                    "style {}: strengths and watch-outs needed",
                    d.letter()
                )),
            }
            for &c in Disc::ALL {
                if !self.advice(d, c).is_some_and(full) {
                    out.push(format!(
                        "advice for a {} trainee with a {} customer is missing",
                        d.letter(),
                        c.letter()
                    ));
                }
            }
        }
        out
    }
}

fn full(t: &Text) -> bool {
    !t.zh.trim().is_empty() && !t.en.trim().is_empty()
}

/// A trainee's reflection as kept in the records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Style {
    /// The blend.
    pub blend: Blend,
    /// The answers, as [`encode`] writes them.
    pub answers: String,
    /// When it was taken (ms since 1970).
    pub taken_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(most: Disc, least: Disc) -> Vec<Answer> {
        vec![Answer { most, least }; reflection().blocks.len()]
    }

    #[test]
    fn the_shipped_questionnaire_is_complete() {
        assert_eq!(reflection().problems(), Vec::<String>::new());
        assert!(reflection().blocks.len() >= 6);
    }

    #[test]
    fn a_blend_sums_to_100_and_follows_the_answers() {
        let r = reflection();
        let b = Blend::of(r, &all(Disc::Influence, Disc::Conscientious)).unwrap();
        assert_eq!(b.0.iter().map(|&x| u32::from(x)).sum::<u32>(), 100);
        assert_eq!(b.leading(), vec![Disc::Influence]);
        assert_eq!(b.share(Disc::Conscientious), 0);
        assert_eq!(b.share(Disc::Dominant), b.share(Disc::Steady));
        // Half the blocks one way, half the other: two styles lead together.
        let n = r.blocks.len();
        let mut mixed = all(Disc::Dominant, Disc::Steady);
        for a in mixed.iter_mut().skip(n / 2) {
            *a = Answer {
                most: Disc::Conscientious,
                least: Disc::Influence,
            };
        }
        let b = Blend::of(r, &mixed).unwrap();
        assert_eq!(b.0.iter().map(|&x| u32::from(x)).sum::<u32>(), 100);
        let mut leads = b.leading();
        leads.sort();
        assert_eq!(leads, vec![Disc::Dominant, Disc::Conscientious]);
    }

    #[test]
    fn answers_that_cannot_be_scored_are_refused() {
        let r = reflection();
        let mut short = all(Disc::Dominant, Disc::Steady);
        short.pop();
        assert!(matches!(
            Blend::of(r, &short),
            Err(StyleError::Count { .. })
        ));
        let mut same = all(Disc::Dominant, Disc::Steady);
        same[2] = Answer {
            most: Disc::Steady,
            least: Disc::Steady,
        };
        assert_eq!(Blend::of(r, &same), Err(StyleError::SameWord(3)));
        assert_eq!(decode("DS,xx"), Err(StyleError::Unreadable(2)));
        assert_eq!(decode("DS,II"), Err(StyleError::SameWord(2)));
        assert_eq!(decode("DSC"), Err(StyleError::Unreadable(1)));
    }

    #[test]
    fn answers_keep_and_read_back() {
        let answers = vec![
            Answer {
                most: Disc::Dominant,
                least: Disc::Steady,
            },
            Answer {
                most: Disc::Conscientious,
                least: Disc::Influence,
            },
        ];
        assert_eq!(encode(&answers), "DS,CI");
        assert_eq!(decode(" ds , ci ").unwrap(), answers);
        assert_eq!(decode("ＤＳ，ci").unwrap(), answers);
        assert_eq!(decode("DS、ＣＩ").unwrap(), answers);
    }
}
