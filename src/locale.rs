//! The product's own words — the window's and the command line's — from Fluent files
//! (`assets/locales/{zh-CN,en}/main.ftl`), compiled into the binary so both work from any
//! directory. Scenario text carries its own two languages; this covers only the words around
//! it.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::course::Lang;
use crate::sim::NoteKind;

const ZH: &str = include_str!("../assets/locales/zh-CN/main.ftl");
const EN: &str = include_str!("../assets/locales/en/main.ftl");

/// Both languages' bundles.
pub struct I18n {
    zh: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("I18n")
    }
}

fn bundle(tag: &str, source: &str) -> FluentBundle<FluentResource> {
    let lang: unic_langid::LanguageIdentifier = tag.parse().expect("a valid language tag");
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    // Unicode isolation marks would show as boxes in egui.
    bundle.set_use_isolating(false);
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    let _ = bundle.add_resource(resource);
    bundle
}

impl Default for I18n {
    fn default() -> Self {
        I18n {
            zh: bundle("zh-CN", ZH),
            en: bundle("en", EN),
        }
    }
}

impl I18n {
    /// The message `key` in `lang`; the key itself if it is missing (so a gap is visible).
    pub fn t(&self, lang: Lang, key: &str) -> String {
        self.format(lang, key, None)
    }

    /// The message `key` with arguments, e.g. `[("n", 3.into())]`.
    pub fn t_args(&self, lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut a = FluentArgs::new();
        for (k, v) in args {
            a.set(*k, v.clone());
        }
        self.format(lang, key, Some(&a))
    }

    fn format(&self, lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
        let bundle = match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        };
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_string();
        };
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }

    /// Keys present in one language but not the other (for tests), read from the parsed
    /// Fluent resources.
    pub fn missing_keys() -> Vec<String> {
        let (zh, en) = (message_ids(ZH), message_ids(EN));
        zh.symmetric_difference(&en).cloned().collect()
    }

    /// Every message id (the English file's; [`I18n::missing_keys`] keeps the two alike).
    pub fn keys() -> Vec<String> {
        message_ids(EN).into_iter().collect()
    }
}

/// The message and term ids of a Fluent source.
fn message_ids(src: &str) -> std::collections::BTreeSet<String> {
    let resource = match FluentResource::try_new(src.to_string()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            fluent_syntax::ast::Entry::Term(t) => Some(format!("-{}", t.id.name)),
            _ => None,
        })
        .collect()
}

/// The Fluent key naming a note's kind ("Technique", "Right breached" …).
pub fn note_kind_key(k: NoteKind) -> &'static str {
    match k {
        NoteKind::Technique => "kind-technique",
        NoteKind::Mistake => "kind-mistake",
        NoteKind::LegalHonoured => "kind-legal-ok",
        NoteKind::LegalBreached => "kind-legal-breach",
        NoteKind::ExpectationMatched => "kind-expectation-ok",
        NoteKind::ExpectationMissed => "kind-expectation-missed",
        NoteKind::Memory => "kind-memory",
        NoteKind::Scenario => "kind-coach",
    }
}

/// What a line of a finished session's standing says (the window styles each kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandingLine {
    /// "Outcome: Failure · not passed".
    Verdict,
    /// Why the outcome does not pass.
    Outcome,
    /// A critical breach and where.
    Breach,
    /// The overall band.
    Overall,
}

/// The words of a session's standing, one line each, for the debrief and `play`: `show`
/// turns catalogue text into the caller's language (and, for a terminal, makes it safe).
pub fn standing_lines(
    i18n: &I18n,
    lang: Lang,
    catalogue: &crate::catalogue::Catalogue,
    st: &crate::sim::verdict::Standing,
    show: impl Fn(&crate::course::Text) -> String,
) -> Vec<(StandingLine, String)> {
    let verdict = show(&crate::catalogue::Catalogue::name_of(
        &catalogue.glossary.verdict,
        st.verdict,
    ));
    let pass = i18n.t(
        lang,
        if st.passed {
            "standing-passed"
        } else {
            "standing-not-passed"
        },
    );
    let mut lines = vec![(
        StandingLine::Verdict,
        format!(
            "{} · {pass}",
            i18n.t_args(
                lang,
                "standing-verdict",
                &[("verdict", verdict.clone().into())]
            )
        ),
    )];
    if !st.verdict.passes() {
        lines.push((
            StandingLine::Outcome,
            i18n.t_args(lang, "standing-why-outcome", &[("verdict", verdict.into())]),
        ));
    }
    for b in &st.breaches {
        lines.push((
            StandingLine::Breach,
            i18n.t_args(
                lang,
                "standing-why-breach",
                &[("n", b.decision.into()), ("name", show(&b.name).into())],
            ),
        ));
    }
    lines.push((
        StandingLine::Overall,
        i18n.t_args(lang, "standing-overall", &[("band", show(&st.band).into())]),
    ));
    lines
}

