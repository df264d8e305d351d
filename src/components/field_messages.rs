//! A field's hint and inline error, and the `aria-describedby` that links them.

use candor_core::DetailsField;
use leptos::prelude::*;

use crate::state::Visit;

/// Element id of `field`'s hint.
pub fn hint_id(field: DetailsField) -> String {
    format!("{}-hint", field.first_input().id())
}

/// Element id of `field`'s inline error.
pub fn error_id(field: DetailsField) -> String {
    format!("{}-error", field.first_input().id())
}

/// The `aria-describedby` value for an input of `field`: its hint, and its error
/// while one is shown. `None` when there is neither, so the attribute is left out.
pub fn described_by(visit: Visit, field: DetailsField) -> Option<String> {
    let mut ids = Vec::with_capacity(2);
    if (visit.text().hint)(field).is_some() {
        ids.push(hint_id(field));
    }
    if visit.shown_problem(field).is_some() {
        ids.push(error_id(field));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The hint under a field's label and, once the patient has tried to continue,
/// the problem with the answer. The error never relies on colour alone: it is
/// prefixed with "Error:" for screen readers and marked with an icon.
#[component]
pub fn FieldMessages(field: DetailsField) -> impl IntoView {
    let visit = Visit::expect();
    let text = visit.text();
    let hint =
        (text.hint)(field).map(|hint| view! { <p class="hint" id=hint_id(field)>{hint}</p> });
    let error = move || {
        visit.shown_problem(field).map(|problem| {
            view! {
                <p class="field-error" id=error_id(field)>
                    <span class="visually-hidden">"Error: "</span>
                    {(text.problem)(field, problem)}
                </p>
            }
        })
    };
    view! { {hint} {error} }
}
