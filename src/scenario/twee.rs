//! Twine stories (Twee 3 source) turned into a scenario skeleton (`import-twee`): each
//! passage with links becomes a node (its text the customer's line, each link a reply), each
//! passage without links an ending; `StoryTitle` gives the title and `StoryData`'s `start`
//! the first node. Script and stylesheet passages are skipped. What has no counterpart in a
//! scenario (story-format macros, variables, HTML, Chapbook inserts) is left out and named in
//! a `TODO` comment at the passage, and the report says what the author must still add:
//! the customer, the tags that score each reply, the other language, the kinds of endings.
//!
//! Links are read as Twine's editor reads them: `[[Target]]`, `[[text->Target]]` (the last
//! `->`), `[[Target<-text]]` (the first `<-`), `[[text|Target]]` (the last `|`); a
//! SugarCube setter (`[[text|Target][$x to 1]]`) is dropped and named.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::scaffold::{Spec, TEMPLATE, scaffold};
use crate::course::{Disc, Industry, Need};

/// One passage of a Twee file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Its name, as written (escapes resolved).
    pub name: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// Its text.
    pub body: String,
    /// The line of its header (1-based).
    pub line: usize,
}

/// A Twee 3 story.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Story {
    /// `StoryTitle`'s text.
    pub title: Option<String>,
    /// `StoryData`'s `start`.
    pub start: Option<String>,
    /// The story passages in file order (special, script and stylesheet passages left out).
    pub passages: Vec<Passage>,
    /// The names of the passages skipped (scripts and stylesheets).
    pub skipped: Vec<String>,
}

/// Why a Twee file cannot be read as a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TweeError(pub String);

impl std::fmt::Display for TweeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A link in a passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// What the reader clicks.
    pub text: String,
    /// The passage it leads to.
    pub target: String,
}

/// Reads Twee 3 source.
pub fn parse(source: &str) -> Result<Story, TweeError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut story = Story::default();
    let mut current: Option<Passage> = None;
    let mut all = Vec::new();
    for (i, line) in source.lines().enumerate() {
        if let Some(header) = line.strip_prefix("::") {
            if let Some(p) = current.take() {
                all.push(p);
            }
            let (name, tags) = header_parts(header);
            current = Some(Passage {
                name,
                tags,
                body: String::new(),
                line: i + 1,
            });
        } else if let Some(p) = current.as_mut() {
            p.body.push_str(line);
            p.body.push('\n');
        }
    }
    if let Some(p) = current.take() {
        all.push(p);
    }
    if all.is_empty() {
        return Err(TweeError(
            "no passages: a Twee file has passages that start with `:: Name`".into(),
        ));
    }
    for mut p in all {
        p.body = p.body.trim().to_string();
        let script = p.tags.iter().any(|t| t == "script" || t == "stylesheet")
            || p.name == "Story JavaScript"
            || p.name == "Story Stylesheet";
        match p.name.as_str() {
            "StoryTitle" => story.title = Some(p.body.lines().next().unwrap_or("").to_string()),
            "StoryData" => {
                story.start = serde_json::from_str::<serde_json::Value>(&p.body)
                    .ok()
                    .and_then(|v| v.get("start")?.as_str().map(str::to_string));
            }
            _ if script => story.skipped.push(p.name),
            _ => story.passages.push(p),
        }
    }
    if story.passages.is_empty() {
        return Err(TweeError(
            "no story passages (only StoryTitle, StoryData, scripts or stylesheets)".into(),
        ));
    }
    Ok(story)
}

/// A header's name (escapes `\[`, `\]`, `\{`, `\}`, `\\` resolved) and tags.
fn header_parts(header: &str) -> (String, Vec<String>) {
    let mut name = String::new();
    let mut chars = header.chars().peekable();
    let mut tags = Vec::new();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    name.push(n);
                }
            }
            '[' => {
                let inner: String = chars.by_ref().take_while(|&c| c != ']').collect();
                tags = inner.split_whitespace().map(str::to_string).collect();
                break;
            }
            '{' => break,
            c => name.push(c),
        }
    }
    (name.trim().to_string(), tags)
}

