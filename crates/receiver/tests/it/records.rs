//! Records addressed by what identifies them. Someone who learns a patient's
//! submission id (it reaches the embedding page) and submits first under it with a
//! key of their own gets a record of their own; the patient's record is stored too,
//! and the console lists, opens and reviews each by its id *and* signer.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use candor_core::summary::Summary;
use candor_receiver::store::staff::Role;
use serde_json::{Value, json};

use crate::common::{Receiver, receiver};
use crate::console_http::{ORIGIN, call, get, post, signed_in};
use crate::signer;

const FIXTURE: &str = include_str!("../../../core/tests/fixtures/summary-neurotoxin.json");
const ID: &str = "6d1f0a3e-2b4c-4e5f-8a9b-0c1d2e3f4a5b";

/// Stores `summary` signed by the key from `seed`; the record's path (`id/kid`).
async fn submit(r: &Receiver, summary: &Summary, seed: u8) -> String {
    let jws = signer::sign(seed, &summary.canonical_bytes().unwrap());
    let request = Request::post("/api/submissions")
        .header(header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", summary.submission_id.clone())
        .body(Body::from(
            json!({ "jws": jws, "summary": summary }).to_string(),
        ))
        .unwrap();
    let (status, _, body) = call(r, request).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (_, jwk) = signer::key(seed);
    let kid = candor_core::jws::thumbprint(&jwk);
    format!("{}/{kid}", summary.submission_id)
}

#[tokio::test]
async fn when_another_key_used_a_patients_id_first_both_records_are_listed_opened_and_reviewed_apart()
 {
    let r = receiver();
    // The forger submits first, under the patient's id: a harmless-looking summary.
    let mut forged = Summary::from_json(FIXTURE.as_bytes()).unwrap();
    forged.submission_id = ID.into();
    forged.findings.clear();
    forged.answers.details.legal_name = "Someone Else".into();
    let forger = submit(&r, &forged, 41).await;
    // The patient's own record, with its stop finding, arrives second.
    let mut genuine = Summary::from_json(FIXTURE.as_bytes()).unwrap();
    genuine.submission_id = ID.into();
    let patient = submit(&r, &genuine, 42).await;
    assert_ne!(forger, patient);

    let (_, provider) = signed_in(&r, Role::Provider, 0);
    let (_, _, body) = call(&r, get("/console/api/queue", Some(&provider))).await;
    let queue: Value = serde_json::from_str(&body).unwrap();
    let listed: Vec<String> = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            format!(
                "{}/{}",
                i["id"].as_str().unwrap(),
                i["kid"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        listed.contains(&forger) && listed.contains(&patient),
        "both listed: {body}"
    );
    assert!(
        queue["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["collision"] == true),
        "each marked: {body}"
    );
    // The stop finding waits for the director: the patient's record, not the forger's.
    let waiting: Vec<String> = queue["escalated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            format!(
                "{}/{}",
                i["id"].as_str().unwrap(),
                i["kid"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(waiting, std::slice::from_ref(&patient));

    // Each chart opens by its own address and says the other exists.
    let (status, _, page) = call(
        &r,
        get(&format!("/console/submission/{patient}"), Some(&provider)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Ana María Núñez") && !page.contains("Someone Else"),
        "the patient's chart"
    );
    assert!(page.contains("Another key signed a record under this submission id"));
    assert!(
        page.contains(&format!("/console/submission/{forger}")),
        "a link to the other"
    );
    let (status, _, page) = call(
        &r,
        get(&format!("/console/submission/{forger}"), Some(&provider)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Someone Else"));
    // An id alone names no record.
    let (status, _, _) = call(
        &r,
        get(&format!("/console/submission/{ID}"), Some(&provider)),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A review of one record is that record's: the other is untouched.
    let reviewed = json!({ "action": "reviewed", "note": "not our patient's record" });
    let (status, _, body) = call(
        &r,
        post(
            &format!("/console/api/submissions/{forger}/review"),
            Some(ORIGIN),
            Some(&provider),
            reviewed,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (_, _, body) = call(&r, get("/console/api/queue", Some(&provider))).await;
    let queue: Value = serde_json::from_str(&body).unwrap();
    let state = |path: &str| {
        queue["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| {
                format!(
                    "{}/{}",
                    i["id"].as_str().unwrap(),
                    i["kid"].as_str().unwrap()
                ) == path
            })
            .map(|i| i["review"].clone())
            .unwrap()
    };
    assert_eq!(state(&forger), "reviewed");
    assert_eq!(state(&patient), "escalated");
    // The export names the record, by its id and its signer.
    let kid = forger.split('/').nth(1).unwrap();
    let (status, _, csv) = call(
        &r,
        get(
            &format!("/console/audit.csv?submission={ID}&kid={kid}"),
            Some(&provider),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.contains(&format!("\"{ID}\",\"{kid}\"")), "{csv}");
    let patient_kid = patient.split('/').nth(1).unwrap();
    let (_, _, csv) = call(
        &r,
        get(
            &format!("/console/audit.csv?submission={ID}&kid={patient_kid}"),
            Some(&provider),
        ),
    )
    .await;
    assert!(
        !csv.contains("not our patient"),
        "the other record's trail: {csv}"
    );
}
