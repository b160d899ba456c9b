//! A play session: an engine, a seed and the trainee's actions. Every random draw (which line
//! the customer says) comes from the session's own seeded generator, so the same seed and
//! the same actions give the same transcript, byte for byte.

use std::sync::Arc;

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::engine::{Engine, Step};
use super::score::{Assessment, scale};
use super::state::{At, CustomerState};
use crate::catalogue::Trend;
use crate::course::{Level, Rubric, Stage, Text};
use crate::scenario::EndingKind;

/// Practice shows feedback after every reply; assessment holds it back until the debrief.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Mode {
    /// Feedback after every reply, hints, rewind.
    #[default]
    Practice,
    /// No feedback until the end; an optional timer per decision.
    Assessment,
}

/// One thing the trainee did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Chose the n-th offered reply (0-based, in display order).
    Choose(usize),
    /// Let the timer run out.
    TimedOut,
}

/// Who speaks a transcript line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Speaker {
    /// The customer.
    Customer,
    /// The trainee.
    Trainee,
    /// Scene narration and events (escalation, silence).
    Narrator,
}

/// A reply's words as offered: with `→ Name:` before them when the reply is addressed to
/// someone in the cast, so the trainee sees whom each reply speaks to.
pub fn addressed(scenario: &crate::scenario::Scenario, choice: &crate::scenario::Choice) -> Text {
    match scenario.addressee(choice) {
        None => choice.text.clone(),
        Some(m) => Text::new(
            format!("→ {}：{}", m.name.zh, choice.text.zh),
            format!("→ {}: {}", m.name.en, choice.text.en),
        ),
    }
}

/// A move found in what the trainee typed (free-reply mode), with the words that show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Spotted {
    /// The catalogue pattern's id (`rhetorical_question`).
    pub id: String,
    /// Its course name (反问 · Rhetorical question).
    pub name: Text,
    /// The typed words that show it ("难道系统还会冤枉您吗？").
    pub evidence: String,
}

/// What the trainee typed at a decision in free-reply mode, and the moves found in it. The
/// decision itself is the reply it was matched to (or the one the trainee confirmed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Typed {
    /// The words as typed.
    pub text: String,
    /// The moves found in them.
    #[serde(default)]
    pub moves: Vec<Spotted>,
}

/// One transcript line, in both languages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Who says it.
    pub speaker: Speaker,
    /// On the customer's side, the `cast` member who says it (None: the customer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub who: Option<String>,
    /// For the trainee's words, the `cast` member they are addressed to (None: the customer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// What is said.
    pub text: Text,
}

/// One decision, as scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Turn {
    /// Node id where it was taken.
    pub node: String,
    /// The action.
    pub action: Action,
    /// Index into the node's `choices` of the reply chosen (None when the timer ran out).
    pub choice: Option<usize>,
    /// What it was worth, and why.
    pub assessment: Assessment,
    /// The customer after it.
    pub mood: i32,
    /// Trust after it.
    pub trust: i32,
    /// Patience after it.
    pub patience: i32,
    /// Rung after it.
    pub level: Level,
    /// Set when this decision made the customer climb the ladder.
    pub escalated_to: Option<Level>,
    /// The public-opinion heat after it, in a scenario with a meter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heat: Option<i32>,
    /// The public-opinion stage after it, in a scenario with a meter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    /// In free-reply mode, what the trainee typed (the choice is the reply it was matched
    /// to).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typed: Option<Typed>,
}

/// How the session ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// Ending id.
    pub id: String,
    /// Ending kind.
    pub kind: EndingKind,
    /// Title.
    pub title: Text,
    /// What happened.
    pub text: Text,
}

/// One rubric's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RubricScore {
    /// Which rubric.
    pub rubric: Rubric,
    /// Points earned.
    pub raw: i32,
    /// The most any route through this scenario earns (the 100 mark).
    pub par: i32,
    /// 0–100.
    pub score: u8,
    /// Band name.
    pub band: Text,
    /// Band descriptor.
    pub descriptor: Text,
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlayError {
    /// The session has already ended.
    Over,
    /// No such reply is offered now (1-based number, how many there are).
    NoSuchChoice(usize, usize),
}

impl std::fmt::Display for PlayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlayError::Over => f.write_str("the session is over"),
            PlayError::NoSuchChoice(n, of) => {
                write!(f, "there is no reply {n}: choose 1 to {of}")
            }
        }
    }
}

