//! One class playing one scenario together: people and teams, the vote on each decision, the
//! room's answer, and what every team's and trainee's reply would have earned.
//!
//! The story is shared: the room's answer drives one [`Session`], so everyone sees the same
//! customer. Each team (or trainee) is scored on its *own* reply at every decision, as if it
//! had said it to the customer at that point, against the best any reply could earn there;
//! so a team that argued for a better reply than the room's is credited for it.
//!
//! A decision goes Ready (the class reads the customer) → Open (votes come in and may
//! change) → Locked (the tally is final; a tie waits for the instructor) → Revealed (the
//! room's reply is said, the customer reacts, every reply's points are shown) → Ready for the
//! next decision, or Over. The room's answer is the plurality of ballots: one per team in
//! team mode (a team's ballot is its members' majority, or the reply the instructor recorded
//! for it in hot-seat), else one per trainee. A tie goes to the instructor
//! ([`Class::decide`]); no ballots at all count as silence, like an assessment timer running
//! out.
//!
//! No clock, no network and no randomness of its own: tokens come from the caller, and every
//! draw is the session's, so a class replays like any session.

use serde::Serialize;

use super::names::{self, NameProblem};
use crate::course::{Points, Text};
use crate::sim::{Action, Entry, Mode, Note, Session, Speaker};

/// A trainee's number in this class (0, 1, 2 … in joining order).
pub type PersonId = u32;

/// The most people a class takes (phones beyond it are told the room is full).
pub const MAX_PEOPLE: usize = 60;
/// Team mode takes 2 to this many teams.
pub const MAX_TEAMS: usize = 8;

/// Where the current decision stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The class reads the customer; no vote yet.
    Ready,
    /// Votes come in and may change.
    Open,
    /// The tally is final (a tie waits for the instructor).
    Locked,
    /// The room's reply has been said and scored.
    Revealed,
    /// The scenario has ended.
    Over,
}

/// Why a class refused something. Every refusal leaves the class as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClassError {
    /// Not possible in this phase.
    Phase(Phase),
    /// No such reply: the number given and how many there are.
    NoSuchReply(usize, usize),
    /// No such team.
    NoSuchTeam(usize),
    /// No such person, or they were removed.
    NoSuchPerson(PersonId),
    /// The name is not acceptable.
    Name(NameProblem),
    /// The class already has [`MAX_PEOPLE`] people.
    Full,
    /// Team mode takes at most [`MAX_TEAMS`] teams, with distinct, non-empty names.
    Teams,
    /// The vote is tied: the instructor must choose among these replies (1-based) first.
    Tied(Vec<usize>),
    /// That reply is not one of the tied ones.
    NotTied(usize),
}

impl std::fmt::Display for ClassError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClassError::Phase(p) => write!(f, "not possible now (the vote is {p:?})"),
            ClassError::NoSuchReply(n, of) => write!(f, "there is no reply {n}: 1 to {of}"),
            ClassError::NoSuchTeam(t) => write!(f, "there is no team {}", t + 1),
            ClassError::NoSuchPerson(p) => write!(f, "there is no participant {p}"),
            ClassError::Name(p) => write!(f, "{p}"),
            ClassError::Full => write!(f, "the room is full ({MAX_PEOPLE} people)"),
            ClassError::Teams => write!(f, "at most {MAX_TEAMS} teams, each with its own name"),
            ClassError::Tied(t) => write!(f, "the vote is tied between replies {t:?}"),
            ClassError::NotTied(n) => write!(f, "reply {n} is not one of the tied replies"),
        }
    }
}

impl std::error::Error for ClassError {}

/// Someone who joined.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    /// Their number.
    pub id: PersonId,
    /// The name they joined with (checked).
    pub name: String,
    /// Their team (team mode).
    pub team: Option<usize>,
    /// Removed by the instructor: their votes no longer count and they cannot come back.
    pub kicked: bool,
    #[serde(skip)]
    token: String,
}

