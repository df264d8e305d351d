//! What changed since the accepted record (issue 31, part 4): the chart compares the
//! latest linked visit's risk-relevant answers with the accepted record, or with the
//! previous visit before anything is accepted; a provider accepts them, sealed, with
//! an audit entry naming ids only; the front desk is refused; a second accept with
//! nothing new changes nothing; a stale page cannot accept an older visit. On either
//! backend.

use axum::http::StatusCode;
use candor_core::answers::{Answer, Medication};
use candor_core::summary::Summary;
use candor_core::{DateParts, Lang};
use candor_receiver::domain::patient_changes::Change;
use candor_receiver::domain::record::RecordKey;
use candor_receiver::service::ServiceError;
use candor_receiver::service::patient_record::{self, PatientRecord};
use candor_receiver::service::patients;
use candor_receiver::store::staff::{Role, Staff};
use serde_json::json;

use crate::at_rest::{everything_stored, found};
use crate::common::{Receiver, receiver};
use crate::console_http::{ORIGIN, call, get, post, signed_in};
use crate::signer;

const FIXTURE: &str = include_str!("../../../core/tests/fixtures/summary-neurotoxin.json");

/// A medicine's name no other text in the database holds, to search its bytes for.
const NEW_MEDICINE: &str = "Quenzafloxinate";

fn medicine(name: &str, current: bool) -> Medication {
    Medication {
        name: name.into(),
        current,
        stopped: if current {
            DateParts::default()
        } else {
            DateParts {
                day: String::new(),
                month: "10".into(),
                year: "2026".into(),
            }
        },
        ..Medication::default()
    }
}

/// Stores a visit by Ana Ruiz taking `medicines`, signed by the key from `n`; its key.
async fn visit(r: &Receiver, n: u8, medicines: Vec<Medication>) -> RecordKey {
    let mut summary = Summary::from_json(FIXTURE.as_bytes()).unwrap();
    summary.submission_id = format!("7a1b2c3d-4e5f-4a6b-8c7d-{:012x}", u64::from(n) + 0x6e00);
    summary.answers.details.legal_name = "Ana Ruiz".into();
    summary.answers.details.date_of_birth = DateParts {
        day: "2".into(),
        month: "4".into(),
        year: "1990".into(),
    };
    summary.language = Lang::En;
    let values = &mut summary.answers.values;
    values.insert(
        "takes_medications".into(),
        Answer::YesNo(!medicines.is_empty()),
    );
    if !medicines.is_empty() {
        values.insert("medications".into(), Answer::Medications(medicines));
    }
    let seed = 120 + n;
    let jws = signer::sign(seed, &summary.canonical_bytes().unwrap());
    let request = axum::http::Request::post("/api/submissions")
        .header(axum::http::header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", summary.submission_id.clone())
        .body(axum::body::Body::from(
            json!({ "jws": jws, "summary": summary }).to_string(),
        ))
        .unwrap();
    let (status, _, body) = call(r, request).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (_, jwk) = signer::key(seed);
    RecordKey {
        id: summary.submission_id,
        kid: candor_core::jws::thumbprint(&jwk),
    }
}

fn record(r: &Receiver, staff: &Staff, patient: &str) -> PatientRecord {
    patient_record::record(&r.state.store, staff, patient, None).unwrap()
}

fn words(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .map(|c| match c {
            Change::New(i) => format!("new {}", i.label),
            Change::Removed(i) => format!("removed {}", i.label),
            Change::Changed { before, after } => {
                format!(
                    "changed {}: {} -> {}",
                    after.label, before.detail, after.detail
                )
            }
        })
        .collect()
}

fn accepted_events(r: &Receiver, key: &RecordKey) -> Vec<(String, Option<String>)> {
    r.state
        .store
        .console_events(Some(&key.id))
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "patient_record_accepted")
        .map(|e| (e.action, e.detail))
        .collect()
}

