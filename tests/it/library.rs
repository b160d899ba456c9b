//! The bundled scenarios and catalogue, as an instructor and a trainee would check them.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use complaint_dojo::catalogue::{Catalogue, check};
use complaint_dojo::course::{CourseCase, Disc, Expectation, Industry};
use complaint_dojo::library::coverage::Coverage;
use complaint_dojo::library::{Entry, Library};
use complaint_dojo::scenario::{EndingKind, Scenario};
use complaint_dojo::sim::{NoteKind, assess};

use crate::common::{catalogue, root};

fn library() -> Vec<Entry> {
    Library::load(&[root().join("scenarios")], Arc::new(catalogue())).entries
}

#[test]
fn the_bundled_catalogue_equals_the_file_and_is_clean() {
    let file = catalogue();
    let embedded: Catalogue = check::bundled();
    assert_eq!(file, embedded);
    // Optional in the format, but the bundled glossary names every industry and course case,
    // so no card or `stats` row shows a bare RON key.
    for i in Industry::ALL {
        assert!(file.glossary.industry.contains_key(i), "{i:?}");
    }
    for c in CourseCase::ALL {
        assert!(file.glossary.case.contains_key(c), "{c:?}");
    }
}

#[test]
fn every_bundled_scenario_validates_without_errors_or_warnings() {
    let lib = library();
    assert!(lib.len() >= 4);
    for l in &lib {
        assert!(
            l.diagnostics.is_empty(),
            "{}: {:#?}",
            l.path.display(),
            l.diagnostics
        );
    }
}

fn scenarios() -> Vec<Scenario> {
    library()
        .into_iter()
        .map(|l| {
            l.scenario
                .map(|s| (*s).clone())
                .unwrap_or_else(|| panic!("{} does not load", l.path.display()))
        })
        .collect()
}

/// Issue 4's coverage, counted from the files by the same code as `stats`: nothing here is a
/// hand-kept list of which scenario covers what.
#[test]
fn the_library_covers_every_customer_type_need_case_and_right_the_course_teaches() {
    let all = scenarios();
    let cat = catalogue();
    assert!(all.len() >= 24, "{} scenarios", all.len());
    let cov = Coverage::of(&all, &cat);
    for (d, n) in &cov.disc {
        assert!(*n >= 5, "DISC {d:?}: {n} scenarios");
    }
    for (a, n) in &cov.archetype {
        assert!(*n >= 2, "archetype {a:?}: {n} scenarios");
    }
    for (need, n) in &cov.need {
        assert!(*n >= 2, "need {need:?}: {n} scenarios");
    }
    assert_eq!(cov.case.len(), CourseCase::ALL.len());
    for (case, n) in &cov.case {
        assert!(*n >= 1, "course case {case:?} is in no scenario");
    }
    for e in Expectation::ALL {
        assert!(
            cov.expectation[e] >= 1,
            "expectation class {e:?} is never voiced"
        );
    }
    // domain §8: every legal point of the catalogue, the seven the course names among them.
    for id in [
        "right_to_know",
        "right_to_choose",
        "right_to_safety",
        "fair_trade",
        "right_to_compensation",
        "personal_information",
        "lawful_channels",
    ] {
        assert!(cat.legal_point(id).is_some(), "{id}");
    }
    for (id, n) in &cov.legal {
        assert!(*n >= 1, "legal point {id} is honoured or breached nowhere");
    }
    use Industry::*;
    for i in [
        Telecom,
        Courier,
        Automotive,
        Airline,
        Insurance,
        ECommerce,
        DataPrivacy,
        Retail,
        Events,
    ] {
        assert!(cov.industry.get(&i).copied().unwrap_or(0) >= 1, "{i:?}");
    }
    // Difficulty grades from a patient customer with a clear fault to a malicious campaign.
    let levels: BTreeSet<u8> = all.iter().map(|s| s.difficulty).collect();
    assert_eq!(levels, (1..=5).collect());
}

/// Library v2 (issue 15), counted by the same code as `stats`: group complaints in which the
/// trainee answers members with their own profile, public-opinion crises whose stories reach
/// every stage between them, a statutory food-safety claim, and the new legal points in use.
#[test]
fn the_library_has_group_complaints_crises_through_every_stage_and_a_food_safety_claim() {
    let entries = library();
    let all = scenarios();
    let cat = catalogue();
    assert!(all.len() >= 32, "{} scenarios", all.len());
    let engines: Vec<_> = entries
        .iter()
        .filter_map(|e| e.playable().cloned())
        .collect();
    let cov = Coverage::of(&all, &cat).with_opinion(engines.iter().map(|e| &**e));
    assert!(cov.multi_party.len() >= 3, "{:?}", cov.multi_party);
    let groups: Vec<&Scenario> = all.iter().filter(|s| s.cast.len() >= 2).collect();
    assert!(groups.len() >= 3, "{} group complaints", groups.len());
    for s in &groups {
        let addressed = s
            .nodes
            .iter()
            .flat_map(|n| &n.choices)
            .filter(|c| s.addressee(c).is_some_and(|m| m.has_profile()))
            .count();
        assert!(
            addressed >= 2,
            "{}: {addressed} replies addressed to a member with a profile",
            s.id
        );
    }
    let crises = all.iter().filter(|s| s.opinion.is_some()).count();
    assert!(crises >= 3, "{crises} scenarios with an opinion meter");
    for (stage, ids) in &cov.opinion_stages {
        assert!(!ids.is_empty(), "no story reaches {stage:?}");
    }
    assert!(
        all.iter().any(|s| s
            .customer
            .claim
            .as_ref()
            .is_some_and(|c| c.statutory.as_deref() == Some("food_safety_148"))),
        "no statutory food-safety claim"
    );
    for id in [
        "food_safety",
        "prepaid_refund",
        "fraud_damages",
        "breach_notification",
    ] {
        assert!(cov.legal.get(id).copied().unwrap_or(0) >= 1, "{id} unused");
    }
}

