//! Problems found in a file, each with its place (file:line:column), a one-line message and a
//! hint, so an instructor can fix every one of them in a single pass.
//!
//! A diagnostic is made with a byte range in its file; [`place`] turns the ranges of a whole
//! batch into lines and columns in one pass over the text, so ten thousand problems in one
//! file cost one scan, not ten thousand.

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    /// The file cannot be played as it is.
    Error,
    /// The file plays, but something is probably not what the author meant.
    Warning,
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, as given (control characters escaped).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The bytes of the file it is about, when it is about a place in the text.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A problem with the file as a whole (it cannot be read, it is not a file …).
    pub fn file_level(
        severity: Severity,
        file: &str,
        message: impl Into<String>,
        hint: Option<&str>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            file: escape(file).into_owned(),
            line: 1,
            column: 1,
            span: None,
            message: message.into(),
            hint: hint.map(str::to_string),
        }
    }

    /// A problem at bytes `span` of the file; its line and column are filled in by [`place`].
    pub fn at(
        severity: Severity,
        file: &str,
        span: Range<usize>,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            file: escape(file).into_owned(),
            line: 1,
            column: 1,
            span: Some(span),
            message: message.into(),
            hint,
        }
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Where it sorts in a listing: by place, errors before warnings at one place.
    pub fn sort_key(&self) -> (usize, usize, Severity) {
        (self.line, self.column, self.severity)
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {sev}: {}",
            self.file,
            self.line,
            self.column,
            escape(&self.message)
        )
    }
}

/// Fills in the line and column of every diagnostic with a span, in one pass over `text`
/// (the diagnostics are visited in the order of their spans), and sorts them by place.
pub fn place(text: &str, diagnostics: &mut [Diagnostic]) {
    let mut order: Vec<(usize, usize)> = diagnostics
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.span.as_ref().map(|s| (s.start.min(text.len()), i)))
        .collect();
    order.sort_unstable();
    let (mut offset, mut line, mut column) = (0usize, 1usize, 1usize);
    for (target, i) in order {
        let mut target = target;
        while !text.is_char_boundary(target) {
            target -= 1;
        }
        for c in text[offset..target].chars() {
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        offset = target;
        diagnostics[i].line = line;
        diagnostics[i].column = column;
    }
    diagnostics.sort_by_key(Diagnostic::sort_key);
}

/// Line and column (1-based, columns in characters) of byte offset `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Words longer than this get no did-you-mean: nobody mistypes a 65-character id by one key.
const SUGGEST_MAX_CHARS: usize = 64;

/// Edit-distance cells (characters of the word × characters of a candidate) one file's
/// did-you-mean hints may cost in all: a few hundredths of a second.
pub const SUGGEST_BUDGET: usize = 20_000_000;

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut budget = SUGGEST_BUDGET;
    did_you_mean_within(word, candidates, &mut budget)
}

/// [`did_you_mean`] drawing on a budget of edit-distance cells shared by a whole file. The
/// work is bounded whatever the input: long words are not compared, candidates whose length
/// alone rules out a close match are skipped before any edit distance is run, and once the
/// budget is spent the best match so far (or none) is the answer.
pub fn did_you_mean_within<'a, I>(word: &str, candidates: I, budget: &mut usize) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let len = word.chars().count();
    if len == 0 || len > SUGGEST_MAX_CHARS {
        return None;
    }
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        // A normalised similarity of 0.6 allows at most 40 % of the longer word to differ.
        let n = c.chars().take(SUGGEST_MAX_CHARS + 1).count();
        let (lo, hi) = (len.min(n), len.max(n));
        if n > SUGGEST_MAX_CHARS || (hi - lo) * 5 > hi * 2 {
            continue;
        }
        let cost = len * n.max(1);
        if *budget < cost {
            break;
        }
        *budget -= cost;
        let score = strsim::normalized_damerau_levenshtein(word, c);
        if score >= 0.6 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| escape(c).into_owned())
}

/// Text made safe inside HTML (pages, reports, exports): markup characters become entities,
/// and control characters other than newlines are dropped.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// `s` on one line (runs of white space, line breaks included, made one space) and cut to
/// `max_chars` characters, with `…` where it was cut: for labels and list items.
pub fn one_line(s: &str, max_chars: usize) -> String {
    let one = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > max_chars {
        format!("{}…", one.chars().take(max_chars).collect::<String>())
    } else {
        one
    }
}

/// `s` with every control character (and the bidirectional overrides that can disguise text)
/// written as a visible escape, so that nothing read from a file or a file name can drive the
/// terminal.
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_where(s, needs_escape)
}

/// `s` escaped like [`escape`] but keeping line breaks and tabs: for scenario text printed
/// as prose.
pub fn escape_prose(s: &str) -> Cow<'_, str> {
    escape_where(s, |c| c != '\n' && c != '\t' && needs_escape(c))
}

/// `s` with every character `needs` picks written as `\u{…}`; borrowed when there is none.
fn escape_where(s: &str, needs: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&needs) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether `c` must not reach a terminal as it is: a control character, or a bidirectional
/// override that can make text read differently from what it is.
pub fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Longest id or name quoted in a message, in characters.
const SHOWN_MAX_CHARS: usize = 60;

/// An id or name from a file as quoted in a message: escaped, and cut to a readable length
/// (a 20,000-character id is shown by its first characters and its length).
pub fn shown(s: &str) -> String {
    let escaped = escape(s);
    let count = escaped.chars().count();
    if count <= SHOWN_MAX_CHARS {
        return escaped.into_owned();
    }
    let head: String = escaped.chars().take(SHOWN_MAX_CHARS - 1).collect();
    format!("{head}… ({count} characters)")
}
