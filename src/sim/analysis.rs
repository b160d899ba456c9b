//! Exhaustive analysis: every reachable (node, state) is visited once — memoised on the
//! compact customer state, by an iterative depth-first search with an explicit stack, so no
//! scenario can overflow the call stack — giving the best and worst route per rubric, the par
//! that defines 100 on each rubric, endings never reached, replies never offered or that
//! change nothing, dead ends and loops.
//!
//! The search is bounded by a number of states and by the memory they take. When a bound
//! stops it, the analysis says it is partial and claims nothing that needs the whole space
//! (no "never reached", no "never offered", no "changes nothing").

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexSet;
use serde::Serialize;

use super::engine::Engine;
use super::score::scale;
use super::state::{At, CustomerState};
use crate::course::{Points, Rubric, Stage};

/// States the analysis will visit before it stops and reports itself partial.
pub const STATE_LIMIT: usize = 500_000;

/// Bytes the analysis's states and edges may take before it stops and reports itself partial.
pub const MEMORY_LIMIT: usize = 256 * 1024 * 1024;

/// Conditions the analysis may test before it stops and reports itself partial: a file with
/// thousands of escalation rungs cannot make each of its states cost seconds.
pub const WORK_LIMIT: u64 = 200_000_000;

/// A reply in the file: node id and 1-based position among the node's choices.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ChoiceRef {
    /// Node id.
    pub node: String,
    /// 1-based position in the node's `choices`.
    pub choice: usize,
}

/// A node where some reachable states offer no reply: the node, how many such states, and
/// their range.
pub type DeadEnd = NodeRange;

/// `12–40`, or `30` when lowest and highest agree.
pub fn span((lo, hi): (u8, u8)) -> String {
    if lo == hi {
        lo.to_string()
    } else {
        format!("{lo}–{hi}")
    }
}

impl NodeRange {
    /// `mood 12–40, trust 50, patience 0–8`: each range, or the value when all agree.
    pub fn ranges(&self) -> String {
        let r = |name: &str, range: (u8, u8)| format!("{name} {}", span(range));
        let heat = if no_heat(&self.heat) {
            String::new()
        } else {
            format!(", {}", r("heat", self.heat))
        };
        format!(
            "{}, {}, {}{heat}",
            r("mood", self.mood),
            r("trust", self.trust),
            r("patience", self.patience)
        )
    }
}

/// The customer's reachable range at one node: over every state any route arrives in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct NodeRange {
    /// Node id.
    pub id: String,
    /// Distinct states the node is reached in.
    pub states: usize,
    /// Lowest and highest mood on arrival.
    pub mood: (u8, u8),
    /// Lowest and highest trust.
    pub trust: (u8, u8),
    /// Lowest and highest patience.
    pub patience: (u8, u8),
    /// Lowest and highest public-opinion heat (left out of JSON for a scenario without a
    /// meter, where it is always 0).
    #[serde(skip_serializing_if = "no_heat")]
    pub heat: (u8, u8),
}

fn no_heat(range: &(u8, u8)) -> bool {
    *range == (0, 0)
}

impl NodeRange {
    fn new(id: String) -> NodeRange {
        NodeRange {
            id,
            states: 0,
            mood: (u8::MAX, 0),
            trust: (u8::MAX, 0),
            patience: (u8::MAX, 0),
            heat: (u8::MAX, 0),
        }
    }

    fn widen(&mut self, state: &CustomerState) {
        let widen = |r: &mut (u8, u8), v: u8| *r = (r.0.min(v), r.1.max(v));
        self.states += 1;
        widen(&mut self.mood, state.mood);
        widen(&mut self.trust, state.trust);
        widen(&mut self.patience, state.patience);
        widen(&mut self.heat, state.heat);
    }
}

