//! The instructor's studio: a new scenario to start from, and the catalogue cheat sheet.

use std::process::{Command, Output};

use crate::common::{root, text};

fn dojo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_complaint-dojo"))
        .args(["--lang", "en"])
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
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
    // An author's copy of a bundled scenario, edited: the copy is the one played.
    let bundled =
        std::fs::read_to_string(root().join("scenarios/telecom-data-charge.ron")).unwrap();
    let copy = bundled.replacen(
        "en: \"\\\"I never used that data!\\\"\"",
        "en: \"My own copy\"",
        1,
    );
    assert_ne!(copy, bundled);
    std::fs::write(dir.join("telecom-data-charge.ron"), copy).unwrap();
    let out = dojo(&[
        "play",
        "telecom-data-charge",
        "--scenarios",
        d,
        "--choices",
        "1",
    ]);
    let said = text(&out.stdout);
    assert!(
        said.starts_with("== My own copy (telecom-data-charge)"),
        "{said}"
    );
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
    // The catalogue inside the watched folder, named too: the folder's recursive watch must
    // survive the file's (folders made later are still seen).
    let cat = dir.join("catalogue.ron");
    std::fs::copy(root().join("scenarios/catalogue.ron"), &cat).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_complaint-dojo"))
        .args(["--lang", "en", "--catalogue", cat.to_str().unwrap()])
        .args(["validate", "--watch", "--short", d])
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
    // A folder made now, and a scenario saved in it: seen.
    std::fs::create_dir(dir.join("more")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(600));
    std::fs::write(
        dir.join("more").join("gym-other.ron"),
        good.replace("id: \"gym-refund\"", "id: \"gym-other\""),
    )
    .unwrap();
    let mut fourth = round();
    if !fourth.iter().any(|l| l.starts_with("2 file(s) checked")) {
        // The folder and the file may come as two saves.
        fourth = round();
    }
    assert!(
        fourth.iter().any(|l| l.starts_with("2 file(s) checked")),
        "{fourth:?}"
    );
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
}

/// Twine's four link forms, read as Twine's editor reads them, and a SugarCube setter
/// dropped and named.
#[test]
fn twee_links_are_read_as_twine_reads_them() {
    use complaint_dojo::scenario::twee::{Link, links, plain};
    let l = |text: &str, target: &str| Link {
        text: text.into(),
        target: target.into(),
    };
    let (found, setters) =
        links("[[Go]] [[a->b->C]] [[D<-x<-y]] [[p|q|E]] [[say|F][$x to 1]] [[broken");
    assert_eq!(
        found,
        vec![
            l("Go", "Go"),
            l("a->b", "C"),
            l("x<-y", "D"),
            l("p|q", "E"),
            l("say", "F")
        ]
    );
    assert_eq!(setters, vec!["$x to 1".to_string()]);
    let (text, dropped) = plain(
        "(set: $n to (random: 1, 3))Hello <b>there</b> $name, <<if $x>>sure<</if>> {reveal link: 'More', passage: 'M'} [[Go]]",
    );
    assert_eq!(text, "Hello there , sure");
    assert_eq!(
        dropped,
        vec![
            "(set: $n to (random: 1, 3))",
            "$name",
            "<<if $x>>",
            "<</if>>",
            "{reveal link: 'More', passage: 'M'}"
        ]
    );
}

