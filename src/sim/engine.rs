//! One decision, as a pure function: (state, reply) → (next state, scored notes). Sessions
//! and the analysis both call the same transition ([`Engine::step`] builds the notes a
//! trainee reads; [`Engine::advance`] only the points, for the search), so what the analysis
//! finds is what a trainee meets.
//!
//! The engine compiles a scenario once: ids become indices, conditions become flat tests
//! (`Not(Not(…))` is a sign, not a recursion), and each reply's catalogue score for this
//! customer is computed once.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use super::analysis::{Analysis, analyze};
use super::score::{Assessment, NoteKind, assess, move_note};
use super::state::{At, CustomerState, Layout};
use crate::catalogue::Catalogue;
use crate::course::{Impact, Level, Points, Stage, Text};
use crate::scenario::{Condition, MAX_PROMISE_DECISIONS, Next, Scenario};

/// A scenario and catalogue ready to play: ids resolved to indices once.
#[derive(Debug)]
pub struct Engine {
    scenario: Arc<Scenario>,
    catalogue: Arc<Catalogue>,
    nodes: HashMap<String, usize>,
    compiled: Compiled,
    analysis: OnceLock<Analysis>,
    revision: String,
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

/// What the customer's memory noticed in one decision.
#[derive(Debug, Default)]
struct Noticed {
    interrupted: bool,
    repeated_question: bool,
    /// Promises broken, reneged first, then lapsed (by index, in id order).
    broken: Vec<usize>,
}

#[derive(Debug, Default)]
struct Compiled {
    layout: Layout,
    promise_ids: Vec<String>,
    flag_index: HashMap<String, usize>,
    question_index: HashMap<String, usize>,
    promise_index: HashMap<String, usize>,
    nodes: Vec<CNode>,
    nexts: Vec<CNext>,
    rungs: Vec<CRung>,
    /// The impact of each memory rule for this customer: broken promise, repeated question,
    /// interrupted venting, no response.
    memory: [Impact; 4],
    turn_cost: i32,
    /// Heat the story gains each decision, when the scenario has a public-opinion meter.
    spread: Option<i32>,
    start: usize,
}

#[derive(Debug)]
struct CNode {
    /// Conditions tested to see which lines and replies a state is offered here.
    open_cost: u64,
    venting: bool,
    lines: Vec<Vec<Cond>>,
    choices: Vec<CChoice>,
}

#[derive(Debug)]
struct CChoice {
    /// Conditions a step through this reply may test: escalation rungs and branch routes.
    step_cost: u64,
    when: Vec<Cond>,
    listens: bool,
    impact: Impact,
    sets: Vec<usize>,
    clears: Vec<usize>,
    asks: Option<usize>,
    promises: Vec<(usize, u8)>,
    keeps: Vec<usize>,
    reneges: Vec<usize>,
    next: usize,
}

/// Where a reply leads. Branches refer to their routes' targets by position in
/// `Compiled::nexts`, so resolving one is a loop, however deep the file nests them.
#[derive(Debug)]
enum CNext {
    Goto(usize),
    End(usize),
    Branch(Vec<(Vec<Cond>, usize)>, usize),
}

#[derive(Debug)]
struct CRung {
    level: Level,
    when: Vec<Cond>,
    ending: Option<usize>,
}

/// A condition with any number of `Not`s folded into one sign.
#[derive(Debug, Clone, Copy)]
struct Cond {
    negate: bool,
    test: Test,
}

#[derive(Debug, Clone, Copy)]
enum Test {
    Flag(usize),
    Mood(i32, i32),
    Trust(i32, i32),
    Patience(i32, i32),
    EscalatedTo(Level),
    Asked(usize),
    Promised(usize),
    BrokePromise(usize),
    Interrupted,
    Heat(i32, i32),
    Stage(Stage),
    Reached(Stage),
}

/// Every distinct name used for one kind of memory, numbered in name order (so that iterating
/// by number is iterating by name, as the customer's memory always has).
fn intern(names: BTreeSet<&str>) -> HashMap<String, usize> {
    names
        .into_iter()
        .enumerate()
        .map(|(i, n)| (n.to_string(), i))
        .collect()
}

/// Names used by a condition, whatever its nesting.
fn condition_names<'a>(
    c: &'a Condition,
    flags: &mut BTreeSet<&'a str>,
    asked: &mut BTreeSet<&'a str>,
    promises: &mut BTreeSet<&'a str>,
) {
    let mut c = c;
    while let Condition::Not(inner) = c {
        c = inner;
    }
    match c {
        Condition::Flag(f) | Condition::NotFlag(f) => {
            flags.insert(f);
        }
        Condition::Asked(q) => {
            asked.insert(q);
        }
        Condition::Promised(p) | Condition::BrokePromise(p) => {
            promises.insert(p);
        }
        _ => {}
    }
}

