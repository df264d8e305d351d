//! `/api/v1/appointments`: a booking system creates, lists, reads and cancels
//! appointments (the `appointments` scope). Handlers parse and render; what is done is
//! [`crate::service::api`].

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::Request;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::body::{answered, json, posted, unreadable};
use super::caller::Key;
use super::problem::{KeyRefusals, Problem};
use crate::AppState;
use crate::domain::appointment::Draft;
use crate::domain::message::{Channel, Kind};
use crate::service::api::{self, After, Seen};
use crate::service::blocking;

/// The patient an appointment is for: an email, a mobile number, or both.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Patient {
    /// Their name.
    #[schema(example = "Rosa Delgado")]
    pub name: String,
    /// Their email (the invitation goes here when there is one).
    #[serde(default)]
    #[schema(example = "rosa@example.org")]
    pub email: Option<String>,
    /// Their mobile number with its country code (text messages when there is no email).
    #[serde(default)]
    #[schema(example = "+15552718281")]
    pub mobile: Option<String>,
}

/// An appointment to create.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAppointment {
    /// The booking system's name (lower-case letters, digits, `-` and `_`, at most 40):
    /// with `external_id`, what an appointment is kept once under, shared with that
    /// system's CSV exports. Default `api`.
    #[serde(default)]
    #[schema(example = "boulevard")]
    pub source: Option<String>,
    /// The booking system's id for it. Creating it again updates it.
    #[serde(default)]
    #[schema(example = "B-100")]
    pub external_id: Option<String>,
    /// When it starts: RFC 3339 with its offset.
    #[schema(example = "2026-12-09T10:30:00-05:00")]
    pub start: String,
    /// The provider, as the clinic names them (matched to the scope of practice).
    #[schema(example = "Dr. Ruiz")]
    pub provider: String,
    /// The treatment ids of the clinic's profile.
    #[schema(example = json!(["ha_filler"]))]
    pub treatments: Vec<String>,
    /// The patient.
    pub patient: Patient,
    /// `en` or `es` (default: the clinic's first language).
    #[serde(default)]
    pub language: Option<String>,
    /// Whether Candor sends the invitation itself (by email, else by text message).
    /// `false` when the booking system sends `invitation_link` in its own message.
    #[serde(default = "yes")]
    pub send_invitation: bool,
}

fn yes() -> bool {
    true
}

/// The invitation's latest message.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Invitation {
    /// `queued`, `sent` or `cancelled`.
    pub state: String,
    /// `email` or `sms`.
    pub channel: String,
    /// `invitation` or `reminder`.
    pub kind: String,
    /// Why the last attempt failed, in words, while it is retried.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
}

/// An appointment and where it stands.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Appointment {
    /// Candor's id (`apt-…`).
    pub id: String,
    /// Where it came from (`console`, `api` or a booking system's name).
    pub source: String,
    /// The booking system's id (Candor's own for one made in the console).
    pub external_id: String,
    /// The start, RFC 3339 with its offset.
    pub start: String,
    /// The provider.
    pub provider: String,
    /// The treatment ids.
    pub treatments: Vec<String>,
    /// The patient.
    pub patient: Patient,
    /// `en` or `es`.
    pub language: String,
    /// `booked` or `cancelled`.
    pub status: String,
    /// Where the patient's forms stand, never what the answers raised: `not_opened`,
    /// `opened`, `in_progress`, `submitted`, `declined` (a treatment's consent) or
    /// `questions` (the patient asked to talk first).
    pub intake: String,
    /// The invitation's latest message, if there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitation: Option<Invitation>,
    /// On creation only: a link that opens the patient's forms, for the booking system
    /// to send or show. Shown once; it is a key to the patient's forms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitation_link: Option<String>,
}

impl Appointment {
    fn of(seen: &Seen, link: Option<String>) -> Appointment {
        let a = &seen.listed.appointment;
        let b = &a.booked;
        Appointment {
            id: a.id.clone(),
            source: a.source.clone(),
            external_id: b.external_id.clone(),
            start: b.start.clone(),
            provider: b.provider.clone(),
            treatments: b.treatments.clone(),
            patient: Patient {
                name: b.contact.name.clone(),
                email: b.contact.email.clone(),
                mobile: b.contact.mobile.clone(),
            },
            language: b.language.clone(),
            status: a.status.clone(),
            intake: seen.intake().to_owned(),
            invitation: seen.listed.invitation.as_ref().map(|m| Invitation {
                state: m.state.clone(),
                channel: match m.channel {
                    Channel::Email => "email",
                    Channel::Sms => "sms",
                }
                .to_owned(),
                kind: match m.kind {
                    Kind::Invitation => "invitation",
                    Kind::Reminder => "reminder",
                    Kind::CheckIn => "check_in",
                    Kind::OnCall => "on_call",
                }
                .to_owned(),
                failure: m.last_error.clone(),
            }),
            invitation_link: link,
        }
    }
}

/// A page of appointments.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AppointmentPage {
    /// The appointments, by start.
    pub data: Vec<Appointment>,
    /// Where the next page begins (pass it as `cursor`); absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// A page's place in the list.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    /// `next_cursor` of the page before (absent: the first page).
    pub cursor: Option<String>,
    /// At most this many (1 to 100, default 50).
    pub limit: Option<usize>,
}

fn cursor_of(after: &After) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}.{}", after.0, after.1))
}

fn after_of(cursor: &str) -> Option<After> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).ok()?).ok()?;
    let (start, id) = text.split_once('.')?;
    Some((start.parse().ok()?, id.to_owned()))
}

