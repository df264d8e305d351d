//! An appointment's invitation from the day's board (the front desk and up): send it
//! again, revoke it, or hand a link over at the desk with its QR code
//! ([`crate::service::invitations`]).
//!
//! | request | answer |
//! |---|---|
//! | `POST /console/api/appointments/{id}/resend` | `204`; earlier links stop opening and a new message is queued |
//! | `POST /console/api/appointments/{id}/revoke` | `204`; every link stops opening |
//! | `POST /console/api/appointments/{id}/desk-link` | `200 {"link", "svg"}`, shown once |
//!
//! Each needs a session and the console's own origin; an unknown appointment is `404`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::member::{Member, SameOrigin, refusal};
use crate::AppState;
use crate::service::{blocking, invitations};

/// `204` for an action done, or the service's refusal.
pub(super) fn done(result: Result<(), crate::service::ServiceError>) -> Response {
    match result {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => refusal(e),
    }
}

/// `POST /console/api/appointments/{id}/resend`.
pub async fn resend(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Member(session): Member,
    Path(id): Path<String>,
) -> Response {
    blocking(move || done(invitations::resend(&app.store, Some(&session.staff), &id))).await
}

/// `POST /console/api/appointments/{id}/revoke`.
pub async fn revoke(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Member(session): Member,
    Path(id): Path<String>,
) -> Response {
    blocking(move || done(invitations::revoke(&app.store, Some(&session.staff), &id))).await
}

/// `POST /console/api/appointments/{id}/desk-link`.
pub async fn desk_link(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Member(session): Member,
    Path(id): Path<String>,
) -> Response {
    blocking(move || {
        let public_url = app.config.public_url();
        match invitations::desk_link(&app.store, Some(&session.staff), &id, &public_url) {
            Ok(link) => (
                [(
                    axum::http::header::CACHE_CONTROL,
                    axum::http::HeaderValue::from_static("no-store"),
                )],
                Json(link),
            )
                .into_response(),
            Err(e) => refusal(e),
        }
    })
    .await
}
