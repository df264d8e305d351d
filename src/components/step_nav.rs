//! Back and forward buttons at the foot of a step.

use leptos::prelude::*;

use crate::html::{El, el};
use crate::state::Visit;
use crate::text::Text;

/// The step's buttons: the primary action, which submits the step's form (so Enter
/// in a text box does the same as tapping it), then Back. When the patient came
/// from the review to change an answer, the primary button says it returns there.
pub fn step_nav(primary: fn(&Text) -> &'static str, back: bool) -> El {
    let visit = Visit::expect();
    let nav = el("div").class("step-nav").child(
        el("button")
            .attr("type", "submit")
            .class("button button--primary")
            .text_with(move || {
                let text = visit.text();
                if visit.returning_to_review.get() {
                    text.back_to_review
                } else {
                    primary(text)
                }
                .to_owned()
            }),
    );
    if back { nav.child(back_button()) } else { nav }
}

/// The Back button.
pub fn back_button() -> El {
    let visit = Visit::expect();
    el("button")
        .attr("type", "button")
        .class("button button--secondary")
        .on("click", move |_| visit.back())
        .text_with(move || visit.text().back.to_owned())
}
