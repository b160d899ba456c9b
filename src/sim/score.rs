//! Scoring: one reply is worth what its techniques, mistakes, legal points and expectation
//! class are worth in the catalogue, adjusted for this customer (DISC type, need,
//! archetypes), plus the scenario's own effects; a rubric total becomes a 0–100 score
//! against par.

use serde::Serialize;

use crate::catalogue::{Adjust, Catalogue, Move};
use crate::course::{Archetype, Disc, Expectation, Impact, Need, Text};
use crate::scenario::{Choice, Customer};

/// What a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum NoteKind {
    /// A technique used well or badly for this customer.
    Technique,
    /// A mistake.
    Mistake,
    /// A legal point honoured.
    LegalHonoured,
    /// A legal point breached.
    LegalBreached,
    /// The reply read the expectation class right.
    ExpectationMatched,
    /// The reply read the expectation class wrong.
    ExpectationMissed,
    /// Something the customer remembered (a broken promise, a repeated question …).
    Memory,
    /// The scenario's own comment on this reply.
    Scenario,
}

/// One line of feedback with its effect.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    /// What it is about.
    pub kind: NoteKind,
    /// Catalogue id (or the scenario's id for `Scenario`).
    pub id: String,
    /// Course name.
    pub name: Text,
    /// What the trainee is told.
    pub feedback: Text,
    /// Its effect.
    pub impact: Impact,
    /// Its rubric gain was taken away because the reply also carries a hostile or
    /// capitulating mistake (see [`crate::catalogue::Stance`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub voided: bool,
}

/// The scored effect of one reply.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Assessment {
    /// Sum of every note's impact.
    pub impact: Impact,
    /// The notes, in the order techniques, mistakes, legal, expectation, scenario.
    pub notes: Vec<Note>,
}

impl Assessment {
    /// Adds a note and its impact.
    pub fn push(&mut self, note: Note) {
        self.impact += note.impact;
        self.notes.push(note);
    }
}

/// Scores `choice` for `customer` at a point where the customer's expectation is `voiced`.
/// Unknown ids are skipped here; the validator reports them.
pub fn assess(
    catalogue: &Catalogue,
    customer: &Customer,
    voiced: Option<Expectation>,
    choice: &Choice,
) -> Assessment {
    let mut out = assess_every_part(catalogue, customer, voiced, choice);
    void_bonuses(catalogue, choice, &mut out);
    out
}

/// What each part of the reply is worth on its own, before the rule that a hostile or
/// capitulating mistake voids the reply's bonuses: the audit uses it to count the replies
/// that rule catches.
pub fn assess_every_part(
    catalogue: &Catalogue,
    customer: &Customer,
    voiced: Option<Expectation>,
    choice: &Choice,
) -> Assessment {
    let mut out = Assessment::default();
    for id in &choice.techniques {
        if let Some(m) = catalogue.technique(id) {
            out.push(move_note(NoteKind::Technique, m, customer));
        }
    }
    for id in &choice.mistakes {
        if let Some(m) = catalogue.mistake(id) {
            out.push(move_note(NoteKind::Mistake, m, customer));
        }
    }
    for id in &choice.honours {
        if let Some(p) = catalogue.legal_point(id) {
            out.push(Note {
                kind: NoteKind::LegalHonoured,
                id: p.id.clone(),
                name: p.name.clone(),
                feedback: p.honour_feedback.clone(),
                impact: p.honour,
                voided: false,
            });
        }
    }
    for id in &choice.breaks {
        if let Some(p) = catalogue.legal_point(id) {
            out.push(Note {
                kind: NoteKind::LegalBreached,
                id: p.id.clone(),
                name: p.name.clone(),
                feedback: p.breach_feedback.clone(),
                impact: p.breach,
                voided: false,
            });
        }
    }
    if let (Some(read), Some(actual)) = (choice.expectation, voiced)
        && let Some(def) = catalogue.expectation(actual)
    {
        let matched = read == actual;
        out.push(Note {
            kind: if matched {
                NoteKind::ExpectationMatched
            } else {
                NoteKind::ExpectationMissed
            },
            id: actual.key().to_string(),
            name: def.name.clone(),
            feedback: def.response.clone(),
            impact: if matched { def.matched } else { def.mismatched },
            voided: false,
        });
    }
    if choice.replace_catalogue {
        for note in &mut out.notes {
            note.impact = Impact::default();
        }
        out.impact = Impact::default();
    }
    if choice.feedback.is_some() || !choice.effects.is_zero() {
        out.push(Note {
            kind: NoteKind::Scenario,
            id: String::new(),
            name: catalogue.narration.case_note.clone(),
            feedback: choice.feedback.clone().unwrap_or_default(),
            impact: choice.effects,
            voided: false,
        });
    }
    out
}