/// One reply as it would have landed at a decision.
#[derive(Debug, Clone, Serialize)]
pub struct WhatIf {
    /// Points on 情, 理, 法.
    pub points: Points,
    /// Why: the catalogue's notes on the reply.
    pub notes: Vec<Note>,
    /// The customer's first words after it.
    pub reaction: Option<Text>,
}

/// A decision the class has taken, as revealed.
#[derive(Debug, Clone, Serialize)]
pub struct Round {
    /// 0-based decision number.
    pub decision: usize,
    /// Scenario node id.
    pub node: String,
    /// What the customer said before the decision.
    pub context: Vec<Entry>,
    /// The replies, in the order shown (reply n is `replies[n - 1]`).
    pub replies: Vec<Text>,
    /// Every reply as it would have landed, in the same order.
    pub what_if: Vec<WhatIf>,
    /// Silence, as it would have landed (the answer of a team or trainee who gave none).
    pub silence: WhatIf,
    /// The reply the analysis rates best at this point (0-based).
    pub best: Option<usize>,
    /// The most any reply could earn here on each rubric (never below 0).
    pub best_points: Points,
    /// Votes per reply.
    pub counts: Vec<u32>,
    /// Each team's answer (0-based reply), in team order.
    pub team_answers: Vec<Option<usize>>,
    /// Each trainee's final vote (0-based reply).
    pub votes: Vec<(PersonId, usize)>,
    /// The room's reply (0-based), or `None` for silence.
    pub chosen: Option<usize>,
    /// The instructor settled a tie.
    pub tie_broken: bool,
    /// What followed in the conversation: the reply, the customer's reaction, narration.
    pub followed: Vec<Entry>,
}

/// The room's answer as the tally stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// This reply (0-based).
    Reply(usize),
    /// These replies (0-based) are tied; the instructor decides.
    Tie(Vec<usize>),
    /// Nobody answered: the customer meets silence.
    Silence,
}

/// The live count: how many have voted, and for what (the split is for the reveal only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Votes per reply, in the order shown.
    pub counts: Vec<u32>,
    /// How many trainees have voted.
    pub voters: u32,
    /// How many trainees are in the class (not removed).
    pub people: u32,
    /// Teams with an answer so far (team mode).
    pub teams_answered: u32,
}

/// A team's or trainee's running score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    /// Team or trainee name.
    pub name: String,
    /// Points earned on 情, 理, 法 by its own replies.
    pub points: Points,
    /// The most the decisions so far offered on each rubric.
    pub best: Points,
    /// `points` as a percentage of `best` (0–100; 100 when nothing was on offer).
    pub percent: [u8; 3],
    /// Decisions it answered.
    pub answered: usize,
    /// Decisions where its reply was the room's.
    pub with_room: usize,
}

#[derive(Debug, Clone, Copy)]
struct Ballot {
    reply: usize,
    /// When it was cast (later changes get a later number), for team ties.
    seq: u64,
}

/// A class playing one scenario.
#[derive(Debug, Clone)]
pub struct Class {
    session: Session,
    teams: Vec<String>,
    people: Vec<Person>,
    phase: Phase,
    /// Each person's ballot on the current decision.
    ballots: Vec<Option<Ballot>>,
    /// Hot-seat: the reply the instructor recorded for each team.
    recorded: Vec<Option<usize>>,
    /// The instructor's choice among tied replies.
    tie_break: Option<usize>,
    seq: u64,
    rounds: Vec<Round>,
    /// Where the current decision's part of the transcript begins.
    context_from: usize,
    show_names: bool,
}

impl Class {
    /// A class on `session` (its replies should be shuffled, as in the window), with no teams
    /// (everyone votes for themselves) or up to [`MAX_TEAMS`] named teams. One team is the
    /// whole room answering as one (a hot-seat class without teams).
    pub fn new(session: Session, teams: Vec<String>) -> Result<Class, ClassError> {
        let teams: Vec<String> = teams.iter().map(|t| names::clean(t)).collect();
        let distinct: std::collections::HashSet<&String> = teams.iter().collect();
        if teams.len() > MAX_TEAMS
            || teams.iter().any(String::is_empty)
            || distinct.len() != teams.len()
        {
            return Err(ClassError::Teams);
        }
        let recorded = vec![None; teams.len()];
        let phase = if session.is_over() {
            Phase::Over
        } else {
            Phase::Ready
        };
        Ok(Class {
            session,
            teams,
            people: Vec::new(),
            phase,
            ballots: Vec::new(),
            recorded,
            tie_break: None,
            seq: 0,
            rounds: Vec::new(),
            context_from: 0,
            show_names: false,
        })
    }

