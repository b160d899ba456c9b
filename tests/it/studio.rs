//! The instructor's studio: a new scenario to start from, and the catalogue cheat sheet.

use std::process::{Command, Output};

use crate::common::root;

fn dojo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_complaint-dojo"))
        .args(["--lang", "en"])
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn scratch(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dojo-studio-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn new_writes_a_scenario_that_validates_with_every_placeholder_named() {
    let dir = scratch("new");
    let d = dir.to_str().unwrap();
    for (id, extra) in [
        (
            "gym-group-refund",
            vec!["--disc", "S", "--need", "fairness", "--industry", "Retail"],
        ),
        (
            "food-delivery-wire",
            vec![
                "--disc",
                "Conscientious",
                "--archetype",
                "HighCompensationClaim",
                "--archetype",
                "IndustryExpert",
            ],
        ),
    ] {
        let mut args = vec!["new", id, "--dir", d];
        args.extend(extra);
        let out = dojo(&args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let said = text(&out.stdout);
        assert!(said.contains(": 0 errors, "), "{said}");
        let path = dir.join(format!("{id}.ron"));
        let file = std::fs::read_to_string(&path).unwrap();
        assert!(file.contains(&format!("id: \"{id}\"")));
        // It validates (no error), and each placeholder is a warning saying what to write.
        let out = dojo(&["validate", path.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        let report = text(&out.stdout) + &text(&out.stderr);
        assert!(report.contains("is still a placeholder"), "{report}");
        assert!(
            report.contains("write what happened, in both languages"),
            "{report}"
        );
        // --strict refuses it until the placeholders are written.
        let out = dojo(&["validate", "--strict", path.to_str().unwrap()]);
        assert!(!out.status.success());
        // A second `new` with the same id never overwrites.
        let out = dojo(&["new", id, "--dir", d]);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), file);
    }
    // The high-compensation customer has a claim to fill in.
    let wire = std::fs::read_to_string(dir.join("food-delivery-wire.ron")).unwrap();
    assert!(wire.contains("archetypes: [HighCompensationClaim, IndustryExpert]"));
    assert!(wire.contains("\n        claim: Some(("));
    // A scaffold plays from start to an ending.
    let out = dojo(&[
        "play",
        dir.join("gym-group-refund.ron").to_str().unwrap(),
        "--choices",
        "1,1",
        "--json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["outcome"]["kind"], "ResolvedSatisfied", "{v}");
    // Bad ids and unknown course names are refused before anything is written.
    let out = dojo(&["new", "Gym Refund", "--dir", d]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("is not a scenario id"));
    let out = dojo(&["new", "gym", "--disc", "X", "--dir", d]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown DISC type `X`"));
    assert!(!dir.join("gym.ron").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_catalogue_cheat_sheet_follows_the_customer() {
    // Warmth: the course doctrine rewards it with an S customer and costs with a C one.
    let row = |disc: &str, id: &str| -> serde_json::Value {
        let out = dojo(&["catalogue", "--disc", disc, "--json"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let all: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        all["moves"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    let sum = |r: &serde_json::Value| {
        let i = &r["impact"][0][1];
        ["empathy", "expectation", "legal"]
            .iter()
            .map(|k| i[k].as_i64().unwrap())
            .sum::<i64>()
    };
    let warm_s = row("S", "warmth");
    let warm_c = row("C", "warmth");
    assert!(sum(&warm_s) > sum(&warm_c), "{warm_s} {warm_c}");
    assert_eq!(warm_s["kind"], "technique");
    assert_eq!(row("D", "rudeness")["kind"], "mistake");
    // The text table: best first, every type side by side without --disc.
    let out = dojo(&["catalogue"]);
    let t = text(&out.stdout);
    assert!(t.contains("every DISC type"), "{t}");
    assert!(t.contains("D ") && t.contains("  C "), "{t}");
    let out = dojo(&["catalogue", "--disc", "S", "--need", "Venting"]);
    let t = text(&out.stdout);
    let first = t.lines().nth(2).unwrap_or_default().to_string();
    let last = t.lines().last().unwrap_or_default().to_string();
    assert!(t.contains("S · Steady"), "{t}");
    assert!(first.contains("mood"), "{first}");
    assert_ne!(first, last);
}

#[test]
fn graph_writes_a_map_graphviz_draws_and_a_safely_quoted_mermaid_flowchart() {
    let out = dojo(&["graph", "telecom-data-charge"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let dot = text(&out.stdout);
    assert!(dot.starts_with("digraph scenario {"), "{dot}");
    assert!(dot.contains("n0 [shape=box"), "{dot}");
    assert!(dot.contains("shape=doubleoctagon"), "{dot}");
    // The best route is marked, one edge per decision on it, each the way it went.
    let analysis = dojo(&["analyze", "telecom-data-charge", "--json"]);
    let a: serde_json::Value = serde_json::from_slice(&analysis.stdout).unwrap();
    let decisions = a["balanced"]["choices"].as_array().unwrap().len();
    assert!(decisions > 2);
    assert_eq!(dot.matches("color=blue").count(), decisions, "{dot}");
    // Graphviz reads it (installed by .ci/run).
    let svg = draw(&dot);
    assert!(svg.contains("<svg"), "{svg}");
    // Whatever an author writes, the labels stay inside their quotes.
    let dir = scratch("graph");
    let out = dojo(&["new", "hostile-labels", "--dir", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let path = dir.join("hostile-labels.ron");
    let file = std::fs::read_to_string(&path).unwrap().replace(
        "TODO: the customer's first words, at their angriest",
        r#"He said \"no\" & `x` <b>#1</b> \\ -> [y] {z} |pipe| and more words past forty"#,
    );
    std::fs::write(&path, file).unwrap();
    let p = path.to_str().unwrap();
    let out = dojo(&["graph", p, "--format", "dot"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let dot = text(&out.stdout);
    assert!(dot.contains(r#"He said \"no\""#), "{dot}");
    assert!(draw(&dot).contains("He said"));
    let out = dojo(&["graph", p, "--format", "mermaid"]);
    let mermaid = text(&out.stdout);
    assert!(mermaid.starts_with("flowchart LR\n"), "{mermaid}");
    let line = mermaid.lines().find(|l| l.contains("He said")).unwrap();
    // One pair of quotes around the label, nothing Mermaid reads as markup inside it.
    assert_eq!(line.matches('"').count(), 2, "{line}");
    assert!(
        line.contains("#quot;no#quot;") && line.contains("#lt;b#gt;"),
        "{line}"
    );
    assert!(
        !line.contains('`') && line.contains("#amp;") && line.contains("#96;x#96;"),
        "{line}"
    );
    // --out writes the file.
    let to = dir.join("map.mmd");
    let out = dojo(&[
        "graph",
        p,
        "--format",
        "mermaid",
        "--out",
        to.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(&to).unwrap(), mermaid);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs Graphviz on `dot` and returns the SVG (fails when Graphviz refuses it).
fn draw(dot: &str) -> String {
    use std::io::Write;
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("Graphviz `dot` is missing: apt-get install graphviz (see .ci/run)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "dot refused:\n{}\n{dot}",
        text(&out.stderr)
    );
    text(&out.stdout)
}

#[test]
fn play_previews_from_any_node_with_a_preset_customer() {
    let preview = |extra: &[&str]| {
        let mut args = vec![
            "play",
            "telecom-data-charge",
            "--from",
            "decision",
            "--json",
        ];
        args.extend_from_slice(extra);
        dojo(&args)
    };
    // The preview starts at the node asked for, with the customer as preset.
    // (Exit 3: the replies given ran out before an ending, as for any `play --choices`.)
    let calm = preview(&["--mood", "90", "--choices", "1"]);
    assert_eq!(calm.status.code(), Some(3), "{}", text(&calm.stderr));
    let calm: serde_json::Value = serde_json::from_slice(&calm.stdout).unwrap();
    assert_eq!(calm["turns"][0]["node"], "decision");
    let angry = preview(&["--mood", "3", "--choices", "1"]);
    let angry: serde_json::Value = serde_json::from_slice(&angry.stdout).unwrap();
    assert_eq!(angry["turns"][0]["node"], "decision");
    let mood = |v: &serde_json::Value| v["turns"][0]["mood"].as_i64().unwrap();
    assert!(
        mood(&calm) > mood(&angry) + 50,
        "{} {}",
        mood(&calm),
        mood(&angry)
    );
    // A furious customer low on patience crosses the rungs from there.
    let edge = preview(&["--mood", "2", "--patience", "1", "--choices", "1,1,1,1"]);
    let edge: serde_json::Value = serde_json::from_slice(&edge.stdout).unwrap();
    assert_eq!(edge["turns"].as_array().unwrap().len(), 1, "{edge}");
    assert_ne!(edge["outcome"], serde_json::Value::Null);
    // The text run says where the preview starts.
    let out = dojo(&[
        "play",
        "telecom-data-charge",
        "--from",
        "decision",
        "--choices",
        "1",
    ]);
    assert!(
        text(&out.stdout).contains("Preview from node “decision”"),
        "{}",
        text(&out.stdout)
    );
    // Mistakes are said with what exists, and nothing plays.
    let out = preview(&[
        "--choices",
        "1",
        "--level",
        "Supervisor",
        "--set",
        "nosuchflag",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no flag “nosuchflag”"),
        "{}",
        text(&out.stderr)
    );
    let out = dojo(&[
        "play",
        "telecom-data-charge",
        "--from",
        "decison",
        "--choices",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let said = text(&out.stderr);
    assert!(
        said.contains("There is no node “decison”. Did you mean “decision”?"),
        "{said}"
    );
    let out = preview(&["--mood", "150", "--choices", "1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("mood 150 is out of range"));
    // Presets need --from; a preview is never recorded.
    let out = dojo(&[
        "play",
        "telecom-data-charge",
        "--mood",
        "5",
        "--choices",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = dojo(&[
        "play",
        "telecom-data-charge",
        "--from",
        "decision",
        "--trainee",
        "Ann",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

/// An author's own folder: `--scenarios DIR` finds its ids for play, analyze and list (with a
/// did-you-mean for a typo), a command run inside the folder finds them too, and draft
/// folders (`_drafts/`, or any folder with a `.dojoignore`) are left out unless named.
#[test]
fn an_authors_folder_is_searched_by_id_and_its_drafts_are_left_out() {
    let dir = scratch("folder");
    let d = dir.to_str().unwrap();
    assert!(dojo(&["new", "gym-refund", "--dir", d]).status.success());
    let file = std::fs::read_to_string(dir.join("gym-refund.ron")).unwrap();
    for (sub, id, marker) in [("_drafts", "gym-draft", false), ("wip", "gym-wip", true)] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        if marker {
            std::fs::write(dir.join(sub).join(".dojoignore"), "").unwrap();
        }
        // Broken on purpose: a draft's errors must not fail the folder.
        let draft = file.replace("id: \"gym-refund\"", &format!("id: \"{id}\"")) + "oops";
        std::fs::write(dir.join(sub).join(format!("{id}.ron")), draft).unwrap();
    }
    let out = dojo(&["validate", d]);
    let said = text(&out.stdout);
    assert!(out.status.success(), "{said}{}", text(&out.stderr));
    assert!(said.starts_with("1 file(s) checked"), "{said}");
    assert!(
        said.contains("drafts not checked:") && said.contains("_drafts") && said.contains("wip"),
        "{said}"
    );
    // Named, a draft folder is checked.
    let out = dojo(&["validate", dir.join("_drafts").to_str().unwrap()]);
    assert!(!out.status.success());
    // Ids in the folder: play, analyze and list find them beside the bundled library.
    let out = dojo(&["--scenarios", d, "analyze", "gym-refund"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = dojo(&["list", "--scenarios", d]);
    let listed = text(&out.stdout);
    assert!(
        listed.contains("gym-refund") && listed.contains("telecom-data-charge"),
        "{listed}"
    );
    assert!(
        !listed.contains("gym-draft") && !listed.contains("gym-wip"),
        "{listed}"
    );
    let out = dojo(&["play", "gym-refnd", "--scenarios", d]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("did you mean `gym-refund`?"), "{err}");
    // Run from inside the folder, the id is found without --scenarios.
    let out = Command::new(env!("CARGO_BIN_EXE_complaint-dojo"))
        .args(["--lang", "en", "play", "gym-refund", "--choices", "1"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let said = text(&out.stdout);
    assert!(said.contains("(gym-refund)"), "{said}{}", text(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `analyze --json` lists, per node reached, the range of mood, trust and patience any route
/// arrives in; the start has the briefing's values, and every range holds together.
#[test]
fn analyze_gives_each_nodes_reachable_ranges_and_the_shortest_route_to_each_ending() {
    let out = dojo(&["analyze", "telecom-data-charge", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let nodes = a["nodes"].as_array().unwrap();
    assert_eq!(nodes[0]["id"], "open");
    assert_eq!(nodes[0]["mood"], serde_json::json!([30, 30]));
    assert!(nodes.len() >= 5);
    for n in nodes {
        for k in ["mood", "trust", "patience"] {
            let (lo, hi) = (n[k][0].as_u64().unwrap(), n[k][1].as_u64().unwrap());
            assert!(lo <= hi && hi <= 100, "{n}");
        }
    }
    // Some later node is reached in a spread of moods.
    assert!(nodes.iter().any(|n| n["mood"][0] != n["mood"][1]));
    // Each reachable ending has a shortest route no longer than its best one.
    for e in a["endings"].as_array().unwrap() {
        let shortest = e["shortest"].as_array().unwrap().len();
        assert!(
            shortest <= e["best"]["choices"].as_array().unwrap().len(),
            "{e}"
        );
    }
    let out = dojo(&["analyze", "telecom-data-charge"]);
    let t = text(&out.stdout);
    assert!(t.contains("The customer on arriving at each node"), "{t}");
    assert!(
        t.contains("regulator") && t.contains("shortest --choices"),
        "{t}"
    );
}

/// `validate --watch --short` checks, then checks again when a file is saved (written as
/// editors do, to a new file renamed over the old), one line per problem; a file that is
/// not a scenario changes nothing.
#[test]
fn validate_watch_checks_again_on_every_save() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = scratch("watch");
    let d = dir.to_str().unwrap();
    assert!(dojo(&["new", "gym-refund", "--dir", d]).status.success());
    let file = dir.join("gym-refund.ron");
    let good = std::fs::read_to_string(&file).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_complaint-dojo"))
        .args(["--lang", "en", "validate", "--watch", "--short", d])
        .current_dir(root())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // Everything printed up to the next "watching" line.
    let round = || -> Vec<String> {
        let mut lines = Vec::new();
        while let Ok(l) = rx.recv_timeout(std::time::Duration::from_secs(60)) {
            if l.starts_with("[watching") {
                return lines;
            }
            lines.push(l);
        }
        panic!("no further round: {lines:?}");
    };
    let first = round();
    assert!(
        first
            .iter()
            .any(|l| l.contains("1 file(s) checked: 0 error(s)")),
        "{first:?}"
    );
    // Saved broken, the way editors save: a temporary file renamed over the scenario.
    std::fs::write(dir.join("notes.txt"), "not a scenario").unwrap();
    let tmp = dir.join(".gym-refund.ron.tmp~");
    std::fs::write(&tmp, good.replace("difficulty: 2", "difficulty: 9")).unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    let second = round();
    assert!(
        second[0].contains("changed: ") && second[0].contains("gym-refund.ron"),
        "{second:?}"
    );
    assert!(
        second.iter().any(|l| l.contains("gym-refund.ron:")
            && l.contains(": error: difficulty 9 is out of range [use 1")),
        "{second:?}"
    );
    assert!(
        second.iter().any(|l| l.contains("1 error(s)")),
        "{second:?}"
    );
    // Mended: the next round is clean again.
    std::fs::write(&file, &good).unwrap();
    let third = round();
    assert!(third.iter().any(|l| l.contains("0 error(s)")), "{third:?}");
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}
