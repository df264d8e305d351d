//! A text box with suggestions from the vocabulary (the ARIA 1.2 combobox pattern).
//! Free text is always allowed: a suggestion is a help, never a requirement.

use candor_core::vocabulary::{self, Suggestion, TermKind};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::html::{El, el, target_value};
use crate::state::Visit;
use crate::text::Text;

/// How many suggestions to show at once.
const MAX_SUGGESTIONS: usize = 6;

/// What a [`combobox`] shows and does.
pub struct ComboSpec {
    /// The input's element id.
    pub id: String,
    /// The label, in the current language.
    pub label: fn(&Text) -> &'static str,
    /// Which vocabulary.
    pub kind: TermKind,
    /// The text in the box.
    pub value: Signal<String>,
    /// Called on every keystroke.
    pub on_input: Callback<String>,
    /// Called when a suggestion is chosen, with what the entry now reads (the core's
    /// [`Suggestion::text_after_pick`]) and the term's code.
    pub on_pick: Callback<(String, String)>,
    /// Whether a problem is shown.
    pub invalid: Signal<bool>,
    /// The input's `aria-describedby`.
    pub described_by: Signal<Option<String>>,
}

/// A labelled combobox over a vocabulary.
pub fn combobox(spec: ComboSpec) -> El {
    let visit = Visit::expect();
    let ComboSpec {
        id,
        label,
        kind,
        value,
        on_input,
        on_pick,
        invalid,
        described_by,
    } = spec;
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    // The list approaches: fetch the vocabulary if nothing has yet; suggestions
    // appear once it has arrived (until then, what is typed is kept as typed).
    let loader = visit.vocabulary;
    loader.request();
    let suggestions = Memo::new(move |_| {
        if !loader.ready() {
            return Vec::new();
        }
        value.with(|v| vocabulary::suggest(kind, v, MAX_SUGGESTIONS))
    });
    let shown = move || open.get() && !suggestions.with(Vec::is_empty);
    let listbox_id = format!("{id}-listbox");
    let option_prefix = format!("{id}-option-");
    let pick = move |s: Suggestion| {
        let typed = value.get_untracked();
        on_pick.run((s.text_after_pick(&typed), s.term.id.to_owned()));
        open.set(false);
        active.set(None);
    };
    let on_keydown = move |ev: web_sys::Event| {
        let Some(ev) = ev.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        let count = suggestions.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            "Enter" if open.get_untracked() && active.get_untracked().is_some() => {
                ev.prevent_default();
                if let Some(s) = active
                    .get_untracked()
                    .and_then(|i| suggestions.with_untracked(|s| s.get(i).copied()))
                {
                    pick(s);
                }
            }
            "Escape" if open.get_untracked() => {
                ev.prevent_default();
                open.set(false);
                active.set(None);
            }
            _ => {}
        }
    };
    let options = {
        let option_prefix = option_prefix.clone();
        move || {
            let lang = visit.lang.get();
            suggestions
                .get()
                .into_iter()
                .enumerate()
                .map(|(i, s)| {
                    let (name, alias) = s.label(lang);
                    el("li")
                        .attr("role", "option")
                        .id(&format!("{option_prefix}{i}"))
                        .class("suggestion")
                        .class_when("suggestion--active", move || active.get() == Some(i))
                        .aria_with("aria-selected", move || active.get() == Some(i))
                        .on("pointerdown", |ev| ev.prevent_default())
                        .on("click", move |_| pick(s))
                        .text(name)
                        .child_opt(alias.map(|m| {
                            el("span")
                                .class("suggestion-alias")
                                .text(&format!(" ({m})"))
                        }))
                })
                .collect()
        }
    };
    let status = move || {
        if open.get() && value.with(|v| vocabulary::is_searchable(v)) {
            (visit.text().suggestions)(suggestions.with(Vec::len))
        } else {
            String::new()
        }
    };
    let input = el("input")
        .id(&id)
        .attr("name", &id)
        .attr("type", "text")
        .attr("role", "combobox")
        .attr("autocomplete", "off")
        .attr("aria-autocomplete", "list")
        .attr("aria-controls", &listbox_id)
        .aria_with("aria-expanded", shown)
        .attr_with("aria-activedescendant", move || {
            active
                .get()
                .filter(|_| shown())
                .map(|i| format!("{option_prefix}{i}"))
        })
        .aria_with("aria-invalid", move || invalid.get())
        .attr_with("aria-describedby", move || described_by.get())
        .prop_with("value", move || JsValue::from_str(&value.get()))
        .on("input", move |ev| {
            on_input.run(target_value(&ev));
            open.set(true);
            active.set(None);
        })
        .on("keydown", on_keydown)
        // Closed once the press that moved focus away has landed, so the fields
        // below the list do not move under it.
        .on("blur", move |_| {
            crate::browser::pointer::after_press(move || {
                // The entry may be gone by then (a step change): nothing to close.
                let _ = open.try_set(false);
                let _ = active.try_set(None);
            })
        });
    el("div")
        .class("combobox")
        .child(
            el("label")
                .attr("for", &id)
                .text_with(move || label(visit.text()).to_owned()),
        )
        .child(input)
        .child(
            el("ul")
                .id(&listbox_id)
                .attr("role", "listbox")
                .class("suggestions")
                .attr_with("hidden", move || (!shown()).then(String::new))
                .children_with(options),
        )
        .child(
            el("p")
                .id(&format!("{id}-status"))
                .class("visually-hidden")
                .attr("role", "status")
                .text_with(status),
        )
}
