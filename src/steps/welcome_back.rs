//! "Welcome back": a draft kept on this device, offered back on the welcome screen
//! with the day it was saved, and the sections to check again if the clinic changed
//! them since. Continue takes it up; Start again deletes it.

use candor_core::PartialDate;
use leptos::prelude::*;

use crate::html::{El, el, text_items};
use crate::state::Visit;

/// The offer of the stored draft, while there is one.
pub fn welcome_back() -> El {
    let visit = Visit::expect();
    let offered = Memo::new(move |_| {
        visit
            .drafts
            .offered
            .with(|o| o.as_ref().map(|r| (r.saved_on, r.check_again.clone())))
    });
    let lang = visit.lang;
    let shown = Memo::new(move |_| (offered.get(), lang.get()));
    el("div").children_for(shown, move |(offered, lang)| {
        let Some((saved_on, check_again)) = offered else {
            return Vec::new();
        };
        let text = visit.text();
        let saved = text.date(PartialDate {
            year: saved_on.year,
            month: Some(saved_on.month),
            day: Some(saved_on.day),
        });
        let mut panel = el("section")
            .class("welcome-back notice")
            .attr("aria-labelledby", "welcome-back-title")
            .child(
                el("h2")
                    .id("welcome-back-title")
                    .text(text.welcome_back_title),
            )
            .child(el("p").text(&if visit.drafts.at_clinic() {
                (text.welcome_back_intro_invited)(&saved)
            } else {
                (text.welcome_back_intro)(&saved)
            }));
        if !check_again.is_empty() {
            let titles: Vec<String> = visit.with_profile(|p| {
                check_again
                    .iter()
                    .filter_map(|id| p.sections.iter().find(|s| s.id == *id))
                    .map(|s| s.title.get(lang).to_owned())
                    .collect()
            });
            panel = panel
                .child(el("p").text(text.welcome_back_check))
                .child(el("ul").children(text_items(titles)));
        }
        vec![
            panel.child(
                el("div")
                    .class("button-row")
                    .child(
                        el("button")
                            .attr("type", "button")
                            .class("button button--primary")
                            .on("click", move |_| visit.resume_draft())
                            .text(text.welcome_back_continue),
                    )
                    .child(
                        el("button")
                            .attr("type", "button")
                            .class("button")
                            .on("click", move |_| visit.discard_draft())
                            .text(text.welcome_back_start_again),
                    ),
            ),
        ]
    })
}
