//! A date typed as three boxes, the pattern that works best for dates people know
//! or half-know: no calendar to scroll through, and day or month can stay empty
//! when the question allows it. The order follows the language (month first in
//! English, day first in Spanish).

use candor_core::{DateParts, Lang};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::html::{El, el, target_value};
use crate::state::Visit;

/// Which box.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Day,
    Month,
    Year,
}

/// What [`date_boxes`] shows and does.
pub struct DateSpec {
    /// Base of the boxes' element ids.
    pub base: String,
    /// The date as typed.
    pub value: Signal<DateParts>,
    /// Called with the new parts on every keystroke.
    pub on_change: Callback<DateParts>,
    /// Whether a problem is shown for the date.
    pub invalid: Signal<bool>,
    /// The boxes' `aria-describedby`.
    pub described_by: Signal<Option<String>>,
    /// `autocomplete` token prefix, such as `bday` for a birth date.
    pub autocomplete: Option<&'static str>,
    /// Whether the date must be given.
    pub required: bool,
}

/// Three labelled boxes for a date. Box ids are `{base}-day`, `{base}-month` and
/// `{base}-year`.
pub fn date_boxes(spec: DateSpec) -> El {
    let visit = Visit::expect();
    let DateSpec {
        base,
        value,
        on_change,
        invalid,
        described_by,
        autocomplete,
        required,
    } = spec;
    el("div").class("date-parts").children_with(move || {
        let order = match visit.lang.get() {
            Lang::En => [Part::Month, Part::Day, Part::Year],
            Lang::Es => [Part::Day, Part::Month, Part::Year],
        };
        order
            .into_iter()
            .map(|part| {
                let (suffix, width) = match part {
                    Part::Day => ("day", "2"),
                    Part::Month => ("month", "2"),
                    Part::Year => ("year", "4"),
                };
                let id = format!("{base}-{suffix}");
                let text = visit.text();
                let label = match part {
                    Part::Day => text.day,
                    Part::Month => text.month,
                    Part::Year => text.year,
                };
                let read = move || {
                    value.with(|v| match part {
                        Part::Day => v.day.clone(),
                        Part::Month => v.month.clone(),
                        Part::Year => v.year.clone(),
                    })
                };
                let write = move |text: String| {
                    let mut parts = value.get_untracked();
                    match part {
                        Part::Day => parts.day = text,
                        Part::Month => parts.month = text,
                        Part::Year => parts.year = text,
                    }
                    on_change.run(parts);
                };
                let autocomplete = autocomplete
                    .map(|a| format!("{a}-{suffix}"))
                    .unwrap_or_else(|| "off".into());
                let input = el("input")
                    .id(&id)
                    .attr("name", &id)
                    .attr("type", "text")
                    .attr("inputmode", "numeric")
                    .attr("autocomplete", &autocomplete);
                let input = if required && part == Part::Year {
                    input.attr("required", "")
                } else {
                    input
                };
                let input = input
                    .aria_with("aria-invalid", move || invalid.get())
                    .attr_with("aria-describedby", move || described_by.get())
                    .prop_with("value", move || JsValue::from_str(&read()))
                    .on("input", move |ev| write(target_value(&ev)));
                el("div")
                    .class(&format!("date-part date-part--{width}"))
                    .child(el("label").attr("for", &id).text(label))
                    .child(input)
            })
            .collect()
    })
}
