//! The patient's answers, which of them are asked, and what is wrong with them.
//!
//! Answers hold what the patient typed (dates and numbers as text) so nothing they
//! type is lost while it is still incomplete; validation says what is wrong. An
//! answer to a question that is no longer asked (because an answer it depends on
//! changed) is removed at once by [`Answers::prune`]: it can never be submitted.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::date::{CivilDate, DateError, DatePrecision, PartialDate};
use crate::details::{DateParts, PatientDetails};
use crate::i18n::Lang;
use crate::profile::{ClinicProfile, Condition, Question, QuestionType, Section};

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

/// How bad a past reaction was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReactionSeverity {
    Mild,
    Moderate,
    Severe,
    Anaphylaxis,
}

impl ReactionSeverity {
    /// Every severity, mildest first.
    pub const ALL: [ReactionSeverity; 4] =
        [Self::Mild, Self::Moderate, Self::Severe, Self::Anaphylaxis];
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

/// What is wrong with an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerProblem {
    /// A required question has no answer.
    Required,
    /// Day, month or year is missing where the question needs it.
    DateIncomplete,
    /// The date does not exist.
    DateNotReal,
    /// The date is after today.
    DateInFuture,
    /// Not a number.
    NotANumber,
    /// A number outside the question's range.
    OutOfRange,
    /// A medication entry without a name.
    MedicationName,
    /// A stopped medication without a valid month and year of stopping.
    MedicationStopped,
    /// An allergy entry without a substance.
    AllergySubstance,
    /// An allergy entry without a severity.
    AllergySeverity,
}

/// A problem with the answer to one question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionProblem {
    /// The question's id.
    pub question: String,
    /// For list answers, the entry (from 0) with the problem.
    pub entry: Option<usize>,
    /// What is wrong.
    pub problem: AnswerProblem,
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
        }
    }

    /// Whether `condition` holds for these answers on `today`.
    pub fn holds(&self, profile: &ClinicProfile, condition: &Condition, today: CivilDate) -> bool {
        match condition {
            Condition::All(cs) => cs.iter().all(|c| self.holds(profile, c, today)),
            Condition::Any(cs) => cs.iter().any(|c| self.holds(profile, c, today)),
            Condition::Not(c) => !self.holds(profile, c, today),
            Condition::Equals { question, value } => match self.values.get(question) {
                Some(Answer::YesNo(yes)) => value == if *yes { "yes" } else { "no" },
                Some(Answer::Choice(chosen)) => chosen == value,
                _ => false,
            },
            Condition::Includes { question, option } => {
                matches!(self.values.get(question), Some(Answer::Choices(chosen)) if chosen.contains(option))
            }
            Condition::Answered(question) => self.values.contains_key(question),
            Condition::Treatment(t) => self.treatments.iter().any(|id| {
                id == t
                    || profile
                        .treatment(id)
                        .is_some_and(|treatment| &treatment.class == t)
            }),
            Condition::AgeAtLeast(years) => self
                .details
                .age_on(today)
                .is_none_or(|age| age >= *years as i32),
        }
    }

    /// Whether `section` is asked: its condition holds and at least one of its
    /// questions is asked (a section whose questions are all hidden is no step).
    pub fn section_asked(
        &self,
        profile: &ClinicProfile,
        section: &Section,
        today: CivilDate,
    ) -> bool {
        self.section_applies(profile, section, today)
            && section.questions.iter().any(|q| {
                q.when
                    .as_ref()
                    .is_none_or(|c| self.holds(profile, c, today))
            })
    }

    /// Whether the section's own condition holds.
    fn section_applies(
        &self,
        profile: &ClinicProfile,
        section: &Section,
        today: CivilDate,
    ) -> bool {
        section
            .when
            .as_ref()
            .is_none_or(|c| self.holds(profile, c, today))
    }

    /// Whether `question` (in `section`) is asked.
    pub fn question_asked(
        &self,
        profile: &ClinicProfile,
        section: &Section,
        question: &Question,
        today: CivilDate,
    ) -> bool {
        self.section_applies(profile, section, today)
            && question
                .when
                .as_ref()
                .is_none_or(|c| self.holds(profile, c, today))
    }

    /// Indexes of the sections asked, in order.
    pub fn asked_sections(&self, profile: &ClinicProfile, today: CivilDate) -> Vec<usize> {
        (0..profile.sections.len())
            .filter(|&i| self.section_asked(profile, &profile.sections[i], today))
            .collect()
    }

    /// Records `answer` to `question` (an empty answer removes it), then prunes.
    pub fn set(
        &mut self,
        profile: &ClinicProfile,
        question: &str,
        answer: Answer,
        today: CivilDate,
    ) {
        if answer.is_empty() {
            self.values.remove(question);
        } else {
            self.values.insert(question.to_owned(), answer);
        }
        self.prune(profile, today);
    }

    /// Chooses or unchooses a treatment, then prunes.
    pub fn choose_treatment(
        &mut self,
        profile: &ClinicProfile,
        id: &str,
        chosen: bool,
        today: CivilDate,
    ) {
        self.treatments.retain(|t| t != id);
        if chosen {
            self.treatments.push(id.to_owned());
        }
        let order = |t: &String| profile.treatments.iter().position(|x| &x.id == t);
        self.treatments.sort_by_key(order);
        self.prune(profile, today);
    }

    /// Removes every answer to a question that is not asked (or not in the profile)
    /// and every unknown treatment, repeating until nothing changes, since removing
    /// one answer can hide questions that depended on it.
    pub fn prune(&mut self, profile: &ClinicProfile, today: CivilDate) {
        self.treatments.retain(|t| profile.treatment(t).is_some());
        loop {
            let hidden: Vec<String> = self
                .values
                .keys()
                .filter(|id| match profile.question(id) {
                    Some((section, question)) => {
                        !self.question_asked(profile, section, question, today)
                    }
                    None => true,
                })
                .cloned()
                .collect();
            if hidden.is_empty() {
                return;
            }
            for id in hidden {
                self.values.remove(&id);
            }
        }
    }

    /// Problems with the answers to the questions asked in `section`, in order.
    pub fn section_problems(
        &self,
        profile: &ClinicProfile,
        section: &Section,
        today: CivilDate,
    ) -> Vec<QuestionProblem> {
        let mut out = Vec::new();
        for question in &section.questions {
            if !self.question_asked(profile, section, question, today) {
                continue;
            }
            let mut push = |entry, problem| {
                out.push(QuestionProblem {
                    question: question.id.clone(),
                    entry,
                    problem,
                })
            };
            match self.values.get(&question.id) {
                None if question.required => push(None, AnswerProblem::Required),
                None => {}
                Some(answer) => {
                    for (entry, problem) in answer_problems(question, answer, self.language, today)
                    {
                        push(entry, problem);
                    }
                }
            }
        }
        out
    }

    /// The total of a score (such as `fitzpatrick`) once every question asked that
    /// contributes to it has an answer.
    pub fn score(&self, profile: &ClinicProfile, score: &str, today: CivilDate) -> Option<u32> {
        let mut total = 0;
        let mut any = false;
        for section in &profile.sections {
            for q in section
                .questions
                .iter()
                .filter(|q| q.score.as_deref() == Some(score))
            {
                if !self.question_asked(profile, section, q, today) {
                    continue;
                }
                let Some(Answer::Choice(id)) = self.values.get(&q.id) else {
                    return None;
                };
                total += q.option(id).and_then(|o| o.score)?;
                any = true;
            }
        }
        any.then_some(total)
    }
}

