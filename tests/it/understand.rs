//! Free reply as a trainee and an instructor meet it: the moves found in typed words with
//! the words that show them, typed replies taken down the reply they mean (or asked about),
//! the session keeping what was typed, `understand` on the command line, and the figures on
//! the evaluation sets of typed replies in tests/fixtures/understand/.

use std::sync::Arc;

use complaint_dojo::catalogue::check;
use complaint_dojo::course::Lang;
use complaint_dojo::library::{Depth, Library};
use complaint_dojo::sim::{Mode, Session, Speaker};
use complaint_dojo::understand::evaluation::{Case, evaluate};
use complaint_dojo::understand::{Reader, Reading};

use crate::common::{bundled, catalogue, dojo_with_input, root, text};

fn reader(id: &str) -> Reader {
    let e = bundled(id);
    Reader::new(e.scenario().clone(), e.catalogue())
}

/// The ids of the moves found in `text`, with their evidence.
fn moves(r: &Reader, text: &str) -> Vec<(String, String)> {
    r.moves(text)
        .into_iter()
        .map(|f| (f.spotted.id, f.spotted.evidence))
        .collect()
}

fn ids(r: &Reader, text: &str) -> Vec<String> {
    moves(r, text).into_iter().map(|(id, _)| id).collect()
}

#[test]
fn a_rhetorical_question_is_shown_with_the_sentence_that_makes_it() {
    let r = reader("telecom-data-charge");
    let found = moves(&r, "我们已经查过了。难道系统还会冤枉您吗？您再想想。");
    assert!(
        found.contains(&(
            "rhetorical_question".to_string(),
            "难道系统还会冤枉您吗？".to_string()
        )),
        "{found:?}"
    );
    let found = moves(
        &r,
        "Are you seriously saying our records are wrong? We checked.",
    );
    assert!(
        found.contains(&(
            "rhetorical_question".to_string(),
            "Are you seriously saying our records are wrong?".to_string()
        )),
        "{found:?}"
    );
}

#[test]
fn the_landmines_the_course_warns_about_are_found_in_both_languages() {
    let r = reader("telecom-data-charge");
    let cases: &[(&str, &[&str], &[&str])] = &[
        // (typed, must be found, must not be found)
        ("您先冷静一下，别激动。", &["calm_down"], &[]),
        ("Sir, please calm down.", &["calm_down"], &[]),
        ("这是您自己的问题，合同里写得很清楚。", &["blame"], &[]),
        (
            "Honestly that's your own fault for not reading it.",
            &["blame"],
            &[],
        ),
        ("真的很抱歉。", &["bare_apology"], &["apology_action"]),
        (
            "I'm sorry about that.",
            &["bare_apology"],
            &["apology_action"],
        ),
        (
            "I'm sorry, I'll refund the charge right now.",
            &["apology_action", "timed_promise"],
            &["bare_apology"],
        ),
        (
            "您什么时候开的流量？用的哪个套餐？有没有借给别人用？",
            &["interrogation"],
            &[],
        ),
        ("我们会尽快处理的。", &["vague_promise"], &["timed_promise"]),
        ("We'll look into it.", &["vague_promise"], &[]),
        (
            "两个小时之内我给您回电话。",
            &["timed_promise"],
            &["vague_promise"],
        ),
        (
            "您一定很生气，换谁都会着急。",
            &["name_emotion"],
            &["calm_down"],
        ),
        ("You must be really frustrated.", &["name_emotion"], &[]),
        (
            "有两个方案：一是先退费，二是换成更合适的套餐，您看选哪个？",
            &["options"],
            &[],
        ),
        (
            "You can either keep the plan or switch; which would you prefer?",
            &["options"],
            &[],
        ),
        ("根据消费者权益保护法，您有知情权。", &["name_right"], &[]),
        (
            "You have a right to know what you were charged for.",
            &["name_right"],
            &[],
        ),
        ("It's not your fault at all.", &[], &["blame"]),
        ("您可以报警，我们会配合。", &[], &["threat"]),
    ];
    for (typed, want, not) in cases {
        let found = ids(&r, typed);
        for w in *want {
            assert!(
                found.iter().any(|f| f == w),
                "`{typed}`: {w} not found in {found:?}"
            );
        }
        for n in *not {
            assert!(
                !found.iter().any(|f| f == n),
                "`{typed}`: {n} wrongly found"
            );
        }
    }
}

