//! A check-in after a treatment, from the link in the clinic's message: the screen
//! of questions (pain, the treatment's signs, a photo when the clinic asks for one, a
//! note), the call-now alert that a ticked sign raises before anything is sent, and
//! the confirmation. What the answers mean is the core's (`assess`, `problems`,
//! through [`CheckIn`]'s memos); these builders only render.

mod call;
mod photo;

use candor_core::Lang;
use candor_core::check_in::{CheckInProblem, MAX_PAIN, Urgency};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::browser::check_in::OpenFailure;
use crate::html::{El, el, target_checked, target_value};
use crate::state::check_in::{CheckIn, Delivery};
use crate::text::{CheckInText, check_in_for};

pub use call::clinic_link;

/// Element id of the call-now alert.
pub const ALERT_ID: &str = "check-in-alert";

/// Text that follows the language: `pick`'s words in the language of `lang`. One
/// closure type for every such text, so the wasm carries it once.
pub fn words(
    lang: RwSignal<Lang>,
    pick: fn(&'static CheckInText) -> &'static str,
) -> impl Fn() -> String + 'static {
    move || pick(check_in_for(lang.get())).to_owned()
}

/// Focuses `element` once it is in the document (after this tick).
fn focus_when_shown(element: &El) {
    let node: web_sys::HtmlElement = element.node().clone().unchecked_into();
    Effect::new(move |_| {
        let _ = node.focus();
    });
}

/// A screen's `<h1>`, which takes focus when `focus` (a screen that replaced another).
fn heading(text: impl Fn() -> String + 'static, focus: bool) -> El {
    let h1 = el("h1")
        .attr("tabindex", "-1")
        .class("step-title")
        .text_with(text);
    if focus {
        focus_when_shown(&h1);
    }
    h1
}

/// While the check-in is being opened.
pub fn opening_screen(lang: RwSignal<Lang>) -> El {
    el("p")
        .class("notice")
        .attr("role", "status")
        .text_with(words(lang, |t| t.opening))
}

/// The link could not be opened: unknown (with the clinic's number), or the clinic
/// unreachable (with Try again, which calls `retry`).
pub fn failed_screen(
    failure: OpenFailure,
    lang: RwSignal<Lang>,
    clinic: impl Fn() -> El + 'static,
    retry: Callback<()>,
) -> El {
    let screen = el("div").class("step check-in");
    match failure {
        OpenFailure::Unknown => screen
            .child(heading(words(lang, |t| t.unknown_title), false))
            .child(el("p").text_with(words(lang, |t| t.unknown_body)))
            .child(el("p").children_with(move || vec![clinic()])),
        OpenFailure::Unreachable => screen
            .child(heading(words(lang, |t| t.offline_title), false))
            .child(el("p").text_with(words(lang, |t| t.offline_body)))
            .child(
                el("button")
                    .attr("type", "button")
                    .class("button button--primary")
                    .on("click", move |_| retry.run(()))
                    .text_with(words(lang, |t| t.try_again)),
            ),
    }
}

/// The check-in was already answered.
pub fn completed_screen(lang: RwSignal<Lang>, clinic: impl Fn() -> El + 'static) -> El {
    el("div")
        .class("step check-in")
        .child(heading(words(lang, |t| t.completed_title), false))
        .child(el("p").text_with(words(lang, |t| t.completed_body)))
        .child(el("p").text_with(words(lang, |t| t.worried)))
        .child(el("p").children_with(move || vec![clinic()]))
}

/// The check-in: the questions until the answers are received, then the confirmation.
pub fn check_in_screen(ci: CheckIn) -> El {
    el("div").class("check-in").children_with(move || {
        let received = ci.delivery.with(|d| *d == Delivery::Received);
        untrack(|| {
            vec![if received {
                confirmation(ci)
            } else {
                questions(ci)
            }]
        })
    })
}

