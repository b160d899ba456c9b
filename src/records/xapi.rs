//! Recorded sessions as xAPI 1.0.3 statements, for an organisation's Learning Record Store.
//! The profile (verbs, activity ids, extensions) is documented in `docs/xapi.md`.
//!
//! Per session (its UUID is `context.registration`): `initialized`; one `answered` per
//! decision (a `cmi.interaction` of type `choice`, the reply as `response`, how close it came
//! to the best reply there as `score.scaled`, the time taken as an ISO 8601 duration, the
//! three rubric points as an extension); then, for a session that reached an ending,
//! `completed` and `passed` or `failed` with the session's scaled score; last `terminated`.
//! Statement ids are UUID v5 of the session and the statement's part in it (`initialized`,
//! `answered:3`, `completed`, `verdict`, `terminated:abandoned`), so exporting or sending
//! twice gives the same statements and an LRS never stores a duplicate; and a session that
//! was abandoned and later finished keeps the ids (and the bodies) of what it had already
//! said, adding only what is new.

use serde_json::{Value, json};

use super::session::{SessionRecord, Status, mode_key};
use crate::sim::{Action, Engine, Session};

/// The product's IRI: activity ids, extensions and the trainee's account live under it.
pub const HOME: &str = "https://complaint-dojo.github.io/xapi";

/// The namespace of statement ids (UUID v5).
const NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x6f1c_2b8e_41d7_4c55_9a0e_7d3b_5e2f_c901);

const VERBS: &str = "http://adlnet.gov/expapi/verbs/";

fn verb(id: &str, en: &str, zh: &str) -> Value {
    json!({"id": format!("{VERBS}{id}"), "display": {"en-US": en, "zh-CN": zh}})
}

