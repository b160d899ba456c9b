//! The scoring audit: whether a library's scores follow the course or can be gamed. For each
//! analysed scenario it measures what a trainee could learn without reading the customer —
//! how often the best reply is the longest or the first in the file, how far a bot gets
//! that always picks the longest (or the shortest) reply — whether the customer's DISC type
//! matters (the balanced best route is recomputed with the type swapped for each of the other
//! three, nothing else changed), and whether any reply earns a rubric bonus while carrying a
//! hostile or capitulating mistake. `complaint-dojo audit` prints it; the lints use the same
//! give-away counts.

use std::sync::Arc;

use serde::Serialize;

use crate::catalogue::Catalogue;
use crate::course::{Disc, Rubric};
use crate::scenario::Scenario;
use crate::sim::score::{assess_every_part, turns_reply};
use crate::sim::{
    Action, Analysis, Assessment, At, ChoiceRef, Engine, Mode, Session, Speaker, assess, scale,
};

/// Decisions a give-away bot may take before it is stopped (a route that loops).
const BOT_STEPS: usize = 500;

/// How a reply is picked without reading the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Bot {
    /// Always the reply with the most characters (Chinese text; the first on a tie).
    Longest,
    /// Always the reply with the fewest characters.
    Shortest,
}

/// Where a give-away bot ended and what it scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BotRun {
    /// Ending id, or `None` if it looped past the step limit.
    pub ending: Option<String>,
    /// 0–100 per rubric against par.
    pub scores: [u8; 3],
    /// Whether every rubric reached the catalogue's top band.
    pub expert: bool,
}

/// The audit of one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioAudit {
    /// Scenario id.
    pub id: String,
    /// The customer's DISC type.
    pub disc: Disc,
    /// Whether the analysis was partial (then the figures are about the routes found).
    pub partial: bool,
    /// Nodes with a best reply.
    pub decisions: usize,
    /// Decisions where the best reply is the longest on offer (ties count as longest).
    pub best_is_longest: usize,
    /// Decisions where the best reply is the shortest on offer (ties count as shortest).
    pub best_is_shortest: usize,
    /// Decisions where the best reply is the first offered in file order.
    pub best_is_first: usize,
    /// The always-longest bot.
    pub longest_bot: BotRun,
    /// The always-shortest bot.
    pub shortest_bot: BotRun,
    /// For each other DISC type: whether the balanced best route changes when the customer
    /// is that type instead.
    pub disc_swaps: Vec<(Disc, bool)>,
    /// Decisions whose best reply is another for at least one other DISC type.
    pub decisions_by_type: usize,
    /// Customer lines said more than once on the balanced best route (the most over seeds
    /// 1–5).
    pub repeated_lines: usize,
    /// Replies that carry a hostile or capitulating mistake.
    pub turned: usize,
    /// Of those, the replies whose other parts would gain on some rubric: the bonuses the
    /// no-bonus-without-the-act rule takes away.
    pub voided: usize,
    /// Replies that carry a hostile or capitulating mistake yet gain on some rubric.
    pub turned_with_bonus: Vec<ChoiceRef>,
}

/// The audit of a library, with its totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Audit {
    /// One per analysed scenario, in library order.
    pub scenarios: Vec<ScenarioAudit>,
    /// Decisions in all.
    pub decisions: usize,
    /// Decisions where the best reply is the longest.
    pub best_is_longest: usize,
    /// Decisions where the best reply is the first in file order.
    pub best_is_first: usize,
    /// Scenarios where the always-longest bot reaches the top band on all three rubrics.
    pub longest_bot_expert: usize,
    /// Scenarios where the always-shortest bot does.
    pub shortest_bot_expert: usize,
    /// (scenario, other DISC type) pairs tried.
    pub disc_pairs: usize,
    /// Pairs whose balanced best route changes.
    pub disc_changed: usize,
    /// Decisions whose best reply is another for at least one other DISC type.
    pub decisions_by_type: usize,
    /// Scenarios whose best route has a customer line said twice.
    pub repeating_scenarios: usize,
    /// Replies that carry a hostile or capitulating mistake.
    pub turned: usize,
    /// Of those, replies whose bonuses the rule takes away.
    pub voided: usize,
    /// Replies that earn a bonus while carrying a hostile or capitulating mistake.
    pub turned_with_bonus: usize,
}

