//! "Step 2 of 9" with a bar that shows the same thing visually.

use leptos::prelude::*;

use crate::html::{El, el};
use crate::state::Visit;

/// Where the patient is in the flow, in words and as a bar (the bar is decorative).
/// The total follows the answers: choosing massage adds the massage step.
pub fn progress() -> El {
    let visit = Visit::expect();
    let position = move || {
        let step = visit.step.get();
        visit.steps.with(|steps| {
            (
                steps.iter().position(|s| *s == step).map_or(1, |i| i + 1),
                steps.len(),
            )
        })
    };
    el("div")
        .class("progress")
        .child(el("p").class("progress-label").text_with(move || {
            let (n, total) = position();
            (visit.text().welcome.step_of)(n, total)
        }))
        .child(
            el("div")
                .class("progress-track")
                .attr("aria-hidden", "true")
                .child(
                    el("div")
                        .class("progress-fill")
                        .style_with("width", move || {
                            let (n, total) = position();
                            format!("{}%", n * 100 / total.max(1))
                        }),
                ),
        )
}
