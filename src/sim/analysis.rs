//! Exhaustive analysis: every reachable (node, state) is visited once (memoised on the full
//! customer state, not by enumerating paths), giving the best and worst route per rubric,
//! the par that defines 100 on each rubric, endings never reached, replies never offered or
//! that change nothing, dead ends and loops.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Serialize;

use super::engine::Engine;
use super::state::{At, CustomerState};
use crate::rubric::{Points, Rubric, scale};

/// States the analysis will visit before it stops and reports itself truncated.
pub const STATE_LIMIT: usize = 500_000;

/// A reply in the file: node id and 1-based position among the node's choices.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ChoiceRef {
    /// Node id.
    pub node: String,
    /// 1-based position in the node's `choices`.
    pub choice: usize,
}

/// A reachable state with no reply offered.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DeadEnd {
    /// Node id.
    pub node: String,
    /// Mood, trust, patience there.
    pub mood: i32,
    /// Trust.
    pub trust: i32,
    /// Patience.
    pub patience: i32,
}

/// One complete route.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathReport {
    /// Replies as `play --choices` takes them (1-based among those offered).
    pub choices: Vec<usize>,
    /// Ending id.
    pub ending: String,
    /// Points per rubric.
    pub raw: Points,
    /// 0–100 per rubric.
    pub scores: [u8; 3],
}

/// What the analysis found.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// Distinct (node, state) pairs visited.
    pub states: usize,
    /// Whether the state limit cut the search short.
    pub truncated: bool,
    /// Best total per rubric over all complete routes: the 100 mark.
    pub par: Points,
    /// Worst total per rubric.
    pub floor: Points,
    /// The best route for each rubric, in [`Rubric::ALL`] order.
    pub best: Vec<PathReport>,
    /// The worst route for each rubric.
    pub worst: Vec<PathReport>,
    /// The route best on all three at once (maximises the sum of scores).
    pub balanced: Option<PathReport>,
    /// Endings reached by some route.
    pub reached_endings: Vec<String>,
    /// Endings no route reaches.
    pub unreached_endings: Vec<String>,
    /// Replies never offered in any reachable state.
    pub never_offered: Vec<ChoiceRef>,
    /// Replies that, wherever offered, change nothing: no points, no change to the customer
    /// beyond the turn's patience, same node.
    pub inert: Vec<ChoiceRef>,
    /// Reachable states with no reply offered.
    pub dead_ends: Vec<DeadEnd>,
    /// Nodes where a route comes back to a state it has already been in.
    pub loops: Vec<String>,
    /// Nodes reachable in a state where none of the customer's lines fits.
    pub no_line_fits: Vec<String>,
}

#[derive(Clone, Copy)]
struct Value {
    best: Points,
    best_choice: [usize; 3],
    worst: Points,
    worst_choice: [usize; 3],
}

struct Search<'a> {
    engine: &'a Engine,
    memo: HashMap<CustomerState, Option<Value>>,
    on_stack: HashSet<CustomerState>,
    reached: BTreeSet<usize>,
    offered: HashSet<(usize, usize)>,
    effective: HashSet<(usize, usize)>,
    dead_ends: BTreeSet<DeadEnd>,
    loops: BTreeSet<String>,
    no_line_fits: BTreeSet<String>,
    truncated: bool,
}

