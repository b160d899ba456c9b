//! A scenario as a map: its nodes (with the customer's first line), its endings by kind, a
//! numbered edge for each reply, the escalation rungs that end a session, and the balanced
//! best route marked. `graph --format dot|mermaid` writes it for Graphviz or a Mermaid
//! flowchart; every label is escaped for the format, whatever the author wrote.

use std::fmt::Write;

use crate::course::{EndingKind, Lang, Text};
use crate::scenario::Target;

use super::{Action, Engine, Mode, Session};

/// Where an edge leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum To {
    /// A node, by position.
    Node(usize),
    /// An ending, by position.
    Ending(usize),
}

/// A reply (or an escalation rung) and where it can lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The node it leaves (None: a rung, which can fire after any decision).
    pub from: Option<usize>,
    /// The reply's number in file order (1-based), or None for a rung.
    pub reply: Option<usize>,
    /// Where it leads.
    pub to: To,
    /// On the balanced best route.
    pub best: bool,
}

/// A scenario's map.
#[derive(Debug, Clone, PartialEq)]
pub struct Map {
    /// Node ids and the customer's first line.
    pub nodes: Vec<(String, Text)>,
    /// Ending ids, kinds and titles.
    pub endings: Vec<(String, EndingKind, Text)>,
    /// Every edge, nodes in file order, replies in file order, rungs last.
    pub edges: Vec<Edge>,
    /// The start node, by position.
    pub start: usize,
}

/// Where each node and ending stands when the map is drawn: a column per number of
/// decisions from the start (the fewest), endings in a last column of their own, and
/// within a column an order that keeps edges short (each after the mean row of what leads
/// to it). Nodes no reply leads to stand in the first column, below the start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// (column, row) of each node.
    pub nodes: Vec<(usize, usize)>,
    /// (column, row) of each ending.
    pub endings: Vec<(usize, usize)>,
    /// Columns in all.
    pub columns: usize,
    /// Rows in the tallest column.
    pub rows: usize,
}

/// Lays `map` out for drawing (see [`Layout`]).
pub fn layout(map: &Map) -> Layout {
    let n = map.nodes.len();
    // Columns: fewest decisions from the start, breadth first.
    let mut column: Vec<Option<usize>> = vec![None; n];
    let mut queue = std::collections::VecDeque::new();
    if map.start < n {
        column[map.start] = Some(0);
        queue.push_back(map.start);
    }
    while let Some(at) = queue.pop_front() {
        let next = column[at].unwrap_or(0) + 1;
        for e in map.edges.iter().filter(|e| e.from == Some(at)) {
            if let To::Node(m) = e.to
                && column[m].is_none()
            {
                column[m] = Some(next);
                queue.push_back(m);
            }
        }
    }
    let column: Vec<usize> = column.into_iter().map(|c| c.unwrap_or(0)).collect();
    let last = column.iter().copied().max().unwrap_or(0) + 1;
    // Rows: column by column, each node after the mean row of the nodes leading to it.
    let mut row: Vec<Option<f32>> = vec![None; n];
    let mut end_row: Vec<usize> = vec![0; map.endings.len()];
    let mean_from = |row: &[Option<f32>], to: To| -> f32 {
        let rows: Vec<f32> = map
            .edges
            .iter()
            .filter(|e| e.to == to)
            .filter_map(|e| e.from.and_then(|f| row[f]))
            .collect();
        if rows.is_empty() {
            f32::MAX
        } else {
            rows.iter().sum::<f32>() / rows.len() as f32
        }
    };
    let mut rows = 0;
    for c in 0..last {
        let mut here: Vec<usize> = (0..n).filter(|&i| column[i] == c).collect();
        // The start first in its column; then by where they are led from, then file order.
        let keys: Vec<(bool, f32, usize)> = here
            .iter()
            .map(|&i| (i != map.start, mean_from(&row, To::Node(i)), i))
            .collect();
        here.sort_by(|a, b| {
            let ka = keys.iter().find(|k| k.2 == *a);
            let kb = keys.iter().find(|k| k.2 == *b);
            ka.partial_cmp(&kb).unwrap_or(std::cmp::Ordering::Equal)
        });
        for (r, &i) in here.iter().enumerate() {
            row[i] = Some(r as f32);
        }
        rows = rows.max(here.len());
    }
    let mut endings: Vec<(f32, usize)> = (0..map.endings.len())
        .map(|e| (mean_from(&row, To::Ending(e)), e))
        .collect();
    endings.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    for (r, &(_, e)) in endings.iter().enumerate() {
        end_row[e] = r;
    }
    rows = rows.max(endings.len());
    Layout {
        nodes: (0..n)
            .map(|i| (column[i], row[i].map_or(0, |r| r as usize)))
            .collect(),
        endings: end_row.into_iter().map(|r| (last, r)).collect(),
        columns: last + 1,
        rows,
    }
}

