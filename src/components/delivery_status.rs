//! Where the signed forms stand, as the patient reads it: being sent, received (with
//! the clinic's receipt time), saved on the device, keep the page open, or show the
//! front desk; and "Try again" when they could not be signed here.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::delivery::courier::Status;
use crate::html::{El, el};
use crate::state::Visit;
use crate::text::ClockTime;

/// The status line (a polite live region) and, after a failure to sign, the button
/// that tries again.
pub fn status_view(visit: Visit) -> El {
    let status = visit.courier.with_value(|c| c.status);
    let failed = visit.consents.cannot_sign;
    let message = move || {
        let text = visit.text();
        if failed.get() {
            return text.cannot_sign.to_owned();
        }
        let line = match status.get() {
            Status::Idle | Status::Sending => text.sending.to_owned(),
            Status::Received(at) => (text.received_at)(local_time(at.as_deref())),
            Status::Saved => text.saved_on_device.to_owned(),
            Status::KeepOpen => text.keep_open.to_owned(),
            Status::NeedsStaff(code) => (text.needs_staff)(code),
        };
        match visit.consents.submission.get() {
            Some(id) => format!("{line} {}", (text.reference)(&id)),
            None => line,
        }
    };
    let try_again = el("button")
        .attr("type", "button")
        .id("send-forms")
        .class("button button--primary")
        .attr_with("hidden", move || (!failed.get()).then(String::new))
        .on("click", move |_| {
            visit.send();
        })
        .text_with(move || visit.text().try_again.to_owned());
    el("div")
        .class("send no-print")
        .child(
            el("p")
                .class("notice")
                .id("send-status")
                .attr("role", "status")
                .text_with(message),
        )
        .child(try_again)
}

/// The time of day in the device's time zone of a receipt time from the clinic's
/// server, or `None` when the receipt gave none or not a time.
pub(crate) fn local_time(rfc3339: Option<&str>) -> Option<ClockTime> {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339?));
    let (hour, minute) = (date.get_hours(), date.get_minutes());
    (hour < 24 && minute < 60).then_some(ClockTime { hour, minute })
}