/// A reply at the start that ends the session in failure on the first decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuddenEnd {
    /// The reply.
    pub reply: ChoiceRef,
    /// The ending it leads to.
    pub ending: String,
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
    /// How long the search took (not in the JSON: it differs from run to run).
    #[serde(skip)]
    pub took: std::time::Duration,
    /// Whether a bound (states or memory) cut the search short: then par is only the best
    /// found so far, and the lists below that need the whole space are left empty.
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
    /// Endings no route reaches (empty when the search is partial).
    pub unreached_endings: Vec<String>,
    /// Nodes no route reaches (empty when the search is partial).
    pub unreached_nodes: Vec<String>,
    /// Replies never offered in any reachable state of a node that is reached (empty when
    /// the search is partial).
    pub never_offered: Vec<ChoiceRef>,
    /// Replies that, wherever offered, change nothing: no points, no change to the customer
    /// beyond the turn's patience (empty when the search is partial).
    pub inert: Vec<ChoiceRef>,
    /// Nodes reachable in states with no reply offered, once per node.
    pub dead_ends: Vec<DeadEnd>,
    /// Nodes where a route comes back to a state it has already been in.
    pub loops: Vec<String>,
    /// Nodes reachable in a state where none of the customer's lines fits.
    pub no_line_fits: Vec<String>,
    /// Promises some route makes but no route breaks: every later reply keeps them, so an
    /// unkeepable promise is never punished (empty when the search is partial).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub never_broken: Vec<String>,
    /// Promises some route makes and some reply keeps, yet no route keeps while they are
    /// open: the window always closes first (empty when the search is partial).
    pub never_kept: Vec<String>,
    /// Replies at the start that end the session in a failure on the very first decision.
    pub sudden_failures: Vec<SuddenEnd>,
    /// Each node reached, in file order, with the range of mood, trust and patience any
    /// route arrives in (over the states explored, when the search is partial).
    pub nodes: Vec<NodeRange>,
    /// Public-opinion stages some route reaches, in course order (only `Latent` for a
    /// scenario without a meter, which is left out of JSON).
    #[serde(skip_serializing_if = "only_latent")]
    pub stages: Vec<Stage>,
    /// Per ending reached, the stages the story can be at when the session ends there (left
    /// out of JSON without a meter).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ending_stages: Vec<EndingStages>,
    /// For each node reached, the reply that leads to the best sum of the three scaled
    /// scores, from the state the balanced route reaches it in (or, off that route, the first
    /// state the search reached it in): what the audit of give-aways measures.
    #[serde(skip)]
    pub decisions: Vec<Decision>,
}

fn only_latent(stages: &[Stage]) -> bool {
    stages == [Stage::Latent]
}

/// The public-opinion stages a session can end at, at one ending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EndingStages {
    /// Ending id.
    pub ending: String,
    /// Stages, in course order.
    pub stages: Vec<Stage>,
}

/// What the analysis found about one ending.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndingReport {
    /// Ending id.
    pub id: String,
    /// Its kind.
    pub kind: crate::course::EndingKind,
    /// Whether the scenario marks the escalation as the right outcome.
    pub acceptable: bool,
    /// The verdict it gives (from the catalogue, by kind, or `Acceptable` when marked).
    pub verdict: crate::course::Verdict,
    /// Whether some route reaches it.
    pub reachable: bool,
    /// The route with the fewest decisions that ends here (replies as `play --choices`
    /// takes them).
    pub shortest: Option<Vec<usize>>,
    /// The route best on all three rubrics at once among those that end here.
    pub best: Option<EndingRoute>,
}

/// A route to an ending with its scores and whether a session on it passes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndingRoute {
    /// Replies as `play --choices` takes them.
    pub choices: Vec<usize>,
    /// 0–100 per rubric.
    pub scores: [u8; 3],
    /// Whether a session on this route passes (verdict and no critical breach).
    pub passed: bool,
}

/// The best reply at one node (see [`Analysis::decisions`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Node index.
    pub node: usize,
    /// Indices (into the node's choices) of the replies offered in that state, file order.
    pub offered: Vec<usize>,
    /// Index of the best of them.
    pub best: usize,
}

/// Best and worst totals from a state to an ending, with the reply that achieves each.
#[derive(Clone, Copy)]
struct Value {
    best: Points,
    best_choice: [u16; 3],
    worst: Points,
    worst_choice: [u16; 3],
}

const ENDED: u32 = u32::MAX;

