//! The rubric catalogue: the three rubrics with their bands, and every technique, mistake,
//! legal point and expectation class with its effect — on each rubric and on the customer —
//! and how that effect changes with the customer's DISC type, need and archetype. These are
//! the serde types instructors write in `scenarios/catalogue.ron`, with look-ups by id.
//!
//! All course knowledge is data here; this module only reads it. It never scores a reply
//! (that is `crate::sim`) and never knows about scenarios.

pub mod check;

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::course::{
    Archetype, CourseCase, Disc, EndingKind, Expectation, Impact, Industry, Level, Need, Rubric,
    Stage, Text, Verdict,
};

/// The whole catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Format version, 1.
    pub version: u32,
    /// The three rubrics with their bands.
    pub rubrics: Vec<RubricDef>,
    /// Patience each decision costs, by DISC type (a D customer tires fastest).
    pub patience_per_turn: BTreeMap<Disc, i32>,
    /// DISC types that turn inward when upset (hurt, then sad and silently leaving) rather
    /// than outward (annoyed, angry, furious): the window's face shows which.
    #[serde(default)]
    pub withdraws: Vec<Disc>,
    /// Techniques (domain §5–§7).
    pub techniques: Vec<Move>,
    /// Mistakes that escalate a complaint (domain §7).
    pub mistakes: Vec<Move>,
    /// Legal points (domain §8).
    pub legal: Vec<LegalPoint>,
    /// Statutory damages a claim may rest on (`claim: (…, statutory: "id")`): the law sets
    /// the amount, so the course's 2× yardstick does not apply to such a claim.
    #[serde(default)]
    pub statutory: Vec<StatutoryRule>,
    /// How public opinion moves through its stages in a scenario with an `opinion` meter,
    /// and what each stage calls for (domain §9).
    #[serde(default)]
    pub opinion: OpinionRules,
    /// Expectation classes and the right response to each (domain §6).
    pub expectations: Vec<ExpectationDef>,
    /// Which mistakes the customer's memory applies.
    pub memory: MemoryRules,
    /// The few lines the product itself says around a conversation.
    pub narration: Narration,
    /// Short reactions the customer may voice after a reply.
    #[serde(default)]
    pub reactions: Vec<Reaction>,
    /// Acts recognised by their words, with the tags they must carry (checked by the
    /// validator across the library).
    #[serde(default)]
    pub cues: Vec<Cue>,
    /// Moves recognised in what a trainee types in free-reply mode — the language landmines
    /// the course warns about and the techniques it teaches — with the tags each is evidence
    /// of (`crate::understand` reads them; instructors add their own).
    #[serde(default)]
    pub patterns: Vec<Pattern>,
    /// What each kind of ending means for the trainee: a `Failure` means not passed.
    pub verdicts: BTreeMap<EndingKind, Verdict>,
    /// What each DISC type wants from the person handling the complaint, in one sentence:
    /// the first line of a practice hint, before what the best reply does.
    #[serde(default)]
    pub approach: BTreeMap<Disc, Text>,
    /// Course names of the enums, for lists and screens.
    pub glossary: Glossary,
    /// Look-ups by id, built on first use.
    #[serde(skip)]
    index: Index,
}

/// Positions of techniques, mistakes and legal points by id, so that a look-up costs the same
/// in a catalogue of ten entries or twenty thousand. Built once, on the first look-up; a
/// clone starts without one (it may be edited before its first look-up).
#[derive(Default)]
struct Index(OnceLock<Maps>);

#[derive(Default)]
struct Maps {
    techniques: HashMap<String, usize>,
    mistakes: HashMap<String, usize>,
    legal: HashMap<String, usize>,
    statutory: HashMap<String, usize>,
}

impl Clone for Index {
    fn clone(&self) -> Index {
        Index::default()
    }
}

impl PartialEq for Index {
    fn eq(&self, _: &Index) -> bool {
        true
    }
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Index")
    }
}

/// First position of every id (later duplicates are reported by the catalogue check).
fn positions<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for (i, id) in ids.enumerate() {
        out.entry(id.to_string()).or_insert(i);
    }
    out
}

