//! The kiosk's start screen: the clinic's welcome, a large language choice and one
//! large "Tap to begin".

use leptos::prelude::*;

use crate::components::step_heading;
use crate::html::{El, el};
use crate::state::Visit;
use crate::state::kiosk::Kiosk;

/// The start screen (in place of the personal welcome).
pub fn start_screen(kiosk: Kiosk) -> El {
    let visit = Visit::expect();
    let (clinic, title, message, languages) = visit.with_profile(|p| {
        (
            p.name.clone(),
            p.kiosk.start_title.clone(),
            p.kiosk.start_message.clone(),
            p.languages.clone(),
        )
    });
    let heading = move || {
        let lang = visit.lang.get();
        match &title {
            Some(t) => t.get(lang).to_owned(),
            None => (visit.text().kiosk.start_title)(&clinic),
        }
    };
    let line = move || {
        let lang = visit.lang.get();
        match &message {
            Some(m) => m.get(lang).to_owned(),
            None => visit.text().kiosk.start_message.to_owned(),
        }
    };
    let choices: Vec<El> = languages
        .into_iter()
        .map(|lang| {
            el("button")
                .attr("type", "button")
                .class("button button--secondary kiosk-language")
                .attr("lang", lang.code())
                .aria_with("aria-pressed", move || visit.lang.get() == lang)
                .on("click", move |_| visit.set_language(lang))
                .text(lang.endonym())
        })
        .collect();
    el("div")
        .class("step kiosk-start")
        .child(step_heading(heading))
        .child(el("p").class("lead").text_with(line))
        .child(
            el("div")
                .class("kiosk-languages")
                .attr("role", "group")
                .attr_with("aria-label", move || {
                    Some(visit.text().kiosk.start_language.to_owned())
                })
                .children(choices),
        )
        .child(
            el("button")
                .attr("type", "button")
                .id("kiosk-begin")
                .class("button button--primary kiosk-begin")
                .on("click", move |_| kiosk.begin(visit))
                .text_with(move || visit.text().kiosk.tap_to_begin.to_owned()),
        )
}
