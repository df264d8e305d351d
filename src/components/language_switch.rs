//! The language switcher: each language named in itself, available on every step.

use leptos::prelude::*;

use crate::html::{El, el};
use crate::state::Visit;

/// Buttons for the profile's languages. Switching keeps every answer.
pub fn language_switch() -> Option<El> {
    let visit = Visit::expect();
    let languages = visit.with_profile(|p| p.languages.clone());
    (languages.len() > 1).then(|| {
        let buttons: Vec<El> = languages
            .into_iter()
            .map(|lang| {
                el("li").child(
                    el("button")
                        .attr("type", "button")
                        .class("language-button")
                        .attr("lang", lang.code())
                        .aria_with("aria-pressed", move || visit.lang.get() == lang)
                        .on("click", move |_| visit.set_language(lang))
                        .text(lang.endonym()),
                )
            })
            .collect();
        el("nav")
            .class("language-switch")
            .attr_with("aria-label", move || {
                Some(visit.text().language_label.to_owned())
            })
            .child(el("ul").children(buttons))
    })
}
