//! What is wrong with the answers to one section, question by question.

use super::{Answer, Answers};
use crate::date::{CivilDate, DateError, DatePrecision, PartialDate};
use crate::details::DateParts;
use crate::i18n::Lang;
use crate::profile::{ClinicProfile, Question, QuestionType, Section};

use super::numbers::parse_number;

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

impl Answers {
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
