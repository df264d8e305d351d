//! The consent part of the flow: the electronic-records disclosure, each consent
//! document with its acknowledgements and signature, and the copy of what was signed.

use candor_core::consent::{
    ConsentDocument, ConsentKind, SignProblem, needs_guardian, sign_problems,
};
use candor_core::summary::{Decision, SignatureEvent, Signer};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::browser::{clock, dom};
use crate::components::{
    NAME_ID, PAD_ID, RELATIONSHIP_ID, TYPED_ID, back_button, document_sections, signature_block,
    step_heading, summary_box,
};
use crate::html::{El, el, target_checked};
use crate::state::{ERROR_SUMMARY_ID, Visit};

fn doc_at(visit: Visit, index: usize) -> ConsentDocument {
    visit.with_profile(|p| p.consents[index].clone())
}

fn button(class: &str, label: impl Fn() -> String + 'static, action: impl Fn() + 'static) -> El {
    el("button")
        .attr("type", "button")
        .class(class)
        .on("click", move |_| action())
        .text_with(label)
}

/// The electronic-records disclosure: agree, or choose paper (which sends nothing
/// and clears the answers).
pub fn disclosure_step() -> El {
    let visit = Visit::expect();
    let index = visit
        .with_profile(|p| {
            p.consents
                .iter()
                .position(|d| d.kind == ConsentKind::Disclosure)
        })
        .unwrap_or(0);
    let doc = doc_at(visit, index);
    let title = doc.title.clone();
    let body = {
        let doc = doc.clone();
        move || document_sections(&doc, visit.lang.get(), &|_| None)
    };
    let agree = {
        let doc = doc.clone();
        move || {
            visit
                .consents
                .accept_disclosure(&doc, visit.lang.get_untracked());
            visit.advance();
        }
    };
    el("div")
        .class("step consent")
        .child(step_heading(move || title.get(visit.lang.get()).to_owned()))
        .children_with(body)
        .child(
            el("div")
                .class("step-nav")
                .child(button(
                    "button button--primary",
                    move || visit.text().disclosure_agree.to_owned(),
                    agree,
                ))
                .child(button(
                    "button button--secondary",
                    move || visit.text().disclosure_paper.to_owned(),
                    move || visit.choose_paper(),
                ))
                .child(back_button()),
        )
}

/// Shown after the patient chose paper.
pub fn paper_screen() -> El {
    let visit = Visit::expect();
    el("div")
        .class("step")
        .child(step_heading(move || visit.text().paper_title.to_owned()))
        .child(
            el("p")
                .class("lead")
                .text_with(move || visit.text().paper_body.to_owned()),
        )
}

