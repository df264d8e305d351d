//! The day's appointments for the whole team (the front desk and up): by time, with
//! the patient, the provider and the treatments booked; another day by date; and a
//! booking system's export imported from the page (all or nothing, its problems by
//! row and column).

use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::html;
use serde::Deserialize;
use serde_json::json;

use super::member::{Member, SameOrigin, refusal};
use super::pages::{bar, layout};
use crate::AppState;
use crate::domain::booking_csv::Mapping;
use crate::service::appointments::{self, Clinic, ImportError};
use crate::service::{ServiceError, blocking};
use crate::store::staff::Session;

/// `?day=YYYY-MM-DD` (default: today, UTC).
#[derive(Deserialize)]
pub struct DayQuery {
    day: Option<String>,
}

/// `GET /console/today`.
pub async fn page(
    State(app): State<Arc<AppState>>,
    Query(q): Query<DayQuery>,
    Member(session): Member,
) -> Response {
    blocking(move || day_page(&app, &session, q.day)).await
}

/// The clinic the patients are served: its treatments and first language.
fn clinic(app: &AppState) -> Result<Clinic, ServiceError> {
    let served = app.protocols.served(&app.store).map_err(|e| {
        eprintln!("candor-receiver: the clinic profile: {e}");
        ServiceError::Storage
    })?;
    let profile = candor_core::profile::ClinicProfile::from_json(&served.version.text)
        .map_err(|_| ServiceError::Invalid("profile", "the clinic profile does not read"))?;
    Ok(Clinic::of(&profile))
}

fn day_page(app: &AppState, session: &Session, day: Option<String>) -> Response {
    let day = day.unwrap_or_else(|| crate::now_rfc3339()[..10].to_owned());
    let listed = match appointments::day(&app.store, Some(&session.staff), &day) {
        Ok(listed) => listed,
        Err(e) => return refusal(e),
    };
    let body = layout(
        "Appointments",
        html! {
            (bar(&session.staff))
            main id="main" data-page="today" {
                p { a href="/console" { "← Back to the submissions" } }
                h1 { "Appointments" }
                form class="filters" method="get" action="/console/today" {
                    label for="day" { "Day" }
                    input id="day" name="day" type="date" value=(day) required;
                    button type="submit" { "Show" }
                }
                table {
                    caption { "Appointments on " (day) ", by time" }
                    thead { tr {
                        th scope="col" { "Time" }
                        th scope="col" { "Patient" }
                        th scope="col" { "Provider" }
                        th scope="col" { "Treatments" }
                        th scope="col" { "Status" }
                        th scope="col" { "Invitation" }
                        th scope="col" { "Forms" }
                    } }
                    tbody {
                        @if listed.is_empty() {
                            tr { td colspan="7" { "No appointments on this day." } }
                        }
                        @for listed in &listed {
                            @let a = &listed.appointment.booked;
                            tr {
                                td { time datetime=(a.start) { (a.start.get(11..16).unwrap_or(&a.start)) } }
                                td { (a.contact.name) }
                                td { (a.provider) }
                                td { (a.treatments.join(", ")) }
                                td { (listed.appointment.status) }
                                td { (listed.invitation_words()) }
                                td { (listed.form_words(session.staff.role)) }
                            }
                        }
                    }
                }
                section aria-labelledby="h-import" {
                    h2 id="h-import" { "Import a booking system's export" }
                    p { "A CSV file with a header row. Every row is checked first: if any has a problem, nothing is imported and each problem is listed by row and column. Importing the same export again adds nothing." }
                    div class="filters" {
                        label for="import-source" { "Booking system" }
                        input id="import-source" type="text" maxlength="40" autocomplete="off" placeholder="boulevard";
                        label for="import-file" { "CSV file" }
                        input id="import-file" type="file" accept=".csv,text/csv";
                        button type="button" id="import" { "Import" }
                    }
                    p id="import-status" role="status" aria-live="polite" {}
                    ul id="import-problems" {}
                }
            }
        },
    );
    Html(body.into_string()).into_response()
}

/// What the page sends: the booking system's name and the file's text.
#[derive(Deserialize)]
pub struct Import {
    source: String,
    csv: String,
    #[serde(default)]
    mapping: Mapping,
}

/// `POST /console/api/appointments/import {source, csv, mapping?}`: the counts, or
/// `400` with every problem by row and column.
pub async fn import(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Member(session): Member,
    Json(body): Json<Import>,
) -> Response {
    blocking(move || {
        let clinic = match clinic(&app) {
            Ok(clinic) => clinic,
            Err(e) => return refusal(e),
        };
        match appointments::import(&app.store, Some(&session.staff), body.source.trim(), &body.csv, &body.mapping, &clinic) {
            Ok(report) => Json(report).into_response(),
            Err(ImportError::Rows(problems)) => (
                StatusCode::BAD_REQUEST,
                Json(json!({
                    "code": "rows",
                    "message": "Nothing was imported: correct these rows and import the file again.",
                    "problems": problems,
                })),
            )
                .into_response(),
            Err(ImportError::Refused(e)) => refusal(e),
        }
    })
    .await
}
