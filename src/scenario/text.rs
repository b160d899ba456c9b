//! Bilingual text: every line a trainee sees exists in zh-CN and in English, side by side in
//! the same file, so that switching language never needs a second lookup.

use serde::{Deserialize, Serialize};

/// A language the product speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    /// Simplified Chinese (zh-CN), the language of the course.
    #[default]
    #[serde(rename = "zh")]
    Zh,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Parses `zh`, `zh-CN`, `cn`, `en`, `en-US` … (case-insensitive).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.to_ascii_lowercase();
        if s == "zh" || s.starts_with("zh-") || s == "cn" || s == "中文" {
            Some(Lang::Zh)
        } else if s == "en" || s.starts_with("en-") || s == "english" {
            Some(Lang::En)
        } else {
            None
        }
    }
}

/// One piece of player-visible text in both languages: `(zh: "…", en: "…")`.
///
/// Both halves default to empty so that a missing half is reported by the validator with its
/// place in the file (a "missing en text" error) instead of failing the whole parse.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Simplified Chinese.
    #[serde(default)]
    pub zh: String,
    /// English.
    #[serde(default)]
    pub en: String,
}

impl Text {
    /// Builds a text from its two halves.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`, falling back to the other language if that half is empty.
    pub fn get(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::Zh => (&self.zh, &self.en),
            Lang::En => (&self.en, &self.zh),
        };
        if first.trim().is_empty() {
            second
        } else {
            first
        }
    }

    /// Which halves are blank, for the validator.
    pub fn missing(&self) -> Vec<Lang> {
        let mut out = Vec::new();
        if self.zh.trim().is_empty() {
            out.push(Lang::Zh);
        }
        if self.en.trim().is_empty() {
            out.push(Lang::En);
        }
        out
    }
}
