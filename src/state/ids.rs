//! Element ids, so that error summaries and Change links can move focus to a field.

use candor_core::{Question, QuestionType};

/// Element id of the error summary.
pub const ERROR_SUMMARY_ID: &str = "error-summary";

/// Base of a question's element ids: a text box's own id, a choice group's prefix
/// (each option is `{base}-{value}`), a list's Add button.
pub fn question_id(question: &str) -> String {
    format!("q-{question}")
}

/// The element that receives focus when the patient is sent to `question` (from the
/// error summary or a Change button): its first box or option.
pub fn focus_target(question: &Question) -> String {
    let base = question_id(&question.id);
    match question.kind {
        QuestionType::Date => format!("{base}-month"),
        QuestionType::YesNo => format!("{base}-yes"),
        QuestionType::Scale => format!("{base}-{}", question.scale_range().0),
        QuestionType::SingleChoice | QuestionType::MultipleChoice => question
            .options
            .first()
            .map_or(base.clone(), |o| format!("{base}-{}", o.id)),
        QuestionType::BodyAreas => question
            .marks
            .first()
            .map_or(base.clone(), |m| format!("{base}-{}", m.id)),
        _ => base,
    }
}

/// Element id of one part (`name`, `severity`, …) of a list entry.
pub fn entry_id(question: &str, entry: usize, part: &str) -> String {
    format!("q-{question}-{entry}-{part}")
}

/// Element id of a treatment's checkbox.
pub fn treatment_id(treatment: &str) -> String {
    format!("treatments-{treatment}")
}
