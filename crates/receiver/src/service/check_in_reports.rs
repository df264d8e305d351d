//! A patient's check-in, from the link's token: what the widget is told (which
//! treatment, which day, in which language) and what the receiver does with the
//! answers. The report is checked against the clinic's profile and its urgency
//! computed again here (the more urgent of the browser's and the receiver's is kept);
//! the answers and the photo (its metadata removed) are sealed for their row; an
//! urgent one is announced to the console at once, queued for the on-call address,
//! sent as a `checkin.urgent` webhook, and logged, all in one transaction. Sending the
//! same check-in again changes nothing and gets the same answer.

use candor_core::check_in::{CheckInReport, Urgency};
use candor_core::profile::ClinicProfile;

use crate::domain::audit::AuditAction;
use crate::domain::jpeg::{self, PhotoProblem};
use crate::domain::message::{Channel, Kind};
use crate::domain::webhook::EventType;
use crate::service::ServiceError;
use crate::store::Store;
use crate::store::queries::check_ins::{self, CheckIn, Completed};
use crate::store::queries::messages::{self, Queued};
use crate::store::queries::{events, notify};

/// What the widget is told when a check-in's link opens.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Opened {
    /// The treatment it follows (the profile's id).
    pub treatment: String,
    /// Which day after the visit.
    pub day: u16,
    /// The patient's language, `en` or `es`.
    pub language: String,
    /// Whether it was already sent (the widget then says so, and asks nothing).
    pub completed: bool,
}

fn by_token(store: &Store, token: &str) -> Result<CheckIn, ServiceError> {
    let hash = crate::invite::token_sha256(token);
    store
        .read(move |c| check_ins::by_token(c, &hash))?
        .ok_or(ServiceError::NotFound("check-in"))
}

/// The check-in whose link carries `token`, its first opening noted.
///
/// # Errors
/// No check-in has this token (or a newer message replaced it), or the database
/// failed.
pub fn open(store: &Store, token: &str) -> Result<Opened, ServiceError> {
    let found = by_token(store, token)?;
    let (id, appointment) = (found.id.clone(), found.appointment_id.clone());
    let language = store.write(move |tx| {
        check_ins::opened(tx, &id, &crate::now_rfc3339())?;
        Ok(
            crate::store::queries::appointments::by_id(tx, &appointment)?
                .map_or_else(|| "en".to_owned(), |a| a.booked.language),
        )
    })?;
    Ok(Opened {
        treatment: found.treatment,
        day: found.day,
        language,
        completed: found.completed_at.is_some(),
    })
}

/// What the receiver made of a check-in.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Received {
    /// The check-in's id.
    pub check_in: String,
    /// `routine`, `call_clinic` or `emergency`.
    pub urgency: String,
    /// When it was received.
    pub received_at: String,
}

/// Why a check-in was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReceiveError {
    /// Unknown token, or the database failed.
    Refused(ServiceError),
    /// The report does not hold: each member's JSON path (never its value).
    Report(Vec<String>),
    /// The photo was refused.
    Photo(PhotoProblem),
    /// This check-in was already sent with other answers.
    AlreadySent,
}

impl From<ServiceError> for ReceiveError {
    fn from(e: ServiceError) -> Self {
        ReceiveError::Refused(e)
    }
}

/// Where an urgent check-in's alert goes.
#[derive(Clone, Copy, Debug)]
pub struct Alerts {
    /// Whether an on-call address is configured (an alert is then queued).
    pub on_call: bool,
}

/// What an urgent check-in's draft incident starts from: the patient and provider as
/// booked (the provider's credential when one is on record), the treatment, the day it
/// was marked treated and what was used, onset today, and the signs that acted.
fn draft_from(
    tx: &mut dyn crate::store::sql::Sql,
    found: &CheckIn,
    signs: &[String],
) -> crate::store::Result<super::incidents::DraftFrom> {
    use crate::store::queries::{appointments, scope};
    let appointment = appointments::by_id(tx, &found.appointment_id)?;
    let used = check_ins::uses(tx, &found.appointment_id)?
        .into_iter()
        .find(|u| u.treatment == found.treatment)
        .unwrap_or_default();
    let treated_on = scope::treated(tx, &found.appointment_id)?
        .map(|(_, at)| at.get(..10).unwrap_or("").to_owned())
        .unwrap_or_default();
    let (patient, provider) = appointment
        .map(|a| (a.booked.contact.name, a.booked.provider))
        .unwrap_or_default();
    let members = scope::members(tx)?;
    let provider_role = crate::domain::scope::booked_member(&members, &provider)
        .and_then(|m| m.licence.as_ref())
        .map(|l| l.credential.clone())
        .unwrap_or_default();
    Ok(super::incidents::DraftFrom {
        patient,
        provider,
        provider_role,
        treatment: found.treatment.clone(),
        treatment_date: treated_on,
        product: used.product,
        lot: used.lot,
        onset_date: String::new(),
        description: format!(
            "Opened from an urgent check-in on day {} after the treatment. Warning signs reported: {}. To be completed.",
            found.day,
            signs.join(", ")
        ),
        appointment_id: Some(found.appointment_id.clone()),
        submission_id: None,
        checkin_id: Some(found.id.clone()),
    })
}