fn clamp_percent(v: i32) -> u8 {
    v.clamp(0, 100) as u8
}

impl Engine {
    /// Prepares a scenario for play; fails if an id it needs is missing.
    pub fn new(scenario: Arc<Scenario>, catalogue: Arc<Catalogue>) -> Result<Engine, EngineError> {
        let nodes: HashMap<String, usize> = scenario
            .node_positions()
            .into_iter()
            .map(|(id, i)| (id.to_string(), i))
            .collect();
        let compiled = Compiler::new(&scenario, &catalogue, &nodes)?.compile()?;
        Ok(Engine {
            scenario,
            catalogue,
            nodes,
            compiled,
            analysis: OnceLock::new(),
            revision: String::new(),
        })
    }

    /// The same engine, labelled with the revision of the file it came from (see
    /// [`crate::library::revision`]), which records keep beside each session.
    pub fn with_revision(mut self, revision: String) -> Engine {
        self.revision = revision;
        self
    }

    /// The revision of the scenario file (empty for a scenario not read from a file).
    pub fn revision(&self) -> &str {
        &self.revision
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
        let mut state = CustomerState {
            at: At::Node(self.compiled.start),
            mood: clamp_percent(c.mood),
            trust: clamp_percent(c.trust),
            patience: clamp_percent(c.patience),
            level: Level::FrontLine,
            interrupted: false,
            heat: 0,
            top_heat: 0,
            stage: Stage::Latent,
            reached: Stage::Latent.bit(),
            memory: self.compiled.layout.empty(),
        };
        if let Some(o) = &self.scenario.opinion {
            self.start_story(&mut state, o.heat);
        }
        state
    }

    /// The story as it stands at `heat` with nothing before it: at the start, or where a
    /// preview presets it.
    fn start_story(&self, state: &mut CustomerState, heat: i32) {
        state.heat = clamp_percent(heat);
        state.top_heat = state.heat;
        state.stage = self.catalogue.opinion.starting_stage(i32::from(state.heat));
        state.reached = state.stage.bit();
    }

    /// Whether the scenario has a public-opinion meter.
    pub fn has_opinion(&self) -> bool {
        self.scenario.opinion.is_some()
    }

