//! The course's shared vocabulary: DISC types, difficult archetypes, psychological needs,
//! expectation classes, escalation rungs, industries and course cases, the three rubrics and
//! what a move does (an [`Impact`]), and bilingual [`Text`].
//!
//! Every other layer speaks these terms; this module depends on nothing else in the crate and
//! never holds course *knowledge* (what a technique is worth lives in the catalogue's data).

use serde::{Deserialize, Serialize};

macro_rules! course_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident $(= $alias:literal)?),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vm])* $(#[serde(alias = $alias)])? $variant),+
        }
        impl $name {
            /// Every value, in course order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The name used in RON files.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => stringify!($variant)),+ }
            }
            /// The value a [`Self::key`] names (as stored in records), if any.
            pub fn from_key(key: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.key() == key)
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.key())
            }
        }
    };
}

course_enum! {
    /// How a session can end (resolved, grudging, escalated, crisis, lost).
    EndingKind {
        ResolvedSatisfied,
        ResolvedGrudgingly,
        EscalatedSupervisor,
        EscalatedOverTheHead,
        EscalatedRegulator,
        EscalatedMedia,
        PublicOpinionCrisis,
        CustomerLost,
    }
}

course_enum! {
    /// What an ending means for the trainee, best first: the catalogue gives each ending
    /// kind one; a failed outcome means the session is not passed.
    Verdict {
        /// The customer is satisfied.
        Good,
        /// Resolved with some cost, or escalated only as far as a supervisor.
        Acceptable,
        /// The customer went over your head.
        Poor,
        /// A regulator, the media, a public-opinion crisis or a lost customer.
        Failure,
    }
}

course_enum! {
    /// How old the customer looks, for the face the window draws.
    AgeBand {
        /// Student age to about 30.
        Young,
        /// About 30 to 60.
        Adult,
        /// Over 60.
        Senior,
    }
}

course_enum! {
    /// The customer's sex, for the face the window draws.
    Sex {
        Female,
        Male,
    }
}

/// How the customer looks: `look: (age: Senior, sex: Male)` in a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Look {
    /// Age band.
    pub age: AgeBand,
    /// Sex.
    pub sex: Sex,
}

impl EndingKind {
    /// The rung of the escalation ladder an ending of this kind leaves the customer on.
    pub fn level(self) -> Option<Level> {
        match self {
            EndingKind::EscalatedSupervisor => Some(Level::Supervisor),
            EndingKind::EscalatedOverTheHead => Some(Level::OverTheHead),
            EndingKind::EscalatedRegulator => Some(Level::Regulator),
            EndingKind::EscalatedMedia | EndingKind::PublicOpinionCrisis => Some(Level::Media),
            _ => None,
        }
    }
}

impl Verdict {
    /// Whether a session that ends with this verdict can pass.
    pub fn passes(self) -> bool {
        matches!(self, Verdict::Good | Verdict::Acceptable)
    }
}

course_enum! {
    /// The four DISC personality types the course profiles customers with (domain §2).
    Disc {
        /// D, 支配型: demands results, escalates fast.
        Dominant = "D",
        /// I, 表达型: emotional, talkative, tells everyone.
        Influence = "I",
        /// S, 和蔼型: quiet, conflict-averse, may silently leave.
        Steady = "S",
        /// C, 分析型: precise, documented, checks every claim.
        Conscientious = "C",
    }
}

impl Disc {
    /// The one-letter DISC code.
    pub fn letter(self) -> char {
        self.key().chars().next().unwrap_or('?')
    }
}

course_enum! {
    /// The difficult-customer archetypes (domain §3).
    Archetype {
        /// 投诉专业户
        SerialComplainer,
        /// 行业专家
        IndustryExpert,
        /// 变色龙: demands shift mid-case.
        Chameleon,
        /// 反复无理
        RepeatedlyUnreasonable,
        /// 恶意投诉: extortion, rising demands, media threats.
        Malicious,
        /// 高额索赔: the 2× direct-loss rule applies.
        HighCompensationClaim,
    }
}

