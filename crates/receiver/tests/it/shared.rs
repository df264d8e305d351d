//! Receivers sharing one PostgreSQL database behave as one: a sign-in begun on one
//! finishes on another (the ceremony is in the database), and a console open on one
//! hears, within two seconds, of a submission stored by another (`LISTEN`/`NOTIFY`).
//! On SQLite (one receiver per file) the console hears its own receiver's.

use std::future::Future;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use candor_core::jws::sha256_hex;
use candor_receiver::store::staff::{INVITE_VALID_MS, Role, Staff};
use futures_util::StreamExt;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::common::{Receiver, receiver, receiver_with};
use crate::console_http::{ORIGIN, call, get, signed_in};
use crate::passkey::{CREDENTIAL_ID, director_key, passkey_json, signed_in_as};
use crate::{database, signer};

const FIXTURE: &str = include_str!("../../../core/tests/fixtures/summary-neurotoxin.json");

/// A second receiver on the first one's database.
fn beside(first: &Receiver) -> Receiver {
    let database = first.state.config.database.clone();
    receiver_with(|c| c.database = database)
}

async fn submit(r: &Receiver, id: &str, seed: u8) {
    let mut summary = candor_core::summary::Summary::from_json(FIXTURE.as_bytes()).unwrap();
    summary.submission_id = id.into();
    let jws = signer::sign(seed, &summary.canonical_bytes().unwrap());
    let request = Request::post("/api/submissions")
        .header(header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", id)
        .body(Body::from(
            json!({ "jws": jws, "summary": summary }).to_string(),
        ))
        .unwrap();
    assert_eq!(call(r, request).await.0, StatusCode::CREATED);
}

/// The console's live stream on `listening`: once it is open, `act` runs; the first
/// event must arrive within two seconds.
async fn heard_within_two_seconds(
    listening: &Receiver,
    session: &str,
    act: impl Future<Output = ()>,
) {
    let request = Request::get("/console/api/events")
        .header(header::COOKIE, format!("__Host-candor-staff={session}"))
        .body(Body::empty())
        .unwrap();
    let response = candor_receiver::app(listening.state.clone())
        .oneshot(request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let mut frames = response.into_body().into_data_stream();
    act.await;
    let heard = tokio::time::timeout(Duration::from_secs(2), async {
        while let Some(Ok(bytes)) = frames.next().await {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            if text.contains("event: queue") {
                return text;
            }
        }
        String::new()
    })
    .await
    .expect("an event within two seconds");
    assert!(heard.contains("data: changed"), "{heard}");
    assert!(
        !heard.contains("Ana"),
        "the event carries nothing of the patient"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_console_hears_of_a_submission_within_two_seconds_from_any_receiver_on_its_database() {
    let first = receiver();
    let (_, provider) = signed_in(&first, Role::Provider, 0);
    let other = if database::postgres_server().is_some() {
        beside(&first)
    } else {
        // One receiver per SQLite file: the console hears its own.
        receiver_with(|c| c.database = first.state.config.database.clone())
    };
    let storing = if database::postgres_server().is_some() {
        &other
    } else {
        &first
    };
    heard_within_two_seconds(
        &first,
        &provider,
        submit(storing, "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", 51),
    )
    .await;
    // A review recorded on one is heard on the other too.
    let (_, _, body) = call(&first, get("/console/api/queue", Some(&provider))).await;
    let queue: Value = serde_json::from_str(&body).unwrap();
    let item = &queue["items"][0];
    let path = format!(
        "/console/api/submissions/{}/{}/review",
        item["id"].as_str().unwrap(),
        item["kid"].as_str().unwrap()
    );
    let review = async {
        let request = crate::console_http::post(
            &path,
            Some(ORIGIN),
            Some(&provider),
            json!({ "action": "escalated", "note": "" }),
        );
        assert_eq!(call(storing, request).await.0, StatusCode::NO_CONTENT);
    };
    heard_within_two_seconds(&first, &provider, review).await;
}

#[tokio::test]
async fn a_sign_in_begun_on_one_receiver_finishes_on_another() {
    // Only several receivers share a database (PostgreSQL).
    if database::postgres_server().is_none() {
        return;
    }
    let first = receiver();
    let second = beside(&first);
    let store = &first.state.store;
    let director = "00000000-0000-4000-8000-0000000000d1";
    let member = Staff {
        id: director.into(),
        name: "Ana Ruiz".into(),
        role: Role::Director,
        created_at: "2026-12-01T08:00:00Z".into(),
        disabled_at: None,
    };
    let now = candor_receiver::now_unix_ms();
    store
        .invite_staff(&member, "token-d1", now + INVITE_VALID_MS)
        .unwrap();
    store
        .register_passkey(
            "token-d1",
            now,
            CREDENTIAL_ID,
            &passkey_json(&director_key()),
            "2026-12-01T08:01:00Z",
        )
        .unwrap()
        .unwrap();
    let begin = Request::post("/console/api/signin/options")
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    let (status, _, body) = call(&first, begin).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let options: Value = serde_json::from_str(&body).unwrap();
    let credential = signed_in_as(&options, &director_key(), Some(director));
    let finish = Request::post("/console/api/signin")
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({ "ceremony": options["ceremony"], "credential": credential }).to_string(),
        ))
        .unwrap();
    let response = candor_receiver::app(second.state.clone())
        .oneshot(finish)
        .await
        .unwrap();
    let status = response.status();
    let cookie = response
        .headers()
        .get(header::SET_COOKIE)
        .map(|v| v.to_str().unwrap().to_owned());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(
        status,
        StatusCode::NO_CONTENT,
        "{}",
        String::from_utf8_lossy(&body)
    );
    let cookie = cookie.expect("a session cookie");
    let session = cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_owned();
    // The session works on the first receiver too.
    assert!(
        store
            .session(&sha256_hex(session.as_bytes()))
            .unwrap()
            .is_some()
    );
    let (status, _, _) = call(&first, get("/console/api/queue", Some(&session))).await;
    assert_eq!(status, StatusCode::OK);
}