/// Every scenario file on its own: four endings, the escalation ladder reachable up to a
/// regulator or the media, a briefing to act on, every reply explained. (The main line's length
/// needs the analysis and is checked with the other routes below.)
#[test]
fn every_scenario_has_four_endings_a_public_escalation_and_explained_replies() {
    let cat = catalogue();
    let mut unexplained = Vec::new();
    for s in scenarios() {
        assert!(
            s.endings.len() >= 4,
            "{}: {} endings",
            s.id,
            s.endings.len()
        );
        assert!(
            s.endings.iter().any(|e| matches!(
                e.kind,
                EndingKind::EscalatedRegulator
                    | EndingKind::EscalatedMedia
                    | EndingKind::PublicOpinionCrisis
            )),
            "{}: no path to a regulator or the media",
            s.id
        );
        assert!(!s.briefing.legal_notes.is_empty(), "{}", s.id);
        assert!(!s.briefing.remedies.is_empty(), "{}", s.id);
        for n in &s.nodes {
            for (i, c) in n.choices.iter().enumerate() {
                let notes = assess(&cat, &s.profile_for(c), n.expectation, c).notes;
                let named = notes
                    .iter()
                    .any(|x| matches!(x.kind, NoteKind::Technique | NoteKind::Mistake));
                // "Why for this customer": the scenario's own feedback, or a catalogue
                // adjustment for this customer's DISC type, need or archetype.
                let for_this_customer = c.feedback.is_some()
                    || notes.iter().any(|x| {
                        let base = match x.kind {
                            NoteKind::Technique => cat.technique(&x.id),
                            NoteKind::Mistake => cat.mistake(&x.id),
                            _ => None,
                        };
                        base.is_some_and(|m| m.feedback != x.feedback)
                    });
                if !named || !for_this_customer {
                    unexplained.push(format!(
                        "{} {}#{} (named: {named}, for this customer: {for_this_customer})",
                        s.id,
                        n.id,
                        i + 1
                    ));
                }
            }
        }
    }
    assert!(
        unexplained.is_empty(),
        "{} replies without feedback that names a move and says why for this customer:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
}

/// The same move must not score the same with every customer: each scenario has replies
/// whose points change if the customer were of another DISC type.
#[test]
fn every_scenario_has_replies_that_depend_on_the_customers_disc_type() {
    let cat = catalogue();
    for s in scenarios() {
        let depends = s.nodes.iter().flat_map(|n| &n.choices).any(|c| {
            let here = assess(&cat, &s.customer, None, c).impact;
            Disc::ALL.iter().any(|d| {
                let mut other = s.customer.clone();
                other.disc = *d;
                other.secondary = None;
                assess(&cat, &other, None, c).impact != here
            })
        });
        assert!(depends, "{}: no reply depends on the DISC type", s.id);
    }
}

/// The exhaustive analyser on every bundled scenario: a main line of at least 8 decisions, a
/// route that earns 85+ on all three rubrics, a tempting wrong route that costs below 40
/// somewhere, every ending reachable and no reply that is never offered or changes nothing.
#[test]
fn every_bundled_scenario_has_a_best_path_of_85_on_every_rubric_and_a_costly_wrong_one() {
    for entry in library() {
        let e = entry.engine.expect("every bundled scenario is playable");
        let s = e.scenario();
        let a = e.analysis();
        let best = a.balanced.as_ref().unwrap();
        assert!(
            best.choices.len() >= 8,
            "{}: main line has {} decisions",
            s.id,
            best.choices.len()
        );
        assert!(
            best.scores.iter().all(|&x| x >= 85),
            "{}: {:?}",
            s.id,
            best.scores
        );
        assert!(
            a.worst.iter().any(|w| w.scores.iter().any(|&x| x < 40)),
            "{}: no tempting wrong route",
            s.id
        );
        assert!(
            a.unreached_endings.is_empty(),
            "{}: unreached endings {:?}",
            s.id,
            a.unreached_endings
        );
        assert!(
            a.never_offered.is_empty() && a.inert.is_empty(),
            "{}: dead replies {:?} {:?}",
            s.id,
            a.never_offered,
            a.inert
        );
        assert!(
            a.dead_ends.is_empty() && a.loops.is_empty() && !a.truncated,
            "{}",
            s.id
        );
    }
}

#[test]
fn a_folder_with_broken_files_still_loads_the_good_ones() {
    let dir = std::env::temp_dir().join(format!("dojo-lib-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/minimal.ron"),
        dir.join("good.ron"),
    )
    .unwrap();
    std::fs::write(dir.join("broken.ron"), "Scenario(id: ").unwrap();
    std::fs::write(
        dir.join("dupe.ron"),
        std::fs::read(root().join("tests/fixtures/minimal.ron")).unwrap(),
    )
    .unwrap();
    let lib = Library::load(&[PathBuf::from(&dir)], Arc::new(catalogue())).entries;
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(lib.len(), 3);
    let by_name = |n: &str| lib.iter().find(|l| l.path.ends_with(n)).unwrap();
    assert!(by_name("broken.ron").has_errors());
    assert!(by_name("broken.ron").scenario.is_none());
    // The first of two files with the same id is fine; the second is told about the first.
    assert!(by_name("dupe.ron").playable().is_some());
    let good = by_name("good.ron");
    assert!(good.has_errors());
    assert!(
        good.diagnostics[0]
            .message
            .starts_with("scenario id `minimal` is also used by")
    );
}
