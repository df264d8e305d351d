//! The incident pages ([`crate::service::incidents`]) for providers and the medical
//! director: `/console/incidents` the list (those not signed off first, with state and
//! grade), `/console/incidents/new` and `/console/incidents/{id}` the form with every
//! field (labels, fieldsets for the reporting choices, each field's problem tied to
//! it by `aria-describedby`), the state buttons and the director's sign-off. The form
//! posts as the console's others do (`console.js`, JSON to `incident_api`). The front
//! desk gets a page saying incidents are for providers.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};

use super::pages::{ProviderPage, bar, layout};
use super::session;
use crate::AppState;
use crate::domain::incident::{Fields, GRADES, Reporting, State as Standing, grade_words};
use crate::domain::roles::{Permission, allowed};
use crate::service::appointments::Clinic;
use crate::service::incidents::{self, Incident};
use crate::service::{ServiceError, blocking};
use crate::store::staff::{Session, Staff};

/// The treatment's name (its id when the clinic does not offer it, or none recorded).
pub(super) fn treatment_name<'a>(clinic: Option<&'a Clinic>, id: &'a str) -> &'a str {
    clinic
        .and_then(|c| {
            c.treatments
                .iter()
                .position(|t| t == id)
                .and_then(|i| c.names.get(i))
        })
        .map_or(id, String::as_str)
}

/// `n` incidents, in words (`1 incident`, `2 incidents`).
pub(super) fn how_many(n: usize) -> String {
    if n == 1 {
        "1 incident".to_owned()
    } else {
        format!("{n} incidents")
    }
}

/// A page that says what went wrong, with its status.
pub(super) fn refused_page(staff: &Staff, e: ServiceError) -> Response {
    let (status, heading) = match e {
        ServiceError::NotFound(_) => (StatusCode::NOT_FOUND, "No such incident"),
        ServiceError::Forbidden(_) => (StatusCode::FORBIDDEN, "This is for the medical director"),
        ServiceError::Invalid(..) => (StatusCode::BAD_REQUEST, "That cannot be shown"),
        ServiceError::Storage => return session::refused(session::NoSession::Storage),
    };
    let body = layout(
        heading,
        html! {
            (bar(staff))
            main id="main" class="narrow" {
                h1 { (heading) }
                p { a href="/console/incidents" { "Back to the incidents" } }
            }
        },
    );
    (status, Html(body.into_string())).into_response()
}

/// `GET /console/incidents`.
pub async fn list(
    State(app): State<Arc<AppState>>,
    ProviderPage(session): ProviderPage,
) -> Response {
    blocking(move || list_page(&app, &session)).await
}

