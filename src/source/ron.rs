//! Parsing RON text into typed values, turning every failure — bad syntax, wrong types,
//! unknown fields, too deep — into diagnostics with places, and finding the place of any
//! value (the third choice's `next` in node `refund`) for the checks that come after.
//! Nothing here panics on any input.

use std::cell::OnceCell;
use std::collections::HashSet;

use ron::error::{Error as RonError, SpannedError};
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

use super::diagnostic::{Diagnostic, Severity, did_you_mean, shown};
use super::syntax::{self, Value};

/// How deeply values may nest. A scenario nests about a dozen levels (node → choice → branch →
/// route → condition); the bound keeps every walk over a parsed value shallow.
pub const MAX_NESTING: usize = 128;

/// The RON options every file is read with: `Some(…)` may be left out around optional values.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING)
}

/// A list field of a file and the checker for one of its elements, for [`parse`].
pub type ListCheck = (&'static str, fn(&str) -> Result<(), SpannedError>);

/// Parses `text` as a `T`. On failure, also parses each element of the lists named in
/// `lists` on its own, so that a typo in every node is reported at once, not one per run.
pub fn parse<T: DeserializeOwned>(
    label: &str,
    text: &str,
    lists: &[ListCheck],
) -> Result<T, Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::file_level(
            Severity::Error,
            label,
            "the file is empty",
            Some("a scenario file starts with `Scenario(`; see scenarios/README.md"),
        )]);
    }
    let first = match ron_options().from_str::<T>(text) {
        Ok(v) => return Ok(v),
        Err(e) => from_ron(label, text, &e, 0),
    };
    let mut seen: HashSet<usize> = first.span.iter().map(|s| s.start).collect();
    let mut out = vec![first];
    if let Some(tree) = syntax::parse(text) {
        for (field, check) in lists {
            for item in tree.items(field) {
                if let Err(e) = check(&text[item.span.start..item.span.end]) {
                    let d = from_ron(label, text, &e, item.span.start);
                    if d.span.as_ref().is_some_and(|s| seen.insert(s.start)) {
                        out.push(d);
                    }
                }
            }
        }
    }
    super::diagnostic::place(text, &mut out);
    Err(out)
}

/// A checker for one list element type, for [`parse`].
pub fn check_as<T: DeserializeOwned>(slice: &str) -> Result<(), SpannedError> {
    ron_options().from_str::<T>(slice).map(|_| ())
}

/// Converts a ron error into a diagnostic. `start` is the byte offset in `text` where the
/// parsed slice began (0 for the whole file). The place is moved past any white space, so
/// that it points at the offending value rather than the gap before it; its line and column
/// are filled in by [`super::diagnostic::place`].
pub fn from_ron(label: &str, text: &str, e: &SpannedError, start: usize) -> Diagnostic {
    let slice = &text[start.min(text.len())..];
    let offset = start + byte_offset(slice, e.span.start.line, e.span.start.col);
    let rest = &text[offset.min(text.len())..];
    let skipped = rest.len() - rest.trim_start().len();
    let at = offset + skipped;
    let (message, hint) = match misled(text, at, &e.code) {
        Some((message, hint)) => (message, Some(hint)),
        None => explain(&e.code),
    };
    Diagnostic::at(Severity::Error, label, at..at, message, hint)
}

/// Full-width punctuation a Chinese keyboard types where RON needs the ASCII mark.
const FULL_WIDTH: &[(char, char)] = &[
    ('，', ','),
    ('：', ':'),
    ('（', '('),
    ('）', ')'),
    ('；', ';'),
    ('［', '['),
    ('］', ']'),
    ('“', '"'),
    ('”', '"'),
];

/// What really went wrong where the parser's own words would mislead an author: a
/// full-width mark outside a string, or a `"` inside a text that ended the string early
/// (the parser then "expects a comma" after it).
fn misled(text: &str, at: usize, code: &RonError) -> Option<(String, String)> {
    let here = text.get(at..)?.chars().next()?;
    if let Some(&(wide, ascii)) = FULL_WIDTH.iter().find(|(w, _)| *w == here) {
        return Some((
            format!(
                "full-width `{wide}` (U+{:04X}) where RON needs `{ascii}`",
                u32::from(wide)
            ),
            format!(
                "outside the quotes, type the ASCII `{ascii}`; inside a text, full-width marks are fine"
            ),
        ));
    }
    let early_end = matches!(
        code,
        RonError::ExpectedComma
            | RonError::ExpectedStructLikeEnd
            | RonError::ExpectedArrayEnd
            | RonError::ExpectedMapEnd
            | RonError::UnexpectedChar(_)
    );
    let before = text.get(..at)?.trim_end();
    // Words right after a closing quote: the quote belonged to the text.
    if early_end && before.ends_with('"') && !matches!(here, ',' | ')' | ']' | '}' | ':') {
        return Some((
            "a `\"` inside a text ends the string early".to_string(),
            "write a quote inside a string as `\\\"` (or use the typographic “ ” quotes)"
                .to_string(),
        ));
    }
    None
}

