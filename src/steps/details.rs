//! "Your details": name, date of birth, phone, email, emergency contact.

use candor_core::{DateParts, DetailsField, Input};
use leptos::prelude::*;

use super::step_form;
use crate::components::{
    DateSpec, date_boxes, described_by, error_summary, field_messages, step_heading, step_nav,
    text_input,
};
use crate::html::{El, el};
use crate::state::{IssueKey, Visit};

/// The date of birth, with the computed age once it is valid.
fn birth_date() -> El {
    let visit = Visit::expect();
    let field = DetailsField::DateOfBirth;
    let key = IssueKey::Details(field);
    let invalid = {
        let key = key.clone();
        Signal::derive(move || visit.shown_issue(&key).is_some())
    };
    let described = {
        let key = key.clone();
        Signal::derive(move || described_by(visit, "dob", &key, true))
    };
    let value = Signal::derive(move || visit.answers.with(|a| a.details.date_of_birth.clone()));
    let on_change = Callback::new(move |parts: DateParts| {
        visit.set_detail(Input::BirthDay, parts.day);
        visit.set_detail(Input::BirthMonth, parts.month);
        visit.set_detail(Input::BirthYear, parts.year);
    });
    let age = move || {
        let valid = visit.answers.with(|a| {
            a.details
                .problems(visit.today)
                .iter()
                .all(|p| p.field != field)
        });
        let age = visit.answers.with(|a| a.details.age_on(visit.today));
        match (valid, age) {
            (true, Some(age)) => vec![el("p").class("age").text(&(visit.text().age)(age))],
            _ => Vec::new(),
        }
    };
    let fieldset = el("fieldset")
        .class("field date")
        .class_when("field--invalid", move || invalid.get())
        .child(el("legend").text_with(move || (visit.text().label)(field).to_owned()));
    field_messages(
        fieldset,
        "dob",
        key,
        Signal::derive(move || (visit.text().hint)(field).map(str::to_owned)),
    )
    .child(date_boxes(DateSpec {
        base: "dob".into(),
        value,
        on_change,
        invalid,
        described_by: described,
        autocomplete: (visit.autocomplete("bday") != "off").then_some("bday"),
        required: true,
    }))
    .children_with(age)
}

/// The "Your details" step.
pub fn details_step() -> El {
    let visit = Visit::expect();
    let emergency = el("fieldset")
        .class("group")
        .attr("aria-describedby", "emergency-hint")
        .child(el("legend").text_with(move || visit.text().emergency_heading.to_owned()))
        .child(
            el("p")
                .class("hint")
                .id("emergency-hint")
                .text_with(move || visit.text().emergency_hint.to_owned()),
        )
        .child(text_input(
            Input::EmergencyName,
            "text",
            "off",
            "text",
            false,
        ))
        .child(text_input(
            Input::EmergencyRelationship,
            "text",
            "off",
            "text",
            true,
        ))
        .child(text_input(
            Input::EmergencyPhone,
            "tel",
            "off",
            "tel",
            false,
        ));
    error_summary(step_form())
        .child(step_heading(move || visit.text().details_title.to_owned()))
        .child(
            el("p")
                .class("lead")
                .text_with(move || visit.text().details_intro.to_owned()),
        )
        .child(text_input(Input::LegalName, "text", "name", "text", false))
        .child(text_input(
            Input::PreferredName,
            "text",
            "nickname",
            "text",
            true,
        ))
        .child(birth_date())
        .child(text_input(Input::MobilePhone, "tel", "tel", "tel", false))
        .child(text_input(Input::Email, "email", "email", "email", true))
        .child(emergency)
        .child(step_nav(|t| t.continue_, true))
}