/// One reply out of a state: where it leads ([`ENDED`] for an ending) and what it earns.
#[derive(Clone, Copy)]
struct Edge {
    choice: u16,
    /// The ending reached, when `to` is [`ENDED`].
    end: u16,
    to: u32,
    points: Points,
}

/// The explored state space: states by number, their values, their edges, and the order in
/// which they were finished (children before parents, except along a loop).
struct Space {
    states: IndexSet<CustomerState>,
    value: Vec<Option<Value>>,
    /// Position in finishing order; `u32::MAX` while still on the stack.
    finished: Vec<u32>,
    edges: Vec<Vec<Edge>>,
    order: Vec<u32>,
    truncated: bool,
}

/// What the search saw on the way, for the lints.
#[derive(Default)]
struct Seen {
    reached: BTreeSet<usize>,
    nodes: BTreeSet<usize>,
    offered: BTreeSet<(usize, usize)>,
    effective: BTreeSet<(usize, usize)>,
    dead_ends: BTreeMap<usize, DeadEnd>,
    loops: BTreeSet<usize>,
    no_line_fits: BTreeSet<usize>,
    promised: Vec<bool>,
    broken: Vec<bool>,
    kept: Vec<bool>,
    ranges: BTreeMap<usize, NodeRange>,
    /// Public-opinion stages reached by any route, as [`Stage::bit`]s.
    stages: u8,
    /// Per ending, the stages the story can be at when it ends there.
    ending_stages: BTreeMap<usize, u8>,
}

impl Seen {
    fn new(engine: &Engine) -> Seen {
        Seen {
            promised: vec![false; engine.promise_count()],
            broken: vec![false; engine.promise_count()],
            kept: vec![false; engine.promise_count()],
            ..Seen::default()
        }
    }
}

struct Frame {
    state: u32,
    offered: Vec<usize>,
    next: usize,
}

/// Explores every state reachable from `start`, within the bounds.
fn explore(engine: &Engine, start: &CustomerState, seen: &mut Seen) -> Space {
    // The state and its value, plus what the index, the edge list and the allocator add per
    // state (measured: about 370 bytes a state in all for a small memory).
    let per_state = engine.state_bytes() + std::mem::size_of::<Option<Value>>() + 160;
    let mut space = Space {
        states: IndexSet::new(),
        value: Vec::new(),
        finished: Vec::new(),
        edges: Vec::new(),
        order: Vec::new(),
        truncated: false,
    };
    let mut bytes = 0usize;
    let mut work = 0u64;
    let mut stack: Vec<Frame> = Vec::new();
    let open = |space: &mut Space, seen: &mut Seen, state: CustomerState| -> Frame {
        let At::Node(n) = state.at else {
            unreachable!("only states at a node are opened")
        };
        let offered = engine.available(&state);
        seen.nodes.insert(n);
        seen.ranges
            .entry(n)
            .or_insert_with(|| NodeRange::new(engine.scenario().nodes[n].id.clone()))
            .widen(&state);
        if !engine.a_line_fits(&state) {
            seen.no_line_fits.insert(n);
        }
        if offered.is_empty() {
            seen.dead_ends
                .entry(n)
                .or_insert_with(|| NodeRange::new(engine.scenario().nodes[n].id.clone()))
                .widen(&state);
        }
        let (id, _) = space.states.insert_full(state);
        space.value.push(None);
        space.finished.push(u32::MAX);
        space.edges.push(Vec::new());
        Frame {
            state: id as u32,
            offered,
            next: 0,
        }
    };
    if start.is_over() {
        return space;
    }
    let root = open(&mut space, seen, start.clone());
    stack.push(root);
    while let Some(top) = stack.last_mut() {
        let id = top.state as usize;
        if top.next >= top.offered.len() || space.truncated {
            let frame = stack.pop().expect("the loop holds a frame");
            let rank = space.order.len() as u32;
            space.finished[frame.state as usize] = rank;
            space.order.push(frame.state);
            space.value[frame.state as usize] = value_of(&space, frame.state as usize);
            continue;
        }
        let index = top.offered[top.next];
        top.next += 1;
        let At::Node(n) = space.states[id].at else {
            continue;
        };
        work = work.saturating_add(engine.step_cost(n, index));
        if work > WORK_LIMIT {
            space.truncated = true;
            continue;
        }
        seen.offered.insert((n, index));
        let Some((after, points)) = engine.advance(&space.states[id], index) else {
            continue;
        };
        if engine.promise_count() > 0 {
            work = work.saturating_add(engine.promise_count() as u64);
            engine.mark_promises(&after, &mut seen.promised, &mut seen.broken);
            engine.mark_kept(&space.states[id], n, index, &mut seen.kept);
        }
        if points != [0; 3] || Engine::changed(&space.states[id], &after) {
            seen.effective.insert((n, index));
        }
        let end = match after.at {
            At::Ended(e) => e as u16,
            At::Node(_) => u16::MAX,
        };
        seen.stages |= after.reached;
        let to = match after.at {
            At::Ended(e) => {
                seen.reached.insert(e);
                *seen.ending_stages.entry(e).or_default() |= after.stage.bit();
                ENDED
            }
            At::Node(m) => match space.states.get_index_of(&after) {
                Some(known) => {
                    if space.finished[known] == u32::MAX {
                        seen.loops.insert(m);
                    }
                    known as u32
                }
                None => {
                    bytes += per_state + std::mem::size_of::<Edge>() * 6;
                    work = work.saturating_add(engine.open_cost(m));
                    if space.states.len() >= STATE_LIMIT
                        || bytes >= MEMORY_LIMIT
                        || work > WORK_LIMIT
                    {
                        space.truncated = true;
                        continue;
                    }
                    let frame = open(&mut space, seen, after);
                    let to = frame.state;
                    space.edges[id].push(Edge {
                        choice: index as u16,
                        end,
                        to,
                        points,
                    });
                    stack.push(frame);
                    continue;
                }
            },
        };
        space.edges[id].push(Edge {
            choice: index as u16,
            end,
            to,
            points,
        });
    }
    space
}