/// Byte offset of 1-based (line, column-in-characters) within `text`.
fn byte_offset(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line.max(1) {
            return offset
                + l.char_indices()
                    .nth(col.saturating_sub(1))
                    .map_or(l.len(), |(b, _)| b);
        }
        offset += l.len();
    }
    text.len()
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn explain(code: &RonError) -> (String, Option<String>) {
    let within = |outer: &Option<String>| {
        outer
            .as_ref()
            .map(|o| format!(" in `{o}`"))
            .unwrap_or_default()
    };
    match code {
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            format!("unknown field `{}`{}", shown(found), within(outer)),
            Some(match did_you_mean(found, expected.iter().copied()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("the fields here are {}", list(expected)),
            }),
        ),
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            format!("unknown value `{}`{}", shown(found), within(outer)),
            Some(match did_you_mean(found, expected.iter().copied()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("use one of {}", list(expected)),
            }),
        ),
        RonError::MissingStructField { field, outer } => (
            format!("missing field `{field}`{}", within(outer)),
            Some(format!(
                "add `{field}: …`; see scenarios/README.md for what it holds"
            )),
        ),
        RonError::DuplicateStructField { field, outer } => (
            format!("field `{field}` is given twice{}", within(outer)),
            Some("keep one of them".into()),
        ),
        RonError::InvalidValueForType { expected, found } => (
            format!("expected {expected}, found {found}"),
            Some("check the value's type against scenarios/README.md".into()),
        ),
        RonError::ExpectedDifferentStructName { expected, found } => (
            format!("expected `{expected}(…)` here, found `{found}(…)`"),
            Some(format!("rename it to `{expected}`")),
        ),
        RonError::ExceededRecursionLimit => (
            format!("the file is nested more than {MAX_NESTING} levels deep"),
            Some("scenarios never nest more than a few levels; look for runaway brackets".into()),
        ),
        RonError::Eof => (
            "the file ends before the value is complete".into(),
            Some("a closing `)`, `]` or `}` (or a quote) is missing".into()),
        ),
        RonError::ExpectedComma => (
            "expected a comma".into(),
            Some("separate fields and list items with `,`".into()),
        ),
        RonError::ExpectedStringEnd => (
            "this string is never closed".into(),
            Some("end it with `\"`; write a quote inside a string as `\\\"`".into()),
        ),
        RonError::ExpectedString => (
            "expected a string in double quotes".into(),
            Some("write text as \"…\"".into()),
        ),
        RonError::TrailingCharacters => (
            "unexpected text after the end of the value".into(),
            Some("one value per file: remove what follows, or check for an extra `)`".into()),
        ),
        RonError::ExpectedInteger => (
            "expected a whole number here".into(),
            Some("use a whole number in the allowed range".into()),
        ),
        RonError::IntegerOutOfBounds => (
            "this number is out of range for the field".into(),
            Some("use a whole number in the allowed range".into()),
        ),
        RonError::ExpectedStructLikeEnd | RonError::ExpectedArrayEnd | RonError::ExpectedMapEnd => {
            (
                format!("{code}"),
                Some("a comma may be missing between two items, or a bracket is unbalanced".into()),
            )
        }
        RonError::UnexpectedChar(c) => (
            format!("unexpected character `{c}`"),
            Some(
                "check the syntax just before this point (a missing comma, colon or bracket)"
                    .into(),
            ),
        ),
        other => (
            other.to_string(),
            Some("check the syntax near this point against scenarios/README.md".into()),
        ),
    }
}

/// The place of any value in a file that ron has accepted, for the checks that come after
/// parsing. The tree of places is built only when the first diagnostic needs one: a clean
/// file costs nothing here.
pub struct Locator<'a> {
    label: &'a str,
    text: &'a str,
    tree: OnceCell<Option<Value>>,
    line_starts: OnceCell<Vec<usize>>,
}

impl<'a> Locator<'a> {
    /// A locator over `text`, shown as `label`.
    pub fn new(label: &'a str, text: &'a str) -> Locator<'a> {
        Locator {
            label,
            text,
            tree: OnceCell::new(),
            line_starts: OnceCell::new(),
        }
    }

    /// The 1-based line of byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        starts.partition_point(|&s| s <= offset)
    }

    /// The text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The bytes of the value at `path` (or of the nearest enclosing value found).
    pub fn span(&self, path: &[syntax::Seg]) -> std::ops::Range<usize> {
        match self.tree.get_or_init(|| syntax::parse(self.text)) {
            Some(tree) => {
                let v = tree.find(path).0;
                v.span.start..v.span.end
            }
            None => 0..0,
        }
    }

    /// A diagnostic at `path`. Its line and column are filled in when the batch is placed
    /// ([`super::diagnostic::place`]).
    pub fn diag(
        &self,
        severity: Severity,
        path: &[syntax::Seg],
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Diagnostic {
        Diagnostic::at(severity, self.label, self.span(path), message, hint)
    }
}
