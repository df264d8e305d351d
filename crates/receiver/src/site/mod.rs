//! The built widget, served with the headers a clinic's server should send:
//! the page's Content-Security-Policy (see [`crate::csp`]), `no-store` on HTML so a
//! shared device never shows a cached page, long caching for the hashed assets,
//! `nosniff`, no referrer, an opener policy, and `Access-Control-Allow-Origin: *` on
//! the public assets (so the widget also runs in a sandboxed iframe). Assets are sent
//! precompressed (brotli or gzip, made by the build) to browsers that accept them.
//! The page itself comes with the clinic's welcome rendered in it ([`first_page`]).

pub mod deferred_start;
pub mod first_page;
pub mod welcome;

use std::sync::Arc;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{Next, from_fn};
use axum::response::Response;
use axum::routing::get;
use tower_http::services::ServeDir;

use crate::AppState;

/// Serves `config.dist`; for `/` and `/index.html`, the page with the clinic's welcome
/// in it ([`first_page`]). The embedding kit under `/embed/`
/// (the snippet clinics paste and its guide) gets a policy of its own: the guide
/// frames the widget, and the snippet's address is stable, so it is cached for an
/// hour rather than for ever.
pub fn router(state: Arc<AppState>) -> Router {
    let config = &state.config;
    let html = std::fs::read_to_string(config.dist.join("index.html")).unwrap_or_default();
    let policy = HeaderValue::from_str(&crate::csp::policy(&html, config))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"));
    // The build puts a `.br` and a `.gz` beside every asset (scripts/precompress.mjs):
    // a browser that accepts one gets it as it is, so a first visit downloads what the
    // bundle budget measures.
    let serve = ServeDir::new(&config.dist)
        .append_index_html_on_directories(true)
        .precompressed_br()
        .precompressed_gzip();
    let page = first_page::FirstPage {
        app: state.clone(),
        template: html.into(),
        files: serve.clone(),
    };
    Router::new()
        .route("/", get(first_page::first_page))
        .route("/index.html", get(first_page::first_page))
        .with_state(page)
        .fallback_service(serve)
        .layer(from_fn(move |request: Request, next: Next| {
            let policy = policy.clone();
            let embed_kit = request.uri().path().starts_with("/embed");
            async move {
                let response = next.run(request).await;
                if embed_kit {
                    with_embed_headers(response)
                } else {
                    with_site_headers(response, policy)
                }
            }
        }))
}

/// The guide's policy: its own scripts and styles, and frames of this origin only.
const EMBED_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; frame-src 'self'; base-uri 'none'; form-action 'none'; \
     object-src 'none'; frame-ancestors 'none'";

fn with_embed_headers(response: Response) -> Response {
    let mut response = with_site_headers(response, HeaderValue::from_static(EMBED_POLICY));
    if response.status().is_success() {
        let cache = if is_html(&response) {
            "no-store"
        } else {
            "public, max-age=3600"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    response
}

fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"))
}

fn with_site_headers(mut response: Response, policy: HeaderValue) -> Response {
    let is_html = is_html(&response);
    let success = response.status().is_success();
    let headers = response.headers_mut();
    crate::common_headers(headers);
    // Whether a precompressed copy was sent depends on Accept-Encoding (the rendered
    // page says it also depends on Accept-Language).
    if !headers.contains_key(header::VARY) {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if is_html {
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        // The rendered page brings the policy for its own inline blocks.
        if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else if success {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
        // The widget's scripts, wasm and styles are public; a page with an opaque
        // origin (a sandboxed iframe) may load them only with this header.
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
    }
    response
}
