//! `/api/check-ins/current`: a patient's check-in after a treatment, opened by the
//! token of the link the check-in's message carried (`#check-in=<token>`, sent as
//! `Authorization: Bearer <token>`; no health data in any address).
//!
//! | request | answer |
//! |---|---|
//! | `GET` | 200 `{treatment, day, language, completed}` |
//! | `POST {report, photo?}` | 200 `{check_in, urgency, received_at}` (the same again for the same answers); 400 `report` with each member's JSON path, or `photo`; 409 `already_sent` with other answers; 413 above [`MAX_CHECK_IN_BYTES`] |
//! | any, without a known token | 401 `check_in_token` |
//!
//! `report` is the core's [`CheckInReport`]; `photo`, when the patient added one, a
//! JPEG in base64 (the browser resized it and re-encoded it, which drops its
//! metadata; the receiver removes any left).

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use candor_core::check_in::CheckInReport;
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::service::check_in_reports::{self, Alerts, ReceiveError};
use crate::service::{ServiceError, blocking};
use crate::submit::{bearer, error};

/// The largest request: a photo of at most 2 MB in base64, and the report.
pub const MAX_CHECK_IN_BYTES: usize = 3 * 1024 * 1024;

/// What the widget sends.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sent {
    report: CheckInReport,
    #[serde(default)]
    photo: Option<String>,
}

fn refused(e: &ServiceError) -> Response {
    match e {
        ServiceError::NotFound(_) => error(
            StatusCode::UNAUTHORIZED,
            "check_in_token",
            "this check-in link is not known (a newer message may have replaced it)",
        ),
        ServiceError::Invalid(field, message) => error(StatusCode::BAD_REQUEST, field, *message),
        _ => error(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage",
            "the check-in could not be taken right now; try again shortly",
        ),
    }
}

/// `GET /api/check-ins/current`.
pub async fn current(State(app): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let Some(token) = bearer(&headers).map(str::to_owned) else {
        return refused(&ServiceError::NotFound("check-in"));
    };
    blocking(move || match check_in_reports::open(&app.store, &token) {
        Ok(opened) => Json(opened).into_response(),
        Err(e) => refused(&e),
    })
    .await
}

/// `POST /api/check-ins/current`.
pub async fn send(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let Some(token) = bearer(&headers).map(str::to_owned) else {
        return refused(&ServiceError::NotFound("check-in"));
    };
    let sent: Sent = match serde_json::from_slice(&body) {
        Ok(sent) => sent,
        // serde's message may quote what was typed: only where it failed is said.
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                "report",
                format!(
                    "the check-in does not read as a report (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            );
        }
    };
    let photo = match sent
        .photo
        .as_deref()
        .map(|p| base64::engine::general_purpose::STANDARD.decode(p.trim()))
    {
        None => None,
        Some(Ok(bytes)) => Some(bytes),
        Some(Err(_)) => {
            return error(StatusCode::BAD_REQUEST, "photo", "the photo is not base64");
        }
    };
    blocking(move || {
        let profile = match app.profile() {
            Ok(profile) => profile,
            Err(e) => return refused(&e),
        };
        let alerts = Alerts {
            on_call: app.config.on_call_email.is_some(),
        };
        match check_in_reports::receive(
            &app.store,
            &token,
            &sent.report,
            photo.as_deref(),
            &profile,
            alerts,
        ) {
            Ok(received) => Json(received).into_response(),
            Err(ReceiveError::Refused(e)) => refused(&e),
            Err(ReceiveError::Report(paths)) => (
                StatusCode::BAD_REQUEST,
                Json(json!({
                    "error": "report",
                    "message": "the check-in does not match what the clinic asks",
                    "problems": paths,
                })),
            )
                .into_response(),
            Err(ReceiveError::Photo(problem)) => {
                let status = match problem {
                    crate::domain::jpeg::PhotoProblem::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                    crate::domain::jpeg::PhotoProblem::NotJpeg => StatusCode::BAD_REQUEST,
                };
                error(status, "photo", problem.words())
            }
            Err(ReceiveError::AlreadySent) => error(
                StatusCode::CONFLICT,
                "already_sent",
                "this check-in was already sent; call the clinic to add anything",
            ),
        }
    })
    .await
}