    /// The scenario's flags, sorted (what a preview may preset).
    pub fn flag_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.compiled.flag_index.keys().cloned().collect();
        names.sort();
        names
    }

    /// The state to preview from: the customer at node `preset.node` with the starting
    /// values, each overridden where the preset gives one, and the preset's flags set.
    /// Refuses an unknown node or flag (with the ones that exist) and values outside 0–100.
    pub fn state_at(&self, preset: &Preset) -> Result<CustomerState, PresetError> {
        let mut state = self.initial_state();
        let node = self
            .scenario
            .node_positions()
            .get(preset.node.as_str())
            .copied()
            .ok_or_else(|| PresetError::Node {
                node: preset.node.clone(),
                known: self.scenario.nodes.iter().map(|n| n.id.clone()).collect(),
            })?;
        state.at = At::Node(node);
        for (what, value, slot) in [
            ("mood", preset.mood, &mut state.mood),
            ("trust", preset.trust, &mut state.trust),
            ("patience", preset.patience, &mut state.patience),
        ] {
            if let Some(v) = value {
                if !(0..=100).contains(&v) {
                    return Err(PresetError::Range { what, value: v });
                }
                *slot = clamp_percent(v);
            }
        }
        if let Some(v) = preset.heat.filter(|_| self.has_opinion()) {
            if !(0..=100).contains(&v) {
                return Err(PresetError::Range {
                    what: "heat",
                    value: v,
                });
            }
            self.start_story(&mut state, v);
        }
        if let Some(level) = preset.level {
            state.level = level;
        }
        for f in &preset.flags {
            let Some(&i) = self.compiled.flag_index.get(f) else {
                let mut known: Vec<String> = self.compiled.flag_index.keys().cloned().collect();
                known.sort();
                return Err(PresetError::Flag {
                    flag: f.clone(),
                    known,
                });
            };
            state.memory.set_flag(&self.compiled.layout, i, true);
        }
        Ok(state)
    }

    /// Whether a condition, as written in a scenario, holds for `state`: what a rung, a
    /// line or a reply would see. A flag, question or promise the scenario never names is
    /// simply not set.
    pub fn test(&self, state: &CustomerState, c: &Condition) -> bool {
        let cp = &self.compiled;
        let mut negate = false;
        let mut c = c;
        while let Condition::Not(inner) = c {
            negate = !negate;
            c = inner;
        }
        let known = |map: &HashMap<String, usize>, id: &String, test: fn(usize) -> Test| {
            map.get(id).map(|&i| test(i))
        };
        let test = match c {
            Condition::Flag(f) => known(&cp.flag_index, f, Test::Flag),
            Condition::NotFlag(f) => {
                negate = !negate;
                known(&cp.flag_index, f, Test::Flag)
            }
            Condition::Asked(q) => known(&cp.question_index, q, Test::Asked),
            Condition::Promised(p) => known(&cp.promise_index, p, Test::Promised),
            Condition::BrokePromise(p) => known(&cp.promise_index, p, Test::BrokePromise),
            Condition::Mood(lo, hi) => Some(Test::Mood(*lo, *hi)),
            Condition::Trust(lo, hi) => Some(Test::Trust(*lo, *hi)),
            Condition::Patience(lo, hi) => Some(Test::Patience(*lo, *hi)),
            Condition::EscalatedTo(level) => Some(Test::EscalatedTo(*level)),
            Condition::Interrupted => Some(Test::Interrupted),
            Condition::Heat(lo, hi) => Some(Test::Heat(*lo, *hi)),
            Condition::Stage(s) => Some(Test::Stage(*s)),
            Condition::Reached(s) => Some(Test::Reached(*s)),
            Condition::Not(_) => None,
        };
        match test {
            Some(test) => self.holds(state, &Cond { negate, test }),
            None => negate,
        }
    }

    fn holds(&self, state: &CustomerState, c: &Cond) -> bool {
        let l = &self.compiled.layout;
        let m = &state.memory;
        let within = |v: u8, lo: i32, hi: i32| lo <= i32::from(v) && i32::from(v) <= hi;
        let yes = match c.test {
            Test::Flag(f) => m.flag(l, f),
            Test::Mood(lo, hi) => within(state.mood, lo, hi),
            Test::Trust(lo, hi) => within(state.trust, lo, hi),
            Test::Patience(lo, hi) => within(state.patience, lo, hi),
            Test::EscalatedTo(level) => state.level >= level,
            Test::Asked(q) => m.asked(l, q),
            Test::Promised(p) => m.left(l, p) > 0,
            Test::BrokePromise(p) => m.broken(l, p),
            Test::Interrupted => state.interrupted,
            Test::Heat(lo, hi) => within(state.heat, lo, hi),
            Test::Stage(s) => state.stage == s,
            Test::Reached(s) => state.has_reached(s),
        };
        yes != c.negate
    }

    fn all(&self, state: &CustomerState, conditions: &[Cond]) -> bool {
        conditions.iter().all(|c| self.holds(state, c))
    }

    /// Indices (into the node's `choices`) of the replies offered in `state`, in file order.
    pub fn available(&self, state: &CustomerState) -> Vec<usize> {
        let At::Node(n) = state.at else {
            return Vec::new();
        };
        self.compiled.nodes[n]
            .choices
            .iter()
            .enumerate()
            .filter(|(_, c)| self.all(state, &c.when))
            .map(|(i, _)| i)
            .collect()
    }

    /// Indices of the node's lines the customer may say in `state`.
    pub fn fitting_lines(&self, state: &CustomerState) -> Vec<usize> {
        let At::Node(n) = state.at else {
            return Vec::new();
        };
        self.compiled.nodes[n]
            .lines
            .iter()
            .enumerate()
            .filter(|(_, when)| self.all(state, when))
            .map(|(i, _)| i)
            .collect()
    }

    /// Whether some line of the node fits `state` (the analysis asks this of every state, so
    /// it allocates nothing).
    pub(super) fn a_line_fits(&self, state: &CustomerState) -> bool {
        let At::Node(n) = state.at else {
            return false;
        };
        self.compiled.nodes[n]
            .lines
            .iter()
            .any(|when| self.all(state, when))
    }

    /// Plays reply `choice` (an index into the node's `choices`) from `state`, with every
    /// note a trainee reads. Returns `None` if the session is over or there is no such reply.
    pub fn step(&self, state: &CustomerState, choice: usize) -> Option<Step> {
        let At::Node(n) = state.at else {
            return None;
        };
        let node = &self.scenario.nodes[n];
        let c = node.choices.get(choice)?;
        let (next, _, noticed, escalated_to, lines) = self.transition(state, Some(choice))?;
        let customer = self.scenario.profile_for(c);
        let mut assessment = assess(&self.catalogue, &customer, node.expectation, c);
        self.notes(&mut assessment, &noticed);
        self.without_meter(&mut assessment);
        Some(Step {
            state: next,
            assessment,
            escalated_to,
            escalation_lines: lines.into_iter().cloned().collect(),
        })
    }

    /// The trainee said nothing before the timer ran out: the customer notices, and the
    /// conversation stays where it is.
    pub fn time_out(&self, state: &CustomerState) -> Option<Step> {
        let (next, _, noticed, escalated_to, lines) = self.transition(state, None)?;
        let mut assessment = Assessment::default();
        self.remember(&mut assessment, &self.catalogue.memory.no_response, None);
        self.notes(&mut assessment, &noticed);
        self.without_meter(&mut assessment);
        Some(Step {
            state: next,
            assessment,
            escalated_to,
            escalation_lines: lines.into_iter().cloned().collect(),
        })
    }

    /// The state after reply `choice` and the points it earns, without building notes: the
    /// analysis's fast path. `None` if the session is over or there is no such reply.
    pub fn advance(&self, state: &CustomerState, choice: usize) -> Option<(CustomerState, Points)> {
        let (next, impact, ..) = self.transition(state, Some(choice))?;
        Some((next, impact.points()))
    }

    /// In a scenario without a public-opinion meter, the moves' heat means nothing: the
    /// notes a trainee reads leave it out.
    fn without_meter(&self, assessment: &mut Assessment) {
        if self.has_opinion() {
            return;
        }
        assessment.impact.heat = 0;
        for n in &mut assessment.notes {
            n.impact.heat = 0;
        }
    }

    fn notes(&self, assessment: &mut Assessment, noticed: &Noticed) {
        let memory = &self.catalogue.memory;
        if noticed.interrupted {
            self.remember(assessment, &memory.interrupted_venting, None);
        }
        if noticed.repeated_question {
            self.remember(assessment, &memory.repeated_question, None);
        }
        for &p in &noticed.broken {
            let id = &self.compiled.promise_ids[p];
            self.remember(assessment, &memory.broken_promise, Some(id));
        }
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

    /// The one transition both paths share: (state, reply or silence) → next state, the
    /// total impact, what the memory noticed, and the escalation it caused.
    #[allow(clippy::type_complexity)]
    fn transition(
        &self,
        state: &CustomerState,
        choice: Option<usize>,
    ) -> Option<(CustomerState, Impact, Noticed, Option<Level>, Vec<&Text>)> {
        let At::Node(n) = state.at else {
            return None;
        };
        let cp = &self.compiled;
        let l = &cp.layout;
        let c = match choice {
            Some(i) => Some(cp.nodes[n].choices.get(i)?),
            None => None,
        };
        let mut next = state.clone();
        let mut noticed = Noticed::default();
        let [
            broken_promise,
            repeated_question,
            interrupted_venting,
            no_response,
        ] = cp.memory;
        let mut impact = match c {
            Some(c) => c.impact,
            None => no_response,
        };
        if let Some(c) = c {
            if cp.nodes[n].venting && !c.listens {
                next.interrupted = true;
                noticed.interrupted = true;
                impact += interrupted_venting;
            }
            if let Some(q) = c.asks
                && next.memory.ask(l, q)
            {
                noticed.repeated_question = true;
                impact += repeated_question;
            }
            for &p in &c.keeps {
                next.memory.set_left(l, p, 0);
            }
            for &p in &c.reneges {
                if next.memory.left(l, p) > 0 {
                    next.memory.set_left(l, p, 0);
                    next.memory.set_broken(l, p);
                    noticed.broken.push(p);
                    impact += broken_promise;
                }
            }
        }
        for p in 0..cp.promise_ids.len() {
            let left = next.memory.left(l, p);
            if left == 0 {
                continue;
            }
            next.memory.set_left(l, p, left - 1);
            if left == 1 {
                next.memory.set_broken(l, p);
                noticed.broken.push(p);
                impact += broken_promise;
            }
        }
        if let Some(c) = c {
            for &(p, within) in &c.promises {
                next.memory.set_left(l, p, within);
            }
        }
        let add = |v: u8, d: i32| clamp_percent(i32::from(v).saturating_add(d));
        next.mood = add(next.mood, impact.mood);
        next.trust = add(next.trust, impact.trust);
        next.patience = add(next.patience, impact.patience.saturating_sub(cp.turn_cost));
        if let Some(spread) = cp.spread {
            let rules = &self.catalogue.opinion;
            // A story spreads by itself until it declines: then attention is falling away,
            // and only what is said can stir it again.
            let spread = if next.stage == Stage::Decline {
                0
            } else {
                spread
            };
            next.heat = add(next.heat, impact.heat.saturating_add(spread));
            next.top_heat = next.top_heat.max(next.heat);
            next.stage =
                rules.next_stage(next.stage, i32::from(next.heat), i32::from(next.top_heat));
            next.reached |= next.stage.bit();
        }
        if let Some(c) = c {
            for &f in &c.clears {
                next.memory.set_flag(l, f, false);
            }
            for &f in &c.sets {
                next.memory.set_flag(l, f, true);
            }
        }
        let mut escalated_to = None;
        let mut lines = Vec::new();
        let mut ended = None;
        for (rung, source) in cp.rungs.iter().zip(&self.scenario.escalation) {
            if !self.all(&next, &rung.when) {
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
            if let Some(line) = &source.line {
                lines.push(line);
            }
            if let Some(e) = rung.ending {
                ended = Some(e);
                break;
            }
        }
        next.at = match (ended, c) {
            (Some(e), _) => At::Ended(e),
            (None, Some(c)) => self.resolve(c.next, &next),
            (None, None) => next.at,
        };
        // An escalation ending puts the customer on its rung, so the ladder shows where the
        // case went (a reply that ends at the regulator leaves the customer there).
        if let At::Ended(e) = next.at
            && let Some(level) = self.scenario.endings[e].kind.level()
            && level > next.level
        {
            next.level = level;
            escalated_to = Some(level);
        }
        Some((next, impact, noticed, escalated_to, lines))
    }

    fn resolve(&self, next: usize, state: &CustomerState) -> At {
        let mut here = next;
        // Each step goes to a later position in the arena, so this ends.
        loop {
            match &self.compiled.nexts[here] {
                CNext::Goto(n) => return At::Node(*n),
                CNext::End(e) => return At::Ended(*e),
                CNext::Branch(routes, otherwise) => {
                    here = routes
                        .iter()
                        .find(|(when, _)| self.all(state, when))
                        .map_or(*otherwise, |(_, to)| *to);
                }
            }
        }
    }

    /// Conditions tested when a state at node `n` is opened (lines and replies offered), for
    /// the analysis's work bound.
    pub(super) fn open_cost(&self, n: usize) -> u64 {
        self.compiled.nodes.get(n).map_or(1, |node| node.open_cost)
    }

    /// Conditions a step through reply `c` of node `n` may test.
    pub(super) fn step_cost(&self, n: usize, c: usize) -> u64 {
        self.compiled
            .nodes
            .get(n)
            .and_then(|node| node.choices.get(c))
            .map_or(1, |choice| choice.step_cost)
    }

    /// Bytes one state of this scenario holds, for the analysis's memory bound.
    pub(super) fn state_bytes(&self) -> usize {
        std::mem::size_of::<CustomerState>() + self.compiled.layout.words() * 8
    }

    /// Whether a step changed anything beyond the patience every turn costs.
    /// How many promises the scenario names.
    pub(super) fn promise_count(&self) -> usize {
        self.compiled.promise_ids.len()
    }

    /// Promise id by number.
    pub(super) fn promise_id(&self, p: usize) -> &str {
        &self.compiled.promise_ids[p]
    }

    /// Marks which promises are open (at a node: still to be kept) and which are broken in
    /// `state`.
    pub(super) fn mark_promises(
        &self,
        state: &CustomerState,
        open: &mut [bool],
        broken: &mut [bool],
    ) {
        let l = &self.compiled.layout;
        let at_node = matches!(state.at, At::Node(_));
        for p in 0..self.compiled.promise_ids.len() {
            if at_node && state.memory.left(l, p) > 0 {
                open[p] = true;
            }
            if state.memory.broken(l, p) {
                broken[p] = true;
            }
        }
    }

    /// Marks the promises that reply `choice` of node `n` keeps while they are open in
    /// `before`: kept in time.
    pub(super) fn mark_kept(
        &self,
        before: &CustomerState,
        n: usize,
        choice: usize,
        kept: &mut [bool],
    ) {
        let l = &self.compiled.layout;
        if let Some(c) = self
            .compiled
            .nodes
            .get(n)
            .and_then(|node| node.choices.get(choice))
        {
            for &p in &c.keeps {
                if before.memory.left(l, p) > 0 {
                    kept[p] = true;
                }
            }
        }
    }

    pub(super) fn changed(before: &CustomerState, after: &CustomerState) -> bool {
        before.at != after.at
            || before.mood != after.mood
            || before.trust != after.trust
            || before.level != after.level
            || before.interrupted != after.interrupted
            || before.heat != after.heat
            || before.stage != after.stage
            || before.memory != after.memory
    }
}

/// Turns a scenario into the engine's compact form.
struct Compiler<'a> {
    scenario: &'a Scenario,
    catalogue: &'a Catalogue,
    nodes: &'a HashMap<String, usize>,
    endings: HashMap<&'a str, usize>,
    flags: HashMap<String, usize>,
    questions: HashMap<String, usize>,
    promises: HashMap<String, usize>,
}

