//! A list of medicines: name (with suggestions), still taking or stopped, and when.

use candor_core::vocabulary::TermKind;
use candor_core::{Answer, DateParts, Medication, Question};
use leptos::prelude::*;

use super::list_answer::{Entry, ListAnswer};
use super::{help, label};
use crate::components::{
    ChoiceSpec, DateSpec, Layout, OptionSpec, choice_group, date_boxes, field_messages,
};
use crate::html::{El, el};
use crate::state::{IssueKey, Visit, entry_id, question_id};

/// Every medicine the patient adds, one block each, with Add and Remove.
pub fn medication_list(q: Question) -> El {
    let visit = Visit::expect();
    let answer = ListAnswer::new(
        visit,
        &q,
        |a| match a {
            Answer::Medications(list) => Some(list),
            _ => None,
        },
        Answer::Medications,
    );
    let list = answer.list;
    let qid = StoredValue::new(q.id.clone());
    let update = move |i: usize, f: &dyn Fn(&mut Medication)| answer.update(i, f);
    let add = move || {
        answer.add(Medication {
            current: true,
            ..Medication::default()
        })
    };
    let remove = move |i: usize| answer.remove(i);
    let entry = move |i: usize| {
        let qid = qid.get_value();
        let entry = answer.entry(i);
        // A memo, so the stopped-date boxes are built when the answer flips, not on every keystroke.
        let current = Memo::new(move |_| list.with(|l| l.get(i).is_none_or(|m| m.current)));
        let name = answer.name_box(
            &entry,
            i,
            |t| t.medication_name,
            TermKind::Medication,
            |m| &m.name,
            |m, name, code| {
                m.name = name;
                m.code = code;
            },
        );
        let Entry {
            key,
            name_id,
            invalid,
            described,
        } = entry;
        let mut still = ChoiceSpec::new(
            format!("{name_id}-current"),
            visit.t_with(|t| t.medication_current.to_owned()),
            vec![
                OptionSpec::new("yes", visit.t_with(|t| t.medication_still.to_owned())),
                OptionSpec::new("no", visit.t_with(|t| t.medication_stopped.to_owned())),
            ],
            Signal::derive(move || vec![if current.get() { "yes" } else { "no" }.to_owned()]),
            Callback::new(move |(value, _): (String, bool)| {
                update(i, &|m| m.set_current(value == "yes"))
            }),
        );
        still.layout = Layout::Inline;
        still.nested = true;
        let stopped_base = entry_id(&qid, i, "stopped");
        let stopped = move || {
            if current.get() {
                return Vec::new();
            }
            vec![
                el("fieldset")
                    .class("field nested date")
                    .child(
                        el("legend")
                            .text_with(move || visit.text().medication_stopped_when.to_owned()),
                    )
                    .child(date_boxes(DateSpec {
                        base: stopped_base.clone(),
                        value: Signal::derive(move || {
                            list.with(|l| l.get(i).map(|m| m.stopped.clone()).unwrap_or_default())
                        }),
                        on_change: Callback::new(move |parts: DateParts| {
                            update(i, &|m| m.stopped = parts.clone())
                        }),
                        invalid,
                        described_by: described,
                        autocomplete: None,
                        required: false,
                    })),
            ]
        };
        let heading = move || (visit.text().medication_heading)(i + 1);
        let fields = el("fieldset")
            .class("entry-fields")
            .class_when("field--invalid", move || invalid.get())
            .child(el("legend").class("entry-heading").text_with(heading));
        let fields = field_messages(fields, &name_id, key, Signal::stored(None))
            .child(name)
            .child(choice_group(still))
            .children_with(stopped)
            .child(remove_button(
                visit,
                heading,
                move || remove(i),
                question_id(&qid),
            ));
        el("li").class("entry").child(fields)
    };
    list_question(
        visit,
        &q,
        Signal::derive(move || list.with(Vec::len)),
        entry,
        add,
        |t| t.add_medication,
    )
}

/// The Remove button of list entry `heading`; focus then goes to the list's Add button.
pub(super) fn remove_button(
    visit: Visit,
    heading: impl Fn() -> String + 'static,
    remove: impl Fn() + 'static,
    add_button: String,
) -> El {
    el("button")
        .attr("type", "button")
        .class("link-button")
        .on("click", move |_| {
            remove();
            let add_button = add_button.clone();
            request_animation_frame(move || crate::browser::dom::focus_and_reveal(&add_button));
        })
        .text_with(move || visit.text().remove.to_owned())
        .child(
            el("span")
                .class("visually-hidden")
                .text(" ")
                .text_with(heading),
        )
}

/// A list question's frame: legend, messages, the entries (one element each, kept
/// while its entry is) and the Add button, which focuses the new entry's first box.
pub(super) fn list_question(
    visit: Visit,
    q: &Question,
    count_of: Signal<usize>,
    entry: impl Fn(usize) -> El + 'static,
    add: impl Fn() -> usize + 'static,
    add_label: fn(&crate::text::Text) -> &'static str,
) -> El {
    let key = IssueKey::Question(q.id.clone(), None);
    let invalid = {
        let key = key.clone();
        Signal::derive(move || visit.shown_issue(&key).is_some())
    };
    let count = Memo::new(move |_| count_of.get());
    let base = question_id(&q.id);
    let qid = q.id.clone();
    let legend = label(visit, q);
    let fieldset = el("fieldset")
        .class("field question list-question")
        .class_when("field--invalid", move || invalid.get())
        .child(el("legend").text_with(move || legend.get()));
    field_messages(fieldset, &base, key, help(visit, q))
        .child(
            el("ol")
                .class("entries")
                // Keyed: adding or removing an entry leaves the others' boxes (and
                // the focus in them) as they are.
                .keyed_children(Memo::new(move |_| (0..count.get()).collect()), entry),
        )
        .child(
            el("button")
                .attr("type", "button")
                .id(&base)
                .class("button button--secondary")
                .on("click", move |_| {
                    let target = entry_id(&qid, add(), "name");
                    request_animation_frame(move || crate::browser::dom::focus_and_reveal(&target));
                })
                .text_with(move || add_label(visit.text()).to_owned()),
        )
}
