//! The scenario format, version 1: the serde types an instructor writes in RON.
//!
//! Every struct denies unknown fields so that a typo is reported, never silently ignored.
//! These types only describe a case; what a choice is worth lives in the rubric catalogue
//! (`crate::catalogue`) and how a session unfolds lives in the engine (`crate::sim`).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

pub use crate::course::EndingKind;
use crate::course::{
    Archetype, CourseCase, Disc, Expectation, Impact, Industry, Level, Look, Need, Stage, Text,
};

/// The scenario format version this build reads.
pub const FORMAT_VERSION: u32 = 1;

/// Longest a promise may run, in decisions.
pub const MAX_PROMISE_DECISIONS: u32 = 100;

/// One scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable id, unique in the library: lowercase letters, digits, `-` and `_`.
    pub id: String,
    /// Format version; must be [`FORMAT_VERSION`].
    pub version: u32,
    /// Title shown on the library card.
    pub title: Text,
    /// One- or two-sentence summary.
    pub summary: Text,
    /// Industry of the case.
    pub industry: Industry,
    /// Which course cases (domain §10) this scenario dramatises: none, one, or several when
    /// one conversation plays out two of them (a car oil leak that becomes a high claim).
    #[serde(default)]
    pub cases: Vec<CourseCase>,
    /// 1 (a patient customer, a clear fault) to 5 (a malicious campaign with media pressure).
    pub difficulty: u8,
    /// Estimated minutes to play.
    pub minutes: u32,
    /// What the trainee should learn.
    #[serde(default)]
    pub objectives: Vec<Text>,
    /// Seconds per decision in assessment mode, if this scenario sets a timer.
    #[serde(default)]
    pub timer_secs: Option<u32>,
    /// The customer.
    pub customer: Customer,
    /// Others on the customer's side who speak (a group complaint's bystanders, a spouse,
    /// a journalist): a line names its speaker by id; without one the customer speaks.
    #[serde(default)]
    pub cast: Vec<CastMember>,
    /// A public-opinion meter, when the complaint is (or may become) a story online: its
    /// heat moves with every decision and with the replies' `heat` effects, and its stage
    /// (latent, outbreak, peak, decline) shows in play and in the debrief. Written without
    /// `Some`: `opinion: (heat: 20, spread: 6)`.
    #[serde(default, with = "bare", skip_serializing_if = "Option::is_none")]
    pub opinion: Option<Opinion>,
    /// What the trainee reads before starting.
    pub briefing: Briefing,
    /// Thresholds that move the customer up the escalation ladder or end the session.
    #[serde(default)]
    pub escalation: Vec<Rung>,
    /// Id of the first node.
    pub start: String,
    /// The conversation.
    pub nodes: Vec<Node>,
    /// How it can end.
    pub endings: Vec<Ending>,
}

/// First position of every id in `ids` (a later duplicate is an error the checks report).
fn first_positions<'a>(
    ids: impl DoubleEndedIterator<Item = &'a str> + ExactSizeIterator,
) -> HashMap<&'a str, usize> {
    ids.enumerate().rev().map(|(i, id)| (id, i)).collect()
}

impl Scenario {
    /// Node ids → position in `nodes` of the first node with that id.
    pub fn node_positions(&self) -> HashMap<&str, usize> {
        first_positions(self.nodes.iter().map(|n| n.id.as_str()))
    }

    /// Ending ids → position in `endings` of the first ending with that id.
    pub fn ending_positions(&self) -> HashMap<&str, usize> {
        first_positions(self.endings.iter().map(|e| e.id.as_str()))
    }
}

