//! The analysis's findings as diagnostics with places: dead ends (errors), loops, lines that
//! never fit, endings never reached, replies never offered or that change nothing
//! (warnings). A partial analysis says so, and nothing that needs the whole space is claimed.

use crate::course::Rubric;
use crate::path;
use crate::scenario::{Scenario, Target};
use crate::sim::{Analysis, Engine};
use crate::source::diagnostic::{Diagnostic, Severity, shown};
use crate::source::ron::Locator;
use crate::source::syntax::Seg;

/// Decisions a scenario needs before the give-away lints speak (a two-decision sketch says
/// nothing about a pattern).
const GIVE_AWAY_MIN_DECISIONS: usize = 5;

/// Why an ending is never reached, and what to do: when only escalation thresholds lead to
/// it, the thresholds (and how far the customer really goes) are to blame, not the replies.
fn unreached_ending(scn: &Scenario, a: &Analysis, ending: &str) -> (String, String) {
    let by_reply = scn
        .nodes
        .iter()
        .flat_map(|n| &n.choices)
        .flat_map(|c| c.next.targets())
        .any(|t| t == Target::Ending(ending));
    let rungs: Vec<String> = scn
        .escalation
        .iter()
        .filter(|r| r.ending.as_deref() == Some(ending))
        .map(|r| {
            let when: Vec<String> = r.when.iter().map(|c| format!("{c:?}")).collect();
            format!("{} when [{}]", r.level.key(), shown(&when.join(", ")))
        })
        .collect();
    if by_reply || rungs.is_empty() {
        let hint = if by_reply {
            "the replies and branches that lead here are never taken: check their `when` conditions"
        } else {
            "lead a reply or an escalation rung to it, or remove it"
        };
        return (
            format!("ending `{}` is never reached by any route", shown(ending)),
            hint.to_string(),
        );
    }
    let low = |f: fn(&crate::sim::NodeRange) -> (u8, u8)| {
        let lo = a.nodes.iter().map(|n| f(n).0).min().unwrap_or(0);
        let hi = a.nodes.iter().map(|n| f(n).1).max().unwrap_or(0);
        (lo, hi)
    };
    let (mood, trust, patience) = (low(|n| n.mood), low(|n| n.trust), low(|n| n.patience));
    (
        format!(
            "ending `{}` is never reached: only the escalation threshold {} leads to it, and no route takes the customer there (reached: mood {}–{}, trust {}–{}, patience {}–{})",
            shown(ending),
            rungs.join("; "),
            mood.0,
            mood.1,
            trust.0,
            trust.1,
            patience.0,
            patience.1
        ),
        "the replies are not to blame: widen the threshold to what the customer reaches, \
         make the worst replies cost more, or remove the ending"
            .to_string(),
    )
}

