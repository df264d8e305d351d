//! The top of the interface: clinic banner, progress, the current step, live region.

use candor_core::{ClinicProfile, Step};
use leptos::prelude::*;

use crate::browser::clock;
use crate::components::Progress;
use crate::state::Visit;
use crate::steps::{DetailsStep, ReviewStep, WelcomeStep};

/// The whole widget for the embedded demo clinic.
#[component]
pub fn App() -> impl IntoView {
    let visit = Visit::new(ClinicProfile::demo(), clock::today());
    provide_context(visit);
    let text = visit.text();
    let clinic = visit.clinic.with_value(|c| c.name.clone());
    let demo = visit.clinic.with_value(|c| c.demo);
    let step_view = move || match visit.step.get() {
        Step::Welcome => view! { <WelcomeStep /> }.into_any(),
        Step::Details => view! { <DetailsStep /> }.into_any(),
        Step::Review => view! { <ReviewStep /> }.into_any(),
        Step::Treatments | Step::Section(_) => view! { <WelcomeStep /> }.into_any(),
    };
    view! {
        <header class="clinic-bar">
            <p class="clinic-name">{clinic}</p>
        </header>
        {demo.then(|| view! { <p class="demo-banner">{text.demo_banner}</p> })}
        <main class="page" lang=text.lang>
            <Progress />
            {step_view}
        </main>
        <div class="visually-hidden" role="status" aria-live="polite">
            {move || visit.announcement.get()}
        </div>
    }
}
