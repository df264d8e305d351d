//! Kiosks: a tablet enrols once with a one-time code; the receiver then accepts
//! summaries that say they come from a kiosk only from enrolled, unrevoked device
//! keys, records the kiosk's name with each, and refuses every revoked key.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use candor_core::summary::Summary;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::common;
use common::{Receiver, receiver, receiver_with};

use crate::signer;

const FIXTURE: &str = include_str!("../../../core/tests/fixtures/summary-neurotoxin.json");
const TABLET: u8 = 21;

fn summary(id: &str, kiosk: Option<&str>) -> Summary {
    let mut s = Summary::from_json(FIXTURE.as_bytes()).unwrap();
    s.submission_id = id.into();
    s.kiosk = kiosk.map(str::to_owned);
    s
}

fn id(n: u8) -> String {
    format!("6b1f0c2e-8d3a-4f5b-9c7d-0e1f2a3b4c{n:02x}")
}

impl Receiver {
    async fn call(&self, path: &str, body: String, key: Option<&str>) -> (StatusCode, Value) {
        let mut request = Request::post(path).header("content-type", "application/json");
        if let Some(key) = key {
            request = request.header("idempotency-key", format!("\"{key}\""));
        }
        let response = candor_receiver::app(self.state.clone())
            .oneshot(request.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    async fn enrol(&self, code: &str, seed: u8) -> (StatusCode, Value) {
        let jwk = signer::key(seed).1;
        self.call(
            "/api/kiosk/enrol",
            json!({ "code": code, "jwk": jwk }).to_string(),
            None,
        )
        .await
    }

    async fn submit_as_kiosk(&self, s: &Summary, seed: u8) -> (StatusCode, Value) {
        let jws = signer::sign(seed, &s.canonical_bytes().unwrap());
        self.call(
            "/api/submissions",
            json!({ "jws": jws, "summary": s }).to_string(),
            Some(&s.submission_id),
        )
        .await
    }
}

fn code_for(r: &Receiver, name: &str) -> String {
    candor_receiver::kiosk::new_enrolment(&r.state.store, name).unwrap()
}

#[tokio::test]
async fn a_code_enrols_one_tablet_once() {
    let r = receiver();
    let code = code_for(&r, "Front desk tablet 1");
    let (status, body) = r.enrol(&code, TABLET).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body["name"], "Front desk tablet 1");
    let (status, body) = r.enrol(&code, TABLET + 1).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a replayed code");
    assert_eq!(body["error"], "enrolment_code");
    let (status, _) = r.enrol("not-a-code-of-this-clinic", TABLET + 1).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = r
        .call(
            "/api/kiosk/enrol",
            json!({"code": code, "jwk": {"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA"}})
                .to_string(),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a key not on the curve");
    let error =
        candor_receiver::kiosk::new_enrolment(&r.state.store, "Front desk tablet 1").unwrap_err();
    assert!(error.contains("revoke it first"), "{error}");
}

#[tokio::test]
async fn a_code_expires_after_a_day() {
    let r = receiver();
    let store = &r.state.store;
    let now = candor_receiver::now_unix_ms();
    store
        .create_kiosk(
            "Old tablet",
            "0".repeat(64).as_str(),
            now - candor_receiver::store::kiosks::CODE_VALID_MS - 1,
            "then",
        )
        .unwrap();
    assert_eq!(
        store
            .enrol_kiosk(&"0".repeat(64), "kid", now, "now")
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn a_kiosk_summary_is_accepted_only_from_an_enrolled_key_and_names_the_kiosk() {
    let r = receiver();
    let code = code_for(&r, "Front desk tablet 1");
    r.enrol(&code, TABLET).await;

    let (status, body) = r
        .submit_as_kiosk(&summary(&id(1), Some("Front desk tablet 1")), TABLET + 5)
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("kiosk_unknown"))
    );

    let (status, _) = r
        .submit_as_kiosk(&summary(&id(2), Some("Front desk tablet 1")), TABLET)
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let store = &r.state.store;
    assert_eq!(
        store.submission_kiosk(&id(2)).unwrap().as_deref(),
        Some("Front desk tablet 1")
    );
    let listed = store.kiosks().unwrap();
    assert!(
        listed[0].last_submission_at.is_some(),
        "kiosk list shows the last submission"
    );

    // The name recorded is the enrolled one, whatever the summary claims.
    let (status, _) = r
        .submit_as_kiosk(&summary(&id(3), Some("Somebody else's tablet")), TABLET)
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        store.submission_kiosk(&id(3)).unwrap().as_deref(),
        Some("Front desk tablet 1")
    );

    // A patient's own phone is not a kiosk.
    let (status, _) = r.submit_as_kiosk(&summary(&id(4), None), 3).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(store.submission_kiosk(&id(4)).unwrap(), None);
}

#[tokio::test]
async fn a_revoked_tablet_is_refused_with_a_message_for_staff_even_under_a_reused_name() {
    let r = receiver();
    let code = code_for(&r, "Front desk tablet 1");
    r.enrol(&code, TABLET).await;
    assert!(
        r.state
            .store
            .revoke_kiosk("Front desk tablet 1", "now")
            .unwrap()
    );
    for claim in [Some("Front desk tablet 1"), None] {
        let (status, body) = r.submit_as_kiosk(&summary(&id(5), claim), TABLET).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::FORBIDDEN, Some("kiosk_revoked"))
        );
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("revoked by the clinic")
        );
    }
    // The name is enrolled again on a new tablet: the old key stays refused.
    let code = code_for(&r, "Front desk tablet 1");
    r.enrol(&code, TABLET + 9).await;
    let (status, _) = r
        .submit_as_kiosk(&summary(&id(6), Some("Front desk tablet 1")), TABLET)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = r
        .submit_as_kiosk(&summary(&id(7), Some("Front desk tablet 1")), TABLET + 9)
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(r.state.store.count().unwrap(), 1);
}

#[tokio::test]
async fn an_enrolled_kiosk_needs_no_invite_and_is_not_rate_limited() {
    let r = receiver_with(|c| {
        c.require_invite = true;
        c.rate_limits.per_key = 1;
        c.rate_limits.per_address = 1;
    });
    let code = code_for(&r, "Front desk tablet 1");
    r.enrol(&code, TABLET).await;
    for n in 10..15 {
        let (status, _) = r
            .submit_as_kiosk(&summary(&id(n), Some("Front desk tablet 1")), TABLET)
            .await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "a waiting room sends many forms a day"
        );
    }
    let (status, body) = r.submit_as_kiosk(&summary(&id(20), None), 3).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("invite_required"))
    );
}
