//! A "Your details" text box: a [`text_box`] bound to one of the patient's details.

use candor_core::Input;
use leptos::prelude::*;

use super::{TextBoxSpec, text_box};
use crate::html::El;
use crate::state::{IssueKey, Visit};

/// The text box for `input`, labelled and hinted in the current language.
pub fn text_input(
    input: Input,
    kind: &'static str,
    autocomplete: &'static str,
    inputmode: &'static str,
    optional: bool,
) -> El {
    let visit = Visit::expect();
    let field = input.field();
    let mut spec = TextBoxSpec::new(
        input.id().to_owned(),
        visit.t_with(move |t| (t.label)(field).to_owned()),
        IssueKey::Details(field),
        Signal::derive(move || visit.answers.with(|a| a.details.get(input).to_owned())),
        Callback::new(move |text: String| visit.set_detail(input, text)),
    );
    spec.hint = Signal::derive(move || (visit.text().hint)(field).map(str::to_owned));
    spec.optional = optional;
    spec.kind = kind;
    spec.inputmode = inputmode;
    spec.autocomplete = visit.autocomplete(autocomplete);
    text_box(spec)
}
