//! The incident endpoints ([`crate::service::incidents`]):
//!
//! | request | answer |
//! |---|---|
//! | `POST /console/api/incidents {patient, provider, …}` | `201 {"incident"}`, or `400` code `fields` with every problem by field |
//! | `PUT /console/api/incidents/{id} {…}` | `204`, or the same `400` |
//! | `POST /console/api/incidents/{id}/step {action}` (`review`, `sign_off`, `close`, `reopen`) | `200 {"state"}` |
//! | `GET /console/incidents.csv` | every incident as CSV (the director) |
//! | `GET /console/incidents/{id}/fhir` | its FHIR R4 `AdverseEvent` |
//!
//! A change needs a session and the console's own origin; the front desk is refused
//! (`403`), and so is a provider signing off, closing, reopening or exporting.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::member::{Member, SameOrigin, refusal};
use crate::AppState;
use crate::domain::incident::{Action, Draft};
use crate::service::blocking;
use crate::service::incidents::{self, IncidentError, Links};

/// An incident as the form sends it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentForm {
    patient: String,
    provider: String,
    #[serde(default)]
    provider_role: String,
    #[serde(default)]
    treatment_date: String,
    onset_date: String,
    #[serde(default)]
    onset_time: String,
    #[serde(default)]
    treatment: String,
    #[serde(default)]
    product: String,
    #[serde(default)]
    lot: String,
    #[serde(default)]
    device: String,
    description: String,
    #[serde(default)]
    grade: String,
    #[serde(default)]
    actions: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    manufacturer: String,
    #[serde(default)]
    manufacturer_filed_on: String,
    #[serde(default)]
    regulator: String,
    #[serde(default)]
    regulator_filed_on: String,
    #[serde(default)]
    appointment_id: Option<String>,
    #[serde(default)]
    submission_id: Option<String>,
}

impl IncidentForm {
    fn draft(self) -> (Draft, Links) {
        let links = Links {
            appointment_id: self.appointment_id.filter(|a| !a.is_empty()),
            submission_id: self.submission_id.filter(|s| !s.is_empty()),
            checkin_id: None,
        };
        let draft = Draft {
            patient: self.patient,
            provider: self.provider,
            provider_role: self.provider_role,
            treatment_date: self.treatment_date,
            onset_date: self.onset_date,
            onset_time: self.onset_time,
            treatment: self.treatment,
            product: self.product,
            lot: self.lot,
            device: self.device,
            description: self.description,
            grade: self.grade,
            actions: self.actions,
            outcome: self.outcome,
            manufacturer: self.manufacturer,
            manufacturer_filed_on: self.manufacturer_filed_on,
            regulator: self.regulator,
            regulator_filed_on: self.regulator_filed_on,
        };
        (draft, links)
    }
}

/// The clinic's treatment ids (none when the profile does not read: not checked).
fn treatments(app: &AppState) -> Vec<String> {
    app.clinic().map(|c| c.treatments).unwrap_or_default()
}

/// The answer to a refused record or change: every problem by field.
fn refused(what: &str, e: IncidentError) -> Response {
    match e {
        IncidentError::Fields(problems) => {
            let problems: Vec<_> = problems
                .iter()
                .map(|p| json!({ "field": p.field, "message": p.message }))
                .collect();
            (
                StatusCode::BAD_REQUEST,
                Json(json!({
                    "code": "fields",
                    "message": format!("{what}: correct these fields."),
                    "problems": problems,
                })),
            )
                .into_response()
        }
        IncidentError::Refused(e) => refusal(e),
    }
}

/// `POST /console/api/incidents`.
pub async fn create(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Member(session): Member,
    Json(body): Json<IncidentForm>,
) -> Response {
    blocking(move || {
        let (draft, links) = body.draft();
        match incidents::create(
            &app.store,
            &session.staff,
            &draft,
            &links,
            &treatments(&app),
        ) {
            Ok(id) => (StatusCode::CREATED, Json(json!({ "incident": id }))).into_response(),
            Err(e) => refused("Nothing was recorded", e),
        }
    })
    .await
}

/// `PUT /console/api/incidents/{id}`.
pub async fn change(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Member(session): Member,
    Path(id): Path<String>,
    Json(body): Json<IncidentForm>,
) -> Response {
    blocking(move || {
        let (draft, _) = body.draft();
        match incidents::update(&app.store, &session.staff, &id, &draft, &treatments(&app)) {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(e) => refused("Nothing was changed", e),
        }
    })
    .await
}

/// What a state button sends.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepForm {
    action: String,
}

/// `POST /console/api/incidents/{id}/step`.
pub async fn step(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Member(session): Member,
    Path(id): Path<String>,
    Json(body): Json<StepForm>,
) -> Response {
    let Some(action) = Action::parse(&body.action).filter(|a| *a != Action::Edit) else {
        return refusal(crate::service::ServiceError::Invalid(
            "action",
            "one of review, sign_off, close, reopen",
        ));
    };
    blocking(
        move || match incidents::act(&app.store, &session.staff, &id, action) {
            Ok(state) => Json(json!({ "state": state.as_str() })).into_response(),
            Err(e) => refusal(e),
        },
    )
    .await
}

/// `GET /console/incidents.csv`.
pub async fn csv(State(app): State<Arc<AppState>>, Member(session): Member) -> Response {
    blocking(
        move || match incidents::export_csv(&app.store, &session.staff) {
            Ok(csv) => (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                    (
                        header::CONTENT_DISPOSITION,
                        "attachment; filename=\"incidents.csv\"",
                    ),
                ],
                csv,
            )
                .into_response(),
            Err(e) => refusal(e),
        },
    )
    .await
}

/// `GET /console/incidents/{id}/fhir`.
pub async fn fhir(
    State(app): State<Arc<AppState>>,
    Member(session): Member,
    Path(id): Path<String>,
) -> Response {
    blocking(move || {
        let names: Vec<(String, String)> = app
            .clinic()
            .map(|c| c.treatments.into_iter().zip(c.names).collect())
            .unwrap_or_default();
        match incidents::fhir(&app.store, &session.staff, &id, &names) {
            Ok(event) => (
                [(header::CONTENT_TYPE, "application/fhir+json")],
                event.to_string(),
            )
                .into_response(),
            Err(e) => refusal(e),
        }
    })
    .await
}
