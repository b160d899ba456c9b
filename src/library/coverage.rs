//! What a scenario library covers of the course: DISC types × archetypes, needs, course
//! cases, industries, expectation classes, legal points and escalation rungs — counted from
//! the files themselves, so an instructor sees the gaps at a glance.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalogue::Catalogue;
use crate::course::{Archetype, CourseCase, Disc, Expectation, Industry, Level, Need, Stage};
use crate::scenario::{EndingKind, Scenario};
use crate::sim::Engine;

/// The column for customers with no special archetype.
pub const NO_ARCHETYPE: &str = "None";

/// Counts of scenarios per course concept.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Coverage {
    /// Scenarios counted.
    pub scenarios: usize,
    /// DISC type → archetype key (or [`NO_ARCHETYPE`]) → scenarios.
    pub disc_archetype: BTreeMap<Disc, BTreeMap<String, usize>>,
    /// DISC type (primary) → scenarios.
    pub disc: BTreeMap<Disc, usize>,
    /// Archetype → scenarios.
    pub archetype: BTreeMap<Archetype, usize>,
    /// Need → scenarios.
    pub need: BTreeMap<Need, usize>,
    /// Course case → scenarios.
    pub case: BTreeMap<CourseCase, usize>,
    /// Industry → scenarios.
    pub industry: BTreeMap<Industry, usize>,
    /// Expectation class declared by some node → scenarios.
    pub expectation: BTreeMap<Expectation, usize>,
    /// Legal point honoured or breached by some reply → scenarios.
    pub legal: BTreeMap<String, usize>,
    /// Escalation rung reachable by a threshold or an ending → scenarios.
    pub level: BTreeMap<Level, usize>,
    /// Scenarios (by id) in which two or more people speak on the customer's side: group
    /// complaints, a spouse, a journalist.
    pub multi_party: Vec<String>,
    /// Public-opinion stage → the scenarios (by id) whose story some route takes there, as
    /// the analysis finds (only scenarios with an opinion meter; filled by
    /// [`Coverage::with_opinion`]).
    pub opinion_stages: BTreeMap<Stage, Vec<String>>,
}

impl Coverage {
    /// Counts `scenarios` against `catalogue` (every catalogue legal point gets a row).
    pub fn of<'a>(
        scenarios: impl IntoIterator<Item = &'a Scenario>,
        catalogue: &Catalogue,
    ) -> Coverage {
        let mut c = Coverage::default();
        for d in Disc::ALL {
            c.disc.insert(*d, 0);
            let row = c.disc_archetype.entry(*d).or_default();
            row.insert(NO_ARCHETYPE.to_string(), 0);
            for a in Archetype::ALL {
                row.insert(a.key().to_string(), 0);
            }
        }
        for a in Archetype::ALL {
            c.archetype.insert(*a, 0);
        }
        for n in Need::ALL {
            c.need.insert(*n, 0);
        }
        for k in CourseCase::ALL {
            c.case.insert(*k, 0);
        }
        for e in Expectation::ALL {
            c.expectation.insert(*e, 0);
        }
        for l in &Level::ALL[1..] {
            c.level.insert(*l, 0);
        }
        for p in &catalogue.legal {
            c.legal.insert(p.id.clone(), 0);
        }
        for s in scenarios {
            c.scenarios += 1;
            let cu = &s.customer;
            *c.disc.entry(cu.disc).or_default() += 1;
            let row = c.disc_archetype.entry(cu.disc).or_default();
            if cu.archetypes.is_empty() {
                *row.entry(NO_ARCHETYPE.to_string()).or_default() += 1;
            }
            for a in &cu.archetypes {
                *row.entry(a.key().to_string()).or_default() += 1;
                *c.archetype.entry(*a).or_default() += 1;
            }
            *c.need.entry(cu.need).or_default() += 1;
            for k in s.cases.iter().collect::<std::collections::BTreeSet<_>>() {
                *c.case.entry(*k).or_default() += 1;
            }
            *c.industry.entry(s.industry).or_default() += 1;
            let mut expectations = std::collections::BTreeSet::new();
            let mut legal = std::collections::BTreeSet::new();
            for n in &s.nodes {
                expectations.extend(n.expectation);
                for ch in &n.choices {
                    legal.extend(ch.honours.iter().chain(&ch.breaks).cloned());
                }
            }
            for e in expectations {
                *c.expectation.entry(e).or_default() += 1;
            }
            for l in legal {
                *c.legal.entry(l).or_default() += 1;
            }
            let mut levels: std::collections::BTreeSet<Level> =
                s.escalation.iter().map(|r| r.level).collect();
            levels.extend(s.endings.iter().filter_map(|e| EndingKind::level(e.kind)));
            levels.remove(&Level::FrontLine);
            for l in levels {
                *c.level.entry(l).or_default() += 1;
            }
            let speakers: std::collections::BTreeSet<Option<&str>> = s
                .nodes
                .iter()
                .flat_map(|n| &n.lines)
                .map(|l| l.speaker.as_deref())
                .collect();
            if speakers.len() >= 2 {
                c.multi_party.push(s.id.clone());
            }
        }
        c
    }

    /// The same counts with the public-opinion stages each playable scenario's story can
    /// reach (this runs the analysis of every scenario with a meter).
    pub fn with_opinion<'a>(mut self, engines: impl IntoIterator<Item = &'a Engine>) -> Coverage {
        for s in Stage::ALL {
            self.opinion_stages.insert(*s, Vec::new());
        }
        for e in engines.into_iter().filter(|e| e.has_opinion()) {
            for s in &e.analysis().stages {
                self.opinion_stages
                    .entry(*s)
                    .or_default()
                    .push(e.scenario().id.clone());
            }
        }
        self
    }
}