/// The lints of one analysed scenario (unplaced).
pub fn lints(engine: &Engine, loc: &Locator) -> Vec<Diagnostic> {
    let scn: &Scenario = engine.scenario();
    let a: &Analysis = engine.analysis();
    let mut out = Vec::new();
    let nodes = scn.node_positions();
    let endings = scn.ending_positions();
    let node_index = |id: &str| nodes.get(id).copied().unwrap_or(0);
    let node_path = |id: &str| -> Vec<Seg> { path!["nodes", node_index(id), "id"].to_vec() };
    let mut warn = |p: &[Seg], m: String, h: &str| {
        out.push(loc.diag(Severity::Warning, p, m, Some(h.to_string())));
    };
    if a.truncated {
        warn(
            &path!["nodes"],
            format!(
                "the analysis is partial: it stopped after {} states (limits: {} states, {} MiB, {} million condition tests)",
                a.states,
                crate::sim::STATE_LIMIT,
                crate::sim::MEMORY_LIMIT / (1024 * 1024),
                crate::sim::WORK_LIMIT / 1_000_000
            ),
            "the scenario's state space is very large (many flags, long promises or loops); \
             par and the routes are the best found so far, and unreached endings or replies \
             are not reported",
        );
    }
    for n in &a.loops {
        warn(
            &node_path(n),
            format!(
                "a route comes back to node `{}` with the customer unchanged: it can loop forever",
                shown(n)
            ),
            "make the loop cost something (patience, a flag) so it ends",
        );
    }
    for n in &a.no_line_fits {
        warn(
            &node_path(n),
            format!(
                "at node `{}` the customer can arrive in a state where no line's conditions hold",
                shown(n)
            ),
            "add a line without `when`; until then the first line is used",
        );
    }
    for e in &a.unreached_endings {
        let i = endings.get(e.as_str()).copied().unwrap_or(0);
        let (m, h) = unreached_ending(scn, a, e);
        warn(&path!["endings", i, "id"], m, &h);
    }
    for s in &a.sudden_failures {
        warn(
            &path![
                "nodes",
                node_index(&s.reply.node),
                "choices",
                s.reply.choice - 1
            ],
            format!(
                "reply {} of the first node ends the session at `{}`, which is not passed, on the very first decision",
                s.reply.choice,
                shown(&s.ending)
            ),
            "let the customer react first, so the trainee sees the mistake and can repair it \
             (lead the reply to a node, or make the threshold an escalation rung without an ending)",
        );
    }
    // Endings reflect the stage the story reached: a case "resolved" while it trends at its
    // peak tells the trainee the crisis did not matter.
    for es in &a.ending_stages {
        let Some(&i) = endings.get(es.ending.as_str()) else {
            continue;
        };
        let kind = scn.endings[i].kind;
        if matches!(
            kind,
            crate::course::EndingKind::ResolvedSatisfied
                | crate::course::EndingKind::ResolvedGrudgingly
        ) && es.stages.contains(&crate::course::Stage::Peak)
        {
            warn(
                &path!["endings", i, "kind"],
                format!(
                    "ending `{}` ({}) can be reached while the story is at its peak",
                    shown(&es.ending),
                    kind.key()
                ),
                "a case is not resolved while it trends: route `Stage(Peak)` to a crisis or media \
                 ending (a branch route or an escalation rung), or let the heat fall first",
            );
        }
    }
    for p in &a.never_kept {
        let made = scn.nodes.iter().enumerate().find_map(|(n, node)| {
            node.choices.iter().enumerate().find_map(|(c, ch)| {
                ch.promises
                    .iter()
                    .position(|q| &q.id == p)
                    .map(|q| (n, c, q, ch.promises[q].within))
            })
        });
        let (place, within) = match made {
            Some((n, c, q, within)) => (
                path!["nodes", n, "choices", c, "promises", q, "within"].to_vec(),
                within,
            ),
            None => (path!["nodes"].to_vec(), 0),
        };
        let keepers: Vec<String> = scn
            .nodes
            .iter()
            .flat_map(|n| {
                n.choices
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.keeps.contains(p))
                    .map(move |(c, _)| format!("`{}` #{}", shown(&n.id), c + 1))
            })
            .take(4)
            .collect();
        warn(
            &place,
            format!(
                "promise `{}` can never be kept: its window ({within} decision(s)) always closes before a reply that keeps it ({}) is offered",
                shown(p),
                keepers.join(", ")
            ),
            "raise `within` to cover the decisions up to those replies, or offer a reply that \
             keeps it sooner; as it stands every route breaks it",
        );
    }
    // A node no reply names is already reported by the static checks.
    let named: std::collections::HashSet<&str> = scn
        .nodes
        .iter()
        .flat_map(|n| &n.choices)
        .flat_map(|c| c.next.targets())
        .filter_map(|t| match t {
            Target::Node(id) => Some(id),
            Target::Ending(_) => None,
        })
        .collect();
    for n in &a.unreached_nodes {
        if n != &scn.start && named.contains(n.as_str()) {
            warn(
                &node_path(n),
                format!(
                    "node `{}` is never reached: the conditions on every route into it fail",
                    shown(n)
                ),
                "check the `when` conditions of the replies and branches that lead here",
            );
        }
    }
    for r in &a.never_offered {
        warn(
            &path!["nodes", node_index(&r.node), "choices", r.choice - 1],
            format!(
                "reply {} of node `{}` is never offered: its conditions never hold",
                r.choice,
                shown(&r.node)
            ),
            "check its `when` conditions against the routes into this node",
        );
    }
    for r in &a.inert {
        warn(
            &path!["nodes", node_index(&r.node), "choices", r.choice - 1],
            format!(
                "reply {} of node `{}` changes nothing",
                r.choice,
                shown(&r.node)
            ),
            "tag it with techniques or mistakes, give it effects, or lead it elsewhere",
        );
    }
    for p in &a.never_broken {
        let made = scn.nodes.iter().enumerate().find_map(|(n, node)| {
            node.choices
                .iter()
                .position(|c| c.promises.iter().any(|q| &q.id == p))
                .map(|c| (n, c))
        });
        let place = match made {
            Some((n, c)) => path!["nodes", n, "choices", c, "promises"].to_vec(),
            None => path!["nodes"].to_vec(),
        };
        warn(
            &place,
            format!(
                "promise `{}` is kept on every route: no reply lets it run out or reneges on it, so the trainee cannot fail it",
                shown(p)
            ),
            "give a later decision a reply that does not keep it (or that `reneges`), so an \
             unkeepable promise costs what it costs in real life",
        );
    }
    let (longest, _, first, decisions) = super::audit::give_aways(engine, a);
    if decisions >= GIVE_AWAY_MIN_DECISIONS {
        if longest * 2 > decisions {
            warn(
                &path!["nodes"],
                format!(
                    "the best reply is the longest on offer at {longest} of {decisions} decisions: trainees can win by picking the longest"
                ),
                "make good replies short where the situation allows, and give wrong replies the \
                 length real staff give them (a long explanation, a warm paragraph to the wrong customer)",
            );
        }
        if first * 2 > decisions {
            warn(
                &path!["nodes"],
                format!(
                    "the best reply is the first in the file at {first} of {decisions} decisions: `play` and `analyze` number replies in file order"
                ),
                "vary where the best reply stands",
            );
        }
    }
    if !a.truncated && a.dead_ends.is_empty() {
        for r in Rubric::ALL {
            if a.par[r.index()] <= 0 {
                warn(
                    &path!["nodes"],
                    format!("no route earns any points on the {} rubric", r.key()),
                    "tag replies with techniques or legal points that score on it",
                );
            }
        }
    }
    for d in &a.dead_ends {
        out.push(loc.diag(
            Severity::Error,
            &node_path(&d.id),
            if d.states == 1 {
                format!(
                    "dead end at node `{}`: with {} no reply is offered",
                    shown(&d.id),
                    d.ranges()
                )
            } else {
                format!(
                    "dead end at node `{}`: in {} states ({}) no reply is offered",
                    shown(&d.id),
                    d.states,
                    d.ranges()
                )
            },
            Some("add a reply without `when` conditions, or widen the conditions".into()),
        ));
    }
    out
}
