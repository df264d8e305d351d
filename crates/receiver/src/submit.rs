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
//! | 409 | the same key is being processed right now | yes, later |
//! | 422 | the same key was used with a different JWS | no |
//!
//! The receipt is `{"submission_id", "received_at", "jws_sha256"}`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use candor_core::jws::sha256_hex;
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::store::{Begin, Record};
use crate::verify::{Refusal, verify};

/// The request body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Submission {
    jws: String,
    summary: serde_json::Value,
}

/// An error answer: `{"error": code, "message": text}`.
fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
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

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// The handler.
pub async fn submit(State(app): State<Arc<AppState>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(key) = idempotency_key(&headers) else {
        return error(
            StatusCode::BAD_REQUEST,
            "idempotency_key",
            "send exactly one Idempotency-Key header: the submission id",
        );
    };
    let submission: Submission = match serde_json::from_slice(&body) {
        Ok(s) => s,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                "request_form",
                format!("the body is not {{\"jws\", \"summary\"}}: {e}"),
            );
        }
    };
    let fingerprint = sha256_hex(submission.jws.trim().as_bytes());
    match app.store.begin(&key, &fingerprint, crate::now_unix_ms()) {
        Err(e) => return error(StatusCode::SERVICE_UNAVAILABLE, "storage", e.to_string()),
        Ok(Begin::DifferentPayload) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_conflict",
                "this submission id was already used with different content",
            );
        }
        Ok(Begin::InProgress) => {
            return error(
                StatusCode::CONFLICT,
                "in_progress",
                "this submission is being processed; try again shortly",
            );
        }
        Ok(Begin::Replay { status, body }) => {
            let mut response = replay(status, body);
            response
                .headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            return response;
        }
        Ok(Begin::Fresh) => {}
    }
    let outcome = accept(&app, &key, &headers, &submission);
    if outcome.is_err() {
        let _ = app.store.abandon(&key);
    }
    match outcome {
        Ok(response) => response,
        Err((status, refusal)) => error(status, refusal.code, refusal.message),
    }
}

fn replay(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED);
    with_api_headers((status, [(header::CONTENT_TYPE, "application/json")], body).into_response())
}

fn accept(
    app: &AppState,
    key: &str,
    headers: &HeaderMap,
    submission: &Submission,
) -> Result<Response, (StatusCode, Refusal)> {
    let bad = |code, message: &str| {
        (
            StatusCode::BAD_REQUEST,
            Refusal {
                code,
                message: message.to_owned(),
            },
        )
    };
    let jws = submission.jws.trim();
    let verified = verify(jws).map_err(|r| (StatusCode::BAD_REQUEST, r))?;
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
    let received_at = crate::now_rfc3339();
    let receipt = json!({ "submission_id": key, "received_at": received_at, "jws_sha256": sha256_hex(jws.as_bytes()) }).to_string();
    let record = Record {
        id: key,
        jws,
        payload: &verified.payload,
        kid: &verified.kid,
        summary: &verified.summary,
        received_at: &received_at,
    };
    app.store.complete(&record, 201, &receipt).map_err(|e| {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Refusal {
                code: "storage",
                message: e.to_string(),
            },
        )
    })?;
    Ok(replay(201, receipt))
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
    let storage =
        |e: rusqlite::Error| refuse(StatusCode::SERVICE_UNAVAILABLE, "storage", &e.to_string());
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
