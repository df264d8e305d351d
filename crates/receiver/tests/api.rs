//! The receiver's HTTP behaviour, request by request, against a real SQLite file.
//! Summaries are signed with RustCrypto's `p256` exactly as WebCrypto signs them.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use candor_core::jws;
use candor_core::summary::Summary;
use candor_receiver::store::Begin;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

const FIXTURE: &str = include_str!("../../core/tests/fixtures/summary-neurotoxin.json");

mod common;
use common::{Receiver, receiver};

fn summary(id: &str) -> Summary {
    let mut s = Summary::from_json(FIXTURE.as_bytes()).unwrap();
    s.submission_id = id.into();
    s
}

// The core's test signer (RustCrypto `p256`, signing as WebCrypto does).
#[path = "../../core/tests/signer/mod.rs"]
mod signer;

fn sign_bytes(seed: u8, payload: &[u8]) -> String {
    signer::sign(seed, payload)
}

fn sign(seed: u8, summary: &Summary) -> String {
    sign_bytes(seed, &summary.canonical_bytes().unwrap())
}

fn body(jws: &str, summary: &Summary) -> String {
    json!({ "jws": jws, "summary": summary }).to_string()
}

impl Receiver {
    async fn post(
        &self,
        key: Option<&str>,
        bearer: Option<&str>,
        body: String,
    ) -> (StatusCode, Value, bool) {
        let mut request =
            Request::post("/api/submissions").header("content-type", "application/json");
        if let Some(key) = key {
            request = request.header("idempotency-key", format!("\"{key}\""));
        }
        if let Some(token) = bearer {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let response = candor_receiver::app(self.state.clone())
            .oneshot(request.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let replayed = response.headers().contains_key("idempotent-replayed");
        assert_eq!(response.headers()["cache-control"], "no-store");
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            replayed,
        )
    }

    async fn submit(&self, s: &Summary, seed: u8) -> (StatusCode, Value, bool) {
        self.post(Some(&s.submission_id), None, body(&sign(seed, s), s))
            .await
    }

    fn count(&self) -> u64 {
        self.state.store.count().unwrap()
    }
}

const ID: &str = "6b1f0c2e-8d3a-4f5b-9c7d-0e1f2a3b4c5d";
const ID2: &str = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

#[tokio::test]
async fn a_signed_summary_is_stored_once_with_its_audit_trail_and_a_receipt() {
    let r = receiver();
    let s = summary(ID);
    let jws = sign(1, &s);
    let (status, receipt, replayed) = r.post(Some(ID), None, body(&jws, &s)).await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    assert!(!replayed);
    assert_eq!(receipt["submission_id"], ID);
    assert_eq!(receipt["jws_sha256"], jws::sha256_hex(jws.as_bytes()));
    assert!(candor_core::summary::is_rfc3339(
        receipt["received_at"].as_str().unwrap()
    ));
    assert_eq!(r.count(), 1);
    assert_eq!(
        r.state.store.jws(ID).unwrap().as_deref(),
        Some(jws.as_str())
    );
    let audit: Vec<String> = r
        .state
        .store
        .audit(ID)
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert_eq!(
        audit,
        [
            "started",
            "step_completed",
            "disclosure_accepted",
            "signed",
            "consent_decided",
            "consent_decided",
            "submitted",
            "received"
        ]
    );
}

#[tokio::test]
async fn a_retry_gets_the_original_receipt_and_stores_nothing_new() {
    let r = receiver();
    let s = summary(ID);
    let jws = sign(1, &s);
    let (_, first, _) = r.post(Some(ID), None, body(&jws, &s)).await;
    let (status, again, replayed) = r.post(Some(ID), None, body(&jws, &s)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(replayed);
    assert_eq!(again, first);
    assert_eq!(r.count(), 1);
}

#[tokio::test]
async fn the_same_id_with_different_content_is_a_conflict() {
    let r = receiver();
    let s = summary(ID);
    r.submit(&s, 1).await;
    let mut changed = s.clone();
    changed.answers.details.legal_name = "Someone Else".into();
    let (status, error, _) = r.submit(&changed, 1).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"], "idempotency_conflict");
    assert_eq!(r.count(), 1);
}

#[tokio::test]
async fn a_submission_still_processing_is_told_to_wait() {
    let r = receiver();
    let s = summary(ID);
    let jws = sign(1, &s);
    let claimed = r
        .state
        .store
        .begin(
            ID,
            &jws::sha256_hex(jws.as_bytes()),
            candor_receiver::now_unix_ms(),
        )
        .unwrap();
    assert_eq!(claimed, Begin::Fresh);
    let (status, error, _) = r.post(Some(ID), None, body(&jws, &s)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    assert_eq!(r.count(), 0);
}

#[tokio::test]
async fn an_abandoned_claim_is_taken_over() {
    let r = receiver();
    let long_ago = candor_receiver::now_unix_ms() - candor_receiver::store::ABANDONED_AFTER_MS - 1;
    let s = summary(ID);
    let jws = sign(1, &s);
    r.state
        .store
        .begin(ID, &jws::sha256_hex(jws.as_bytes()), long_ago)
        .unwrap();
    let (status, _, _) = r.post(Some(ID), None, body(&jws, &s)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(r.count(), 1);
}

#[tokio::test]
async fn a_tampered_payload_is_refused_and_nothing_is_kept() {
    let r = receiver();
    let s = summary(ID);
    let jws = sign(1, &s);
    let mut parts: Vec<String> = jws.split('.').map(str::to_owned).collect();
    let mut tampered = s.clone();
    tampered.findings.clear();
    parts[1] = jws::base64url(&tampered.canonical_bytes().unwrap());
    let (status, error, _) = r
        .post(Some(ID), None, body(&parts.join("."), &tampered))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["error"], "jws_signature");
    assert_eq!(r.count(), 0);
    // The genuine one still goes through afterwards.
    assert_eq!(
        r.post(Some(ID), None, body(&jws, &s)).await.0,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn malformed_requests_say_what_is_wrong() {
    let r = receiver();
    let s = summary(ID);
    let jws = sign(1, &s);
    let (status, error, _) = r.post(None, None, body(&jws, &s)).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("idempotency_key"))
    );
    let (status, error, _) = r.post(Some(ID2), None, body(&jws, &s)).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("idempotency_key"))
    );
    let (status, error, _) = r.post(Some(ID), None, "not json".into()).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("request_form"))
    );
    let mut readable = s.clone();
    readable.language = candor_core::Lang::Es;
    let (status, error, _) = r.post(Some(ID), None, body(&jws, &readable)).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("summary_mismatch"))
    );
    let pretty = serde_json::to_vec_pretty(&s).unwrap();
    let (status, error, _) = r
        .post(Some(ID), None, body(&sign_bytes(1, &pretty), &s))
        .await;
    assert_eq!(
        (status, error["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("summary_not_canonical"))
    );
    let mut unsound = s.clone();
    unsound.consents[0].signature = None;
    let (status, error, _) = r.submit(&unsound, 1).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("summary_content"))
    );
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("$.consents[0].signature")
    );
    assert_eq!(r.count(), 0);
}

#[tokio::test]
async fn an_invite_binds_to_the_first_key_used_with_it() {
    let r = receiver();
    let invite = candor_receiver::invite::create(&r.state.store).unwrap();
    let mut s = summary(ID);
    s.invite = Some(invite.id.clone());
    let (status, error, _) = r.submit(&s, 1).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invite_token"))
    );
    let (status, _, _) = r
        .post(Some(ID), Some("not-the-token"), body(&sign(1, &s), &s))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = r
        .post(Some(ID), Some(&invite.token), body(&sign(1, &s), &s))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let mut other = summary(ID2);
    other.invite = Some(invite.id.clone());
    let (status, error, _) = r
        .post(
            Some(ID2),
            Some(&invite.token),
            body(&sign(2, &other), &other),
        )
        .await;
    assert_eq!(
        (status, error["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("invite_bound"))
    );
    assert_eq!(r.count(), 1);
}
