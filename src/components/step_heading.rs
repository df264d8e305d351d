//! The heading of a step, which takes focus when the patient arrives on the step.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::html::{El, el};
use crate::state::Visit;

/// A step's `<h1>`. When the patient has navigated here, focus moves to it so screen
/// readers announce the new step and keyboard users start from the top.
pub fn step_heading(title: impl Fn() -> String + 'static) -> El {
    let visit = Visit::expect();
    let heading = el("h1")
        .attr("tabindex", "-1")
        .class("step-title")
        .text_with(title);
    let h1: web_sys::HtmlElement = heading.node().clone().unchecked_into();
    // After this tick the heading is in the document and can take focus.
    Effect::new(move |_| {
        if visit.navigated.get_untracked() {
            let _ = h1.focus();
        }
    });
    heading
}