/// No bonus without the act: a reply that carries a hostile or capitulating mistake (a
/// threat, an insult, a private deal, giving in to extortion) earns no rubric gain of any
/// kind — not for the technique it also names, not for reading the expectation class
/// right, not for the scenario's own effects. Its losses and its effect on the customer stay.
fn void_bonuses(catalogue: &Catalogue, choice: &Choice, out: &mut Assessment) {
    let Some(turning) = choice
        .mistakes
        .iter()
        .filter_map(|id| catalogue.mistake(id))
        .find(|m| m.stance.is_some())
    else {
        return;
    };
    if !out.notes.iter().any(|n| n.impact.gains()) {
        return;
    }
    out.impact = Impact::default();
    for note in &mut out.notes {
        note.voided = note.impact.gains();
        note.impact = note.impact.without_gains();
        if note.kind == NoteKind::Mistake && note.id == turning.id {
            note.feedback = join(&note.feedback, &catalogue.narration.bonus_voided);
        }
        out.impact += note.impact;
    }
}

/// Whether a reply carries a mistake that turns it against the customer or gives in (see
/// [`crate::catalogue::Stance`]).
pub fn turns_reply(catalogue: &Catalogue, choice: &Choice) -> bool {
    choice
        .mistakes
        .iter()
        .filter_map(|id| catalogue.mistake(id))
        .any(|m| m.stance.is_some())
}

/// The note for one catalogue move, adjusted for this customer.
pub fn move_note(kind: NoteKind, m: &Move, customer: &Customer) -> Note {
    move_note_for(
        kind,
        m,
        customer.disc,
        customer.secondary,
        Some(customer.need),
        &customer.archetypes,
    )
}

/// The note for one catalogue move, adjusted for a customer described by what scoring
/// reads (no need: the need's adjustments are left out, as in the `catalogue` command).
pub fn move_note_for(
    kind: NoteKind,
    m: &Move,
    disc: Disc,
    secondary: Option<Disc>,
    need: Option<Need>,
    archetypes: &[Archetype],
) -> Note {
    let mut impact = m.impact;
    let mut feedback = m.feedback.clone();
    // (adjustment, half strength, say its feedback)
    let mut add = |adj: &Adjust, half: bool, say: bool| {
        impact += if half {
            adj.impact.halved()
        } else {
            adj.impact
        };
        if say && let Some(extra) = &adj.feedback {
            feedback = join(&feedback, extra);
        }
    };
    let primary = m.disc.get(&disc);
    if let Some(adj) = primary {
        add(adj, false, true);
    }
    if let Some(adj) = secondary.and_then(|d| m.disc.get(&d)) {
        // The secondary type's feedback is said only where it does not contradict the
        // primary type's (warmth that backfires with a C customer is not also "what an S
        // customer needs"); its half-strength effect applies either way.
        let direction = |a: &Adjust| a.impact.points().iter().sum::<i32>().signum();
        let contradicts = primary.is_some_and(|p| direction(p) * direction(adj) < 0);
        add(adj, true, !contradicts);
    }
    if let Some(adj) = need.and_then(|n| m.need.get(&n)) {
        add(adj, false, true);
    }
    for a in archetypes {
        if let Some(adj) = m.archetype.get(a) {
            add(adj, false, true);
        }
    }
    Note {
        kind,
        id: m.id.clone(),
        name: m.name.clone(),
        feedback,
        impact,
        voided: false,
    }
}

fn join(a: &Text, b: &Text) -> Text {
    let glue = |x: &str, y: &str, sep: &str| {
        if x.is_empty() {
            y.to_string()
        } else {
            format!("{x}{sep}{y}")
        }
    };
    Text::new(glue(&a.zh, &b.zh, ""), glue(&a.en, &b.en, " "))
}

/// A rubric score on the 0–100 scale.
///
/// 100 is *par*: the highest total on that rubric that any complete route through the
/// scenario can earn (found by the exhaustive analysis). The score is `100 × earned / par`,
/// clamped to 0–100, so 0 means the trainee's moves did net harm (or nothing) on that rubric.
pub fn scale(raw: i32, par: i32) -> u8 {
    if par <= 0 {
        return if raw >= par { 100 } else { 0 };
    }
    let pct = (f64::from(raw) * 100.0 / f64::from(par)).round();
    pct.clamp(0.0, 100.0) as u8
}
