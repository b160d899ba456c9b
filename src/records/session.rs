//! What is kept of one play-through: enough to list it (who, what, when, how it ended, the
//! three scores), to show each decision's feedback again, and to replay it exactly (the
//! scenario's revision, the seed, the mode, the actions).

use serde::{Deserialize, Serialize};

use crate::course::{EndingKind, Rubric, Verdict};
use crate::sim::{Action, Mode, Session};

/// How a recorded session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// It reached an ending.
    Completed,
    /// The trainee left before an ending.
    Abandoned,
}

impl Status {
    /// The word stored in the file.
    pub fn key(self) -> &'static str {
        match self {
            Status::Completed => "completed",
            Status::Abandoned => "abandoned",
        }
    }

    /// The status a stored word names.
    pub fn from_key(key: &str) -> Option<Status> {
        [Status::Completed, Status::Abandoned]
            .into_iter()
            .find(|s| s.key() == key)
    }
}

/// One decision as it was scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    /// The node it was taken at.
    pub node: String,
    /// The reply's index in the node's `choices` (none when the timer ran out).
    pub choice: Option<usize>,
    /// Where it was shown (0-based), as the trainee saw it; none when the timer ran out.
    pub shown: Option<usize>,
    /// Points on 情, 理, 法.
    pub points: [i32; 3],
    /// The customer's mood, trust and patience after it.
    pub mood: i32,
    /// Trust after it.
    pub trust: i32,
    /// Patience after it.
    pub patience: i32,
    /// The rung after it (its key, e.g. `Supervisor`).
    pub level: String,
    /// The catalogue notes it earned, as `kind:id` (e.g. `Technique:respond_fast`).
    pub notes: Vec<String>,
    /// Seconds the trainee took, when known (the window times each decision).
    pub seconds: Option<f64>,
    /// In free-reply mode, what the trainee typed and the moves found in it (the choice is
    /// the reply it was matched to).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typed: Option<crate::sim::Typed>,
}

/// One play-through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// A UUID for this play-through (the xAPI registration).
    pub uuid: String,
    /// The trainee's name.
    pub trainee: String,
    /// The scenario's id.
    pub scenario: String,
    /// Its title in Chinese and English, as it was.
    pub title: [String; 2],
    /// The SHA-256 of the scenario file's text (see [`crate::library::revision`]).
    pub revision: String,
    /// The seed.
    pub seed: u64,
    /// Practice or assessment.
    pub mode: Mode,
    /// Whether the replies were shown in a seeded order.
    pub shuffled: bool,
    /// Every action, in order: with the seed, they replay the session.
    pub actions: Vec<Action>,
    /// Completed or abandoned.
    pub status: Status,
    /// The ending's id, kind and verdict, and whether it passed (completed sessions).
    pub ending: Option<String>,
    /// The ending's kind.
    pub ending_kind: Option<EndingKind>,
    /// The ending's verdict.
    pub verdict: Option<Verdict>,
    /// Passed: a verdict that passes and no critical breach.
    pub passed: Option<bool>,
    /// 0–100 on 情, 理, 法 (completed sessions).
    pub scores: Option<[u8; 3]>,
    /// Raw points on 情, 理, 法.
    pub points: [i32; 3],
    /// Hints asked for and rewinds used (practice).
    pub hints: u32,
    /// Rewinds used.
    pub rewinds: u32,
    /// When it started, in milliseconds since 1970 (UTC).
    pub started_ms: i64,
    /// How long it took, in milliseconds.
    pub duration_ms: i64,
    /// Every decision.
    pub decisions: Vec<DecisionRecord>,
}

/// Practice or assessment, as stored.
pub fn mode_key(mode: Mode) -> &'static str {
    match mode {
        Mode::Practice => "practice",
        Mode::Assessment => "assessment",
    }
}

/// The mode a stored word names.
pub fn mode_from_key(key: &str) -> Option<Mode> {
    [Mode::Practice, Mode::Assessment]
        .into_iter()
        .find(|m| mode_key(*m) == key)
}

/// What the window or the CLI knows beyond the session itself.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The trainee's name.
    pub trainee: String,
    /// When it started (ms since 1970).
    pub started_ms: i64,
    /// How long it took (ms).
    pub duration_ms: i64,
    /// Hints asked for.
    pub hints: u32,
    /// Rewinds used.
    pub rewinds: u32,
    /// Seconds per decision, when timed.
    pub seconds: Vec<f64>,
}

impl SessionRecord {
    /// The record of `session` as it stands: completed if it has reached an ending, else
    /// abandoned. `uuid` names the play-through.
    pub fn of(session: &Session, uuid: String, cx: &Context) -> SessionRecord {
        let scenario = session.engine().scenario();
        let outcome = session.outcome();
        let standing = session.standing();
        let completed = session.is_over();
        let decisions = session
            .turns()
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let i_ = &t.assessment.impact;
                DecisionRecord {
                    node: t.node.clone(),
                    choice: t.choice,
                    shown: match t.action {
                        Action::Choose(n) => Some(n),
                        Action::TimedOut => None,
                    },
                    points: [i_.empathy, i_.expectation, i_.legal],
                    mood: t.mood,
                    trust: t.trust,
                    patience: t.patience,
                    level: t.level.key().to_string(),
                    notes: t
                        .assessment
                        .notes
                        .iter()
                        .map(|n| {
                            if n.id.is_empty() {
                                format!("{:?}", n.kind)
                            } else {
                                format!("{:?}:{}", n.kind, n.id)
                            }
                        })
                        .collect(),
                    seconds: cx.seconds.get(i).copied(),
                    typed: t.typed.clone(),
                }
            })
            .collect();
        let scores = completed.then(|| {
            let mut three = [0u8; 3];
            for sc in session.scores() {
                if let Some(k) = Rubric::ALL.iter().position(|r| *r == sc.rubric) {
                    three[k] = sc.score;
                }
            }
            three
        });
        SessionRecord {
            uuid,
            trainee: cx.trainee.clone(),
            scenario: scenario.id.clone(),
            title: [scenario.title.zh.clone(), scenario.title.en.clone()],
            revision: session.engine().revision().to_string(),
            seed: session.seed(),
            mode: session.mode(),
            shuffled: session.shuffled(),
            actions: session.actions().to_vec(),
            status: if completed {
                Status::Completed
            } else {
                Status::Abandoned
            },
            ending: outcome.as_ref().map(|o| o.id.clone()),
            ending_kind: outcome.as_ref().map(|o| o.kind),
            verdict: standing.as_ref().map(|s| s.verdict),
            passed: standing.as_ref().map(|s| s.passed),
            scores,
            points: session.raw(),
            hints: cx.hints,
            rewinds: cx.rewinds,
            started_ms: cx.started_ms,
            duration_ms: cx.duration_ms,
            decisions,
        }
    }
}