    // ----- people -----

    /// Adds a trainee under `token` (which the caller draws from a secure source). In team
    /// mode without a team they go to the smallest team. The name is cleaned and checked; a
    /// name already taken gets a number ("Li 2").
    pub fn join(
        &mut self,
        name: &str,
        team: Option<usize>,
        token: String,
    ) -> Result<PersonId, ClassError> {
        if self.people.iter().filter(|p| !p.kicked).count() >= MAX_PEOPLE {
            return Err(ClassError::Full);
        }
        let name = names::check(name).map_err(ClassError::Name)?;
        let team = self.team_for(team)?;
        let name = self.unique(name, None);
        let id = self.people.len() as PersonId;
        self.people.push(Person {
            id,
            name,
            team,
            kicked: false,
            token,
        });
        self.ballots.push(None);
        Ok(id)
    }

    fn team_for(&self, team: Option<usize>) -> Result<Option<usize>, ClassError> {
        if self.teams.is_empty() {
            return Ok(None);
        }
        match team {
            Some(t) if t < self.teams.len() => Ok(Some(t)),
            Some(t) => Err(ClassError::NoSuchTeam(t)),
            None => Ok((0..self.teams.len()).min_by_key(|&t| self.members(t).count())),
        }
    }

    fn unique(&self, name: String, except: Option<PersonId>) -> String {
        let taken = |n: &str| {
            self.people
                .iter()
                .any(|p| !p.kicked && Some(p.id) != except && p.name == n)
        };
        if !taken(&name) {
            return name;
        }
        (2..)
            .map(|k| format!("{name} {k}"))
            .find(|n| !taken(n))
            .expect("some number is free")
    }

    /// The trainee holding `token`, for a phone that reconnects (a removed trainee is not
    /// let back in).
    pub fn resume(&self, token: &str) -> Option<PersonId> {
        self.people
            .iter()
            .find(|p| !p.kicked && !token.is_empty() && p.token == token)
            .map(|p| p.id)
    }

    /// The instructor renames a trainee (the name is cleaned but not filtered).
    pub fn rename(&mut self, id: PersonId, name: &str) -> Result<(), ClassError> {
        self.person(id)?;
        let name = names::clean(name);
        if name.is_empty() {
            return Err(ClassError::Name(NameProblem::Empty));
        }
        let name = self.unique(name, Some(id));
        self.people[id as usize].name = name;
        Ok(())
    }

    /// The instructor removes a trainee: their vote is withdrawn and their token stops working.
    pub fn kick(&mut self, id: PersonId) -> Result<(), ClassError> {
        self.person(id)?;
        let p = &mut self.people[id as usize];
        p.kicked = true;
        if self.phase == Phase::Open {
            self.ballots[id as usize] = None;
        }
        Ok(())
    }

    /// Moves a trainee to another team.
    pub fn set_team(&mut self, id: PersonId, team: usize) -> Result<(), ClassError> {
        self.person(id)?;
        if team >= self.teams.len() {
            return Err(ClassError::NoSuchTeam(team));
        }
        self.people[id as usize].team = Some(team);
        Ok(())
    }

    fn person(&self, id: PersonId) -> Result<&Person, ClassError> {
        self.people
            .get(id as usize)
            .filter(|p| !p.kicked)
            .ok_or(ClassError::NoSuchPerson(id))
    }

    fn members(&self, team: usize) -> impl Iterator<Item = &Person> {
        self.people
            .iter()
            .filter(move |p| !p.kicked && p.team == Some(team))
    }

    /// Whether names are shown on the projector.
    pub fn show_names(&self) -> bool {
        self.show_names
    }