/// The confirmation; after an urgent check-in it repeats whom to call.
fn confirmation(ci: CheckIn) -> El {
    let urgency = ci.urgency.get_untracked();
    el("div")
        .class("step")
        .child(heading(words(ci.lang, |t| t.sent_title), true))
        .child(el("p").id("check-in-sent").text_with(move || {
            let text = ci.text();
            match urgency {
                Urgency::Routine => text.sent_body.to_owned(),
                _ => text.sent_urgent.to_owned(),
            }
        }))
        .children_with(move || {
            let text = ci.text();
            ci.profile.with_value(|p| {
                let mut out = call::call_lines(p, urgency, text);
                if urgency == Urgency::Routine {
                    out.push(el("p").text(text.worried));
                    out.push(el("p").child(clinic_link(p, text)));
                }
                out
            })
        })
}

/// The questions, the alert and Send.
fn questions(ci: CheckIn) -> El {
    let asks_photo = ci.with_asks(|a| a.photo);
    // Focus moves to the alert when it appears or grows more urgent, not when the
    // patient changes the language.
    let shown = std::rc::Rc::new(std::cell::Cell::new(Urgency::Routine));
    el("form")
        .class("step check-in-form")
        .attr("novalidate", "")
        .attr("autocomplete", "off")
        .on("submit", move |ev| {
            ev.prevent_default();
            ci.send();
        })
        .child(heading(words(ci.lang, |t| t.title), false))
        .child(el("p").text_with(move || (ci.text().intro)(&ci.treatment_name())))
        .child(pain(ci))
        .child(signs(ci))
        .child_opt(asks_photo.then(|| photo::photo_field(ci)))
        .child(note(ci))
        .children_with(move || {
            let (urgency, text) = (ci.urgency.get(), ci.text());
            let raised = urgency > shown.get();
            shown.set(urgency);
            if urgency == Urgency::Routine {
                return Vec::new();
            }
            let region = ci.profile.with_value(|p| {
                el("div")
                    .class("check-in-alert")
                    .id(ALERT_ID)
                    .attr("role", "alert")
                    .attr("tabindex", "-1")
                    .child(el("h2").text(&call::alert_title(p, urgency, text)))
                    .child(el("p").text(text.alert_because))
                    .children(call::call_lines(p, urgency, text))
            });
            if raised {
                focus_when_shown(&region);
            }
            vec![region]
        })
        .child(status(ci))
        .child(
            el("button")
                .attr("type", "submit")
                .id("check-in-send")
                .class("button button--primary")
                .text_with(move || {
                    let text = ci.text();
                    match ci.urgency.get() {
                        Urgency::Routine => text.send.to_owned(),
                        _ => text.send_too.to_owned(),
                    }
                }),
        )
}