#[test]
fn a_typed_reply_goes_down_the_reply_it_means_and_the_session_keeps_the_words() {
    let e = bundled("airport-flight-delay");
    let r = Reader::new(e.scenario().clone(), e.catalogue());
    let node = e.node_index("approach").unwrap();
    let mut s = Session::new(e.clone(), 7, Mode::Practice);
    let offered: Vec<usize> = s.offered().iter().map(|(i, _)| *i).collect();
    // Reply 2 sits down with Mr Chen, names his tiredness and worry, and offers to help.
    let typed = "Mind if I sit down with you for a minute? You look worn out and worried. Let me sort today out for you myself.";
    let u = r.understand(node, &offered, typed, Lang::En);
    assert_eq!(u.reading, Reading::Matched(1), "{u:#?}");
    assert!(u.moves.iter().any(|m| m.spotted.id == "name_emotion"));
    let n = offered.iter().position(|&i| i == 1).unwrap();
    s.choose_typed(n, Some(u.typed(typed))).unwrap();
    // The transcript has the trainee's own words; the turn is the reply they were matched to.
    let said = s
        .transcript()
        .iter()
        .find(|e| e.speaker == Speaker::Trainee)
        .unwrap();
    assert_eq!(said.text.en, typed);
    let turn = &s.turns()[0];
    assert_eq!(turn.choice, Some(1));
    assert_eq!(turn.typed.as_ref().unwrap().text, typed);
    // Scored as the reply: the same points as picking it.
    let mut picked = Session::new(e.clone(), 7, Mode::Practice);
    picked.choose(n).unwrap();
    assert_eq!(picked.turns()[0].assessment, turn.assessment);
    // A rewind past a later decision keeps the words typed before it, and a replay with the
    // typed words gives the same session.
    s.choose(0).unwrap();
    s.rewind(1);
    assert_eq!(s.turns()[0].typed.as_ref().unwrap().text, typed);
    let again = Session::replay_typed(
        e.clone(),
        7,
        Mode::Practice,
        false,
        s.actions(),
        &[s.turns()[0].typed.clone()],
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&(again.transcript(), again.turns())).unwrap(),
        serde_json::to_string(&(s.transcript(), s.turns())).unwrap()
    );
}

#[test]
fn off_topic_text_is_declined_and_an_unclear_reply_is_asked_about() {
    let r = reader("airport-flight-delay");
    let node = r
        .scenario()
        .nodes
        .iter()
        .position(|n| n.id == "real_need")
        .unwrap();
    let all: Vec<usize> = (0..r.scenario().nodes[node].choices.len()).collect();
    for typed in [
        "今天天气真不错，适合出去玩。",
        "asdf qwer zxcv",
        "ok",
        "嗯嗯",
        "What time does the gym open?",
    ] {
        let u = r.understand(node, &all, typed, Lang::Zh);
        assert_eq!(u.reading, Reading::Rephrase, "`{typed}`: {u:#?}");
    }
    // Only the replies on offer are considered.
    let u = r.understand(
        node,
        &[0, 1],
        "餐券马上补给您。您最惦记的是赶上孙子六点的演出吧？",
        Lang::Zh,
    );
    assert!(u.ranked.iter().all(|c| c.choice < 2));
}