/// Takes the check-in `report` (with an optional JPEG `photo`) sent with `token`,
/// checked against `profile`.
///
/// # Errors
/// See [`ReceiveError`].
pub fn receive(
    store: &Store,
    token: &str,
    report: &CheckInReport,
    photo: Option<&[u8]>,
    profile: &ClinicProfile,
    alerts: Alerts,
) -> Result<Received, ReceiveError> {
    let found = by_token(store, token)?;
    let (assessed, mut problems) = match report.check(profile) {
        Ok(assessed) => (Some(assessed), Vec::new()),
        Err(problems) => (None, problems.iter().map(|p| p.path()).collect()),
    };
    if report.treatment != found.treatment {
        problems.push("$.treatment".to_owned());
    }
    if report.day != found.day {
        problems.push("$.day".to_owned());
    }
    // A path both the profile's check and the link's mismatch name is said once.
    problems.sort();
    problems.dedup();
    let Some(assessed) = assessed.filter(|_| problems.is_empty()) else {
        return Err(ReceiveError::Report(problems));
    };
    let urgency = assessed.act.max(report.urgency);
    let photo = photo
        .map(jpeg::strip_metadata)
        .transpose()
        .map_err(ReceiveError::Photo)?
        .map(|bytes| {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD.encode(bytes)
        });
    let text = String::from_utf8(
        report
            .canonical_bytes()
            .map_err(|_| ReceiveError::Report(vec!["$".to_owned()]))?,
    )
    .map_err(|_| ReceiveError::Report(vec!["$".to_owned()]))?;
    let at = crate::now_rfc3339();
    let (id, appointment) = (found.id.clone(), found.appointment_id.clone());
    let outcome = store
        .write(move |tx| {
            let fresh = check_ins::complete(
                tx,
                &Completed {
                    id: &id,
                    urgency: urgency.as_str(),
                    report: &text,
                    photo: photo.as_deref(),
                    at: &at,
                },
            )?;
            if !fresh {
                // Sent before: the same answers get the same answer; others are refused.
                let same = check_ins::answers(tx, &id)?.is_some_and(|(kept, _)| kept == text);
                let kept = check_ins::by_id(tx, &id)?;
                return Ok(match (same, kept) {
                    (true, Some(kept)) => Ok(Received {
                        check_in: id,
                        urgency: kept.urgency.unwrap_or_else(|| "routine".to_owned()),
                        received_at: kept.completed_at.unwrap_or(at),
                    }),
                    _ => Err(ReceiveError::AlreadySent),
                });
            }
            let detail = serde_json::json!({ "check_in": id, "urgency": urgency.as_str() });
            events::record(
                tx,
                &super::audit::event(
                    None,
                    AuditAction::CheckInReceived,
                    None,
                    Some(detail.to_string()),
                ),
            )?;
            if urgency > Urgency::Routine {
                let draft = draft_from(tx, &found, &assessed.signs)?;
                super::incidents::open_draft(tx, draft)?;
                super::webhooks::emit(
                    tx,
                    EventType::CheckInUrgent,
                    &id,
                    serde_json::json!({
                        "check_in_id": id,
                        "appointment_id": appointment,
                        "urgency": urgency.as_str(),
                    }),
                )?;
                if alerts.on_call {
                    messages::queue(
                        tx,
                        &Queued {
                            id: &super::new_id("msg")?,
                            appointment_id: &appointment,
                            channel: Channel::Email,
                            kind: Kind::OnCall,
                            check_in_id: Some(&id),
                            now_ms: crate::now_unix_ms(),
                            now: &at,
                        },
                    )?;
                }
            }
            notify(tx)?;
            Ok(Ok(Received {
                check_in: id,
                urgency: urgency.as_str().to_owned(),
                received_at: at,
            }))
        })
        .map_err(ServiceError::from)??;
    store.announce();
    Ok(outcome)
}
