//! One builder per kind of question in a clinic profile. Text-like questions render
//! through [`crate::components::text_box`] and choice-like ones through
//! [`crate::components::choice_group`].

mod allergy_list;
mod body_map;
mod choice;
mod combobox;
mod date;
mod list_answer;
mod medication_list;
mod text;

use candor_core::{Question, QuestionType};
use leptos::prelude::*;

use crate::html::El;
use crate::state::Visit;

/// Appends to `parent` the question at `index` of section `section`, shown only while
/// it is asked.
pub fn question_view(parent: El, section: usize, index: usize) -> El {
    let visit = Visit::expect();
    let question = visit.with_profile(|p| p.sections[section].questions[index].clone());
    let asked = Memo::new({
        let question = question.clone();
        move |_| {
            visit.answers.with(|a| {
                visit.with_profile(|p| {
                    a.question_asked(p, &p.sections[section], &question, visit.today)
                })
            })
        }
    });
    // Rebuilt only when the question comes or goes, never for an answer typed in it.
    parent.children_for(asked, move |asked| {
        if asked {
            vec![render(question.clone())]
        } else {
            Vec::new()
        }
    })
}

fn render(q: Question) -> El {
    match q.kind {
        QuestionType::ShortText | QuestionType::LongText | QuestionType::Number => {
            text::text_question(q)
        }
        QuestionType::YesNo
        | QuestionType::SingleChoice
        | QuestionType::MultipleChoice
        | QuestionType::Scale => choice::choice_question(q),
        QuestionType::Date => date::date_question(q),
        QuestionType::MedicationList => medication_list::medication_list(q),
        QuestionType::AllergyList => allergy_list::allergy_list(q),
        QuestionType::BodyAreas => body_map::body_map(q),
    }
}

/// The question's text in the current language.
fn label(visit: Visit, q: &Question) -> Signal<String> {
    visit.localized(q.text.clone())
}

/// The question's help in the current language, if it has any.
fn help(visit: Visit, q: &Question) -> Signal<Option<String>> {
    let help = q.help.clone();
    Signal::derive(move || help.as_ref().map(|h| h.get(visit.lang.get()).to_owned()))
}