/// The value of a state from its edges: a child still on the stack when this state finished
/// (a loop back) contributes nothing.
fn value_of(space: &Space, id: usize) -> Option<Value> {
    let mine = space.finished[id];
    let mut value: Option<Value> = None;
    for e in &space.edges[id] {
        let tail = if e.to == ENDED {
            ([0; 3], [0; 3])
        } else {
            let child = e.to as usize;
            if space.finished[child] >= mine {
                continue;
            }
            match space.value[child] {
                Some(v) => (v.best, v.worst),
                None => continue,
            }
        };
        let v = value.get_or_insert(Value {
            best: [i32::MIN; 3],
            best_choice: [e.choice; 3],
            worst: [i32::MAX; 3],
            worst_choice: [e.choice; 3],
        });
        for r in 0..3 {
            let best = e.points[r].saturating_add(tail.0[r]);
            if best > v.best[r] {
                v.best[r] = best;
                v.best_choice[r] = e.choice;
            }
            let worst = e.points[r].saturating_add(tail.1[r]);
            if worst < v.worst[r] {
                v.worst[r] = worst;
                v.worst_choice[r] = e.choice;
            }
        }
    }
    value
}

/// For every state, the reply that maximises the sum of the three scaled scores to an
/// ending, and that sum: computed in finishing order, so children come first.
fn balanced(space: &Space, par: Points) -> Vec<Option<(f64, u16)>> {
    balanced_to(space, par, None)
}

/// [`balanced`], counting only routes that end at `ending` when it is given.
fn balanced_to(space: &Space, par: Points, ending: Option<u16>) -> Vec<Option<(f64, u16)>> {
    let weight = |p: Points| -> f64 {
        (0..3)
            .map(|r| f64::from(p[r]) / f64::from(par[r].max(1)))
            .sum()
    };
    let mut out: Vec<Option<(f64, u16)>> = vec![None; space.states.len()];
    for &id in &space.order {
        let id = id as usize;
        let mine = space.finished[id];
        let mut best: Option<(f64, u16)> = None;
        for e in &space.edges[id] {
            let tail = if e.to == ENDED {
                (ending.is_none() || ending == Some(e.end)).then_some(0.0)
            } else if space.finished[e.to as usize] < mine {
                out[e.to as usize].map(|(v, _)| v)
            } else {
                None
            };
            if let Some(tail) = tail {
                let total = weight(e.points) + tail;
                if best.is_none_or(|(b, _)| total > b) {
                    best = Some((total, e.choice));
                }
            }
        }
        out[id] = best;
    }
    out
}