/// The length of a reply as the audit counts it: characters of the Chinese text.
pub fn length(text: &crate::course::Text) -> usize {
    text.zh.chars().count()
}

/// How many decisions have a best reply that is the longest, the shortest and the first on
/// offer: (longest, shortest, first, decisions).
pub fn give_aways(engine: &Engine, analysis: &Analysis) -> (usize, usize, usize, usize) {
    let scn = engine.scenario();
    let (mut longest, mut shortest, mut first) = (0, 0, 0);
    for d in &analysis.decisions {
        let node = &scn.nodes[d.node];
        let len = |i: usize| length(&node.choices[i].text);
        let best = len(d.best);
        if d.offered.iter().all(|&i| len(i) <= best) {
            longest += 1;
        }
        if d.offered.iter().all(|&i| len(i) >= best) {
            shortest += 1;
        }
        if d.offered.first() == Some(&d.best) {
            first += 1;
        }
    }
    (longest, shortest, first, analysis.decisions.len())
}

/// Plays `bot` from the start and scores it against `analysis`'s par.
pub fn run_bot(engine: &Engine, analysis: &Analysis, bot: Bot) -> BotRun {
    let scn = engine.scenario();
    let mut state = engine.initial_state();
    let mut raw = [0i32; 3];
    for _ in 0..BOT_STEPS {
        let At::Node(n) = state.at else { break };
        let node = &scn.nodes[n];
        let offered = engine.available(&state);
        let pick = match bot {
            Bot::Longest => offered
                .iter()
                .copied()
                .rev()
                .max_by_key(|&i| length(&node.choices[i].text)),
            Bot::Shortest => offered
                .iter()
                .copied()
                .rev()
                .min_by_key(|&i| length(&node.choices[i].text)),
        };
        let Some(pick) = pick else { break };
        let Some((next, points)) = engine.advance(&state, pick) else {
            break;
        };
        for (t, p) in raw.iter_mut().zip(points) {
            *t = t.saturating_add(p);
        }
        state = next;
    }
    let scores = [0, 1, 2].map(|i| scale(raw[i], analysis.par[i]));
    let cat = engine.catalogue();
    let top = |r: Rubric| {
        cat.rubric(r)
            .and_then(|d| d.bands.last())
            .map_or(100, |b| b.from)
    };
    let expert = Rubric::ALL.iter().all(|r| scores[r.index()] >= top(*r));
    BotRun {
        ending: match state.at {
            At::Ended(e) => Some(scn.endings[e].id.clone()),
            At::Node(_) => None,
        },
        scores,
        expert,
    }
}

/// What the analysis says with the customer made `disc`: the balanced best route (replies as
/// `play --choices` takes them, and the ending) and the best reply at each node.
fn best_as(scn: &Scenario, cat: &Arc<Catalogue>, disc: Disc) -> Option<Best> {
    let mut swapped = scn.clone();
    swapped.customer.disc = disc;
    let engine = Engine::new(Arc::new(swapped), cat.clone()).ok()?;
    Some(best_of(engine.analysis()))
}

/// The balanced route and the best reply per node.
struct Best {
    route: Option<(Vec<usize>, String)>,
    at: std::collections::BTreeMap<usize, usize>,
}

fn best_of(a: &Analysis) -> Best {
    Best {
        route: a
            .balanced
            .as_ref()
            .map(|b| (b.choices.clone(), b.ending.clone())),
        at: a.decisions.iter().map(|d| (d.node, d.best)).collect(),
    }
}

