//! The classroom's WebSocket contract (see `docs/classroom.md`): every message is one JSON
//! object whose single key names it, e.g. `{"vote":{"reply":2}}`. Reply and team numbers are
//! 1-based, as shown on the projector. What phones receive never carries a score, a tally or
//! which reply is best before the reveal.

use serde::{Deserialize, Serialize};

use super::class::{Answer, Class, ClassError, PersonId, Phase, Round, Standing, Tally};
use crate::course::{Lang, Points};
use crate::sim::Speaker;

/// What a phone or the host may send.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMsg {
    /// Phone: join with a name (and a team, 1-based, in team mode).
    Join {
        /// The name shown to the instructor.
        name: String,
        /// Team number (1-based); left out, the smallest team.
        #[serde(default)]
        team: Option<usize>,
    },
    /// Phone: come back after a reload with the token from `joined`.
    Resume {
        /// The resume token.
        token: String,
    },
    /// Phone: vote for reply `reply` (1-based); may change until the lock.
    Vote {
        /// Reply number.
        reply: usize,
    },
    /// Host: open the vote on the current decision.
    OpenVote {},
    /// Host: lock the vote.
    Lock {},
    /// Host: settle a tie (1-based reply, one of the tied ones).
    Decide {
        /// Reply number.
        reply: usize,
    },
    /// Host: reveal the room's reply, the reaction and the scoring.
    Reveal {},
    /// Host: go on to the next decision.
    Advance {},
    /// Host (hot-seat): record team `team`'s reply (both 1-based; no reply clears it).
    Record {
        /// Team number.
        team: usize,
        /// Reply number, or none to clear.
        #[serde(default)]
        reply: Option<usize>,
    },
    /// Host: remove a participant.
    Kick {
        /// Participant number (from the host view).
        id: PersonId,
    },
    /// Host: rename a participant.
    Rename {
        /// Participant number.
        id: PersonId,
        /// New name.
        name: String,
    },
    /// Host: show or hide names on the projector.
    ShowNames {
        /// Shown when true.
        on: bool,
    },
}

impl ClientMsg {
    /// Whether only the host may send it.
    pub fn is_host_only(&self) -> bool {
        !matches!(
            self,
            ClientMsg::Join { .. } | ClientMsg::Resume { .. } | ClientMsg::Vote { .. }
        )
    }
}

/// Applies a host command to `class` (the window's hot-seat and the server alike). Phone
/// messages change nothing here.
pub fn apply_host_command(class: &mut Class, msg: &ClientMsg) -> Result<(), ClassError> {
    match msg {
        ClientMsg::OpenVote {} => class.open_vote(),
        ClientMsg::Lock {} => class.lock(),
        ClientMsg::Decide { reply } => class.decide(*reply),
        ClientMsg::Reveal {} => class.reveal().map(|_| ()),
        ClientMsg::Advance {} => class.advance(),
        ClientMsg::Record { team, reply } => class.record(team.wrapping_sub(1), *reply),
        ClientMsg::Kick { id } => class.kick(*id),
        ClientMsg::Rename { id, name } => class.rename(*id, name),
        ClientMsg::ShowNames { on } => {
            class.set_show_names(*on);
            Ok(())
        }
        ClientMsg::Join { .. } | ClientMsg::Resume { .. } | ClientMsg::Vote { .. } => Ok(()),
    }
}

/// One reply as phones see it.
#[derive(Debug, Clone, Serialize)]
pub struct ReplyOut {
    /// 1-based number.
    pub n: usize,
    /// The reply in the room's language.
    pub text: String,
}

/// One conversation line.
#[derive(Debug, Clone, Serialize)]
pub struct LineOut {
    /// "customer", "trainee" or "narrator".
    pub who: &'static str,
    /// Who on the customer's side says it, when not the customer: their name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The line in the room's language.
    pub text: String,
}