fn list_page(app: &AppState, session: &Session) -> Response {
    let staff = &session.staff;
    let all = match incidents::list(&app.store, staff) {
        Ok(all) => all,
        Err(e) => return refused_page(staff, e),
    };
    let clinic = app.clinic().ok();
    let director = allowed(staff.role, Permission::ReviewIncidents).is_ok();
    let waiting = all.iter().filter(|i| i.signed_off_at.is_none()).count();
    let body = layout(
        "Incidents",
        html! {
            (bar(staff))
            main id="main" data-page="incidents" {
                h1 { "Incidents" }
                p { "Adverse events after a treatment, recorded by providers and reviewed by the medical director. Those not yet signed off come first, then the most recent onset." }
                p {
                    a href="/console/incidents/new" { "Record an incident" }
                    @if director {
                        " · " a href="/console/incidents/patterns" { "Patterns: counts over 30 and 90 days" }
                        " · " a href="/console/incidents.csv" download="incidents.csv" { "Export every incident (CSV)" }
                    }
                }
                table {
                    caption { (how_many(all.len())) ", " (waiting) " not signed off" }
                    thead {
                        tr {
                            th scope="col" { "Onset" }
                            th scope="col" { "Patient" }
                            th scope="col" { "Treatment" }
                            th scope="col" { "Product and lot" }
                            th scope="col" { "Provider" }
                            th scope="col" { "Grade" }
                            th scope="col" { "State" }
                            th scope="col" { "Signed off" }
                        }
                    }
                    tbody {
                        @if all.is_empty() {
                            tr { td colspan="8" { "No incidents recorded." } }
                        }
                        @for i in &all {
                            @let f = &i.fields;
                            tr {
                                td { a href={ "/console/incidents/" (i.id) } { (f.onset_date) " " (f.onset_time.get(..5).unwrap_or_default()) } }
                                td { (f.patient) }
                                td { (treatment_name(clinic.as_ref(), &f.treatment)) }
                                td { (f.product) @if !f.lot.is_empty() { " (lot " (f.lot) ")" } }
                                td { (f.provider) }
                                td { (grade_words(f.grade)) }
                                td { (i.state.words()) }
                                td {
                                    @match (&i.signed_off_by, &i.signed_off_at) {
                                        (Some(by), Some(at)) => { (by) ", " (at.get(..10).unwrap_or(at)) }
                                        _ => { strong { "Not yet" } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    );
    Html(body.into_string()).into_response()
}

/// `GET /console/incidents/new`.
pub async fn new(
    State(app): State<Arc<AppState>>,
    ProviderPage(session): ProviderPage,
) -> Response {
    blocking(move || {
        if let Err(role) = allowed(session.staff.role, Permission::RecordIncidents) {
            return refused_page(&session.staff, ServiceError::Forbidden(role));
        }
        let clinic = app.clinic().ok();
        form_page(&session.staff, None, clinic.as_ref())
    })
    .await
}

/// `GET /console/incidents/{id}`.
pub async fn one(
    State(app): State<Arc<AppState>>,
    ProviderPage(session): ProviderPage,
    Path(id): Path<String>,
) -> Response {
    blocking(
        move || match incidents::get(&app.store, &session.staff, &id) {
            Ok(incident) => {
                let clinic = app.clinic().ok();
                form_page(&session.staff, Some(&incident), clinic.as_ref())
            }
            Err(e) => refused_page(&session.staff, e),
        },
    )
    .await
}

/// A labelled one-line input with its problem's place.
fn line(
    field: &str,
    label: &str,
    kind: &str,
    value: &str,
    required: bool,
    hint: Option<&str>,
) -> Markup {
    let id = format!("incident-{field}");
    let error = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = if hint.is_some() {
        format!("{hint_id} {error}")
    } else {
        error.clone()
    };
    html! {
        p class="field" {
            label for=(id) { (label) @if required { " (required)" } }
            br;
            @if let Some(hint) = hint { span class="source" id=(hint_id) { (hint) } br; }
            input id=(id) name=(field) type=(kind) value=(value) maxlength="200" autocomplete="off"
                required[required] aria-describedby=(described);
            br;
            span class="field-error warn" id=(error) {}
        }
    }
}

/// A labelled text area with its problem's place.
fn text(field: &str, label: &str, value: &str, required: bool) -> Markup {
    let id = format!("incident-{field}");
    let error = format!("{id}-error");
    html! {
        p class="field" {
            label for=(id) { (label) @if required { " (required)" } }
            br;
            textarea id=(id) name=(field) rows="4" maxlength="4000" required[required] aria-describedby=(error) { (value) }
            br;
            span class="field-error warn" id=(error) {}
        }
    }
}

/// The reporting choice `field` (with its filing day) as a fieldset of radios.
fn reporting(field: &str, legend: &str, day_label: &str, choice: Reporting, day: &str) -> Markup {
    let error = format!("incident-{field}-error");
    let day_field = format!("{field}_filed_on");
    html! {
        fieldset id={ "incident-" (field) } aria-describedby=(error) {
            legend id={ "incident-" (field) "-legend" } { (legend) }
            @for option in [Reporting::NotConsidered, Reporting::Considered, Reporting::Filed] {
                label class="choice" {
                    input type="radio" name=(field) value=(option.as_str()) checked[choice == option];
                    " " (option.words())
                }
            }
            span class="field-error warn" id=(error) {}
            (line(&day_field, day_label, "date", day, false, Some("Only when filed.")))
        }
    }
}

fn form_page(staff: &Staff, incident: Option<&Incident>, clinic: Option<&Clinic>) -> Response {
    let empty = Fields::default();
    let f = incident.map_or(&empty, |i| &i.fields);
    let title = if incident.is_some() {
        "Incident"
    } else {
        "Record an incident"
    };
    let closed = incident.is_some_and(|i| i.state == Standing::Closed);
    let director = allowed(staff.role, Permission::ReviewIncidents).is_ok();
    let time = f.onset_time.get(..5).unwrap_or_default();
    let body = layout(
        title,
        html! {
            (bar(staff))
            main id="main" data-page="incident" data-incident=[incident.map(|i| i.id.as_str())] {
                p { a href="/console/incidents" { "← Back to the incidents" } }
                h1 { (title) }
                @if let Some(i) = incident {
                    dl {
                        dt { "State" } dd id="incident-state" { (i.state.words()) }
                        dt { "Grade" } dd { (grade_words(i.fields.grade)) }
                        dt { "Signed off" }
                        dd {
                            @match (&i.signed_off_by, &i.signed_off_at) {
                                (Some(by), Some(at)) => { "By " (by) " on " (at) }
                                _ => { "Not yet" }
                            }
                        }
                        dt { "Recorded" } dd { (i.created_at) @if let Some(by) = &i.recorded_by { " by " (by) } @else { " from a check-in" } }
                        @if let Some(a) = &i.appointment_id { dt { "Appointment" } dd { code { (a) } } }
                        @if let Some(s) = &i.submission_id { dt { "Submission" } dd { code { (s) } } }
                        @if let Some(c) = &i.checkin_id { dt { "Check-in" } dd { code { (c) } } }
                    }
                    section aria-labelledby="h-steps" {
                        h2 id="h-steps" { "Review" }
                        p class="filters" {
                            @if i.state == Standing::Open { button type="button" data-step="review" { "Hand to the medical director" } }
                            @if director && i.state == Standing::UnderReview && i.signed_off_at.is_none() {
                                button type="button" data-step="sign_off" { "Sign off as medical director" }
                            }
                            @if director && i.state == Standing::UnderReview { button type="button" data-step="close" { "Close" } }
                            @if director && i.state == Standing::Closed { button type="button" data-step="reopen" { "Reopen for review" } }
                            a href={ "/console/incidents/" (i.id) "/fhir" } { "FHIR AdverseEvent (JSON)" }
                        }
                        @if !director { p { "The medical director signs off, closes and reopens an incident. Closing needs a grade and the sign-off." } }
                        @else { p { "Closing needs a grade and your sign-off. A reopened incident is signed off again." } }
                        p id="step-status" role="status" aria-live="polite" {}
                    }
                }
                p { "Record what happened as it happened; a change is logged (which fields, by whom, when). Health details are sealed at rest." }
                form id="incident-form" novalidate {
                    fieldset disabled[closed] {
                        legend { "The incident" }
                        h2 { "Who" }
                        (line("patient", "Patient's name", "text", &f.patient, true, None))
                        (line("provider", "Provider who performed the treatment", "text", &f.provider, true, None))
                        (line("provider_role", "Their role or credential", "text", &f.provider_role, false, Some("Such as registered nurse, nurse practitioner, physician.")))
                        h2 { "When" }
                        (line("treatment_date", "Day of the treatment", "date", &f.treatment_date, false, None))
                        (line("onset_date", "Day it began", "date", &f.onset_date, true, None))
                        (line("onset_time", "Time it began", "time", time, false, Some("In the clinic's time, if known.")))
                        h2 { "Treatment" }
                        p class="field" {
                            label for="incident-treatment" { "Treatment" }
                            br;
                            select id="incident-treatment" name="treatment" aria-describedby="incident-treatment-error" {
                                option value="" { "Not recorded" }
                                @if let Some(c) = clinic {
                                    @for (id, name) in c.treatments.iter().zip(&c.names) {
                                        option value=(id) selected[*id == f.treatment] { (name) }
                                    }
                                }
                                @if !f.treatment.is_empty() && !clinic.is_some_and(|c| c.treatments.contains(&f.treatment)) {
                                    option value=(f.treatment) selected { (f.treatment) }
                                }
                            }
                            br;
                            span class="field-error warn" id="incident-treatment-error" {}
                        }
                        (line("product", "Product", "text", &f.product, false, None))
                        (line("lot", "Lot number", "text", &f.lot, false, None))
                        (text("device", "Device and settings", &f.device, false))
                        h2 { "What happened" }
                        (text("description", "Description", &f.description, true))
                        p class="field" {
                            label for="incident-grade" { "Grade (CTCAE-style)" }
                            br;
                            select id="incident-grade" name="grade" aria-describedby="incident-grade-error" {
                                option value="" { "Not graded yet" }
                                @for (n, words) in GRADES {
                                    option value=(n) selected[f.grade == Some(n)] { (words) }
                                }
                            }
                            br;
                            span class="field-error warn" id="incident-grade-error" {}
                        }
                        (text("actions", "Actions taken", &f.actions, false))
                        (text("outcome", "Outcome", &f.outcome, false))
                        @if incident.is_none() {
                            h2 { "Links" }
                            (line("appointment_id", "Appointment id", "text", "", false, Some("If it followed a booked appointment (apt-…).")))
                            (line("submission_id", "Submission id", "text", "", false, Some("If it concerns a patient's submitted forms.")))
                        }
                        h2 { "Reporting" }
                        p { "Candor files nothing: record what was decided and done." }
                        (reporting("manufacturer", "Reported to the manufacturer", "Day filed with the manufacturer", f.manufacturer, &f.manufacturer_filed_on))
                        (reporting("regulator", "Reported to the regulator (such as FDA MedWatch)", "Day filed with the regulator", f.regulator, &f.regulator_filed_on))
                        button type="submit" id="incident-save" { @if incident.is_some() { "Save changes" } @else { "Record the incident" } }
                    }
                }
                p id="incident-status" role="status" aria-live="polite" {}
                ul id="incident-problems" {}
            }
        },
    );
    Html(body.into_string()).into_response()
}
