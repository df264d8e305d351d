//! Step 3: every answer so far, each with a way back to change it.

use candor_core::{DetailsField, PatientDetails};
use leptos::prelude::*;

use crate::components::StepHeading;
use crate::state::Visit;

/// The answer to show for `field`, or `None` when it was left empty.
fn answer(details: &PatientDetails, field: DetailsField) -> Option<String> {
    let text = match field {
        DetailsField::DateOfBirth => details.date_of_birth.date().ok()?.to_string(),
        other => details.get(other.first_input()).trim().to_owned(),
    };
    (!text.is_empty()).then_some(text)
}

/// The review: the patient's answers grouped by step, each with a Change button.
#[component]
pub fn ReviewStep() -> impl IntoView {
    let visit = Visit::expect();
    let text = visit.text();
    let rows = DetailsField::ALL
        .into_iter()
        .map(|field| {
            let value = visit.details.with_untracked(|d| answer(d, field));
            let label = (text.label)(field);
            view! {
                <div class="review-row">
                    <dt>{label}</dt>
                    <dd>{value.unwrap_or_else(|| text.review_not_given.to_owned())}</dd>
                    <dd class="review-action">
                        <button type="button" class="link-button" on:click=move |_| visit.change(field)>
                            {text.review_change}
                            <span class="visually-hidden">" " {label}</span>
                        </button>
                    </dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="step">
            <StepHeading title=text.review_title />
            <p class="lead">{text.review_intro}</p>
            <section aria-labelledby="review-details">
                <h2 id="review-details">{text.your_details_heading}</h2>
                <dl class="review-list">{rows}</dl>
            </section>
            <p class="notice" role="status">{text.review_nothing_sent}</p>
            <div class="step-nav">
                <button type="button" class="button button--secondary" on:click=move |_| visit.back()>
                    {text.back}
                </button>
            </div>
        </div>
    }
}