/// The links of a passage's text, in order, as Twine's editor reads them, and the setters
/// dropped from them.
pub fn links(body: &str) -> (Vec<Link>, Vec<String>) {
    let mut out = Vec::new();
    let mut setters = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find("[[") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("]]") else { break };
        let mut inner = &after[..close];
        if let Some(cut) = inner.find("][") {
            setters.push(inner[cut + 2..].to_string());
            inner = &inner[..cut];
        }
        let (text, target) = if let Some(k) = inner.rfind("->") {
            (&inner[..k], &inner[k + 2..])
        } else if let Some(k) = inner.find("<-") {
            (&inner[k + 2..], &inner[..k])
        } else if let Some(k) = inner.rfind('|') {
            (&inner[..k], &inner[k + 1..])
        } else {
            (inner, inner)
        };
        let target = target.trim();
        if !target.is_empty() {
            out.push(Link {
                text: text.trim().to_string(),
                target: target.to_string(),
            });
        }
        rest = &after[close + 2..];
    }
    (out, setters)
}

/// The text a reader sees, without links, macros, HTML or inserts; and what was taken out
/// that cannot carry over. One pass with tables made once, so a passage full of unclosed
/// brackets costs no more than any other.
pub fn plain(body: &str) -> (String, Vec<String>) {
    let chars: Vec<char> = body.chars().collect();
    let links_end = next_table(&chars, &[']', ']']);
    let macro_end = next_table(&chars, &['>', '>']);
    let tag_end = next_table(&chars, &['>']);
    let paren = pairs(&chars, '(', ')');
    let brace = pairs(&chars, '{', '}');
    let mut dropped = Vec::new();
    let mut out = String::new();
    let at = |i: usize, s: &[char]| chars.get(i..i + s.len()) == Some(s);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // A link: its text belongs to the reply, not to the customer's line. An unclosed
        // `[[` is just text.
        let end = if at(i, &['[', '[']) {
            match links_end[i + 2] {
                Some(j) => {
                    i = j + 2;
                    continue;
                }
                None => None,
            }
        } else if at(i, &['<', '<']) {
            // SugarCube `<<…>>`.
            macro_end[i + 2].map(|j| j + 2)
        } else if c == '(' && harlowe_macro(&chars[i + 1..]) {
            // Harlowe `(name: …)`.
            paren[i].map(|j| j + 1)
        } else if c == '{' {
            // Chapbook inserts `{…}`.
            brace[i].map(|j| j + 1)
        } else if c == '<'
            && chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '/')
        {
            tag_end[i + 1].map(|j| j + 1)
        } else if c == '$'
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic())
            && (i == 0 || !chars[i - 1].is_alphanumeric())
        {
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            Some(j)
        } else {
            None
        };
        match end {
            Some(j) => {
                let taken: String = chars[i..j].iter().collect();
                // HTML tags only format the text: nothing to name.
                if !taken.starts_with('<') || taken.starts_with("<<") {
                    dropped.push(taken);
                }
                i = j;
            }
            None => {
                out.push(c);
                i += 1;
            }
        }
    }
    let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    (text, dropped)
}

/// Whether `after` (just past a `(`) starts a Harlowe macro name: `word:` or `word-word:`.
fn harlowe_macro(after: &[char]) -> bool {
    let name = after
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '-')
        .count();
    name > 0 && after.get(name) == Some(&':')
}

/// For each position, where `needle` next starts at or after it (one pass from the end).
fn next_table(chars: &[char], needle: &[char]) -> Vec<Option<usize>> {
    let mut next = vec![None; chars.len() + needle.len() + 1];
    for k in (0..chars.len()).rev() {
        next[k] = if chars.get(k..k + needle.len()) == Some(needle) {
            Some(k)
        } else {
            next[k + 1]
        };
    }
    next
}

/// For each `open`, where its matching `close` is, nesting counted (one pass with a stack).
fn pairs(chars: &[char], open: char, close: char) -> Vec<Option<usize>> {
    let mut out = vec![None; chars.len()];
    let mut stack = Vec::new();
    for (k, &c) in chars.iter().enumerate() {
        if c == open {
            stack.push(k);
        } else if c == close
            && let Some(o) = stack.pop()
        {
            out[o] = Some(k);
        }
    }
    out
}

/// An id from a passage name: lowercase ASCII letters and digits, the rest `_`; a name with
/// none of them (Chinese, say) gets `passage_N` by its place in the file.
pub fn id_from(name: &str, place: usize) -> String {
    let mut id = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('_') && !id.is_empty() {
            id.push('_');
        }
    }
    let mut id: String = id.trim_end_matches('_').chars().take(40).collect();
    id = id.trim_end_matches('_').to_string();
    if id.is_empty() {
        id = format!("passage_{place}");
    } else if id.starts_with(|c: char| c.is_ascii_digit()) {
        id = format!("p_{id}");
    }
    id
}

