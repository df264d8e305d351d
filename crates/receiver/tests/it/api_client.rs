//! What the integration API's tests share: a key made by the director in the console,
//! a request with a key (and an `Idempotency-Key`), a problem's checks, and a record
//! signed and submitted.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};

use crate::common;
use crate::console_http::{ORIGIN, call, post};

/// A key the director makes in the console with `scopes`: its text.
pub async fn key(r: &common::Receiver, director: &str, name: &str, scopes: &[&str]) -> String {
    let (status, _, body) = call(
        r,
        post(
            "/console/api/integrations/keys",
            Some(ORIGIN),
            Some(director),
            json!({ "name": name, "scopes": scopes }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    serde_json::from_str::<Value>(&body).unwrap()["key"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Revokes `key` (its text) as the director signed in with `director`.
pub async fn revoke(r: &common::Receiver, director: &str, key: &str) {
    let id = &key["cnd_live_".len().."cnd_live_".len() + 12];
    let (status, _, _) = call(
        r,
        post(
            &format!("/console/api/integrations/keys/{id}/revoke"),
            Some(ORIGIN),
            Some(director),
            json!({}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

/// A request to the API with `key` (and an `Idempotency-Key` when given).
pub fn api(
    method: Method,
    path: &str,
    key: Option<&str>,
    once: Option<&str>,
    body: Option<&Value>,
) -> Request<Body> {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(key) = key {
        request = request.header(header::AUTHORIZATION, format!("Bearer {key}"));
    }
    if let Some(once) = once {
        request = request.header("idempotency-key", once);
    }
    match body {
        Some(body) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
        None => request.body(Body::empty()).unwrap(),
    }
}

pub fn problem(status: StatusCode, headers: &axum::http::HeaderMap, body: &str) -> Value {
    assert_eq!(
        headers.get(header::CONTENT_TYPE).unwrap(),
        "application/problem+json",
        "{body}"
    );
    let problem: Value = serde_json::from_str(body).unwrap();
    assert_eq!(problem["status"], status.as_u16(), "{body}");
    assert!(
        problem["type"]
            .as_str()
            .unwrap()
            .starts_with("https://candor.invalid/problems/")
    );
    problem
}

/// Signs and submits a copy of the core's neurotoxin fixture under `id`; its kid.
pub async fn submitted(r: &common::Receiver, id: &str, seed: u8) -> String {
    submitted_with(r, id, seed, |_| {}).await
}

/// The same, the summary changed by `adjust` first.
pub async fn submitted_with(
    r: &common::Receiver,
    id: &str,
    seed: u8,
    adjust: impl FnOnce(&mut candor_core::summary::Summary),
) -> String {
    let mut summary = candor_core::summary::Summary::from_json(
        include_str!("../../../core/tests/fixtures/summary-neurotoxin.json").as_bytes(),
    )
    .unwrap();
    summary.submission_id = id.into();
    adjust(&mut summary);
    let jws = crate::signer::sign(seed, &summary.canonical_bytes().unwrap());
    let request = Request::post("/api/submissions")
        .header(header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", id)
        .body(Body::from(
            json!({ "jws": jws, "summary": summary }).to_string(),
        ))
        .unwrap();
    let (status, _, body) = call(r, request).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    candor_core::jws::ParsedJws::parse(&jws).unwrap().header.kid
}
