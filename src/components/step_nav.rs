//! Back and forward buttons at the foot of a step.

use leptos::prelude::*;

use crate::state::Visit;

/// The step's buttons: an optional Back and the primary action, which submits the
/// step's form (so Enter in a text box does the same as tapping it).
#[component]
pub fn StepNav(
    /// Label of the primary button.
    primary: &'static str,
    /// Whether to offer Back.
    #[prop(optional)]
    back: bool,
) -> impl IntoView {
    let visit = Visit::expect();
    view! {
        <div class="step-nav">
            <button type="submit" class="button button--primary">{primary}</button>
            {back.then(|| view! {
                <button type="button" class="button button--secondary" on:click=move |_| visit.back()>
                    {visit.text().back}
                </button>
            })}
        </div>
    }
}