impl<'a> Compiler<'a> {
    fn new(
        scenario: &'a Scenario,
        catalogue: &'a Catalogue,
        nodes: &'a HashMap<String, usize>,
    ) -> Result<Compiler<'a>, EngineError> {
        let endings = scenario.ending_positions();
        let (mut flags, mut asked, mut promises) =
            (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
        let mut conditions: Vec<&Condition> = Vec::new();
        for r in &scenario.escalation {
            conditions.extend(&r.when);
        }
        for n in &scenario.nodes {
            for l in &n.lines {
                conditions.extend(&l.when);
            }
            for c in &n.choices {
                conditions.extend(&c.when);
                conditions.extend(c.next.conditions());
                flags.extend(c.sets.iter().chain(&c.clears).map(String::as_str));
                asked.extend(c.asks.as_deref());
                promises.extend(c.promises.iter().map(|p| p.id.as_str()));
                promises.extend(c.keeps.iter().chain(&c.reneges).map(String::as_str));
            }
        }
        for c in conditions {
            condition_names(c, &mut flags, &mut asked, &mut promises);
        }
        Ok(Compiler {
            scenario,
            catalogue,
            nodes,
            endings,
            flags: intern(flags),
            questions: intern(asked),
            promises: intern(promises),
        })
    }

    fn compile(self) -> Result<Compiled, EngineError> {
        let s = self.scenario;
        let start = *self
            .nodes
            .get(&s.start)
            .ok_or_else(|| EngineError(format!("start node `{}` does not exist", s.start)))?;
        let memory = &self.catalogue.memory;
        let rule = |id: &str| -> Result<Impact, EngineError> {
            let m = self.catalogue.mistake(id).ok_or_else(|| {
                EngineError(format!("catalogue memory mistake `{id}` does not exist"))
            })?;
            Ok(move_note(NoteKind::Memory, m, &s.customer).impact)
        };
        let memory = [
            rule(&memory.broken_promise)?,
            rule(&memory.repeated_question)?,
            rule(&memory.interrupted_venting)?,
            rule(&memory.no_response)?,
        ];
        let rung_conditions: u64 = s.escalation.iter().map(|r| r.when.len() as u64).sum();
        let mut nodes = Vec::with_capacity(s.nodes.len());
        let mut nexts = Vec::new();
        for node in &s.nodes {
            if node.lines.is_empty() {
                return Err(EngineError(format!("node `{}` has no lines", node.id)));
            }
            let mut choices = Vec::with_capacity(node.choices.len());
            for c in &node.choices {
                let within = |w: u32| w.clamp(1, MAX_PROMISE_DECISIONS) as u8;
                choices.push(CChoice {
                    step_cost: 1 + rung_conditions + c.next.conditions().len() as u64,
                    when: self.conds(&c.when),
                    listens: c
                        .techniques
                        .iter()
                        .any(|t| self.catalogue.technique(t).is_some_and(|m| m.listens)),
                    impact: assess(self.catalogue, &s.profile_for(c), node.expectation, c).impact,
                    sets: c.sets.iter().map(|f| self.flags[f]).collect(),
                    clears: c.clears.iter().map(|f| self.flags[f]).collect(),
                    asks: c.asks.as_ref().map(|q| self.questions[q]),
                    promises: c
                        .promises
                        .iter()
                        .map(|p| (self.promises[&p.id], within(p.within)))
                        .collect(),
                    keeps: c.keeps.iter().map(|p| self.promises[p]).collect(),
                    reneges: c.reneges.iter().map(|p| self.promises[p]).collect(),
                    next: self.next(&c.next, &mut nexts)?,
                });
            }
            let open_cost = 1
                + node.lines.iter().map(|l| l.when.len() as u64).sum::<u64>()
                + node
                    .choices
                    .iter()
                    .map(|c| c.when.len() as u64)
                    .sum::<u64>();
            nodes.push(CNode {
                open_cost,
                venting: node.venting,
                lines: node.lines.iter().map(|l| self.conds(&l.when)).collect(),
                choices,
            });
        }
        let mut rungs = Vec::with_capacity(s.escalation.len());
        for r in &s.escalation {
            let ending = match &r.ending {
                Some(e) => Some(self.ending(e)?),
                None => None,
            };
            rungs.push(CRung {
                level: r.level,
                when: self.conds(&r.when),
                ending,
            });
        }
        let mut promise_ids = vec![String::new(); self.promises.len()];
        for (id, &i) in &self.promises {
            promise_ids[i] = id.clone();
        }
        Ok(Compiled {
            layout: Layout::new(self.flags.len(), self.questions.len(), self.promises.len()),
            promise_ids,
            flag_index: self.flags,
            question_index: self.questions,
            promise_index: self.promises,
            nodes,
            nexts,
            rungs,
            memory,
            turn_cost: self.catalogue.turn_cost(s.customer.disc),
            spread: s.opinion.as_ref().map(|o| o.spread),
            start,
        })
    }

