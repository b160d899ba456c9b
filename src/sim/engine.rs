//! One decision, as a pure function: (state, reply) → (next state, scored notes). Sessions
//! and the analysis both call [`Engine::step`], so what the analysis finds is what a trainee
//! meets.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::analysis::{Analysis, analyze};
use super::state::{At, CustomerState};
use crate::rubric::{Assessment, Catalogue, Move, NoteKind, assess, assess::move_note};
use crate::scenario::{Choice, Level, Next, Scenario, Text};

/// A scenario and catalogue ready to play: ids resolved to indices once.
#[derive(Debug)]
pub struct Engine {
    scenario: Arc<Scenario>,
    catalogue: Arc<Catalogue>,
    nodes: HashMap<String, usize>,
    endings: HashMap<String, usize>,
    analysis: OnceLock<Analysis>,
}

/// Why a scenario cannot be played (the validator reports these, with places, first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineError(pub String);

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EngineError {}

/// The result of one decision.
#[derive(Debug, Clone)]
pub struct Step {
    /// The customer after it.
    pub state: CustomerState,
    /// Every scored note, including what the customer's memory added.
    pub assessment: Assessment,
    /// The rung climbed, if the customer escalated.
    pub escalated_to: Option<Level>,
    /// What the customer said on escalating.
    pub escalation_lines: Vec<Text>,
}

