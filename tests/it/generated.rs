//! Property tests on generated scenarios: whatever a valid scenario looks like, it validates,
//! every route ends, and the same seed replays it exactly.

use std::sync::Arc;

use complaint_dojo::course::*;
use complaint_dojo::scenario::*;
use complaint_dojo::sim::{Action, Engine, Mode, Session};
use proptest::prelude::*;

use crate::common::{catalogue, load};

fn t(s: &str) -> Text {
    Text::new(format!("{s}（中）"), s.to_string())
}

/// Raw numbers for one reply: technique, mistake, target, condition bound.
type RawChoice = (u8, u8, u8, u8);

/// Builds a scenario from raw numbers. Every node's first reply is unconditional and leads
/// to the next node (or an ending from the last), so every node is reachable and finishes.
pub fn build(nodes: &[Vec<RawChoice>], endings: usize, mood: i32) -> Scenario {
    let cat = catalogue();
    let n = nodes.len();
    let ending_id = |k: u8| format!("end{}", usize::from(k) % endings);
    let kinds = [
        EndingKind::ResolvedSatisfied,
        EndingKind::ResolvedGrudgingly,
        EndingKind::EscalatedRegulator,
        EndingKind::CustomerLost,
    ];
    Scenario {
        id: "generated".into(),
        version: FORMAT_VERSION,
        title: t("Generated"),
        summary: t("A generated scenario."),
        industry: Industry::Other,
        cases: Vec::new(),
        difficulty: 3,
        minutes: 5,
        objectives: vec![t("Objective")],
        timer_secs: None,
        customer: Customer {
            name: t("Customer"),
            disc: Disc::ALL[n % 4],
            secondary: None,
            archetypes: vec![],
            need: Need::ALL[n % 6],
            profile: None,
            look: None,
            mood,
            trust: 50,
            patience: 80,
            claim: None,
        },
        cast: vec![],
        opinion: None,
        briefing: Briefing {
            situation: t("Situation"),
            known: t("Known"),
            policy: t("Policy"),
            remedies: vec![],
            legal_notes: vec![],
            danger: false,
        },
        escalation: vec![Rung {
            level: Level::Supervisor,
            when: vec![Condition::Mood(0, 5)],
            ending: Some("end0".into()),
            line: None,
        }],
        start: "n0".into(),
        nodes: nodes
            .iter()
            .enumerate()
            .map(|(i, raw)| Node {
                id: format!("n{i}"),
                narration: None,
                lines: vec![Line {
                    text: t(&format!("Line {i}")),
                    weight: 1,
                    when: vec![],
                    speaker: None,
                }],
                venting: i % 3 == 1,
                expectation: if i % 2 == 0 {
                    Some(Expectation::ALL[i % 5])
                } else {
                    None
                },
                choices: raw
                    .iter()
                    .enumerate()
                    .map(|(k, &(tech, mistake, target, bound))| {
                        let next = if k == 0 {
                            if i + 1 < n {
                                Next::Goto(format!("n{}", i + 1))
                            } else {
                                Next::End(ending_id(target))
                            }
                        } else if i + 1 < n && target % 2 == 0 {
                            let j = i + 1 + usize::from(target) % (n - i - 1);
                            Next::Goto(format!("n{j}"))
                        } else {
                            Next::End(ending_id(target))
                        };
                        let technique = &cat.techniques[usize::from(tech) % cat.techniques.len()];
                        let mistakes = if mistake % 3 == 0 {
                            vec![
                                cat.mistakes[usize::from(mistake) % cat.mistakes.len()]
                                    .id
                                    .clone(),
                            ]
                        } else {
                            vec![]
                        };
                        Choice {
                            text: t(&format!("Reply {i}.{k}")),
                            to: None,
                            techniques: vec![technique.id.clone()],
                            mistakes,
                            expectation: if i % 2 == 0 {
                                Some(Expectation::ALL[usize::from(bound) % 5])
                            } else {
                                None
                            },
                            honours: if bound % 4 == 0 {
                                vec![cat.legal[0].id.clone()]
                            } else {
                                vec![]
                            },
                            breaks: vec![],
                            effects: Impact::default(),
                            replace_catalogue: false,
                            pays: None,
                            when: if k == 0 {
                                vec![]
                            } else {
                                vec![Condition::Mood(0, i32::from(bound % 101))]
                            },
                            sets: vec![],
                            clears: vec![],
                            asks: (bound % 5 == 0).then(|| "q".to_string()),
                            promises: if k == 1 {
                                vec![Promise {
                                    id: "p".into(),
                                    within: 1 + u32::from(bound % 3),
                                }]
                            } else {
                                vec![]
                            },
                            keeps: if k == 0 { vec!["p".into()] } else { vec![] },
                            reneges: vec![],
                            reply: None,
                            feedback: None,
                            next,
                        }
                    })
                    .collect(),
            })
            .collect(),
        endings: (0..endings)
            .map(|e| Ending {
                id: format!("end{e}"),
                kind: kinds[e % kinds.len()],
                acceptable: false,
                title: t("Ending"),
                text: t("It ends."),
            })
            .collect(),
    }
}

fn scenario_strategy() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec(prop::collection::vec(any::<RawChoice>(), 2..=4), 1..=7),
        1usize..=4,
        10i32..=90,
    )
        .prop_map(|(nodes, endings, mood)| build(&nodes, endings, mood))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn generated_scenarios_validate_and_every_path_ends(s in scenario_strategy(), seed in any::<u64>(), picks in prop::collection::vec(any::<u8>(), 0..40)) {
        let text = ron::ser::to_string_pretty(&s, ron::ser::PrettyConfig::default()).unwrap();
        let (parsed, diags) = load(&text);
        let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
        prop_assert!(errors.is_empty(), "{errors:#?}\n{text}");
        let parsed = parsed.unwrap();
        prop_assert_eq!(&parsed, &s);

        let engine = Arc::new(Engine::new(Arc::new(parsed), Arc::new(catalogue())).unwrap());
        let a = engine.analysis();
        prop_assert!(a.dead_ends.is_empty() && a.loops.is_empty() && !a.truncated);
        prop_assert!(!a.reached_endings.is_empty());

        // A random walk always ends within as many decisions as there are nodes.
        let mut session = Session::new(engine.clone(), seed, Mode::Practice);
        let mut taken = Vec::new();
        let mut i = 0;
        while !session.is_over() {
            let offered = session.offered().len();
            prop_assert!(offered >= 1);
            let pick = usize::from(picks.get(i).copied().unwrap_or(0)) % offered;
            session.choose(pick).unwrap();
            taken.push(Action::Choose(pick));
            i += 1;
            prop_assert!(i <= s.nodes.len());
        }
        let again = Session::replay(engine, seed, Mode::Practice, &taken).unwrap();
        prop_assert_eq!(
            serde_json::to_string(session.transcript()).unwrap(),
            serde_json::to_string(again.transcript()).unwrap()
        );
        for score in session.scores() {
            prop_assert!(score.score <= 100);
        }
    }
}