/// A trainee's own result at a reveal.
#[derive(Debug, Clone, Serialize)]
pub struct YoursOut {
    /// Their vote (1-based), if any.
    pub reply: Option<usize>,
    /// What it earned on 情, 理, 法.
    pub points: Points,
    /// How the customer would have taken it.
    pub reaction: Option<String>,
    /// Why it scored so (catalogue feedback, in the room's language).
    pub why: Vec<String>,
}

/// What the server sends.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerMsg {
    /// On connecting: the room and what the page needs to show the join form.
    Welcome {
        /// Room code.
        room: String,
        /// Scenario title.
        title: String,
        /// "zh" or "en".
        lang: &'static str,
        /// Team names (empty: no teams).
        teams: Vec<String>,
        /// Longest name accepted.
        max_name: usize,
    },
    /// Joined (or resumed): keep the token to come back after a reload.
    Joined {
        /// Resume token.
        token: String,
        /// Participant number.
        id: PersonId,
        /// The name as accepted (cleaned, made unique).
        name: String,
        /// Team name, in team mode.
        team: Option<String>,
    },
    /// Read the projector: the class is looking at the customer; no vote open.
    Wait {
        /// 1-based decision number.
        decision: usize,
        /// What the customer said since the last decision.
        lines: Vec<LineOut>,
    },
    /// A vote is open on this decision.
    Decision {
        /// Scenario node id.
        node: String,
        /// 1-based decision number.
        decision: usize,
        /// What the customer said since the last decision.
        lines: Vec<LineOut>,
        /// The replies.
        replies: Vec<ReplyOut>,
        /// This phone's current vote (after a reconnect).
        vote: Option<usize>,
    },
    /// The vote was recorded.
    Voted {
        /// The reply (1-based).
        reply: usize,
    },
    /// The vote is locked.
    Locked {
        /// This phone's final vote.
        vote: Option<usize>,
    },
    /// The reveal.
    Reveal(Box<RevealOut>),
    /// The scenario has ended.
    Over {
        /// Ending title.
        title: String,
        /// What happened.
        text: String,
        /// Whether the ending passes.
        passed: bool,
    },
    /// After every change, to the host only: the live count.
    Tally {
        /// Votes per reply (1 first).
        counts: Vec<u32>,
        /// How many have voted.
        voters: u32,
        /// How many are in the room.
        people: u32,
        /// Teams with an answer so far.
        teams_answered: u32,
    },
    /// After every change, to the host only: everything the projector shows.
    Host(Box<serde_json::Value>),
    /// Removed by the instructor.
    Kicked {},
    /// A refusal; nothing changed.
    Error {
        /// Stable code: bad_message, not_host, not_joined, room_full, name, phase, no_such_reply,
        /// tie, too_fast, unknown_token, kicked.
        code: &'static str,
        /// A sentence for people.
        message: String,
    },
}

/// The reveal, as phones and the host see it.
#[derive(Debug, Clone, Serialize)]
pub struct RevealOut {
    /// 1-based decision number.
    pub decision: usize,
    /// The room's reply (1-based), or none for silence.
    pub chosen: Option<usize>,
    /// Its text.
    pub chosen_text: Option<String>,
    /// Every reply offered, in order.
    pub replies: Vec<String>,
    /// The instructor settled a tie.
    pub tie_broken: bool,
    /// Votes per reply.
    pub counts: Vec<u32>,
    /// What followed: the reply, the customer's reaction, narration.
    pub followed: Vec<LineOut>,
    /// The reply rated best here (1-based).
    pub best: Option<usize>,
    /// Every reply's points (情, 理, 法), in order.
    pub points: Vec<Points>,
    /// The catalogue's feedback on the room's reply.
    pub why: Vec<String>,
    /// The phone's own result (phones only).
    pub yours: Option<YoursOut>,
}

/// "zh" or "en".
pub fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

