//! Patients as records across visits: the Patient panel on a visit's chart (the
//! record it is linked to, or the records it may be, with why, and the buttons that
//! link it or make a record from it; the receiver never links on its own), the
//! endpoint those buttons call, and a patient's chart: what changed and the accepted
//! record first (`super::patient_record`), then the visits as a timeline, newest
//! first. Addresses carry only the record's opaque id, never a name.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use candor_core::risk::Severity;
use maud::{Markup, html};
use serde::Deserialize;

use super::member::{Provider, SameOrigin, refusal};
use super::pages::{ProviderPage, bar, layout};
use crate::AppState;
use crate::domain::record::RecordKey;
use crate::domain::roles::{Permission, allowed};
use crate::service::patients::{self, Chart, Panel, Suggestion, TimelineVisit};
use crate::service::{ServiceError, blocking};
use crate::store::staff::{Session, Staff};

/// What a Patient panel's button asks.
#[derive(Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Act {
    /// Link the visit to this record.
    Link {
        /// The record's id.
        patient: String,
    },
    /// Make a new record from the visit, and link it.
    New,
    /// Unlink the visit from its record.
    Unlink,
}

/// `POST /console/api/submissions/{id}/{kid}/patient`: links, makes or unlinks, as
/// the member's role allows; `{"patient": id}` (the record linked or unlinked).
pub async fn act(
    State(app): State<Arc<AppState>>,
    Path((id, kid)): Path<(String, String)>,
    _: SameOrigin,
    Provider(session): Provider,
    Json(act): Json<Act>,
) -> Response {
    let Some(key) = RecordKey::new(&id, &kid) else {
        return refusal(ServiceError::NotFound("record"));
    };
    let done = blocking(move || {
        let (store, staff) = (&app.store, &session.staff);
        match act {
            Act::Link { patient } => patients::link(store, staff, &key, &patient).map(|()| patient),
            Act::New => patients::create_from(store, staff, &key),
            Act::Unlink => patients::unlink(store, staff, &key),
        }
    })
    .await;
    match done {
        Ok(patient) => Json(serde_json::json!({ "patient": patient })).into_response(),
        Err(e) => refusal(e),
    }
}

fn chart_href(id: &str) -> String {
    format!("/console/patients/{id}")
}

/// The Patient panel of a visit's chart (its answer from `service::patients::panel`;
/// a failure says so without failing the chart).
pub fn panel(staff: &Staff, answer: &Result<Panel, ServiceError>) -> Markup {
    let may_link = allowed(staff.role, Permission::LinkPatients).is_ok();
    html! {
        section id="patient-record" aria-labelledby="h-patient-record" {
            h2 id="h-patient-record" { "Patient record" }
            @match answer {
                Ok(Panel::Linked(p)) => {
                    p id="patient-linked" {
                        "This visit is linked to "
                        a href=(chart_href(&p.id)) { (p.legal_name) }
                        ", born " (p.date_of_birth) "."
                    }
                    @if may_link {
                        p class="no-print" {
                            button type="button" class="secondary" id="unlink-patient" { "Unlink from this patient" }
                        }
                    }
                }
                Ok(Panel::Unlinked(suggestions)) => {
                    p { "This visit is not linked to a patient record. Nothing is linked automatically: compare the name and date of birth before linking." }
                    @if suggestions.is_empty() {
                        p id="no-suggestions" { "No patient record has this date of birth." }
                    } @else {
                        (suggestion_table(suggestions, may_link))
                    }
                    @if may_link {
                        p class="no-print" {
                            button type="button" class="secondary" id="new-patient" { "New patient record from this submission" }
                        }
                    }
                }
                Err(_) => p class="warn" { "The patient records could not be read; reload the page to try again." },
            }
            p id="patient-status" role="status" aria-live="polite" {}
        }
    }
}

