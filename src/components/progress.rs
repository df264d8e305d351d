//! "Step 2 of 3" with a bar that shows the same thing visually.

use leptos::prelude::*;

use crate::state::{STEPS, Visit, step_number};

/// Where the patient is in the flow, in words and as a bar (the bar is decorative).
#[component]
pub fn Progress() -> impl IntoView {
    let visit = Visit::expect();
    let text = visit.text();
    let number = move || step_number(visit.step.get());
    let width = move || format!("{}%", number() * 100 / STEPS.len());
    view! {
        <div class="progress">
            <p class="progress-label">{move || (text.step_of)(number(), STEPS.len())}</p>
            <div class="progress-track" aria-hidden="true">
                <div class="progress-fill" style:width=width></div>
            </div>
        </div>
    }
}
