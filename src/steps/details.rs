//! Step 2: "Your details".

use candor_core::Input;
use leptos::prelude::*;

use crate::components::{DateInput, ErrorSummary, StepHeading, StepNav, TextInput};
use crate::state::Visit;

/// Name, date of birth, phone, email and emergency contact.
#[component]
pub fn DetailsStep() -> impl IntoView {
    let visit = Visit::expect();
    let text = visit.text();
    view! {
        <form
            class="step"
            novalidate
            on:submit=move |ev| {
                ev.prevent_default();
                visit.continue_from_details();
            }
        >
            <ErrorSummary />
            <StepHeading title=text.details_title />
            <p class="lead">{text.details_intro}</p>
            <TextInput input=Input::LegalName autocomplete="name" />
            <TextInput input=Input::PreferredName autocomplete="nickname" optional=true />
            <DateInput />
            <TextInput input=Input::MobilePhone kind="tel" autocomplete="tel" inputmode="tel" />
            <TextInput input=Input::Email kind="email" autocomplete="email" inputmode="email" optional=true />
            <fieldset class="group" aria-describedby="emergency-hint">
                <legend>{text.emergency_heading}</legend>
                <p class="hint" id="emergency-hint">{text.emergency_hint}</p>
                <TextInput input=Input::EmergencyName autocomplete="off" />
                <TextInput input=Input::EmergencyRelationship autocomplete="off" optional=true />
                <TextInput input=Input::EmergencyPhone kind="tel" autocomplete="off" inputmode="tel" />
            </fieldset>
            <StepNav primary=text.continue_ back=true />
        </form>
    }
}
