//! Sending the visit: the summary is built by the core, signed with a key made for
//! this visit, and handed to the courier.

use candor_core::summary::{self, AuditKind};
use leptos::prelude::*;

use super::Visit;
use crate::browser::courier::{Courier, Status};
use crate::browser::{parent, signing};
use candor_core::delivery::Signed;
use candor_core::delivery::lifecycle::Event;
use candor_core::fhir;

/// Builds, signs and sends the visit's summary, once: pressing again does nothing.
pub async fn send(visit: Visit, courier: Courier) {
    if courier.status.get_untracked() != Status::Idle
        || visit.consents.submission.get_untracked().is_some()
    {
        return;
    }
    courier.status.set(Status::Sending);
    let (Ok(id), Ok(key)) = (signing::random_uuid(), signing::visit_key().await) else {
        visit.consents.cannot_sign.set(true);
        courier.status.set(Status::Idle);
        return;
    };
    visit.consents.submission.set(Some(id.clone()));
    visit.consents.log(AuditKind::Submitted, None);
    let Some(disclosure) = visit.consents.disclosure.get_untracked() else {
        return;
    };
    let built = visit.with_profile(|profile| {
        visit.answers.with_untracked(|answers| {
            summary::build(summary::Visit {
                profile,
                answers,
                today: visit.today,
                submission_id: id.clone(),
                invite: visit
                    .invite
                    .with_value(|i| i.as_ref().map(|i| i.id.clone())),
                disclosure,
                consents: visit.consents.decisions.get_untracked(),
                signatures: visit.consents.signatures.get_untracked(),
                audit: visit.consents.audit.get_untracked(),
            })
        })
    });
    let Ok(summary) = built else {
        courier.status.set(Status::NeedsStaff(0));
        return;
    };
    let Ok(jws) = signing::sign(&key, &summary).await else {
        visit.consents.cannot_sign.set(true);
        return;
    };
    let text = summary
        .canonical_bytes()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default();
    parent::notify(&Event::Signed {
        submission_id: id.clone(),
    });
    let bearer = visit
        .invite
        .with_value(|i| i.as_ref().map(|i| i.token.clone()));
    let fhir_bundle = courier.needs_fhir_bundle().then(|| {
        visit.with_profile(|profile| fhir::transaction_bundle(profile, &summary, &jws).to_string())
    });
    courier
        .submit(Signed {
            bearer: bearer.as_deref(),
            fhir_bundle: fhir_bundle.as_deref(),
            ..Signed::new(&id, &jws, &text)
        })
        .await;
}