impl std::error::Error for PlayError {}

/// A session in progress (or finished). A clone goes on independently with its own copy of
/// the generator (the classroom plays every reply on a copy to show how it would have landed).
#[derive(Debug)]
pub struct Session {
    engine: Arc<Engine>,
    seed: u64,
    mode: Mode,
    shuffle: bool,
    rng: ChaCha8Rng,
    /// The replies offered now, as indices into the node's `choices`, in display order.
    order: Vec<usize>,
    state: CustomerState,
    actions: Vec<Action>,
    turns: Vec<Turn>,
    transcript: Vec<Entry>,
    /// Every customer line said so far (both languages), so none is said twice.
    said: std::collections::HashSet<Text>,
    /// Where a preview started (None: the scenario's start), so a rewind or a reload
    /// starts it the same way.
    preset: Option<super::engine::Preset>,
}

/// A session carried over to a new version of its scenario file (live reload).
#[derive(Debug, Clone)]
pub struct Carried {
    /// The session on the new version, as far as its decisions still apply.
    pub session: Session,
    /// The decision (0-based) that no longer applies, when one does not; the session then
    /// stands just before it.
    pub diverged: Option<usize>,
}

impl Clone for Session {
    fn clone(&self) -> Session {
        // The generator has no Clone: a copy is the same seed, stream and position.
        let mut rng = ChaCha8Rng::from_seed(self.rng.get_seed());
        rng.set_stream(self.rng.get_stream());
        rng.set_word_pos(self.rng.get_word_pos());
        Session {
            engine: self.engine.clone(),
            seed: self.seed,
            mode: self.mode,
            shuffle: self.shuffle,
            rng,
            order: self.order.clone(),
            state: self.state.clone(),
            actions: self.actions.clone(),
            preset: self.preset.clone(),
            turns: self.turns.clone(),
            transcript: self.transcript.clone(),
            said: self.said.clone(),
        }
    }
}

/// Where reply `index` of node `node` in the old version stands among the replies `new`
/// offers at node `here` (display position): the reply with the same words in both
/// languages; else the only one with the same words in one language; else, when the old
/// reply's place holds words that were none of the node's replies before, that place (the
/// author reworded it). None when the reply is gone or cannot be told apart.
fn find_again(
    old: &crate::scenario::Scenario,
    new: &Session,
    here: usize,
    node: &str,
    index: usize,
) -> Option<usize> {
    let old_node = old.nodes.iter().find(|n| n.id == node)?;
    let text = &old_node.choices.get(index)?.text;
    let choices = &new.engine.scenario().nodes[here].choices;
    let offered = &new.order;
    if let Some(p) = offered.iter().position(|&k| choices[k].text == *text) {
        return Some(p);
    }
    let half: Vec<usize> = (0..offered.len())
        .filter(|&p| {
            let t = &choices[offered[p]].text;
            t.zh == text.zh || t.en == text.en
        })
        .collect();
    if let [p] = half[..] {
        return Some(p);
    }
    let was_a_reply = |t: &crate::course::Text| {
        old_node
            .choices
            .iter()
            .any(|c| c.text.zh == t.zh || c.text.en == t.en)
    };
    offered
        .iter()
        .position(|&k| k == index && !was_a_reply(&choices[k].text))
}

impl Session {
    /// Starts a session with replies in file order: the customer says their opening line.
    pub fn new(engine: Arc<Engine>, seed: u64, mode: Mode) -> Session {
        Session::start(engine, seed, mode, false)
    }

    /// Starts a session. With `shuffle`, the replies of every decision are shown in an
    /// order drawn from the seed, so a trainee cannot learn "the first one is right".
    pub fn start(engine: Arc<Engine>, seed: u64, mode: Mode, shuffle: bool) -> Session {
        let state = engine.initial_state();
        Session::start_in(engine, seed, mode, shuffle, state)
    }

    /// Starts a preview from a preset node and state (`play --from`): a session like any
    /// other from there, replayable with the same preset.
    pub fn start_at(
        engine: Arc<Engine>,
        seed: u64,
        mode: Mode,
        shuffle: bool,
        preset: &super::engine::Preset,
    ) -> Result<Session, super::engine::PresetError> {
        let state = engine.state_at(preset)?;
        let mut s = Session::start_in(engine, seed, mode, shuffle, state);
        s.preset = Some(preset.clone());
        Ok(s)
    }