/// Pain from 0 to 10: radios, none chosen at first; 0 and 10 say what they mean.
fn pain(ci: CheckIn) -> El {
    let points: Vec<El> = (0..=MAX_PAIN)
        .map(|n| {
            let id = format!("check-in-pain-{n}");
            let meaning: Option<fn(&'static CheckInText) -> &'static str> = match n {
                0 => Some(|t| t.pain_none),
                MAX_PAIN => Some(|t| t.pain_worst),
                _ => None,
            };
            el("div")
                .class("option scale-point")
                .child(
                    el("input")
                        .attr("type", "radio")
                        .id(&id)
                        .attr("name", "check-in-pain")
                        .attr("value", &n.to_string())
                        .prop_with("checked", move || {
                            JsValue::from_bool(ci.answers.with(|a| a.pain) == Some(n))
                        })
                        .on("change", move |ev| {
                            if target_checked(&ev) {
                                ci.answers.update(|a| a.pain = Some(n));
                            }
                        }),
                )
                .child(
                    el("label")
                        .attr("for", &id)
                        .child(el("span").class("option-title").text(&n.to_string()))
                        .child_opt(meaning.map(|pick| {
                            el("span")
                                .class("option-summary")
                                .text_with(words(ci.lang, pick))
                        })),
                )
        })
        .collect();
    el("fieldset")
        .class("field question")
        .attr("aria-describedby", "check-in-pain-hint")
        .child(el("legend").text_with(words(ci.lang, |t| t.pain_legend)))
        .child(
            el("p")
                .class("hint")
                .id("check-in-pain-hint")
                .text_with(words(ci.lang, |t| t.pain_hint)),
        )
        .child(el("div").class("options scale").children(points))
}

/// The treatment's signs as checkboxes, none ticked at first, in the clinic's order.
fn signs(ci: CheckIn) -> El {
    let items: Vec<El> = ci.with_asks(|a| {
        a.signs
            .iter()
            .map(|sign| {
                let id = format!("check-in-sign-{}", sign.id);
                let (value, ticked, words) = (sign.id.clone(), sign.id.clone(), sign.text.clone());
                el("div")
                    .class("option")
                    .child(
                        el("input")
                            .attr("type", "checkbox")
                            .id(&id)
                            .attr("value", &sign.id)
                            .prop_with("checked", move || {
                                JsValue::from_bool(ci.answers.with(|a| a.signs.contains(&ticked)))
                            })
                            .on("change", move |ev| {
                                ci.toggle_sign(value.clone(), target_checked(&ev))
                            }),
                    )
                    .child(
                        el("label").attr("for", &id).child(
                            el("span")
                                .class("option-title")
                                .text_with(move || words.get(ci.lang.get()).to_owned()),
                        ),
                    )
            })
            .collect()
    });
    el("fieldset")
        .class("field question")
        .attr("aria-describedby", "check-in-signs-hint")
        .child(el("legend").text_with(words(ci.lang, |t| t.signs_legend)))
        .child(
            el("p")
                .class("hint")
                .id("check-in-signs-hint")
                .text_with(words(ci.lang, |t| t.signs_hint)),
        )
        .child(el("div").class("options").children(items))
}

/// The optional note, with the core's limit said inline when passed.
fn note(ci: CheckIn) -> El {
    // The note's length, when the core finds it too long.
    let too_long = move || {
        ci.problems().into_iter().find_map(|p| match p {
            CheckInProblem::NoteTooLong { chars } => Some(chars),
            _ => None,
        })
    };
    el("div")
        .class("field")
        .class_when("field--invalid", move || too_long().is_some())
        .child(
            el("label")
                .attr("for", "check-in-note")
                .text_with(words(ci.lang, |t| t.note_label)),
        )
        .child(
            el("p")
                .class("hint")
                .id("check-in-note-hint")
                .text_with(words(ci.lang, |t| t.note_hint)),
        )
        .child(
            el("p")
                .class("field-error")
                .id("check-in-note-error")
                .attr_with("hidden", move || too_long().is_none().then(String::new))
                .text_with(move || {
                    too_long().map_or_else(String::new, |n| (ci.text().note_too_long)(n))
                }),
        )
        .child(
            el("textarea")
                .id("check-in-note")
                .attr("rows", "4")
                .attr("aria-describedby", "check-in-note-hint check-in-note-error")
                .aria_with("aria-invalid", move || too_long().is_some())
                .prop_with("value", move || {
                    JsValue::from_str(&ci.answers.with(|a| a.note.clone()))
                })
                .on("input", move |ev| {
                    ci.answers.update(|a| a.note = target_value(&ev))
                }),
        )
}

/// Where the answers stand, and Try again while they wait.
fn status(ci: CheckIn) -> El {
    let line = move || {
        let text = ci.text();
        match ci.delivery.get() {
            Delivery::Idle | Delivery::Received => String::new(),
            Delivery::Sending => text.sending.to_owned(),
            Delivery::Waiting => text.not_sent_yet.to_owned(),
            Delivery::Refused(status) => (text.refused)(status),
        }
    };
    el("div")
        .class("send")
        .child(
            el("p")
                .class("notice")
                .id("check-in-status")
                .attr("role", "status")
                .text_with(line),
        )
        .child(
            el("button")
                .attr("type", "button")
                .class("button button--secondary")
                .attr_with("hidden", move || {
                    (ci.delivery.get() != Delivery::Waiting).then(String::new)
                })
                .on("click", move |_| ci.send())
                .text_with(words(ci.lang, |t| t.try_again)),
        )
}