/// The map of `engine`'s scenario.
pub fn map(engine: &std::sync::Arc<Engine>) -> Map {
    let s = engine.scenario();
    let nodes_at = s.node_positions();
    let endings_at = s.ending_positions();
    let to = |t: Target| match t {
        Target::Node(id) => nodes_at.get(id).map(|&i| To::Node(i)),
        Target::Ending(id) => endings_at.get(id).map(|&i| To::Ending(i)),
    };
    // The balanced best route, replayed: (node, reply) pairs taken.
    let mut best = std::collections::HashSet::new();
    if let Some(route) = &engine.analysis().balanced {
        let mut session = Session::start(engine.clone(), 0, Mode::Practice, false);
        for &n in &route.choices {
            if session.act(Action::Choose(n.saturating_sub(1))).is_err() {
                break;
            }
        }
        // Each reply taken, and where it actually led: the next decision's node, or the
        // ending for the last (a branching reply marks only the way the route went).
        let turns = session.turns();
        let ended = session
            .outcome()
            .and_then(|o| endings_at.get(o.id.as_str()).map(|&i| To::Ending(i)));
        for (k, t) in turns.iter().enumerate() {
            let led = match turns.get(k + 1) {
                Some(next) => nodes_at.get(next.node.as_str()).map(|&i| To::Node(i)),
                None => ended,
            };
            if let (Some(&node), Some(choice), Some(led)) =
                (nodes_at.get(t.node.as_str()), t.choice, led)
            {
                best.insert((node, choice, led));
            }
        }
    }
    let mut edges = Vec::new();
    for (n, node) in s.nodes.iter().enumerate() {
        for (c, choice) in node.choices.iter().enumerate() {
            let mut seen = Vec::new();
            for t in choice.next.targets().into_iter().filter_map(to) {
                if !seen.contains(&t) {
                    seen.push(t);
                    edges.push(Edge {
                        from: Some(n),
                        reply: Some(c + 1),
                        to: t,
                        best: best.contains(&(n, c, t)),
                    });
                }
            }
        }
    }
    for rung in &s.escalation {
        if let Some(t) = rung.ending.as_deref().and_then(|e| to(Target::Ending(e))) {
            edges.push(Edge {
                from: None,
                reply: None,
                to: t,
                best: false,
            });
        }
    }
    Map {
        nodes: s
            .nodes
            .iter()
            .map(|n| {
                let line = n.lines.first().map(|l| l.text.clone()).unwrap_or_default();
                (n.id.clone(), line)
            })
            .collect(),
        endings: s
            .endings
            .iter()
            .map(|e| (e.id.clone(), e.kind, e.title.clone()))
            .collect(),
        edges,
        start: nodes_at.get(s.start.as_str()).copied().unwrap_or(0),
    }
}

/// At most this many characters of a line in a label.
const LABEL_CHARS: usize = 40;

fn short(t: &Text, lang: Lang) -> String {
    crate::source::one_line(t.get(lang), LABEL_CHARS)
}

