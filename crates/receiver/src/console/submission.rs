//! One submission, for providers and the medical director: the patient's details and
//! treatments, the verification result, the findings with their texts and sources,
//! every answer by section (in the patient's language, or the clinic's), the consent
//! decisions with document version and hash, the signatures drawn from their strokes,
//! the audit trails, the patient record it is linked to or may be (`patients`), and
//! the review: what was done, and what this member may do now.
//! Printable as a chart copy.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use candor_core::risk::Severity;
use candor_core::summary::{SignatureMethod, Summary};
use candor_core::{ClinicProfile, Lang};
use maud::{Markup, html};
use serde::Deserialize;

use super::answers;
use super::member::refusal;
use super::pages::{ProviderPage, bar, layout};
use crate::AppState;
use crate::domain::record::RecordKey;
use crate::domain::review::{DECISIONS, ReviewState};
use crate::domain::roles::{Permission, allowed};
use crate::service::records::{Chart, chart};
use crate::service::{ServiceError, blocking};
use crate::store::staff::{Session, Staff};

/// `?in=clinic` shows the answers in the clinic's language.
#[derive(Deserialize, Default)]
pub struct Language {
    #[serde(default, rename = "in")]
    shown_in: Option<String>,
}

/// `GET /console/submission/{id}/{kid}`: the chart of one record.
pub async fn page(
    State(app): State<Arc<AppState>>,
    Path((id, kid)): Path<(String, String)>,
    Query(language): Query<Language>,
    ProviderPage(session): ProviderPage,
) -> Response {
    let Some(key) = RecordKey::new(&id, &kid) else {
        return (
            StatusCode::NOT_FOUND,
            Html(not_found(&session.staff).into_string()),
        )
            .into_response();
    };
    blocking(move || render(&app, &session, &key, &language)).await
}

fn render(app: &AppState, session: &Session, key: &RecordKey, language: &Language) -> Response {
    let patient = crate::service::patients::panel(&app.store, &session.staff, key);
    let chart = match chart(&app.store, key) {
        Ok(chart) => chart,
        Err(ServiceError::NotFound(_)) => {
            return (
                StatusCode::NOT_FOUND,
                Html(not_found(&session.staff).into_string()),
            )
                .into_response();
        }
        Err(e) => return refusal(e),
    };
    // The exact version the visit ran under, when the receiver served it; otherwise a
    // profile it knows by the clinic's id.
    let versioned = chart
        .profile_text
        .as_deref()
        .and_then(|text| ClinicProfile::read_unchecked(text).ok());
    let profile = versioned.as_ref().or_else(|| {
        app.console
            .as_ref()
            .and_then(|c| c.profile(&chart.summary.clinic.id))
    });
    let lang = match (language.shown_in.as_deref(), profile) {
        (Some("clinic"), Some(p)) => p.default_language(),
        _ => chart.summary.language,
    };
    let body = layout(
        "Submission",
        html! {
            (bar(&session.staff))
            main id="main" data-page="submission" data-id=(chart.key.id) data-kid=(chart.key.kid) {
                p class="no-print" { a href="/console" { "← Back to the submissions" } }
                h1 { (chart.summary.answers.details.legal_name.trim()) }
                @if !chart.others.is_empty() {
                    div id="collision" class="warn-box" role="note" {
                        p { strong { "Another key signed a record under this submission id." } " Each record is kept and reviewed on its own; compare them before relying on either." }
                        ul { @for other in &chart.others { li { a href=(format!("/console/submission/{}", other.path())) { "The record signed by " code { (other.kid) } } } } }
                    }
                }
                p class="no-print actions" {
                    button type="button" id="print" { "Print chart copy" }
                    " "
                    @if lang == chart.summary.language {
                        @if profile.is_some_and(|p| p.default_language() != lang) {
                            a href=(format!("/console/submission/{}?in=clinic", chart.key.path())) { "Show the answers in the clinic's language" }
                        }
                    } @else {
                        a href=(format!("/console/submission/{}", chart.key.path())) { "Show the answers as the patient read them" }
                    }
                }
                (details(&chart))
                (super::patients::panel(&session.staff, &patient))
                (verification(&chart))
                (findings(&chart.summary, lang))
                (answers_part(profile, &chart.summary, lang))
                (consents(&chart.summary))
                (signatures(&chart.summary))
                (review_part(&session.staff, &chart))
                (trail(&chart.summary))
            }
        },
    );
    Html(body.into_string()).into_response()
}