/// One rubric: its course name, what it measures, and its bands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubricDef {
    /// Which rubric.
    pub rubric: Rubric,
    /// Course name, e.g. 情 · Empathy.
    pub name: Text,
    /// What good handling looks like.
    pub description: Text,
    /// Bands from lowest to highest; each starts at `from` (0–100).
    pub bands: Vec<Band>,
}

/// A band of a rubric, e.g. Proficient from 70.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Lowest score in the band.
    pub from: u8,
    /// Band name.
    pub name: Text,
    /// What a trainee in this band does.
    pub descriptor: Text,
}

/// A technique or a mistake.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Move {
    /// Id used in scenario files.
    pub id: String,
    /// Course name.
    pub name: Text,
    /// Where the course teaches it (e.g. "LSCPA: Listen").
    #[serde(default)]
    pub source: Option<Text>,
    /// Whether this move lets a venting customer finish (listening does; arguing does not).
    #[serde(default)]
    pub listens: bool,
    /// For a mistake: whether it turns the whole reply against the customer (`Hostile`: a
    /// threat, an insult, an accusation) or gives in where the course says hold the line
    /// (`Capitulation`: a private deal, paying off an unlawful demand). A reply that carries
    /// such a mistake earns no rubric bonus of any kind, whatever else it says.
    #[serde(default)]
    pub stance: Option<Stance>,
    /// Ids of the other moves this one cannot honestly go with in one reply (a threat is not
    /// "standing on the customer's side"): the validator flags a reply tagged with both.
    #[serde(default)]
    pub contradicts: Vec<String>,
    /// A critical breach: a session where a reply carries it is not passed, whatever the
    /// scores (threatening the customer).
    #[serde(default)]
    pub critical: bool,
    /// Only right where the briefing says someone is in danger or the customer's conduct is
    /// unlawful (`danger: true`); the validator flags its use anywhere else.
    #[serde(default)]
    pub needs_danger: bool,
    /// Effect with any customer.
    pub impact: Impact,
    /// Added for a customer of this DISC type.
    #[serde(default)]
    pub disc: BTreeMap<Disc, Adjust>,
    /// Added for a customer with this need.
    #[serde(default)]
    pub need: BTreeMap<Need, Adjust>,
    /// Added for a customer of this archetype.
    #[serde(default)]
    pub archetype: BTreeMap<Archetype, Adjust>,
    /// What the trainee is told.
    pub feedback: Text,
}

/// How a mistake turns a reply: see [`Move::stance`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stance {
    /// Against the customer: a threat, an insult, an accusation.
    Hostile,
    /// Gives up what the course says to hold: a private deal, paying off an unlawful demand.
    Capitulation,
}

/// Words that show a reply performs a certain act, and the tags such a reply must carry so
/// that the same act scores the same in every scenario (asking for a password is always a
/// data breach; calling the police is always either official protection or a threat).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cue {
    /// Short name used in the validator's message.
    pub id: String,
    /// What the act is, for the message.
    pub name: Text,
    /// Phrases (either language, matched case-insensitively in the reply's text): any one
    /// shows the act.
    pub find: Vec<String>,
    /// Phrases that, if present too, mean the reply is about the act without doing it
    /// ("never tell anyone your password").
    #[serde(default)]
    pub unless: Vec<String>,
    /// Technique, mistake or legal-point ids: a reply showing the act carries at least one.
    /// `breaks:personal_information` names the list too (`techniques`, `mistakes`,
    /// `honours`, `breaks`): honouring a point is not breaching it.
    pub expect: Vec<String>,
}

/// A move recognised in typed words (free-reply mode): "反问" is found by `难道….吗`. Every
/// regular expression is matched case-insensitively against the trainee's text, with
/// full-width letters, digits and punctuation read as their ASCII forms (so `[?]` also finds
/// "？").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    /// Id reported with the evidence (`understand --json`, the debrief).
    pub id: String,
    /// Course name, shown before the evidence ("反问: 难道系统还会冤枉您吗？").
    pub name: Text,
    /// Regular expressions (Rust `regex` syntax, zh and en alike): any one shows the move.
    pub find: Vec<String>,
    /// How many matches of `find` it takes (three questions in a row: `[?]` three times).
    #[serde(default = "one")]
    pub at_least: u32,
    /// Regular expressions of which one must match too (an apology *with* an action).
    #[serde(default)]
    pub also: Vec<String>,
    /// Regular expressions that, if any matches, mean the move is not made (an apology with
    /// an action is not a bare apology; "you can call the police" is not a threat).
    #[serde(default)]
    pub unless: Vec<String>,
    /// What the move is evidence of: technique, mistake or legal-point ids a reply saying it
    /// would carry, written as a cue's `expect` (`honours:right_to_know`; `honours:*` for any
    /// legal point honoured). Free-reply matching prefers the replies so tagged.
    pub tags: Vec<String>,
    /// The move is made in any conversation (a question, a thank-you, a time): on its own it
    /// does not show that the words answer this customer, so text with no words in common
    /// with any reply is still asked to be rephrased.
    #[serde(default)]
    pub generic: bool,
}

