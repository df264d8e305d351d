//! "Are you still there?": on a kiosk, after the clinic's idle time (or at the visit's
//! cap), a modal alert dialog with the seconds left and one large Continue button
//! (WCAG 2.2.1). Focus moves to Continue, so screen readers announce the dialog.

use candor_core::kiosk::{Timer, Why};
use leptos::prelude::*;

use crate::html::{El, el};
use crate::state::Visit;
use crate::state::kiosk::Kiosk;

/// The dialog, present while the core's timer warns.
pub fn still_there(kiosk: Kiosk) -> El {
    let visit = Visit::expect();
    let warning = Memo::new(move |_| match kiosk.timer.get() {
        Timer::Warning { why, .. } => Some(why),
        _ => None,
    });
    el("div").children_for(warning, move |why| {
        let Some(why) = why else {
            return Vec::new();
        };
        let body = move || {
            let left = match kiosk.timer.get() {
                Timer::Warning { seconds_left, .. } => seconds_left,
                _ => 0,
            };
            let text = visit.text().kiosk;
            match why {
                Why::Idle => (text.still_there_body)(left),
                Why::Cap => (text.still_there_cap)(left),
            }
        };
        let button = el("button")
            .attr("type", "button")
            .id("still-there-continue")
            .class("button button--primary kiosk-continue")
            .on("click", move |_| kiosk.still_here())
            .text_with(move || visit.text().kiosk.still_there_continue.to_owned());
        let focus = button.node().clone();
        leptos::task::spawn_local(async move {
            if let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(focus) {
                let _ = element.focus();
            }
        });
        vec![
            el("div").class("kiosk-backdrop").child(
                el("div")
                    .class("kiosk-dialog")
                    .attr("role", "alertdialog")
                    .attr("aria-modal", "true")
                    .attr("aria-labelledby", "still-there-title")
                    .attr("aria-describedby", "still-there-body")
                    .child(
                        el("h2")
                            .id("still-there-title")
                            .text_with(move || visit.text().kiosk.still_there_title.to_owned()),
                    )
                    .child(el("p").id("still-there-body").text_with(body))
                    .child(button),
            ),
        ]
    })
}
