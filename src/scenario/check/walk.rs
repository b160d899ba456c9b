//! One walk over a scenario that every check pass shares: each player-visible text, each
//! condition and each reply, with the path that locates it in the file. The walk is a loop
//! over the lists; `Not(…)` and nested branches are unfolded with explicit stacks.

use crate::course::Text;
use crate::path;
use crate::scenario::{Choice, Condition, Scenario};
use crate::source::syntax::Seg;

/// A place in the file: the path handed to the locator.
pub type Place = Vec<Seg>;

/// Every player-visible text, with its place and what it is (for messages).
pub fn texts(s: &Scenario) -> Vec<(Place, &Text, &'static str)> {
    let mut out: Vec<(Place, &Text, &'static str)> = vec![
        (path!["title"].to_vec(), &s.title, "the title"),
        (path!["summary"].to_vec(), &s.summary, "the summary"),
        (
            path!["customer", "name"].to_vec(),
            &s.customer.name,
            "the customer's name",
        ),
        (
            path!["briefing", "situation"].to_vec(),
            &s.briefing.situation,
            "the briefing's situation",
        ),
        (
            path!["briefing", "known"].to_vec(),
            &s.briefing.known,
            "the briefing's `known`",
        ),
        (
            path!["briefing", "policy"].to_vec(),
            &s.briefing.policy,
            "the briefing's policy",
        ),
    ];
    for (i, t) in s.objectives.iter().enumerate() {
        out.push((path!["objectives", i].to_vec(), t, "an objective"));
    }
    if let Some(p) = &s.customer.profile {
        out.push((
            path!["customer", "profile"].to_vec(),
            p,
            "the customer profile",
        ));
    }
    for (i, t) in s.briefing.remedies.iter().enumerate() {
        out.push((path!["briefing", "remedies", i].to_vec(), t, "a remedy"));
    }
    for (i, t) in s.briefing.legal_notes.iter().enumerate() {
        out.push((
            path!["briefing", "legal_notes", i].to_vec(),
            t,
            "a legal note",
        ));
    }
    for (i, r) in s.escalation.iter().enumerate() {
        if let Some(t) = &r.line {
            out.push((
                path!["escalation", i, "line"].to_vec(),
                t,
                "an escalation line",
            ));
        }
    }
    if let Some(t) = s.opinion.as_ref().and_then(|o| o.channel.as_ref()) {
        out.push((
            path!["opinion", "channel"].to_vec(),
            t,
            "the opinion meter's channel",
        ));
    }
    for (i, m) in s.cast.iter().enumerate() {
        out.push((
            path!["cast", i, "role"].to_vec(),
            &m.role,
            "a cast member's role",
        ));
        out.push((
            path!["cast", i, "name"].to_vec(),
            &m.name,
            "a cast member's name",
        ));
    }
    for (n, node) in s.nodes.iter().enumerate() {
        if let Some(t) = &node.narration {
            out.push((path!["nodes", n, "narration"].to_vec(), t, "a narration"));
        }
        for (l, line) in node.lines.iter().enumerate() {
            out.push((
                path!["nodes", n, "lines", l, "text"].to_vec(),
                &line.text,
                "a customer line",
            ));
        }
        for (c, ch) in node.choices.iter().enumerate() {
            out.push((
                path!["nodes", n, "choices", c, "text"].to_vec(),
                &ch.text,
                "a reply",
            ));
            if let Some(t) = &ch.reply {
                out.push((
                    path!["nodes", n, "choices", c, "reply"].to_vec(),
                    t,
                    "a customer reply",
                ));
            }
            if let Some(t) = &ch.feedback {
                out.push((
                    path!["nodes", n, "choices", c, "feedback"].to_vec(),
                    t,
                    "feedback",
                ));
            }
        }
    }
    for (e, end) in s.endings.iter().enumerate() {
        out.push((
            path!["endings", e, "title"].to_vec(),
            &end.title,
            "an ending title",
        ));
        out.push((
            path!["endings", e, "text"].to_vec(),
            &end.text,
            "an ending text",
        ));
    }
    out
}

/// Every condition (escalation rungs, lines, replies, branch routes) with its place, and
/// the condition inside any number of `Not`s.
pub fn conditions(s: &Scenario) -> Vec<(Place, &Condition)> {
    let mut out = Vec::new();
    for (i, r) in s.escalation.iter().enumerate() {
        for (k, c) in r.when.iter().enumerate() {
            out.push((path!["escalation", i, "when", k].to_vec(), c));
        }
    }
    for (n, node) in s.nodes.iter().enumerate() {
        for (l, line) in node.lines.iter().enumerate() {
            for (k, c) in line.when.iter().enumerate() {
                out.push((path!["nodes", n, "lines", l, "when", k].to_vec(), c));
            }
        }
        for (c, ch) in node.choices.iter().enumerate() {
            for (k, cond) in ch.when.iter().enumerate() {
                out.push((path!["nodes", n, "choices", c, "when", k].to_vec(), cond));
            }
            for cond in ch.next.conditions() {
                out.push((path!["nodes", n, "choices", c, "next"].to_vec(), cond));
            }
        }
    }
    out.into_iter().map(|(p, c)| (p, innermost(c))).collect()
}

/// The condition inside any number of `Not`s.
pub fn innermost(c: &Condition) -> &Condition {
    let mut c = c;
    while let Condition::Not(inner) = c {
        c = inner;
    }
    c
}

/// Every reply with its place.
pub fn choices(s: &Scenario) -> impl Iterator<Item = (usize, usize, &Choice)> {
    s.nodes.iter().enumerate().flat_map(|(n, node)| {
        node.choices
            .iter()
            .enumerate()
            .map(move |(c, ch)| (n, c, ch))
    })
}