/// Runs the analysis from the scenario's start.
pub fn analyze(engine: &Engine) -> Analysis {
    let started = std::time::Instant::now();
    let start = engine.initial_state();
    let mut seen = Seen::new(engine);
    let space = explore(engine, &start, &mut seen);
    let root = space.value.first().copied().flatten();
    let (par, floor) = root.map_or(([0; 3], [0; 3]), |v| (v.best, v.worst));
    let follow = |pick: &dyn Fn(usize) -> Option<u16>| walk(engine, &space, &start, par, pick);
    let best = Rubric::ALL
        .iter()
        .filter_map(|r| follow(&|id| space.value[id].map(|v| v.best_choice[r.index()])))
        .collect();
    let worst = Rubric::ALL
        .iter()
        .filter_map(|r| follow(&|id| space.value[id].map(|v| v.worst_choice[r.index()])))
        .collect();
    let weights = balanced(&space, par);
    let balanced = follow(&|id| weights[id].map(|(_, c)| c));
    let decisions = decisions(engine, &space, &start, &weights);

    let scenario = engine.scenario();
    let complete = !space.truncated;
    let mut never_offered = Vec::new();
    let mut inert = Vec::new();
    let mut unreached_nodes = Vec::new();
    if complete {
        for (n, node) in scenario.nodes.iter().enumerate() {
            if !seen.nodes.contains(&n) {
                unreached_nodes.push(node.id.clone());
                continue;
            }
            for c in 0..node.choices.len() {
                let r = ChoiceRef {
                    node: node.id.clone(),
                    choice: c + 1,
                };
                if !seen.offered.contains(&(n, c)) {
                    never_offered.push(r);
                } else if !seen.effective.contains(&(n, c)) {
                    inert.push(r);
                }
            }
        }
    }
    let node_id = |n: &usize| scenario.nodes[*n].id.clone();
    let keepable: BTreeSet<&str> = scenario
        .nodes
        .iter()
        .flat_map(|n| &n.choices)
        .flat_map(|c| &c.keeps)
        .map(String::as_str)
        .collect();
    let sudden_failures = match (space.edges.first(), start.at) {
        (Some(edges), At::Node(n)) => edges
            .iter()
            .filter(|e| e.to == ENDED)
            .filter_map(|e| {
                let ending = scenario.endings.get(usize::from(e.end))?;
                let verdict = super::verdict::verdict_of(engine.catalogue(), ending);
                (!verdict.passes()).then(|| SuddenEnd {
                    reply: ChoiceRef {
                        node: scenario.nodes[n].id.clone(),
                        choice: usize::from(e.choice) + 1,
                    },
                    ending: ending.id.clone(),
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    Analysis {
        states: space.states.len(),
        took: started.elapsed(),
        truncated: space.truncated,
        par,
        floor,
        best,
        worst,
        balanced,
        reached_endings: seen
            .reached
            .iter()
            .map(|&e| scenario.endings[e].id.clone())
            .collect(),
        unreached_endings: if complete {
            scenario
                .endings
                .iter()
                .enumerate()
                .filter(|(i, _)| !seen.reached.contains(i))
                .map(|(_, e)| e.id.clone())
                .collect()
        } else {
            Vec::new()
        },
        unreached_nodes,
        never_offered,
        inert,
        dead_ends: seen.dead_ends.into_values().collect(),
        loops: seen.loops.iter().map(node_id).collect(),
        no_line_fits: seen.no_line_fits.iter().map(node_id).collect(),
        never_broken: if complete {
            (0..engine.promise_count())
                .filter(|&p| seen.promised[p] && !seen.broken[p])
                .map(|p| engine.promise_id(p).to_string())
                .collect()
        } else {
            Vec::new()
        },
        never_kept: if complete {
            (0..engine.promise_count())
                .filter(|&p| {
                    seen.promised[p] && !seen.kept[p] && keepable.contains(engine.promise_id(p))
                })
                .map(|p| engine.promise_id(p).to_string())
                .collect()
        } else {
            Vec::new()
        },
        sudden_failures,
        nodes: seen.ranges.into_values().collect(),
        stages: stages_of(seen.stages | start.reached),
        ending_stages: if engine.has_opinion() {
            seen.ending_stages
                .iter()
                .map(|(&e, &bits)| EndingStages {
                    ending: scenario.endings[e].id.clone(),
                    stages: stages_of(bits),
                })
                .collect()
        } else {
            Vec::new()
        },
        decisions,
    }
}

/// The stages in a set of [`Stage::bit`]s, in course order.
fn stages_of(bits: u8) -> Vec<Stage> {
    Stage::ALL
        .iter()
        .copied()
        .filter(|s| bits & s.bit() != 0)
        .collect()
}

/// For every ending: verdict, reachability, the shortest route there (breadth-first over
/// the explored space) and the best balanced route that ends there.
fn ending_reports(
    engine: &Engine,
    space: &Space,
    start: &CustomerState,
    par: Points,
    seen: &Seen,
) -> Vec<EndingReport> {
    let scenario = engine.scenario();
    let catalogue = engine.catalogue();
    // Breadth-first: the first edge into each ending, with the parent of every state.
    let n = space.states.len();
    let mut parent: Vec<Option<(u32, u16)>> = vec![None; n];
    let mut first_into: Vec<Option<(u32, u16)>> = vec![None; scenario.endings.len()];
    let mut queue = std::collections::VecDeque::new();
    let mut visited = vec![false; n];
    if n > 0 {
        visited[0] = true;
        queue.push_back(0u32);
    }
    while let Some(id) = queue.pop_front() {
        for e in &space.edges[id as usize] {
            if e.to == ENDED {
                if let Some(slot) = first_into.get_mut(usize::from(e.end))
                    && slot.is_none()
                {
                    *slot = Some((id, e.choice));
                }
            } else if !visited[e.to as usize] {
                visited[e.to as usize] = true;
                parent[e.to as usize] = Some((id, e.choice));
                queue.push_back(e.to);
            }
        }
    }
    let numbered = |picks: Vec<(u32, u16)>| -> Option<Vec<usize>> {
        picks
            .into_iter()
            .map(|(id, choice)| {
                let offered = engine.available(&space.states[id as usize]);
                offered
                    .iter()
                    .position(|&i| i == usize::from(choice))
                    .map(|p| p + 1)
            })
            .collect()
    };
    scenario
        .endings
        .iter()
        .enumerate()
        .map(|(e, ending)| {
            let shortest = first_into[e].and_then(|last| {
                let mut picks = vec![last];
                let mut at = last.0;
                while let Some(p) = parent[at as usize] {
                    picks.push(p);
                    at = p.0;
                    if picks.len() > n {
                        return None;
                    }
                }
                picks.reverse();
                numbered(picks)
            });
            let best = if seen.reached.contains(&e) {
                let weights = balanced_to(space, par, Some(e as u16));
                walk(engine, space, start, par, &|id| weights[id].map(|(_, c)| c)).map(|r| {
                    EndingRoute {
                        passed: route_passes(engine, start, &r.choices, r.scores),
                        choices: r.choices,
                        scores: r.scores,
                    }
                })
            } else {
                None
            };
            EndingReport {
                id: ending.id.clone(),
                kind: ending.kind,
                acceptable: ending.acceptable,
                verdict: super::verdict::verdict_of(catalogue, ending),
                reachable: seen.reached.contains(&e),
                shortest,
                best,
            }
        })
        .collect()
}

/// Whether a session that takes `choices` (as `play --choices` numbers them) passes.
fn route_passes(
    engine: &Engine,
    start: &CustomerState,
    choices: &[usize],
    scores: [u8; 3],
) -> bool {
    let mut state = start.clone();
    let mut notes = Vec::new();
    for &c in choices {
        let offered = engine.available(&state);
        let Some(&index) = offered.get(c.wrapping_sub(1)) else {
            return false;
        };
        let Some(step) = engine.step(&state, index) else {
            return false;
        };
        notes.push(step.assessment.notes);
        state = step.state;
    }
    let At::Ended(e) = state.at else {
        return false;
    };
    super::verdict::standing(
        engine.catalogue(),
        &engine.scenario().endings[e],
        scores,
        notes.iter().map(Vec::as_slice),
    )
    .passed
}

/// The best reply at each node reached: from the state on the balanced route where there is
/// one, else from the first state the search opened there.
fn decisions(
    engine: &Engine,
    space: &Space,
    start: &CustomerState,
    weights: &[Option<(f64, u16)>],
) -> Vec<Decision> {
    let mut at: BTreeMap<usize, usize> = BTreeMap::new();
    let mut state = start.clone();
    let mut steps = 0;
    while let At::Node(n) = state.at {
        let Some(id) = space.states.get_index_of(&state) else {
            break;
        };
        at.entry(n).or_insert(id);
        let Some((_, c)) = weights[id] else { break };
        let Some((next, _)) = engine.advance(&state, usize::from(c)) else {
            break;
        };
        state = next;
        steps += 1;
        if steps > space.states.len() {
            break;
        }
    }
    for (id, s) in space.states.iter().enumerate() {
        if let At::Node(n) = s.at {
            at.entry(n).or_insert(id);
        }
    }
    at.into_iter()
        .filter_map(|(node, id)| {
            let (_, best) = weights[id]?;
            Some(Decision {
                node,
                offered: engine.available(&space.states[id]),
                best: usize::from(best),
            })
        })
        .collect()
}

/// Follows `pick` (a reply for each state, by number) from `start` to an ending, and reports
/// the route as `play --choices` takes it. `None` if `pick` has no answer somewhere on the
/// way. Each pick leads to a state finished earlier, so the walk cannot loop; it is bounded
/// by the number of states all the same.
fn walk(
    engine: &Engine,
    space: &Space,
    start: &CustomerState,
    par: Points,
    pick: &dyn Fn(usize) -> Option<u16>,
) -> Option<PathReport> {
    let mut state = start.clone();
    let mut choices = Vec::new();
    let mut raw = [0i32; 3];
    while let At::Node(_) = state.at {
        if choices.len() > space.states.len() {
            return None;
        }
        let id = space.states.get_index_of(&state)?;
        let index = usize::from(pick(id)?);
        let offered = engine.available(&state);
        choices.push(offered.iter().position(|&i| i == index)? + 1);
        let (next, points) = engine.advance(&state, index)?;
        for (t, p) in raw.iter_mut().zip(points) {
            *t = t.saturating_add(p);
        }
        state = next;
    }
    let At::Ended(e) = state.at else {
        return None;
    };
    Some(PathReport {
        choices,
        ending: engine.scenario().endings[e].id.clone(),
        raw,
        scores: [0, 1, 2].map(|i| scale(raw[i], par[i])),
    })
}

impl Analysis {
    /// Every ending: its verdict, whether a route reaches it, the shortest route there and
    /// the best route (on all three rubrics at once) that ends there. A fresh bounded search
    /// from the start, weighted by this analysis's par: only `analyze` needs it, so loading
    /// a library does not pay for it.
    pub fn endings(&self, engine: &Engine) -> Vec<EndingReport> {
        let start = engine.initial_state();
        let mut seen = Seen::new(engine);
        let space = explore(engine, &start, &mut seen);
        ending_reports(engine, &space, &start, self.par, &seen)
    }

    /// The reply from `state` that leads to the best sum of the three scaled scores, as an
    /// index into the node's `choices`: a fresh bounded search from there, weighted by this
    /// analysis's par.
    pub fn best_from(&self, engine: &Engine, state: &CustomerState) -> Option<usize> {
        let mut seen = Seen::new(engine);
        let space = explore(engine, state, &mut seen);
        let weights = balanced(&space, self.par);
        weights
            .first()
            .copied()
            .flatten()
            .map(|(_, c)| usize::from(c))
    }
}
