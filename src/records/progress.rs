//! Progress from the records: a recency-weighted proficiency per rubric, habits (the
//! mistakes a trainee keeps making, by the customer's DISC type, and the techniques they
//! use most), and the scenario to play next (one that works the weakest rubric, with a
//! customer type not yet mastered, at about the trainee's level).
//!
//! Plain functions over what was played and what the library offers; no file, no window.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::course::Disc;

/// One recorded session, as progress reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Played {
    /// The scenario's id.
    pub scenario: String,
    /// Its customer's DISC type (when the scenario is still in the library).
    pub disc: Option<Disc>,
    /// 情, 理, 法 when it reached an ending.
    pub scores: Option<[u8; 3]>,
    /// Passed, when it reached an ending.
    pub passed: Option<bool>,
    /// The catalogue notes it earned, `kind:id`, each once per session.
    pub notes: BTreeSet<String>,
}

/// A scenario the library offers.
#[derive(Debug, Clone, PartialEq)]
pub struct Offered {
    /// Its id.
    pub id: String,
    /// Its customer's DISC type.
    pub disc: Disc,
    /// 1 (easy) to 5.
    pub difficulty: u8,
    /// The most a route earns on 情, 理, 法 (the analysis's par).
    pub par: [i32; 3],
}

/// How strongly the newest session counts against the one before it.
const RECENCY: f64 = 0.7;

/// Scores at or above this on all three rubrics, in a passed session, master a DISC type
/// (the course's Proficient band).
pub const MASTERY: u8 = 70;

/// The recency-weighted mean of each rubric over the finished sessions (`played` newest
/// first): the newest weighs 1, the one before 0.7, then 0.49 … None before any.
pub fn proficiency(played: &[Played]) -> Option<[u8; 3]> {
    let mut sum = [0.0f64; 3];
    let mut weight = 0.0;
    let mut w = 1.0;
    for s in played.iter().filter_map(|p| p.scores) {
        for k in 0..3 {
            sum[k] += w * f64::from(s[k]);
        }
        weight += w;
        w *= RECENCY;
    }
    (weight > 0.0).then(|| sum.map(|x| (x / weight).round().clamp(0.0, 100.0) as u8))
}

/// A habit: a note seen in several sessions with customers of one DISC type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Habit {
    /// The note, `kind:id` (e.g. `Mistake:interrupting`).
    pub note: String,
    /// The customer type.
    pub disc: Disc,
    /// Sessions with that customer type that show it.
    pub sessions: usize,
    /// Sessions with that customer type.
    pub of: usize,
}

/// Whether a note is a bad habit (a mistake or a breached legal point), a good one (a
/// technique), or not a habit at all (how a reply read the expectation, the scenario's own
/// comment …).
pub fn habit_kind(note: &str) -> Option<bool> {
    match note.split_once(':').map(|(k, _)| k) {
        Some("Mistake" | "LegalBreached") => Some(false),
        Some("Technique") => Some(true),
        _ => None,
    }
}

/// A note's catalogue id (`Mistake:interrupting` → `interrupting`).
pub fn habit_id(note: &str) -> &str {
    note.split_once(':').map_or(note, |(_, id)| id)
}

/// The course name of a habit's note (`Mistake:id`, `Technique:id`, `LegalBreached:id`),
/// when the catalogue knows it.
pub fn habit_name<'a>(
    catalogue: &'a crate::catalogue::Catalogue,
    note: &str,
) -> Option<&'a crate::course::Text> {
    let (kind, id) = note.split_once(':')?;
    match kind {
        "Mistake" => catalogue.mistake(id).map(|x| &x.name),
        "Technique" => catalogue.technique(id).map(|x| &x.name),
        _ => catalogue.legal_point(id).map(|x| &x.name),
    }
}

