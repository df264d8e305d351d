//! The kiosk's staff control: a discreet button in the clinic bar that opens only when
//! pressed and held for two seconds (touch, mouse, Enter or Space), then asks for the
//! staff PIN set at enrolment, then shows the tablet's status: its name, the forms
//! waiting to be sent, the oldest one's age and the last problem. No patient data.

use leptos::prelude::*;

use crate::browser::kiosk;
use crate::html::{El, el, target_value};
use crate::state::Visit;
use crate::state::kiosk::{Kiosk, StaffScreen};

/// How long the control must be held.
const HOLD_MS: i32 = 2000;

/// The control, for the clinic bar.
pub fn staff_control(kiosk: Kiosk) -> El {
    let visit = Visit::expect();
    let held = StoredValue::new(None::<i32>);
    let press = move || {
        if held.get_value().is_none() {
            held.set_value(kiosk::after(HOLD_MS, move || {
                held.set_value(None);
                kiosk.staff.set(StaffScreen::Pin { wrong: false });
            }));
        }
    };
    let release = move || {
        if let Some(handle) = held.get_value() {
            kiosk::cancel(handle);
            held.set_value(None);
        }
    };
    let is_press_key = |ev: &web_sys::Event| {
        wasm_bindgen::JsCast::dyn_ref::<web_sys::KeyboardEvent>(ev)
            .is_some_and(|k| k.key() == "Enter" || k.key() == " ")
    };
    el("button")
        .attr("type", "button")
        .id("kiosk-staff")
        .class("kiosk-staff")
        .on("pointerdown", move |_| press())
        .on("pointerup", move |_| release())
        .on("pointerleave", move |_| release())
        .on("pointercancel", move |_| release())
        .on("contextmenu", |ev| ev.prevent_default())
        .on("keydown", move |ev| {
            if is_press_key(&ev) {
                ev.prevent_default();
                press();
            }
        })
        .on("keyup", move |ev| {
            if is_press_key(&ev) {
                release();
            }
        })
        .text_with(move || visit.text().kiosk.staff_control.to_owned())
}

/// The staff dialogs (PIN, then status), present while open.
pub fn staff_dialogs(kiosk: Kiosk) -> El {
    let screen = Memo::new(move |_| kiosk.staff.get());
    el("div").children_for(screen, move |screen| match screen {
        StaffScreen::Closed => Vec::new(),
        StaffScreen::Pin { wrong } => vec![pin_dialog(kiosk, wrong)],
        StaffScreen::Panel => vec![panel(kiosk)],
    })
}

fn dialog(title_id: &str, title: impl Fn() -> String + 'static) -> El {
    el("div").class("kiosk-backdrop").child(
        el("div")
            .class("kiosk-dialog")
            .attr("role", "dialog")
            .attr("aria-modal", "true")
            .attr("aria-labelledby", title_id)
            .child(el("h2").id(title_id).text_with(title)),
    )
}

fn close_button(kiosk: Kiosk) -> El {
    let visit = Visit::expect();
    el("button")
        .attr("type", "button")
        .class("button button--secondary")
        .on("click", move |_| kiosk.staff.set(StaffScreen::Closed))
        .text_with(move || visit.text().kiosk.staff_close.to_owned())
}

fn focus_soon(id: &'static str) {
    leptos::task::spawn_local(async move { crate::browser::dom::focus_and_reveal(id) });
}