/// Problems with one answer, each with the list entry it concerns.
fn answer_problems(
    q: &Question,
    answer: &Answer,
    lang: Lang,
    today: CivilDate,
) -> Vec<(Option<usize>, AnswerProblem)> {
    match (q.kind, answer) {
        (QuestionType::Date, Answer::Date(parts)) => {
            date_problem(parts, q.precision.unwrap_or_default(), today)
                .map(|p| (None, p))
                .into_iter()
                .collect()
        }
        (QuestionType::Number, Answer::Number(text)) => match parse_number(text, lang) {
            None => vec![(None, AnswerProblem::NotANumber)],
            Some(n) if q.min.is_some_and(|min| n < min) || q.max.is_some_and(|max| n > max) => {
                vec![(None, AnswerProblem::OutOfRange)]
            }
            Some(_) => Vec::new(),
        },
        (QuestionType::MedicationList, Answer::Medications(list)) => list
            .iter()
            .enumerate()
            .flat_map(|(i, m)| {
                let mut problems = Vec::new();
                if m.name.trim().is_empty() {
                    problems.push((Some(i), AnswerProblem::MedicationName));
                }
                if !m.current && date_problem(&m.stopped, DatePrecision::Month, today).is_some() {
                    problems.push((Some(i), AnswerProblem::MedicationStopped));
                }
                problems
            })
            .collect(),
        (QuestionType::AllergyList, Answer::Allergies(list)) => list
            .iter()
            .enumerate()
            .flat_map(|(i, a)| {
                let mut problems = Vec::new();
                if a.substance.trim().is_empty() {
                    problems.push((Some(i), AnswerProblem::AllergySubstance));
                }
                if a.severity.is_none() {
                    problems.push((Some(i), AnswerProblem::AllergySeverity));
                }
                problems
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// What is wrong with a typed date that must have at least `precision`.
pub fn date_problem(
    parts: &DateParts,
    precision: DatePrecision,
    today: CivilDate,
) -> Option<AnswerProblem> {
    let date = match PartialDate::from_parts(&parts.day, &parts.month, &parts.year) {
        Err(DateError::Incomplete) => return Some(AnswerProblem::DateIncomplete),
        Err(DateError::NotARealDate) => return Some(AnswerProblem::DateNotReal),
        Ok(date) => date,
    };
    if date.precision() < precision {
        return Some(AnswerProblem::DateIncomplete);
    }
    let earliest = CivilDate {
        year: date.year,
        month: date.month.unwrap_or(1),
        day: date.day.unwrap_or(1),
    };
    (earliest > today).then_some(AnswerProblem::DateInFuture)
}

/// A number as typed in `lang`: `1.5` in English; `1,5` or `1.5` in Spanish.
/// Thousands separators are not accepted, so `1,500` is not read as 1.5 by mistake.
pub fn parse_number(text: &str, lang: Lang) -> Option<f64> {
    let text = text.trim();
    let normalized = match lang {
        Lang::Es => text.replace(',', "."),
        Lang::En if text.contains(',') => return None,
        Lang::En => text.to_owned(),
    };
    let ok = !normalized.is_empty()
        && normalized
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && normalized.matches('.').count() <= 1;
    ok.then(|| normalized.parse().ok())
        .flatten()
        .filter(|n: &f64| n.is_finite())
}
