//! The patient's answers, which of them are asked, and what is wrong with them.
//!
//! Answers hold what the patient typed (dates and numbers as text) so nothing they
//! type is lost while it is still incomplete; validation says what is wrong. An
//! answer to a question that is no longer asked (because an answer it depends on
//! changed) is removed at once by [`Answers::prune`]: it can never be submitted.
//!
//! One job a file: the model is here; [`visibility`] says which sections and
//! questions are asked, [`pruning`] records answers and removes hidden ones,
//! [`references`] finds ids the profile does not know,
//! [`validation`] says what is wrong, [`numbers`] reads numbers and scores.

mod authored;
mod numbers;
mod pruning;
mod read;
mod references;
mod validation;
mod visibility;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::details::{DateParts, PatientDetails};
use crate::i18n::Lang;

/// How bad a past reaction was (kept with the vocabulary, which protocols also read).
pub use crate::vocabulary::ReactionSeverity;
pub use authored::with_optional_details;
pub use numbers::parse_number;
pub use references::UnknownReference;
pub use validation::{AnswerProblem, QuestionProblem, date_problem};

/// Everything the patient has answered in one visit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Answers {
    /// The language the patient used (the last one chosen).
    pub language: Lang,
    /// Ids of the treatments chosen, in the profile's order.
    pub treatments: Vec<String>,
    /// "Your details".
    pub details: PatientDetails,
    /// Answers to the profile's questions, by question id.
    pub values: BTreeMap<String, Answer>,
    /// The product chosen for a treatment, by treatment id, when the patient or the
    /// clinic chose one; without it, rules about some products name which ones.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub products: BTreeMap<String, String>,
}

/// One answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Answer {
    /// Short or long text.
    Text(String),
    /// Yes (true) or no (false).
    YesNo(bool),
    /// The id of the chosen option.
    Choice(String),
    /// The ids of the chosen options, in the profile's order.
    Choices(Vec<String>),
    /// A date as typed; day and month may be empty when not known.
    Date(DateParts),
    /// A number as typed, in the patient's locale.
    Number(String),
    /// Medicines, supplements and skin-care actives.
    Medications(Vec<Medication>),
    /// Allergies and past reactions.
    Allergies(Vec<Allergy>),
    /// Areas of the body, each with a mark id (for example `avoid` or `focus`).
    BodyAreas(BTreeMap<String, String>),
    /// A point on a scale.
    Scale(i32),
}

/// A medicine the patient takes or took.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Medication {
    /// The name as typed or picked.
    pub name: String,
    /// The vocabulary entry picked from the suggestions, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Whether the patient still takes it.
    pub current: bool,
    /// When they stopped, if they did.
    #[serde(default)]
    pub stopped: DateParts,
}

/// Something the patient is allergic to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Allergy {
    /// The substance as typed or picked.
    pub substance: String,
    /// The vocabulary entry picked from the suggestions, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// What happened, in the patient's words.
    pub reaction: String,
    /// How bad it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<ReactionSeverity>,
}

impl Answer {
    /// Whether the answer says nothing (and so is not stored).
    pub fn is_empty(&self) -> bool {
        match self {
            Answer::Text(t) | Answer::Number(t) | Answer::Choice(t) => t.trim().is_empty(),
            Answer::Choices(c) => c.is_empty(),
            Answer::Date(d) => [&d.day, &d.month, &d.year]
                .iter()
                .all(|p| p.trim().is_empty()),
            Answer::Medications(m) => m.is_empty(),
            Answer::Allergies(a) => a.is_empty(),
            Answer::BodyAreas(b) => b.is_empty(),
            Answer::YesNo(_) | Answer::Scale(_) => false,
        }
    }
}

impl Answers {
    /// No answers yet, in `language`.
    pub fn new(language: Lang) -> Self {
        Self {
            language,
            treatments: Vec::new(),
            details: PatientDetails::default(),
            values: BTreeMap::new(),
            products: BTreeMap::new(),
        }
    }
}

impl Medication {
    /// Says whether the patient still takes it. Still taking means no stopping date:
    /// one typed earlier is cleared, so it can never be submitted by mistake.
    pub fn set_current(&mut self, current: bool) {
        self.current = current;
        if current {
            self.stopped = DateParts::default();
        }
    }
}
