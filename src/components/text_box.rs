//! The one labelled text box of the widget: every single-line or multi-line text
//! answer renders through it.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::{described_by, field_messages, optional_mark};
use crate::html::{El, el, target_value};
use crate::state::{IssueKey, Visit};

/// What a [`text_box`] shows and does.
pub struct TextBoxSpec {
    /// Element id of the input.
    pub id: String,
    /// The label, in the current language.
    pub label: Signal<String>,
    /// The hint under the label, if any.
    pub hint: Signal<Option<String>>,
    /// Which problem belongs to this box.
    pub key: IssueKey,
    /// The text in the box.
    pub value: Signal<String>,
    /// Called on every keystroke.
    pub on_input: Callback<String>,
    /// Whether the answer may be left empty; the label then says so.
    pub optional: bool,
    /// `text`, `tel` or `email`.
    pub kind: &'static str,
    /// The on-screen keyboard to offer.
    pub inputmode: &'static str,
    /// The `autocomplete` token.
    pub autocomplete: &'static str,
    /// A text area for long answers.
    pub multiline: bool,
    /// A unit shown after the box, such as "weeks".
    pub unit: Option<Signal<String>>,
}

impl TextBoxSpec {
    /// A required single-line text box with no hint, unit or autocomplete.
    pub fn new(
        id: String,
        label: Signal<String>,
        key: IssueKey,
        value: Signal<String>,
        on_input: Callback<String>,
    ) -> Self {
        Self {
            id,
            label,
            hint: Signal::stored(None),
            key,
            value,
            on_input,
            optional: false,
            kind: "text",
            inputmode: "text",
            autocomplete: "off",
            multiline: false,
            unit: None,
        }
    }
}

/// A labelled text box (or text area) with its hint, its inline error and,
/// optionally, a unit shown after it.
pub fn text_box(spec: TextBoxSpec) -> El {
    let visit = Visit::expect();
    let TextBoxSpec {
        id,
        label,
        hint,
        key,
        value,
        on_input,
        optional,
        kind,
        inputmode,
        autocomplete,
        multiline,
        unit,
    } = spec;
    let invalid = {
        let key = key.clone();
        Signal::derive(move || visit.shown_issue(&key).is_some())
    };
    let unit_id = format!("{id}-unit");
    let described = {
        let (id, key, unit_id) = (id.clone(), key.clone(), unit_id.clone());
        let has_unit = unit.is_some();
        move || {
            let mut ids: Vec<String> = described_by(visit, &id, &key, hint.with(Option::is_some))
                .into_iter()
                .collect();
            if has_unit {
                ids.push(unit_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let control = if multiline {
        el("textarea").attr("rows", "4")
    } else {
        let input = el("input")
            .attr("type", kind)
            .attr("inputmode", inputmode)
            .attr("autocomplete", autocomplete);
        let input = if optional {
            input
        } else {
            input.attr("required", "")
        };
        if unit.is_some() {
            input.class("input--short")
        } else {
            input
        }
    };
    let control = control
        .id(&id)
        .attr("name", &id)
        .aria_with("aria-invalid", move || invalid.get())
        .attr_with("aria-describedby", described)
        .prop_with("value", move || JsValue::from_str(&value.get()))
        .on("input", move |ev| on_input.run(target_value(&ev)));
    let label = optional_mark(
        el("label").attr("for", &id).text_with(move || label.get()),
        optional,
    );
    let field = el("div")
        .class("field")
        .class_when("field--invalid", move || invalid.get())
        .child(label);
    let field = field_messages(field, &id, key, hint);
    let with_unit = el("div")
        .class("with-unit")
        .child(control)
        .child_opt(unit.map(|u| {
            el("span")
                .class("unit")
                .id(&unit_id)
                .text_with(move || u.get())
        }));
    field.child(with_unit)
}