/// One consent document: read it, tick each key section, then sign and consent, ask
/// questions first, or decline. A refusal is recorded and the visit goes on.
pub fn consent_step(index: usize) -> El {
    let visit = Visit::expect();
    let doc = doc_at(visit, index);
    let doc_id = doc.id.clone();
    let minor = visit
        .answers
        .with_untracked(|a| needs_guardian(a, visit.today));
    let problems = RwSignal::new(Vec::<(String, String)>::new());
    let sections =
        {
            let doc = doc.clone();
            move || {
                let lang = visit.lang.get();
                let text_doc = doc.clone();
                document_sections(&text_doc, lang, &|section| {
                    let ack = section.acknowledge.as_ref()?;
                    let id = format!("ack-{}", section.id);
                    let (doc_id, section_id) = (doc.id.clone(), section.id.clone());
                    let checked =
                        {
                            let (doc_id, section_id) = (doc_id.clone(), section_id.clone());
                            move || {
                                JsValue::from_bool(visit.consents.acknowledged.with(|a| {
                                    a.get(&doc_id).is_some_and(|s| s.contains(&section_id))
                                }))
                            }
                        };
                    Some(
                        el("div")
                            .class("option acknowledgement")
                            .child(
                                el("input")
                                    .attr("type", "checkbox")
                                    .id(&id)
                                    .prop_with("checked", checked)
                                    .on("change", move |ev| {
                                        visit.consents.acknowledge(
                                            &doc_id,
                                            &section_id,
                                            target_checked(&ev),
                                        )
                                    }),
                            )
                            .child(
                                el("label")
                                    .attr("for", &id)
                                    .child(el("span").class("option-title").text(ack.get(lang))),
                            ),
                    )
                })
            }
        };
    let (signature_el, signature) = signature_block(minor);
    let treatment_name = doc
        .treatment
        .as_ref()
        .and_then(|t| visit.with_profile(|p| p.treatment(t).map(|t| t.name.clone())));
    let title = doc.title.clone();
    let primary_label = {
        let (treatment_name, title) = (treatment_name.clone(), title.clone());
        move || {
            let lang = visit.lang.get();
            match &treatment_name {
                Some(name) => (visit.text().sign_and_consent)(name.get(lang)),
                None => (visit.text().sign_and_agree)(title.get(lang)),
            }
        }
    };
    let sign = {
        let (doc, signature) = (doc.clone(), signature.clone());
        move || {
            let acknowledged = visit.consents.acknowledged_on(&doc.id);
            let relationship = signature.relationship.get_untracked();
            let printed = signature.printed_name.get_untracked();
            let found = sign_problems(
                &doc,
                &acknowledged,
                signature.input(),
                &printed,
                minor.then_some(relationship.as_str()),
            );
            if !found.is_empty() {
                let text = visit.text();
                let listed: Vec<(String, String)> = found
                    .iter()
                    .map(|p| match p {
                        SignProblem::Acknowledge(section) => {
                            (format!("ack-{section}"), text.problem_ack.to_owned())
                        }
                        SignProblem::EmptySignature => (
                            if signature.typing.get_untracked() {
                                TYPED_ID
                            } else {
                                PAD_ID
                            }
                            .to_owned(),
                            text.problem_signature.to_owned(),
                        ),
                        SignProblem::PrintedName => {
                            (NAME_ID.to_owned(), text.problem_printed_name.to_owned())
                        }
                        SignProblem::GuardianRelationship => {
                            (RELATIONSHIP_ID.to_owned(), text.problem_guardian.to_owned())
                        }
                    })
                    .collect();
                visit
                    .announcement
                    .set((text.problems_announcement)(listed.len()));
                problems.set(listed);
                request_animation_frame(|| dom::focus_and_reveal(ERROR_SUMMARY_ID));
                return;
            }
            let lang = visit.lang.get_untracked();
            let signer = if minor {
                Signer::Guardian {
                    relationship: relationship.trim().to_owned(),
                }
            } else {
                Signer::Patient
            };
            let event = SignatureEvent {
                signer,
                printed_name: printed.trim().to_owned(),
                meaning: (visit.text().meaning_consent)(doc.title.get(lang)),
                signed_at: clock::now_rfc3339(),
                method: signature.method(),
            };
            problems.set(Vec::new());
            visit
                .consents
                .decide(&doc, lang, Decision::Consented, Some(event));
            visit.advance();
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
    let _ = doc_id;
    el("div")
        .class("step consent")
        .children_with(error_box)
        .child(step_heading(move || title.get(visit.lang.get()).to_owned()))
        .children_with(sections)
        .child(signature_el)
        .child(nav.child(back_button()))
}

/// What was read and decided, with every acknowledgement and the manifestation of
/// each signature, ready to print or save.
pub fn done_step() -> El {
    let visit = Visit::expect();
    let copy = move || {
        let lang = visit.lang.get();
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
                let manifestation = decision
                    .signature
                    .and_then(|i| signatures.get(i as usize))
                    .map(|s| {
                        let role = match &s.signer {
                            Signer::Patient => text.manifest_patient.to_owned(),
                            Signer::Guardian { relationship } => {
                                (text.manifest_guardian)(relationship)
                            }
                        };
                        let method = match &s.method {
                            candor_core::summary::SignatureMethod::Drawn { .. } => {
                                text.manifest_drawn.to_owned()
                            }
                            candor_core::summary::SignatureMethod::Typed { text: typed } => {
                                format!("{}: {typed}", text.manifest_typed)
                            }
                        };
                        el("dl")
                            .class("manifestation")
                            .child(el("dt").text(text.manifest_signed_by))
                            .child(el("dd").text(&format!("{}, {role}", s.printed_name)))
                            .child(el("dt").text(text.manifest_when))
                            .child(el("dd").text(&text.timestamp(&s.signed_at)))
                            .child(el("dt").text(text.manifest_meaning))
                            .child(el("dd").text(&s.meaning))
                            .child(el("dd").text(&method))
                    });
                Some(
                    el("article")
                        .class("signed-document")
                        .child(el("h2").text(doc.title.get(decision.language)))
                        .child(el("p").class("decision").text(status))
                        .children(sections)
                        .child_opt(manifestation),
                )
            })
            .map(|a| {
                let _ = lang;
                a
            })
            .collect()
    };
    el("div")
        .class("step done")
        .child(step_heading(move || visit.text().done_title.to_owned()))
        .child(
            el("p")
                .class("lead")
                .text_with(move || visit.text().done_intro.to_owned()),
        )
        .child(el("div").class("step-nav no-print").child(button(
            "button button--primary",
            move || visit.text().print.to_owned(),
            || {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            },
        )))
        .child(sending(visit))
        .children_with(copy)
}

/// The Send button, then the honest state of the submission.
fn sending(visit: Visit) -> El {
    use crate::browser::courier::{Courier, Status};
    let courier = expect_context::<StoredValue<Courier, LocalStorage>>().get_value();
    let status = courier.status;
    let send_button = {
        let courier = courier.clone();
        el("button")
            .attr("type", "button")
            .id("send-forms")
            .class("button button--primary")
            .attr_with("hidden", move || {
                (status.get() != Status::Idle || visit.consents.submission.get().is_some())
                    .then(String::new)
            })
            .on("click", move |_| {
                let courier = courier.clone();
                leptos::task::spawn_local(crate::state::submit::send(visit, courier));
            })
            .text_with(move || visit.text().send_forms.to_owned())
    };
    let message = move || {
        let text = visit.text();
        if visit.consents.cannot_sign.get() {
            return text.cannot_sign.to_owned();
        }
        let line = match status.get() {
            Status::Idle => return text.done_not_sent.to_owned(),
            Status::Sending => text.sending.to_owned(),
            Status::Received(at) => (text.received_at)(&local_time(at.as_deref())),
            Status::Saved => text.saved_offline.to_owned(),
            Status::KeepOpen => text.keep_open.to_owned(),
            Status::NeedsStaff(code) => (text.needs_staff)(code),
        };
        match visit.consents.submission.get() {
            Some(id) => format!("{line} {}", (text.reference)(&id)),
            None => line,
        }
    };
    el("div").class("send no-print").child(send_button).child(
        el("p")
            .class("notice")
            .id("send-status")
            .attr("role", "status")
            .text_with(message),
    )
}

/// "10:42" in the device's time zone, for a receipt time from the clinic's server.
fn local_time(rfc3339: Option<&str>) -> String {
    let Some(at) = rfc3339 else {
        return String::new();
    };
    let date = js_sys::Date::new(&JsValue::from_str(at));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}