fn not_found(staff: &Staff) -> Markup {
    layout(
        "Not found",
        html! {
            (bar(staff))
            main id="main" class="narrow" {
                h1 { "No such submission" }
                p { a href="/console" { "Back to the submissions" } }
            }
        },
    )
}

fn details(chart: &Chart) -> Markup {
    let d = &chart.summary.answers.details;
    let dob = [
        d.date_of_birth.year.trim(),
        d.date_of_birth.month.trim(),
        d.date_of_birth.day.trim(),
    ]
    .join("-");
    html! {
        section aria-labelledby="h-details" {
            h2 id="h-details" { "Patient" }
            dl {
                dt { "Legal name" } dd { (d.legal_name) }
                @if !d.preferred_name.trim().is_empty() { dt { "Preferred name" } dd { (d.preferred_name) } }
                dt { "Date of birth" } dd { (dob) }
                dt { "Mobile" } dd { (d.mobile_phone) }
                @if !d.email.trim().is_empty() { dt { "Email" } dd { (d.email) } }
                dt { "Emergency contact" } dd { (d.emergency_name) " (" (d.emergency_relationship) "), " (d.emergency_phone) }
                dt { "Treatments" } dd { (chart.summary.answers.treatments.join(", ")) }
                dt { "Language" } dd { (chart.summary.language.code()) }
                dt { "Received" } dd { time datetime=(chart.stored.received_at) { (chart.stored.received_at) } }
            }
        }
    }
}

fn verification(chart: &Chart) -> Markup {
    html! {
        section aria-labelledby="h-verification" {
            h2 id="h-verification" { "Verification" }
            dl {
                dt { "Signature" }
                dd { @if chart.signature_ok { "Verifies (ES256, the summary as signed)" } @else { strong class="warn" { "Does not verify: do not rely on this copy; ask the patient to submit again" } } }
                dt { "Signing key thumbprint" } dd { code { (chart.key.kid) } }
                dt { "Receipt (SHA-256 of the JWS)" } dd { code { (candor_core::jws::sha256_hex(chart.stored.jws.as_bytes())) } }
                dt { "From" }
                dd {
                    @if let Some(kiosk) = &chart.stored.kiosk {
                        "Kiosk: " (kiosk)
                        @if chart.kiosk_revoked { " " strong class="warn" { "(this kiosk was revoked since)" } }
                    } @else if let Some(invite) = &chart.summary.invite {
                        "Invitation " code { (invite) }
                    } @else { "The patient's own device, without an invitation" }
                }
                @if let Some(a) = &chart.appointment {
                    dt { "Appointment" }
                    dd {
                        time datetime=(a.booked.start) { (a.booked.start.replacen('T', " ", 1)) }
                        " with " (a.booked.provider) ", booked for " (a.booked.treatments.join(", "))
                        @if !a.booked.external_id.is_empty() { " (" (a.source) " " (a.booked.external_id) ")" }
                    }
                }
                dt { "Clinic profile" } dd { (chart.summary.clinic.id) ", version " (chart.summary.clinic.profile_version) }
                dt { "Profile version (SHA-256)" }
                dd {
                    @if let Some(hash) = &chart.summary.clinic.profile_sha256 {
                        a href=(format!("/console/protocol/{hash}")) { code { (hash) } }
                    } @else { "not recorded (a widget from before versioned profiles)" }
                }
                dt { "Approval of that version" }
                dd id="profile-standing" {
                    @if chart.standing.flagged() { strong class="warn" { (chart.standing.words()) } }
                    @else { (chart.standing.words()) }
                }
                @if let Some(p) = &chart.summary.protocol { dt { "Protocol" } dd { "version " (p.version) } }
            }
        }
    }
}