/// Mistakes and breaches (then techniques) seen in at least two sessions with one customer
/// type, most frequent first: "you interrupt venting customers in 3 of 5 sessions".
pub fn habits(played: &[Played]) -> Vec<Habit> {
    let mut per_disc: BTreeMap<Disc, usize> = BTreeMap::new();
    let mut seen: BTreeMap<(Disc, &str), usize> = BTreeMap::new();
    for p in played {
        let Some(disc) = p.disc else { continue };
        *per_disc.entry(disc).or_default() += 1;
        for n in p.notes.iter().filter(|n| habit_kind(n).is_some()) {
            *seen.entry((disc, n.as_str())).or_default() += 1;
        }
    }
    let mut out: Vec<Habit> = seen
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|((disc, note), sessions)| Habit {
            note: note.to_string(),
            disc,
            sessions,
            of: per_disc[&disc],
        })
        .collect();
    let rank = |h: &Habit| u8::from(habit_kind(&h.note) == Some(true));
    out.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then((b.sessions * a.of).cmp(&(a.sessions * b.of)))
            .then(b.sessions.cmp(&a.sessions))
            .then(a.note.cmp(&b.note))
    });
    out
}

/// The scenario to play next and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    /// The scenario's id.
    pub scenario: String,
    /// The rubric it works (0 情, 1 理, 2 法): the weakest.
    pub rubric: usize,
    /// Its customer's DISC type, not yet mastered.
    pub disc: Disc,
    /// Its difficulty.
    pub difficulty: u8,
}

/// The DISC types mastered: a passed session with that customer type scoring at least
/// [`MASTERY`] on all three rubrics.
pub fn mastered(played: &[Played]) -> BTreeSet<Disc> {
    played
        .iter()
        .filter(|p| {
            p.passed == Some(true) && p.scores.is_some_and(|s| s.iter().all(|&x| x >= MASTERY))
        })
        .filter_map(|p| p.disc)
        .collect()
}

/// The next scenario: among those whose customer type is not mastered yet (all of them once
/// every type is) and not yet passed, at most one step above the hardest passed so far, the
/// one whose par leans most on the weakest rubric; ties go to the easier, then the id.
pub fn recommend(played: &[Played], offered: &[Offered]) -> Option<Recommendation> {
    let weakest = proficiency(played).map_or(0, |p| (0..3).min_by_key(|&k| (p[k], k)).unwrap_or(0));
    let done = mastered(played);
    let passed: BTreeSet<&str> = played
        .iter()
        .filter(|p| p.passed == Some(true))
        .map(|p| p.scenario.as_str())
        .collect();
    let level = offered
        .iter()
        .filter(|o| passed.contains(o.id.as_str()))
        .map(|o| o.difficulty)
        .max()
        .unwrap_or(0)
        + 1;
    let all_mastered = offered.iter().all(|o| done.contains(&o.disc));
    let lean = |o: &Offered| {
        let total: i32 = o.par.iter().map(|&p| p.max(0)).sum();
        if total == 0 {
            0
        } else {
            o.par[weakest].max(0) * 1000 / total
        }
    };
    offered
        .iter()
        .filter(|o| all_mastered || !done.contains(&o.disc))
        .filter(|o| !passed.contains(o.id.as_str()))
        .filter(|o| o.difficulty <= level.max(1))
        .max_by(|a, b| {
            lean(a)
                .cmp(&lean(b))
                .then(b.difficulty.cmp(&a.difficulty))
                .then(b.id.cmp(&a.id))
        })
        .map(|o| Recommendation {
            scenario: o.id.clone(),
            rubric: weakest,
            disc: o.disc,
            difficulty: o.difficulty,
        })
}

/// A trainee's progress against a library: what the History screen and `progress` show.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Progress {
    /// Finished sessions counted.
    pub finished: usize,
    /// Recency-weighted 情, 理, 法.
    pub proficiency: Option<[u8; 3]>,
    /// The DISC types mastered.
    pub mastered: Vec<Disc>,
    /// Habits, most telling first.
    pub habits: Vec<Habit>,
    /// The scenario to play next.
    pub next: Option<Recommendation>,
    /// What the trainee has towards the belts.
    pub standing: Standing,
    /// The belt held.
    pub belt: Option<Belt>,
    /// The next belt, and what it asks.
    pub next_belt: Option<Belt>,
    /// The trainee's style self-reflection, if they took it.
    pub style: Option<super::style::Blend>,
    /// Advice on the trainee's own style against the next scenario's customer.
    pub next_advice: Vec<super::style::Advice>,
}