/// Whether an ending kind is a good outcome (drawn green), a settled one or a failure.
fn colour(kind: EndingKind) -> &'static str {
    match kind {
        EndingKind::ResolvedSatisfied => "palegreen",
        EndingKind::ResolvedGrudgingly | EndingKind::EscalatedSupervisor => "khaki",
        _ => "lightpink",
    }
}

/// A DOT string literal: `"…"` with `\` and `"` escaped and line breaks as `\n`.
fn dot_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn name(to: To) -> String {
    match to {
        To::Node(i) => format!("n{i}"),
        To::Ending(i) => format!("e{i}"),
    }
}

/// The map for Graphviz.
pub fn dot(map: &Map, lang: Lang) -> String {
    let mut out =
        String::from("digraph scenario {\n  rankdir=LR;\n  node [fontname=\"sans-serif\"];\n");
    for (i, (id, line)) in map.nodes.iter().enumerate() {
        let label = format!("{id}\n{}", short(line, lang));
        let _ = writeln!(
            out,
            "  n{i} [shape=box, style=rounded, label={}];",
            dot_str(&label)
        );
    }
    for (i, (id, kind, title)) in map.endings.iter().enumerate() {
        let label = format!("{id} · {kind}\n{}", short(title, lang));
        let _ = writeln!(
            out,
            "  e{i} [shape=doubleoctagon, style=filled, fillcolor={}, label={}];",
            colour(*kind),
            dot_str(&label)
        );
    }
    if map.edges.iter().any(|e| e.from.is_none()) {
        out.push_str("  rungs [shape=plaintext, label=\"escalation\"];\n");
    }
    for e in &map.edges {
        let from = e.from.map_or("rungs".to_string(), |n| format!("n{n}"));
        let mut attrs = Vec::new();
        if let Some(r) = e.reply {
            attrs.push(format!("label={}", dot_str(&r.to_string())));
        } else {
            attrs.push("style=dashed".to_string());
        }
        if e.best {
            attrs.push("color=blue, penwidth=2.5".to_string());
        }
        let _ = writeln!(out, "  {from} -> {} [{}];", name(e.to), attrs.join(", "));
    }
    out.push_str("}\n");
    out
}

/// A Mermaid label: quoted, with `"` and the characters Mermaid reads as markup written as
/// entity codes.
fn mermaid_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '\n' => out.push_str("<br/>"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The map as a Mermaid flowchart.
pub fn mermaid(map: &Map, lang: Lang) -> String {
    let mut out = String::from("flowchart LR\n");
    for (i, (id, line)) in map.nodes.iter().enumerate() {
        let label = format!("{id}\n{}", short(line, lang));
        let _ = writeln!(out, "  n{i}({})", mermaid_str(&label));
    }
    for (i, (id, kind, title)) in map.endings.iter().enumerate() {
        let label = format!("{id} · {kind}\n{}", short(title, lang));
        let _ = writeln!(out, "  e{i}{{{{{}}}}}", mermaid_str(&label));
        let _ = writeln!(out, "  style e{i} fill:{}", colour(*kind));
    }
    if map.edges.iter().any(|e| e.from.is_none()) {
        out.push_str("  rungs[\"escalation\"]\n");
    }
    let mut best = Vec::new();
    for (k, e) in map.edges.iter().enumerate() {
        let from = e.from.map_or("rungs".to_string(), |n| format!("n{n}"));
        match e.reply {
            Some(r) => {
                let _ = writeln!(out, "  {from} -->|{r}| {}", name(e.to));
            }
            None => {
                let _ = writeln!(out, "  {from} -.-> {}", name(e.to));
            }
        }
        if e.best {
            best.push(k.to_string());
        }
    }
    if !best.is_empty() {
        let _ = writeln!(
            out,
            "  linkStyle {} stroke:blue,stroke-width:3px",
            best.join(",")
        );
    }
    out
}