    /// Shows or hides names on the projector.
    pub fn set_show_names(&mut self, on: bool) {
        self.show_names = on;
    }

    // ----- the vote -----

    /// Opens the vote on the current decision.
    pub fn open_vote(&mut self) -> Result<(), ClassError> {
        self.expect(Phase::Ready)?;
        self.phase = Phase::Open;
        Ok(())
    }

    /// A trainee votes for reply `reply` (1-based, as shown); they may change it until the
    /// vote is locked.
    pub fn vote(&mut self, id: PersonId, reply: usize) -> Result<(), ClassError> {
        self.person(id)?;
        self.expect(Phase::Open)?;
        let n = self.check_reply(reply)?;
        self.seq += 1;
        self.ballots[id as usize] = Some(Ballot {
            reply: n,
            seq: self.seq,
        });
        Ok(())
    }

    /// Hot-seat: the instructor records the reply (1-based) of team `team` (0-based here;
    /// 1-based in the host's `record` message), or clears it.
    pub fn record(&mut self, team: usize, reply: Option<usize>) -> Result<(), ClassError> {
        if team >= self.teams.len() {
            return Err(ClassError::NoSuchTeam(team));
        }
        if !matches!(self.phase, Phase::Open | Phase::Ready) {
            return Err(ClassError::Phase(self.phase));
        }
        let n = reply.map(|r| self.check_reply(r)).transpose()?;
        self.recorded[team] = n;
        if self.phase == Phase::Ready {
            self.phase = Phase::Open;
        }
        Ok(())
    }

    fn check_reply(&self, reply: usize) -> Result<usize, ClassError> {
        let of = self.session.offered().len();
        if reply == 0 || reply > of {
            return Err(ClassError::NoSuchReply(reply, of));
        }
        Ok(reply - 1)
    }

    /// Locks the vote: the tally is final.
    pub fn lock(&mut self) -> Result<(), ClassError> {
        self.expect(Phase::Open)?;
        self.phase = Phase::Locked;
        Ok(())
    }

    /// The instructor settles a tie with reply `reply` (1-based), one of the tied ones.
    pub fn decide(&mut self, reply: usize) -> Result<(), ClassError> {
        self.expect(Phase::Locked)?;
        let n = self.check_reply(reply)?;
        match self.raw_answer() {
            Answer::Tie(tied) if tied.contains(&n) => {
                self.tie_break = Some(n);
                Ok(())
            }
            _ => Err(ClassError::NotTied(reply)),
        }
    }

    /// Reveals the decision: the room's reply is said to the customer and every reply's
    /// points are worked out. A tie must be settled first.
    pub fn reveal(&mut self) -> Result<&Round, ClassError> {
        self.expect(Phase::Locked)?;
        let answer = self.answer();
        if let Answer::Tie(tied) = &answer {
            return Err(ClassError::Tied(tied.iter().map(|n| n + 1).collect()));
        }
        let before = self.session.clone();
        let offered = before.offered().len();
        let replies: Vec<WhatIf> = (0..offered)
            .map(|n| what_if(&before, Action::Choose(n)))
            .collect();
        let silence = what_if(&before, Action::TimedOut);
        let mut best_points = [0i32; 3];
        for w in &replies {
            for (b, p) in best_points.iter_mut().zip(w.points) {
                *b = (*b).max(p);
            }
        }
        let chosen = match answer {
            Answer::Reply(n) => Some(n),
            _ => None,
        };
        let action = chosen.map_or(Action::TimedOut, Action::Choose);
        let start = self.session.transcript().len();
        self.session
            .act(action)
            .map_err(|_| ClassError::Phase(Phase::Over))?;
        let counts = self.counts(offered);
        let round = Round {
            decision: self.rounds.len(),
            node: self
                .session
                .turns()
                .last()
                .map(|t| t.node.clone())
                .unwrap_or_default(),
            context: before.transcript()[self.context_from.min(start)..].to_vec(),
            replies: before
                .offered()
                .into_iter()
                .map(|(_, t)| t.clone())
                .collect(),
            what_if: replies,
            silence,
            best: before.best_choice(),
            best_points,
            counts,
            team_answers: (0..self.teams.len()).map(|t| self.team_answer(t)).collect(),
            votes: self
                .people
                .iter()
                .filter(|p| !p.kicked)
                .filter_map(|p| self.ballots[p.id as usize].map(|b| (p.id, b.reply)))
                .collect(),
            chosen,
            tie_broken: self.tie_break.is_some(),
            followed: self.session.transcript()[start..].to_vec(),
        };
        self.rounds.push(round);
        self.phase = Phase::Revealed;
        Ok(self.rounds.last().expect("just pushed"))
    }

