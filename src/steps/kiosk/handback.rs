//! The kiosk's last screen: thank you, return the tablet, where the forms stand (the
//! receipt's time, never a name), and a countdown back to the start screen. Shown
//! after the last decision, and after choosing paper.

use leptos::prelude::*;

use crate::components::local_time;
use crate::components::step_heading;
use crate::delivery::courier::Status;
use crate::html::{El, el};
use crate::state::Visit;
use crate::state::kiosk::Kiosk;

/// The hand-back screen; `paper` after the patient chose paper forms.
pub fn handback_screen(kiosk: Kiosk, paper: bool) -> El {
    let visit = Visit::expect();
    let status = visit.courier.with_value(|c| c.status);
    let standing = move || {
        let text = visit.text().kiosk;
        if paper {
            return text.paper_return.to_owned();
        }
        match status.get() {
            Status::Received(at) => (text.handback_received)(local_time(at.as_deref())),
            Status::Saved => text.handback_saved.to_owned(),
            Status::NeedsStaff(_) | Status::KeepOpen => text.handback_staff.to_owned(),
            Status::Idle | Status::Sending => visit.text().sending.to_owned(),
        }
    };
    el("div")
        .class("step kiosk-handback")
        .child(step_heading(move || {
            visit.text().kiosk.handback_title.to_owned()
        }))
        .child(
            el("p")
                .class("lead")
                .text_with(move || visit.text().kiosk.handback_return.to_owned()),
        )
        .child_opt(
            (!paper)
                .then(|| el("p").text_with(move || visit.text().kiosk.handback_copy.to_owned())),
        )
        .child(
            el("p")
                .class("notice")
                .id("send-status")
                .attr("role", "status")
                .text_with(standing),
        )
        .child(el("p").text_with(move || {
            let left = kiosk.handback_left.get().unwrap_or(0);
            (visit.text().kiosk.handback_countdown)(left)
        }))
        .child(
            el("button")
                .attr("type", "button")
                .id("kiosk-finish")
                .class("button button--primary")
                .on("click", move |_| {
                    if !visit.leaving_loses_work() {
                        kiosk.wipe();
                    }
                })
                .text_with(move || visit.text().kiosk.handback_finish.to_owned()),
        )
}
