//! `POST /api/submissions`: verify, store once, answer with a receipt.
//!
//! Request: `{"jws": "<compact JWS>", "summary": <the same summary, readable>}` with
//! `Idempotency-Key: "<submission id>"` and, for an invited visit,
//! `Authorization: Bearer <invite token>`.
//!
//! | Answer | When | Should the widget retry? |
//! |---|---|---|
//! | 201 + receipt | stored now | no |
//! | 201 + the same receipt, `Idempotent-Replayed: true` | already stored | no |
//! | 400 | malformed request or JWS, bad signature, bad summary | no: staff must look |
//! | 401 / 403 | invite token missing or unknown / bound to another key | no |
//! | 403 `invite_required` | uninvited (and not from an enrolled kiosk), and the receiver requires invites | no |
//! | 403 `kiosk_unknown` / `kiosk_revoked` | claims a kiosk but its key is not enrolled / signed by a revoked kiosk's key | no |
//! | 409 | the same submission, from the same signer, is being stored by another receiver for more than 5 s (PostgreSQL), or by an older receiver that left it unfinished (a copy sent while the first is being stored otherwise waits for it and gets its receipt) | yes, later |
//! | 429 + `Retry-After` | too many new uninvited submissions from this key or address | yes, after the wait |
//! | 422 | the same submission id was signed by the same key with different content | no |
//!
//! The receipt is `{"submission_id", "received_at", "jws_sha256"}`.
//!
//! Every request is verified before any idempotency answer, and a submission is
//! claimed by its id together with its signer's key thumbprint (see
//! [`crate::store`]): knowing a submission id is not enough to block, replace or learn
//! anything about the genuine submission.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use candor_core::jws::sha256_hex;
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::serve::ClientAddress;
use crate::store::{Outcome, Record};
use crate::verify::{Refusal, verify};

/// The request body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Submission {
    jws: String,
    summary: serde_json::Value,
}

/// An error answer: `{"error": code, "message": text}` (every API endpoint's).
pub(crate) fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    let body = json!({ "error": code, "message": message.into() });
    with_api_headers((status, axum::Json(body)).into_response())
}

fn with_api_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    crate::common_headers(headers);
    response
}

/// The idempotency key: a structured-field string (`"…"`); a bare token is accepted.
fn idempotency_key(headers: &HeaderMap) -> Option<String> {
    let mut values = headers.get_all("idempotency-key").iter();
    let (Some(value), None) = (values.next(), values.next()) else {
        return None;
    };
    let text = value.to_str().ok()?.trim();
    let key = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text);
    (!key.is_empty()).then(|| key.to_owned())
}

/// The bearer token of an `Authorization` header (an invite's token).
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// The handler: the work (parsing, ECDSA verification, the database) runs on the
/// blocking pool, so the async threads only move bytes and verification uses both
/// cores.
pub async fn submit(
    State(app): State<Arc<AppState>>,
    address: Option<Extension<ClientAddress>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    tokio::task::spawn_blocking(move || received(&app, address, &headers, &body))
        .await
        .unwrap_or_else(|_| storage_error())
}

/// What [`submit`] answers.
fn received(
    app: &AppState,
    address: Option<Extension<ClientAddress>>,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let Some(key) = idempotency_key(headers) else {
        return error(
            StatusCode::BAD_REQUEST,
            "idempotency_key",
            "send exactly one Idempotency-Key header: the submission id",
        );
    };
    let submission: Submission = match serde_json::from_slice(body) {
        Ok(s) => s,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                "request_form",
                format!(
                    "the body is not {{\"jws\", \"summary\"}}: {}",
                    candor_core::canonical::describe_without_values(&e)
                ),
            );
        }
    };
    let checked = match check(app, &key, headers, &submission) {
        Ok(checked) => checked,
        Err((status, refusal)) => return error(status, refusal.code, refusal.message),
    };
    let kiosk = match kiosk_of(app, &checked) {
        Ok(kiosk) => kiosk,
        Err((status, refusal)) => return error(status, refusal.code, refusal.message),
    };
    // An enrolled kiosk is the clinic's own device: it needs no invite and is not
    // held to the allowance of anonymous devices.
    let invited = checked.summary.invite.is_some() || kiosk.is_some();
    if app.config.require_invite && !invited {
        return error(
            StatusCode::FORBIDDEN,
            "invite_required",
            "this clinic accepts forms only from invited visits or its own kiosks; ask the front desk for a link",
        );
    }
    let jws = submission.jws.trim();
    let fingerprint = sha256_hex(jws.as_bytes());
    let kid = checked.kid.as_str();
    let known = |outcome| match outcome {
        Outcome::DifferentPayload => Some(error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency_conflict",
            "this submission id was already signed by the same key with different content",
        )),
        Outcome::InProgress => Some(error(
            StatusCode::CONFLICT,
            "in_progress",
            "this submission is being processed; try again shortly",
        )),
        Outcome::Replay { status, body } => {
            let mut response = replay(status, body);
            response
                .headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            Some(response)
        }
        Outcome::Stored => None,
    };
    // A new uninvited submission takes from its key's and its address's allowance. A
    // retry of a stored one costs nothing: the store answers it (in the transaction
    // that would have stored it: no read before), and what was taken is given back;
    // with the allowance spent, a retry is still answered.
    let from = address.map(|Extension(ClientAddress(ip))| ip);
    let limited = !invited;
    if limited && let Err(seconds) = app.limiter.take(kid, from, std::time::Instant::now()) {
        match app.store.earlier(&key, kid, &fingerprint) {
            Err(_) => return storage_error(),
            Ok(Some(outcome)) => {
                if let Some(answer) = known(outcome) {
                    return answer;
                }
            }
            Ok(None) => {}
        }
        let mut response = error(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many forms from this device or network; the form will try again by itself",
        );
        if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return response;
    }
    let received_at = crate::now_rfc3339();
    let receipt =
        json!({ "submission_id": key, "received_at": received_at, "jws_sha256": fingerprint })
            .to_string();
    let record = Record {
        id: &key,
        jws,
        payload: &checked.payload,
        kid,
        summary: &checked.summary,
        received_at: &received_at,
        kiosk: kiosk.as_deref(),
    };
    let row = record.row(&fingerprint, 201, &receipt);
    // Stored exactly once, even when the same submission arrives at the same moment
    // here or at another receiver sharing the database: then one stores it and the
    // other answers with its receipt (or 409 while it is being stored).
    let outcome = app.store.store(row, crate::now_unix_ms());
    if limited && !matches!(outcome, Ok(Outcome::Stored)) {
        app.limiter.give_back(kid, from);
    }
    match outcome {
        Err(_) => storage_error(),
        Ok(outcome) => {
            if outcome == Outcome::Stored {
                app.store.announce();
            }
            known(outcome).unwrap_or_else(|| replay(201, receipt))
        }
    }
}