/// `import-twee` turns a Twine story into a scenario that parses: passages with links are
/// nodes, the others endings, StoryData's start is the first node, Chinese passage names
/// get ids by place, scripts are skipped, and it says what the author must add. It never
/// writes over a file.
#[test]
fn import_twee_makes_a_scenario_skeleton_and_says_what_to_add() {
    let dir = scratch("twee");
    std::fs::create_dir_all(&dir).unwrap();
    let story = dir.join("wire-refund.twee");
    std::fs::write(
        &story,
        "\u{feff}:: StoryTitle\n外卖电汇退款\n\n:: StoryData\n{\"ifid\": \"X\", \"format\": \"SugarCube\", \"start\": \"开场\"}\n\n\
         :: Story JavaScript [script]\nwindow.x = 1;\n\n\
         :: 开场 [start] {\"position\":\"100,100\"}\n<<set $angry to true>>我转了 3000 块，你们说退就退？\n\
         [[先别急，我帮您查转账记录。->核实]]\n[[按规定只能原路退回。|规定]]\n[[请您冷静。->流失]]\n\n\
         :: 核实\n好，你查。\n[[三个工作日内原路退回，短信通知您。->满意]]\n[[这不归我们管。->流失]]\n\n\
         :: 规定\n那我就投诉到底！\n[[投诉<-我请主管来跟您谈。]]\n[[没办法。->不存在的段落]]\n\n\
         :: 满意\n客户挂了电话，语气缓和了。\n\n:: 流失\n客户再也没来过。\n\n:: 投诉\n客户打了 12315。\n",
    )
    .unwrap();
    let d = dir.to_str().unwrap();
    let out = dojo(&["import-twee", story.to_str().unwrap(), "--out", d]);
    let said = text(&out.stdout);
    assert!(out.status.success(), "{said}{}", text(&out.stderr));
    assert!(said.contains("3 nodes, 3 endings"), "{said}");
    assert!(said.contains("it starts at “开场”"), "{said}");
    assert!(said.contains("the English of every text"), "{said}");
    assert!(
        said.contains("a passage “不存在的段落”, linked from “规定”"),
        "{said}"
    );
    assert!(said.contains("left out at: “开场”"), "{said}");
    assert!(said.contains("skipped: “Story JavaScript”"), "{said}");
    let file = std::fs::read_to_string(dir.join("wire-refund.ron")).unwrap();
    assert!(file.contains("start: \"passage_1\""), "{file}");
    assert!(file.contains("(zh: \"我转了 3000 块，你们说退就退？\", en: \"TODO: translate: 我转了 3000 块，你们说退就退？\")"), "{file}");
    assert!(
        file.contains(
            "// TODO: not carried over from Twine (macros, variables, HTML): <<set $angry to true>>"
        ),
        "{file}"
    );
    assert!(!file.contains("window.x"));
    // It parses: the only errors are what the author must fix (the missing passage).
    let out = dojo(&["validate", "--short", d]);
    let listed = text(&out.stdout);
    let errors: Vec<&str> = listed.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 1, "{listed}");
    assert!(errors[0].contains("不存在的段落"), "{listed}");
    assert!(
        listed.contains("write the English (en) of “好，你查。”"),
        "{listed}"
    );
    // Again: nothing is overwritten.
    let out = dojo(&["import-twee", story.to_str().unwrap(), "--out", d]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The window's map layout: each node in the column of its fewest decisions from the start,
/// endings in a last column of their own, and never two boxes in one place.
#[test]
fn the_map_layout_puts_nodes_by_decisions_from_the_start_and_never_overlaps() {
    for id in [
        "telecom-data-charge",
        "bakery-blogger-extortion",
        "festival-refund-reopened",
    ] {
        let e = crate::common::bundled(id);
        let map = complaint_dojo::sim::map::map(&e);
        let l = complaint_dojo::sim::map::layout(&map);
        assert_eq!(l.nodes[map.start], (0, 0), "{id}");
        let last = l.columns - 1;
        assert!(l.endings.iter().all(|&(c, _)| c == last), "{id}");
        assert!(l.nodes.iter().all(|&(c, _)| c < last), "{id}");
        let mut seen = std::collections::HashSet::new();
        for p in l.nodes.iter().chain(&l.endings) {
            assert!(seen.insert(*p), "{id}: two boxes at {p:?}");
            assert!(p.1 < l.rows, "{id}");
        }
        // A reply leads at most one column further on (breadth first).
        for edge in &map.edges {
            if let (Some(from), complaint_dojo::sim::map::To::Node(to)) = (edge.from, edge.to) {
                assert!(l.nodes[to].0 <= l.nodes[from].0 + 1, "{id}");
            }
        }
    }
}

/// Hostile Twee: a passage of a million unclosed brackets, and thousands of passages whose
/// names make one id, import in one pass (no quadratic search); a name used twice keeps its
/// first passage and is reported.
#[test]
fn hostile_twee_imports_in_one_pass() {
    use complaint_dojo::scenario::twee::{parse, plain, to_scenario};
    for junk in ["{", "<<", "(a:", "<b", "[["] {
        let body = junk.repeat(200_000);
        let (text, _) = plain(&body);
        assert!(text.len() <= body.len());
    }
    let mut source = String::from(":: Start\n[[a]] [[b]]\n");
    for k in 0..20_000 {
        source.push_str(&format!(":: a{}\nEnd.\n", "!".repeat(k % 50)));
    }
    source.push_str(":: b\nOne.\n:: b\nTwo.\n");
    let story = parse(&source).unwrap();
    let r = to_scenario(&story, "hostile");
    assert_eq!(r.duplicates.iter().filter(|d| *d == "b").count(), 1);
    assert!(r.text.contains("id: \"a_2\""));
    assert!(r.text.contains("One.") && !r.text.contains("Two."));
}

/// `stats` names the scenarios in which two or more people speak on the customer's side.
#[test]
fn stats_names_the_scenarios_with_several_speakers_on_the_customers_side() {
    let dir = scratch("multi");
    std::fs::create_dir_all(&dir).unwrap();
    let bundled =
        std::fs::read_to_string(root().join("scenarios/telecom-data-charge.ron")).unwrap();
    let group = bundled.replacen(
        "    briefing: (",
        "    cast: [(id: \"wife\", role: (zh: \"妻子\", en: \"Wife\"), name: (zh: \"赵太太\", en: \"Mrs Zhao\"))],\n    briefing: (",
        1,
    );
    let at = group.find("id: \"records\"").unwrap();
    let line = at + group[at..].find("(text:").unwrap();
    let group = format!(
        "{}(speaker: \"wife\", text:{}",
        &group[..line],
        &group[line + "(text:".len()..]
    );
    std::fs::write(dir.join("telecom-data-charge.ron"), group).unwrap();
    let d = dir.to_str().unwrap();
    let out = dojo(&["stats", d, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["multi_party"], serde_json::json!(["telecom-data-charge"]));
    let out = dojo(&["stats", d]);
    let t = text(&out.stdout);
    assert!(
        t.contains(
            "Several people on the customer's side (group complaints): 1 (telecom-data-charge)"
        ),
        "{t}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `stats` lists, per public-opinion stage, the scenarios whose story some route takes there
/// (by the analysis), in text and JSON.
#[test]
fn stats_names_the_stages_each_crisis_can_reach() {
    let dir = scratch("stages");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/crisis.ron"),
        dir.join("crisis.ron"),
    )
    .unwrap();
    std::fs::copy(
        root().join("scenarios/telecom-data-charge.ron"),
        dir.join("telecom-data-charge.ron"),
    )
    .unwrap();
    let d = dir.to_str().unwrap();
    let out = dojo(&["stats", d, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["opinion_stages"],
        serde_json::json!({"Latent": ["crisis"], "Outbreak": ["crisis"], "Peak": ["crisis"], "Decline": ["crisis"]})
    );
    assert_eq!(v["multi_party"], serde_json::json!(["crisis"]));
    let t = text(&dojo(&["stats", d]).stdout);
    assert!(
        t.contains("Public-opinion stages a story can reach (scenarios with an opinion meter)"),
        "{t}"
    );
    assert!(
        t.lines()
            .any(|l| l.trim_start().starts_with("Peak") && l.ends_with(" 1  crisis")),
        "{t}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
