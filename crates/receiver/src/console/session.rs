//! Console sessions: a random id in a `__Host-` cookie (HttpOnly, Secure,
//! SameSite=Strict), stored only as its SHA-256; 15 minutes idle and 8 hours in all;
//! ended at once when the member is disabled. Every state-changing request must come
//! from the console's own origin.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use base64::Engine;
use candor_core::jws::sha256_hex;

use crate::AppState;
use crate::store::staff::{Role, Session};

/// The cookie's name; `__Host-` binds it to this host, path `/`, HTTPS only.
pub const COOKIE: &str = "__Host-candor-staff";

/// A session unused this long ends.
pub const IDLE_MS: i64 = 15 * 60 * 1000;

/// A session this old ends, however busy.
pub const ABSOLUTE_MS: i64 = 8 * 60 * 60 * 1000;

/// A new random session id (256 bits, base64url).
pub fn new_id() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// The `Set-Cookie` value that gives the browser session `id`.
pub fn cookie(id: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{COOKIE}={id}; Path=/; Secure; HttpOnly; SameSite=Strict"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn removed_cookie() -> HeaderValue {
    HeaderValue::from_static(
        "__Host-candor-staff=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0",
    )
}

/// The session id the request's cookie carries.
pub fn id_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|v| !v.is_empty())
}

/// Why a request has no usable session.
#[derive(Debug, PartialEq, Eq)]
pub enum NoSession {
    /// No cookie, an unknown id, or an ended session.
    Missing,
    /// Unused for [`IDLE_MS`], or older than [`ABSOLUTE_MS`].
    Expired,
    /// The member was disabled.
    Disabled,
    /// The database did not answer.
    Storage,
}

/// The request's live session (marked used now), or why there is none. An expired
/// session is ended, so it cannot come back.
pub fn current(app: &AppState, headers: &HeaderMap, now_ms: i64) -> Result<Session, NoSession> {
    checked(app, headers, now_ms, true)
}

/// The same, without marking it used: for what the page does by itself (the queue's
/// refresh), which must not keep an unattended console signed in.
pub fn current_unused(
    app: &AppState,
    headers: &HeaderMap,
    now_ms: i64,
) -> Result<Session, NoSession> {
    checked(app, headers, now_ms, false)
}

fn checked(
    app: &AppState,
    headers: &HeaderMap,
    now_ms: i64,
    used: bool,
) -> Result<Session, NoSession> {
    let id = id_of(headers).ok_or(NoSession::Missing)?;
    let hash = sha256_hex(id.as_bytes());
    let session = app
        .store
        .session(&hash)
        .map_err(|_| NoSession::Storage)?
        .ok_or(NoSession::Missing)?;
    if session.ended {
        return Err(NoSession::Missing);
    }
    if session.staff.disabled_at.is_some() {
        return Err(NoSession::Disabled);
    }
    if now_ms - session.last_seen_unix_ms >= IDLE_MS
        || now_ms - session.created_unix_ms >= ABSOLUTE_MS
    {
        let _ = app.store.end_session(&hash, &crate::now_rfc3339());
        return Err(NoSession::Expired);
    }
    if used {
        app.store
            .touch_session(&hash, now_ms)
            .map_err(|_| NoSession::Storage)?;
    }
    Ok(session)
}

/// The answer to a request without a session, or from a role too low.
pub fn refused(why: NoSession) -> Response {
    let (status, code, message) = match why {
        NoSession::Storage => (
            StatusCode::SERVICE_UNAVAILABLE,
            "storage",
            "the console cannot reach its database; try again shortly",
        ),
        NoSession::Expired => (
            StatusCode::UNAUTHORIZED,
            "session_expired",
            "your session ended; sign in again",
        ),
        NoSession::Missing | NoSession::Disabled => (
            StatusCode::UNAUTHORIZED,
            "signed_out",
            "sign in with your passkey",
        ),
    };
    crate::submit::error(status, code, message)
}

/// The answer to a role that may not do this.
pub fn forbidden(needs: Role) -> Response {
    crate::submit::error(
        StatusCode::FORBIDDEN,
        "role",
        format!("this needs the {needs} role or higher"),
    )
}

/// Whether a state-changing request comes from the console's own origin (the
/// `Origin` header, which browsers always send with a POST).
pub fn same_origin(headers: &HeaderMap, origin: &str) -> bool {
    headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|o| o == origin)
}

/// The answer to a request from another origin.
pub fn foreign_origin() -> Response {
    crate::submit::error(
        StatusCode::FORBIDDEN,
        "origin",
        "the console accepts changes only from its own pages",
    )
}