/// The simulated customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// Name shown on screen.
    pub name: Text,
    /// Primary DISC type: scoring uses its catalogue adjustments in full.
    pub disc: Disc,
    /// Secondary DISC type: its catalogue adjustments count at half strength.
    #[serde(default)]
    pub secondary: Option<Disc>,
    /// Difficult-customer archetypes, possibly none.
    #[serde(default)]
    pub archetypes: Vec<Archetype>,
    /// The psychological need behind the complaint.
    pub need: Need,
    /// A short profile the trainee may read in the briefing.
    #[serde(default)]
    pub profile: Option<Text>,
    /// Age band and sex, for the face; without it the face is a neutral adult. Written
    /// without `Some`: `look: (age: Senior, sex: Male)`.
    #[serde(default, with = "bare", skip_serializing_if = "Option::is_none")]
    pub look: Option<Look>,
    /// Starting mood, 0 (furious) to 100 (delighted).
    pub mood: i32,
    /// Starting trust in the company, 0 to 100.
    pub trust: i32,
    /// Starting patience, 0 to 100; each decision costs some, by DISC type.
    pub patience: i32,
    /// The money claim, for compensation cases.
    #[serde(default)]
    pub claim: Option<Claim>,
}

/// The public-opinion meter of a scenario (see [`Scenario::opinion`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opinion {
    /// Heat at the start, 0 (nobody is talking about it) to 100 (trending nationwide).
    pub heat: i32,
    /// Heat the story gains each decision by itself, as time passes and it spreads (a
    /// silence when the timer runs out counts as a decision), until it declines.
    #[serde(default)]
    pub spread: i32,
    /// Where the story is told (a post, a video platform, a residents' group chat), for
    /// the meter's label.
    #[serde(default, with = "bare", skip_serializing_if = "Option::is_none")]
    pub channel: Option<Text>,
}

/// Someone besides the customer who speaks on the customer's side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CastMember {
    /// Id, used by a line's `speaker`.
    pub id: String,
    /// Their part in the complaint (the group's leader, a bystander, the spouse…).
    pub role: Text,
    /// Name shown on screen.
    pub name: Text,
    /// Age band and sex, for their face; written without `Some`.
    #[serde(default, with = "bare", skip_serializing_if = "Option::is_none")]
    pub look: Option<Look>,
    /// Their DISC type, when it differs from the customer's: a reply addressed to them
    /// (`to: "id"`) is scored for their type. Written without `Some`.
    #[serde(default, with = "bare", skip_serializing_if = "Option::is_none")]
    pub disc: Option<Disc>,
    /// Their need, when it differs from the customer's (scored as `disc` is).
    #[serde(default, with = "bare", skip_serializing_if = "Option::is_none")]
    pub need: Option<Need>,
    /// Their archetypes, when they differ from the customer's (a journalist is not a
    /// high-claim customer); written without `Some`.
    #[serde(default, with = "bare", skip_serializing_if = "Option::is_none")]
    pub archetypes: Option<Vec<Archetype>>,
}

impl CastMember {
    /// Whether a reply addressed to this member is scored differently from one to the
    /// customer: the member has a DISC type, need or archetypes of their own.
    pub fn has_profile(&self) -> bool {
        self.disc.is_some() || self.need.is_some() || self.archetypes.is_some()
    }
}

/// A compensation claim: the 2× direct-loss rule of domain §3 is applied to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// What the customer demands.
    pub demanded: u32,
    /// The verified direct loss.
    pub direct_loss: u32,
    /// Currency code, `CNY` unless stated.
    #[serde(default = "default_currency")]
    pub currency: String,
    /// What the customer paid for the goods or service, when statutory damages are
    /// reckoned on the price [default: the direct loss].
    #[serde(default, with = "bare", skip_serializing_if = "Option::is_none")]
    pub price: Option<u32>,
    /// The statutory-damages rule of the catalogue the claim rests on (e.g.
    /// `"food_safety_148"`): the law, not the course's 2× yardstick, then sets what is
    /// reasonable.
    #[serde(default, with = "bare", skip_serializing_if = "Option::is_none")]
    pub statutory: Option<String>,
}

/// An optional field written as its value alone (`look: (…)`, not `look: Some((…))`), for
/// `#[serde(default, with = "bare")]`.
mod bare {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        T::deserialize(d).map(Some)
    }

    pub fn serialize<S: Serializer, T: Serialize>(
        value: &Option<T>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => v.serialize(s),
            None => s.serialize_none(),
        }
    }
}

