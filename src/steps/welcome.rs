//! The first step: who the clinic is, what will be asked, how long, who sees it.

use candor_core::{flow, welcome};
use leptos::prelude::*;

use super::step_form;
use crate::components::{step_heading, step_nav};
use crate::html::{El, el, text_items};
use crate::state::Visit;

/// The welcome screen, in the core's words ([`candor_core::welcome`], which the
/// receiver also renders into the page). The list of what will be asked and the time
/// estimate are derived from the profile and the answers, so they stay true as both
/// change.
pub fn welcome_step() -> El {
    let visit = Visit::expect();
    let clinic = visit.with_profile(|p| p.name.clone());
    let words = move || visit.text().welcome;
    let title = {
        let clinic = clinic.clone();
        move || (words().title)(&clinic)
    };
    let asks = move || {
        let lang = visit.lang.get();
        text_items(
            visit
                .answers
                .with(|a| visit.with_profile(|p| welcome::asks(p, a, visit.today, lang))),
        )
    };
    let minutes = move || {
        visit
            .answers
            .with(|a| visit.with_profile(|p| flow::estimated_minutes(p, a, visit.today)))
    };
    let privacy = move || text_items((words().privacy_points)(&clinic));
    step_form()
        .child(step_heading(title))
        .child(super::welcome_back::welcome_back())
        .child(
            el("p")
                .class("lead")
                .text_with(move || words().intro.to_owned()),
        )
        .child(
            el("section")
                .attr("aria-labelledby", "asks-heading")
                .child(
                    el("h2")
                        .id("asks-heading")
                        .text_with(move || words().asks_heading.to_owned()),
                )
                .child(el("ul").class("checklist").children_with(asks))
                .child(el("p").text_with(move || (words().duration)(minutes()))),
        )
        .child(
            el("section")
                .class("privacy")
                .attr("aria-labelledby", "privacy-heading")
                .child(
                    el("h2")
                        .id("privacy-heading")
                        .text_with(move || words().privacy_heading.to_owned()),
                )
                .child(el("ul").children_with(privacy)),
        )
        .child(step_nav(|t| t.welcome.start, false))
}
