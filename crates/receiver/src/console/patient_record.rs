//! What a patient's chart leads with (issue 31, part 4): the differences between the
//! latest linked visit's risk-relevant answers and the record staff accepted (or the
//! previous visit's, before anything is accepted), the button that accepts them, the
//! endpoint it calls, and the accepted record. The address carries the record's and
//! the visit's opaque ids only; what changed is in the page, never in an address.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::member::{Provider, SameOrigin, refusal};
use crate::AppState;
use crate::domain::patient_changes::{Change, long_date};
use crate::domain::record::RecordKey;
use crate::domain::roles::{Permission, allowed};
use crate::service::patient_record::{self, AcceptedRecord, PatientRecord};
use crate::service::{ServiceError, blocking};
use crate::store::staff::Staff;

/// Which visit the Accept button accepts (the one the page showed as the latest).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptVisit {
    /// The visit's submission id.
    pub id: String,
    /// Its signing key's thumbprint.
    pub kid: String,
}

/// `POST /console/api/patients/{id}/accept`: accepts the latest visit's answers into
/// patient `id`'s record, as the member's role allows; `{"accepted": true}` when
/// written, `false` when that visit was accepted already.
pub async fn accept(
    State(app): State<Arc<AppState>>,
    Path(id): Path<String>,
    _: SameOrigin,
    Provider(session): Provider,
    Json(visit): Json<AcceptVisit>,
) -> Response {
    let Some(key) = RecordKey::new(&visit.id, &visit.kid) else {
        return refusal(ServiceError::NotFound("record"));
    };
    let done = blocking(move || {
        let profile = app.profile().ok();
        patient_record::accept(&app.store, &session.staff, &id, &key, profile.as_ref())
    })
    .await;
    match done {
        Ok(written) => Json(serde_json::json!({ "accepted": written })).into_response(),
        Err(e) => refusal(e),
    }
}

/// The differences and the accepted record, for the chart of `patient` (the answer
/// of `service::patient_record::record`; a failure says so without failing the page).
pub fn sections(
    staff: &Staff,
    patient: &str,
    answer: &Result<PatientRecord, ServiceError>,
) -> Markup {
    let Ok(record) = answer else {
        return html! {
            p class="warn" id="record-unread" { "The patient's accepted record could not be read; reload the page to try again." }
        };
    };
    html! {
        (changes(staff, patient, record))
        (accepted(record.accepted.as_ref()))
    }
}

fn change_line(since: Option<&str>, change: &Change) -> Markup {
    let new = since.map_or_else(
        || "Not yet accepted: ".to_owned(),
        |s| format!("New since {}: ", long_date(s)),
    );
    html! {
        @match change {
            Change::New(item) => li class="change-new" { (new) strong { (item.label) } @if !item.detail.is_empty() { " (" (item.detail) ")" } },
            Change::Removed(item) => li class="change-removed" { "No longer listed: " strong { (item.label) } @if !item.detail.is_empty() { " (was " (item.detail) ")" } },
            Change::Changed { before, after } => li class="change-changed" {
                "Changed: " strong { (after.label) } ": " (before.detail) " → " (after.detail)
            },
        }
    }
}

fn changes(staff: &Staff, patient: &str, record: &PatientRecord) -> Markup {
    let may_accept = allowed(staff.role, Permission::AcceptPatientRecords).is_ok();
    html! {
        section id="patient-changes" aria-labelledby="h-changes" {
            h2 id="h-changes" { "What changed" }
            @match (&record.latest, record.pending()) {
                (None, _) => p { "No visit is linked to this record yet." },
                (Some(_), false) => p id="no-pending" { "No pending change: the latest visit is the accepted record." },
                (Some(latest), true) => {
                    p {
                        "The latest visit, " time datetime=(latest.received_at) { (long_date(&latest.received_at)) }
                        @match (&record.accepted, &record.since) {
                            (Some(_), _) => ", compared with the accepted record.",
                            (None, Some(_)) => ", compared with the visit before it (nothing is accepted yet).",
                            (None, None) => ", the first: nothing is accepted yet.",
                        }
                    }
                    @if record.changes.is_empty() {
                        p id="no-changes" { "No change in medications, allergies, conditions or other risk-relevant answers." }
                    } @else {
                        ul id="changes" {
                            @for c in &record.changes { (change_line(record.since.as_deref(), c)) }
                        }
                    }
                    @if may_accept {
                        p class="no-print" {
                            button type="button" id="accept-changes" data-patient=(patient) data-id=(latest.key.id) data-kid=(latest.key.kid) {
                                @if record.changes.is_empty() { "Accept this visit's answers into the patient record" }
                                @else { "Accept these changes into the patient record" }
                            }
                        }
                    } @else {
                        p { "A provider accepts changes into the patient record." }
                    }
                }
            }
            p id="accept-status" role="status" aria-live="polite" {}
        }
    }
}

fn accepted(record: Option<&AcceptedRecord>) -> Markup {
    html! {
        section id="accepted-record" aria-labelledby="h-accepted" {
            h2 id="h-accepted" { "Accepted record" }
            @match record {
                None => p { "Nothing has been accepted into this record yet." },
                Some(a) => {
                    p id="accepted-from" {
                        "Accepted from the visit of " (long_date(&a.record.visit_received_at))
                        ", by " (a.by) ", on " (long_date(&a.at)) "."
                    }
                    @if a.record.items.is_empty() {
                        p { "No medications, allergies, conditions or other risk-relevant answers were listed." }
                    } @else {
                        ul id="accepted-items" {
                            @for i in &a.record.items {
                                li { (i.item.words()) " — last confirmed " (long_date(&i.confirmed_on)) }
                            }
                        }
                    }
                }
            }
        }
    }
}
