//! The one group of radio buttons or checkboxes of the widget: yes/no, single and
//! multiple choice, scales, treatments, severities and body-map marks all render
//! through it.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::{described_by, field_messages, optional_mark};
use crate::html::{El, el, target_checked};
use crate::state::{IssueKey, Visit};

/// One option of a [`choice_group`].
#[derive(Clone)]
pub struct OptionSpec {
    /// The value recorded when chosen.
    pub value: String,
    /// What the patient reads.
    pub label: Signal<String>,
    /// A second line under the label (treatment summaries).
    pub detail: Option<Signal<String>>,
}

impl OptionSpec {
    /// An option with just a label.
    pub fn new(value: impl Into<String>, label: Signal<String>) -> Self {
        Self {
            value: value.into(),
            label,
            detail: None,
        }
    }
}

/// How a group lays out its options.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// One option per line.
    #[default]
    Stacked,
    /// Side by side, wrapping (yes/no, marks).
    Inline,
    /// Numbers in a row with the label under each (scales).
    Scale,
    /// Bordered cards with a second line (treatments).
    Cards,
}

/// What a [`choice_group`] shows and does.
pub struct ChoiceSpec {
    /// Id of the first input, and the base of the others and of the messages.
    pub base: String,
    /// The question, in the current language.
    pub legend: Signal<String>,
    /// Hint under the legend.
    pub hint: Signal<Option<String>>,
    /// Which problem belongs to this group, if any can.
    pub key: Option<IssueKey>,
    /// The options.
    pub options: Vec<OptionSpec>,
    /// Checkboxes instead of radios.
    pub checkbox: bool,
    /// The values currently chosen.
    pub chosen: Signal<Vec<String>>,
    /// Called with an option's value and whether it is now ticked.
    pub on_toggle: Callback<(String, bool)>,
    /// Whether the question may be skipped; the legend then says so.
    pub optional: bool,
    /// How to lay out the options.
    pub layout: Layout,
    /// A group inside a larger question (smaller legend).
    pub nested: bool,
}

impl ChoiceSpec {
    /// A required, stacked group of radios with no hint and no problem of its own.
    pub fn new(
        base: String,
        legend: Signal<String>,
        options: Vec<OptionSpec>,
        chosen: Signal<Vec<String>>,
        on_toggle: Callback<(String, bool)>,
    ) -> Self {
        Self {
            base,
            legend,
            hint: Signal::stored(None),
            key: None,
            options,
            checkbox: false,
            chosen,
            on_toggle,
            optional: false,
            layout: Layout::Stacked,
            nested: false,
        }
    }
}

/// A fieldset of radios or checkboxes, with legend, hint and error. Each input's id
/// is `{base}-{value}`, so error summaries and Change links can focus an option.
pub fn choice_group(spec: ChoiceSpec) -> El {
    let visit = Visit::expect();
    let ChoiceSpec {
        base,
        legend,
        hint,
        key,
        options,
        checkbox,
        chosen,
        on_toggle,
        optional,
        layout,
        nested,
    } = spec;
    let key = key.unwrap_or(IssueKey::Question(String::new(), Some(usize::MAX)));
    let invalid = {
        let key = key.clone();
        Signal::derive(move || visit.shown_issue(&key).is_some())
    };
    let described = {
        let (base, key) = (base.clone(), key.clone());
        Signal::derive(move || described_by(visit, &base, &key, hint.with(Option::is_some)))
    };
    let kind = if checkbox { "checkbox" } else { "radio" };
    // The group's layout and each option's look (style/questions.css).
    let (layout_class, option_class) = match layout {
        Layout::Stacked => ("options", "option"),
        Layout::Inline => ("options options--inline", "option"),
        Layout::Scale => ("options scale", "option scale-point"),
        Layout::Cards => ("options options--cards", "option option--card"),
    };
    let items: Vec<El> = options
        .into_iter()
        .map(|option| {
            let id = format!("{base}-{}", option.value);
            let detail_id = format!("{id}-detail");
            let has_detail = option.detail.is_some();
            let value = option.value.clone();
            let described = {
                let detail_id = detail_id.clone();
                move || {
                    let ids: Vec<String> = has_detail
                        .then(|| detail_id.clone())
                        .into_iter()
                        .chain(described.get())
                        .collect();
                    (!ids.is_empty()).then(|| ids.join(" "))
                }
            };
            let checked_value = option.value.clone();
            let input = el("input")
                .attr("type", kind)
                .id(&id)
                .attr("name", &base)
                .attr("value", &option.value)
                .attr_with("aria-describedby", described)
                .prop_with("checked", move || {
                    JsValue::from_bool(chosen.with(|c| c.contains(&checked_value)))
                })
                .on("change", move |ev| {
                    on_toggle.run((value.clone(), target_checked(&ev)))
                });
            let label_text = option.label;
            let label = el("label")
                .attr("for", &id)
                .child(
                    el("span")
                        .class("option-title")
                        .text_with(move || label_text.get()),
                )
                .child_opt(option.detail.map(|d| {
                    el("span")
                        .class("option-summary")
                        .id(&detail_id)
                        .text_with(move || d.get())
                }));
            el("div").class(option_class).child(input).child(label)
        })
        .collect();
    let legend = optional_mark(el("legend").text_with(move || legend.get()), optional);
    let fieldset = el("fieldset").class(if nested {
        "field question nested"
    } else {
        "field question"
    });
    let fieldset = fieldset
        .class_when("field--invalid", move || invalid.get())
        .child(legend);
    field_messages(fieldset, &base, key, hint).child(el("div").class(layout_class).children(items))
}