fn default_currency() -> String {
    "CNY".to_string()
}

impl Scenario {
    /// The cast member with this id, if the cast has one.
    pub fn member(&self, id: &str) -> Option<&CastMember> {
        self.cast.iter().find(|m| m.id == id)
    }

    /// The cast member a reply addresses, if it names one the cast has.
    pub fn addressee(&self, choice: &Choice) -> Option<&CastMember> {
        self.member(choice.to.as_deref()?)
    }

    /// The profile a reply is scored against: the customer, with the DISC type, need and
    /// archetypes of the cast member it addresses where that member has their own. (Mood,
    /// trust and patience stay the customer's: the group's temper is one.)
    pub fn profile_for(&self, choice: &Choice) -> std::borrow::Cow<'_, Customer> {
        self.profile_of(choice.to.as_deref())
    }

    /// The profile of someone on the customer's side: the customer, or the cast member
    /// `who` with their own DISC type, need and archetypes where they have them.
    pub fn profile_of(&self, who: Option<&str>) -> std::borrow::Cow<'_, Customer> {
        match who.and_then(|w| self.member(w)).filter(|m| m.has_profile()) {
            None => std::borrow::Cow::Borrowed(&self.customer),
            Some(m) => {
                let mut c = self.customer.clone();
                if let Some(d) = m.disc {
                    c.disc = d;
                    c.secondary = None;
                }
                if let Some(n) = m.need {
                    c.need = n;
                }
                if let Some(a) = &m.archetypes {
                    c.archetypes = a.clone();
                }
                std::borrow::Cow::Owned(c)
            }
        }
    }

    /// The name of whoever on the customer's side says a line: the `cast` member `who`, or
    /// the customer (also for an id not in the cast, which the checks report).
    pub fn speaker_name(&self, who: Option<&str>) -> &Text {
        who.and_then(|w| self.member(w))
            .map_or(&self.customer.name, |m| &m.name)
    }
}

impl Claim {
    /// The most the course treats as reasonable: twice the direct loss, or, for a claim on
    /// statutory damages, the loss plus what that law awards. An unknown rule (which the
    /// validator reports) falls back to 2×.
    pub fn ceiling(&self, cat: &crate::catalogue::Catalogue) -> u64 {
        match self.rule(cat) {
            Some(r) => {
                u64::from(self.direct_loss)
                    + r.damages(self.price.unwrap_or(self.direct_loss), self.direct_loss)
            }
            None => 2 * u64::from(self.direct_loss),
        }
    }

    /// The statutory rule the claim rests on, when it names one the catalogue has.
    pub fn rule<'c>(
        &self,
        cat: &'c crate::catalogue::Catalogue,
    ) -> Option<&'c crate::catalogue::StatutoryRule> {
        cat.statutory_rule(self.statutory.as_deref()?)
    }

    /// Whether the claim is above [`Claim::ceiling`].
    pub fn is_unreasonable(&self, cat: &crate::catalogue::Catalogue) -> bool {
        u64::from(self.demanded) > self.ceiling(cat)
    }
}

/// What the trainee reads before the first line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Briefing {
    /// What happened.
    pub situation: Text,
    /// What the trainee knows about this customer and the facts.
    pub known: Text,
    /// Company policy that applies.
    pub policy: Text,
    /// Remedies the trainee is allowed to offer.
    #[serde(default)]
    pub remedies: Vec<Text>,
    /// The legal points that matter here, stated for the trainee.
    #[serde(default)]
    pub legal_notes: Vec<Text>,
    /// Someone is in danger, or the customer's conduct is unlawful (threats, extortion,
    /// violence, disrupting the business): only then is calling in the police or seeking
    /// official protection right (catalogue moves with `needs_danger`).
    #[serde(default)]
    pub danger: bool,
}

