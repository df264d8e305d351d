//! Yes/no, single-choice, multiple-choice and scale questions, all through
//! [`choice_group`].

use candor_core::{Answer, Question, QuestionType};
use leptos::prelude::*;

use super::{help, label};
use crate::components::{ChoiceSpec, Layout, OptionSpec, choice_group};
use crate::html::El;
use crate::state::{IssueKey, Visit, question_id};

/// The options a question offers, as the group shows them.
fn options(visit: Visit, q: &Question) -> Vec<OptionSpec> {
    match q.kind {
        QuestionType::YesNo => vec![
            OptionSpec::new("yes", visit.t_with(|t| t.yes.to_owned())),
            OptionSpec::new("no", visit.t_with(|t| t.no.to_owned())),
        ],
        QuestionType::Scale => {
            let (min, max) = q.scale_range();
            (min..=max)
                .map(|n| OptionSpec::new(n.to_string(), Signal::stored(n.to_string())))
                .collect()
        }
        _ => q
            .options
            .iter()
            .map(|o| OptionSpec::new(o.id.clone(), visit.localized(o.text.clone())))
            .collect(),
    }
}

/// The answer's chosen values, as the group marks them.
fn chosen(answer: Option<Answer>) -> Vec<String> {
    match answer {
        Some(Answer::Choice(id)) => vec![id],
        Some(Answer::Choices(ids)) => ids,
        Some(Answer::YesNo(yes)) => vec![if yes { "yes" } else { "no" }.to_owned()],
        Some(Answer::Scale(n)) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

/// Any choice question.
pub fn choice_question(q: Question) -> El {
    let visit = Visit::expect();
    let kind = q.kind;
    let question = StoredValue::new(q.clone());
    let current = Signal::derive(move || question.with_value(|q| chosen(visit.answer_of(&q.id))));
    let on_toggle = Callback::new(move |(value, on): (String, bool)| {
        question.with_value(|q| {
            let answer = match kind {
                QuestionType::YesNo => Answer::YesNo(value == "yes"),
                QuestionType::Scale => Answer::Scale(value.parse().unwrap_or_default()),
                QuestionType::MultipleChoice => {
                    Answer::Choices(q.toggle(&current.get_untracked(), &value, on))
                }
                _ => Answer::Choice(value),
            };
            visit.answer(&q.id, answer);
        })
    });
    let hint = match q.scale_labels.clone() {
        Some(labels) => {
            let (min, max) = q.scale_range();
            Signal::derive(move || {
                let lang = visit.lang.get();
                Some((visit.text().scale_hint)(
                    min,
                    labels.min.get(lang),
                    max,
                    labels.max.get(lang),
                ))
            })
        }
        None => help(visit, &q),
    };
    let mut spec = ChoiceSpec::new(
        question_id(&q.id),
        label(visit, &q),
        options(visit, &q),
        current,
        on_toggle,
    );
    spec.hint = hint;
    spec.key = Some(IssueKey::Question(q.id.clone(), None));
    spec.checkbox = kind == QuestionType::MultipleChoice;
    spec.optional = !q.required;
    spec.layout = match kind {
        QuestionType::YesNo => Layout::Inline,
        QuestionType::Scale => Layout::Scale,
        _ => Layout::Stacked,
    };
    choice_group(spec)
}
