//! Who is calling the integration API: the `Authorization: Bearer cnd_live_…` key,
//! authenticated on the blocking pool ([`crate::service::api_keys::authenticate`]) and
//! held to its allowance ([`Allowances`]); and a POST's `Idempotency-Key` with its
//! request's fingerprint.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::problem::Problem;
use crate::AppState;
use crate::service::api::Once;
use crate::service::api_keys::{self, Caller};
use crate::service::blocking;

/// Each key's allowance: this many requests, refilled evenly over a minute.
pub const PER_MINUTE: f64 = 600.0;

/// The requests each key may still make (per receiver process), as token buckets.
#[derive(Default)]
pub struct Allowances {
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl Allowances {
    /// Takes one request from `key_id`'s allowance; how long to wait when it is spent.
    pub fn take(&self, key_id: &str) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let (tokens, at) = buckets
            .entry(key_id.to_owned())
            .or_insert((PER_MINUTE, now));
        *tokens =
            (*tokens + now.duration_since(*at).as_secs_f64() * PER_MINUTE / 60.0).min(PER_MINUTE);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                ((1.0 - *tokens) * 60.0 / PER_MINUTE).max(1.0),
            ))
        }
    }
}

/// A request's caller: a key in use, within its allowance.
pub struct Key(pub Caller);

impl FromRequestParts<Arc<AppState>> for Key {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<AppState>) -> Result<Self, Response> {
        let bearer = crate::submit::bearer(&parts.headers).map(str::to_owned);
        let state = app.clone();
        let caller = blocking(move || api_keys::authenticate(&state.store, bearer.as_deref()))
            .await
            .map_err(|r| Problem::from(r).into_response())?;
        if let Err(wait) = app.api_allowances.take(&caller.key_id) {
            let mut response = Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                "Too many requests with this key",
                format!(
                    "each key may make {PER_MINUTE} requests a minute: wait as Retry-After says"
                ),
            )
            .into_response();
            if let Ok(value) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            return Err(response);
        }
        Ok(Key(caller))
    }
}

/// A POST's `Idempotency-Key`: 1 to 255 visible ASCII characters (a UUID, usually).
fn idempotency_key(parts: &Parts) -> Result<String, Problem> {
    let missing = || {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "idempotency-key-missing",
            "An Idempotency-Key is needed",
            "every POST carries an Idempotency-Key header (a new UUID for each new request, the same one when it is retried)",
        )
    };
    let key = parts
        .headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().trim_matches('"'))
        .ok_or_else(missing)?;
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(missing());
    }
    Ok(key.to_owned())
}

/// What identifies a request for its `Idempotency-Key`: its method, path and body.
///
/// # Errors
/// The `Idempotency-Key` is missing or not 1 to 255 visible ASCII characters.
pub fn once(parts: &Parts, body: &[u8]) -> Result<Once, Problem> {
    let key = idempotency_key(parts)?;
    let mut seen = Vec::with_capacity(body.len() + 64);
    seen.extend_from_slice(parts.method.as_str().as_bytes());
    seen.push(b' ');
    seen.extend_from_slice(parts.uri.path().as_bytes());
    seen.push(b'\n');
    seen.extend_from_slice(body);
    Ok(Once {
        key,
        fingerprint: candor_core::jws::sha256_hex(&seen),
    })
}
