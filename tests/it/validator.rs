//! Every kind of validator problem, on a fixture, with its exact message and position.

use expect_test::expect;

use complaint_dojo::source::render::render;

use crate::common::{edit, listing, load, minimal, problems};

#[test]
fn the_minimal_fixture_is_clean() {
    assert_eq!(problems(&minimal()), Vec::<String>::new());
}

#[test]
fn a_syntax_error_is_reported_with_its_place() {
    let text = edit(&minimal(), r#"    minutes: 2,"#, r#"    minutes: 2"#);
    expect![[r#"
        fixture.ron:10:5: error: expected a comma | separate fields and list items with `,`
    "#]]
    .assert_eq(&listing(&text));
}

#[test]
fn an_unescaped_quote_inside_a_text_is_named_with_the_escape_to_write() {
    let text = edit(
        &minimal(),
        r#"summary: (zh: "测试用。", en: "For tests."),"#,
        r#"summary: (zh: "测试用。", en: "He said "no" twice."),"#,
    );
    expect![[r#"
        fixture.ron:6:41: error: a `"` inside a text ends the string early | write a quote inside a string as `\"` (or use the typographic “ ” quotes)
    "#]]
    .assert_eq(&listing(&text));
}

#[test]
fn full_width_punctuation_outside_a_text_is_named() {
    let text = edit(&minimal(), r#"    minutes: 2,"#, r#"    minutes: 2，"#);
    let p = problems(&text);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].contains("full-width `，` (U+FF0C) where RON needs `,`"),
        "{p:?}"
    );
    let text = edit(&minimal(), r#"    minutes: 2,"#, r#"    minutes： 2,"#);
    let p = problems(&text);
    assert!(
        p[0].contains("full-width `：` (U+FF1A) where RON needs `:`"),
        "{p:?}"
    );
}

#[test]
fn an_unknown_field_gets_a_did_you_mean() {
    let text = edit(
        &minimal(),
        r#"techniques: ["follow_up", "label_emotion"]"#,
        r#"techniqes: ["follow_up"]"#,
    );
    expect![[r#"
        fixture.ron:41:47: error: unknown field `techniqes` in `Choice` | did you mean `techniques`?
    "#]]
    .assert_eq(&listing(&text));
}

#[test]
fn typos_in_several_nodes_are_all_reported_at_once() {
    let text = edit(
        &minimal(),
        r#"mistakes: ["rudeness"]"#,
        r#"mistake: ["rudeness"]"#,
    );
    let text = edit(
        &text,
        r#"techniques: ["follow_up", "label_emotion"]"#,
        r#"techniqes: ["follow_up"]"#,
    );
    let p = problems(&text);
    assert_eq!(
        p,
        vec![
            "fixture.ron:34:46: error: unknown field `mistake` in `Choice` | did you mean `mistakes`?",
            "fixture.ron:41:47: error: unknown field `techniqes` in `Choice` | did you mean `techniques`?",
        ]
    );
}

#[test]
fn a_wrong_type_is_an_error() {
    let text = edit(&minimal(), "difficulty: 1,", r#"difficulty: "easy","#);
    expect![[r#"
        fixture.ron:8:17: error: expected a whole number here | use a whole number in the allowed range
    "#]]
    .assert_eq(&listing(&text));
}

#[test]
fn an_unknown_enum_value_gets_a_did_you_mean() {
    let text = edit(&minimal(), "disc: Dominant", "disc: Dominent");
    expect![[r#"
        fixture.ron:13:15: error: unknown value `Dominent` in `Disc` | did you mean `Dominant`?
    "#]]
    .assert_eq(&listing(&text));
}

#[test]
fn duplicate_ids_point_at_the_second_one_and_name_the_first() {
    let text = edit(&minimal(), r#"id: "close","#, r#"id: "open","#);
    let p = problems(&text);
    assert!(
        p.contains(&"fixture.ron:38:17: error: duplicate node id `open` | it is first used on line 30; give each node its own id".to_string()),
        "{p:#?}"
    );
}

#[test]
fn a_reference_to_a_missing_node_gets_a_did_you_mean() {
    let text = edit(
        &minimal(),
        r#"next: Goto("close")"#,
        r#"next: Goto("clsoe")"#,
    );
    let p = problems(&text);
    assert!(
        p.contains(
            &"fixture.ron:33:84: error: node `clsoe` does not exist | did you mean `close`?"
                .to_string()
        ),
        "{p:#?}"
    );
}

#[test]
fn goto_an_ending_is_explained() {
    let text = edit(&minimal(), r#"next: End("done")"#, r#"next: Goto("done")"#);
    let p = problems(&text);
    assert!(
        p.iter()
            .any(|l| l.ends_with("| `done` is an ending; use `End(\"done\")`")),
        "{p:#?}"
    );
}

#[test]
fn unreachable_nodes_are_warnings_and_nodes_without_an_ending_are_errors() {
    // Both replies of `open` end at once, so `close` can no longer be reached.
    let text = edit(
        &minimal(),
        r#"next: Goto("close")),
                (text: (zh: "差""#,
        r#"next: End("done")),
                (text: (zh: "差""#,
    );
    let text = edit(
        &text,
        r#"mistakes: ["rudeness"], next: Goto("close")"#,
        r#"mistakes: ["rudeness"], next: End("done")"#,
    );
    let p = problems(&text);
    assert!(
        p.contains(&"fixture.ron:38:17: warning: node `close` is unreachable: no reply leads to it | point a reply's `next` at it with `Goto(\"…\")`, or remove it".to_string()),
        "{p:#?}"
    );
    // A node whose replies only lead back to itself never finishes.
    let text = edit(
        &minimal(),
        r#"next: End("done")),
                (text: (zh: "差""#,
        r#"next: Goto("close")),
                (text: (zh: "差""#,
    );
    let text = edit(
        &text,
        r#"breaks: ["right_to_know"], next: End("done")"#,
        r#"breaks: ["right_to_know"], next: Goto("close")"#,
    );
    let text = edit(
        &text,
        "(level: Supervisor, when: [Mood(0, 30)], ending: Some(\"escalated\")),",
        "",
    );
    let p = problems(&text);
    assert!(
        p.contains(&"fixture.ron:38:17: error: node `close` has no route to any ending | make at least one reply from here (or later) lead to `End(\"…\")`".to_string()),
        "{p:#?}"
    );
}

#[test]
fn unknown_catalogue_names_get_a_did_you_mean() {
    let text = edit(&minimal(), r#"["offer_options"]"#, r#"["offer_option"]"#);
    expect![[r#"
        fixture.ron:33:60: error: unknown technique `offer_option` | did you mean `offer_options`?
    "#]]
    .assert_eq(&listing(&text));
    let text = edit(
        &minimal(),
        r#"honours: ["right_to_know"]"#,
        r#"honours: ["right_to_knw"]"#,
    );
    expect![[r#"
        fixture.ron:41:101: error: unknown legal point `right_to_knw` | did you mean `right_to_know`?
    "#]]
    .assert_eq(&listing(&text));
}

#[test]
fn missing_zh_or_en_text_is_an_error() {
    let text = edit(
        &minimal(),
        r#"title: (zh: "最小场景", en: "Minimal"),"#,
        r#"title: (zh: "最小场景"),"#,
    );
    expect![[r#"
        fixture.ron:5:12: error: the title has no English (en) text | every player-visible text needs both halves: (zh: "…", en: "…"); add `en`
    "#]]
    .assert_eq(&listing(&text));
    let text = edit(
        &minimal(),
        r#"(zh: "再见。", en: "Bye.")"#,
        r#"(zh: "", en: "Bye.")"#,
    );
    expect![[r#"
        fixture.ron:39:28: error: a customer line has no Chinese (zh) text | every player-visible text needs both halves: (zh: "…", en: "…"); add `zh`
    "#]]
    .assert_eq(&listing(&text));
}

#[test]
fn values_out_of_range_are_errors() {
    let text = edit(&minimal(), "mood: 50", "mood: 150");
    expect![[r#"
        fixture.ron:15:15: error: mood 150 is out of range | use 0 to 100
    "#]]
    .assert_eq(&listing(&text));
    let text = edit(&minimal(), "Mood(0, 30)", "Mood(40, 10)");
    expect![[r#"
        fixture.ron:25:36: error: range 40..10 is not within 0..100 with min ≤ max | write e.g. `Mood(0, 30)` for mood 0 to 30 inclusive
    "#]]
    .assert_eq(&listing(&text));
    let text = edit(&minimal(), "difficulty: 1", "difficulty: 9");
    expect![[r#"
        fixture.ron:8:17: error: difficulty 9 is out of range | use 1 (patient customer, clear fault) to 5 (malicious campaign)
    "#]]
    .assert_eq(&listing(&text));
}

#[test]
fn a_node_with_one_reply_is_an_error() {
    let text = edit(
        &minimal(),
        r#"
                (text: (zh: "差", en: "Bad"), mistakes: ["rudeness"], next: Goto("close")),"#,
        "",
    );
    let p = problems(&text);
    assert!(
        p.contains(&"fixture.ron:32:22: error: node `open` offers 1 replies; a decision offers 2 to 6 | a decision with one option is not a decision: add alternatives, or fold it into the previous node".to_string()),
        "{p:#?}"
    );
}

#[test]
fn inconsistent_claim_data_is_reported() {
    let text = edit(
        &minimal(),
        "need: Respect,",
        "need: Respect,\n        archetypes: [HighCompensationClaim],",
    );
    expect![[r#"
        fixture.ron:15:21: error: a high-compensation customer needs a `claim` | add `claim: (demanded: 50000, direct_loss: 8000)` so the 2× rule can be applied
    "#]]
    .assert_eq(&listing(&text));
    let text = edit(
        &minimal(),
        "patience: 50,",
        "patience: 50,\n        claim: (demanded: 1000, direct_loss: 4000),",
    );
    expect![[r#"
        fixture.ron:18:46: error: the direct loss (4000) is larger than the amount demanded (1000) | a customer does not claim less than the verified loss; check the figures
    "#]]
    .assert_eq(&listing(&text));
    let text = edit(
        &minimal(),
        "patience: 50,",
        "patience: 50,\n        claim: (demanded: 9000, direct_loss: 4000),",
    );
    expect![[r#"
        fixture.ron:18:27: warning: the claim (9000) is over 8000 (twice the direct loss of 4000), but the customer is not tagged HighCompensationClaim | add HighCompensationClaim to `archetypes`
    "#]]
    .assert_eq(&listing(&text));
}

#[test]
fn a_dead_end_found_by_the_analysis_is_an_error() {
    // Both replies of `close` need a flag nobody sets... except one reply of `open`.
    let text = edit(
        &minimal(),
        r#"techniques: ["offer_options"], next: Goto("close")"#,
        r#"techniques: ["offer_options"], sets: ["ok"], next: Goto("close")"#,
    );
    let text = edit(
        &text,
        r#"(text: (zh: "好", en: "Good"), techniques: ["follow_up", "label_emotion"]"#,
        r#"(text: (zh: "好", en: "Good"), when: [Flag("ok")], techniques: ["follow_up", "label_emotion"]"#,
    );
    let text = edit(
        &text,
        r#"(text: (zh: "差", en: "Bad"), mistakes: ["blaming_customer"]"#,
        r#"(text: (zh: "差", en: "Bad"), when: [Flag("ok")], mistakes: ["blaming_customer"]"#,
    );
    let p = problems(&text);
    assert!(
        p.contains(&"fixture.ron:38:17: error: dead end at node `close`: with mood 40, trust 45, patience 44 no reply is offered | add a reply without `when` conditions, or widen the conditions".to_string()),
        "{p:#?}"
    );
}

#[test]
fn errors_and_warnings_are_distinct() {
    let text = edit(
        &minimal(),
        r#"next: End("done")),
                (text: (zh: "差""#,
        r#"when: [Flag("never_set")], next: End("done")),
                (text: (zh: "差""#,
    );
    let (_, d) = load(&text);
    assert!(d.iter().all(|d| !d.is_error()), "{d:#?}");
    assert!(
        d.iter()
            .any(|d| d.message == "flag `never_set` is never set by any reply")
    );
}

#[test]
fn a_problem_is_rendered_with_its_line_a_caret_under_the_value_and_the_hint() {
    let text = edit(&minimal(), r#"Goto("close")"#, r#"Goto("clsoe")"#);
    let (_, d) = load(&text);
    expect![[r#"
        error: node `clsoe` does not exist
           ┌─ fixture.ron:33:84
           │
        33 │ …(zh: "好", en: "Good"), techniques: ["offer_options"], next: Goto("clsoe")),
           │                                                               ^^^^^^^^^^^^^
           │
           = hint: did you mean `close`?

    "#]]
    .assert_eq(&render(&d[0], Some(&text)));
}

#[test]
fn a_problem_far_along_a_long_line_shows_a_window_of_the_line_around_it() {
    let long = format!("en: \"{}\", nosuch: 1)", "a".repeat(5_000));
    let text = edit(&minimal(), r#"en: "For tests.")"#, &long);
    let (_, d) = load(&text);
    let shown = render(&d[0], Some(&text));
    assert!(shown.len() < 600, "{} bytes:\n{shown}", shown.len());
    expect![[r#"
        error: unknown field `nosuch` in `Text`
          ┌─ fixture.ron:6:5035
          │
        6 │ …aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", nosuch: 1),
          │                                                              ^
          │
          = hint: the fields here are `zh`, `en`

    "#]]
    .assert_eq(&shown);
}

/// The analysis blames the right thing: an ending only an escalation threshold leads to is
/// unreached because the customer never gets that far (not because no reply names it); a
/// reply at the start that ends in failure on the first decision is named; a promise whose
/// window always closes before the reply that keeps it is offered is named.
#[test]
fn the_analysis_names_thresholds_sudden_failures_and_unkeepable_promises() {
    let far = edit(&minimal(), "Mood(0, 30)", "Mood(0, 2)");
    expect![[r#"
        fixture.ron:48:14: warning: ending `escalated` is never reached: only the escalation threshold Supervisor when [Mood(0, 2)] leads to it, and no route takes the customer there (reached: mood 40–56, trust 45–54, patience 44–50) | the replies are not to blame: widen the threshold to what the customer reaches, make the worst replies cost more, or remove the ending
    "#]]
    .assert_eq(&listing(&far));

    let edge = edit(
        &edit(&minimal(), "mood: 50,", "mood: 31,"),
        "kind: EscalatedSupervisor",
        "kind: CustomerLost",
    );
    let l = listing(&edge);
    assert!(
        l.contains("warning: reply 2 of the first node ends the session at `escalated`, which is not passed, on the very first decision"),
        "{l}"
    );
    assert!(!l.contains("reply 1 of the first node"), "{l}");

    // A promise made at the start, kept two decisions later, with a window of one.
    let late = edit(
        &edit(
            &minimal(),
            r#"techniques: ["offer_options"], next: Goto("close")),"#,
            r#"techniques: ["offer_options"], promises: [(id: "call_back", within: 1)], next: Goto("middle")),"#,
        ),
        r#"        (
            id: "close","#,
        r#"        (
            id: "middle",
            lines: [(text: (zh: "嗯。", en: "Hm."))],
            choices: [
                (text: (zh: "稍等", en: "One moment"), techniques: ["gather_facts"], next: Goto("close")),
                (text: (zh: "别急", en: "Calm down"), mistakes: ["rudeness"], next: Goto("close")),
            ],
        ),
        (
            id: "close","#,
    );
    let late = edit(
        &late,
        r#"honours: ["right_to_know"], next: End("done")"#,
        r#"honours: ["right_to_know"], keeps: ["call_back"], next: End("done")"#,
    );
    let l = listing(&late);
    assert!(
        l.contains("warning: promise `call_back` can never be kept: its window (1 decision(s)) always closes before a reply that keeps it (`close` #1) is offered"),
        "{l}"
    );
    let wide = listing(&edit(&late, "within: 1", "within: 2"));
    assert!(!wide.contains("can never be kept"), "{wide}");
}

/// A group complaint: others on the customer's side are a `cast`, and a line names its
/// speaker. An unknown speaker is an error with a did-you-mean, an id used twice an error,
/// and a member who never speaks a warning.
#[test]
fn the_cast_is_checked_and_each_line_names_who_says_it() {
    let cast = edit(
        &minimal(),
        "    briefing: (",
        "    cast: [\n        (id: \"spouse\", role: (zh: \"配偶\", en: \"Spouse\"), name: (zh: \"王太太\", en: \"Mrs Wang\"), look: (age: Adult, sex: Female)),\n        (id: \"neighbour\", role: (zh: \"邻居\", en: \"Neighbour\"), name: (zh: \"老李\", en: \"Old Li\")),\n    ],\n    briefing: (",
    );
    let spoken = edit(
        &cast,
        r#"lines: [(text: (zh: "再见。", en: "Bye."))],"#,
        r#"lines: [(text: (zh: "再见。", en: "Bye."), speaker: "spuse")],"#,
    );
    let l = listing(&spoken);
    assert!(
        l.contains("error: `spuse` is not in the cast | did you mean `spouse`?; add them to `cast`, or leave `speaker` out for the customer"),
        "{l}"
    );
    assert!(
        l.contains("warning: cast member `spouse` never speaks"),
        "{l}"
    );
    assert!(
        l.contains("warning: cast member `neighbour` never speaks"),
        "{l}"
    );
    let fixed = edit(&spoken, "\"spuse\"", "\"spouse\"");
    let l = listing(&fixed);
    assert!(!l.contains("error"), "{l}");
    assert!(!l.contains("`spouse` never speaks"), "{l}");
    let twice = edit(&fixed, "(id: \"neighbour\"", "(id: \"spouse\"");
    assert!(listing(&twice).contains("error: cast id `spouse` is used twice"));
    // In play, the line is the spouse's, by name.
    let e = crate::common::engine(&fixed);
    let mut s =
        complaint_dojo::sim::Session::new(e.clone(), 1, complaint_dojo::sim::Mode::Practice);
    s.choose(0).unwrap();
    let last = s
        .transcript()
        .iter()
        .rev()
        .find(|x| x.speaker == complaint_dojo::sim::Speaker::Customer)
        .unwrap();
    assert_eq!(last.who.as_deref(), Some("spouse"));
    assert_eq!(
        e.scenario().speaker_name(last.who.as_deref()).en,
        "Mrs Wang"
    );
    assert_eq!(e.scenario().speaker_name(None).en, "Customer");
    // The phones and the projector name her too.
    let out = complaint_dojo::classroom::protocol::lines(
        e.scenario(),
        s.transcript(),
        complaint_dojo::course::Lang::Zh,
    );
    let said = out.iter().rev().find(|l| l.who == "customer").unwrap();
    assert_eq!(said.name.as_deref(), Some("王太太"));
    assert!(
        out.iter()
            .filter(|l| l.who == "customer")
            .take(1)
            .all(|l| l.name.is_none())
    );
}

fn crisis() -> String {
    std::fs::read_to_string(crate::common::root().join("tests/fixtures/crisis.ron")).unwrap()
}

/// Whom a reply addresses is checked like a speaker; a member with a profile of their own
/// that no reply addresses is a warning (the profile would score nothing); the opinion meter
/// is checked where it is used; and an ending that says "resolved" while the story trends at
/// its peak is a warning, with the way out.
#[test]
fn addressees_the_opinion_meter_and_endings_at_the_peak_are_checked() {
    assert_eq!(problems(&crisis()), Vec::<String>::new());
    let l = listing(&edit(
        &crisis(),
        "to: \"reporter\", techniques: [\"state",
        "to: \"reportr\", techniques: [\"state",
    ));
    assert!(
        l.contains("error: a reply is addressed to `reportr`, who is not in the cast | did you mean `reporter`?"),
        "{l}"
    );
    let unaddressed = edit(
        &edit(
            &crisis(),
            "to: \"reporter\", techniques: [\"state",
            "techniques: [\"state",
        ),
        "to: \"reporter\", techniques: [\"warmth",
        "techniques: [\"warmth",
    );
    let l = listing(&unaddressed);
    assert!(
        l.contains("warning: cast member `reporter` has a profile of their own, but no reply is addressed to them"),
        "{l}"
    );
    let no_meter = edit(
        &crisis(),
        "    opinion: (heat: 20, spread: 5, channel: (zh: \"微博\", en: \"Weibo\")),\n",
        "",
    );
    let l = listing(&no_meter);
    assert!(
        l.contains(
            "error: this condition tests the public-opinion meter, and the scenario has none"
        ),
        "{l}"
    );
    assert!(
        l.contains(
            "warning: this reply changes the public-opinion heat, and the scenario has no meter"
        ),
        "{l}"
    );
    let l = listing(&edit(
        &crisis(),
        "heat: 20, spread: 5",
        "heat: 120, spread: -1",
    ));
    assert!(
        l.contains("error: starting heat 120 is out of range"),
        "{l}"
    );
    assert!(l.contains("error: spread -1 is out of range"), "{l}");
    // The argument that takes the story to its peak now leads to a "resolved" ending.
    let resolved_at_peak = edit(
        &crisis(),
        "routes: [(when: [Stage(Peak)], to: End(\"trending\"))], otherwise: Goto(\"follow\")",
        "routes: [(when: [Stage(Peak)], to: End(\"quiet\"))], otherwise: Goto(\"follow\")",
    );
    expect![[r#"
        fixture.ron:61:29: warning: ending `quiet` (ResolvedSatisfied) can be reached while the story is at its peak | a case is not resolved while it trends: route `Stage(Peak)` to a crisis or media ending (a branch route or an escalation rung), or let the heat fall first
    "#]]
    .assert_eq(&listing(&resolved_at_peak));
}
