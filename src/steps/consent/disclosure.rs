//! The electronic-records disclosure: agree, or choose paper (which sends nothing
//! and clears the answers).

use leptos::prelude::*;

use super::button;
use crate::components::{back_button, document_sections, step_heading};
use crate::html::{El, el};
use crate::state::Visit;

/// The disclosure screen. A profile without a disclosure never passes the profile
/// checks; should one reach here, the patient is told to ask the front desk rather
/// than shown another document in its place.
pub fn disclosure_step() -> El {
    let visit = Visit::expect();
    let Some(doc) = visit.with_profile(|p| p.disclosure().cloned()) else {
        return el("div")
            .class("step consent")
            .child(step_heading(move || visit.text().paper_title.to_owned()))
            .child(
                el("p")
                    .class("notice")
                    .attr("role", "alert")
                    .text_with(move || visit.text().cannot_sign.to_owned()),
            );
    };
    let title = doc.title.clone();
    let body = {
        let doc = doc.clone();
        move || document_sections(&doc, visit.lang.get(), &|_| None)
    };
    let agree = move || {
        visit
            .consents
            .accept_disclosure(&doc, visit.lang.get_untracked());
        visit.advance();
    };
    el("div")
        .class("step consent")
        .child(step_heading(move || title.get(visit.lang.get()).to_owned()))
        .children_with(body)
        .child(
            el("div")
                .class("step-nav")
                .child(button(
                    "button button--primary",
                    move || visit.text().disclosure_agree.to_owned(),
                    agree,
                ))
                .child(button(
                    "button button--secondary",
                    move || visit.text().disclosure_paper.to_owned(),
                    move || visit.choose_paper(),
                ))
                .child(back_button()),
        )
}

/// Shown after the patient chose paper.
pub fn paper_screen() -> El {
    let visit = Visit::expect();
    el("div")
        .class("step")
        .child(step_heading(move || visit.text().paper_title.to_owned()))
        .child(
            el("p")
                .class("lead")
                .text_with(move || visit.text().paper_body.to_owned()),
        )
}
