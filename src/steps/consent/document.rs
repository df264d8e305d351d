//! One consent document: read it, tick each key section, then sign and consent, ask
//! questions first, or decline. A refusal is recorded and the visit goes on.

use candor_core::consent::ConsentKind;
use candor_core::signing::{SignProblem, adopt_signature, needs_guardian};
use candor_core::summary::Decision;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::button;
use crate::browser::{clock, dom};
use crate::components::{
    NAME_ID, PAD_ID, RELATIONSHIP_ID, TYPED_ID, back_button, document_sections, signature_block,
    step_heading, summary_box,
};
use crate::html::{El, el, target_checked};
use crate::state::{ERROR_SUMMARY_ID, Visit};

/// The element a signing problem points to, and its message.
fn problem_entry(visit: Visit, problem: &SignProblem, typing: bool) -> (String, String) {
    let text = visit.text();
    match problem {
        SignProblem::Acknowledge(section) => {
            (format!("ack-{section}"), text.problem_ack.to_owned())
        }
        SignProblem::EmptySignature => (
            if typing { TYPED_ID } else { PAD_ID }.to_owned(),
            text.problem_signature.to_owned(),
        ),
        SignProblem::PrintedName => (NAME_ID.to_owned(), text.problem_printed_name.to_owned()),
        SignProblem::GuardianRelationship => {
            (RELATIONSHIP_ID.to_owned(), text.problem_guardian.to_owned())
        }
    }
}

/// The acknowledgement box of one section.
fn acknowledgement(visit: Visit, doc_id: String, section_id: String, label: &str) -> El {
    let id = format!("ack-{section_id}");
    let checked = {
        let (doc_id, section_id) = (doc_id.clone(), section_id.clone());
        move || {
            JsValue::from_bool(
                visit
                    .consents
                    .acknowledged
                    .with(|a| a.get(&doc_id).is_some_and(|s| s.contains(&section_id))),
            )
        }
    };
    el("div")
        .class("option acknowledgement")
        .child(
            el("input")
                .attr("type", "checkbox")
                .id(&id)
                .prop_with("checked", checked)
                .on("change", move |ev| {
                    visit
                        .consents
                        .acknowledge(&doc_id, &section_id, target_checked(&ev))
                }),
        )
        .child(
            el("label")
                .attr("for", &id)
                .child(el("span").class("option-title").text(label)),
        )
}

/// The consent screen for the profile's consent document at `index`.
pub fn consent_step(index: usize) -> El {
    let visit = Visit::expect();
    let doc = visit.with_profile(|p| p.consents[index].clone());
    let minor = visit
        .answers
        .with_untracked(|a| needs_guardian(a, visit.today));
    let problems = RwSignal::new(Vec::<(String, String)>::new());
    let sections = {
        let doc = doc.clone();
        move || {
            let lang = visit.lang.get();
            document_sections(&doc, lang, &|section| {
                let ack = section.acknowledge.as_ref()?;
                Some(acknowledgement(
                    visit,
                    doc.id.clone(),
                    section.id.clone(),
                    ack.get(lang),
                ))
            })
        }
    };
    let (signature_el, signature) = signature_block(minor);
    let title = doc.title.clone();
    let treatment = doc.kind == ConsentKind::Treatment;
    let primary_label = move || {
        let text = visit.text();
        if treatment {
            text.sign_and_consent
        } else {
            text.sign_and_agree
        }
        .to_owned()
    };
    let sign = {
        let (doc, signature) = (doc.clone(), signature.clone());
        move || {
            let lang = visit.lang.get_untracked();
            let acknowledged = visit.consents.acknowledged_on(&doc.id);
            let meaning = (visit.text().meaning_consent)(doc.title.get(lang));
            let adopted = signature.with_signing(minor, |signing| {
                adopt_signature(&doc, &acknowledged, signing, meaning, clock::now_rfc3339())
            });
            match adopted {
                Ok(event) => {
                    problems.set(Vec::new());
                    visit
                        .consents
                        .decide(&doc, lang, Decision::Consented, Some(event));
                    visit.advance();
                }
                Err(found) => {
                    let typing = signature.typing.get_untracked();
                    let listed: Vec<(String, String)> = found
                        .iter()
                        .map(|p| problem_entry(visit, p, typing))
                        .collect();
                    visit
                        .announcement
                        .set((visit.text().problems_announcement)(listed.len()));
                    problems.set(listed);
                    request_animation_frame(|| dom::focus_and_reveal(ERROR_SUMMARY_ID));
                }
            }
        }
    };
    let decide = {
        let doc = doc.clone();
        move |decision: Decision| {
            visit
                .consents
                .decide(&doc, visit.lang.get_untracked(), decision, None);
            visit.advance();
        }
    };
    let error_box = move || {
        let found = problems.get();
        if found.is_empty() {
            return Vec::new();
        }
        vec![summary_box(visit.text().error_summary_title, found)]
    };
    let mut nav =
        el("div")
            .class("step-nav")
            .child(button("button button--primary", primary_label, sign));
    nav = match doc.kind {
        ConsentKind::Treatment => nav
            .child(button(
                "button button--secondary",
                move || visit.text().questions_first.to_owned(),
                {
                    let decide = decide.clone();
                    move || decide(Decision::QuestionsFirst)
                },
            ))
            .child(button(
                "button button--secondary",
                move || visit.text().decline_treatment.to_owned(),
                move || decide(Decision::Declined),
            )),
        ConsentKind::Photo => nav.child(button(
            "button button--secondary",
            move || visit.text().decline_other.to_owned(),
            move || decide(Decision::Declined),
        )),
        _ => nav,
    };
    el("div")
        .class("step consent")
        .children_with(error_box)
        .child(step_heading(move || title.get(visit.lang.get()).to_owned()))
        .children_with(sections)
        .child(signature_el)
        .child(nav.child(back_button()))
}