/// Creates an appointment and its invitation.
#[utoipa::path(
    post,
    path = "/api/v1/appointments",
    operation_id = "createAppointment",
    tag = "appointments",
    request_body = NewAppointment,
    params(("Idempotency-Key" = String, Header, description = "A new UUID per request; the same one when it is retried (remembered 24 hours)")),
    responses(
        (status = 201, description = "Created, with a link for the patient", body = Appointment),
        (status = 200, description = "Already kept under its source and external id: updated", body = Appointment),
        (status = 400, description = "No Idempotency-Key, or a body that is not as described", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field's problem, the scope of practice, or an Idempotency-Key used for another request", body = Problem, content_type = "application/problem+json"),
        KeyRefusals,
    ),
    security(("api_key" = []))
)]
pub async fn create(
    State(app): State<Arc<AppState>>,
    Key(caller): Key,
    request: Request<Body>,
) -> Response {
    let (once, bytes) = match posted(request).await {
        Ok(posted) => posted,
        Err(refused) => return refused.into_response(),
    };
    let new: NewAppointment = match serde_json::from_slice(&bytes) {
        Ok(new) => new,
        Err(e) => return unreadable(&e).into_response(),
    };
    blocking(move || {
        let clinic = match app.clinic() {
            Ok(clinic) => clinic,
            Err(e) => return Problem::from(e).into_response(),
        };
        let source = new.source.clone().unwrap_or_else(|| "api".to_owned());
        if !crate::service::appointments::valid_source(&source) {
            return Problem::from(crate::service::ServiceError::Invalid(
                "source",
                "name the booking system in lower-case letters, digits, - and _ (at most 40)",
            ))
            .into_response();
        }
        let draft = Draft {
            external_id: new.external_id.clone().unwrap_or_default(),
            start: new.start,
            provider: new.provider,
            treatments: new.treatments,
            name: new.patient.name,
            email: new.patient.email.unwrap_or_default(),
            mobile: new.patient.mobile.unwrap_or_default(),
            language: new.language.unwrap_or_default(),
        };
        answered(api::create_appointment(
            &app.store,
            &caller,
            &once,
            &source,
            &draft,
            new.send_invitation,
            &clinic,
            &app.config.public_url(),
            |created| {
                serde_json::to_string(&Appointment::of(&created.seen, Some(created.link.clone())))
                    .unwrap_or_default()
            },
        ))
    })
    .await
}

/// Lists appointments by start, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/appointments",
    operation_id = "listAppointments",
    tag = "appointments",
    params(
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the page before (absent: the first page)"),
        ("limit" = Option<usize>, Query, description = "At most this many (1 to 100, default 50)"),
    ),
    responses(
        (status = 200, description = "A page", body = AppointmentPage),
        (status = 400, description = "A cursor that does not read", body = Problem, content_type = "application/problem+json"),
        KeyRefusals,
    ),
    security(("api_key" = []))
)]
pub async fn list(
    State(app): State<Arc<AppState>>,
    Key(caller): Key,
    Query(q): Query<PageQuery>,
) -> Response {
    let after = match q.cursor.as_deref().map(after_of) {
        None => None,
        Some(Some(after)) => Some(after),
        Some(None) => {
            return Problem::unknown_cursor().into_response();
        }
    };
    let limit = q.limit.unwrap_or(50);
    blocking(move || {
        json(
            api::appointments_page(&app.store, &caller, after, limit).map(|(page, next)| {
                AppointmentPage {
                    data: page.iter().map(|s| Appointment::of(s, None)).collect(),
                    next_cursor: next.as_ref().map(cursor_of),
                }
            }),
        )
    })
    .await
}

/// Reads one appointment and where it stands.
#[utoipa::path(
    get,
    path = "/api/v1/appointments/{id}",
    operation_id = "getAppointment",
    tag = "appointments",
    params(("id" = String, Path, description = "The appointment's id (`apt-…`)")),
    responses(
        (status = 200, description = "The appointment", body = Appointment),
        (status = 404, description = "No such appointment", body = Problem, content_type = "application/problem+json"),
        KeyRefusals,
    ),
    security(("api_key" = []))
)]
pub async fn get_one(
    State(app): State<Arc<AppState>>,
    Key(caller): Key,
    Path(id): Path<String>,
) -> Response {
    blocking(move || {
        json(api::appointment(&app.store, &caller, &id).map(|seen| Appointment::of(&seen, None)))
    })
    .await
}

/// Cancels an appointment: its invitation's links stop opening, nothing more is sent.
#[utoipa::path(
    post,
    path = "/api/v1/appointments/{id}/cancel",
    operation_id = "cancelAppointment",
    tag = "appointments",
    params(
        ("id" = String, Path, description = "The appointment's id (`apt-…`)"),
        ("Idempotency-Key" = String, Header, description = "A new UUID per request; the same one when it is retried"),
    ),
    responses(
        (status = 200, description = "Cancelled (also when it already was)", body = Appointment),
        (status = 400, description = "No Idempotency-Key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such appointment", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An Idempotency-Key used for another request", body = Problem, content_type = "application/problem+json"),
        KeyRefusals,
    ),
    security(("api_key" = []))
)]
pub async fn cancel(
    State(app): State<Arc<AppState>>,
    Key(caller): Key,
    Path(id): Path<String>,
    request: Request<Body>,
) -> Response {
    let (once, _) = match posted(request).await {
        Ok(posted) => posted,
        Err(refused) => return refused.into_response(),
    };
    blocking(move || {
        answered(api::cancel_appointment(
            &app.store,
            &caller,
            &once,
            &id,
            |seen| serde_json::to_string(&Appointment::of(seen, None)).unwrap_or_default(),
        ))
    })
    .await
}
