//! How the receiver serves the widget: the page's security headers, caching, and the
//! cross-origin rules of the submission endpoint.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

use crate::common;
use common::receiver;

#[tokio::test]
async fn the_widget_is_served_with_security_headers() {
    let r = receiver();
    let get = |path: &str| Request::get(path).body(Body::empty()).unwrap();
    let page = candor_receiver::app(r.state.clone())
        .oneshot(get("/"))
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let h = page.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    use base64::Engine;
    use sha2::Digest;
    let boot = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(b"boot()"));
    assert!(
        csp.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{boot}'"
        )),
        "{csp}"
    );
    assert!(
        csp.contains("connect-src 'self' https://fhir.clinic.example"),
        "{csp}"
    );
    assert!(
        csp.contains("frame-ancestors 'self' https://clinic.example"),
        "{csp}"
    );
    assert!(
        csp.contains("default-src 'none'")
            && csp.contains("object-src 'none'")
            && csp.contains("base-uri 'none'")
    );
    assert_eq!(h["cache-control"], "no-store");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "no-referrer");
    let asset = candor_receiver::app(r.state.clone())
        .oneshot(get("/app.js"))
        .await
        .unwrap();
    assert_eq!(
        asset.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(!asset.headers().contains_key("content-security-policy"));
    assert_eq!(asset.headers()["access-control-allow-origin"], "*");
    assert!(
        !h.contains_key("access-control-allow-origin"),
        "not on the page itself"
    );
    let missing = candor_receiver::app(r.state.clone())
        .oneshot(get("/../receiver.sqlite"))
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_page_on_another_origin_may_post_without_credentials() {
    let r = receiver();
    let preflight = Request::builder()
        .method("OPTIONS")
        .uri("/api/submissions")
        .header("origin", "null")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,idempotency-key,authorization",
        )
        .body(Body::empty())
        .unwrap();
    let answer = candor_receiver::app(r.state.clone())
        .oneshot(preflight)
        .await
        .unwrap();
    assert!(answer.status().is_success(), "{}", answer.status());
    let h = answer.headers();
    assert_eq!(h["access-control-allow-origin"], "*");
    assert!(!h.contains_key("access-control-allow-credentials"));
    let allowed = h["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_owned();
    for name in ["content-type", "idempotency-key", "authorization"] {
        assert!(allowed.contains(name), "{allowed}");
    }
    assert_eq!(h["access-control-allow-methods"], "POST");
}

#[tokio::test]
async fn the_embedding_kit_has_its_own_policy_and_a_stable_cacheable_snippet() {
    let r = receiver();
    let get = |path: &str| Request::get(path).body(Body::empty()).unwrap();
    let snippet = candor_receiver::app(r.state.clone())
        .oneshot(get("/embed/candor-embed.js"))
        .await
        .unwrap();
    assert_eq!(snippet.status(), StatusCode::OK);
    let h = snippet.headers();
    assert!(
        h["content-type"].to_str().unwrap().contains("javascript"),
        "{:?}",
        h["content-type"]
    );
    assert_eq!(
        h["cache-control"], "public, max-age=3600",
        "its address never changes, so it is not cached for ever"
    );
    assert_eq!(h["access-control-allow-origin"], "*");
    assert_eq!(h["x-content-type-options"], "nosniff");

    let guide = candor_receiver::app(r.state.clone())
        .oneshot(get("/embed/"))
        .await
        .unwrap();
    assert_eq!(guide.status(), StatusCode::OK);
    let csp = guide.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("frame-src 'self'"),
        "the guide frames the widget: {csp}"
    );
    assert!(
        csp.contains("script-src 'self';"),
        "no inline script: {csp}"
    );
    assert!(!csp.contains("wasm-unsafe-eval"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(guide.headers()["cache-control"], "no-store");

    let widget = candor_receiver::app(r.state.clone())
        .oneshot(get("/"))
        .await
        .unwrap();
    let csp = widget.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(
        !csp.contains("frame-src"),
        "the widget's own page frames nothing: {csp}"
    );
}

#[tokio::test]
async fn assets_are_sent_precompressed_as_the_browser_accepts() {
    use http_body_util::BodyExt;
    let r = receiver();
    for (accept, encoding, body) in [
        (
            Some("gzip, deflate, br, zstd"),
            Some("br"),
            "brotli bytes of boot()",
        ),
        (Some("gzip"), Some("gzip"), "gzip bytes of boot()"),
        (None, None, "boot()"),
        (Some("identity"), None, "boot()"),
    ] {
        let mut request = Request::get("/app.js");
        if let Some(accept) = accept {
            request = request.header("accept-encoding", accept);
        }
        let response = candor_receiver::app(r.state.clone())
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let h = response.headers().clone();
        assert_eq!(
            h.get("content-encoding").map(|v| v.to_str().unwrap()),
            encoding,
            "{accept:?}"
        );
        assert!(
            h["content-type"].to_str().unwrap().contains("javascript"),
            "the type of the file, not of its compression: {:?}",
            h["content-type"]
        );
        assert_eq!(h["vary"], "accept-encoding", "{accept:?}");
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(bytes, body.as_bytes(), "{accept:?}");
    }
}
