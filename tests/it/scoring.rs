//! Scores that follow the course: no bonus without the act, the customer's DISC type changes
//! what a reply is worth and which route is best, tags are checked against the catalogue and
//! the briefing, and the audit finds a library that can be won without reading the customer.

use std::process::Command;
use std::sync::Arc;

use expect_test::expect;

use complaint_dojo::course::{Disc, Rubric};
use complaint_dojo::library::audit::audit;
use complaint_dojo::scenario::Scenario;
use complaint_dojo::sim::{Engine, NoteKind, assess};

use crate::common::{catalogue, edit, listing, load, minimal, root};

const FIRST_GOOD: &str =
    r#"(text: (zh: "好", en: "Good"), techniques: ["offer_options"], next: Goto("close")),"#;

fn scenario(text: &str) -> Scenario {
    load(text).0.expect("the fixture parses")
}

/// Every mistake the catalogue marks hostile or capitulating wipes out the gains of a reply
/// that otherwise does everything right — its techniques, a legal point honoured and the
/// expectation class read correctly — and says why; without it the same reply gains.
#[test]
fn a_hostile_or_capitulating_reply_earns_no_bonus_at_all() {
    let cat = catalogue();
    let turning: Vec<_> = cat.mistakes.iter().filter(|m| m.stance.is_some()).collect();
    assert!(turning.len() >= 5, "threats, insults, accusations, deals");
    let base = edit(
        &minimal(),
        "id: \"open\",",
        "id: \"open\",\n            expectation: Some(Unreasonable),",
    );
    for m in turning {
        let text = edit(
            &base,
            FIRST_GOOD,
            &format!(
                r#"(text: (zh: "好", en: "Good"), techniques: ["offer_options", "keep_evidence"], honours: ["lawful_channels"], expectation: Some(Unreasonable), mistakes: ["{}"], next: Goto("close")),"#,
                m.id
            ),
        );
        let s = scenario(&text);
        let node = &s.nodes[0];
        let a = assess(&cat, &s.customer, node.expectation, &node.choices[0]);
        assert!(
            a.notes.iter().all(|n| !n.impact.gains()),
            "{}: {:?}",
            m.id,
            a.notes
        );
        let note = a
            .notes
            .iter()
            .find(|n| n.kind == NoteKind::Mistake && n.id == m.id)
            .unwrap();
        assert!(
            note.feedback.en.contains(&cat.narration.bonus_voided.en),
            "{}",
            m.id
        );
        // The parts that would have earned credit are marked, so the screens can strike
        // them through.
        for id in ["offer_options", "keep_evidence", "lawful_channels"] {
            assert!(
                a.notes.iter().any(|n| n.id == id && n.voided),
                "{}: {id} not marked",
                m.id
            );
        }

        let mut clean = node.choices[0].clone();
        clean.mistakes.clear();
        let b = assess(&cat, &s.customer, node.expectation, &clean);
        assert!(b.impact.expectation > 0 && b.impact.legal > 0, "{b:?}");
    }
}

fn worth(disc: Disc, technique: &str, rubric: Rubric) -> i32 {
    let cat = catalogue();
    let mut s = scenario(&minimal());
    s.customer.disc = disc;
    let mut c = s.nodes[0].choices[0].clone();
    c.techniques = vec![technique.to_string()];
    assess(&cat, &s.customer, None, &c).impact.points()[rubric.index()]
}

/// The doctrine of the four types, as a trainee would notice it in the feedback's points.
#[test]
fn the_same_move_is_worth_what_the_doctrine_says_for_each_disc_type() {
    use Disc::*;
    use Rubric::*;
    // Warmth wins an S or I customer and costs with a C customer; small talk costs with D.
    assert!(worth(Steady, "warmth", Empathy) > 0);
    assert!(worth(Influence, "warmth", Empathy) > 0);
    assert!(worth(Conscientious, "warmth", Empathy) < 0);
    assert!(worth(Dominant, "warmth", Empathy) < 0);
    // Naming the emotion costs with C.
    assert!(worth(Conscientious, "label_emotion", Empathy) < 0);
    assert!(worth(Steady, "label_emotion", Empathy) > worth(Dominant, "label_emotion", Empathy));
    // Options for D; an S customer wants a recommendation.
    assert!(
        worth(Dominant, "offer_options", Expectation) > worth(Steady, "offer_options", Expectation)
    );
    // Plain facts are respect for D and C, dry detail for I.
    for d in [Dominant, Conscientious] {
        assert!(worth(d, "state_facts_plainly", Empathy) > 0, "{d:?}");
    }
    assert!(worth(Influence, "state_facts_plainly", Empathy) < 0);
    // Written confirmation for I; personal help for S, too slow for D.
    assert!(
        worth(Influence, "confirm_in_writing", Expectation)
            > worth(Dominant, "confirm_in_writing", Expectation)
    );
    assert!(worth(Steady, "slow_personal_help", Empathy) > 0);
    assert!(worth(Dominant, "slow_personal_help", Empathy) < 0);
}

