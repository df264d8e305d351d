//! The language switcher: each language named in itself, available on every step.

use candor_core::Lang;
use leptos::prelude::*;

use crate::html::{El, el};
use crate::state::Visit;

/// Buttons for the profile's languages. Switching keeps every answer.
pub fn language_switch() -> Option<El> {
    let visit = Visit::expect();
    let languages = visit.with_profile(|p| p.languages.clone());
    language_buttons(
        languages,
        Signal::derive(move || visit.lang.get()),
        Callback::new(move |lang| visit.set_language(lang)),
        Signal::derive(move || visit.text().welcome.language_label.to_owned()),
    )
}

/// A button per language of `languages` (none when there is only one), the one of
/// `current` pressed; `choose` is called with the language pressed.
pub fn language_buttons(
    languages: Vec<Lang>,
    current: Signal<Lang>,
    choose: Callback<Lang>,
    label: Signal<String>,
) -> Option<El> {
    (languages.len() > 1).then(|| {
        let buttons: Vec<El> = languages
            .into_iter()
            .map(|lang| {
                el("li").child(
                    el("button")
                        .attr("type", "button")
                        .class("language-button")
                        .attr("lang", lang.code())
                        .aria_with("aria-pressed", move || current.get() == lang)
                        .on("click", move |_| choose.run(lang))
                        .text(lang.endonym()),
                )
            })
            .collect();
        el("nav")
            .class("language-switch")
            .attr_with("aria-label", move || Some(label.get()))
            .child(el("ul").children(buttons))
    })
}