    /// The preset a preview started from (None for a session from the start).
    pub fn preset(&self) -> Option<&super::engine::Preset> {
        self.preset.as_ref()
    }

    /// A new session on `engine` started the way this one was (from the start, or from its
    /// preset; a preset the engine no longer has falls back to the start).
    fn restart_on(&self, engine: Arc<Engine>) -> Session {
        match &self.preset {
            Some(p) => Session::start_at(engine.clone(), self.seed, self.mode, self.shuffle, p)
                .unwrap_or_else(|_| Session::start(engine, self.seed, self.mode, self.shuffle)),
            None => Session::start(engine, self.seed, self.mode, self.shuffle),
        }
    }

    /// This session's decisions replayed on `engine`, a new version of the scenario: each
    /// reply is found again by its words (either language), or, when the author reworded it,
    /// at the same place in the same node. At the first decision that no longer applies (the
    /// reply is gone, the conversation took another turn, or it ended sooner) the replay
    /// stops, and the trainee goes on from there.
    pub fn carry_over(&self, engine: Arc<Engine>) -> Carried {
        let mut new = self.restart_on(engine);
        let old = self.engine.scenario();
        for (i, turn) in self.turns.iter().enumerate() {
            if new.is_over() {
                return Carried {
                    session: new,
                    diverged: Some(i),
                };
            }
            // The conversation must be where it was: the same node, by id.
            let here = new.at_node();
            let same_node = here.is_some_and(|h| new.engine.scenario().nodes[h].id == turn.node);
            let taken = same_node
                && match (turn.choice, here) {
                    (None, _) => new.time_out().is_ok(),
                    (Some(index), Some(here)) => {
                        match find_again(old, &new, here, &turn.node, index) {
                            Some(p) => new.choose_typed(p, turn.typed.clone()).is_ok(),
                            None => false,
                        }
                    }
                    (Some(_), None) => false,
                };
            if !taken {
                return Carried {
                    session: new,
                    diverged: Some(i),
                };
            }
        }
        Carried {
            session: new,
            diverged: None,
        }
    }

    /// The node the customer is at (None once the session has ended).
    pub(crate) fn at_node(&self) -> Option<usize> {
        match self.state.at {
            At::Node(n) => Some(n),
            At::Ended(_) => None,
        }
    }

    fn start_in(
        engine: Arc<Engine>,
        seed: u64,
        mode: Mode,
        shuffle: bool,
        state: CustomerState,
    ) -> Session {
        let mut s = Session {
            rng: ChaCha8Rng::seed_from_u64(seed),
            engine,
            seed,
            mode,
            shuffle,
            state,
            order: Vec::new(),
            actions: Vec::new(),
            turns: Vec::new(),
            transcript: Vec::new(),
            said: Default::default(),
            preset: None,
        };
        s.speak_node();
        s.arrange();
        s
    }

    /// Replays `actions` (file order) from `seed`: the same inputs always give the same session.
    pub fn replay(
        engine: Arc<Engine>,
        seed: u64,
        mode: Mode,
        actions: &[Action],
    ) -> Result<Session, (usize, PlayError)> {
        Session::replay_with(engine, seed, mode, false, actions)
    }

    /// Replays `actions` with or without shuffled replies.
    pub fn replay_with(
        engine: Arc<Engine>,
        seed: u64,
        mode: Mode,
        shuffle: bool,
        actions: &[Action],
    ) -> Result<Session, (usize, PlayError)> {
        Session::replay_typed(engine, seed, mode, shuffle, actions, &[])
    }

    /// Replays `actions` with the words typed for them in free-reply mode (`typed[i]` for
    /// action i; missing ones were picked, not typed).
    pub fn replay_typed(
        engine: Arc<Engine>,
        seed: u64,
        mode: Mode,
        shuffle: bool,
        actions: &[Action],
        typed: &[Option<Typed>],
    ) -> Result<Session, (usize, PlayError)> {
        let mut s = Session::start(engine, seed, mode, shuffle);
        for (i, a) in actions.iter().enumerate() {
            let t = typed.get(i).cloned().flatten();
            s.act_typed(*a, t).map_err(|e| (i, e))?;
        }
        Ok(s)
    }

