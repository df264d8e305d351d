//! Step 1: who the clinic is, what will be asked, how long it takes, and who sees it.

use candor_core::Step;
use leptos::prelude::*;

use crate::components::{StepHeading, StepNav};
use crate::state::Visit;

/// A fair estimate for this release's screens: details take about two minutes,
/// reading the welcome and the review about one each.
const ESTIMATED_MINUTES: u32 = 4;

/// The welcome screen: who the clinic is, what this release asks, how long it takes
/// and who sees the answers.
#[component]
pub fn WelcomeStep() -> impl IntoView {
    let visit = Visit::expect();
    let text = visit.text();
    let clinic = visit.clinic.with_value(|c| c.name.clone());
    let asks = view! { <li>{text.details_summary}</li> };
    let privacy = (text.privacy_points)(&clinic).map(|point| view! { <li>{point}</li> });
    view! {
        <form
            class="step"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                visit.go_to(Step::Details);
            }
        >
            <StepHeading title=(text.welcome_title)(&clinic) />
            <p class="lead">{text.welcome_intro}</p>
            <section aria-labelledby="asks-heading">
                <h2 id="asks-heading">{text.welcome_asks_heading}</h2>
                <ul class="checklist">{asks}</ul>
                <p>{(text.welcome_duration)(ESTIMATED_MINUTES)}</p>
            </section>
            <section class="privacy" aria-labelledby="privacy-heading">
                <h2 id="privacy-heading">{text.privacy_heading}</h2>
                <ul>{privacy.into_iter().collect_view()}</ul>
            </section>
            <StepNav primary=text.start />
        </form>
    }
}
