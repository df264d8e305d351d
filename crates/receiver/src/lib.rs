//! Candor's reference receiver: what a clinic's backend must do with a submission,
//! in one small program that any integrator can read, run and copy.
//!
//! - `POST /api/submissions` takes `{"jws": …, "summary": …}` with an
//!   `Idempotency-Key` equal to the summary's `submission_id`; it verifies the JWS
//!   (ES256 only, `typ` checked, `kid` equal to the key's thumbprint, the invite
//!   binding when there is one), stores the submission and its audit trail exactly
//!   once (SQLite, or PostgreSQL shared by several receivers: see [`store`]), and
//!   answers with a receipt. See [`submit`].
//! - `POST /api/kiosk/enrol` registers a waiting-room tablet's device key with a
//!   one-time code; summaries a kiosk signs are accepted only from enrolled,
//!   unrevoked keys. See [`kiosk`].
//! - `PUT`, `GET` and `DELETE /api/drafts` keep an invited visit's encrypted draft
//!   (ciphertext only; the key is in the patient's link). See [`drafts`].
//! - Everything else is the built widget (`dist/`), served with the security headers
//!   a clinic's server should send. See [`site`].
//!
//! The `candor-receiver` binary adds `verify` (check an exported JWS offline),
//! `export` and `invite`.

pub mod api;
pub mod check_ins;
pub mod config;
pub mod console;
pub mod csp;
pub mod domain;
pub mod drafts;
pub mod egress;
pub mod invite;
pub mod keys;
pub mod kiosk;
pub mod mail;
pub mod outbox;
pub mod protocol;
pub mod rate;
pub mod serve;
pub mod service;
pub mod site;
pub mod sms;
pub mod staff;
pub mod store;
pub mod submit;
pub mod verify;
pub mod webhook_sender;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};

pub use config::Config;
pub use store::Store;

/// The largest submission request accepted.
pub const MAX_REQUEST_BYTES: usize = 1_500_000;

/// What every request handler shares.
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The configuration the receiver was started with.
    pub config: Config,
    /// The allowances of uninvited submissions (see [`rate`]).
    pub limiter: rate::RateLimiter,
    /// The staff console (see [`console`]); `None` when its origin is unusable.
    pub console: Option<console::Console>,
    /// The clinic profile patients get, and its approvals (see [`protocol`]).
    pub protocols: protocol::Protocols,
    /// Each integration API key's allowance (see [`api::caller`]).
    pub api_allowances: api::caller::Allowances,
}

impl AppState {
    /// The shared state for `store` and `config`, with the configured rate limits.
    pub fn new(store: Store, config: Config) -> AppState {
        AppState {
            limiter: rate::RateLimiter::new(config.rate_limits),
            console: console::Console::new(&config.console_origin(), &config.dist).ok(),
            protocols: protocol::Protocols::new(config.profile_path()),
            api_allowances: api::caller::Allowances::default(),
            store,
            config,
        }
    }

    /// What the clinic offers patients now (the served profile's treatments, first
    /// language and scope of practice), which every appointment is checked against.
    ///
    /// # Errors
    /// The profile cannot be read, or the database failed.
    pub fn clinic(&self) -> Result<service::appointments::Clinic, service::ServiceError> {
        Ok(service::appointments::Clinic::of(&self.profile()?))
    }

    /// The clinic profile patients are served now.
    ///
    /// # Errors
    /// The profile cannot be read, or the database failed.
    pub fn profile(&self) -> Result<candor_core::profile::ClinicProfile, service::ServiceError> {
        let served = self.protocols.served(&self.store).map_err(|e| {
            eprintln!("candor-receiver: the clinic profile: {e}");
            service::ServiceError::Storage
        })?;
        candor_core::profile::ClinicProfile::from_json(&served.version.text).map_err(|_| {
            service::ServiceError::Invalid("profile", "the clinic profile does not read")
        })
    }
}

