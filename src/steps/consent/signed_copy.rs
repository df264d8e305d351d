//! The last screen: where the signed forms stand (they are already on their way),
//! then a copy of exactly what was read and decided, with every acknowledgement and
//! the manifestation of each signature, ready to print or save.

use candor_core::summary::{Decision, SignatureEvent, SignatureMethod, Signer};
use leptos::prelude::*;

use super::button;
use crate::components::status_view;
use crate::components::{document_sections, step_heading};
use crate::html::{El, el};
use crate::state::Visit;
use crate::text::Text;

/// "Signed by …, when, meaning, how" for one signature.
fn manifestation(text: &Text, signature: &SignatureEvent) -> El {
    let role = match &signature.signer {
        Signer::Patient => text.manifest_patient.to_owned(),
        Signer::Guardian { relationship } => (text.manifest_guardian)(relationship),
    };
    let method = match &signature.method {
        SignatureMethod::Drawn { .. } => text.manifest_drawn.to_owned(),
        SignatureMethod::Typed { text: typed } => format!("{}: {typed}", text.manifest_typed),
    };
    el("dl")
        .class("manifestation")
        .child(el("dt").text(text.manifest_signed_by))
        .child(el("dd").text(&format!("{}, {role}", signature.printed_name)))
        .child(el("dt").text(text.manifest_when))
        .child(el("dd").text(&text.timestamp(&signature.signed_at)))
        .child(el("dt").text(text.manifest_meaning))
        .child(el("dd").text(&signature.meaning))
        .child(el("dd").text(&method))
}

/// Every decided document as it was read, in the language it was read in.
fn signed_documents(visit: Visit) -> Vec<El> {
    let text = visit.text();
    let signatures = visit.consents.signatures.get();
    visit
        .consents
        .decisions
        .get()
        .into_iter()
        .filter_map(|decision| {
            let doc = visit.with_profile(|p| {
                p.consents
                    .iter()
                    .find(|d| d.id == decision.document)
                    .cloned()
            })?;
            let status = match decision.decision {
                Decision::Consented => text.decision_consented,
                Decision::QuestionsFirst => text.decision_questions,
                Decision::Declined => text.decision_declined,
            };
            let acknowledged = decision.acknowledged.clone();
            let sections = document_sections(&doc, decision.language, &|section| {
                let ack = section.acknowledge.as_ref()?;
                acknowledged.contains(&section.id).then(|| {
                    el("p").class("acknowledged").text(&format!(
                        "☑ {}: {}",
                        text.acknowledged,
                        ack.get(decision.language)
                    ))
                })
            });
            let signed = decision
                .signature
                .and_then(|i| signatures.get(i as usize))
                .map(|s| manifestation(text, s));
            Some(
                el("article")
                    .class("signed-document")
                    .child(el("h2").text(doc.title.get(decision.language)))
                    .child(el("p").class("decision").text(status))
                    .children(sections)
                    .child_opt(signed),
            )
        })
        .collect()
}

/// The last screen.
pub fn done_step() -> El {
    let visit = Visit::expect();
    el("div")
        .class("step done")
        .child(step_heading(move || visit.text().done_title.to_owned()))
        .child(status_view(visit))
        .child(
            el("p")
                .class("lead")
                .text_with(move || visit.text().done_intro.to_owned()),
        )
        .child(el("div").class("step-nav no-print").child(button(
            "button button--secondary",
            move || visit.text().print.to_owned(),
            || {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            },
        )))
        .children_with(move || signed_documents(visit))
}
