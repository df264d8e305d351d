//! Sending the visit: the summary is built by the core, signed with a key made for
//! this visit (on a kiosk, the tablet's enrolled device key), and handed to the courier, which stores it in the outbox before it
//! sends. Started by the last consent decision; every way this can fail ends in a
//! state the patient can act on ("Try again", or a message for the front desk).

use candor_core::delivery::Signed;
use candor_core::delivery::lifecycle::Event;
use candor_core::fhir;
use candor_core::summary::{self, AuditKind};
use leptos::prelude::*;

use super::Visit;
use crate::browser::{parent, signing};
use crate::delivery::courier::Status;

/// What is handed to the courier.
struct Prepared {
    id: String,
    jws: String,
    text: String,
    fhir_bundle: Option<String>,
}

/// Builds, signs and sends the visit's summary, once: calling again while one is
/// under way or after it was handed over does nothing.
pub async fn send(visit: Visit) {
    let courier = visit.courier.get_value();
    if courier.status.get_untracked() != Status::Idle
        || visit.consents.submission.get_untracked().is_some()
    {
        return;
    }
    visit.consents.cannot_sign.set(false);
    courier.status.set(Status::Sending);
    let Some(prepared) = prepare(visit, courier.needs_fhir_bundle()).await else {
        // Nothing was handed over: the patient may try again, and is told to ask
        // the front desk if it keeps failing.
        visit.consents.submission.set(None);
        visit.consents.cannot_sign.set(true);
        courier.status.set(Status::Idle);
        return;
    };
    parent::notify(&Event::Signed {
        submission_id: prepared.id.clone(),
    });
    let bearer = visit
        .invite
        .with_value(|i| i.as_ref().map(|i| i.token.clone()));
    courier
        .submit(Signed {
            bearer: bearer.as_deref(),
            fhir_bundle: prepared.fhir_bundle.as_deref(),
            ..Signed::new(&prepared.id, &prepared.jws, &prepared.text)
        })
        .await;
}

/// The signed summary and what goes with it, or `None` when it cannot be made here
/// (no secure context, WebCrypto refused, no disclosure recorded).
async fn prepare(visit: Visit, with_fhir: bool) -> Option<Prepared> {
    let id = signing::random_uuid().ok()?;
    // A kiosk signs with its enrolled device key; a patient's own device with a key
    // made for this visit.
    let key = if visit.on_kiosk() {
        signing::device_key().await.ok()?
    } else {
        signing::visit_key().await.ok()?
    };
    let disclosure = visit.consents.disclosure.get_untracked()?;
    visit.consents.submission.set(Some(id.clone()));
    visit.consents.log(AuditKind::Submitted, None);
    let summary = visit
        .with_profile(|profile| {
            visit.answers.with_untracked(|answers| {
                summary::build(summary::Visit {
                    profile,
                    answers,
                    today: visit.today,
                    submission_id: id.clone(),
                    invite: visit
                        .invite
                        .with_value(|i| i.as_ref().map(|i| i.id.clone())),
                    kiosk: visit
                        .kiosk
                        .with_value(|k| k.as_ref().map(|k| k.name.clone())),
                    disclosure,
                    consents: visit.consents.decisions.get_untracked(),
                    signatures: visit.consents.signatures.get_untracked(),
                    audit: visit.consents.audit.get_untracked(),
                })
            })
        })
        .ok()?;
    let jws = signing::sign(&key, &summary).await.ok()?;
    let text = String::from_utf8(summary.canonical_bytes().ok()?).ok()?;
    let fhir_bundle = with_fhir.then(|| {
        visit.with_profile(|profile| fhir::transaction_bundle(profile, &summary, &jws).to_string())
    });
    Some(Prepared {
        id,
        jws,
        text,
        fhir_bundle,
    })
}
