//! When a rule fires: conditions over answers, medicines, allergies, dates and age.

use serde::{Deserialize, Serialize};

use crate::profile::{ClinicProfile, Condition, QuestionType};
use crate::vocabulary::ReactionSeverity;

/// A number of months, written as a number or as a protocol parameter's name:
/// `6` or `{"param": "isotretinoin_washout_months"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Months {
    /// A fixed number of months.
    Fixed(u32),
    /// A parameter of the protocol, which may differ by treatment.
    Param {
        /// The parameter's name.
        param: String,
    },
}

/// A rule's condition. In JSON one key names the kind, for example
/// `{"medication": {"class": "isotretinoin", "within_months": {"param": "isotretinoin_washout_months"}}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum RiskCondition {
    /// Every condition holds.
    All(Vec<RiskCondition>),
    /// At least one holds.
    Any(Vec<RiskCondition>),
    /// The condition does not hold.
    Not(Box<RiskCondition>),
    /// A profile condition on the answers (`equals`, `includes`, `answered`, …).
    Answer(Condition),
    /// A medicine of this class is taken now, or was stopped within `within_months`
    /// (current use only when no window is given).
    Medication {
        /// Vocabulary class, such as `anticoagulant`.
        class: String,
        /// How recently it may have been stopped and still count.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        within_months: Option<Months>,
        /// Only a medicine taken one of these ways counts (a neomycin ointment is not
        /// an aminoglycoside course); list `unspecified` too for one whose route the
        /// patient did not say, as a safety rule should. Absent: every route.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        routes: Option<Vec<crate::vocabulary::Route>>,
    },
    /// An allergy of this class, or any allergy at least this severe.
    Allergy {
        /// Vocabulary class, such as `cow_milk_protein`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        class: Option<String>,
        /// The reaction was at least this severe.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_severity: Option<ReactionSeverity>,
    },
    /// A date answer falls within the last `months` months.
    DateWithin {
        /// The date question.
        question: String,
        /// The window.
        months: Months,
    },
    /// A date answer falls within the last `days` days, counting from the latest day
    /// it can mean (a cold sore "this month" counts as recent).
    DateWithinDays {
        /// The date question.
        question: String,
        /// The window, in days.
        days: u32,
    },
    /// The patient is younger than this many years.
    AgeUnder(u32),
    /// A question that is asked has no answer ("not answered" is a finding, not silence).
    Unanswered(String),
    /// A score (such as `fitzpatrick`) reaches this total.
    ScoreAtLeast {
        /// The score's id.
        score: String,
        /// The smallest total that counts.
        value: u32,
    },
}

impl RiskCondition {
    /// The questions whose answers the condition reads, in `profile`'s terms: those a
    /// patient who skips them leaves the rule unable to fire. A medicine or allergy
    /// condition reads every list question of that kind, a score every question that
    /// adds to it; `unanswered` and age read none (skipping is what the one checks, the
    /// date of birth is a required detail).
    pub fn questions_relied_on<'a>(&'a self, profile: &'a ClinicProfile, into: &mut Vec<&'a str>) {
        // Plain loops: this runs in the widget, whose bundle budget counts every
        // iterator adapter's copy.
        let list = match self {
            RiskCondition::All(cs) | RiskCondition::Any(cs) => {
                for c in cs {
                    c.questions_relied_on(profile, into);
                }
                return;
            }
            RiskCondition::Not(c) => return c.questions_relied_on(profile, into),
            RiskCondition::Answer(c) => {
                into.extend(c.questions());
                return;
            }
            RiskCondition::DateWithin { question, .. }
            | RiskCondition::DateWithinDays { question, .. } => {
                into.push(question);
                return;
            }
            RiskCondition::AgeUnder(_) | RiskCondition::Unanswered(_) => return,
            RiskCondition::Medication { .. } => Some(QuestionType::MedicationList),
            RiskCondition::Allergy { .. } => Some(QuestionType::AllergyList),
            RiskCondition::ScoreAtLeast { .. } => None,
        };
        let score = match self {
            RiskCondition::ScoreAtLeast { score, .. } => Some(score.as_str()),
            _ => None,
        };
        for section in &profile.sections {
            for q in &section.questions {
                if Some(q.kind) == list || (score.is_some() && q.score.as_deref() == score) {
                    into.push(&q.id);
                }
            }
        }
    }

    /// The questions an `unanswered` anywhere in the condition names.
    pub fn unanswered_questions<'a>(&'a self, into: &mut Vec<&'a str>) {
        match self {
            RiskCondition::All(cs) | RiskCondition::Any(cs) => {
                cs.iter().for_each(|c| c.unanswered_questions(into));
            }
            RiskCondition::Not(c) => c.unanswered_questions(into),
            RiskCondition::Unanswered(question) => into.push(question),
            _ => {}
        }
    }
}