/// The kiosk that signed a submission, by its enrolled name: a summary that says it
/// comes from a kiosk must be signed by an enrolled device key, and no revoked
/// device's key is accepted at all. `None` for a patient's own device.
fn kiosk_of(
    app: &AppState,
    checked: &crate::verify::Verified,
) -> Result<Option<String>, (StatusCode, Refusal)> {
    use crate::store::kiosks::Device;
    let refuse = |status, code, message: &str| {
        Err((
            status,
            Refusal {
                code,
                message: message.to_owned(),
            },
        ))
    };
    let Ok(device) = app.store.device(&checked.kid) else {
        return refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage",
            "the submission could not be stored right now; try again shortly",
        );
    };
    match (device, &checked.summary.kiosk) {
        (Some(Device::Enrolled(name)), _) => Ok(Some(name)),
        (Some(Device::Revoked(_)), _) => refuse(
            StatusCode::FORBIDDEN,
            "kiosk_revoked",
            "this tablet was revoked by the clinic, so its forms are not accepted; staff: give the patient paper forms, and enrol the tablet again if it is back in the clinic's hands",
        ),
        (None, Some(_)) => refuse(
            StatusCode::FORBIDDEN,
            "kiosk_unknown",
            "this tablet is not enrolled with the clinic, so its forms are not accepted; staff: enrol it (candor-receiver kiosk enrol)",
        ),
        (None, None) => Ok(None),
    }
}

/// The storage failed: the sender should retry. Nothing about the database is told.
fn storage_error() -> Response {
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        "storage",
        "the submission could not be stored right now; try again shortly",
    )
}

fn replay(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED);
    with_api_headers((status, [(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Everything that must hold before a submission may be claimed: a valid signature
/// (strict JWS, ECDSA P-256), the idempotency key equal to the signed submission id,
/// the readable summary equal to the signed one, and the invite's token and key.
fn check(
    app: &AppState,
    key: &str,
    headers: &HeaderMap,
    submission: &Submission,
) -> Result<crate::verify::Verified, (StatusCode, Refusal)> {
    let bad = |code, message: &str| {
        (
            StatusCode::BAD_REQUEST,
            Refusal {
                code,
                message: message.to_owned(),
            },
        )
    };
    let verified = verify(submission.jws.trim()).map_err(|r| (StatusCode::BAD_REQUEST, r))?;
    if verified.summary.submission_id != key {
        return Err(bad(
            "idempotency_key",
            "the Idempotency-Key must equal the summary's submission_id",
        ));
    }
    let payload: serde_json::Value = serde_json::from_str(&verified.payload)
        .map_err(|_| bad("summary_form", "unreadable payload"))?;
    if payload != submission.summary {
        return Err(bad(
            "summary_mismatch",
            "the readable summary differs from the signed one",
        ));
    }
    check_invite(app, headers, &verified.summary.invite, &verified.kid)?;
    Ok(verified)
}

/// An invited visit must come with its token, name the invite the token belongs to,
/// and be signed with the key first used with that invite.
fn check_invite(
    app: &AppState,
    headers: &HeaderMap,
    named: &Option<String>,
    kid: &str,
) -> Result<(), (StatusCode, Refusal)> {
    let refuse = |status, code, message: &str| {
        (
            status,
            Refusal {
                code,
                message: message.to_owned(),
            },
        )
    };
    let token = bearer(headers);
    let (named, token) = match (named, token) {
        (None, None) => return Ok(()),
        (Some(_), None) => {
            return Err(refuse(
                StatusCode::UNAUTHORIZED,
                "invite_token",
                "an invited visit must send its invite token",
            ));
        }
        (None, Some(_)) => {
            return Err(refuse(
                StatusCode::BAD_REQUEST,
                "invite_unnamed",
                "the summary does not name the invite its token belongs to",
            ));
        }
        (Some(n), Some(t)) => (n, t),
    };
    let storage = |_: crate::store::Error| {
        refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage",
            "the invite could not be checked right now; try again shortly",
        )
    };
    let invite = app
        .store
        .invite_by_token(&crate::invite::token_sha256(token))
        .map_err(storage)?;
    match invite {
        Some(invite) if &invite.id == named => {
            if app.store.bind_invite(&invite.id, kid).map_err(storage)? {
                Ok(())
            } else {
                Err(refuse(
                    StatusCode::FORBIDDEN,
                    "invite_bound",
                    "this invite was already used with another signing key",
                ))
            }
        }
        _ => Err(refuse(
            StatusCode::UNAUTHORIZED,
            "invite_token",
            "the invite token is not valid for the invite the summary names",
        )),
    }
}