/// A recorded session's outcome in words: "Good · passed", or "left before the end" when it
/// did not reach an ending. `show` turns catalogue text into the caller's language.
pub fn recorded_outcome(
    i18n: &I18n,
    lang: Lang,
    catalogue: &crate::catalogue::Catalogue,
    row: &crate::records::SessionRow,
    show: impl Fn(&crate::course::Text) -> String,
) -> String {
    let verdict = row
        .verdict
        .as_deref()
        .and_then(crate::course::Verdict::from_key);
    let Some(verdict) = verdict else {
        return i18n.t(lang, "cli-history-abandoned");
    };
    let name = show(&crate::catalogue::Catalogue::name_of(
        &catalogue.glossary.verdict,
        verdict,
    ));
    let pass = i18n.t(
        lang,
        if row.passed == Some(true) {
            "standing-passed"
        } else {
            "standing-not-passed"
        },
    );
    format!("{name} · {pass}")
}

/// One line of style advice: "I · Influence style, C · Conscientious customer: lead with
/// facts …". `show` turns course text into the caller's language.
pub fn style_advice(
    i18n: &I18n,
    lang: Lang,
    catalogue: &crate::catalogue::Catalogue,
    advice: &crate::records::style::Advice,
    show: impl Fn(&crate::course::Text) -> String,
) -> String {
    let name = |d| {
        show(&crate::catalogue::Catalogue::name_of(
            &catalogue.glossary.disc,
            d,
        ))
    };
    i18n.t_args(
        lang,
        "style-advice",
        &[
            ("style", name(advice.trainee).into()),
            ("customer", name(advice.customer).into()),
            ("advice", show(&advice.text).into()),
        ],
    )
}

/// Why style answers were refused, in words.
pub fn style_error(i18n: &I18n, lang: Lang, e: &crate::records::style::StyleError) -> String {
    use crate::records::style::StyleError;
    match e {
        StyleError::Count { blocks, answers } => i18n.t_args(
            lang,
            "style-error-count",
            &[("blocks", (*blocks).into()), ("answers", (*answers).into())],
        ),
        StyleError::SameWord(n) => i18n.t_args(lang, "style-error-same", &[("n", (*n).into())]),
        StyleError::Unreadable(n) => {
            i18n.t_args(lang, "style-error-unreadable", &[("n", (*n).into())])
        }
    }
}

/// Why a preview cannot start where it was asked to, in words.
pub fn preset_error(i18n: &I18n, lang: Lang, e: &crate::sim::PresetError) -> String {
    use crate::sim::PresetError;
    let list = |known: &[String]| {
        if known.is_empty() {
            "-".to_string()
        } else {
            known.join(", ")
        }
    };
    match e {
        PresetError::Node { node, known } => {
            let hint = crate::source::did_you_mean(node, known.iter().map(String::as_str))
                .map(|guess| i18n.t_args(lang, "preview-did-you-mean", &[("guess", guess.into())]))
                .unwrap_or_default();
            i18n.t_args(
                lang,
                "preview-no-node",
                &[
                    ("node", node.clone().into()),
                    ("hint", hint.into()),
                    ("known", list(known).into()),
                ],
            )
        }
        PresetError::Flag { flag, known } => i18n.t_args(
            lang,
            if known.is_empty() {
                "preview-no-flags"
            } else {
                "preview-no-flag"
            },
            &[("flag", flag.clone().into()), ("known", list(known).into())],
        ),
        PresetError::Range { what, value } => i18n.t_args(
            lang,
            "preview-range",
            &[("what", (*what).into()), ("value", (*value).into())],
        ),
    }
}