/// Replies that carry a hostile or capitulating mistake: how many, how many of them the
/// no-bonus rule takes something from, and those that still gain on some rubric.
pub fn turned_replies(scn: &Scenario, cat: &Catalogue) -> (usize, usize, Vec<ChoiceRef>) {
    let (mut turned, mut voided) = (0, 0);
    let mut gaining = Vec::new();
    for node in &scn.nodes {
        for (i, c) in node.choices.iter().enumerate() {
            if !turns_reply(cat, c) {
                continue;
            }
            turned += 1;
            let gains = |a: Assessment| a.notes.iter().any(|n| n.impact.gains());
            if gains(assess_every_part(
                cat,
                &scn.profile_for(c),
                node.expectation,
                c,
            )) {
                voided += 1;
            }
            if gains(assess(cat, &scn.profile_for(c), node.expectation, c)) {
                gaining.push(ChoiceRef {
                    node: node.id.clone(),
                    choice: i + 1,
                });
            }
        }
    }
    (turned, voided, gaining)
}

/// Customer lines said more than once when the balanced best route is played, the most over
/// seeds 1 to 5.
pub fn repeated_lines(engine: &Arc<Engine>) -> usize {
    let Some(best) = engine.analysis().balanced.as_ref() else {
        return 0;
    };
    let actions: Vec<Action> = best.choices.iter().map(|c| Action::Choose(c - 1)).collect();
    (1..=5u64)
        .filter_map(|seed| Session::replay(engine.clone(), seed, Mode::Practice, &actions).ok())
        .map(|s| {
            let mut seen = std::collections::HashSet::new();
            s.transcript()
                .iter()
                .filter(|e| e.speaker == Speaker::Customer)
                .filter(|e| !seen.insert(&e.text))
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// Audits one analysed scenario.
pub fn audit_one(engine: &Arc<Engine>) -> ScenarioAudit {
    let scn = engine.scenario();
    let cat = engine.catalogue();
    let a = engine.analysis();
    let (longest, shortest, first, decisions) = give_aways(engine, a);
    let (turned, voided, turned_with_bonus) = turned_replies(scn, cat);
    let own = best_of(a);
    let others: Vec<(Disc, Option<Best>)> = Disc::ALL
        .iter()
        .copied()
        .filter(|d| *d != scn.customer.disc)
        .map(|d| (d, best_as(scn, cat, d)))
        .collect();
    let disc_swaps = others
        .iter()
        .map(|(d, b)| (*d, b.as_ref().map(|b| &b.route) != Some(&own.route)))
        .collect();
    let decisions_by_type = own
        .at
        .iter()
        .filter(|(node, best)| {
            others.iter().any(|(_, b)| {
                b.as_ref()
                    .and_then(|b| b.at.get(node))
                    .is_some_and(|other| other != *best)
            })
        })
        .count();
    ScenarioAudit {
        id: scn.id.clone(),
        disc: scn.customer.disc,
        partial: a.truncated,
        decisions,
        best_is_longest: longest,
        best_is_shortest: shortest,
        best_is_first: first,
        longest_bot: run_bot(engine, a, Bot::Longest),
        shortest_bot: run_bot(engine, a, Bot::Shortest),
        disc_swaps,
        decisions_by_type,
        repeated_lines: repeated_lines(engine),
        turned,
        voided,
        turned_with_bonus,
    }
}

/// Audits every playable scenario of `engines`, on up to four threads.
pub fn audit(engines: &[Arc<Engine>]) -> Audit {
    let scenarios = super::on_four_threads(engines, audit_one);
    let sum = |f: &dyn Fn(&ScenarioAudit) -> usize| scenarios.iter().map(f).sum();
    Audit {
        decisions: sum(&|s| s.decisions),
        best_is_longest: sum(&|s| s.best_is_longest),
        best_is_first: sum(&|s| s.best_is_first),
        longest_bot_expert: sum(&|s| usize::from(s.longest_bot.expert)),
        shortest_bot_expert: sum(&|s| usize::from(s.shortest_bot.expert)),
        disc_pairs: sum(&|s| s.disc_swaps.len()),
        disc_changed: sum(&|s| s.disc_swaps.iter().filter(|(_, c)| *c).count()),
        decisions_by_type: sum(&|s| s.decisions_by_type),
        repeating_scenarios: sum(&|s| usize::from(s.repeated_lines > 0)),
        turned: sum(&|s| s.turned),
        voided: sum(&|s| s.voided),
        turned_with_bonus: sum(&|s| s.turned_with_bonus.len()),
        scenarios,
    }
}
