//! The list of problems at the top of a step, each a link to its field.

use candor_core::DetailsField;
use leptos::prelude::*;

use crate::browser::dom;
use crate::state::{ERROR_SUMMARY_ID, Visit};

/// Shown once the patient has pressed Continue with problems; lists each problem as
/// a link that moves focus to the field. Receives focus when it appears.
#[component]
pub fn ErrorSummary() -> impl IntoView {
    let visit = Visit::expect();
    let text = visit.text();
    let shown =
        move || visit.details_attempted.get() && visit.details_problems.with(|p| !p.is_empty());
    let item = move |field: DetailsField, message: &'static str| {
        let target = field.first_input().id();
        view! {
            <li>
                <a
                    href=format!("#{target}")
                    on:click=move |ev| {
                        ev.prevent_default();
                        dom::focus_and_reveal(target);
                    }
                >
                    {message}
                </a>
            </li>
        }
    };
    move || {
        shown().then(|| {
            let items = visit.details_problems.with(|ps| {
                ps.iter().map(|p| item(p.field, (text.problem)(p.field, p.problem))).collect_view()
            });
            view! {
                <div class="error-summary" id=ERROR_SUMMARY_ID tabindex="-1" aria-labelledby="error-summary-title">
                    <h2 id="error-summary-title">{text.error_summary_title}</h2>
                    <ul>{items}</ul>
                </div>
            }
        })
    }
}