course_enum! {
    /// The six psychological needs behind a complaint (domain §4).
    Need {
        /// 本位型
        SelfCentred,
        /// 尊重型
        Respect,
        /// 公平型
        Fairness,
        /// 报复型
        Revenge,
        /// 补偿型
        Compensation,
        /// 发泄型
        Venting,
    }
}

course_enum! {
    /// Expectation classes (domain §6), each with its own right response.
    Expectation {
        /// 可满足
        CanBeMet,
        /// 无法满足
        CannotBeMet,
        /// 过高
        TooHigh,
        /// 无理
        Unreasonable,
        /// 错误 (a misunderstanding)
        Mistaken,
    }
}

course_enum! {
    /// Rungs of the escalation ladder (domain §9), lowest first.
    Level {
        /// Still with the trainee at the front line.
        FrontLine,
        /// Asks for a supervisor.
        Supervisor,
        /// Goes over your head (越级投诉).
        OverTheHead,
        /// Complains to the regulator or a consumer association.
        Regulator,
        /// Goes to the media or posts online.
        Media,
    }
}

course_enum! {
    /// The stages a public-opinion crisis (舆情) runs through (domain §9): quiet talk in a
    /// small circle, the story breaking out, its peak, its decline. Each has its own controls
    /// (the catalogue's `opinion` rules).
    Stage {
        /// 潜伏期: a post or a rumour in a small circle.
        Latent,
        /// 爆发期: the story spreads fast.
        Outbreak,
        /// 高涨期: trending, the media asking.
        Peak,
        /// 衰退期: attention falls away.
        Decline,
    }
}

impl Stage {
    /// The stage's bit in a set of stages reached.
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

course_enum! {
    /// Industries the course cases come from.
    Industry {
        Telecom, Courier, Automotive, Airline, Insurance, ECommerce, DataPrivacy, Retail, Events, Finance, Food, Travel, Fitness, Property, Hospitality, Other,
    }
}

course_enum! {
    /// The anonymised course cases of domain §10.
    CourseCase {
        MobileDataCharge,
        CourierDelayWeibo,
        CarOilLeak,
        BrakeFailure,
        FlightDelay,
        InsuranceRadioPhoneIn,
        RaceInBadWeather,
        MaliciousAccidentClaims,
        RecruitmentDataLeak,
        FaceDataCollection,
        ForgedIdSimTransfer,
        OfficeDisruption,
        MisSellingNoEvidence,
        HighCompensationDemand,
    }
}

/// A language the product speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    /// Simplified Chinese (zh-CN), the language of the course.
    #[default]
    #[serde(rename = "zh")]
    Zh,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// The short code, `zh` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Parses `zh`, `zh-CN`, `cn`, `en`, `en-US` … (case-insensitive).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.to_ascii_lowercase();
        if s == "zh" || s.starts_with("zh-") || s == "cn" || s == "中文" {
            Some(Lang::Zh)
        } else if s == "en" || s.starts_with("en-") || s == "english" {
            Some(Lang::En)
        } else {
            None
        }
    }
}

/// One piece of player-visible text in both languages: `(zh: "…", en: "…")`.
///
/// Both halves default to empty so that a missing half is reported by the validator with its
/// place in the file (a "missing en text" error) instead of failing the whole parse.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Simplified Chinese.
    #[serde(default)]
    pub zh: String,
    /// English.
    #[serde(default)]
    pub en: String,
}

impl Text {
    /// Builds a text from its two halves.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`, falling back to the other language if that half is empty.
    pub fn get(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::Zh => (&self.zh, &self.en),
            Lang::En => (&self.en, &self.zh),
        };
        if first.trim().is_empty() {
            second
        } else {
            first
        }
    }

    /// Which halves are blank, for the validator.
    pub fn missing(&self) -> Vec<Lang> {
        let mut out = Vec::new();
        if self.zh.trim().is_empty() {
            out.push(Lang::Zh);
        }
        if self.en.trim().is_empty() {
            out.push(Lang::En);
        }
        out
    }
}

/// The three rubrics a trainee is scored on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rubric {
    /// 情: handle the feeling first, then the matter.
    Empathy,
    /// 理: find the real need, classify the expectation, promise only what can be kept.
    Expectation,
    /// 法: respect statutory rights, protect lawful interests, use lawful channels.
    Legal,
}