    /// Puts the replies offered now in display order (drawn from the seed when shuffling).
    fn arrange(&mut self) {
        self.order = self.engine.available(&self.state);
        if self.shuffle {
            for i in (1..self.order.len()).rev() {
                let j = self.rng.random_range(0..=i);
                self.order.swap(i, j);
            }
        }
    }

    /// Goes back to just before decision `decision` (0-based), as if it had not been taken.
    pub fn rewind(&mut self, decision: usize) {
        let mut s = self.restart_on(self.engine.clone());
        for (a, t) in self.actions.iter().zip(&self.turns).take(decision) {
            if s.act_typed(*a, t.typed.clone()).is_err() {
                return;
            }
        }
        *self = s;
    }

    /// Performs an action.
    pub fn act(&mut self, action: Action) -> Result<&Turn, PlayError> {
        self.act_typed(action, None)
    }

    /// Performs an action, with the words the trainee typed for it in free-reply mode.
    pub fn act_typed(&mut self, action: Action, typed: Option<Typed>) -> Result<&Turn, PlayError> {
        match action {
            Action::Choose(n) => self.choose_typed(n, typed),
            Action::TimedOut => self.time_out(),
        }
    }

    /// Chooses the n-th offered reply (0-based, in display order).
    pub fn choose(&mut self, n: usize) -> Result<&Turn, PlayError> {
        self.choose_typed(n, None)
    }

    /// Chooses the n-th offered reply (0-based, in display order) as the one the trainee's
    /// typed words were matched to: the transcript shows their words, the turn keeps them
    /// with the moves found, and the decision is scored as the reply.
    pub fn choose_typed(&mut self, n: usize, typed: Option<Typed>) -> Result<&Turn, PlayError> {
        if self.is_over() {
            return Err(PlayError::Over);
        }
        let Some(&index) = self.order.get(n) else {
            return Err(PlayError::NoSuchChoice(n + 1, self.order.len()));
        };
        let At::Node(node) = self.state.at else {
            return Err(PlayError::Over);
        };
        let choice = &self.engine.scenario().nodes[node].choices[index];
        self.transcript.push(Entry {
            speaker: Speaker::Trainee,
            who: None,
            to: self
                .engine
                .scenario()
                .addressee(choice)
                .map(|m| m.id.clone()),
            text: typed
                .as_ref()
                .map_or_else(|| choice.text.clone(), |t| Text::new(&t.text, &t.text)),
        });
        let to = self
            .engine
            .scenario()
            .addressee(choice)
            .map(|m| m.id.clone());
        let reply = choice.reply.clone();
        let moves: Vec<String> = choice
            .techniques
            .iter()
            .chain(&choice.mistakes)
            .cloned()
            .collect();
        let step = self
            .engine
            .step(&self.state, index)
            .ok_or(PlayError::Over)?;
        self.apply(Action::Choose(n), Some(index), step, (reply, to), &moves);
        let turn = self.turns.last_mut().expect("a turn was just pushed");
        turn.typed = typed;
        Ok(turn)
    }

    /// The timer ran out before the trainee replied.
    pub fn time_out(&mut self) -> Result<&Turn, PlayError> {
        let step = self.engine.time_out(&self.state).ok_or(PlayError::Over)?;
        self.transcript.push(Entry {
            speaker: Speaker::Narrator,
            who: None,
            to: None,
            text: self.engine.catalogue().narration.silence.clone(),
        });
        let silence = [self.engine.catalogue().memory.no_response.clone()];
        self.apply(Action::TimedOut, None, step, (None, None), &silence);
        Ok(self.turns.last().expect("a turn was just pushed"))
    }