/// What the import made, and what the author must still add.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The scenario's text.
    pub text: String,
    /// Passages that became nodes.
    pub nodes: usize,
    /// Passages that became endings (no links out).
    pub endings: usize,
    /// Links that became replies.
    pub replies: usize,
    /// The story's language: true when it is written in Chinese.
    pub chinese: bool,
    /// The passage the scenario starts at.
    pub start: String,
    /// Passages whose macros, variables, HTML or setters were left out.
    pub not_carried: Vec<String>,
    /// Nodes with one reply (a decision needs two to six).
    pub single: Vec<String>,
    /// Links to passages that do not exist: `(passage, target)`.
    pub broken: Vec<(String, String)>,
    /// Script and stylesheet passages skipped.
    pub skipped: Vec<String>,
    /// Passage names used twice (only the first passage is kept).
    pub duplicates: Vec<String>,
}

/// The scenario skeleton of `story`, with id `id`.
pub fn to_scenario(story: &Story, id: &str) -> Report {
    let mut report = Report {
        skipped: story.skipped.clone(),
        ..Report::default()
    };
    let sample: String = story
        .passages
        .iter()
        .map(|p| p.body.as_str())
        .chain(story.title.as_deref())
        .collect();
    report.chinese = sample.chars().any(is_cjk);
    // Ids, unique, in file order; a passage name used twice keeps its first passage (as
    // Twine does), and the author is told.
    let mut taken = HashSet::new();
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut ids: HashMap<&str, String> = HashMap::new();
    let mut passages: Vec<&Passage> = Vec::new();
    for (k, p) in story.passages.iter().enumerate() {
        if ids.contains_key(p.name.as_str()) {
            report.duplicates.push(p.name.clone());
            continue;
        }
        let base = id_from(&p.name, k + 1);
        let mut id = base.clone();
        while !taken.insert(id.clone()) {
            let n = next_suffix.entry(base.clone()).or_insert(2);
            id = format!("{base}_{n}");
            *n += 1;
        }
        ids.insert(p.name.as_str(), id);
        passages.push(p);
    }
    let linked: BTreeMap<&str, (Vec<Link>, Vec<String>)> = passages
        .iter()
        .map(|p| (p.name.as_str(), links(&p.body)))
        .collect();
    let is_node = |name: &str| linked.get(name).is_some_and(|(l, _)| !l.is_empty());
    let start = story
        .start
        .as_deref()
        .filter(|s| is_node(s))
        .or_else(|| Some("Start").filter(|s| is_node(s)))
        .or_else(|| {
            story
                .passages
                .iter()
                .map(|p| p.name.as_str())
                .find(|n| is_node(n))
        })
        .unwrap_or(story.passages[0].name.as_str());
    report.start = start.to_string();
    let mut nodes = String::new();
    let mut endings = String::new();
    // The start first, then the rest in file order.
    let mut order: Vec<&Passage> = passages
        .iter()
        .copied()
        .filter(|p| p.name == start)
        .collect();
    order.extend(passages.iter().copied().filter(|p| p.name != start));
    for p in order {
        let id = &ids[p.name.as_str()];
        let (links, setters) = &linked[p.name.as_str()];
        let (line, mut dropped) = plain(&p.body);
        dropped.extend(setters.iter().map(|s| format!("[{s}]")));
        let name_note = format!(
            "            // Twine passage {}\n",
            comment(&quote(&p.name))
        );
        let dropped_note = if dropped.is_empty() {
            String::new()
        } else {
            report.not_carried.push(p.name.clone());
            let list: Vec<String> = dropped
                .iter()
                .take(6)
                .map(|d| crate::source::one_line(d, 60))
                .collect();
            format!(
                "            // TODO: not carried over from Twine (macros, variables, HTML): {}\n",
                comment(&list.join(" · "))
            )
        };
        if links.is_empty() {
            report.endings += 1;
            endings.push_str(&format!(
                "        (\n            id: \"{id}\",\n{name_note}{dropped_note}            kind: ResolvedSatisfied,   // TODO: the kind of ending (ResolvedSatisfied, ResolvedGrudgingly, EscalatedSupervisor, EscalatedOverTheHead, EscalatedRegulator, EscalatedMedia, PublicOpinionCrisis, CustomerLost)\n            title: {},\n            text: {},\n        ),\n",
                text(report.chinese, &p.name, "the ending's title", "结局的标题"),
                text(report.chinese, &line, "what happens at this ending", "这个结局发生了什么"),
            ));
            continue;
        }
        report.nodes += 1;
        if links.len() == 1 {
            report.single.push(p.name.clone());
        }
        let mut choices = String::new();
        for l in links {
            report.replies += 1;
            let next = match ids.get(l.target.as_str()) {
                Some(to) if is_node(&l.target) => format!("Goto(\"{to}\")"),
                Some(to) => format!("End(\"{to}\")"),
                None => {
                    report.broken.push((p.name.clone(), l.target.clone()));
                    format!("Goto(\"{}\")", ron_escape(&l.target))
                }
            };
            choices.push_str(&format!(
                "                (\n                    text: {},\n                    techniques: [],   // TODO: tag what this reply does: techniques, mistakes, honours, breaks (complaint-dojo catalogue)\n                    next: {next},\n                ),\n",
                text(report.chinese, &l.text, "the trainee's reply", "学员的回复"),
            ));
        }
        nodes.push_str(&format!(
            "        (\n            id: \"{id}\",\n{name_note}{dropped_note}            lines: [\n                (text: {}),\n            ],\n            choices: [\n{choices}            ],\n        ),\n",
            text(report.chinese, &line, "what the customer says here", "客户在这里说的话"),
        ));
    }
    if endings.is_empty() {
        endings.push_str("        // TODO: no passage without links, so no ending: add endings and lead replies to them\n");
    }
    let skeleton = scaffold(&Spec {
        id: id.to_string(),
        disc: Disc::Dominant,
        need: Need::Respect,
        industry: Industry::Other,
        archetypes: Vec::new(),
    });
    let title = story.title.as_deref().unwrap_or("");
    let mut out = replace_between(
        &skeleton,
        "    title: ",
        "\n",
        &format!(
            "{},",
            text(
                report.chinese,
                title,
                "a title (best: the customer's own words)",
                "标题（客户的一句原话最好）"
            )
        ),
    );
    out = out.replacen(
        "// A new scenario, written by `complaint-dojo new`.",
        &format!(
            "// Imported from the Twine story {} by `complaint-dojo import-twee`.",
            comment(&quote(title))
        ),
        1,
    );
    out = replace_between(
        &out,
        "    escalation: [",
        "\n    start: ",
        "],   // TODO: thresholds that move the customer up the ladder, e.g. (level: Supervisor, when: [Mood(0, 10)], ending: Some(\"…\"))",
    );
    out = replace_between(&out, "    start: \"", "\n", &format!("{}\",", ids[start]));
    out = replace_between(&out, "    nodes: [\n", "    ],\n    endings: [", &nodes);
    out = replace_between(&out, "    endings: [\n", "    ],\n)", &endings);
    debug_assert!(TEMPLATE.contains("    nodes: [\n"));
    report.text = out;
    report
}

