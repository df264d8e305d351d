//! The review: every answer grouped by step, each with a way back to change it.

mod format;
mod talk;

use candor_core::DetailsField;
use candor_core::flow::Step;
use leptos::prelude::*;

use crate::components::{back_button, step_heading};
use crate::html::{El, el, text_items};
use crate::state::{Visit, treatment_id};

/// One row: what was asked, the answer, and a Change button that returns to the
/// step with focus on the field; Continue there comes back here.
fn row(visit: Visit, label: String, lines: Vec<String>, step: Step, target: String) -> El {
    let text = visit.text();
    let value = match lines.len() {
        0 => el("span").class("not-given").text(text.review_not_given),
        1 => el("span").text(&lines[0]),
        _ => el("ul").class("answer-lines").children(text_items(lines)),
    };
    el("div")
        .class("review-row")
        .child(el("dt").text(&label))
        .child(el("dd").child(value))
        .child(
            el("dd").class("review-action").child(
                el("button")
                    .attr("type", "button")
                    .class("link-button")
                    .on("click", move |_| visit.change(step, target.clone()))
                    .text(text.review_change)
                    .child(
                        el("span")
                            .class("visually-hidden")
                            .text(&format!(" {label}")),
                    ),
            ),
        )
}

/// A titled group of rows.
fn group(id: &str, title: &str, rows: Vec<El>) -> El {
    el("section")
        .class("review-group")
        .attr("aria-labelledby", id)
        .child(el("h2").id(id).text(title))
        .child(el("dl").class("review-list").children(rows))
}

/// Every answer, grouped, in the current language.
fn groups(visit: Visit) -> Vec<El> {
    let text = visit.text();
    let lang = visit.lang.get();
    let answers = visit.answers.get();
    visit.with_profile(|profile| {
        let treatments: Vec<String> = answers
            .treatments
            .iter()
            .filter_map(|id| profile.treatment(id))
            .map(|t| {
                let product = answers
                    .products
                    .get(&t.id)
                    .and_then(|p| t.products.iter().find(|x| x.id == *p));
                match product {
                    Some(p) => format!("{} \u{2014} {}", t.name.get(lang), p.name.get(lang)),
                    None => t.name.get(lang).to_owned(),
                }
            })
            .collect();
        let first_treatment = profile
            .treatments
            .first()
            .map(|t| treatment_id(&t.id))
            .unwrap_or_default();
        let mut out = vec![group(
            "review-treatments",
            text.treatments_heading,
            vec![row(
                visit,
                text.treatments_heading.to_owned(),
                treatments,
                Step::Treatments,
                first_treatment,
            )],
        )];
        let detail_row = |field: DetailsField| {
            let value = match field {
                DetailsField::DateOfBirth => format::date(&answers.details.date_of_birth, text),
                other => answers.details.get(other.first_input()).trim().to_owned(),
            };
            let target = match field {
                DetailsField::DateOfBirth => "dob-month".to_owned(),
                other => other.first_input().id().to_owned(),
            };
            let lines = if value.is_empty() {
                Vec::new()
            } else {
                vec![value]
            };
            row(
                visit,
                (text.review_label)(field).to_owned(),
                lines,
                Step::Details,
                target,
            )
        };
        let (contact, own): (Vec<DetailsField>, Vec<DetailsField>) = DetailsField::ALL
            .into_iter()
            .partition(|f| f.is_emergency_contact());
        out.push(group(
            "review-details",
            text.details_title,
            own.into_iter().map(detail_row).collect(),
        ));
        out.push(group(
            "review-emergency",
            text.emergency_heading,
            contact.into_iter().map(detail_row).collect(),
        ));
        for index in answers.asked_sections(profile, visit.today) {
            let section = &profile.sections[index];
            let rows = section
                .questions
                .iter()
                .filter(|q| answers.question_asked(profile, section, q, visit.today))
                .map(|q| {
                    let lines = answers
                        .values
                        .get(&q.id)
                        .map(|a| format::answer_lines(q, a, text, lang))
                        .unwrap_or_default();
                    row(
                        visit,
                        q.text.get(lang).to_owned(),
                        lines,
                        Step::Section(index),
                        crate::state::focus_target(q),
                    )
                })
                .collect();
            out.push(group(
                &format!("review-{}", section.id),
                section.title.get(lang),
                rows,
            ));
        }
        out
    })
}

/// The review step.
pub fn review_step() -> El {
    let visit = Visit::expect();
    let has_consents = visit.with_profile(|p| !p.consents.is_empty());
    el("div")
        .class("step")
        .child(step_heading(move || visit.text().review_title.to_owned()))
        .child(
            el("p")
                .class("lead")
                .text_with(move || visit.text().review_intro.to_owned()),
        )
        .children_with(move || vec![talk::things_to_talk_about(visit)])
        .children_with(move || groups(visit))
        .child(
            el("p")
                .class("notice")
                .attr("role", "status")
                .text_with(move || visit.text().review_nothing_sent.to_owned()),
        )
        .child(
            el("div")
                .class("step-nav")
                .child_opt(has_consents.then(|| {
                    el("button")
                        .attr("type", "button")
                        .class("button button--primary")
                        .on("click", move |_| visit.advance_from_review())
                        .text_with(move || visit.text().review_continue.to_owned())
                }))
                .child(back_button()),
        )
}
