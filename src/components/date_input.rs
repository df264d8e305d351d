//! A date typed as three boxes, the pattern that works best for dates people know
//! by heart, such as a birth date: no calendar to scroll back decades through.

use candor_core::{DetailsField, Input};
use leptos::prelude::*;

use super::{FieldMessages, described_by};
use crate::state::Visit;

/// The date-of-birth question: month, day and year boxes in a fieldset, with the
/// computed age shown once the date is valid.
#[component]
pub fn DateInput() -> impl IntoView {
    let visit = Visit::expect();
    let text = visit.text();
    let field = DetailsField::DateOfBirth;
    let invalid = move || visit.shown_problem(field).is_some();
    let part = move |input: Input,
                     label: &'static str,
                     autocomplete: &'static str,
                     width: &'static str| {
        let value = move || visit.details.with(|d| d.get(input).to_owned());
        view! {
            <div class=format!("date-part date-part--{width}")>
                <label for=input.id()>{label}</label>
                <input
                    id=input.id()
                    name=input.id()
                    type="text"
                    inputmode="numeric"
                    autocomplete=autocomplete
                    required=true
                    aria-invalid=move || if invalid() { "true" } else { "false" }
                    aria-describedby=move || described_by(visit, field)
                    prop:value=value
                    on:input:target=move |ev| visit.details.update(|d| d.set(input, ev.target().value()))
                />
            </div>
        }
    };
    let age = move || {
        let age = visit.details.with(|d| d.age_on(visit.today))?;
        visit
            .details_problems
            .with(|ps| ps.iter().all(|p| p.field != field))
            .then(|| {
                view! { <p class="age">{(text.age)(age)}</p> }
            })
    };
    view! {
        <fieldset class="field date" class:field--invalid=invalid>
            <legend>{(text.label)(field)}</legend>
            <FieldMessages field=field />
            <div class="date-parts">
                {part(Input::BirthMonth, text.birth_month, "bday-month", "2")}
                {part(Input::BirthDay, text.birth_day, "bday-day", "2")}
                {part(Input::BirthYear, text.birth_year, "bday-year", "4")}
            </div>
            {age}
        </fieldset>
    }
}
