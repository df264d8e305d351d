//! "Step 2 of 3" with a bar that shows the same thing visually.

use candor_core::Step;
use leptos::prelude::*;

use crate::state::Visit;

/// Where the patient is in the flow, in words and as a bar (the bar is decorative).
#[component]
pub fn Progress() -> impl IntoView {
    let visit = Visit::expect();
    let text = visit.text();
    let number = move || visit.step.get().number();
    let width = move || format!("{}%", number() * 100 / Step::count());
    view! {
        <div class="progress">
            <p class="progress-label">{move || (text.step_of)(number(), Step::count())}</p>
            <div class="progress-track" aria-hidden="true">
                <div class="progress-fill" style:width=width></div>
            </div>
        </div>
    }
}