fn who(s: Speaker) -> &'static str {
    match s {
        Speaker::Customer => "customer",
        Speaker::Trainee => "trainee",
        Speaker::Narrator => "narrator",
    }
}

/// Conversation lines of `scenario` in `lang`; a line said by someone in the cast carries
/// their name.
pub fn lines(
    scenario: &crate::scenario::Scenario,
    entries: &[crate::sim::Entry],
    lang: Lang,
) -> Vec<LineOut> {
    entries
        .iter()
        .map(|e| LineOut {
            who: who(e.speaker),
            name: e
                .who
                .as_deref()
                .filter(|_| e.speaker == Speaker::Customer)
                .map(|w| scenario.speaker_name(Some(w)).get(lang).to_string()),
            text: e.text.get(lang).to_string(),
        })
        .collect()
}

/// The message a phone should see now (after joining, on every phase change, on reconnect).
pub fn phone_state(class: &Class, id: PersonId, lang: Lang) -> ServerMsg {
    let decision = class.rounds().len() + 1;
    match class.phase() {
        Phase::Ready => ServerMsg::Wait {
            decision,
            lines: lines(class.session().engine().scenario(), class.context(), lang),
        },
        Phase::Open => ServerMsg::Decision {
            node: current_node(class),
            decision,
            lines: lines(class.session().engine().scenario(), class.context(), lang),
            replies: class
                .replies()
                .iter()
                .enumerate()
                .map(|(i, t)| ReplyOut {
                    n: i + 1,
                    text: t.get(lang).to_string(),
                })
                .collect(),
            vote: class.ballot(id).map(|n| n + 1),
        },
        Phase::Locked => ServerMsg::Locked {
            vote: class.ballot(id).map(|n| n + 1),
        },
        Phase::Revealed => match class.rounds().last() {
            Some(r) => ServerMsg::Reveal(Box::new(reveal(
                class.session().engine().scenario(),
                r,
                Some(id),
                lang,
            ))),
            None => ServerMsg::Wait {
                decision,
                lines: Vec::new(),
            },
        },
        Phase::Over => over(class, lang),
    }
}

fn current_node(class: &Class) -> String {
    match class.session().state().at {
        crate::sim::At::Node(n) => class.session().engine().scenario().nodes[n].id.clone(),
        crate::sim::At::Ended(_) => String::new(),
    }
}

/// The ending.
pub fn over(class: &Class, lang: Lang) -> ServerMsg {
    let outcome = class.session().outcome();
    ServerMsg::Over {
        title: outcome
            .as_ref()
            .map(|o| o.title.get(lang).to_string())
            .unwrap_or_default(),
        text: outcome
            .as_ref()
            .map(|o| o.text.get(lang).to_string())
            .unwrap_or_default(),
        passed: class.session().standing().is_some_and(|s| s.passed),
    }
}

