//! Reading RON files into scenario and catalogue types, turning every failure — unreadable,
//! binary, not UTF-8, too large, too deep, bad syntax, wrong types, unknown fields — into
//! diagnostics with places. Nothing here panics on any input.

use std::path::Path;

use ron::error::{Error as RonError, SpannedError};
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

use super::diagnostic::{Diagnostic, Severity, did_you_mean, line_col};
use super::syntax::{self, Value};

/// Largest file read, in bytes. A real scenario is a few hundred KB at most.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// The RON options every file is read with: `Some(…)` may be left out around optional values.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Reads a file as UTF-8 text, or explains why it cannot be.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let label = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        error(
            &label,
            1,
            1,
            format!("cannot read the file: {e}"),
            Some("check the path and that the file is readable"),
        )
    })?;
    decode(&label, bytes)
}

/// Checks raw bytes are a plausible RON text file.
pub fn decode(label: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(error(
            label,
            1,
            1,
            format!(
                "the file is {} bytes; files over {} MiB are not read",
                bytes.len(),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            Some("split it into several scenarios, one per file"),
        ));
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let prefix = String::from_utf8_lossy(&bytes[..nul]);
        let (line, col) = line_col(&prefix, prefix.len());
        return Err(error(
            label,
            line,
            col,
            "this is a binary file, not RON text (it contains a NUL byte)".into(),
            Some("scenario files are plain UTF-8 text; was the wrong file saved here?"),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..good]);
        let (line, col) = line_col(&prefix, prefix.len());
        error(
            label,
            line,
            col,
            "the file is not valid UTF-8 text".into(),
            Some("save the file as UTF-8 (GBK and other encodings are not read)"),
        )
    })
}

fn error(
    label: &str,
    line: usize,
    column: usize,
    message: String,
    hint: Option<&str>,
) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: label.to_string(),
        line,
        column,
        message,
        hint: hint.map(str::to_string),
    }
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
        return Err(vec![error(
            label,
            1,
            1,
            "the file is empty".into(),
            Some("a scenario file starts with `Scenario(`; see scenarios/README.md"),
        )]);
    }
    let first = match ron_options().from_str::<T>(text) {
        Ok(v) => return Ok(v),
        Err(e) => from_ron(label, text, &e, 0),
    };
    let mut out = vec![first];
    if let Some(tree) = syntax::parse(text) {
        for (field, check) in lists {
            for item in tree.items(field) {
                if let Err(e) = check(&text[item.span.start..item.span.end]) {
                    let d = from_ron(label, text, &e, item.span.start);
                    if !out.iter().any(|o| o.line == d.line && o.column == d.column) {
                        out.push(d);
                    }
                }
            }
        }
    }
    out.sort_by_key(|d| (d.line, d.column));
    Err(out)
}

/// A checker for one list element type, for [`parse`].
pub fn check_as<T: DeserializeOwned>(slice: &str) -> Result<(), SpannedError> {
    ron_options().from_str::<T>(slice).map(|_| ())
}

/// Converts a ron error into a diagnostic. `start` is the byte offset in `text` where the
/// parsed slice began (0 for the whole file). The place is moved past any white space, so
/// that it points at the offending value rather than the gap before it.
pub fn from_ron(label: &str, text: &str, e: &SpannedError, start: usize) -> Diagnostic {
    let slice = &text[start.min(text.len())..];
    let offset = start + byte_offset(slice, e.span.start.line, e.span.start.col);
    let rest = &text[offset.min(text.len())..];
    let skipped = rest.len() - rest.trim_start().len();
    let (line, column) = line_col(text, offset + skipped);
    let (message, hint) = explain(&e.code);
    Diagnostic {
        severity: Severity::Error,
        file: label.to_string(),
        line,
        column,
        message,
        hint,
    }
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
            format!("unknown field `{found}`{}", within(outer)),
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
            format!("unknown value `{found}`{}", within(outer)),
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
            "the file is nested too deeply".into(),
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

/// The place of `path` in the file, for the validator.
pub struct Locator<'a> {
    label: &'a str,
    text: &'a str,
    tree: Option<Value>,
}

impl<'a> Locator<'a> {
    /// Indexes a file that ron has already accepted.
    pub fn new(label: &'a str, text: &'a str) -> Locator<'a> {
        Locator {
            label,
            text,
            tree: syntax::parse(text),
        }
    }

    /// Line and column of the value at `path` (or of the nearest enclosing value found).
    pub fn at(&self, path: &[syntax::Seg]) -> (usize, usize) {
        match &self.tree {
            Some(tree) => line_col(self.text, tree.find(path).0.span.start),
            None => (1, 1),
        }
    }

    /// A diagnostic at `path`.
    pub fn diag(
        &self,
        severity: Severity,
        path: &[syntax::Seg],
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Diagnostic {
        let (line, column) = self.at(path);
        Diagnostic {
            severity,
            file: self.label.to_string(),
            line,
            column,
            message: message.into(),
            hint,
        }
    }
}