    fn ending(&self, id: &str) -> Result<usize, EngineError> {
        self.endings
            .get(id)
            .copied()
            .ok_or_else(|| EngineError(format!("ending `{id}` does not exist")))
    }

    fn node(&self, id: &str) -> Result<usize, EngineError> {
        self.nodes
            .get(id)
            .copied()
            .ok_or_else(|| EngineError(format!("node `{id}` does not exist")))
    }

    fn conds(&self, conditions: &[Condition]) -> Vec<Cond> {
        conditions.iter().map(|c| self.cond(c)).collect()
    }

    fn cond(&self, c: &Condition) -> Cond {
        let mut negate = false;
        let mut c = c;
        while let Condition::Not(inner) = c {
            negate = !negate;
            c = inner;
        }
        let test = match c {
            Condition::Flag(f) => Test::Flag(self.flags[f]),
            Condition::NotFlag(f) => {
                negate = !negate;
                Test::Flag(self.flags[f])
            }
            Condition::Mood(lo, hi) => Test::Mood(*lo, *hi),
            Condition::Trust(lo, hi) => Test::Trust(*lo, *hi),
            Condition::Patience(lo, hi) => Test::Patience(*lo, *hi),
            Condition::EscalatedTo(level) => Test::EscalatedTo(*level),
            Condition::Asked(q) => Test::Asked(self.questions[q]),
            Condition::Promised(p) => Test::Promised(self.promises[p]),
            Condition::BrokePromise(p) => Test::BrokePromise(self.promises[p]),
            Condition::Interrupted => Test::Interrupted,
            Condition::Heat(lo, hi) => Test::Heat(*lo, *hi),
            Condition::Stage(s) => Test::Stage(*s),
            Condition::Reached(s) => Test::Reached(*s),
            Condition::Not(_) => unreachable!("every Not was folded into the sign above"),
        };
        Cond { negate, test }
    }

