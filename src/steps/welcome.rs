//! The first step: who the clinic is, what will be asked, how long, who sees it.

use candor_core::flow;
use leptos::prelude::*;

use super::step_form;
use crate::components::{step_heading, step_nav};
use crate::html::{El, el, text_items};
use crate::state::Visit;

/// The welcome screen. The list of what will be asked and the time estimate are
/// derived from the profile and the answers, so they stay true as both change.
pub fn welcome_step() -> El {
    let visit = Visit::expect();
    let clinic = visit.with_profile(|p| p.name.clone());
    let title = {
        let clinic = clinic.clone();
        move || (visit.text().welcome_title)(&clinic)
    };
    let asks = move || {
        let text = visit.text();
        let lang = visit.lang.get();
        let sections: Vec<String> = visit.answers.with(|a| {
            visit.with_profile(|p| {
                a.asked_sections(p, visit.today)
                    .into_iter()
                    .map(|i| p.sections[i].title.get(lang).to_owned())
                    .collect()
            })
        });
        let items = [
            text.treatments_summary.to_owned(),
            text.details_summary.to_owned(),
        ]
        .into_iter()
        .chain(sections)
        .chain([text.welcome_treatment_questions.to_owned()]);
        text_items(items)
    };
    let minutes = move || {
        visit
            .answers
            .with(|a| visit.with_profile(|p| flow::estimated_minutes(p, a, visit.today)))
    };
    let privacy = move || text_items((visit.text().privacy_points)(&clinic));
    step_form()
        .child(step_heading(title))
        .child(super::welcome_back::welcome_back())
        .child(
            el("p")
                .class("lead")
                .text_with(move || visit.text().welcome_intro.to_owned()),
        )
        .child(
            el("section")
                .attr("aria-labelledby", "asks-heading")
                .child(
                    el("h2")
                        .id("asks-heading")
                        .text_with(move || visit.text().welcome_asks_heading.to_owned()),
                )
                .child(el("ul").class("checklist").children_with(asks))
                .child(el("p").text_with(move || (visit.text().welcome_duration)(minutes()))),
        )
        .child(
            el("section")
                .class("privacy")
                .attr("aria-labelledby", "privacy-heading")
                .child(
                    el("h2")
                        .id("privacy-heading")
                        .text_with(move || visit.text().privacy_heading.to_owned()),
                )
                .child(el("ul").children_with(privacy)),
        )
        .child(step_nav(|t| t.start, false))
}
