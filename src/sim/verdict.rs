//! Whether a session passed: the ending's verdict (from the catalogue, by the ending's kind;
//! a scenario may call an escalation acceptable) and the critical breaches on the way (legal
//! points and mistakes the catalogue flags `critical`, such as leaking personal data or
//! threatening the customer). A failed outcome or a critical breach means not passed, and
//! the overall band is capped at the second band (Developing).

use serde::Serialize;

use super::score::{Note, NoteKind};
use crate::catalogue::{Band, Catalogue};
use crate::course::{Rubric, Text, Verdict};
use crate::scenario::Ending;

/// The band an unpassed session cannot rise above: the catalogue's second band (Developing).
const CAP_BAND: usize = 1;

/// An ending's verdict: its kind's, or `Acceptable` where the scenario says the escalation
/// is right.
pub fn verdict_of(catalogue: &Catalogue, ending: &Ending) -> Verdict {
    let v = catalogue
        .verdicts
        .get(&ending.kind)
        .copied()
        .unwrap_or(Verdict::Acceptable);
    if ending.acceptable && !v.passes() {
        Verdict::Acceptable
    } else {
        v
    }
}

/// Whether a note is a critical breach.
pub fn is_critical(catalogue: &Catalogue, note: &Note) -> bool {
    match note.kind {
        NoteKind::LegalBreached => catalogue.legal_point(&note.id).is_some_and(|p| p.critical),
        NoteKind::Mistake => catalogue.mistake(&note.id).is_some_and(|m| m.critical),
        NoteKind::Memory => {
            let id = note.id.split(':').next().unwrap_or_default();
            catalogue.mistake(id).is_some_and(|m| m.critical)
        }
        _ => false,
    }
}

/// A critical breach in a session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breach {
    /// The decision it happened at (1-based).
    pub decision: usize,
    /// The legal point or mistake.
    pub name: Text,
}

/// How the session stands once it has ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    /// The ending's verdict.
    pub verdict: Verdict,
    /// Critical breaches, in order.
    pub breaches: Vec<Breach>,
    /// Passed: the verdict passes and there is no critical breach.
    pub passed: bool,
    /// The overall band: the lowest of the three rubric bands, capped at Developing when
    /// not passed.
    pub band: Text,
    /// Its descriptor.
    pub descriptor: Text,
}

/// The standing of a finished session: `scores` are the three 0–100 scores in
/// [`Rubric::ALL`] order, `notes` each decision's notes.
pub fn standing<'a>(
    catalogue: &Catalogue,
    ending: &Ending,
    scores: [u8; 3],
    notes: impl Iterator<Item = &'a [Note]>,
) -> Standing {
    let verdict = verdict_of(catalogue, ending);
    let breaches: Vec<Breach> = notes
        .enumerate()
        .flat_map(|(i, ns)| {
            ns.iter()
                .filter(|n| is_critical(catalogue, n))
                .map(move |n| Breach {
                    decision: i + 1,
                    name: n.name.clone(),
                })
        })
        .collect();
    let passed = verdict.passes() && breaches.is_empty();
    // The lowest band over the three rubrics, by position in each rubric's band list.
    let mut lowest: Option<(usize, &[Band])> = None;
    for r in Rubric::ALL {
        let Some(def) = catalogue.rubric(r) else {
            continue;
        };
        let at = def
            .bands
            .iter()
            .rposition(|b| scores[r.index()] >= b.from)
            .unwrap_or(0);
        if lowest.is_none_or(|(l, _)| at < l) {
            lowest = Some((at, &def.bands));
        }
    }
    let (band, descriptor) = match lowest {
        Some((at, bands)) => {
            let at = if passed { at } else { at.min(CAP_BAND) };
            bands
                .get(at)
                .map(|b| (b.name.clone(), b.descriptor.clone()))
                .unwrap_or_default()
        }
        None => Default::default(),
    };
    Standing {
        verdict,
        breaches,
        passed,
        band,
        descriptor,
    }
}