#[tokio::test]
async fn the_latest_visit_is_compared_and_accepted_sealed_once() {
    let r = receiver();
    let (provider, _) = signed_in(&r, Role::Provider, 0);
    let store = &r.state.store;
    let first = visit(
        &r,
        1,
        vec![medicine("Tretinoin", true), medicine("Warfarin", true)],
    )
    .await;
    let patient = patients::create_from(store, &provider, &first).unwrap();

    // One visit, nothing accepted: all of it is to accept, nothing to compare with.
    let only = record(&r, &provider, &patient);
    assert!(only.pending() && only.since.is_none() && only.accepted.is_none());
    // (The fixture's allergy, then the medicines; without a profile, only the lists.)
    assert_eq!(
        words(&only.changes),
        [
            "new cow's milk protein (milk allergy)",
            "new Tretinoin",
            "new Warfarin"
        ]
    );

    // A second visit: compared with the first, nothing accepted yet.
    let second = visit(
        &r,
        2,
        vec![
            medicine(&format!("  {} 20 mg", NEW_MEDICINE.to_uppercase()), true),
            medicine("TRETINOÍN", false),
        ],
    )
    .await;
    patients::link(store, &provider, &second, &patient).unwrap();
    let before = record(&r, &provider, &patient);
    assert_eq!(before.latest.as_ref().unwrap().key, second);
    assert!(before.since.is_some());
    assert_eq!(
        words(&before.changes),
        [
            format!("new {} 20 mg", NEW_MEDICINE.to_uppercase()),
            "changed TRETINOÍN: still taking -> stopped 2026-10".to_owned(),
            "removed Warfarin".to_owned(),
        ]
    );

    // A stale page cannot accept the older visit.
    assert!(matches!(
        patient_record::accept(store, &provider, &patient, &first, None),
        Err(ServiceError::Invalid("visit", _))
    ));
    assert_eq!(
        patient_record::accept(store, &provider, &patient, &second, None),
        Ok(true)
    );
    let after = record(&r, &provider, &patient);
    assert!(!after.pending() && after.changes.is_empty());
    let accepted = after.accepted.unwrap();
    assert_eq!(accepted.by, provider.name);
    assert_eq!(accepted.record.visit.id, second.id);
    assert_eq!(accepted.record.items.len(), 3);
    for item in &accepted.record.items {
        assert_eq!(item.visit.id, second.id);
        assert_eq!(item.confirmed_on.len(), 10, "the visit's day");
    }
    let detail = Some(json!({ "patient": patient }).to_string());
    assert_eq!(
        accepted_events(&r, &second),
        [("patient_record_accepted".to_owned(), detail.clone())]
    );

    // Again, with nothing new: harmless, and not logged twice.
    assert_eq!(
        patient_record::accept(store, &provider, &patient, &second, None),
        Ok(false)
    );
    assert_eq!(accepted_events(&r, &second).len(), 1);
    assert_eq!(record(&r, &provider, &patient).accepted.unwrap(), accepted);

    // A third visit is compared with the accepted record, not the visit before.
    let third = visit(&r, 3, vec![medicine(NEW_MEDICINE, true)]).await;
    patients::link(store, &provider, &third, &patient).unwrap();
    assert_eq!(
        words(&record(&r, &provider, &patient).changes),
        ["removed TRETINOÍN"]
    );

    let bytes = everything_stored(&r.state.config.database);
    assert!(found(&bytes, &patient), "the search reads what was stored");
    for text in [
        NEW_MEDICINE,
        &NEW_MEDICINE.to_uppercase(),
        &NEW_MEDICINE.to_lowercase(),
    ] {
        assert!(!found(&bytes, text), "{text:?} is in clear");
    }
}

#[tokio::test]
async fn the_front_desk_is_refused_and_the_console_accepts_for_a_provider() {
    let r = receiver();
    let (provider, session) = signed_in(&r, Role::Provider, 0);
    let (desk, desk_session) = signed_in(&r, Role::FrontDesk, 0);
    let store = &r.state.store;
    let first = visit(&r, 1, vec![]).await;
    let patient = patients::create_from(store, &provider, &first).unwrap();
    let second = visit(&r, 2, vec![medicine(NEW_MEDICINE, true)]).await;
    patients::link(store, &provider, &second, &patient).unwrap();

    let refused = Err(ServiceError::Forbidden(Role::Provider));
    assert_eq!(
        patient_record::accept(store, &desk, &patient, &second, None).map(|_| ()),
        refused.clone()
    );
    assert_eq!(
        patient_record::record(store, &desk, &patient, None).map(|_| ()),
        refused
    );
    let api = format!("/console/api/patients/{patient}/accept");
    let body = json!({ "id": second.id, "kid": second.kid });
    let (status, _, _) = call(
        &r,
        post(&api, Some(ORIGIN), Some(&desk_session), body.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(accepted_events(&r, &second).is_empty());
    assert!(record(&r, &provider, &patient).accepted.is_none());

    // The chart leads with the change; the provider accepts it from the page.
    let chart = format!("/console/patients/{patient}");
    let (status, _, html) = call(&r, get(&chart, Some(&session))).await;
    assert_eq!(status, StatusCode::OK);
    let lead = html.find("id=\"patient-changes\"").unwrap();
    assert!(lead < html.find("id=\"timeline\"").unwrap(), "it leads");
    assert!(html.contains("New since "), "{html}");
    assert!(html.contains(&format!("<strong>{NEW_MEDICINE}</strong>")));
    assert!(html.contains("Accept these changes into the patient record"));
    let (status, _, _) = call(
        &r,
        post(
            &api,
            Some("https://evil.example"),
            Some(&session),
            body.clone(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, answer) = call(&r, post(&api, Some(ORIGIN), Some(&session), body)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer, json!({ "accepted": true }).to_string());
    let (_, _, html) = call(&r, get(&chart, Some(&session))).await;
    assert!(html.contains("Accepted from the visit of "), "{html}");
    assert!(html.contains(&format!(", by {}, on ", provider.name)));
    assert!(html.contains("No pending change"));
    assert!(!html.contains("id=\"accept-changes\""));
}
