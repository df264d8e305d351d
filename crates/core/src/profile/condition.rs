//! When a section or question is asked: conditions over the answers given so far.

use serde::{Deserialize, Serialize};

/// A condition in a profile. In JSON, one key names the kind:
/// `{"treatment": "massage"}`, `{"equals": {"question": "pregnant", "value": "yes"}}`,
/// `{"includes": {"question": "conditions", "option": "cold_sores"}}`,
/// `{"answered": "last_filler"}`, `{"age_at_least": 12}`, and the combinators
/// `{"all": [...]}`, `{"any": [...]}`, `{"not": {...}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one condition holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
    /// A single-choice or yes/no answer equals `value` (`yes`/`no` for yes/no).
    Equals {
        /// The question's id.
        question: String,
        /// The option id, or `yes` / `no`.
        value: String,
    },
    /// A multiple-choice answer includes `option`.
    Includes {
        /// The question's id.
        question: String,
        /// The option id.
        option: String,
    },
    /// The question has an answer.
    Answered(String),
    /// A treatment with this id or class was chosen.
    Treatment(String),
    /// The patient's age (from the date of birth) is at least this many years.
    /// Unknown age counts as holding, so nothing is skipped by mistake.
    AgeAtLeast(u32),
}

impl Condition {
    /// Every question id the condition reads, for profile checks.
    pub fn questions(&self) -> Vec<&str> {
        match self {
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().flat_map(Condition::questions).collect()
            }
            Condition::Not(c) => c.questions(),
            Condition::Equals { question, .. } | Condition::Includes { question, .. } => {
                vec![question]
            }
            Condition::Answered(question) => vec![question],
            Condition::Treatment(_) | Condition::AgeAtLeast(_) => Vec::new(),
        }
    }

    /// Every treatment id or class the condition names.
    pub fn treatments(&self) -> Vec<&str> {
        match self {
            Condition::All(cs) | Condition::Any(cs) => {
                cs.iter().flat_map(Condition::treatments).collect()
            }
            Condition::Not(c) => c.treatments(),
            Condition::Treatment(t) => vec![t],
            _ => Vec::new(),
        }
    }
}