impl Rubric {
    /// All three, in course order (情 · 理 · 法).
    pub const ALL: [Rubric; 3] = [Rubric::Empathy, Rubric::Expectation, Rubric::Legal];

    /// Position in [`Rubric::ALL`] and in per-rubric arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The name used in RON files.
    pub fn key(self) -> &'static str {
        match self {
            Rubric::Empathy => "Empathy",
            Rubric::Expectation => "Expectation",
            Rubric::Legal => "Legal",
        }
    }
}

/// Points on each rubric, in [`Rubric::ALL`] order.
pub type Points = [i32; 3];

/// The effect of a move: points on each rubric and changes to the customer's state.
/// Written in RON as `(empathy: 2, trust: 3)`; fields left out are zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Impact {
    /// Points on 情.
    pub empathy: i32,
    /// Points on 理.
    pub expectation: i32,
    /// Points on 法.
    pub legal: i32,
    /// Change in mood (0 furious … 100 delighted).
    pub mood: i32,
    /// Change in trust.
    pub trust: i32,
    /// Change in patience.
    pub patience: i32,
    /// Change in the heat of public opinion (舆情热度, 0–100), in a scenario with an
    /// `opinion` meter; elsewhere it has no effect.
    #[serde(skip_serializing_if = "is_zero")]
    pub heat: i32,
}

fn is_zero(v: &i32) -> bool {
    *v == 0
}

impl Impact {
    /// Largest magnitude of any one field written in a file (scenario effects, catalogue
    /// entries): with it, no sum of a session's notes comes near `i32`'s limits.
    pub const MAX: i32 = 100;

    /// Every field with its RON name.
    pub fn fields(&self) -> [(&'static str, i32); 7] {
        [
            ("empathy", self.empathy),
            ("expectation", self.expectation),
            ("legal", self.legal),
            ("mood", self.mood),
            ("trust", self.trust),
            ("patience", self.patience),
            ("heat", self.heat),
        ]
    }

    /// The first field outside ±[`Impact::MAX`], if any.
    pub fn out_of_range(&self) -> Option<(&'static str, i32)> {
        self.fields()
            .into_iter()
            .find(|(_, v)| !(-Impact::MAX..=Impact::MAX).contains(v))
    }

    /// The rubric points as an array.
    pub fn points(&self) -> Points {
        [self.empathy, self.expectation, self.legal]
    }

    /// Whether every field is zero.
    pub fn is_zero(&self) -> bool {
        *self == Impact::default()
    }

    /// The same effect with every rubric gain removed: losses on the rubrics and every effect
    /// on the customer stay.
    pub fn without_gains(&self) -> Impact {
        Impact {
            empathy: self.empathy.min(0),
            expectation: self.expectation.min(0),
            legal: self.legal.min(0),
            ..*self
        }
    }

    /// Whether any rubric gains.
    pub fn gains(&self) -> bool {
        self.points().iter().any(|&p| p > 0)
    }

    /// Half of every field, rounded toward zero (used for a secondary DISC type).
    pub fn halved(&self) -> Impact {
        Impact {
            empathy: self.empathy / 2,
            expectation: self.expectation / 2,
            legal: self.legal / 2,
            mood: self.mood / 2,
            trust: self.trust / 2,
            patience: self.patience / 2,
            heat: self.heat / 2,
        }
    }
}

/// Sums saturate: a scenario's values are range-checked, but a sum over many notes must
/// never wrap around to the opposite sign.
impl std::ops::Add for Impact {
    type Output = Impact;
    fn add(self, o: Impact) -> Impact {
        Impact {
            empathy: self.empathy.saturating_add(o.empathy),
            expectation: self.expectation.saturating_add(o.expectation),
            legal: self.legal.saturating_add(o.legal),
            mood: self.mood.saturating_add(o.mood),
            trust: self.trust.saturating_add(o.trust),
            patience: self.patience.saturating_add(o.patience),
            heat: self.heat.saturating_add(o.heat),
        }
    }
}

impl std::ops::AddAssign for Impact {
    fn add_assign(&mut self, o: Impact) {
        *self = *self + o;
    }
}
