//! `POST /console/api/appointments`: an appointment booked from the day's board (the
//! front desk and up), `{start, provider, treatments, name, email, mobile, language}`
//! with the start in RFC 3339 with its offset (the page adds the browser's). Answers
//! `201 {"appointment"}`, or `400` with every problem by field, never the value
//! ([`crate::service::booking`]). `POST /console/api/appointments/{id}/cancel`
//! cancels one (`204`; its invitation revoked with it). `GET` and `PUT
//! /console/api/appointments/{id}` read one for the form and change it (`204`, or the
//! same `400`s). A provider outside the protocol's scope of practice is a `400` with
//! code `scope` and each reason under the field `provider`.

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
use crate::service::booking::{BookError, book, cancel, details, edit};

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
        let clinic = match app.clinic() {
            Ok(clinic) => clinic,
            Err(e) => return refusal(e),
        };
        let draft = body.draft();
        match book(&app.store, Some(&session.staff), &draft, &clinic) {
            Ok(id) => (StatusCode::CREATED, Json(json!({ "appointment": id }))).into_response(),
            Err(e) => refused("Nothing was booked", e),
        }
    })
    .await
}

impl Booking {
    fn draft(self) -> Draft {
        Draft {
            external_id: String::new(),
            start: self.start,
            provider: self.provider,
            treatments: self.treatments,
            name: self.name,
            email: self.email,
            mobile: self.mobile,
            language: self.language,
        }
    }
}

/// The answer to a booking or a change that was refused: every problem by field.
fn refused(what: &str, e: BookError) -> Response {
    let (code, message, problems) = match e {
        BookError::Fields(problems) => (
            "fields",
            format!("{what}: correct these fields."),
            problems
                .iter()
                .map(|p| json!({ "field": p.field, "message": p.message }))
                .collect::<Vec<_>>(),
        ),
        BookError::Scope(reasons) => {
            return out_of_scope(
                &format!("{what}: the provider is outside the protocol's scope of practice."),
                &reasons,
            );
        }
        BookError::Refused(e) => return refusal(e),
    };
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "code": code, "message": message, "problems": problems })),
    )
        .into_response()
}

/// A refusal by the scope of practice: `400 {"code": "scope", "message", "problems"}`,
/// each reason at the provider field (a booking, a change or Mark treated).
pub(super) fn out_of_scope(message: &str, reasons: &[String]) -> Response {
    let problems: Vec<_> = reasons
        .iter()
        .map(|r| json!({ "field": "provider", "message": r }))
        .collect();
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "code": "scope", "message": message, "problems": problems })),
    )
        .into_response()
}

/// `GET /console/api/appointments/{id}`: what the booking form shows to change it
/// (the start as the clinic's local date and time, without its offset).
pub async fn one(
    State(app): State<Arc<AppState>>,
    Member(session): Member,
    Path(id): Path<String>,
) -> Response {
    blocking(
        move || match details(&app.store, Some(&session.staff), &id) {
            Ok(a) => {
                let b = &a.booked;
                Json(json!({
                    "start": b.start.get(..16).unwrap_or_default(),
                    "provider": b.provider,
                    "treatments": b.treatments,
                    "name": b.contact.name,
                    "email": b.contact.email.clone().unwrap_or_default(),
                    "mobile": b.contact.mobile.clone().unwrap_or_default(),
                    "language": b.language,
                }))
                .into_response()
            }
            Err(e) => refusal(e),
        },
    )
    .await
}

/// `PUT /console/api/appointments/{id}`.
pub async fn change(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Member(session): Member,
    Path(id): Path<String>,
    Json(body): Json<Booking>,
) -> Response {
    blocking(move || {
        let clinic = match app.clinic() {
            Ok(clinic) => clinic,
            Err(e) => return refusal(e),
        };
        match edit(
            &app.store,
            Some(&session.staff),
            &id,
            &body.draft(),
            &clinic,
        ) {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(e) => refused("Nothing was changed", e),
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