/// A threshold: when all of `when` holds after a decision, the customer climbs to `level`
/// (if higher than now) and, if `ending` is set, the session ends there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rung {
    /// The rung reached.
    pub level: Level,
    /// Conditions, all of which must hold.
    pub when: Vec<Condition>,
    /// Ending id, if crossing this threshold ends the session.
    #[serde(default)]
    pub ending: Option<String>,
    /// What the customer says or does on crossing it.
    #[serde(default)]
    pub line: Option<Text>,
}

/// A condition on the customer's state or memory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// A flag has been set.
    Flag(String),
    /// A flag has not been set.
    NotFlag(String),
    /// Mood within `min..=max`.
    Mood(i32, i32),
    /// Trust within `min..=max`.
    Trust(i32, i32),
    /// Patience within `min..=max`.
    Patience(i32, i32),
    /// The customer is at this rung of the ladder or higher.
    EscalatedTo(Level),
    /// The trainee has asked this question before.
    Asked(String),
    /// This promise is still open (made, not yet kept or broken).
    Promised(String),
    /// This promise was broken.
    BrokePromise(String),
    /// The trainee cut the customer off while they were venting.
    Interrupted,
    /// The public-opinion heat is within `min..=max` (a scenario with an `opinion` meter).
    Heat(i32, i32),
    /// The story is at this stage now.
    Stage(Stage),
    /// The story has been at this stage at some point (now included).
    Reached(Stage),
    /// The inner condition does not hold.
    Not(Box<Condition>),
}

/// One step of the conversation: the customer speaks, the trainee chooses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Id, unique in the file.
    pub id: String,
    /// Narration shown before the customer speaks (a scene change, a new document …).
    #[serde(default)]
    pub narration: Option<Text>,
    /// What the customer says: one variant is drawn, weighted, among those whose conditions hold.
    pub lines: Vec<Line>,
    /// The customer is still venting here: a reply that does not listen cuts them off.
    #[serde(default)]
    pub venting: bool,
    /// The class of the customer's expectation at this point, if they voice one.
    #[serde(default)]
    pub expectation: Option<Expectation>,
    /// The trainee's options, 2 to 6.
    pub choices: Vec<Choice>,
}

/// A variant of what the customer says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// The words.
    pub text: Text,
    /// Relative weight when several variants are possible.
    #[serde(default = "one")]
    pub weight: u32,
    /// Only said when all of these hold (e.g. `[Mood(0, 30)]` for an angry variant).
    #[serde(default)]
    pub when: Vec<Condition>,
    /// Who says it: a `cast` member's id [default: the customer]. Written without `Some`.
    #[serde(default, with = "bare", skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
}

fn one() -> u32 {
    1
}

/// Something the trainee can say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The words.
    pub text: Text,
    /// Whom the reply speaks to: a `cast` member's id [default: the customer]. It is
    /// scored for that member's DISC type, need and archetypes where the cast gives them.
    /// Written without `Some`.
    #[serde(default, with = "bare", skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Techniques used, by catalogue id.
    #[serde(default)]
    pub techniques: Vec<String>,
    /// Mistakes made, by catalogue id.
    #[serde(default)]
    pub mistakes: Vec<String>,
    /// The expectation class this reply treats the demand as.
    #[serde(default)]
    pub expectation: Option<Expectation>,
    /// Legal points honoured, by catalogue id.
    #[serde(default)]
    pub honours: Vec<String>,
    /// Legal points breached, by catalogue id.
    #[serde(default)]
    pub breaks: Vec<String>,
    /// Extra effects for this case, added to what the catalogue gives.
    #[serde(default)]
    pub effects: Impact,
    /// When true, `effects` replaces the catalogue's scoring for this choice entirely.
    #[serde(default)]
    pub replace_catalogue: bool,
    /// Money this reply offers the customer, in the claim's currency (a refund, a payment,
    /// compensation): the validator holds it against the course's 2× rule.
    #[serde(default)]
    pub pays: Option<u32>,
    /// Only offered when all of these hold.
    #[serde(default)]
    pub when: Vec<Condition>,
    /// Flags set.
    #[serde(default)]
    pub sets: Vec<String>,
    /// Flags cleared.
    #[serde(default)]
    pub clears: Vec<String>,
    /// The question this choice asks; asking it twice costs patience.
    #[serde(default)]
    pub asks: Option<String>,
    /// Promises made.
    #[serde(default)]
    pub promises: Vec<Promise>,
    /// Promises kept.
    #[serde(default)]
    pub keeps: Vec<String>,
    /// Promises openly broken now.
    #[serde(default)]
    pub reneges: Vec<String>,
    /// The customer's immediate reply, before the next node's line.
    #[serde(default)]
    pub reply: Option<Text>,
    /// Case-specific feedback: why this works or fails for this customer.
    #[serde(default)]
    pub feedback: Option<Text>,
    /// Where it leads.
    pub next: Next,
}

