//! Renders diagnostics for the terminal with `codespan-reporting`: the message, the place,
//! the source line with the offending range underlined, and the hint.
//!
//! Only a window of the source line around the place is shown (a value at column 3,000,000
//! prints a few dozen characters, not three megabytes of padding), and the excerpt has its
//! control characters escaped before it reaches the terminal.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as Level};
use codespan_reporting::files::{Error, Files};
use codespan_reporting::term::{self, Config};

use super::diagnostic::{Diagnostic, Severity, escape};

/// Characters of the source line shown on each side of the place.
const WINDOW_CHARS: usize = 60;

/// The diagnostic as the CLI prints it. `source` is the file's text, if it could be read.
pub fn render(d: &Diagnostic, source: Option<&str>) -> String {
    let level = match d.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    };
    let mut report = Report::new(level).with_message(escape(&d.message));
    if let Some(hint) = &d.hint {
        report = report.with_notes(vec![format!("hint: {}", escape(hint))]);
    }
    let excerpt = match (source, &d.span) {
        (Some(text), Some(span)) => {
            Some(Excerpt::new(&d.file, text, span.clone(), d.line, d.column))
        }
        _ => None,
    };
    match excerpt {
        Some(ex) => {
            let report = report.with_labels(vec![Label::primary((), ex.label.clone())]);
            term::emit_into_string(&Config::default(), &ex, &report).unwrap_or_else(|_| fallback(d))
        }
        None => {
            let mut out = fallback(d);
            if let Some(hint) = &d.hint {
                out.push_str(&format!("  = hint: {}\n", escape(hint)));
            }
            out
        }
    }
}

/// The header without a source excerpt: `error: message` and the place.
fn fallback(d: &Diagnostic) -> String {
    let sev = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!(
        "{sev}: {}\n  ┌─ {}:{}:{}\n",
        escape(&d.message),
        d.file,
        d.line,
        d.column
    )
}

/// One line of a file, cut to a window around the place and escaped, posing as a whole file
/// for codespan while reporting the real line and column numbers.
struct Excerpt {
    name: String,
    text: String,
    label: Range<usize>,
    label_start: usize,
    /// The real line and column of the place.
    line: usize,
    column: usize,
}

impl Excerpt {
    /// The excerpt around `span`. Only the window is scanned, never the whole line: a
    /// thousand problems on one eight-megabyte line cost a thousand small windows.
    fn new(name: &str, source: &str, span: Range<usize>, line: usize, column: usize) -> Excerpt {
        let start = floor_boundary(source, span.start.min(source.len()));
        let ends_line = |c: char| c == '\n' || c == '\r';
        // Back from the place: at most WINDOW_CHARS characters, never past the line start.
        let mut from = start;
        for (taken, (i, c)) in source[..start].char_indices().rev().enumerate() {
            if ends_line(c) || taken == WINDOW_CHARS {
                break;
            }
            from = i;
        }
        // On from the place: at most WINDOW_CHARS characters, never past the line end.
        let mut to = start;
        for (taken, (i, c)) in source[start..].char_indices().enumerate() {
            if ends_line(c) || taken == WINDOW_CHARS {
                break;
            }
            to = start + i + c.len_utf8();
        }
        let end = floor_boundary(source, span.end.clamp(start, to));
        let cut_before = source[..from]
            .chars()
            .next_back()
            .is_some_and(|c| !ends_line(c));
        let cut_after = source[to..].chars().next().is_some_and(|c| !ends_line(c));
        let mut text = String::new();
        if cut_before {
            text.push('…');
        }
        let mut label = text.len()..text.len();
        for (i, c) in source[from..to].char_indices() {
            let at = from + i;
            if at == start {
                label.start = text.len();
            }
            if at == end {
                label.end = text.len();
            }
            if c == '\t' {
                text.push(c);
            } else {
                text.push_str(&escape(c.encode_utf8(&mut [0; 4])));
            }
        }
        if start >= to {
            label.start = text.len();
        }
        if end >= to || label.end < label.start {
            label.end = text.len();
        }
        if label.end == label.start && label.end < text.len() {
            // An empty range still deserves a caret under its first character.
            label.end = label.start + text[label.start..].chars().next().map_or(0, char::len_utf8);
        }
        if cut_after {
            text.push('…');
        }
        Excerpt {
            name: name.to_string(),
            text,
            label_start: label.start,
            label,
            line,
            column,
        }
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl<'a> Files<'a> for Excerpt {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), _byte_index: usize) -> Result<usize, Error> {
        Ok(0)
    }

    fn line_number(&'a self, (): (), _line_index: usize) -> Result<usize, Error> {
        Ok(self.line)
    }

    /// The real column for the place; elsewhere (never shown) a column within the excerpt.
    fn column_number(&'a self, (): (), _line: usize, byte_index: usize) -> Result<usize, Error> {
        if byte_index == self.label_start {
            return Ok(self.column);
        }
        let at = floor_boundary(&self.text, byte_index.min(self.text.len()));
        Ok(self.text[..at].chars().count() + 1)
    }

    fn line_range(&'a self, (): (), _line_index: usize) -> Result<Range<usize>, Error> {
        Ok(0..self.text.len())
    }
}