/// A pattern's regular expression as the free-reply reader matches it: case-insensitive,
/// Unicode-aware, and bounded in size so that no expression can take unbounded memory.
pub fn compile_pattern(expr: &str) -> Result<regex::Regex, String> {
    regex::RegexBuilder::new(expr)
        .case_insensitive(true)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 20)
        .nest_limit(64)
        .build()
        .map_err(|e| match e {
            regex::Error::Syntax(s) => s
                .lines()
                .last()
                .unwrap_or("syntax error")
                .trim()
                .to_string(),
            regex::Error::CompiledTooBig(_) => "it compiles too big (over 1 MiB)".to_string(),
            other => other.to_string(),
        })
}

/// The tag lists a cue may name.
pub const CUE_LISTS: [&str; 4] = ["techniques", "mistakes", "honours", "breaks"];

/// A cue's expected tag split into the list it must be in (if named) and the id.
pub fn cue_tag(spec: &str) -> (Option<&str>, &str) {
    match spec.split_once(':') {
        Some((list, id)) => (Some(list.trim()), id.trim()),
        None => (None, spec.trim()),
    }
}

/// A change to a move's effect for a kind of customer, with the feedback that explains it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adjust {
    /// Added to the base impact.
    pub impact: Impact,
    /// Said instead of (or after) the base feedback for this customer.
    #[serde(default)]
    pub feedback: Option<Text>,
}

/// A consumer right or legal principle a reply can honour or breach.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalPoint {
    /// Id used in `honours` / `breaks`.
    pub id: String,
    /// Name.
    pub name: Text,
    /// The law it rests on.
    pub basis: Text,
    /// Effect of honouring it.
    pub honour: Impact,
    /// Effect of breaching it.
    pub breach: Impact,
    /// Feedback when honoured.
    pub honour_feedback: Text,
    /// Feedback when breached.
    pub breach_feedback: Text,
    /// A breach of it is critical: the session is not passed, whatever the scores (leaking
    /// personal data, a safety hazard played down).
    #[serde(default)]
    pub critical: bool,
}

/// A law that awards damages beyond the loss: the customer may ask for the loss plus
/// `max(times_price × price, times_loss × loss, minimum)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatutoryRule {
    /// Id used in a claim's `statutory`.
    pub id: String,
    /// The law and article, as a person cites it.
    pub law: Text,
    /// When it applies, in a sentence.
    pub applies: Text,
    /// Damages as a multiple of the price paid.
    pub times_price: u32,
    /// Or as a multiple of the loss, when that is larger (0: not this law).
    #[serde(default)]
    pub times_loss: u32,
    /// The least the damages come to, in the claim's currency.
    pub minimum: u32,
}

impl StatutoryRule {
    /// The damages the law allows on top of the loss.
    pub fn damages(&self, price: u32, loss: u32) -> u64 {
        (u64::from(self.times_price) * u64::from(price))
            .max(u64::from(self.times_loss) * u64::from(loss))
            .max(u64::from(self.minimum))
    }
}

/// The public-opinion meter's thresholds on its heat (0–100) and the stages' names and
/// controls. After every decision the stage moves by these rules: at `peak` or above it is
/// the peak; once the story has broken out, heat `cools` points below the highest it reached
/// is the decline (and heat climbing back from a decline is a new outbreak); otherwise heat at
/// `outbreak` or above is the outbreak, and below it the story is still latent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpinionRules {
    /// Heat at which a latent story breaks out.
    pub outbreak: i32,
    /// Heat at which it peaks.
    pub peak: i32,
    /// How far below its highest the heat must fall for the story to be declining.
    pub cools: i32,
    /// Each stage's course name and controls, in course order.
    #[serde(default)]
    pub stages: Vec<StageDef>,
}