/// A revealed round, for one phone (`Some(id)`) or the host.
pub fn reveal(
    scenario: &crate::scenario::Scenario,
    r: &Round,
    id: Option<PersonId>,
    lang: Lang,
) -> RevealOut {
    let why = |notes: &[crate::sim::Note]| -> Vec<String> {
        notes
            .iter()
            .map(|n| n.feedback.get(lang).to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let yours = id.map(|id| {
        let vote = r.votes.iter().find(|(p, _)| *p == id).map(|(_, n)| *n);
        let w = vote.map_or(&r.silence, |n| &r.what_if[n]);
        YoursOut {
            reply: vote.map(|n| n + 1),
            points: w.points,
            reaction: w.reaction.as_ref().map(|t| t.get(lang).to_string()),
            why: why(&w.notes),
        }
    });
    let chosen_w = r.chosen.map_or(&r.silence, |n| &r.what_if[n]);
    RevealOut {
        decision: r.decision + 1,
        chosen: r.chosen.map(|n| n + 1),
        chosen_text: r.chosen.map(|n| r.replies[n].get(lang).to_string()),
        replies: r.replies.iter().map(|t| t.get(lang).to_string()).collect(),
        tie_broken: r.tie_broken,
        counts: r.counts.clone(),
        followed: lines(scenario, &r.followed, lang),
        best: r.best.map(|n| n + 1),
        points: r.what_if.iter().map(|w| w.points).collect(),
        why: why(&chosen_w.notes),
        yours,
    }
}

/// The live count for the host.
pub fn tally(t: Tally) -> ServerMsg {
    ServerMsg::Tally {
        counts: t.counts,
        voters: t.voters,
        people: t.people,
        teams_answered: t.teams_answered,
    }
}

/// Everything the host's projector page shows, as JSON. The split of the votes is included
/// only once the vote is locked (the page shows only how many have voted before that).
pub fn host_view(
    class: &Class,
    lang: Lang,
    room: &str,
    join_url: &str,
    online: &[PersonId],
    seconds_left: Option<u64>,
) -> serde_json::Value {
    let t = class.tally();
    let phase = class.phase();
    let split_shown = matches!(phase, Phase::Locked | Phase::Revealed | Phase::Over);
    let answer = match class.answer() {
        Answer::Reply(n) => serde_json::json!({"reply": n + 1}),
        Answer::Tie(tied) => {
            serde_json::json!({"tie": tied.iter().map(|n| n + 1).collect::<Vec<_>>()})
        }
        Answer::Silence => serde_json::json!({"silence": true}),
    };
    let standing = |s: &Standing| {
        serde_json::json!({
            "name": s.name, "points": s.points, "best": s.best, "percent": s.percent,
            "answered": s.answered, "with_room": s.with_room,
        })
    };
    let teams: Vec<serde_json::Value> = class
        .teams()
        .iter()
        .enumerate()
        .map(|(i, name)| {
            serde_json::json!({
                "n": i + 1,
                "name": name,
                "members": class.people().iter().filter(|p| !p.kicked && p.team == Some(i)).count(),
                "answered": class.team_answer(i).is_some(),
                "answer": if split_shown { class.team_answer(i).map(|n| n + 1) } else { None },
            })
        })
        .collect();
    let people: Vec<serde_json::Value> = class
        .people()
        .iter()
        .filter(|p| !p.kicked)
        .map(|p| {
            serde_json::json!({
                "id": p.id,
                "name": p.name,
                "team": p.team.map(|t| t + 1),
                "online": online.contains(&p.id),
                "voted": class.ballot(p.id).is_some(),
            })
        })
        .collect();
    let scenario = class.session().engine().scenario();
    serde_json::json!({
        "room": room,
        "join_url": join_url,
        "lang": lang_code(lang),
        "title": scenario.title.get(lang),
        "customer": scenario.customer.name.get(lang),
        "phase": phase,
        // The decision on the table: the one being voted on, or the one just revealed.
        "decision": class.rounds().len() + usize::from(matches!(phase, Phase::Ready | Phase::Open | Phase::Locked)),
        "lines": lines(class.session().engine().scenario(), class.context(), lang),
        "replies": class.replies().iter().enumerate().map(|(i, t)| serde_json::json!({"n": i + 1, "text": t.get(lang)})).collect::<Vec<_>>(),
        "voters": t.voters,
        "people_count": t.people,
        "counts": if split_shown { Some(&t.counts) } else { None },
        "answer": if phase == Phase::Locked { Some(answer) } else { None },
        "teams": teams,
        "people": people,
        "show_names": class.show_names(),
        "seconds_left": seconds_left,
        "reveal": if phase == Phase::Revealed { class.rounds().last().map(|r| reveal(scenario, r, None, lang)) } else { None },
        "team_standings": class.team_standings().iter().map(standing).collect::<Vec<_>>(),
        "over": if phase == Phase::Over { Some(over(class, lang)) } else { None },
    })
}
