//! The clinic profile: the one JSON document that shapes a clinic's widget.
//!
//! The widget is one build for many clinics; what differs between them is data:
//! identity, treatments, the sections and questions asked, the consent documents,
//! the risk protocol, the delivery targets and the check-ins after a treatment. Unknown fields are
//! errors, not silently ignored, so a typo in a profile is caught the first time it is
//! loaded; [`ClinicProfile::from_json`] reports every problem with its JSON path.

mod check;
mod check_ins;
mod condition;
mod delivery;
mod did_you_mean;
#[cfg(feature = "diff")]
pub mod diff;
pub mod fingerprint;
mod kiosk;
pub mod protocol;
mod read;
mod treatment;
mod vocabulary_ref;

use serde::{Deserialize, Serialize};
use std::fmt;

pub use check_ins::{
    Act, Aftercare, CheckIns, MAX_AFTER_DAYS, WarningSign, is_emergency_number, is_sign_id,
};
pub use condition::Condition;
pub use delivery::{DeliveryTarget, endpoint_problem, origin_problem};
pub use did_you_mean::{closest, hint};
pub use kiosk::{KIOSK_RANGES, KioskSettings};
pub use treatment::{
    CREDENTIALS, DEVICE_ENERGIES, Device, LABEL_CONTRAINDICATIONS, Product, ProductName,
    TREATMENT_CLASSES, Treatment, label_problem,
};
pub use vocabulary_ref::{VocabularyRef, is_sha256_hex};

use crate::date::DatePrecision;
use crate::i18n::{Lang, Localized};

/// The profile format this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// The embedded demo clinic, used when no other profile is named.
pub const DEMO_PROFILE_JSON: &str = include_str!("../../profiles/demo.json");

/// A clinic's widget, as data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClinicProfile {
    /// Format version of this document; must equal [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Stable identifier of the clinic, recorded with every submission.
    pub id: String,
    /// Version of this profile, recorded with every submission.
    pub version: String,
    /// The clinic's name as patients know it.
    pub name: String,
    /// The number patients call with questions; shown on help and error screens.
    pub front_desk_phone: String,
    /// A demonstration profile: the widget says so on every screen.
    #[serde(default)]
    pub demo: bool,
    /// Languages the profile's content is written in; the first is the default.
    pub languages: Vec<Lang>,
    /// Canonical URL of the questionnaire this profile's questions form (for FHIR).
    pub questionnaire_url: String,
    /// What the clinic offers; the patient chooses one or more.
    pub treatments: Vec<Treatment>,
    /// The questions, in sections; each section is one step of the flow.
    pub sections: Vec<Section>,
    /// The risk protocol the medical director approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<protocol::Protocol>,
    /// Where signed submissions go; without any, the widget cannot submit and says so.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delivery: Vec<DeliveryTarget>,
    /// Consent documents: the electronic-records disclosure, one per treatment, and
    /// general ones (privacy notice, an optional photo consent).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consents: Vec<crate::consent::ConsentDocument>,
    /// How the widget behaves on the clinic's waiting-room tablets.
    #[serde(default)]
    pub kiosk: KioskSettings,
    /// The numbers a patient is given after a treatment; required once any treatment
    /// has [`Treatment::check_ins`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aftercare: Option<Aftercare>,
    /// The vocabulary file the profile's risk checks read; required once a question
    /// is a medication or allergy list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocabulary: Option<VocabularyRef>,
    /// SHA-256 (hex) of the document's canonical form ([`fingerprint`]): the version
    /// a medical director approves and every summary records. Computed when the
    /// profile is read, never written in it.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub sha256: String,
}

/// A step of questions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Identifier, unique in the profile.
    pub id: String,
    /// The step's heading.
    pub title: Localized,
    /// What the step is for, in a sentence or two.
    #[serde(default)]
    pub intro: Option<Localized>,
    /// The section is asked only when this holds (for example a treatment chosen).
    #[serde(default)]
    pub when: Option<Condition>,
    /// The questions, in order.
    pub questions: Vec<Question>,
}