/// One decision, three sound replies in three styles: which is best depends only on who the
/// customer is.
#[test]
fn the_best_reply_changes_with_the_customers_disc_type() {
    let text = edit(
        &minimal(),
        FIRST_GOOD,
        r#"(text: (zh: "别着急，我陪您一步步办，有我在。", en: "No rush; I'll go through it with you step by step."), techniques: ["warmth", "slow_personal_help"], next: Goto("close")),
                (text: (zh: "按合同第 7 条，费用从 3 日起算。", en: "Under clause 7 the charge runs from the 3rd."), techniques: ["state_facts_plainly", "gather_facts"], next: Goto("close")),
                (text: (zh: "两个方案，您定：今天退款，或明天换新。", en: "Two options, your call: a refund today or a replacement tomorrow."), techniques: ["offer_options", "rapid_response"], next: Goto("close")),"#,
    );
    let s = scenario(&text);
    let best = |disc: Disc| {
        let mut s = s.clone();
        s.customer.disc = disc;
        let e = Engine::new(Arc::new(s), Arc::new(catalogue())).unwrap();
        e.analysis().balanced.clone().unwrap().choices[0]
    };
    assert_eq!(best(Disc::Steady), 1, "warmth and personal help for S");
    assert_eq!(best(Disc::Conscientious), 2, "facts for C");
    assert_eq!(best(Disc::Dominant), 3, "options and speed for D");
}