/// A promise to be kept within a number of decisions.
impl Choice {
    /// One of the reply's tag lists by its field name (`techniques`, `mistakes`, `honours`,
    /// `breaks`); empty for any other name.
    pub fn tags(&self, list: &str) -> &[String] {
        match list {
            "techniques" => &self.techniques,
            "mistakes" => &self.mistakes,
            "honours" => &self.honours,
            "breaks" => &self.breaks,
            _ => &[],
        }
    }

    /// Whether the reply carries a tag as a cue's `expect` or a pattern's `tags` names it:
    /// `id` in any of its lists, `list:id` in that list, `list:*` anything in that list.
    pub fn carries(&self, spec: &str) -> bool {
        match crate::catalogue::cue_tag(spec) {
            (Some(list), "*") => !self.tags(list).is_empty(),
            (Some(list), id) => self.tags(list).iter().any(|t| t == id),
            (None, id) => crate::catalogue::CUE_LISTS
                .iter()
                .any(|l| self.tags(l).iter().any(|t| t == id)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Promise {
    /// Id, used by `keeps`, `reneges` and conditions.
    pub id: String,
    /// How many later decisions may pass before it counts as broken.
    pub within: u32,
}

/// Where a choice leads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Next {
    /// To a node.
    Goto(String),
    /// To an ending.
    End(String),
    /// The first route whose conditions hold, else `otherwise`.
    Branch {
        /// Routes in order.
        routes: Vec<Route>,
        /// Where to go if no route matches.
        otherwise: Box<Next>,
    },
}

/// Where a [`Next`] can lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// A node id.
    Node(&'a str),
    /// An ending id.
    Ending(&'a str),
}

impl Next {
    /// Every target, branches unfolded with an explicit stack, in file order.
    pub fn targets(&self) -> Vec<Target<'_>> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(n) = stack.pop() {
            match n {
                Next::Goto(id) => out.push(Target::Node(id)),
                Next::End(id) => out.push(Target::Ending(id)),
                Next::Branch { routes, otherwise } => {
                    stack.push(otherwise);
                    stack.extend(routes.iter().rev().map(|r| &r.to));
                }
            }
        }
        out
    }

    /// Every condition of every branch route, however deep.
    pub fn conditions(&self) -> Vec<&Condition> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(n) = stack.pop() {
            if let Next::Branch { routes, otherwise } = n {
                for r in routes {
                    out.extend(r.when.iter());
                    stack.push(&r.to);
                }
                stack.push(otherwise);
            }
        }
        out
    }
}

/// One route of a [`Next::Branch`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Conditions, all of which must hold.
    pub when: Vec<Condition>,
    /// Where to go.
    pub to: Next,
}

/// An ending.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    /// Id, unique in the file.
    pub id: String,
    /// What kind of outcome it is.
    pub kind: EndingKind,
    /// The escalation is the right outcome here (an extortionist referred to the police):
    /// the ending counts as acceptable whatever its kind's verdict.
    #[serde(default)]
    pub acceptable: bool,
    /// Title shown on the debrief.
    pub title: Text,
    /// What happened and what it means.
    pub text: Text,
}
