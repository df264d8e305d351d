//! Body areas to avoid or focus on: choose a mark, then tap areas on a figure laid
//! out head to foot, front and back. Every area is a real button, so the map works
//! by touch, mouse, keyboard and screen reader alike; no dragging is needed.

use std::collections::BTreeMap;

use candor_core::{Answer, Question};
use leptos::prelude::*;

use super::{help, label};
use crate::components::{ChoiceSpec, Layout, OptionSpec, choice_group, field_messages};
use crate::html::{El, el, text_items};
use crate::state::{IssueKey, Visit, question_id};
use crate::text::{BODY_AREAS_BACK, BODY_AREAS_FRONT, Text};

/// The mark selector, the figure, and a plain list of what is marked.
pub fn body_map(q: Question) -> El {
    let visit = Visit::expect();
    let key = IssueKey::Question(q.id.clone(), None);
    let base = question_id(&q.id);
    let marks = StoredValue::new(q.marks.clone());
    let mark = RwSignal::new(q.marks.first().map(|m| m.id.clone()).unwrap_or_default());
    let qid = q.id.clone();
    let marked = Memo::new(move |_| match visit.answer_of(&qid) {
        Some(Answer::BodyAreas(areas)) => areas,
        _ => BTreeMap::new(),
    });
    let mark_text = move |id: &str| {
        marks.with_value(|marks| {
            marks
                .iter()
                .find(|m| m.id == id)
                .map(|m| m.text.get(visit.lang.get()).to_owned())
                .unwrap_or_default()
        })
    };
    let qid = StoredValue::new(q.id.clone());
    let toggle = move |area: &'static str| {
        let current = mark.get_untracked();
        let mut areas = marked.get_untracked();
        if areas.get(area) == Some(&current) {
            areas.remove(area);
        } else {
            areas.insert(area.to_owned(), current);
        }
        qid.with_value(|qid| visit.answer(qid, Answer::BodyAreas(areas)));
    };
    let figure = move |title: fn(&Text) -> &'static str, areas: &'static [&'static str]| {
        let buttons: Vec<El> = areas
            .iter()
            .map(|&area| {
                let state = move || marked.with(|m| m.get(area).cloned());
                el("li")
                    .class(&format!("body-area body-area--{area}"))
                    .child(
                        el("button")
                            .attr("type", "button")
                            .class("body-button")
                            .attr_with("data-mark", move || Some(state().unwrap_or_default()))
                            .aria_with("aria-pressed", move || state().is_some())
                            .on("click", move |_| toggle(area))
                            .child(
                                el("span")
                                    .text_with(move || (visit.text().body_area)(area).to_owned()),
                            )
                            .children_with(move || {
                                state()
                                    .map(|m| el("span").class("body-mark").text(&mark_text(&m)))
                                    .into_iter()
                                    .collect()
                            }),
                    )
            })
            .collect();
        el("section")
            .class("figure")
            .attr_with("aria-label", move || Some(title(visit.text()).to_owned()))
            .child(
                el("h3")
                    .class("figure-title")
                    .attr("aria-hidden", "true")
                    .text_with(move || title(visit.text()).to_owned()),
            )
            .child(el("ul").class("figure-areas").children(buttons))
    };
    let summary = move || {
        let items: Vec<String> = marked.with(|m| {
            m.iter()
                .map(|(area, mark)| {
                    format!("{}: {}", (visit.text().body_area)(area), mark_text(mark))
                })
                .collect()
        });
        if items.is_empty() {
            vec![el("p").class("hint").text(visit.text().body_none_marked)]
        } else {
            vec![el("ul").class("body-summary").children(text_items(items))]
        }
    };
    let mark_options: Vec<OptionSpec> = q
        .marks
        .iter()
        .map(|m| OptionSpec::new(m.id.clone(), visit.localized(m.text.clone())))
        .collect();
    let mut marks_group = ChoiceSpec::new(
        base.clone(),
        visit.t_with(|t| t.body_mark_legend.to_owned()),
        mark_options,
        Signal::derive(move || vec![mark.get()]),
        Callback::new(move |(value, _): (String, bool)| mark.set(value)),
    );
    marks_group.layout = Layout::Inline;
    marks_group.nested = true;
    let legend = label(visit, &q);
    let fieldset = el("fieldset")
        .class("field question body-map")
        .child(el("legend").text_with(move || legend.get()));
    field_messages(fieldset, &format!("{base}-map"), key, help(visit, &q))
        .child(choice_group(marks_group))
        .child(
            el("div")
                .class("figures")
                .child(figure(|t| t.body_front, &BODY_AREAS_FRONT))
                .child(figure(|t| t.body_back, &BODY_AREAS_BACK)),
        )
        .child(
            el("div")
                .class("body-summary-wrap")
                .attr("aria-live", "polite")
                .children_with(summary),
        )
}