    /// Moves on to the next decision (or to the end).
    pub fn advance(&mut self) -> Result<(), ClassError> {
        self.expect(Phase::Revealed)?;
        self.ballots.iter_mut().for_each(|b| *b = None);
        self.recorded.iter_mut().for_each(|r| *r = None);
        self.tie_break = None;
        self.context_from = self.session.transcript().len();
        self.phase = if self.session.is_over() {
            Phase::Over
        } else {
            Phase::Ready
        };
        Ok(())
    }

    fn expect(&self, phase: Phase) -> Result<(), ClassError> {
        if self.phase == phase {
            Ok(())
        } else {
            Err(ClassError::Phase(self.phase))
        }
    }

    fn counts(&self, offered: usize) -> Vec<u32> {
        let mut counts = vec![0u32; offered];
        for p in self.people.iter().filter(|p| !p.kicked) {
            if let Some(b) = self.ballots[p.id as usize]
                && let Some(c) = counts.get_mut(b.reply)
            {
                *c += 1;
            }
        }
        counts
    }

    /// Team `team`'s answer now: the reply the instructor recorded for it, else its members'
    /// majority (a tie inside a team goes to the reply that reached the top count first).
    pub fn team_answer(&self, team: usize) -> Option<usize> {
        if let Some(r) = self.recorded.get(team).copied().flatten() {
            return Some(r);
        }
        let mut count: Vec<(u32, u64)> = vec![(0, 0); self.session.offered().len()];
        for p in self.members(team) {
            if let Some(b) = self.ballots[p.id as usize]
                && let Some(c) = count.get_mut(b.reply)
            {
                c.0 += 1;
                c.1 = c.1.max(b.seq);
            }
        }
        let top = count.iter().map(|c| c.0).max()?;
        if top == 0 {
            return None;
        }
        count
            .iter()
            .enumerate()
            .filter(|(_, c)| c.0 == top)
            .min_by_key(|(_, c)| c.1)
            .map(|(n, _)| n)
    }

    /// The room's answer before any tie-break.
    fn raw_answer(&self) -> Answer {
        let offered = self.session.offered().len();
        let ballots: Vec<u32> = if self.teams.is_empty() {
            self.counts(offered)
        } else {
            let mut c = vec![0u32; offered];
            for t in 0..self.teams.len() {
                if let Some(n) = self.team_answer(t) {
                    c[n] += 1;
                }
            }
            c
        };
        let top = ballots.iter().copied().max().unwrap_or(0);
        if top == 0 {
            return Answer::Silence;
        }
        let tied: Vec<usize> = (0..offered).filter(|&n| ballots[n] == top).collect();
        if tied.len() == 1 {
            Answer::Reply(tied[0])
        } else {
            Answer::Tie(tied)
        }
    }

    /// The room's answer as the tally stands, with the instructor's tie-break applied.
    pub fn answer(&self) -> Answer {
        match (self.raw_answer(), self.tie_break) {
            (Answer::Tie(tied), Some(n)) if tied.contains(&n) => Answer::Reply(n),
            (a, _) => a,
        }
    }

    /// The live count.
    pub fn tally(&self) -> Tally {
        let counts = self.counts(self.session.offered().len());
        Tally {
            voters: counts.iter().sum(),
            counts,
            people: self.people.iter().filter(|p| !p.kicked).count() as u32,
            teams_answered: (0..self.teams.len())
                .filter(|&t| self.team_answer(t).is_some())
                .count() as u32,
        }
    }

    // ----- what everyone sees -----

