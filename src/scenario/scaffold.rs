//! A new scenario to start from (`complaint-dojo new`): the template `assets/scaffold.ron`
//! with the customer the author asked for filled in. Every field of the format is present;
//! every text is a placeholder starting with `TODO` that the checks report as a warning
//! naming what to write, so the new file validates with no error from the first minute.

use crate::course::{Archetype, Disc, Industry, Need};

/// The template shipped in the binary.
pub const TEMPLATE: &str = include_str!("../../assets/scaffold.ron");

/// What a text starts with while it is still a placeholder.
pub const PLACEHOLDER: &str = "TODO";

/// The customer and the case the author asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// The scenario id (also the file's name).
    pub id: String,
    /// The customer's DISC type.
    pub disc: Disc,
    /// The need behind the complaint.
    pub need: Need,
    /// The industry.
    pub industry: Industry,
    /// Difficult-customer archetypes.
    pub archetypes: Vec<Archetype>,
}

/// The new scenario's text.
pub fn scaffold(spec: &Spec) -> String {
    let archetypes = spec
        .archetypes
        .iter()
        .map(|a| a.key())
        .collect::<Vec<_>>()
        .join(", ");
    let claim = if spec.archetypes.contains(&Archetype::HighCompensationClaim) {
        "        claim: Some((demanded: 20000, direct_loss: 5000, currency: \"CNY\")),   // TODO: the real amounts"
    } else {
        "        // claim: Some((demanded: 20000, direct_loss: 5000, currency: \"CNY\")),   // for a money claim"
    };
    TEMPLATE
        .replace("{{id}}", &spec.id)
        .replace("{{disc}}", spec.disc.key())
        .replace("{{need}}", spec.need.key())
        .replace("{{industry}}", spec.industry.key())
        .replace("{{archetypes}}", &archetypes)
        .replace("{{claim}}", claim)
}

/// What the author still has to write, when `text` is a placeholder: the words after
/// `TODO:` (English first, else Chinese), or the whole text.
pub fn placeholder(text: &crate::course::Text) -> Option<String> {
    let rest = |s: &str| {
        let s = s.trim_start();
        s.strip_prefix(PLACEHOLDER)
            .map(|r| r.trim_start_matches([':', '：', ' ']).trim().to_string())
    };
    rest(&text.en).or_else(|| rest(&text.zh))
}
