//! A field's hint and inline error, and the `aria-describedby` that links them.

use leptos::prelude::*;

use crate::html::{El, el};
use crate::state::{IssueKey, Visit};

/// Element id of the hint of the field whose id is `base`.
pub fn hint_id(base: &str) -> String {
    format!("{base}-hint")
}

/// Element id of the inline error of the field whose id is `base`.
pub fn error_id(base: &str) -> String {
    format!("{base}-error")
}

/// The `aria-describedby` value for a field: its hint when it has one, and its error
/// while one is shown. `None` when there is neither, so the attribute is left out.
pub fn described_by(visit: Visit, base: &str, key: &IssueKey, has_hint: bool) -> Option<String> {
    let mut ids = Vec::with_capacity(2);
    if has_hint {
        ids.push(hint_id(base));
    }
    if visit.shown_issue(key).is_some() {
        ids.push(error_id(base));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// Appends a field's hint and, once the patient has tried to continue, the problem
/// with the answer. The error never relies on colour alone: an icon marks it and
/// screen readers hear "Error:" first.
pub fn field_messages(parent: El, base: &str, key: IssueKey, hint: Signal<Option<String>>) -> El {
    let visit = Visit::expect();
    let (hint_id, error_id) = (hint_id(base), error_id(base));
    parent
        .children_with(move || {
            hint.get()
                .map(|hint| el("p").class("hint").id(&hint_id).text(&hint))
                .into_iter()
                .collect()
        })
        .children_with(move || {
            visit
                .shown_issue(&key)
                .map(|message| {
                    el("p")
                        .class("field-error")
                        .id(&error_id)
                        .child(
                            el("span")
                                .class("visually-hidden")
                                .text(visit.text().error_prefix),
                        )
                        .text(&message)
                })
                .into_iter()
                .collect()
        })
}

/// " (optional)" after a label or legend.
pub fn optional_mark(parent: El, optional: bool) -> El {
    if !optional {
        return parent;
    }
    let visit = Visit::expect();
    parent.text(" ").child(
        el("span")
            .class("optional")
            .text_with(move || visit.text().optional.to_owned()),
    )
}