/// `text` with what stands between `from` and the next `to` replaced by `with` (`from` and
/// `to` kept); unchanged when either is missing.
fn replace_between(text: &str, from: &str, to: &str, with: &str) -> String {
    let Some(a) = text.find(from).map(|a| a + from.len()) else {
        return text.to_string();
    };
    let Some(b) = text[a..].find(to).map(|b| a + b) else {
        return text.to_string();
    };
    format!("{}{with}{}", &text[..a], &text[b..])
}

/// A bilingual text: the story's words in its language, a `TODO` to translate in the other;
/// a placeholder in both when there are no words.
fn text(chinese: bool, words: &str, what_en: &str, what_zh: &str) -> String {
    let words = words.trim();
    if words.is_empty() {
        return format!(
            "(zh: \"TODO：{}\", en: \"TODO: {}\")",
            ron_escape(what_zh),
            ron_escape(what_en)
        );
    }
    let w = ron_escape(words);
    if chinese {
        format!("(zh: \"{w}\", en: \"TODO: translate: {w}\")")
    } else {
        format!("(zh: \"TODO：翻译：{w}\", en: \"{w}\")")
    }
}

/// A RON string's inside: quotes and backslashes escaped, controls dropped.
fn ron_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text safe inside a `//` comment: one line, no controls.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn quote(s: &str) -> String {
    format!("“{s}”")
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}
