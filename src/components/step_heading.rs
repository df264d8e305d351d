//! The heading of a step, which takes focus when the patient arrives on the step.

use leptos::html::H1;
use leptos::prelude::*;

use crate::state::Visit;

/// A step's `<h1>`. When the patient has navigated here, focus moves to it so screen
/// readers announce the new step and keyboard users start from the top.
#[component]
pub fn StepHeading(
    /// The heading's text.
    #[prop(into)]
    title: String,
) -> impl IntoView {
    let visit = Visit::expect();
    let heading = NodeRef::<H1>::new();
    Effect::new(move |_| {
        if let Some(h1) = heading.get() {
            if visit.navigated.get_untracked() {
                let _ = h1.focus();
            }
        }
    });
    view! { <h1 node_ref=heading tabindex="-1" class="step-title">{title}</h1> }
}