fn timestamp(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

fn duration(secs: f64) -> String {
    jiff::SignedDuration::try_from_secs_f64(secs.max(0.0))
        .map(|d| d.to_string())
        .unwrap_or_else(|_| "PT0S".into())
}

/// The scenario as an activity.
fn scenario_activity(s: &SessionRecord) -> Value {
    json!({
        "objectType": "Activity",
        "id": format!("{HOME}/scenarios/{}", s.scenario),
        "definition": {
            "name": {"zh-CN": s.title[0], "en-US": s.title[1]},
            "type": "http://adlnet.gov/expapi/activities/simulation"
        }
    })
}

/// For each decision, how the chosen reply's points (情 + 理 + 法) compare with the best
/// reply's there, in [-1, 1]; none when the scenario is not at the recorded revision.
fn closeness(s: &SessionRecord, engine: Option<&std::sync::Arc<Engine>>) -> Vec<Option<f64>> {
    let Some(engine) = engine.filter(|e| e.revision() == s.revision) else {
        return vec![None; s.decisions.len()];
    };
    let mut session = Session::start(engine.clone(), s.seed, s.mode, s.shuffled);
    let mut out = Vec::with_capacity(s.actions.len());
    for action in &s.actions {
        let state = session.state().clone();
        let sums: Vec<i32> = session
            .offered()
            .iter()
            .filter_map(|&(i, _)| engine.step(&state, i))
            .map(|st| {
                let i = &st.assessment.impact;
                i.empathy + i.expectation + i.legal
            })
            .collect();
        let best = sums.iter().copied().max().unwrap_or(0);
        let chosen = match action {
            Action::Choose(n) => sums.get(*n).copied(),
            Action::TimedOut => Some(0),
        };
        out.push(
            chosen.and_then(|c| {
                (best > 0).then(|| (f64::from(c) / f64::from(best)).clamp(-1.0, 1.0))
            }),
        );
        if session.act(*action).is_err() {
            break;
        }
    }
    out.resize(s.decisions.len(), None);
    out
}

/// The statements of one session, in order. `engine` (the scenario as the library has it)
/// gives each decision its reply texts and scaled score when the file is unchanged.
pub fn statements(s: &SessionRecord, engine: Option<&std::sync::Arc<Engine>>) -> Vec<Value> {
    let actor = json!({
        "objectType": "Agent",
        "account": {"homePage": HOME, "name": s.trainee}
    });
    let scenario = scenario_activity(s);
    let context = json!({
        "registration": s.uuid,
        "contextActivities": {"parent": [scenario.clone()]},
        "extensions": {
            format!("{HOME}/extensions/seed"): s.seed.to_string(),
            format!("{HOME}/extensions/revision"): s.revision,
            format!("{HOME}/extensions/mode"): mode_key(s.mode),
        }
    });
    let mut out = Vec::new();
    let mut at = s.started_ms;
    let mut push = |part: String, mut st: Value, at: i64| {
        let id = uuid::Uuid::new_v5(&NAMESPACE, format!("{}:{part}", s.uuid).as_bytes());
        st["id"] = json!(id.to_string());
        st["actor"] = actor.clone();
        st["timestamp"] = json!(timestamp(at));
        out.push(st);
    };
    let root_context = {
        let mut c = context.clone();
        if let Some(map) = c.as_object_mut() {
            map.remove("contextActivities");
        }
        c
    };
    push(
        "initialized".into(),
        json!({
            "verb": verb("initialized", "initialized", "开始"),
            "object": scenario,
            "context": root_context,
        }),
        at,
    );
    let scaled = closeness(s, engine);
    for (n, d) in s.decisions.iter().enumerate() {
        let secs = d.seconds.unwrap_or(0.0);
        at += (secs * 1000.0) as i64;
        let response = match d.choice {
            Some(c) => format!("reply-{}", c + 1),
            None => "timed-out".to_string(),
        };
        let mut definition = json!({
            "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
            "interactionType": "choice",
            "name": {"en-US": format!("Decision {} ({})", n + 1, d.node), "zh-CN": format!("第 {} 次决定（{}）", n + 1, d.node)},
        });
        if let Some(node) = engine
            .filter(|e| e.revision() == s.revision)
            .and_then(|e| e.scenario().nodes.iter().find(|x| x.id == d.node))
        {
            definition["choices"] = Value::Array(
                node.choices
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        json!({"id": format!("reply-{}", i + 1), "description": {"zh-CN": c.text.zh, "en-US": c.text.en}})
                    })
                    .collect(),
            );
        }
        let mut result = json!({
            "response": response,
            "duration": duration(secs),
            "extensions": {
                format!("{HOME}/extensions/rubric-points"): {
                    "empathy": d.points[0], "expectation": d.points[1], "legal": d.points[2]
                }
            }
        });
        if let Some(x) = scaled.get(n).copied().flatten() {
            result["score"] = json!({"scaled": (x * 1000.0).round() / 1000.0});
        }
        if let Some(t) = &d.typed {
            // Free reply: the trainee's own words, and the moves found in them; `response`
            // stays the reply they were matched to.
            result["extensions"][format!("{HOME}/extensions/typed-reply")] = json!({
                "text": t.text,
                "moves": t.moves.iter().map(|m| json!({"id": m.id, "evidence": m.evidence})).collect::<Vec<_>>(),
            });
        }
        push(
            format!("answered:{n}"),
            json!({
                "verb": verb("answered", "answered", "作答"),
                "object": {
                    "objectType": "Activity",
                    "id": format!("{HOME}/scenarios/{}/decisions/{}", s.scenario, d.node),
                    "definition": definition,
                },
                "result": result,
                "context": context,
            }),
            at,
        );
    }
    let total = duration(s.duration_ms as f64 / 1000.0);
    at = at.max(s.started_ms + s.duration_ms);
    if s.status == Status::Completed
        && let Some(scores) = s.scores
    {
        let mean = f64::from(scores.iter().map(|&x| u32::from(x)).sum::<u32>()) / 300.0;
        let score = json!({
            "scaled": (mean * 1000.0).round() / 1000.0,
            "raw": scores.iter().map(|&x| u32::from(x)).sum::<u32>(),
            "min": 0,
            "max": 300
        });
        let passed = s.passed == Some(true);
        let outcome = json!({
            format!("{HOME}/extensions/scores"): {"empathy": scores[0], "expectation": scores[1], "legal": scores[2]},
            format!("{HOME}/extensions/ending"): s.ending,
        });
        push(
            "completed".into(),
            json!({
                "verb": verb("completed", "completed", "完成"),
                "object": scenario_activity(s),
                "result": {"completion": true, "success": passed, "score": score, "duration": total, "extensions": outcome},
                "context": root_context,
            }),
            at,
        );
        let (id, en, zh) = if passed {
            ("passed", "passed", "通过")
        } else {
            ("failed", "failed", "未通过")
        };
        push(
            "verdict".into(),
            json!({
                "verb": verb(id, en, zh),
                "object": scenario_activity(s),
                "result": {"success": passed, "score": score},
                "context": root_context,
            }),
            at,
        );
    }
    push(
        format!("terminated:{}", s.status.key()),
        json!({
            "verb": verb("terminated", "terminated", "结束"),
            "object": scenario_activity(s),
            "result": {"completion": s.status == Status::Completed, "duration": total},
            "context": root_context,
        }),
        at,
    );
    out
}
