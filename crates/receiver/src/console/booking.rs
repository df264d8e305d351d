//! `POST /console/api/appointments`: an appointment booked from the day's board (the
//! front desk and up), `{start, provider, treatments, name, email, mobile, language}`
//! with the start in RFC 3339 with its offset (the page adds the browser's). Answers
//! `201 {"appointment"}`, or `400` with every problem by field, never the value
//! ([`crate::service::booking`]). `POST /console/api/appointments/{id}/cancel`
//! cancels one (`204`; its invitation revoked with it).

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::member::{Member, SameOrigin, refusal};
use crate::AppState;
use crate::domain::appointment::Draft;
use crate::service::blocking;
use crate::service::booking::{BookError, book, cancel};

/// What the page sends.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Booking {
    start: String,
    provider: String,
    #[serde(default)]
    treatments: Vec<String>,
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    mobile: String,
    #[serde(default)]
    language: String,
}

/// `POST /console/api/appointments`.
pub async fn create(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Member(session): Member,
    Json(body): Json<Booking>,
) -> Response {
    blocking(move || {
        let clinic = match super::today::clinic(&app) {
            Ok(clinic) => clinic,
            Err(e) => return refusal(e),
        };
        let draft = Draft {
            external_id: String::new(),
            start: body.start,
            provider: body.provider,
            treatments: body.treatments,
            name: body.name,
            email: body.email,
            mobile: body.mobile,
            language: body.language,
        };
        match book(&app.store, Some(&session.staff), &draft, &clinic) {
            Ok(id) => (StatusCode::CREATED, Json(json!({ "appointment": id }))).into_response(),
            Err(BookError::Fields(problems)) => (
                StatusCode::BAD_REQUEST,
                Json(json!({
                    "code": "fields",
                    "message": "Nothing was booked: correct these fields.",
                    "problems": problems
                        .iter()
                        .map(|p| json!({ "field": p.field, "message": p.message }))
                        .collect::<Vec<_>>(),
                })),
            )
                .into_response(),
            Err(BookError::Refused(e)) => refusal(e),
        }
    })
    .await
}

/// `POST /console/api/appointments/{id}/cancel`.
pub async fn cancel_one(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Member(session): Member,
    Path(id): Path<String>,
) -> Response {
    blocking(move || super::invitation::done(cancel(&app.store, Some(&session.staff), &id))).await
}