impl Default for OpinionRules {
    fn default() -> OpinionRules {
        OpinionRules {
            outbreak: 30,
            peak: 70,
            cools: 15,
            stages: Vec::new(),
        }
    }
}

impl OpinionRules {
    /// The stage a story is at from the start, by its heat.
    pub fn starting_stage(&self, heat: i32) -> Stage {
        if heat >= self.peak {
            Stage::Peak
        } else if heat >= self.outbreak {
            Stage::Outbreak
        } else {
            Stage::Latent
        }
    }

    /// The stage after a decision: it was at `stage`, the heat is now `heat`, and the
    /// highest it has been is `top` (including now).
    pub fn next_stage(&self, stage: Stage, heat: i32, top: i32) -> Stage {
        if heat >= self.peak {
            Stage::Peak
        } else if stage == Stage::Latent {
            if heat >= self.outbreak {
                Stage::Outbreak
            } else {
                Stage::Latent
            }
        } else if heat <= top - self.cools {
            Stage::Decline
        } else if stage == Stage::Decline {
            // Heat back near its highest after a decline: a second wave.
            Stage::Outbreak
        } else {
            // Broken out and not cooled yet: the outbreak goes on, or the peak holds.
            stage
        }
    }

    /// A stage's course name and controls, when the catalogue gives them.
    pub fn stage(&self, stage: Stage) -> Option<&StageDef> {
        self.stages.iter().find(|s| s.stage == stage)
    }

    /// A stage's course name, falling back to its RON key.
    pub fn stage_name(&self, stage: Stage) -> Text {
        self.stage(stage)
            .map_or_else(|| Text::new(stage.key(), stage.key()), |s| s.name.clone())
    }
}

/// One stage of a public-opinion crisis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageDef {
    /// Which stage.
    pub stage: Stage,
    /// Course name (潜伏期 · Latent).
    pub name: Text,
    /// What controls it, in a sentence the trainee reads beside the meter.
    pub control: Text,
}

/// An expectation class with the response the course teaches for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectationDef {
    /// Which class.
    pub class: Expectation,
    /// Name.
    pub name: Text,
    /// The right response.
    pub response: Text,
    /// Effect when the reply treats the demand as the class it is.
    pub matched: Impact,
    /// Effect when the reply treats it as another class.
    pub mismatched: Impact,
}

/// Which catalogue mistakes the customer's memory applies, by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemoryRules {
    /// Applied when a promise runs out unkept or is reneged on.
    pub broken_promise: String,
    /// Applied when the same question is asked twice.
    pub repeated_question: String,
    /// Applied when a venting customer is cut off.
    pub interrupted_venting: String,
    /// Applied when the trainee says nothing before the timer runs out.
    pub no_response: String,
}

/// The product's own words around a conversation, in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Narration {
    /// Put in the transcript when the trainee lets the decision timer run out.
    pub silence: Text,
    /// The heading of a scenario's own feedback on a reply.
    pub case_note: Text,
    /// Added to a hostile or capitulating mistake's feedback: why the rest of the reply
    /// earned nothing.
    pub bonus_voided: Text,
}

/// Whether a reply made the customer feel better, worse or the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Trend {
    /// Mood went up.
    Better,
    /// Mood went down.
    Worse,
    /// No change.
    Same,
}

/// A short reaction line, drawn (weighted) after a reply that has no scripted reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reaction {
    /// Only for this DISC type, if set.
    #[serde(default)]
    pub disc: Option<Disc>,
    /// Only for this need, if set.
    #[serde(default)]
    pub need: Option<Need>,
    /// Only after a reply that carries one of these techniques or mistakes, if any are
    /// listed: the customer answers what was said, not only how their mood moved. These are
    /// preferred over general reactions.
    #[serde(default)]
    pub to: Vec<String>,
    /// Which way the mood moved.
    pub trend: Trend,
    /// Relative weight.
    #[serde(default = "one")]
    pub weight: u32,
    /// The words.
    pub text: Text,
}

fn one() -> u32 {
    1
}