fn severity_words(s: Severity) -> &'static str {
    match s {
        Severity::Stop => "Stop",
        Severity::Review => "Review",
        Severity::Caution => "Caution",
        Severity::Info => "Info",
    }
}

fn findings(summary: &Summary, lang: Lang) -> Markup {
    let mut findings: Vec<_> = summary.findings.iter().collect();
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    html! {
        section aria-labelledby="h-findings" {
            h2 id="h-findings" { "Findings (" (findings.len()) ")" }
            @if findings.is_empty() { p { "No finding." } }
            @for f in findings {
                article class="finding" {
                    h3 { strong class=(format!("sev-{}", severity_words(f.severity).to_lowercase())) { (severity_words(f.severity)) } " · " (f.treatment) }
                    p { b { "For the provider: " } (f.provider.as_ref()) }
                    p { b { "The patient read: " } (f.patient.get(lang)) }
                    p class="source" { "Source: " (f.source.as_ref()) }
                }
            }
        }
    }
}

fn answers_part(profile: Option<&ClinicProfile>, summary: &Summary, lang: Lang) -> Markup {
    let sections = answers::by_section(profile, &summary.answers.values, lang);
    html! {
        section aria-labelledby="h-answers" lang=(lang.code()) {
            h2 id="h-answers" { "Answers" }
            @for s in &sections {
                h3 { (s.title) }
                dl {
                    @for (question, lines) in &s.answers {
                        dt { (question) }
                        dd { @for (i, line) in lines.iter().enumerate() { @if i > 0 { br; } (line) } }
                    }
                }
            }
        }
    }
}

fn consents(summary: &Summary) -> Markup {
    let d = &summary.disclosure;
    html! {
        section aria-labelledby="h-consents" {
            h2 id="h-consents" { "Consents" }
            table {
                caption { "Each document as the patient read it: its version and the SHA-256 of its text" }
                thead { tr { th scope="col" { "Document" } th scope="col" { "Decision" } th scope="col" { "When" } th scope="col" { "Version and hash" } } }
                tbody {
                    tr { td { (d.document) } td { "Accepted" } td { (d.accepted_at) } td { (d.version) br; code { (d.sha256) } } }
                    @for c in &summary.consents {
                        tr {
                            td { (c.document) @if let Some(t) = &c.treatment { " (" (t) ")" } }
                            td { (serde_json::to_value(c.decision).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default().replace('_', " ")) }
                            td { (c.decided_at) }
                            td { (c.version) br; code { (c.sha256) } }
                        }
                    }
                }
            }
        }
    }
}