fn pin_dialog(kiosk: Kiosk, wrong: bool) -> El {
    let visit = Visit::expect();
    let pin = StoredValue::new(String::new());
    let check = move |ev: web_sys::Event| {
        ev.prevent_default();
        kiosk.try_pin(pin.get_value());
    };
    let wait = Memo::new(move |_| kiosk.pin_tries.get().wait_seconds(kiosk.now.get()));
    focus_soon("staff-pin");
    let body = el("form")
        .attr("novalidate", "")
        .on("submit", check)
        .child(
            el("label")
                .attr("for", "staff-pin")
                .text_with(move || visit.text().kiosk.pin_label.to_owned()),
        )
        .child(
            el("input")
                .id("staff-pin")
                .attr("type", "password")
                .attr("inputmode", "numeric")
                .attr("autocomplete", "off")
                .attr("maxlength", "8")
                .attr("aria-describedby", "staff-pin-error")
                .on("input", move |ev| pin.set_value(target_value(&ev))),
        )
        .child(
            el("p")
                .id("staff-pin-error")
                .class("field-error")
                .attr("role", "alert")
                .text_with(move || {
                    let text = visit.text().kiosk;
                    match wait.get() {
                        Some(seconds) => (text.staff_pin_wait)(seconds),
                        None if wrong => text.staff_wrong_pin.to_owned(),
                        None => String::new(),
                    }
                }),
        )
        .child(
            el("div")
                .class("step-nav")
                .child(
                    el("button")
                        .attr("type", "submit")
                        .class("button button--primary")
                        .text_with(move || visit.text().kiosk.staff_open.to_owned()),
                )
                .child(close_button(kiosk)),
        );
    let d = dialog("staff-pin-title", move || {
        visit.text().kiosk.staff_pin_title.to_owned()
    });
    let inner = d.node().first_element_child();
    if let Some(inner) = inner {
        El::from_node(inner).child(body);
    }
    d
}

fn panel(kiosk: Kiosk) -> El {
    let visit = Visit::expect();
    let view = Memo::new(move |_| kiosk.staff_view(visit));
    let device = kiosk.device.with_value(|d| d.name.clone());
    let row = |term: fn(&'static crate::text::KioskText) -> &'static str,
               value: Box<dyn Fn() -> String>| {
        vec![
            el("dt").text_with(move || term(visit.text().kiosk).to_owned()),
            el("dd").text_with(value),
        ]
    };
    let mut rows = row(|t| t.staff_device, Box::new(move || device.clone()));
    rows.extend(row(
        |t| t.staff_waiting,
        Box::new(move || {
            let v = view.get();
            let text = visit.text().kiosk;
            if v.refused > 0 {
                format!("{} ({})", v.waiting, (text.staff_refused)(v.refused))
            } else {
                v.waiting.to_string()
            }
        }),
    ));
    rows.extend(row(
        |t| t.staff_oldest,
        Box::new(move || {
            let text = visit.text().kiosk;
            match view.get().oldest_queued_ms {
                Some(at) => (text.staff_minutes)((kiosk.now.get() - at).max(0) / 60_000),
                None => text.staff_none.to_owned(),
            }
        }),
    ));
    rows.extend(row(
        |t| t.staff_last_error,
        Box::new(move || {
            let text = visit.text().kiosk;
            match view.get().last_error {
                Some(code) => (text.staff_error)(&code),
                None => text.staff_none.to_owned(),
            }
        }),
    ));
    focus_soon("staff-close");
    let body = el("div")
        .child(
            el("dl")
                .class("kiosk-status")
                .id("kiosk-status")
                .children(rows),
        )
        .child(
            el("div")
                .class("step-nav")
                .child(
                    el("button")
                        .attr("type", "button")
                        .class("button button--primary")
                        .on("click", move |_| visit.courier.with_value(|c| c.retry()))
                        .text_with(move || visit.text().kiosk.staff_retry.to_owned()),
                )
                .child(
                    el("button")
                        .attr("type", "button")
                        .class("button button--secondary")
                        .on("click", move |_| kiosk.wipe())
                        .text_with(move || visit.text().kiosk.staff_reset.to_owned()),
                )
                .child(close_button(kiosk).id("staff-close")),
        );
    let d = dialog("staff-title", move || {
        visit.text().kiosk.staff_title.to_owned()
    });
    if let Some(inner) = d.node().first_element_child() {
        El::from_node(inner).child(body);
    }
    d
}