#[test]
fn an_instructors_own_pattern_is_found_and_a_broken_one_is_reported_with_its_place() {
    let mut cat = catalogue();
    let mut p = cat.patterns[0].clone();
    p.id = "be_patient".into();
    p.find = vec![r"\bbe patient\b".into(), "耐心点".into()];
    p.unless.clear();
    p.also.clear();
    p.at_least = 1;
    cat.patterns.push(p);
    let e = bundled("telecom-data-charge");
    let r = Reader::new(e.scenario().clone(), &cat);
    assert!(ids(&r, "You need to be patient, sir.").contains(&"be_patient".to_string()));

    let bundled_text = check::BUNDLED;
    let broken = bundled_text.replacen(r#"find: [r"[?]"],"#, r#"find: [r"[?"],"#, 1);
    assert_ne!(broken, bundled_text);
    let errors = check::load_str("catalogue.ron", &broken).unwrap_err();
    let message = errors
        .iter()
        .map(|d| complaint_dojo::source::render::render(d, Some(&broken)))
        .collect::<String>();
    let line = broken[..broken.find(r#"find: [r"[?"],"#).unwrap()]
        .lines()
        .count();
    assert!(
        message.contains(&format!("catalogue.ron:{line}:")),
        "{message}"
    );
    assert!(message.contains("is not a regular expression"), "{message}");
    assert!(message.contains("escape"), "{message}");
}

#[test]
fn understand_on_the_command_line_answers_in_json() {
    let out = dojo_with_input(
        &[
            "--lang",
            "en",
            "understand",
            "airport-flight-delay",
            "--node",
            "real_need",
            "--text",
            "广播都播了三遍了，难道您没听见吗？您去哪了？去了多久？",
            "--json",
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["choice"], 4, "{v}");
    assert_eq!(v["reading"], "matched");
    assert!(v["confidence"].as_f64().unwrap() > 0.5);
    assert_eq!(v["alternatives"].as_array().unwrap().len(), 3);
    let found: Vec<&str> = v["moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(
        found.contains(&"rhetorical_question") && found.contains(&"interrogation"),
        "{v}"
    );
    assert_eq!(
        v["moves"][0]["evidence"],
        "广播都播了三遍了，难道您没听见吗？"
    );

    // One reply per line of standard input, one JSON object per line.
    let out = dojo_with_input(
        &[
            "understand",
            "airport-flight-delay",
            "--node",
            "real_need",
            "--json",
        ],
        "What time does the gym open?\nI'll get the voucher now. It's your grandson's show at six you're worried about, isn't it?\n",
    );
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["choice"], serde_json::Value::Null);
    assert_eq!(lines[0]["reading"], "rephrase");
    assert_eq!(lines[1]["choice"], 3);

    // A node that is not there: a usage error naming the nodes.
    let out = dojo_with_input(
        &[
            "understand",
            "airport-flight-delay",
            "--node",
            "real_ned",
            "--text",
            "hi",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("did you mean `real_need`"),
        "{}",
        text(&out.stderr)
    );
}

fn evaluation_set(name: &str) -> Vec<Case> {
    let path = root().join("tests/fixtures/understand").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    complaint_dojo::source::ron::ron_options()
        .from_str(&text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_evaluation_sets_meet_the_free_reply_goals() {
    let lib = Library::load_to(
        &[root().join("scenarios")],
        Arc::new(catalogue()),
        Depth::Checked,
    );
    let mut all = Vec::new();
    for name in ["dev.ron", "held_out.ron", "fresh.ron"] {
        let cases = evaluation_set(name);
        let readers: std::collections::HashMap<String, Reader> = cases
            .iter()
            .map(|c| c.scenario.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(|id| {
                let s = lib.find(&id).and_then(|e| e.scenario.clone()).unwrap();
                (id, Reader::new(s, &lib.catalogue))
            })
            .collect();
        let f = evaluate(&cases, |id| readers.get(id));
        println!("== {name} ==\n{}", f.report());
        assert_eq!(f.unknown, 0, "{name} names decisions that do not exist");
        all.extend(cases.into_iter().map(|c| (c, name)));
    }
    let cases: Vec<Case> = all.iter().map(|(c, _)| c.clone()).collect();
    let scenarios: std::collections::BTreeSet<&str> =
        cases.iter().map(|c| c.scenario.as_str()).collect();
    assert!(cases.len() >= 300, "{} typed replies", cases.len());
    assert!(scenarios.len() >= 8, "{} scenarios", scenarios.len());
    for lang in [Lang::Zh, Lang::En] {
        assert!(cases.iter().filter(|c| c.lang == lang).count() >= 100);
    }
    let readers: std::collections::HashMap<&str, Reader> = scenarios
        .iter()
        .map(|&id| {
            let s = lib.find(id).and_then(|e| e.scenario.clone()).unwrap();
            (id, Reader::new(s, &lib.catalogue))
        })
        .collect();
    let f = evaluate(&cases, |id| readers.get(id));
    println!("== both sets ==\n{}", f.report());
    // The issue's goals, as floors.
    assert!(
        f.accuracy() >= 0.85,
        "right when answering: {:.3}",
        f.accuracy()
    );
    assert!(
        f.abstention() <= 0.15,
        "abstained on answerable: {:.3}",
        f.abstention()
    );
    assert!(
        f.off_topic_abstention() >= 0.75,
        "off-topic declined: {:.3}",
        f.off_topic_abstention()
    );
    assert!(
        f.move_precision() >= 0.65,
        "move precision {:.3}",
        f.move_precision()
    );
    assert!(f.move_recall() >= 0.6, "move recall {:.3}", f.move_recall());
}

#[test]
fn an_overlong_or_broken_line_is_read_in_part_and_the_next_one_still_answered() {
    let mut input = "x".repeat(3_000_000);
    input.push('\n');
    input.push_str("\u{0}\u{1b}[31m难道系统还会冤枉您吗？\n");
    input.push_str(
        "Mr Zhao, let me pull up your usage now, you'll have an answer in two minutes.\n",
    );
    let out = dojo_with_input(
        &[
            "understand",
            "telecom-data-charge",
            "--node",
            "open",
            "--json",
        ],
        &input,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["reading"], "rephrase");
    assert_eq!(lines[1]["moves"][0]["id"], "rhetorical_question");
    // Control characters come back escaped, never raw.
    assert!(!text(&out.stdout).contains('\u{1b}'));
    assert_eq!(lines[2]["choice"], 2);
}
