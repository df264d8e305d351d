//! "Keep my answers on this device": offered once, on the first section of questions,
//! off until the patient ticks it; where this page cannot store anything, an honest
//! sentence instead. For an invited visit whose draft the clinic keeps, the offer
//! says the answers can be finished on another device with the same link.

use leptos::prelude::*;

use crate::html::{El, el, target_checked};
use crate::state::Visit;

/// Element id of the checkbox.
pub const KEEP_ID: &str = "keep-draft";

/// The offer, or the sentence saying the answers cannot be kept here; nothing while
/// that is not yet known.
pub fn draft_offer() -> El {
    let visit = Visit::expect();
    let drafts = visit.drafts;
    let state = Memo::new(move |_| drafts.storage.get());
    let at_clinic = drafts.at_clinic();
    let words = move |device: fn(&crate::text::Text) -> &'static str,
                      clinic: fn(&crate::text::Text) -> &'static str| {
        move || {
            let text = visit.text();
            if at_clinic {
                clinic(text)
            } else {
                device(text)
            }
            .to_owned()
        }
    };
    el("div")
        .class("draft-offer")
        .children_for(state, move |storage| match storage {
            None => Vec::new(),
            Some(false) => vec![
                el("p")
                    .class("notice")
                    .text_with(move || visit.text().draft_unavailable.to_owned()),
            ],
            Some(true) => vec![
                el("div")
                    .class("option keep-draft")
                    .child(
                        el("input")
                            .attr("type", "checkbox")
                            .id(KEEP_ID)
                            .attr("aria-describedby", "keep-draft-hint")
                            .prop_with("checked", move || drafts.keeping.get().into())
                            .on("change", move |ev| visit.keep_draft(target_checked(&ev))),
                    )
                    .child(
                        el("label").attr("for", KEEP_ID).child(
                            el("span")
                                .class("option-title")
                                .text_with(words(|t| t.draft_offer, |t| t.draft_offer_invited)),
                        ),
                    )
                    .child(el("p").id("keep-draft-hint").class("hint").text_with(words(
                        |t| t.draft_offer_hint,
                        |t| t.draft_offer_invited_hint,
                    ))),
                el("p").class("notice").attr("role", "status").text_with({
                    let failed = words(|t| t.draft_failed, |t| t.draft_failed_invited);
                    move || {
                        if drafts.sent_elsewhere.get() {
                            visit.text().draft_sent_elsewhere.to_owned()
                        } else if drafts.failed.get() {
                            failed()
                        } else {
                            String::new()
                        }
                    }
                }),
            ],
        })
}
