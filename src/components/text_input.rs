//! A labelled single-line text box bound to one of the patient's details.

use candor_core::Input;
use leptos::prelude::*;

use super::{FieldMessages, described_by};
use crate::state::Visit;

/// A labelled text box for `input`, with its hint and inline error.
#[component]
pub fn TextInput(
    /// Which detail the box edits.
    input: Input,
    /// The HTML input type: `text`, `tel` or `email`.
    #[prop(default = "text")]
    kind: &'static str,
    /// The `autocomplete` token, so browsers and password managers can fill it in.
    autocomplete: &'static str,
    /// The on-screen keyboard to offer, for example `tel` or `email`.
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// Whether the answer may be left empty; the label then says so.
    #[prop(optional)]
    optional: bool,
) -> impl IntoView {
    let visit = Visit::expect();
    let text = visit.text();
    let field = input.field();
    let value = move || visit.details.with(|d| d.get(input).to_owned());
    let invalid = move || visit.shown_problem(field).is_some();
    view! {
        <div class="field" class:field--invalid=invalid>
            <label for=input.id()>
                {(text.label)(field)}
                {optional.then(|| view! { " " <span class="optional">{text.optional}</span> })}
            </label>
            <FieldMessages field=field />
            <input
                id=input.id()
                name=input.id()
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                required=!optional
                aria-invalid=move || if invalid() { "true" } else { "false" }
                aria-describedby=move || described_by(visit, field)
                prop:value=value
                on:input:target=move |ev| visit.details.update(|d| d.set(input, ev.target().value()))
            />
        </div>
    }
}