    /// The phase of the current decision.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// The shared session.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Team names (empty when everyone votes for themselves).
    pub fn teams(&self) -> &[String] {
        &self.teams
    }

    /// Everyone who joined, removed ones included (marked).
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// A person's current vote (0-based reply).
    pub fn ballot(&self, id: PersonId) -> Option<usize> {
        self.ballots
            .get(id as usize)
            .copied()
            .flatten()
            .map(|b| b.reply)
    }

    /// The decisions revealed so far.
    pub fn rounds(&self) -> &[Round] {
        &self.rounds
    }

    /// The replies offered now, in the order shown.
    pub fn replies(&self) -> Vec<Text> {
        self.session
            .offered()
            .into_iter()
            .map(|(_, t)| t.clone())
            .collect()
    }

    /// What has been said since the last decision (what the class is answering).
    pub fn context(&self) -> &[Entry] {
        let t = self.session.transcript();
        &t[self.context_from.min(t.len())..]
    }

    /// The customer's latest line.
    pub fn customer_line(&self) -> Option<&Text> {
        self.session
            .transcript()
            .iter()
            .rev()
            .find(|e| e.speaker == Speaker::Customer)
            .map(|e| &e.text)
    }

    /// The teams' running scores, in team order.
    pub fn team_standings(&self) -> Vec<Standing> {
        (0..self.teams.len())
            .map(|t| {
                standing(
                    &self.teams[t],
                    &self.rounds,
                    self.rounds.iter().map(|r| r.team_answers[t]),
                )
            })
            .collect()
    }

    /// Each trainee's running score, in joining order (removed trainees left out).
    pub fn person_standings(&self) -> Vec<(PersonId, Standing)> {
        self.people
            .iter()
            .filter(|p| !p.kicked)
            .map(|p| {
                let answers = self
                    .rounds
                    .iter()
                    .map(|r| r.votes.iter().find(|(id, _)| *id == p.id).map(|(_, n)| *n));
                (p.id, standing(&p.name, &self.rounds, answers))
            })
            .collect()
    }

    /// The session practice-style, for the debrief of the room's route.
    pub fn mode(&self) -> Mode {
        self.session.mode()
    }
}

/// Plays `action` on a copy of `session` and reports what it earned and how the customer took it.
fn what_if(session: &Session, action: Action) -> WhatIf {
    let mut s = session.clone();
    let start = s.transcript().len();
    let Ok(turn) = s.act(action) else {
        return WhatIf {
            points: [0; 3],
            notes: Vec::new(),
            reaction: None,
        };
    };
    let points = turn.assessment.impact.points();
    let notes = turn.assessment.notes.clone();
    let reaction = s.transcript()[start..]
        .iter()
        .find(|e| e.speaker == Speaker::Customer)
        .map(|e| e.text.clone());
    WhatIf {
        points,
        notes,
        reaction,
    }
}

fn standing(
    name: &str,
    rounds: &[Round],
    answers: impl Iterator<Item = Option<usize>>,
) -> Standing {
    let mut points = [0i32; 3];
    let mut best = [0i32; 3];
    let mut answered = 0;
    let mut with_room = 0;
    for (r, a) in rounds.iter().zip(answers) {
        let w = match a {
            Some(n) => {
                answered += 1;
                if r.chosen == Some(n) {
                    with_room += 1;
                }
                &r.what_if[n]
            }
            None => &r.silence,
        };
        for i in 0..3 {
            points[i] = points[i].saturating_add(w.points[i]);
            best[i] = best[i].saturating_add(r.best_points[i]);
        }
    }
    let percent = std::array::from_fn(|i| percent(points[i], best[i]));
    Standing {
        name: name.to_string(),
        points,
        best,
        percent,
        answered,
        with_room,
    }
}

/// `points` out of `best` as 0–100 (100 when nothing was on offer).
pub fn percent(points: i32, best: i32) -> u8 {
    if best <= 0 {
        return if points >= 0 { 100 } else { 0 };
    }
    (i64::from(points.max(0)) * 100 / i64::from(best)).clamp(0, 100) as u8
}