    /// A `next` in compact form, added to `arena`; its position there. Branches are
    /// unfolded with an explicit stack, each target placed after the branch that names it.
    fn next(&self, root: &Next, arena: &mut Vec<CNext>) -> Result<usize, EngineError> {
        let first = arena.len();
        arena.push(CNext::End(0));
        let mut stack = vec![(first, root)];
        while let Some((slot, next)) = stack.pop() {
            arena[slot] = match next {
                Next::Goto(n) => CNext::Goto(self.node(n)?),
                Next::End(e) => CNext::End(self.ending(e)?),
                Next::Branch { routes, otherwise } => {
                    let mut compiled = Vec::with_capacity(routes.len());
                    for r in routes {
                        let to = arena.len();
                        arena.push(CNext::End(0));
                        stack.push((to, &r.to));
                        compiled.push((self.conds(&r.when), to));
                    }
                    let other = arena.len();
                    arena.push(CNext::End(0));
                    stack.push((other, otherwise));
                    CNext::Branch(compiled, other)
                }
            };
        }
        Ok(first)
    }
}

/// Where a preview starts: a node, and the customer's state there (`play --from`, and the
/// map's "preview from here").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preset {
    /// The node's id.
    pub node: String,
    /// Mood, when not the scenario's starting mood.
    pub mood: Option<i32>,
    /// Trust, when not the starting trust.
    pub trust: Option<i32>,
    /// Patience, when not the starting patience.
    pub patience: Option<i32>,
    /// The public-opinion heat, when not the starting heat (a scenario with a meter; the
    /// stage follows from it, as at the start).
    pub heat: Option<i32>,
    /// The rung of the ladder, when not the front line.
    pub level: Option<Level>,
    /// Flags already set.
    pub flags: Vec<String>,
}

/// Why a preview cannot start where it was asked to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PresetError {
    /// No node with that id.
    Node {
        /// The id asked for.
        node: String,
        /// The node ids there are.
        known: Vec<String>,
    },
    /// No flag with that name in the scenario.
    Flag {
        /// The flag asked for.
        flag: String,
        /// The flags the scenario sets or tests.
        known: Vec<String>,
    },
    /// A value outside 0–100.
    Range {
        /// mood, trust or patience.
        what: &'static str,
        /// The value given.
        value: i32,
    },
}

impl std::fmt::Display for PresetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |known: &[String]| {
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        };
        match self {
            PresetError::Node { node, known } => {
                write!(f, "no node `{node}`: the nodes are {}", list(known))
            }
            PresetError::Flag { flag, known } => {
                write!(
                    f,
                    "no flag `{flag}` in this scenario: its flags are {}",
                    list(known)
                )
            }
            PresetError::Range { what, value } => {
                write!(f, "{what} {value} is out of range: use 0 to 100")
            }
        }
    }
}

impl std::error::Error for PresetError {}