impl Progress {
    /// Reads `trainee`'s sessions from `records` and weighs them against the playable
    /// scenarios of `library`.
    pub fn read(
        records: &super::Records,
        trainee: &str,
        library: &[crate::library::Entry],
    ) -> Result<Progress, super::RecordsError> {
        let disc_of = |id: &str| {
            library
                .iter()
                .filter_map(|e| e.scenario.as_ref())
                .find(|s| s.id == id)
                .map(|s| s.customer.disc)
        };
        let played = records.played(trainee, disc_of)?;
        let offered: Vec<Offered> = library
            .iter()
            .filter_map(|e| e.engine.as_ref())
            .map(|e| Offered {
                id: e.scenario().id.clone(),
                disc: e.scenario().customer.disc,
                difficulty: e.scenario().difficulty,
                par: e.analysis().par,
            })
            .collect();
        let standing = Standing::of(&played, &offered);
        let (belt, next_belt) = rank(&standing);
        let next = recommend(&played, &offered);
        let style = records.style(trainee)?.map(|s| s.blend);
        let next_advice = match (&style, &next) {
            (Some(blend), Some(r)) => super::style::reflection()
                .advice_for(blend, r.disc)
                .into_iter()
                .cloned()
                .collect(),
            _ => Vec::new(),
        };
        Ok(Progress {
            style,
            next_advice,
            standing,
            belt: belt.cloned(),
            next_belt: next_belt.cloned(),
            finished: played.iter().filter(|p| p.scores.is_some()).count(),
            proficiency: proficiency(&played),
            mastered: mastered(&played).into_iter().collect(),
            habits: habits(&played),
            next,
        })
    }
}

/// A dojo rank and what it asks (`assets/ranks.ron`).
#[derive(Debug, Clone, PartialEq, serde::Deserialize, Serialize)]
pub struct Belt {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: crate::course::Text,
    /// Distinct scenarios passed.
    pub scenarios: usize,
    /// Distinct DISC customer types mastered.
    pub disc: usize,
    /// The lowest rubric proficiency.
    pub rubric: u8,
    /// The hardest scenario passed.
    pub difficulty: u8,
}

/// The belts, lowest first, from `assets/ranks.ron` (compiled in).
pub fn belts() -> &'static [Belt] {
    static BELTS: std::sync::OnceLock<Vec<Belt>> = std::sync::OnceLock::new();
    BELTS.get_or_init(|| ron::from_str(include_str!("../../assets/ranks.ron")).unwrap_or_default())
}

/// What a trainee has towards the belts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Standing {
    /// Distinct scenarios passed.
    pub scenarios: usize,
    /// DISC types mastered.
    pub disc: usize,
    /// The lowest rubric proficiency (0 before any finished session).
    pub rubric: u8,
    /// The hardest scenario passed (0 before any).
    pub difficulty: u8,
}

impl Standing {
    /// Reads the standing from what was played and the library's scenarios.
    pub fn of(played: &[Played], offered: &[Offered]) -> Standing {
        let passed: BTreeSet<&str> = played
            .iter()
            .filter(|p| p.passed == Some(true))
            .map(|p| p.scenario.as_str())
            .collect();
        Standing {
            scenarios: passed.len(),
            disc: mastered(played).len(),
            rubric: proficiency(played).map_or(0, |p| p.into_iter().min().unwrap_or(0)),
            difficulty: offered
                .iter()
                .filter(|o| passed.contains(o.id.as_str()))
                .map(|o| o.difficulty)
                .max()
                .unwrap_or(0),
        }
    }

    /// Whether `belt` is earned.
    pub fn meets(&self, belt: &Belt) -> bool {
        self.scenarios >= belt.scenarios
            && self.disc >= belt.disc
            && self.rubric >= belt.rubric
            && self.difficulty >= belt.difficulty
    }
}

/// The belt held (the highest whose requirements, and all below, are met) and the next one.
pub fn rank(standing: &Standing) -> (Option<&'static Belt>, Option<&'static Belt>) {
    let all = belts();
    let held = all.iter().take_while(|b| standing.meets(b)).count();
    (held.checked_sub(1).and_then(|i| all.get(i)), all.get(held))
}
