//! Enrolling a tablet, for clinic staff: opened with the link `candor-receiver kiosk
//! enrol` printed; sets the staff PIN and registers the tablet's device key, then
//! shows the start screen.

use candor_core::kiosk::pin_problem;
use leptos::prelude::*;

use crate::browser::kiosk::{self, EnrolError};
use crate::html::{El, el, target_value};
use crate::text::Text;

/// The enrolment screen for `code`, posting to `url`, in `text`'s language.
pub fn enrol_screen(code: String, url: String, text: &'static Text) -> El {
    let words = text.kiosk;
    let pin = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<EnrolError>);
    let problem = Memo::new(move |_| pin.with(|p| again.with(|a| pin_problem(p, a))));
    let message = move || {
        if let Some(error) = failure.get() {
            return match error {
                EnrolError::Refused => words.enrol_refused,
                EnrolError::Offline => words.enrol_offline,
                EnrolError::NoStorage => words.enrol_no_storage,
            }
            .to_owned();
        }
        match (tried.get(), problem.get()) {
            (true, Some(p)) => (words.pin_problem)(p).to_owned(),
            _ => String::new(),
        }
    };
    let submit = move |ev: web_sys::Event| {
        ev.prevent_default();
        tried.set(true);
        if problem.get_untracked().is_some() || busy.get_untracked() {
            crate::browser::dom::focus_and_reveal("kiosk-pin");
            return;
        }
        busy.set(true);
        failure.set(None);
        let (code, url, pin) = (code.clone(), url.clone(), pin.get_untracked());
        leptos::task::spawn_local(async move {
            match kiosk::enrol(&url, &code, &pin).await {
                Ok(_) => kiosk::wipe(words.waiting_for_connection),
                Err(e) => {
                    failure.set(Some(e));
                    busy.set(false);
                }
            }
        });
    };
    let field = |id: &'static str, label: &'static str, value: RwSignal<String>| {
        el("div")
            .class("field")
            .child(el("label").attr("for", id).text(label))
            .child(
                el("input")
                    .id(id)
                    .attr("type", "password")
                    .attr("inputmode", "numeric")
                    .attr("autocomplete", "off")
                    .attr("maxlength", "8")
                    .attr("aria-describedby", "kiosk-pin-hint kiosk-enrol-message")
                    .on("input", move |ev| value.set(target_value(&ev))),
            )
    };
    el("main").class("page kiosk-enrol").child(
        el("form")
            .class("step")
            .attr("novalidate", "")
            .on("submit", submit)
            .child(el("h1").class("step-title").text(words.enrol_title))
            .child(el("p").class("lead").text(words.enrol_intro))
            .child(field("kiosk-pin", words.pin_label, pin))
            .child(
                el("p")
                    .id("kiosk-pin-hint")
                    .class("hint")
                    .text(words.pin_hint),
            )
            .child(field("kiosk-pin-again", words.pin_again_label, again))
            .child(
                el("p")
                    .id("kiosk-enrol-message")
                    .class("field-error")
                    .attr("role", "alert")
                    .text_with(message),
            )
            .child(
                el("div").class("step-nav").child(
                    el("button")
                        .attr("type", "submit")
                        .class("button button--primary")
                        .text_with(move || {
                            if busy.get() {
                                words.enrolling
                            } else {
                                words.enrol_button
                            }
                            .to_owned()
                        }),
                ),
            ),
    )
}