impl Engine {
    /// Prepares a scenario for play; fails if an id it needs is missing.
    pub fn new(scenario: Arc<Scenario>, catalogue: Arc<Catalogue>) -> Result<Engine, EngineError> {
        let nodes: HashMap<String, usize> = scenario
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), i))
            .collect();
        let endings: HashMap<String, usize> = scenario
            .endings
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let engine = Engine {
            scenario,
            catalogue,
            nodes,
            endings,
            analysis: OnceLock::new(),
        };
        engine.check_references()?;
        Ok(engine)
    }

    fn check_references(&self) -> Result<(), EngineError> {
        let s = &self.scenario;
        if !self.nodes.contains_key(&s.start) {
            return Err(EngineError(format!(
                "start node `{}` does not exist",
                s.start
            )));
        }
        for node in &s.nodes {
            if node.lines.is_empty() {
                return Err(EngineError(format!("node `{}` has no lines", node.id)));
            }
            for c in &node.choices {
                self.check_next(&c.next)?;
            }
        }
        for rung in &s.escalation {
            if let Some(e) = &rung.ending
                && !self.endings.contains_key(e)
            {
                return Err(EngineError(format!("ending `{e}` does not exist")));
            }
        }
        let memory = &self.catalogue.memory;
        for id in [
            &memory.broken_promise,
            &memory.repeated_question,
            &memory.interrupted_venting,
            &memory.no_response,
        ] {
            if self.catalogue.mistake(id).is_none() {
                return Err(EngineError(format!(
                    "catalogue memory mistake `{id}` does not exist"
                )));
            }
        }
        Ok(())
    }

    fn check_next(&self, next: &Next) -> Result<(), EngineError> {
        match next {
            Next::Goto(n) if !self.nodes.contains_key(n) => {
                Err(EngineError(format!("node `{n}` does not exist")))
            }
            Next::End(e) if !self.endings.contains_key(e) => {
                Err(EngineError(format!("ending `{e}` does not exist")))
            }
            Next::Branch { routes, otherwise } => {
                for r in routes {
                    self.check_next(&r.to)?;
                }
                self.check_next(otherwise)
            }
            _ => Ok(()),
        }
    }

    /// The scenario.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// The catalogue.
    pub fn catalogue(&self) -> &Arc<Catalogue> {
        &self.catalogue
    }

    /// Index of a node by id.
    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.nodes.get(id).copied()
    }

    /// The exhaustive analysis, computed once on first use.
    pub fn analysis(&self) -> &Analysis {
        self.analysis.get_or_init(|| analyze(self))
    }

    /// The customer before the first word.
    pub fn initial_state(&self) -> CustomerState {
        let c = &self.scenario.customer;
        CustomerState {
            at: At::Node(self.nodes[&self.scenario.start]),
            mood: c.mood.clamp(0, 100),
            trust: c.trust.clamp(0, 100),
            patience: c.patience.clamp(0, 100),
            level: Level::FrontLine,
            flags: Default::default(),
            asked: Default::default(),
            open_promises: Default::default(),
            broken: Default::default(),
            interrupted: false,
        }
    }

    /// Indices (into the node's `choices`) of the replies offered in `state`, in file order.
    pub fn available(&self, state: &CustomerState) -> Vec<usize> {
        let At::Node(n) = state.at else {
            return Vec::new();
        };
        self.scenario.nodes[n]
            .choices
            .iter()
            .enumerate()
            .filter(|(_, c)| state.all(&c.when))
            .map(|(i, _)| i)
            .collect()
    }

    /// Plays reply `choice` (an index into the node's `choices`) from `state`.
    /// Returns `None` if the session is over or there is no such reply.
    pub fn step(&self, state: &CustomerState, choice: usize) -> Option<Step> {
        let At::Node(n) = state.at else {
            return None;
        };
        let node = &self.scenario.nodes[n];
        let c = node.choices.get(choice)?;
        let customer = &self.scenario.customer;
        let mut next = state.clone();
        let mut assessment = assess(&self.catalogue, customer, node.expectation, c);

        let listens = c
            .techniques
            .iter()
            .any(|t| self.catalogue.technique(t).is_some_and(|m| m.listens));
        if node.venting && !listens {
            next.interrupted = true;
            self.remember(
                &mut assessment,
                &self.catalogue.memory.interrupted_venting,
                None,
            );
        }
        if let Some(q) = &c.asks
            && !next.asked.insert(q.clone())
        {
            self.remember(
                &mut assessment,
                &self.catalogue.memory.repeated_question,
                None,
            );
        }
        self.settle_promises(&mut next, &mut assessment, Some(c));
        Some(self.finish(next, assessment, Some(c)))
    }

    /// The trainee said nothing before the timer ran out: the customer notices, and the
    /// conversation stays where it is.
    pub fn time_out(&self, state: &CustomerState) -> Option<Step> {
        if state.is_over() {
            return None;
        }
        let mut next = state.clone();
        let mut assessment = Assessment::default();
        self.remember(&mut assessment, &self.catalogue.memory.no_response, None);
        self.settle_promises(&mut next, &mut assessment, None);
        Some(self.finish(next, assessment, None))
    }

    fn remember(&self, assessment: &mut Assessment, mistake: &str, about: Option<&str>) {
        if let Some(m) = self.catalogue.mistake(mistake) {
            let mut note = move_note(NoteKind::Memory, m, &self.scenario.customer);
            if let Some(about) = about {
                note.id = format!("{}:{about}", m.id);
            }
            assessment.push(note);
        }
    }

    fn settle_promises(
        &self,
        next: &mut CustomerState,
        assessment: &mut Assessment,
        choice: Option<&Choice>,
    ) {
        let rule = self.catalogue.memory.broken_promise.clone();
        if let Some(c) = choice {
            for kept in &c.keeps {
                next.open_promises.remove(kept);
            }
            for p in &c.reneges {
                if next.open_promises.remove(p).is_some() {
                    next.broken.insert(p.clone());
                    self.remember(assessment, &rule, Some(p));
                }
            }
        }
        let mut lapsed = Vec::new();
        for (id, left) in next.open_promises.iter_mut() {
            *left = left.saturating_sub(1);
            if *left == 0 {
                lapsed.push(id.clone());
            }
        }
        for id in lapsed {
            next.open_promises.remove(&id);
            next.broken.insert(id.clone());
            self.remember(assessment, &rule, Some(&id));
        }
        if let Some(c) = choice {
            for p in &c.promises {
                next.open_promises.insert(p.id.clone(), p.within.max(1));
            }
        }
    }

    fn finish(
        &self,
        mut next: CustomerState,
        assessment: Assessment,
        choice: Option<&Choice>,
    ) -> Step {
        let s = &self.scenario;
        let i = assessment.impact;
        next.mood = (next.mood + i.mood).clamp(0, 100);
        next.trust = (next.trust + i.trust).clamp(0, 100);
        next.patience =
            (next.patience + i.patience - self.catalogue.turn_cost(s.customer.disc)).clamp(0, 100);
        if let Some(c) = choice {
            for f in &c.clears {
                next.flags.remove(f);
            }
            for f in &c.sets {
                next.flags.insert(f.clone());
            }
        }
        let mut escalated_to = None;
        let mut escalation_lines = Vec::new();
        let mut ended = None;
        for rung in &s.escalation {
            if !next.all(&rung.when) {
                continue;
            }
            let climbs = rung.level > next.level;
            if !climbs && rung.ending.is_none() {
                continue;
            }
            if climbs {
                next.level = rung.level;
                escalated_to = Some(rung.level);
            }
            if let Some(line) = &rung.line {
                escalation_lines.push(line.clone());
            }
            if let Some(e) = &rung.ending {
                ended = Some(self.endings[e]);
                break;
            }
        }
        next.at = match (ended, choice) {
            (Some(e), _) => At::Ended(e),
            (None, Some(c)) => self.resolve(&c.next, &next),
            (None, None) => next.at,
        };
        Step {
            state: next,
            assessment,
            escalated_to,
            escalation_lines,
        }
    }

    fn resolve(&self, next: &Next, state: &CustomerState) -> At {
        match next {
            Next::Goto(n) => At::Node(self.nodes[n]),
            Next::End(e) => At::Ended(self.endings[e]),
            Next::Branch { routes, otherwise } => {
                routes.iter().find(|r| state.all(&r.when)).map_or_else(
                    || self.resolve(otherwise, state),
                    |r| self.resolve(&r.to, state),
                )
            }
        }
    }

    /// The move with this id among techniques or mistakes.
    pub fn catalogue_move(&self, id: &str) -> Option<&Move> {
        self.catalogue
            .technique(id)
            .or_else(|| self.catalogue.mistake(id))
    }
}
