//! Ids and what refers to them: node and ending ids, `Goto`/`End` targets, the start node,
//! escalation endings, and catalogue names on replies.

use super::*;

impl Checker<'_> {
    /// Checks the ids of one list (`nodes` or `endings`): valid, and each used once. Returns
    /// id → index of its first use.
    pub(super) fn index_ids<'s>(
        &mut self,
        list: &str,
        kind: &str,
        ids: impl Iterator<Item = &'s str>,
    ) -> HashMap<&'s str, usize> {
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.enumerate() {
            if !id_ok(id) {
                self.err(
                    &path![list, i, "id"],
                    format!("{kind} id `{}` is not a valid id", shown(id)),
                    "use lowercase letters, digits, `-` and `_`",
                );
            }
            if let Some(&first) = index.get(id) {
                let line = self
                    .loc
                    .line_of(self.loc.span(&path![list, first, "id"]).start);
                self.err(
                    &path![list, i, "id"],
                    format!("duplicate {kind} id `{}`", shown(id)),
                    format!("it is first used on line {line}; give each {kind} its own id"),
                );
            } else {
                index.insert(id, i);
            }
        }
        index
    }

    pub(super) fn ids_and_references(&mut self) {
        let s = self.scn;
        let nodes = self.index_ids("nodes", "node", s.nodes.iter().map(|n| n.id.as_str()));
        let endings = self.index_ids("endings", "ending", s.endings.iter().map(|e| e.id.as_str()));
        for (i, e) in s.endings.iter().enumerate() {
            if nodes.contains_key(e.id.as_str()) {
                self.warn(
                    &path!["endings", i, "id"],
                    format!("`{}` is both a node id and an ending id", shown(&e.id)),
                    "give endings ids of their own to keep `Goto` and `End` readable",
                );
            }
        }
        if s.endings.is_empty() {
            self.err(
                &path!["endings"],
                "the scenario has no endings",
                "add at least one `Ending(id: …, kind: ResolvedSatisfied, …)`",
            );
        }
        let node_ids: Vec<&str> = s.nodes.iter().map(|n| n.id.as_str()).collect();
        let ending_ids: Vec<&str> = s.endings.iter().map(|e| e.id.as_str()).collect();
        if !nodes.contains_key(s.start.as_str()) {
            let hint = self.suggest(&s.start, &node_ids, "node");
            self.err(
                &path!["start"],
                format!("start node `{}` does not exist", shown(&s.start)),
                hint,
            );
        }
        for (i, r) in s.escalation.iter().enumerate() {
            if let Some(e) = &r.ending
                && !endings.contains_key(e.as_str())
            {
                let hint = self.suggest(e, &ending_ids, "ending");
                self.err(
                    &path!["escalation", i, "ending"],
                    format!("ending `{}` does not exist", shown(e)),
                    hint,
                );
            }
            if r.when.is_empty() {
                self.err(
                    &path!["escalation", i, "when"],
                    "an escalation rung with no conditions fires on the first reply",
                    "add conditions, e.g. `when: [Mood(0, 20)]`",
                );
            }
        }
        for (n, node) in s.nodes.iter().enumerate() {
            for (c, ch) in node.choices.iter().enumerate() {
                let mut bad = Vec::new();
                for t in ch.next.targets() {
                    match t {
                        Target::Node(id) if !nodes.contains_key(id) => {
                            bad.push((id.to_string(), true))
                        }
                        Target::Ending(id) if !endings.contains_key(id) => {
                            bad.push((id.to_string(), false))
                        }
                        _ => {}
                    }
                }
                for (id, is_node) in bad {
                    let (kind, ids) = if is_node {
                        ("node", &node_ids)
                    } else {
                        ("ending", &ending_ids)
                    };
                    let elsewhere = if is_node {
                        endings.contains_key(id.as_str())
                    } else {
                        nodes.contains_key(id.as_str())
                    };
                    let hint = if elsewhere {
                        let id = shown(&id);
                        format!(
                            "`{id}` is {}; use `{}(\"{id}\")`",
                            if is_node { "an ending" } else { "a node" },
                            if is_node { "End" } else { "Goto" }
                        )
                    } else {
                        self.suggest(&id, ids, kind)
                    };
                    self.err(
                        &path!["nodes", n, "choices", c, "next"],
                        format!("{kind} `{}` does not exist", shown(&id)),
                        hint,
                    );
                }
            }
        }
    }

    pub(super) fn catalogue_names(&mut self) {
        let cat = self.cat;
        let techniques: Vec<&str> = cat.technique_ids().collect();
        let mistakes: Vec<&str> = cat.mistake_ids().collect();
        let legal: Vec<&str> = cat.legal_ids().collect();
        for (n, c, ch) in walk::choices(self.scn) {
            let lists: [(&str, &Vec<String>, &Vec<&str>, &str); 4] = [
                ("techniques", &ch.techniques, &techniques, "technique"),
                ("mistakes", &ch.mistakes, &mistakes, "mistake"),
                ("honours", &ch.honours, &legal, "legal point"),
                ("breaks", &ch.breaks, &legal, "legal point"),
            ];
            for (field, used, known, kind) in lists {
                for (i, id) in used.iter().enumerate() {
                    let found = match kind {
                        "technique" => cat.technique(id).is_some(),
                        "mistake" => cat.mistake(id).is_some(),
                        _ => cat.legal_point(id).is_some(),
                    };
                    if found {
                        continue;
                    }
                    let hint = if kind == "technique" && cat.mistake(id).is_some() {
                        format!("`{}` is a mistake: move it to `mistakes`", shown(id))
                    } else if kind == "mistake" && cat.technique(id).is_some() {
                        format!("`{}` is a technique: move it to `techniques`", shown(id))
                    } else {
                        self.suggest(id, known, kind)
                    };
                    self.err(
                        &path!["nodes", n, "choices", c, field, i],
                        format!("unknown {kind} `{}`", shown(id)),
                        hint,
                    );
                }
            }
            if ch.expectation.is_some() && self.scn.nodes[n].expectation.is_none() {
                self.warn(
                    &path!["nodes", n, "choices", c, "expectation"],
                    "this reply reads an expectation class, but the node declares none",
                    "set `expectation` on the node to the class the customer's demand really is",
                );
            }
        }
    }
}
