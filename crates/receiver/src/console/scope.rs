//! Scope of practice in the console ([`crate::service::scope`]): the medical director
//! records a member's licence and grants or withdraws exceptions (on the Staff page);
//! a provider marks a visit treated from the day's board.
//!
//! | request | answer |
//! |---|---|
//! | `POST /console/api/staff/{id}/licence {credential, number, expires, booked_as}` | `204` |
//! | `POST /console/api/scope-exceptions {member, treatment, until, reason}` | `201 {"exception"}` |
//! | `POST /console/api/scope-exceptions/{id}/withdraw` | `204` |
//! | `POST /console/api/appointments/{id}/treated {used}` | `204`, or `400` code `scope` with each reason, or code `fields` with each problem of what was used |
//!
//! Each needs a session and the console's own origin; a wrong field is `400` naming it.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::invitation::done;
use super::member::{Member, SameOrigin, refusal};
use crate::AppState;
use crate::domain::scope::LicenceDraft;
use crate::domain::treatment_use::TreatmentUse;
use crate::service::blocking;
use crate::service::scope::{self, ExceptionDraft, TreatError};

/// A licence as the Staff page sends it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenceForm {
    credential: String,
    number: String,
    expires: String,
    #[serde(default)]
    booked_as: Vec<String>,
}

/// `POST /console/api/staff/{id}/licence`.
pub async fn licence(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Member(session): Member,
    Path(id): Path<String>,
    Json(body): Json<LicenceForm>,
) -> Response {
    let draft = LicenceDraft {
        credential: body.credential,
        number: body.number,
        expires: body.expires,
        booked_as: body.booked_as,
    };
    blocking(move || {
        done(scope::record_licence(
            &app.store,
            Some(&session.staff),
            &id,
            &draft,
        ))
    })
    .await
}

/// An exception as the Staff page sends it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExceptionForm {
    member: String,
    treatment: String,
    until: String,
    reason: String,
}

/// `POST /console/api/scope-exceptions`.
pub async fn grant(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Member(session): Member,
    Json(body): Json<ExceptionForm>,
) -> Response {
    blocking(move || {
        let clinic = match app.clinic() {
            Ok(clinic) => clinic,
            Err(e) => return refusal(e),
        };
        let draft = ExceptionDraft {
            member: body.member,
            treatment: body.treatment,
            until: body.until,
            reason: body.reason,
        };
        match scope::record_exception(&app.store, Some(&session.staff), &draft, &clinic) {
            Ok(id) => (StatusCode::CREATED, Json(json!({ "exception": id }))).into_response(),
            Err(e) => refusal(e),
        }
    })
    .await
}

/// `POST /console/api/scope-exceptions/{id}/withdraw`.
pub async fn withdraw(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Member(session): Member,
    Path(id): Path<String>,
) -> Response {
    blocking(move || {
        done(scope::withdraw_exception(
            &app.store,
            Some(&session.staff),
            &id,
        ))
    })
    .await
}

/// What Mark treated sends: what was used for each treatment (may be empty).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreatedForm {
    #[serde(default)]
    used: Vec<TreatmentUse>,
}

/// `POST /console/api/appointments/{id}/treated {used: [{treatment, product, lot,
/// device, settings}]}`.
pub async fn treated(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Member(session): Member,
    Path(id): Path<String>,
    Json(form): Json<TreatedForm>,
) -> Response {
    blocking(move || {
        let clinic = match app.clinic() {
            Ok(clinic) => clinic,
            Err(e) => return refusal(e),
        };
        let day_ms = app.config.check_in_day_ms;
        match scope::mark_treated(&app.store, &session.staff, &id, &clinic, form.used, day_ms) {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(TreatError::Used(problems)) => (
                StatusCode::BAD_REQUEST,
                Json(json!({
                    "code": "fields",
                    "message": "Not marked treated: correct what was used.",
                    "problems": problems
                        .iter()
                        .map(|(field, message)| json!({ "field": field, "message": message }))
                        .collect::<Vec<_>>(),
                })),
            )
                .into_response(),
            Err(TreatError::Scope(reasons)) => super::booking::out_of_scope(
                "Not marked treated: you are outside the protocol's scope of practice for this visit.",
                &reasons,
            ),
            Err(TreatError::Refused(e)) => refusal(e),
        }
    })
    .await
}
