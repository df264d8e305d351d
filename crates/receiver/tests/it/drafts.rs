//! `/api/drafts`: an invited visit's encrypted draft, one per invite, only with the
//! invite's token, gone on submission and at expiry.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use candor_core::summary::Summary;
use candor_receiver::store::drafts::KEPT_FOR_MS;
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

use crate::common;
use common::{Receiver, receiver};

use crate::signer;

const FIXTURE: &str = include_str!("../../../core/tests/fixtures/summary-neurotoxin.json");

/// Stand-in ciphertext: an IV and 100 bytes (the receiver cannot tell, and must not
/// care, what they are).
fn sealed(fill: u8) -> Vec<u8> {
    vec![fill; 12 + 100]
}

impl Receiver {
    async fn drafts(
        &self,
        method: Method,
        bearer: Option<&str>,
        body: Vec<u8>,
    ) -> (StatusCode, Vec<u8>) {
        let mut request = Request::builder()
            .method(method)
            .uri("/api/drafts")
            .header("content-type", "application/octet-stream");
        if let Some(token) = bearer {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let response = candor_receiver::app(self.state.clone())
            .oneshot(request.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        let status = response.status();
        assert_eq!(response.headers()["cache-control"], "no-store");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, bytes.to_vec())
    }
}

#[tokio::test]
async fn only_an_invites_token_reads_or_writes_its_draft() {
    let r = receiver();
    let invite = candor_receiver::invite::create(&r.state.store).unwrap();
    for method in [Method::PUT, Method::GET, Method::DELETE] {
        for bearer in [None, Some("not-a-token-of-this-clinic")] {
            let (status, _) = r.drafts(method.clone(), bearer, sealed(1)).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {bearer:?}");
        }
    }
    assert_eq!(r.state.store.draft_count().unwrap(), 0);
    let (status, body) = r.drafts(Method::GET, Some(&invite.token), vec![]).await;
    assert_eq!((status, body.len()), (StatusCode::NO_CONTENT, 0));
}

#[tokio::test]
async fn one_draft_per_invite_the_latest_kept_as_sent() {
    let r = receiver();
    let first = candor_receiver::invite::create(&r.state.store).unwrap();
    let second = candor_receiver::invite::create(&r.state.store).unwrap();
    let put = |token: String, bytes| {
        let r = &r;
        async move { r.drafts(Method::PUT, Some(&token), bytes).await.0 }
    };
    assert_eq!(
        put(first.token.clone(), sealed(1)).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        put(first.token.clone(), sealed(2)).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        r.state.store.draft_count().unwrap(),
        1,
        "replaced, not added"
    );
    assert_eq!(
        r.drafts(Method::GET, Some(&first.token), vec![]).await,
        (StatusCode::OK, sealed(2))
    );
    assert_eq!(
        r.drafts(Method::GET, Some(&second.token), vec![]).await.0,
        StatusCode::NO_CONTENT,
        "another invite's token reads nothing of it"
    );
    assert_eq!(
        r.drafts(Method::DELETE, Some(&first.token), vec![]).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(r.state.store.draft_count().unwrap(), 0);
}

#[tokio::test]
async fn what_cannot_be_a_sealed_draft_or_is_too_large_is_refused() {
    let r = receiver();
    let invite = candor_receiver::invite::create(&r.state.store).unwrap();
    let too_large = vec![7u8; candor_receiver::drafts::MAX_DRAFT_BYTES + 1];
    let (status, _) = r.drafts(Method::PUT, Some(&invite.token), too_large).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let (status, body) = r
        .drafts(Method::PUT, Some(&invite.token), vec![1; 20])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(String::from_utf8_lossy(&body).contains("not_sealed"));
    let largest = vec![7u8; candor_receiver::drafts::MAX_DRAFT_BYTES];
    let (status, _) = r.drafts(Method::PUT, Some(&invite.token), largest).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn the_submission_takes_its_draft_with_it_and_none_is_kept_after() {
    let r = receiver();
    let invite = candor_receiver::invite::create(&r.state.store).unwrap();
    let (status, _) = r.drafts(Method::PUT, Some(&invite.token), sealed(3)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    let mut summary = Summary::from_json(FIXTURE.as_bytes()).unwrap();
    summary.invite = Some(invite.id.clone());
    let jws = signer::sign(1, &summary.canonical_bytes().unwrap());
    let request = Request::post("/api/submissions")
        .header("content-type", "application/json")
        .header("idempotency-key", format!("\"{}\"", summary.submission_id))
        .header("authorization", format!("Bearer {}", invite.token))
        .body(Body::from(
            json!({ "jws": jws, "summary": summary }).to_string(),
        ))
        .unwrap();
    let response = candor_receiver::app(r.state.clone())
        .oneshot(request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);

    assert_eq!(r.state.store.draft_count().unwrap(), 0);
    let (status, _) = r.drafts(Method::GET, Some(&invite.token), vec![]).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = r.drafts(Method::PUT, Some(&invite.token), sealed(4)).await;
    assert_eq!(status, StatusCode::GONE, "a late save from another device");
    assert!(String::from_utf8_lossy(&body).contains("invite_used"));
    assert_eq!(r.state.store.draft_count().unwrap(), 0);
}

#[tokio::test]
async fn a_draft_is_gone_three_days_after_its_last_save() {
    let r = receiver();
    let invite = candor_receiver::invite::create(&r.state.store).unwrap();
    let store = &r.state.store;
    let saved = 1_800_000_000_000;
    store.keep_draft(&invite.id, &sealed(5), saved).unwrap();
    assert!(
        store
            .draft(&invite.id, saved + KEPT_FOR_MS - 1)
            .unwrap()
            .is_some()
    );
    assert_eq!(store.draft(&invite.id, saved + KEPT_FOR_MS).unwrap(), None);
    assert_eq!(store.draft_count().unwrap(), 0, "deleted, not hidden");
    // Saving another invite's draft also clears expired ones.
    let other = candor_receiver::invite::create(store).unwrap();
    store.keep_draft(&invite.id, &sealed(6), saved).unwrap();
    store
        .keep_draft(&other.id, &sealed(7), saved + KEPT_FOR_MS)
        .unwrap();
    assert_eq!(store.draft_count().unwrap(), 1);
    assert_eq!(KEPT_FOR_MS, 3 * 24 * 3600 * 1000);
}

#[tokio::test]
async fn any_page_may_keep_a_draft_with_the_token_but_never_with_cookies() {
    let r = receiver();
    let request = Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/drafts")
        .header("origin", "https://www.clinic.example")
        .header("access-control-request-method", "PUT")
        .header(
            "access-control-request-headers",
            "authorization, content-type",
        )
        .body(Body::empty())
        .unwrap();
    let response = candor_receiver::app(r.state.clone())
        .oneshot(request)
        .await
        .unwrap();
    let headers = response.headers();
    assert_eq!(headers["access-control-allow-origin"], "*");
    let methods = headers["access-control-allow-methods"].to_str().unwrap();
    assert!(
        methods.contains("PUT") && methods.contains("DELETE"),
        "{methods}"
    );
    assert!(!headers.contains_key("access-control-allow-credentials"));
}