/// Course names of the enums, so lists and screens use the names trainees know from class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Glossary {
    /// DISC types.
    pub disc: BTreeMap<Disc, Text>,
    /// Archetypes.
    pub archetype: BTreeMap<Archetype, Text>,
    /// Needs.
    pub need: BTreeMap<Need, Text>,
    /// Escalation rungs.
    pub level: BTreeMap<Level, Text>,
    /// Names of the verdicts (every one must be named).
    pub verdict: BTreeMap<Verdict, Text>,
    /// Industries (optional: a catalogue written before they were named still loads, and
    /// screens fall back to the RON key).
    #[serde(default)]
    pub industry: BTreeMap<Industry, Text>,
    /// The course cases of domain §10 (optional, like `industry`).
    #[serde(default)]
    pub case: BTreeMap<CourseCase, Text>,
}

impl Catalogue {
    fn maps(&self) -> &Maps {
        self.index.0.get_or_init(|| Maps {
            techniques: positions(self.techniques.iter().map(|m| m.id.as_str())),
            mistakes: positions(self.mistakes.iter().map(|m| m.id.as_str())),
            legal: positions(self.legal.iter().map(|m| m.id.as_str())),
            statutory: positions(self.statutory.iter().map(|m| m.id.as_str())),
        })
    }

    /// The technique with this id.
    pub fn technique(&self, id: &str) -> Option<&Move> {
        self.techniques.get(*self.maps().techniques.get(id)?)
    }

    /// The mistake with this id.
    pub fn mistake(&self, id: &str) -> Option<&Move> {
        self.mistakes.get(*self.maps().mistakes.get(id)?)
    }

    /// The legal point with this id.
    pub fn legal_point(&self, id: &str) -> Option<&LegalPoint> {
        self.legal.get(*self.maps().legal.get(id)?)
    }

    /// The statutory-damages rule with this id.
    pub fn statutory_rule(&self, id: &str) -> Option<&StatutoryRule> {
        self.statutory.get(*self.maps().statutory.get(id)?)
    }

    /// Ids of every technique, in file order (for did-you-mean).
    pub fn technique_ids(&self) -> impl Iterator<Item = &str> {
        self.techniques.iter().map(|m| m.id.as_str())
    }

    /// Ids of every mistake, in file order.
    pub fn mistake_ids(&self) -> impl Iterator<Item = &str> {
        self.mistakes.iter().map(|m| m.id.as_str())
    }

    /// Ids of every legal point, in file order.
    pub fn legal_ids(&self) -> impl Iterator<Item = &str> {
        self.legal.iter().map(|m| m.id.as_str())
    }

    /// Whether the free-reply pattern with this id is a warning sign: evidence of mistakes
    /// only (a rhetorical question), not of any technique or right (offering options).
    pub fn is_landmine(&self, pattern: &str) -> bool {
        self.patterns
            .iter()
            .find(|p| p.id == pattern)
            .is_some_and(|p| {
                let ids = || p.tags.iter().map(|t| cue_tag(t));
                ids().any(|(_, id)| self.mistake(id).is_some())
                    && !ids().any(|(list, id)| {
                        self.technique(id).is_some()
                            || matches!(list, Some("honours"))
                            || list.is_none() && self.legal_point(id).is_some()
                    })
            })
    }

    /// The definition of an expectation class.
    pub fn expectation(&self, class: Expectation) -> Option<&ExpectationDef> {
        self.expectations.iter().find(|e| e.class == class)
    }

    /// The definition of a rubric.
    pub fn rubric(&self, rubric: Rubric) -> Option<&RubricDef> {
        self.rubrics.iter().find(|r| r.rubric == rubric)
    }

    /// The band a 0–100 score falls in.
    pub fn band(&self, rubric: Rubric, score: u8) -> Option<&Band> {
        self.rubric(rubric)?
            .bands
            .iter()
            .rev()
            .find(|b| score >= b.from)
    }

    /// Patience one decision costs with this customer.
    pub fn turn_cost(&self, disc: Disc) -> i32 {
        self.patience_per_turn.get(&disc).copied().unwrap_or(0)
    }

    /// A glossary name, falling back to the RON key.
    pub fn name_of<K: Ord + Copy + std::fmt::Display>(map: &BTreeMap<K, Text>, key: K) -> Text {
        map.get(&key)
            .cloned()
            .unwrap_or_else(|| Text::new(key.to_string(), key.to_string()))
    }
}