fn suggestion_table(suggestions: &[Suggestion], may_link: bool) -> Markup {
    html! {
        table id="patient-suggestions" {
            caption { "Patient records this visit may be" }
            thead {
                tr {
                    th scope="col" { "Patient" }
                    th scope="col" { "Date of birth" }
                    th scope="col" { "Why suggested" }
                    th scope="col" { "Visits" }
                    th scope="col" { "Last visit" }
                    @if may_link { th scope="col" { span class="visually-hidden" { "Action" } } }
                }
            }
            tbody {
                @for (i, s) in suggestions.iter().enumerate() {
                    tr {
                        th scope="row" id=(format!("suggested-{i}")) { a href=(chart_href(&s.patient.id)) { (s.patient.legal_name) } }
                        td { (s.patient.date_of_birth) }
                        td { (s.why.words()) }
                        td { (s.visits) }
                        td { @if let Some(at) = &s.last_visit { time datetime=(at) { (date_of(at)) } } @else { "None" } }
                        @if may_link {
                            td class="actions" {
                                button type="button" data-link-patient=(s.patient.id) aria-describedby=(format!("suggested-{i}")) { "Link to this patient" }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The day of an RFC 3339 time (`2027-03-12` of `2027-03-12T10:42:00Z`).
fn date_of(at: &str) -> &str {
    at.get(..10).unwrap_or(at)
}

/// `GET /console/patients/{id}`: a patient's chart, the visits as a timeline.
pub async fn page(
    State(app): State<Arc<AppState>>,
    Path(id): Path<String>,
    ProviderPage(session): ProviderPage,
) -> Response {
    blocking(move || render(&app, &session, &id)).await
}

fn render(app: &AppState, session: &Session, id: &str) -> Response {
    match patients::chart(&app.store, &session.staff, id) {
        Ok(chart) => {
            let profile = app.profile().ok();
            let record = crate::service::patient_record::record(
                &app.store,
                &session.staff,
                id,
                profile.as_ref(),
            );
            let lead = super::patient_record::sections(&session.staff, id, &record);
            Html(chart_page(&session.staff, &chart, &lead).into_string()).into_response()
        }
        Err(ServiceError::NotFound(_)) => (
            StatusCode::NOT_FOUND,
            Html(not_found(&session.staff).into_string()),
        )
            .into_response(),
        Err(e) => refusal(e),
    }
}

fn not_found(staff: &Staff) -> Markup {
    layout(
        "Not found",
        html! {
            (bar(staff))
            main id="main" class="narrow" {
                h1 { "No such patient record" }
                p { a href="/console" { "Back to the submissions" } }
            }
        },
    )
}

fn chart_page(staff: &Staff, chart: &Chart, lead: &Markup) -> Markup {
    let p = &chart.patient;
    layout(
        "Patient record",
        html! {
            (bar(staff))
            main id="main" data-page="patient" {
                p class="no-print" { a href="/console" { "← Back to the submissions" } }
                h1 { (p.legal_name) }
                (lead)
                dl id="patient-details" {
                    dt { "Date of birth" } dd { (p.date_of_birth) }
                    dt { "Record made" } dd { time datetime=(p.created_at) { (date_of(&p.created_at)) } }
                    dt { "Visits linked" } dd { (chart.visits.len()) }
                }
                section aria-labelledby="h-visits" {
                    h2 id="h-visits" { "Visits, newest first" }
                    @if chart.visits.is_empty() {
                        p { "No visit is linked to this record." }
                    } @else {
                        ol id="timeline" class="timeline" {
                            @for (i, v) in chart.visits.iter().enumerate() { (visit(i, v)) }
                        }
                    }
                }
            }
        },
    )
}

fn severity_words(s: Severity) -> &'static str {
    match s {
        Severity::Stop => "stop",
        Severity::Review => "review",
        Severity::Caution => "caution",
        Severity::Info => "info",
    }
}

fn decision_words(decision: &str) -> &'static str {
    match decision {
        "consented" => "Consented",
        "questions_first" => "Questions first",
        "declined" => "Declined",
        _ => "Unknown",
    }
}

fn visit(i: usize, v: &TimelineVisit) -> Markup {
    html! {
        li {
            article aria-labelledby=(format!("visit-{i}")) {
                h3 id=(format!("visit-{i}")) {
                    a href=(format!("/console/submission/{}", v.key.path())) {
                        time datetime=(v.received_at) { (date_of(&v.received_at)) }
                    }
                }
                dl {
                    dt { "Treatments" } dd { (v.treatments.join(", ")) }
                    dt { "Findings" }
                    dd {
                        @if v.findings.is_empty() { "None" }
                        @for (i, (severity, n)) in v.findings.iter().enumerate() {
                            @if i > 0 { ", " }
                            strong class=(format!("sev-{}", severity_words(*severity))) { (n) " " (severity_words(*severity)) }
                        }
                    }
                    dt { "Consents" }
                    dd {
                        @if v.consents.is_empty() { "None recorded" }
                        @else {
                            ul {
                                @for (document, treatment, decision) in &v.consents {
                                    li {
                                        (document) @if let Some(t) = treatment { " (" (t) ")" } ": " (decision_words(decision))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