/// Runs the analysis.
pub fn analyze(engine: &Engine) -> Analysis {
    let mut search = Search {
        engine,
        memo: HashMap::new(),
        on_stack: HashSet::new(),
        reached: BTreeSet::new(),
        offered: HashSet::new(),
        effective: HashSet::new(),
        dead_ends: BTreeSet::new(),
        loops: BTreeSet::new(),
        no_line_fits: BTreeSet::new(),
        truncated: false,
    };
    let start = engine.initial_state();
    let root = search.visit(&start);
    let scenario = engine.scenario();
    let (par, floor) = root.map_or(([0; 3], [0; 3]), |v| (v.best, v.worst));

    let memo = &search.memo;
    let follow = |pick: &dyn Fn(&Value) -> usize| {
        walk(engine, &start, par, |state| {
            memo.get(state).copied().flatten().map(|v| pick(&v))
        })
    };
    let best = Rubric::ALL
        .iter()
        .filter_map(|r| follow(&|v: &Value| v.best_choice[r.index()]))
        .collect();
    let worst = Rubric::ALL
        .iter()
        .filter_map(|r| follow(&|v: &Value| v.worst_choice[r.index()]))
        .collect();

    let mut never_offered = Vec::new();
    let mut inert = Vec::new();
    for (n, node) in scenario.nodes.iter().enumerate() {
        for c in 0..node.choices.len() {
            let r = ChoiceRef {
                node: node.id.clone(),
                choice: c + 1,
            };
            if !search.offered.contains(&(n, c)) {
                never_offered.push(r);
            } else if !search.effective.contains(&(n, c)) {
                inert.push(r);
            }
        }
    }
    let reached_endings = search
        .reached
        .iter()
        .map(|&e| scenario.endings[e].id.clone())
        .collect();
    let unreached_endings = scenario
        .endings
        .iter()
        .enumerate()
        .filter(|(i, _)| !search.reached.contains(i))
        .map(|(_, e)| e.id.clone())
        .collect();
    let mut analysis = Analysis {
        states: search.memo.len(),
        truncated: search.truncated,
        par,
        floor,
        best,
        worst,
        balanced: None,
        reached_endings,
        unreached_endings,
        never_offered,
        inert,
        dead_ends: search.dead_ends.into_iter().collect(),
        loops: search.loops.into_iter().collect(),
        no_line_fits: search.no_line_fits.into_iter().collect(),
    };
    analysis.balanced = analysis.balanced_path(engine, &start);
    analysis
}

/// Follows `pick` (a reply index for each state) from `start` to an ending, and reports the
/// route as `play --choices` takes it. `None` if `pick` has no answer somewhere on the way.
fn walk(
    engine: &Engine,
    start: &CustomerState,
    par: Points,
    pick: impl Fn(&CustomerState) -> Option<usize>,
) -> Option<PathReport> {
    let mut state = start.clone();
    let mut choices = Vec::new();
    let mut raw = [0; 3];
    while let At::Node(_) = state.at {
        let index = pick(&state)?;
        let offered = engine.available(&state);
        choices.push(offered.iter().position(|&i| i == index)? + 1);
        let step = engine.step(&state, index)?;
        add(&mut raw, step.assessment.impact.points());
        state = step.state;
    }
    Some(report(engine, &state, choices, raw, par))
}

fn add(total: &mut Points, p: Points) {
    for (t, p) in total.iter_mut().zip(p) {
        *t += p;
    }
}

fn report(
    engine: &Engine,
    end: &CustomerState,
    choices: Vec<usize>,
    raw: Points,
    par: Points,
) -> PathReport {
    let ending = match end.at {
        At::Ended(e) => engine.scenario().endings[e].id.clone(),
        At::Node(_) => String::new(),
    };
    PathReport {
        choices,
        ending,
        raw,
        scores: [0, 1, 2].map(|i| scale(raw[i], par[i])),
    }
}

