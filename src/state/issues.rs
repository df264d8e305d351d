//! The problems on a step, as the interface shows them: words, and where to go.

use candor_core::answers::AnswerProblem;
use candor_core::flow::Step;
use candor_core::{Answers, CivilDate, ClinicProfile, DetailsField, Lang};

use super::ids::{entry_id, focus_target, question_id, treatment_id};
use crate::text::Text;

/// What a problem is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IssueKey {
    /// No treatment chosen.
    Treatments,
    /// A "Your details" field.
    Details(DetailsField),
    /// A profile question, or one entry of a list question.
    Question(String, Option<usize>),
}

/// A problem to show: what, in words, and the element to focus to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// What the problem is about.
    pub key: IssueKey,
    /// What is wrong and how to fix it, shown beside the field.
    pub message: String,
    /// The same, naming the question, for the error summary.
    pub summary: String,
    /// Element id to focus.
    pub target: String,
}

/// Every problem on `step`, in screen order.
pub fn for_step(
    step: Step,
    profile: &ClinicProfile,
    answers: &Answers,
    today: CivilDate,
    text: &Text,
) -> Vec<Issue> {
    let lang: Lang = answers.language;
    match step {
        Step::Welcome | Step::Review | Step::Disclosure | Step::Consent(_) | Step::Done => {
            Vec::new()
        }
        Step::Treatments if answers.treatments.is_empty() => vec![Issue {
            key: IssueKey::Treatments,
            message: text.treatments_required.to_owned(),
            summary: text.treatments_required.to_owned(),
            target: profile
                .treatments
                .first()
                .map(|t| treatment_id(&t.id))
                .unwrap_or_default(),
        }],
        Step::Treatments => Vec::new(),
        Step::Details => answers
            .details
            .problems(today)
            .into_iter()
            .map(|p| Issue {
                key: IssueKey::Details(p.field),
                message: (text.problem)(p.field, p.problem).to_owned(),
                summary: (text.problem)(p.field, p.problem).to_owned(),
                target: p.field.first_input().id().to_owned(),
            })
            .collect(),
        Step::Section(index) => {
            let Some(section) = profile.sections.get(index) else {
                return Vec::new();
            };
            answers
                .section_problems(profile, section, today)
                .into_iter()
                .map(|p| {
                    let target = match (p.entry, p.problem) {
                        (Some(i), AnswerProblem::MedicationStopped) => {
                            entry_id(&p.question, i, "stopped-month")
                        }
                        (Some(i), AnswerProblem::AllergySeverity) => {
                            format!("{}-mild", entry_id(&p.question, i, "severity"))
                        }
                        (Some(i), _) => entry_id(&p.question, i, "name"),
                        (None, _) => profile
                            .question(&p.question)
                            .map_or_else(|| question_id(&p.question), |(_, q)| focus_target(q)),
                    };
                    let message = (text.answer_problem)(p.problem).to_owned();
                    let question = profile
                        .question(&p.question)
                        .map_or("", |(_, q)| q.text.get(lang));
                    let summary = match p.entry {
                        Some(i)
                            if matches!(
                                p.problem,
                                AnswerProblem::AllergySubstance | AnswerProblem::AllergySeverity
                            ) =>
                        {
                            format!("{}: {message}", (text.allergy_heading)(i + 1))
                        }
                        Some(i) => format!("{}: {message}", (text.medication_heading)(i + 1)),
                        None => format!("{question} {message}"),
                    };
                    Issue {
                        message,
                        summary,
                        key: IssueKey::Question(p.question, p.entry),
                        target,
                    }
                })
                .collect()
        }
    }
}