#[test]
fn tags_that_contradict_each_other_or_the_briefing_are_flagged() {
    let contradict = edit(
        &minimal(),
        FIRST_GOOD,
        r#"(text: (zh: "好", en: "Good"), techniques: ["offer_options", "same_side"], mistakes: ["threatening_customer"], next: Goto("close")),"#,
    );
    expect![[r#"
        fixture.ron:28:12: warning: no route earns any points on the Empathy rubric | tag replies with techniques or legal points that score on it
        fixture.ron:33:17: warning: this reply is tagged both `threatening_customer` and `same_side`, which the catalogue says contradict each other | keep the tag that says what the reply really does: one reply cannot do both
    "#]]
    .assert_eq(&listing(&contradict));

    let security = edit(
        &minimal(),
        FIRST_GOOD,
        r#"(text: (zh: "我们只能叫保安了。", en: "We'll have to call security."), techniques: ["involve_authorities"], next: Goto("close")),"#,
    );
    expect![[r#"
        fixture.ron:28:12: warning: no route earns any points on the Empathy rubric | tag replies with techniques or legal points that score on it
        fixture.ron:33:17: warning: `involve_authorities` is only right when someone is in danger or the customer acts unlawfully, and this briefing says neither | tag the reply with the mistake it is for this customer (e.g. `threatening_customer`), or set `danger: true` in the briefing if the case really is one
    "#]]
    .assert_eq(&listing(&security));
    let dangerous = edit(
        &security,
        "policy: (zh: \"政策\", en: \"Policy\"),",
        "policy: (zh: \"政策\", en: \"Policy\"),\n        danger: true,",
    );
    assert!(
        !listing(&dangerous).contains("only right when"),
        "{}",
        listing(&dangerous)
    );

    let claim = edit(
        &minimal(),
        "need: Respect,",
        "need: Respect,\n        archetypes: [HighCompensationClaim],\n        claim: (demanded: 9000, direct_loss: 2500),",
    );
    let paid = edit(
        &claim,
        FIRST_GOOD,
        r#"(text: (zh: "给您 9000，这事就算了。", en: "Here's 9,000 and we call it settled."), techniques: ["settle_quietly"], pays: Some(9000), next: Goto("close")),"#,
    );
    expect![[r#"
        fixture.ron:35:130: warning: this reply pays 9000 CNY, more than the claim's reasonable ceiling (5000: 2× the direct loss of 2500), yet carries no capitulating mistake or legal breach | the course treats anything above that as unreasonable: tag what the payment gives up (e.g. `giving_up_bottom_line`, `breaks: ["no_extortion"]`)
    "#]]
    .assert_eq(&listing(&paid));
    let owned = edit(
        &paid,
        r#"techniques: ["settle_quietly"],"#,
        r#"mistakes: ["giving_up_bottom_line"],"#,
    );
    assert!(
        !listing(&owned).contains("reasonable ceiling"),
        "{}",
        listing(&owned)
    );
    let within = edit(&paid, "pays: Some(9000)", "pays: Some(5000)");
    assert!(
        !listing(&within).contains("reasonable ceiling"),
        "{}",
        listing(&within)
    );
}

/// A claim on statutory damages is measured by the law it names, not by the 2× yardstick:
/// a food-safety claim of ten times the price is reasonable, and so is paying it; above
/// what the law awards it is a high claim again; a law the catalogue lacks is an error.
#[test]
fn a_statutory_claim_is_measured_by_its_law_not_by_twice_the_loss() {
    let food = |claim: &str| {
        edit(
            &minimal(),
            "need: Respect,",
            &format!(
                "need: Respect,\n        archetypes: [HighCompensationClaim],\n        claim: {claim},"
            ),
        )
    };
    // 98 yuan of spoiled food: 10× the price is 980, below the 1,000 minimum: up to 1,098.
    let lawful = food(r#"(demanded: 1098, direct_loss: 98, statutory: "food_safety_148")"#);
    let l = listing(&lawful);
    assert!(
        l.contains("the claim (1098) is within 1098 (the loss plus the damages Food Safety Law Art. 148 awards)")
            && l.contains("drop HighCompensationClaim"),
        "{l}"
    );
    // The same figures without the law: far over 2×, so the high-claim tag is right.
    let plain = food("(demanded: 1098, direct_loss: 98)");
    assert!(
        !listing(&plain).contains("the claim ("),
        "{}",
        listing(&plain)
    );
    // Over what the law awards: a high claim again, and no warning.
    let greedy = food(r#"(demanded: 5000, direct_loss: 98, statutory: "food_safety_148")"#);
    assert!(
        !listing(&greedy).contains("the claim ("),
        "{}",
        listing(&greedy)
    );
    // Paying what the law awards is no capitulation; paying more is.
    let pay = |claim: &str, amount: u32| {
        listing(&edit(
            &food(claim),
            FIRST_GOOD,
            &format!(
                r#"(text: (zh: "按规定给您赔偿。", en: "You are paid what the law sets."), techniques: ["settle_quietly"], pays: Some({amount}), next: Goto("close")),"#
            ),
        ))
    };
    let law = r#"(demanded: 5000, direct_loss: 98, statutory: "food_safety_148")"#;
    assert!(
        !pay(law, 1098).contains("reasonable ceiling"),
        "{}",
        pay(law, 1098)
    );
    assert!(pay(law, 1099).contains("pays 1099 CNY, more than the claim's reasonable ceiling (1098: the loss plus the damages Food Safety Law Art. 148 awards)"), "{}", pay(law, 1099));
    assert!(pay("(demanded: 5000, direct_loss: 98)", 1098).contains("2× the direct loss of 98"));
    // The fraud rule reckons on the price when given: 3 × 400 = 1,200 on top of the loss.
    let fraud = food(r#"(demanded: 1600, direct_loss: 400, price: 400, statutory: "crpl_55")"#);
    assert!(
        listing(&fraud).contains("within 1600"),
        "{}",
        listing(&fraud)
    );
    // A misspelt law is an error naming the right one; a price without a law is a warning.
    let typo = listing(&food(
        r#"(demanded: 5000, direct_loss: 98, statutory: "food_safety_184")"#,
    ));
    assert!(
        typo.contains("error: `food_safety_184` is not a statutory-damages rule of the catalogue | did you mean `food_safety_148`?"),
        "{typo}"
    );
    let stray = listing(&food("(demanded: 5000, direct_loss: 98, price: 98)"));
    assert!(
        stray.contains("`price` only counts for a claim on statutory damages"),
        "{stray}"
    );
}

/// The same act scores the same in every scenario: the catalogue's cues recognise it by its
/// words, and a reply that performs it without its tags is flagged; a reply that only talks
/// about it is not.
#[test]
fn an_act_recognised_by_its_words_must_carry_its_tags() {
    let with = |zh: &str, en: &str, tags: &str| {
        edit(
            &minimal(),
            FIRST_GOOD,
            &format!(r#"(text: (zh: "{zh}", en: "{en}"), {tags}, next: Goto("close")),"#),
        )
    };
    let police = with(
        "再这样天天来，我们只能报警了。",
        "Keep coming every day and we'll have to call the police.",
        r#"techniques: ["firm_on_principle"]"#,
    );
    expect![[r#"
        fixture.ron:33:17: warning: this reply reads as “calling the police or security”, which is scored the same in every scenario, but carries none of its tags | tag it with one of: `involve_authorities`, `threatening_customer`
    "#]]
    .assert_eq(&listing(&police));
    let cued = |text: &str| listing(text).contains("which is scored the same in every scenario");
    let threat = with(
        "再这样天天来，我们只能报警了。",
        "Keep coming every day and we'll have to call the police.",
        r#"mistakes: ["threatening_customer"]"#,
    );
    assert!(!cued(&threat));

    let password = with(
        "请告诉我您的服务密码。",
        "Please tell me your service password.",
        r#"techniques: ["gather_facts"]"#,
    );
    assert!(
        listing(&password).contains("asking the customer to tell you a password"),
        "{}",
        listing(&password)
    );
    let keypad = with(
        "请在键盘上输入服务密码。",
        "Please enter your service password on the keypad.",
        r#"techniques: ["gather_facts"]"#,
    );
    assert!(!cued(&keypad));
    let warning = with(
        "任何人问您要验证码都不要给。",
        "Never give anyone your verification code.",
        r#"techniques: ["careful_words"]"#,
    );
    assert!(!cued(&warning));
}

#[test]
fn a_promise_no_route_can_break_is_flagged() {
    let promised = edit(
        &minimal(),
        FIRST_GOOD,
        r#"(text: (zh: "我保证您准时到。", en: "I guarantee you'll be on time."), techniques: ["offer_options"], promises: [(id: "on_time", within: 1)], next: Goto("close")),"#,
    );
    let kept_by_all = promised
        .replace(
            r#"honours: ["right_to_know"], next: End("done")"#,
            r#"honours: ["right_to_know"], keeps: ["on_time"], next: End("done")"#,
        )
        .replace(
            r#"breaks: ["right_to_know"], next: End("done")"#,
            r#"breaks: ["right_to_know"], keeps: ["on_time"], next: End("done")"#,
        );
    expect![[r#"
        fixture.ron:33:121: warning: promise `on_time` is kept on every route: no reply lets it run out or reneges on it, so the trainee cannot fail it | give a later decision a reply that does not keep it (or that `reneges`), so an unkeepable promise costs what it costs in real life
    "#]]
    .assert_eq(&listing(&kept_by_all));
    let one_fails = promised.replace(
        r#"honours: ["right_to_know"], next: End("done")"#,
        r#"honours: ["right_to_know"], keeps: ["on_time"], next: End("done")"#,
    );
    assert_eq!(listing(&one_fails), "");
}

/// A scenario of `n` decisions whose best reply is always the first and the longest.
fn give_away(n: usize) -> String {
    let mut nodes = String::new();
    for i in 0..n {
        let next = if i + 1 == n {
            "End(\"done\")".to_string()
        } else {
            format!("Goto(\"n{}\")", i + 1)
        };
        nodes.push_str(&format!(
            r#"(id: "n{i}", lines: [(text: (zh: "然后呢？", en: "And?"))], choices: [
                (text: (zh: "我理解您的心情，我们马上给您两个方案，您来选。", en: "I understand; here are two options right away, you choose."), techniques: ["offer_options", "apology_with_action"], honours: ["right_to_choose"], next: {next}),
                (text: (zh: "这不归我管。", en: "Not my department."), mistakes: ["dodging_responsibility"], next: {next}),
            ]),
            "#
        ));
    }
    let text = minimal();
    let start = text.find("    nodes: [").unwrap();
    let end = text.find("    endings: [").unwrap();
    let text = format!(
        "{}    nodes: [\n{nodes}],\n{}",
        &text[..start],
        &text[end..]
    );
    text.replace("start: \"open\"", "start: \"n0\"")
}

#[test]
fn a_best_reply_that_is_always_the_longest_and_first_is_flagged() {
    let text = give_away(6);
    let found = listing(&text);
    assert!(
        found.contains("the best reply is the longest on offer at 6 of 6 decisions"),
        "{found}"
    );
    assert!(
        found.contains("the best reply is the first in the file at 6 of 6 decisions"),
        "{found}"
    );
    // Four decisions are too few to speak of a pattern.
    assert_eq!(listing(&give_away(4)), "");
}

#[test]
fn the_audit_finds_a_library_a_bot_can_win_without_reading_the_customer() {
    let dir = std::env::temp_dir().join(format!("dojo-audit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("give-away.ron"), give_away(6)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_complaint-dojo"))
        .args(["audit", "--json"])
        .arg(&dir)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["decisions"], 6);
    assert_eq!(v["best_is_longest"], 6);
    assert_eq!(v["longest_bot_expert"], 1);
    assert_eq!(v["shortest_bot_expert"], 0);
    assert_eq!(v["disc_pairs"], 3);
    let s = &v["scenarios"][0];
    assert_eq!(
        s["longest_bot"]["scores"],
        serde_json::json!([100, 100, 100])
    );
    // Always "not my department": the customer escalates.
    assert_eq!(s["shortest_bot"]["ending"], "escalated");

    let text = Command::new(env!("CARGO_BIN_EXE_complaint-dojo"))
        .args(["audit", "--lang", "en"])
        .arg(&dir)
        .current_dir(root())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Best reply is the longest on offer: 6 of 6 decisions (100%; target ≤ 40%)"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The content rule, measured over the bundled library: the answer is not given away by
/// length, bots that never read the customer do not reach the top band, the customer's type
/// changes the best route in most cases, and no hostile or capitulating reply earns a bonus.
#[test]
fn the_bundled_library_cannot_be_won_without_reading_the_customer() {
    let lib =
        complaint_dojo::library::Library::load(&[root().join("scenarios")], Arc::new(catalogue()));
    let engines: Vec<_> = lib
        .entries
        .iter()
        .filter_map(|e| e.playable().cloned())
        .collect();
    assert!(engines.len() >= 24);
    let a = audit(&engines);
    assert!(
        a.best_is_longest * 100 <= a.decisions * 40,
        "best is longest at {} of {}",
        a.best_is_longest,
        a.decisions
    );
    assert!(a.longest_bot_expert <= 2, "{}", a.longest_bot_expert);
    assert!(a.shortest_bot_expert <= 2, "{}", a.shortest_bot_expert);
    assert!(
        a.disc_changed * 2 >= a.disc_pairs,
        "{} of {} pairs",
        a.disc_changed,
        a.disc_pairs
    );
    assert_eq!(a.turned_with_bonus, 0);
}

/// A secondary DISC type adds half its effect, but its feedback is not said where it
/// contradicts the primary type's: warmth that backfires with a C customer is not also
/// praised as what an S customer needs.
#[test]
fn a_secondary_type_never_contradicts_the_primary_types_feedback() {
    let cat = catalogue();
    let warmth = cat.technique("warmth").unwrap();
    let mut s = scenario(&minimal());
    s.customer.disc = Disc::Conscientious;
    s.customer.secondary = Some(Disc::Steady);
    let note = complaint_dojo::sim::score::move_note(NoteKind::Technique, warmth, &s.customer);
    let c = warmth.disc[&Disc::Conscientious].feedback.as_ref().unwrap();
    let st = warmth.disc[&Disc::Steady].feedback.as_ref().unwrap();
    assert!(note.feedback.en.contains(&c.en));
    assert!(!note.feedback.en.contains(&st.en), "{}", note.feedback.en);
    // The effect still leans half-way towards the secondary type.
    let alone = {
        let mut only = s.customer.clone();
        only.secondary = None;
        complaint_dojo::sim::score::move_note(NoteKind::Technique, warmth, &only).impact
    };
    assert!(note.impact.empathy > alone.empathy);
    // Where the two agree, both are said.
    s.customer.disc = Disc::Influence;
    let note = complaint_dojo::sim::score::move_note(NoteKind::Technique, warmth, &s.customer);
    assert!(note.feedback.en.contains(&st.en));
}