impl Search<'_> {
    fn visit(&mut self, state: &CustomerState) -> Option<Value> {
        if let Some(v) = self.memo.get(state) {
            return *v;
        }
        let At::Node(n) = state.at else {
            return None;
        };
        if self.on_stack.contains(state) {
            self.loops
                .insert(self.engine.scenario().nodes[n].id.clone());
            return None;
        }
        if self.memo.len() + self.on_stack.len() >= STATE_LIMIT {
            self.truncated = true;
            return None;
        }
        let node = &self.engine.scenario().nodes[n];
        if !node.lines.iter().any(|l| state.all(&l.when)) {
            self.no_line_fits.insert(node.id.clone());
        }
        let offered = self.engine.available(state);
        if offered.is_empty() {
            self.dead_ends.insert(DeadEnd {
                node: self.engine.scenario().nodes[n].id.clone(),
                mood: state.mood,
                trust: state.trust,
                patience: state.patience,
            });
        }
        self.on_stack.insert(state.clone());
        let mut value: Option<Value> = None;
        for index in offered {
            self.offered.insert((n, index));
            let Some(step) = self.engine.step(state, index) else {
                continue;
            };
            let points = step.assessment.impact.points();
            if points != [0; 3] || changed(state, &step.state) {
                self.effective.insert((n, index));
            }
            let tail = match step.state.at {
                At::Ended(e) => {
                    self.reached.insert(e);
                    Some(([0; 3], [0; 3]))
                }
                At::Node(_) => self.visit(&step.state).map(|v| (v.best, v.worst)),
            };
            let Some((best_tail, worst_tail)) = tail else {
                continue;
            };
            let v = value.get_or_insert(Value {
                best: [i32::MIN; 3],
                best_choice: [index; 3],
                worst: [i32::MAX; 3],
                worst_choice: [index; 3],
            });
            for r in 0..3 {
                let best = points[r] + best_tail[r];
                if best > v.best[r] {
                    v.best[r] = best;
                    v.best_choice[r] = index;
                }
                let worst = points[r] + worst_tail[r];
                if worst < v.worst[r] {
                    v.worst[r] = worst;
                    v.worst_choice[r] = index;
                }
            }
        }
        self.on_stack.remove(state);
        self.memo.insert(state.clone(), value);
        value
    }
}

/// Whether a step changed anything beyond the patience every turn costs.
fn changed(before: &CustomerState, after: &CustomerState) -> bool {
    let mut a = before.clone();
    let mut b = after.clone();
    a.patience = 0;
    b.patience = 0;
    a != b
}

impl Analysis {
    /// The route from `state` that maximises the sum of the three scaled scores, as the first
    /// reply to take (an index into the node's `choices`).
    pub fn best_from(&self, engine: &Engine, state: &CustomerState) -> Option<usize> {
        let mut memo = HashMap::new();
        let mut stack = HashSet::new();
        self.balanced_value(engine, state, &mut memo, &mut stack)
            .map(|(_, i)| i)
    }

    fn balanced_path(&self, engine: &Engine, start: &CustomerState) -> Option<PathReport> {
        let mut memo = HashMap::new();
        let mut stack = HashSet::new();
        self.balanced_value(engine, start, &mut memo, &mut stack)?;
        walk(engine, start, self.par, |state| {
            memo.get(state).copied().flatten().map(|(_, i)| i)
        })
    }

    fn weight(&self, points: Points) -> f64 {
        (0..3)
            .map(|r| f64::from(points[r]) / f64::from(self.par[r].max(1)))
            .sum()
    }

    fn balanced_value(
        &self,
        engine: &Engine,
        state: &CustomerState,
        memo: &mut HashMap<CustomerState, Option<(f64, usize)>>,
        stack: &mut HashSet<CustomerState>,
    ) -> Option<(f64, usize)> {
        if let Some(v) = memo.get(state) {
            return *v;
        }
        if stack.contains(state) || memo.len() >= STATE_LIMIT || state.is_over() {
            return None;
        }
        stack.insert(state.clone());
        let mut best: Option<(f64, usize)> = None;
        for index in engine.available(state) {
            let Some(step) = engine.step(state, index) else {
                continue;
            };
            let here = self.weight(step.assessment.impact.points());
            let tail = if step.state.is_over() {
                Some(0.0)
            } else {
                self.balanced_value(engine, &step.state, memo, stack)
                    .map(|(v, _)| v)
            };
            if let Some(tail) = tail
                && best.is_none_or(|(b, _)| here + tail > b)
            {
                best = Some((here + tail, index));
            }
        }
        stack.remove(state);
        memo.insert(state.clone(), best);
        best
    }
}
