//! Static reachability, ignoring conditions: nodes no reply leads to, and nodes from which
//! no ending can be reached at all.

use super::*;

impl Checker<'_> {
    /// Static reachability, ignoring conditions: nodes no reply leads to, and nodes from which
    /// no ending can be reached at all.
    pub(super) fn graph(&mut self) {
        let s = self.scn;
        let index = s.node_positions();
        let mut edges: Vec<Vec<usize>> = vec![Vec::new(); s.nodes.len()];
        let mut ends = vec![false; s.nodes.len()];
        for (i, node) in s.nodes.iter().enumerate() {
            for ch in &node.choices {
                for t in ch.next.targets() {
                    match t {
                        Target::Node(id) => {
                            if let Some(&j) = index.get(id) {
                                edges[i].push(j);
                            }
                        }
                        Target::Ending(_) => ends[i] = true,
                    }
                }
            }
        }
        // Escalation rungs that end the session can end it from any node.
        let rung_ends = s.escalation.iter().any(|r| r.ending.is_some());
        let Some(&start) = index.get(s.start.as_str()) else {
            return;
        };
        let mut reached = vec![false; s.nodes.len()];
        let mut stack = vec![start];
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut reached[i], true) {
                continue;
            }
            stack.extend(edges[i].iter().copied());
        }
        // Nodes that can finish: the ones that end, and back along every edge from them.
        let mut into: Vec<Vec<usize>> = vec![Vec::new(); s.nodes.len()];
        for (i, out) in edges.iter().enumerate() {
            for &j in out {
                into[j].push(i);
            }
        }
        let mut finishes = ends.clone();
        let mut stack: Vec<usize> = (0..s.nodes.len()).filter(|&i| ends[i]).collect();
        while let Some(j) = stack.pop() {
            for &i in &into[j] {
                if !std::mem::replace(&mut finishes[i], true) {
                    stack.push(i);
                }
            }
        }
        for (i, node) in s.nodes.iter().enumerate() {
            if !reached[i] {
                self.warn(
                    &path!["nodes", i, "id"],
                    format!(
                        "node `{}` is unreachable: no reply leads to it",
                        shown(&node.id)
                    ),
                    "point a reply's `next` at it with `Goto(\"…\")`, or remove it",
                );
            } else if !finishes[i] && !rung_ends {
                self.err(
                    &path!["nodes", i, "id"],
                    format!("node `{}` has no route to any ending", shown(&node.id)),
                    "make at least one reply from here (or later) lead to `End(\"…\")`",
                );
            }
        }
    }
}