/// One question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Identifier, unique in the profile; answers are keyed by it.
    pub id: String,
    /// What kind of answer it takes.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// The question as the patient reads it.
    pub text: Localized,
    /// Help shown under the question.
    #[serde(default)]
    pub help: Option<Localized>,
    /// Whether the patient must answer before moving on.
    #[serde(default)]
    pub required: bool,
    /// The question is asked only when this holds.
    #[serde(default)]
    pub when: Option<Condition>,
    /// The choices, for `single_choice` and `multiple_choice`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    /// For `date`: how much of the date the patient must give.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<DatePrecision>,
    /// For `number`: the unit shown beside the box.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Localized>,
    /// For `number` and `scale`: the smallest allowed value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// For `number` and `scale`: the largest allowed value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// For `scale`: what the two ends mean.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_labels: Option<ScaleLabels>,
    /// For `body_areas`: the marks the patient can make, such as avoid and focus.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<Choice>,
    /// The score this question's options add to, such as `fitzpatrick`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<String>,
    /// For `short_text` and `long_text`: the multiple-choice question whose options'
    /// [`Choice::typed_as`] words are looked for in the answer, so a condition typed
    /// here instead of ticked there still reaches the rules (as `review` at most).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched_against: Option<String>,
}

/// The kinds of question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    /// One line of text.
    ShortText,
    /// Several lines of text.
    LongText,
    /// Yes or no.
    YesNo,
    /// One of the options.
    SingleChoice,
    /// Any of the options.
    MultipleChoice,
    /// A date, possibly partial (a year, a month and year).
    Date,
    /// A number, with optional bounds and unit.
    Number,
    /// Medicines, each with whether it is still taken or when it was stopped.
    MedicationList,
    /// Allergies, each with the reaction and how bad it was.
    AllergyList,
    /// Areas tapped on a body map.
    BodyAreas,
    /// A point on a numbered scale.
    Scale,
}

/// One option of a choice question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Identifier, unique within the question; answers store it.
    pub id: String,
    /// The option as the patient reads it.
    pub text: Localized,
    /// Points towards the question's score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u32>,
    /// Choosing it clears every other option ("None of these").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusive: bool,
    /// Words a patient may type for this option in a free-text answer that is
    /// [`Question::matched_against`] this question, in any of the profile's languages
    /// (`lupus`, `artritis reumatoide`). Case and accents do not matter; a mention after
    /// "no", "never", "sin" or about a relative ("my mother has …") does not count.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub typed_as: Vec<String>,
}

/// What the ends of a scale mean.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ScaleLabels {
    /// Meaning of the smallest value.
    pub min: Localized,
    /// Meaning of the largest value.
    pub max: Localized,
}