    fn apply(
        &mut self,
        action: Action,
        choice: Option<usize>,
        step: Step,
        (reply, to): (Option<Text>, Option<String>),
        moves: &[String],
    ) {
        let At::Node(node) = self.state.at else {
            return;
        };
        let before = i32::from(self.state.mood);
        let moved = step.state.at != self.state.at;
        self.state = step.state;
        self.actions.push(action);
        self.turns.push(Turn {
            node: self.engine.scenario().nodes[node].id.clone(),
            action,
            choice,
            assessment: step.assessment,
            mood: i32::from(self.state.mood),
            trust: i32::from(self.state.trust),
            patience: i32::from(self.state.patience),
            level: self.state.level,
            escalated_to: step.escalated_to,
            heat: self
                .engine
                .has_opinion()
                .then_some(i32::from(self.state.heat)),
            stage: self.engine.has_opinion().then_some(self.state.stage),
            typed: None,
        });
        // Whoever the reply addressed answers it: its scripted reply, or a reaction drawn for
        // their own profile.
        let reaction = reply.or_else(|| {
            self.draw_reaction(i32::from(self.state.mood) - before, moves, to.as_deref())
        });
        if let Some(text) = reaction {
            self.customer_says(text, to);
        }
        for line in step.escalation_lines {
            self.transcript.push(Entry {
                speaker: Speaker::Narrator,
                who: None,
                to: None,
                text: line,
            });
        }
        if moved || action == Action::TimedOut {
            self.speak_node();
        }
        if let At::Ended(e) = self.state.at {
            let ending = &self.engine.scenario().endings[e];
            self.transcript.push(Entry {
                speaker: Speaker::Narrator,
                who: None,
                to: None,
                text: ending.text.clone(),
            });
        }
        self.arrange();
    }

    fn customer_says(&mut self, text: Text, who: Option<String>) {
        self.said.insert(text.clone());
        self.transcript.push(Entry {
            speaker: Speaker::Customer,
            who,
            to: None,
            text,
        });
    }

    fn unsaid(&self, t: &Text) -> bool {
        !self.said.contains(t)
    }

    /// A short reaction to the reply: one that answers a move the reply made if there is
    /// one, else one for the way the mood moved; never a line the customer has already said
    /// this session (then the customer says nothing and the conversation goes on).
    fn draw_reaction(
        &mut self,
        mood_change: i32,
        moves: &[String],
        who: Option<&str>,
    ) -> Option<Text> {
        let trend = match mood_change {
            d if d > 0 => Trend::Better,
            d if d < 0 => Trend::Worse,
            _ => Trend::Same,
        };
        let engine = self.engine.clone();
        let customer = engine.scenario().profile_of(who);
        let fits: Vec<&crate::catalogue::Reaction> = engine
            .catalogue()
            .reactions
            .iter()
            .filter(|r| r.trend == trend)
            .filter(|r| r.disc.is_none_or(|d| d == customer.disc))
            .filter(|r| r.need.is_none_or(|n| n == customer.need))
            .filter(|r| self.unsaid(&r.text))
            .collect();
        let answering: Vec<(u32, &Text)> = fits
            .iter()
            .filter(|r| r.to.iter().any(|m| moves.contains(m)))
            .map(|r| (r.weight, &r.text))
            .collect();
        let general: Vec<(u32, &Text)> = fits
            .iter()
            .filter(|r| r.to.is_empty())
            .map(|r| (r.weight, &r.text))
            .collect();
        let pool = if answering.is_empty() {
            general
        } else {
            answering
        };
        weighted(&mut self.rng, &pool).cloned()
    }

    fn speak_node(&mut self) {
        let At::Node(n) = self.state.at else {
            return;
        };
        let engine = self.engine.clone();
        let node = &engine.scenario().nodes[n];
        if let Some(narration) = &node.narration {
            self.transcript.push(Entry {
                speaker: Speaker::Narrator,
                who: None,
                to: None,
                text: narration.clone(),
            });
        }
        // A line not said yet; failing that, any line but the one just said.
        let last = self
            .transcript
            .iter()
            .rev()
            .find(|e| e.speaker == Speaker::Customer)
            .map(|e| e.text.clone());
        let fitting: Vec<(u32, &Text)> = engine
            .fitting_lines(&self.state)
            .into_iter()
            .map(|i| (node.lines[i].weight, &node.lines[i].text))
            .collect();
        let fresh: Vec<(u32, &Text)> = fitting
            .iter()
            .copied()
            .filter(|(_, t)| self.unsaid(t))
            .collect();
        let not_last: Vec<(u32, &Text)> = fitting
            .iter()
            .copied()
            .filter(|(_, t)| last.as_ref() != Some(*t))
            .collect();
        let pool = if !fresh.is_empty() {
            fresh
        } else if !not_last.is_empty() {
            not_last
        } else {
            fitting
        };
        let text = weighted(&mut self.rng, &pool)
            .or_else(|| node.lines.first().map(|l| &l.text))
            .cloned();
        if let Some(text) = text {
            let who = node
                .lines
                .iter()
                .find(|l| l.text == text)
                .and_then(|l| l.speaker.clone());
            self.customer_says(text, who);
        }
    }