/// The receiver's routes: the submission endpoint, then the widget, with the
/// security headers on every answer (an API error, a 404 and a preflight included).
pub fn app(state: Arc<AppState>) -> Router {
    let site = site::router(state.clone());
    protocol::vocabulary::prepare();
    let hsts = state.config.hsts;
    Router::new()
        .route("/api/submissions", post(submit::submit))
        .route("/api/kiosk/enrol", post(kiosk::enrol))
        // A summary is at most 512 KB; with its JWS (base64 of the same bytes) and
        // the request's framing, 1.5 MB is ample. Larger bodies are refused (413).
        .layer(axum::extract::DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .layer(submission_cors())
        .merge(
            Router::new()
                .route(
                    "/api/drafts",
                    get(drafts::get).put(drafts::put).delete(drafts::delete),
                )
                .route("/api/drafts/booking", get(drafts::booking))
                .layer(axum::extract::DefaultBodyLimit::max(
                    drafts::MAX_DRAFT_BYTES,
                ))
                .layer(drafts_cors()),
        )
        .merge(
            Router::new()
                .route(
                    "/api/check-ins/current",
                    get(check_ins::current).post(check_ins::send),
                )
                .layer(axum::extract::DefaultBodyLimit::max(
                    check_ins::MAX_CHECK_IN_BYTES,
                ))
                .layer(drafts_cors()),
        )
        .with_state(state.clone())
        .merge(
            Router::new()
                .route("/profile.json", get(protocol::profile))
                .route("/profile-approval.json", get(protocol::approval_document))
                .route("/vocabulary.json", get(protocol::vocabulary::vocabulary))
                .with_state(state.clone()),
        )
        .merge(api::router(state.clone()))
        .merge(console::router(state))
        .merge(site)
        .layer(axum::middleware::map_response(
            move |mut response: axum::response::Response| async move {
                every_answer(response.headers_mut(), hsts);
                response
            },
        ))
}

/// What every answer carries: [`common_headers`]; a policy that allows nothing when
/// the answer has none of its own (the widget's pages set theirs; an asset's policy
/// would do nothing); `no-store` unless it says otherwise; and, behind TLS,
/// `Strict-Transport-Security`.
fn every_answer(headers: &mut axum::http::HeaderMap, hsts: bool) {
    use axum::http::{HeaderValue, header};
    common_headers(headers);
    let is_asset = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            ["javascript", "wasm", "css", "image/"]
                .iter()
                .any(|kind| t.contains(kind))
        });
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) && !is_asset {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
    }
    // An answer nobody said may be kept (an error, a refusal by a limit) is not.
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
}

/// Cross-origin rules for the submission endpoint: any page may POST (a widget in a
/// sandboxed iframe has an opaque origin), never with cookies or other ambient
/// credentials. What authenticates a submission is its signature and, for an invited
/// visit, the bearer token it carries, so no origin needs to be trusted.
fn submission_cors() -> tower_http::cors::CorsLayer {
    use axum::http::{HeaderName, Method, header};
    tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods([Method::POST])
        .allow_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([HeaderName::from_static("idempotent-replayed")])
        .max_age(std::time::Duration::from_secs(600))
}

/// Cross-origin rules for the drafts endpoint: like [`submission_cors`], any page
/// may keep, read or delete a draft with the invite's bearer token, never with cookies.
fn drafts_cors() -> tower_http::cors::CorsLayer {
    use axum::http::{Method, header};
    tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods([Method::GET, Method::PUT, Method::POST, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
        .max_age(std::time::Duration::from_secs(600))
}

/// The headers every answer carries: no MIME sniffing, no referrer.
pub fn common_headers(headers: &mut axum::http::HeaderMap) {
    use axum::http::{HeaderValue, header};
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
}

/// The current time as RFC 3339 in UTC, from the server's clock (never the client's).
pub fn now_rfc3339() -> String {
    candor_core::summary::Timestamp {
        unix_ms: now_unix_ms(),
        offset_minutes: 0,
    }
    .rfc3339()
}

/// Milliseconds since the Unix epoch.
pub fn now_unix_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
