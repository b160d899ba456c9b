//! The bundled scenarios and catalogue, as an instructor and a trainee would check them.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use complaint_dojo::rubric::{Catalogue, check};
use complaint_dojo::scenario::{self, Disc};
use complaint_dojo::sim::Engine;

use crate::common::{catalogue, root};

fn library() -> Vec<scenario::Loaded> {
    scenario::load_library(&[root().join("scenarios")], &catalogue())
}

#[test]
fn the_bundled_catalogue_equals_the_file_and_is_clean() {
    let file = catalogue();
    let embedded: Catalogue = check::bundled();
    assert_eq!(file, embedded);
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

#[test]
fn there_is_one_scenario_per_disc_type_with_six_decisions_and_three_endings() {
    let mut types = BTreeSet::new();
    for l in library() {
        let s = l.scenario.unwrap();
        types.insert(s.customer.disc);
        let e = Engine::new(Arc::new(s.clone()), Arc::new(catalogue())).unwrap();
        let a = e.analysis();
        let best = a.balanced.as_ref().unwrap();
        assert!(
            best.choices.len() >= 6,
            "{}: main line has {} decisions",
            s.id,
            best.choices.len()
        );
        assert!(s.endings.len() >= 3, "{}", s.id);
        assert!(
            a.unreached_endings.is_empty(),
            "{}: {:?}",
            s.id,
            a.unreached_endings
        );
        for lang in [&s.title.zh, &s.title.en] {
            assert!(!lang.is_empty());
        }
    }
    assert_eq!(types, Disc::ALL.iter().copied().collect());
}

#[test]
fn every_bundled_scenario_has_a_best_path_of_85_on_every_rubric_and_a_costly_wrong_one() {
    for l in library() {
        let s = l.scenario.unwrap();
        let e = Engine::new(Arc::new(s.clone()), Arc::new(catalogue())).unwrap();
        let a = e.analysis();
        let best = a.balanced.as_ref().unwrap();
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
    let lib = scenario::load_library(&[PathBuf::from(&dir)], &catalogue());
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