    /// The engine.
    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Practice or assessment.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The customer now.
    pub fn state(&self) -> &CustomerState {
        &self.state
    }

    /// The actions so far (for saving and replay).
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// The decisions so far.
    pub fn turns(&self) -> &[Turn] {
        &self.turns
    }

    /// Everything said so far.
    pub fn transcript(&self) -> &[Entry] {
        &self.transcript
    }

    /// The replies offered now, in display order, as (index into the node's choices, text).
    pub fn offered(&self) -> Vec<(usize, Text)> {
        let At::Node(n) = self.state.at else {
            return Vec::new();
        };
        let scenario = self.engine.scenario();
        let node = &scenario.nodes[n];
        self.order
            .iter()
            .map(|&i| (i, addressed(scenario, &node.choices[i])))
            .collect()
    }

    /// Whether replies are shown in a seeded shuffled order.
    pub fn shuffled(&self) -> bool {
        self.shuffle
    }

    /// Whether the session has ended.
    pub fn is_over(&self) -> bool {
        self.state.is_over()
    }

    /// The ending, once reached.
    pub fn outcome(&self) -> Option<Outcome> {
        let At::Ended(e) = self.state.at else {
            return None;
        };
        let ending = &self.engine.scenario().endings[e];
        Some(Outcome {
            id: ending.id.clone(),
            kind: ending.kind,
            title: ending.title.clone(),
            text: ending.text.clone(),
        })
    }

    /// Whether the session passed, once it has ended: the ending's verdict, critical
    /// breaches, and the overall band (see [`crate::sim::verdict`]).
    pub fn standing(&self) -> Option<super::verdict::Standing> {
        let At::Ended(e) = self.state.at else {
            return None;
        };
        let ending = &self.engine.scenario().endings[e];
        let scores = self.scores();
        let mut s = [0u8; 3];
        for sc in &scores {
            s[sc.rubric.index()] = sc.score;
        }
        Some(super::verdict::standing(
            self.engine.catalogue(),
            ending,
            s,
            self.turns.iter().map(|t| t.assessment.notes.as_slice()),
        ))
    }

    /// Points so far on each rubric.
    pub fn raw(&self) -> [i32; 3] {
        let mut total = [0i32; 3];
        for t in &self.turns {
            for (sum, p) in total.iter_mut().zip(t.assessment.impact.points()) {
                *sum = sum.saturating_add(p);
            }
        }
        total
    }

    /// The three rubric scores (0–100, see [`crate::sim::scale`]) with their bands.
    pub fn scores(&self) -> Vec<RubricScore> {
        let par = self.engine.analysis().par;
        let catalogue = self.engine.catalogue();
        let raw = self.raw();
        Rubric::ALL
            .iter()
            .map(|&r| {
                let score = scale(raw[r.index()], par[r.index()]);
                let band = catalogue.band(r, score);
                RubricScore {
                    rubric: r,
                    raw: raw[r.index()],
                    par: par[r.index()],
                    score,
                    band: band.map(|b| b.name.clone()).unwrap_or_default(),
                    descriptor: band.map(|b| b.descriptor.clone()).unwrap_or_default(),
                }
            })
            .collect()
    }

    /// The reply the analysis rates best from here (0-based in display order), for hints and
    /// the debrief's "best alternative".
    pub fn best_choice(&self) -> Option<usize> {
        let index = self
            .engine
            .analysis()
            .best_from(&self.engine, &self.state)?;
        self.order.iter().position(|&i| i == index)
    }
}

fn weighted<'a, T>(rng: &mut ChaCha8Rng, pool: &[(u32, &'a T)]) -> Option<&'a T> {
    let total: u64 = pool.iter().map(|(w, _)| u64::from(*w)).sum();
    if total == 0 {
        return pool.first().map(|(_, t)| *t);
    }
    let mut r = rng.random_range(0..total);
    for (w, t) in pool {
        let w = u64::from(*w);
        if r < w {
            return Some(t);
        }
        r -= w;
    }
    pool.last().map(|(_, t)| *t)
}
