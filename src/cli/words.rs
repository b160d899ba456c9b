//! The few fixed words the terminal prints around scenario text, in both languages.

use crate::rubric::{Catalogue, Impact, NoteKind, Rubric};
use crate::scenario::{Lang, Scenario};
use crate::sim::Speaker;

/// Picks the word for `lang`.
pub fn w(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A speaker's label.
pub fn speaker(lang: Lang, s: Speaker, scenario: &Scenario) -> String {
    match s {
        Speaker::Customer => scenario.customer.name.get(lang).to_string(),
        Speaker::Trainee => w(lang, "你", "You").to_string(),
        Speaker::Narrator => w(lang, "旁白", "Narrator").to_string(),
    }
}

/// A rubric's short name (情 / 理 / 法 in Chinese).
pub fn rubric(lang: Lang, cat: &Catalogue, r: Rubric) -> String {
    cat.rubric(r)
        .map(|d| d.name.get(lang).to_string())
        .unwrap_or_else(|| r.key().to_string())
}

/// How a note is introduced.
pub fn note_kind(lang: Lang, k: NoteKind) -> &'static str {
    match k {
        NoteKind::Technique => w(lang, "技巧", "Technique"),
        NoteKind::Mistake => w(lang, "失误", "Mistake"),
        NoteKind::LegalHonoured => w(lang, "守法", "Right honoured"),
        NoteKind::LegalBreached => w(lang, "违规", "Right breached"),
        NoteKind::ExpectationMatched => w(lang, "期望判断正确", "Expectation read right"),
        NoteKind::ExpectationMissed => w(lang, "期望判断失误", "Expectation misread"),
        NoteKind::Memory => w(lang, "客户记住了", "The customer remembers"),
        NoteKind::Scenario => w(lang, "点评", "Coach"),
    }
}

/// `情 +3 理 0 法 -2 | mood +4 trust -1 patience -6`, leaving out zeros on the customer side.
pub fn impact(lang: Lang, i: &Impact) -> String {
    let mut s = format!(
        "{} {:+} {} {:+} {} {:+}",
        w(lang, "情", "Emp"),
        i.empathy,
        w(lang, "理", "Exp"),
        i.expectation,
        w(lang, "法", "Law"),
        i.legal
    );
    let parts: Vec<String> = [
        (w(lang, "情绪", "mood"), i.mood),
        (w(lang, "信任", "trust"), i.trust),
        (w(lang, "耐心", "patience"), i.patience),
    ]
    .iter()
    .filter(|(_, v)| *v != 0)
    .map(|(k, v)| format!("{k} {v:+}"))
    .collect();
    if !parts.is_empty() {
        s.push_str(" | ");
        s.push_str(&parts.join(" "));
    }
    s
}
