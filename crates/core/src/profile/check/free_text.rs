//! Checks of free text read for conditions: the options' `typed_as` words and the text
//! questions `matched_against` a multiple-choice question.

use super::Checker;
use crate::profile::{Choice, Question, QuestionType};

/// An option's `typed_as` words: only on a multiple-choice question's options that
/// are not "None of these", never blank.
pub(super) fn check_typed_as(c: &mut Checker, path: &str, q: &Question, option: &Choice) {
    if option.typed_as.is_empty() {
        return;
    }
    let path = format!("{path}.typed_as");
    if q.kind != QuestionType::MultipleChoice {
        c.error(
            path,
            "only a multiple-choice question's options are read from free text",
        );
    } else if option.exclusive {
        c.error(
            path,
            "an exclusive option (\"None of these\") is never read from free text",
        );
    } else {
        for (i, words) in option.typed_as.iter().enumerate() {
            c.not_blank(&format!("{path}[{i}]"), words);
        }
    }
}

/// A text question's `matched_against`: a multiple-choice question with words to find.
pub(super) fn check_matched_against(c: &mut Checker, path: &str, q: &Question, target: &str) {
    let path = format!("{path}.matched_against");
    if !matches!(q.kind, QuestionType::ShortText | QuestionType::LongText) {
        c.error(
            path,
            "only a short_text or long_text answer is matched against another question",
        );
        return;
    }
    match c.profile.question(target) {
        None => c.error(path, format!("unknown question `{target}`")),
        Some((_, t)) if t.kind != QuestionType::MultipleChoice => c.error(
            path,
            format!("`{target}` is not a multiple-choice question"),
        ),
        Some((_, t)) if t.options.iter().all(|o| o.typed_as.is_empty()) => c.error(
            path,
            format!(
                "no option of `{target}` has `typed_as` words, so nothing could be found in the answer"
            ),
        ),
        Some(_) => {}
    }
}