/// A drawn signature redrawn from its strokes (hundredths of a pixel) as SVG paths.
fn drawing(width: u32, height: u32, strokes: &[candor_core::summary::Stroke]) -> Markup {
    let paths: Vec<String> = strokes
        .iter()
        .filter(|s| !s.points.is_empty())
        .map(|s| {
            s.points
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    format!(
                        "{}{:.1},{:.1}",
                        if i == 0 { "M" } else { "L" },
                        f64::from(p.x) / 100.0,
                        f64::from(p.y) / 100.0
                    )
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    html! {
        svg class="signature" viewBox=(format!("0 0 {width} {height}")) role="img" aria-label="The signature as drawn" {
            @for d in &paths { path d=(d) fill="none" stroke="#111" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" {} }
        }
    }
}

fn signatures(summary: &Summary) -> Markup {
    html! {
        section aria-labelledby="h-signatures" {
            h2 id="h-signatures" { "Signatures" }
            @for (i, s) in summary.signatures.iter().enumerate() {
                article class="signature-event" {
                    h3 { "Signature " (i + 1) ": " (s.printed_name) }
                    p { (s.meaning) }
                    p { "Signed " (s.signed_at) }
                    @match &s.method {
                        SignatureMethod::Drawn { width, height, strokes } => (drawing(*width, *height, strokes)),
                        SignatureMethod::Typed { text } => p { "Typed and adopted as the signature: " b { (text) } },
                    }
                }
            }
        }
    }
}

fn review_part(staff: &Staff, chart: &Chart) -> Markup {
    let stop = chart
        .summary
        .findings
        .iter()
        .any(|f| f.severity == Severity::Stop);
    let (state, events, names) = (&chart.review, &chart.events, &chart.staff_names);
    let can_decide =
        allowed(staff.role, Permission::Decide).is_ok() && *state == ReviewState::Escalated;
    html! {
        section aria-labelledby="h-review" class="no-print-controls" {
            h2 id="h-review" { "Review" }
            p id="review-state" { b { (state.words()) } @if stop && events.is_empty() { " (it has a stop finding)" } }
            @if matches!(state, ReviewState::ToReview | ReviewState::Reviewed) {
                form id="review-form" class="no-print" {
                    label for="review-note" { "Note (optional)" }
                    textarea id="review-note" rows="3" maxlength="2000" {}
                    p {
                        button type="button" id="mark-reviewed" { "Mark reviewed" }
                        " "
                        button type="button" id="escalate" class="secondary" { "Escalate to the medical director" }
                    }
                }
            }
            @if can_decide {
                form id="decision-form" class="no-print" {
                    fieldset {
                        legend { "Your decision" }
                        @for (id, words) in DECISIONS {
                            div { input type="radio" name="decision" id=(format!("decision-{id}")) value=(id); label for=(format!("decision-{id}")) { (words) } }
                        }
                    }
                    label for="decision-reason" { "Reason (required)" }
                    textarea id="decision-reason" rows="3" maxlength="2000" required {}
                    p { button type="button" id="record-decision" { "Record the decision" } }
                }
            } @else if *state == ReviewState::Escalated {
                p { "Waiting for the medical director's decision." }
            }
            p id="review-status" role="status" aria-live="polite" {}
            h3 { "What was done" }
            @if events.is_empty() { p { "Nothing yet." } }
            ol id="console-log" {
                @for e in events {
                    li {
                        time datetime=(e.at) { (e.at) } " · "
                        (e.staff_id.as_ref().and_then(|id| names.get(id)).map_or("command line", String::as_str))
                        @if let Some(role) = &e.role { " (" (role.replace('_', " ")) ")" }
                        " · " (e.action.replace('_', " "))
                        @if let Some(detail) = detail_words(e.detail.as_deref()) { ": " (detail) }
                    }
                }
            }
            p class="no-print" { a href=(format!("/console/audit.csv?submission={}&kid={}", chart.key.id, chart.key.kid)) download { "Export this audit log (CSV)" } }
        }
    }
}

/// An event's note, or decision and reason, in words.
fn detail_words(detail: Option<&str>) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(detail?).ok()?;
    if let Some(patient) = value["patient"].as_str() {
        return Some(format!("patient record {patient}"));
    }
    let decision = value["decision"]
        .as_str()
        .map(crate::domain::review::decision_words);
    let text = value["reason"]
        .as_str()
        .or(value["note"].as_str())
        .unwrap_or("");
    match (decision, text.is_empty()) {
        (Some(d), true) => Some(d.to_owned()),
        (Some(d), false) => Some(format!("{d}, because {text}")),
        (None, false) => Some(text.to_owned()),
        (None, true) => None,
    }
}

fn trail(summary: &Summary) -> Markup {
    html! {
        section aria-labelledby="h-trail" {
            h2 id="h-trail" { "The visit's audit trail" }
            ol {
                @for e in &summary.audit {
                    li {
                        time datetime=(e.at) { (e.at) } " · "
                        (serde_json::to_value(e.event).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default().replace('_', " "))
                        @if let Some(s) = &e.subject { ": " (s) }
                    }
                }
            }
        }
    }
}
