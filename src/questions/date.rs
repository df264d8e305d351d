//! A date question; day (and month, where allowed) may be left empty when unknown.

use candor_core::{Answer, DateParts, Question};
use leptos::prelude::*;

use super::label;
use crate::components::{DateSpec, date_boxes, described_by, field_messages, optional_mark};
use crate::html::{El, el};
use crate::state::{IssueKey, Visit, question_id};

/// A date as three boxes, with a hint saying how much of the date is needed.
pub fn date_question(q: Question) -> El {
    let visit = Visit::expect();
    let base = question_id(&q.id);
    let key = IssueKey::Question(q.id.clone(), None);
    let precision = q.precision.unwrap_or_default();
    let help = q.help.clone();
    let hint = Signal::derive(move || {
        let own = help.as_ref().map(|h| h.get(visit.lang.get()).to_owned());
        Some(own.unwrap_or_else(|| (visit.text().date_hint)(precision).to_owned()))
    });
    let qid = StoredValue::new(q.id.clone());
    let value = Signal::derive(move || match qid.with_value(|id| visit.answer_of(id)) {
        Some(Answer::Date(parts)) => parts,
        _ => DateParts::default(),
    });
    let on_change = Callback::new(move |parts: DateParts| {
        qid.with_value(|id| visit.answer(id, Answer::Date(parts)))
    });
    let invalid = {
        let key = key.clone();
        Signal::derive(move || visit.shown_issue(&key).is_some())
    };
    let described = {
        let (base, key) = (base.clone(), key.clone());
        Signal::derive(move || described_by(visit, &base, &key, true))
    };
    let legend_text = label(visit, &q);
    let legend = optional_mark(
        el("legend").text_with(move || legend_text.get()),
        !q.required,
    );
    let fieldset = el("fieldset")
        .class("field question date")
        .class_when("field--invalid", move || invalid.get())
        .child(legend);
    field_messages(fieldset, &base, key, hint).child(date_boxes(DateSpec {
        base,
        value,
        on_change,
        invalid,
        described_by: described,
        autocomplete: None,
        required: q.required,
    }))
}
