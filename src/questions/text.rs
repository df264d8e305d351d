//! Short text, long text and number questions, all through [`text_box`].

use candor_core::{Answer, Question, QuestionType};
use leptos::prelude::*;

use super::{help, label};
use crate::components::{TextBoxSpec, text_box};
use crate::html::El;
use crate::state::{IssueKey, Visit, question_id};

/// A text box (a text area for long answers; a decimal keyboard and unit for numbers).
pub fn text_question(q: Question) -> El {
    let visit = Visit::expect();
    let number = q.kind == QuestionType::Number;
    let qid = StoredValue::new(q.id.clone());
    let value = Signal::derive(move || match qid.with_value(|id| visit.answer_of(id)) {
        Some(Answer::Text(t) | Answer::Number(t)) => t,
        _ => String::new(),
    });
    let on_input = Callback::new(move |text: String| {
        let answer = if number {
            Answer::Number(text)
        } else {
            Answer::Text(text)
        };
        qid.with_value(|id| visit.answer(id, answer));
    });
    let mut spec = TextBoxSpec::new(
        question_id(&q.id),
        label(visit, &q),
        IssueKey::Question(q.id.clone(), None),
        value,
        on_input,
    );
    spec.hint = help(visit, &q);
    spec.optional = !q.required;
    spec.multiline = q.kind == QuestionType::LongText;
    spec.inputmode = if number { "decimal" } else { "text" };
    spec.unit = q.unit.clone().map(|u| visit.localized(u));
    text_box(spec)
}