/// A problem with a profile: where (a JSON path such as `$.sections[2].questions[0].id`)
/// and what, in words for the clinic's staff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileError {
    /// JSON path of the offending value, `$` for the whole document.
    pub path: String,
    /// A plain description.
    pub message: String,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl ClinicProfile {
    /// Reads and checks a profile. Returns every problem found, not just the first,
    /// each with its JSON path: fields of the wrong type, unknown fields, then (once
    /// it reads) references that do not resolve, duplicates and missing translations.
    pub fn from_json(text: &str) -> Result<Self, Vec<ProfileError>> {
        let profile = Self::read_unchecked(text)?;
        let problems = profile.problems();
        if problems.is_empty() {
            Ok(profile)
        } else {
            Err(problems)
        }
    }

    /// Reads a profile's structure without checking references, so that tools can
    /// report a broken protocol in detail (`candor-protocol lint`). The widget uses
    /// [`ClinicProfile::from_json`].
    pub fn read_unchecked(text: &str) -> Result<Self, Vec<ProfileError>> {
        let value = Self::parse_document(text)?;
        let sha256 = fingerprint::sha256(&value).map_err(|e| vec![fingerprint::problem(e)])?;
        Self::read_document(&value, sha256)
    }

    /// The profile text as a JSON document, or why it is not JSON. The widget parses,
    /// hashes ([`fingerprint::sha256`]) and reads ([`ClinicProfile::from_document`]) in
    /// separate tasks, so a slow phone's main thread is never blocked for long.
    pub fn parse_document(text: &str) -> Result<serde_json::Value, Vec<ProfileError>> {
        serde_json::from_str(text).map_err(|e| {
            vec![ProfileError {
                path: "$".into(),
                message: format!(
                    "not valid JSON (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
            }]
        })
    }

    /// Reads and checks a parsed profile document whose fingerprint is `sha256`
    /// ([`fingerprint::sha256`] of the same document).
    pub fn from_document(
        document: &serde_json::Value,
        sha256: String,
    ) -> Result<Self, Vec<ProfileError>> {
        let profile = Self::read_document(document, sha256)?;
        let problems = profile.problems();
        if problems.is_empty() {
            Ok(profile)
        } else {
            Err(problems)
        }
    }

    fn read_document(
        document: &serde_json::Value,
        sha256: String,
    ) -> Result<Self, Vec<ProfileError>> {
        let mut reader = read::Reader::default();
        let mut profile = reader.profile(document).ok_or(reader.errors)?;
        profile.sha256 = sha256;
        Ok(profile)
    }

    /// Problems with the profile's references, duplicates, translations and protocol.
    pub fn problems(&self) -> Vec<ProfileError> {
        check::problems(self)
    }

    /// The embedded demo profile.
    pub fn demo() -> Self {
        Self::from_json(DEMO_PROFILE_JSON).expect("the embedded demo profile is valid (tested)")
    }

    /// The profile's default language.
    pub fn default_language(&self) -> Lang {
        self.languages.first().copied().unwrap_or(Lang::En)
    }

    /// The electronic-records disclosure the patient agrees to before signing
    /// anything. A checked profile has exactly one.
    pub fn disclosure(&self) -> Option<&crate::consent::ConsentDocument> {
        self.consents
            .iter()
            .find(|d| d.kind == crate::consent::ConsentKind::Disclosure)
    }

    /// The treatment with `id`.
    pub fn treatment(&self, id: &str) -> Option<&Treatment> {
        self.treatments.iter().find(|t| t.id == id)
    }

    /// The question with `id`, with the section it belongs to.
    pub fn question(&self, id: &str) -> Option<(&Section, &Question)> {
        self.sections
            .iter()
            .find_map(|s| s.questions.iter().find(|q| q.id == id).map(|q| (s, q)))
    }

    /// Every question, in order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }
}

/// The ends of a `scale` question when the profile does not give them: 0 to 10.
pub const DEFAULT_SCALE: (i32, i32) = (0, 10);

impl Question {
    /// The points of a `scale` question, smallest and largest, from `min` and `max`
    /// or [`DEFAULT_SCALE`].
    pub fn scale_range(&self) -> (i32, i32) {
        (
            self.min.map_or(DEFAULT_SCALE.0, |m| m as i32),
            self.max.map_or(DEFAULT_SCALE.1, |m| m as i32),
        )
    }

    /// The option with `id`.
    pub fn option(&self, id: &str) -> Option<&Choice> {
        self.options.iter().find(|o| o.id == id)
    }

    /// The options chosen after ticking (`on`) or unticking `option` in a multiple
    /// choice: kept in the profile's order, and an exclusive option ("None of these")
    /// clears the others, as any other option clears it.
    pub fn toggle(&self, chosen: &[String], option: &str, on: bool) -> Vec<String> {
        let exclusive = self.option(option).is_some_and(|o| o.exclusive);
        self.options
            .iter()
            .filter(|o| {
                if o.id == option {
                    on
                } else if on && (exclusive || o.exclusive) {
                    false
                } else {
                    chosen.contains(&o.id)
                }
            })
            .map(|o| o.id.clone())
            .collect()
    }
}
