//! The names trainees join a class with: cleaned (control characters dropped, spaces
//! collapsed, length capped) and checked against a short word filter kept as data in
//! `assets/classroom/names.ron`, so that nothing rude reaches the projector. The instructor can still
//! rename or remove anyone.

use std::sync::OnceLock;

use serde::Deserialize;

/// Why a name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameProblem {
    /// Nothing left after cleaning.
    Empty,
    /// Longer than the limit (characters).
    TooLong(usize),
    /// Contains a blocked word.
    Blocked,
}

impl std::fmt::Display for NameProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NameProblem::Empty => f.write_str("the name is empty"),
            NameProblem::TooLong(n) => write!(f, "the name is longer than {n} characters"),
            NameProblem::Blocked => f.write_str("please choose another name"),
        }
    }
}

#[derive(Debug, Deserialize)]
struct Rules {
    blocked_words: Vec<String>,
    max_name_chars: usize,
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        ron::from_str(include_str!("../../assets/classroom/names.ron"))
            .expect("assets/classroom/names.ron is checked by the tests")
    })
}

/// The longest name accepted, in characters.
pub fn max_chars() -> usize {
    rules().max_name_chars
}

/// A name with control and formatting characters dropped, runs of white space made one
/// space, trimmed, and cut to the length limit.
pub fn clean(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else if !c.is_control() && !is_format(c) {
            out.push(c);
        }
    }
    let out = out.trim_end();
    out.chars().take(rules().max_name_chars * 4).collect()
}

/// Zero-width and direction-changing characters, which would let a name hide or reorder text.
fn is_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// A cleaned, acceptable name, or why not.
pub fn check(name: &str) -> Result<String, NameProblem> {
    let name = clean(name);
    if name.is_empty() {
        return Err(NameProblem::Empty);
    }
    let max = rules().max_name_chars;
    if name.chars().count() > max {
        return Err(NameProblem::TooLong(max));
    }
    let folded: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '0' => 'o',
            '1' => 'i',
            '3' => 'e',
            '4' => 'a',
            '5' => 's',
            '$' => 's',
            c => c,
        })
        .collect();
    if rules()
        .blocked_words
        .iter()
        .any(|w| !w.is_empty() && folded.contains(w.as_str()))
    {
        return Err(NameProblem::Blocked);
    }
    Ok(name)
}
