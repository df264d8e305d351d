//! What the integration API does with appointments, for a caller holding a key
//! ([`super::api_keys::Caller`]): create one (checked as a booking is, scope of
//! practice included; its invitation queued unless the caller sends it; a link made
//! for the caller), list them a page at a time, read one with where its forms stand,
//! and cancel one. A POST is done once per `Idempotency-Key`: the claim, the work and
//! the answer are one transaction, so a repeat (or a retry after a crash) is answered
//! what the first was, and one with another body is refused.

use crate::domain::api_key::Scope;
use crate::domain::appointment::{self, Draft, Problem};
use crate::domain::audit::AuditAction;
use crate::service::ServiceError;
use crate::service::api_keys::{Caller, Refused};
use crate::service::appointments::{Clinic, Listed};
use crate::store::Store;
use crate::store::queries::api_keys as requests;
use crate::store::queries::appointments::{self, Appointment, Upserted};
use crate::store::queries::{events, invites, notify};
use crate::store::sql::Sql;

/// Why the API did not do what was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The key is missing, revoked or out of scope.
    Refused(Refused),
    /// Unknown, or the database failed.
    Service(ServiceError),
    /// The appointment's problems, by field.
    Fields(Vec<Problem>),
    /// The provider may not perform a treatment booked: the reasons.
    Scope(Vec<String>),
    /// The `Idempotency-Key` was used before with another request.
    KeyReused,
    /// A webhook endpoint's URL is refused: why, in words.
    Url(String),
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        ApiError::Service(e)
    }
}

impl From<crate::store::Error> for ApiError {
    fn from(e: crate::store::Error) -> Self {
        ApiError::Service(e.into())
    }
}

impl From<Refused> for ApiError {
    fn from(e: Refused) -> Self {
        ApiError::Refused(e)
    }
}

/// A POST's `Idempotency-Key` and what identifies its request (the SHA-256 of its
/// method, path and body).
#[derive(Clone, Debug)]
pub struct Once {
    /// The key, as sent.
    pub key: String,
    /// The request's fingerprint.
    pub fingerprint: String,
}

/// An answer to send (and to send again to a repeat).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The status.
    pub status: u16,
    /// The JSON body.
    pub body: String,
}

/// An appointment as the API shows it: the stored one and where it stands.
#[derive(Clone, Debug)]
pub struct Seen {
    /// The appointment, its invitation and its forms.
    pub listed: Listed,
}

impl Seen {
    /// Where the patient's forms stand, without what the answers raised:
    /// `not_opened`, `opened`, `in_progress`, `submitted`, `declined`, `questions`.
    pub fn intake(&self) -> &'static str {
        self.listed.stage(crate::store::staff::Role::FrontDesk)
    }
}

fn seen(sql: &mut dyn Sql, appointment: Appointment) -> crate::store::Result<Seen> {
    Ok(Seen {
        listed: Listed::read(sql, appointment)?,
    })
}

/// Runs `work` once per `once.key` for `caller`, in one transaction with the claim
/// and the recorded answer; a repeat with the same request gets the first answer, one
/// with another request [`ApiError::KeyReused`]. A request that fails is not
/// remembered (the key may be used again once it is corrected).
pub(super) fn once<F>(
    store: &Store,
    caller: &Caller,
    once: &Once,
    work: F,
) -> Result<Answer, ApiError>
where
    F: FnOnce(&mut dyn Sql) -> crate::store::Result<Result<Answer, ApiError>> + Send + 'static,
{
    let (key_id, once) = (caller.key_id.clone(), once.clone());
    let answer = store.write(move |tx| {
        if let Some(earlier) = requests::claim(
            tx,
            &key_id,
            &once.key,
            &once.fingerprint,
            crate::now_unix_ms(),
        )? {
            return Ok(if earlier.fingerprint == once.fingerprint {
                Ok(Answer {
                    status: earlier.status,
                    body: earlier.body,
                })
            } else {
                Err(ApiError::KeyReused)
            });
        }
        match work(tx)? {
            Ok(answer) => {
                requests::answered(tx, &key_id, &once.key, answer.status, &answer.body)?;
                Ok(Ok(answer))
            }
            Err(e) => {
                requests::release(tx, &key_id, &once.key)?;
                Ok(Err(e))
            }
        }
    })??;
    store.announce();
    Ok(answer)
}

/// What a created appointment's answer is made from.
pub struct Created {
    /// The appointment and where it stands.
    pub seen: Seen,
    /// A link that opens its forms (made now, for the caller to send or show).
    pub link: String,
    /// Whether it is new (`201`) or was already kept under its source and id (`200`).
    pub added: bool,
}

/// Creates the appointment `draft` from the booking system `source` (kept once per
/// source and `external_id`, as an import's rows are), queues its invitation when
/// `send` (by email, or by text message), and makes a link for the caller; `render`
/// writes the answer's body.
///
/// # Errors
/// The key lacks the appointments scope, a field is wrong, the provider is outside
/// the scope of practice, the `Idempotency-Key` was used for another request, or the
/// database failed.
#[allow(clippy::too_many_arguments)]
pub fn create_appointment(
    store: &Store,
    caller: &Caller,
    idempotency: &Once,
    source: &str,
    draft: &Draft,
    send: bool,
    clinic: &Clinic,
    public_url: &str,
    render: impl FnOnce(&Created) -> String + Send + 'static,
) -> Result<Answer, ApiError> {
    caller.may(Scope::Appointments)?;
    let checked = appointment::check(draft, &clinic.treatments, &clinic.language)
        .map_err(ApiError::Fields)?;
    let invite = crate::invite::new_token().map_err(|_| ServiceError::Storage)?;
    let draft_key = crate::invite::draft_key().map_err(|_| ServiceError::Storage)?;
    let link = format!(
        "{public_url}{}",
        candor_core::delivery::invite::fragment_with_draft(&invite.id, &invite.token, &draft_key)
    );
    let id = super::new_id("apt")?;
    let (rules, source, key_id) = (
        clinic.rules.clone(),
        source.to_owned(),
        caller.key_id.clone(),
    );
    once(store, caller, idempotency, move |tx| {
        let day = checked.start.get(..10).unwrap_or_default();
        let used =
            match super::scope::permitted(tx, &rules, &checked.provider, &checked.treatments, day)?
            {
                Ok(used) => used,
                Err(reasons) => return Ok(Err(ApiError::Scope(reasons))),
            };
        let now = crate::now_rfc3339();
        let upserted = appointments::upsert(tx, &source, &id, &checked, &now)?;
        let external = if checked.external_id.is_empty() {
            id.as_str()
        } else {
            checked.external_id.as_str()
        };
        let Some(appointment) = appointments::by_source(tx, &source, external)? else {
            return Ok(Err(ServiceError::Storage.into()));
        };
        if upserted == Upserted::Added {
            if send {
                super::invitations::queue_invitation(tx, &appointment.id, &checked.contact, &now)?;
            }
            super::webhooks::appointment_booked(tx, &appointment.id, &source, external)?;
        }
        invites::create_for_appointment(
            tx,
            &invite.id,
            &crate::invite::token_sha256(&invite.token),
            &appointment.id,
            &now,
        )?;
        let mut detail = serde_json::json!({ "appointment": appointment.id, "api_key": key_id });
        if !used.is_empty() {
            detail["exceptions"] = used.into();
        }
        // Created again unchanged, only a new link was made.
        let action = match upserted {
            Upserted::Added => AuditAction::AppointmentBooked,
            Upserted::Updated => AuditAction::AppointmentEdited,
            Upserted::Unchanged => AuditAction::InvitationHanded,
        };
        events::record(
            tx,
            &super::audit::event(None, action, None, Some(detail.to_string())),
        )?;
        notify(tx)?;
        let created = Created {
            seen: seen(tx, appointment)?,
            link,
            added: upserted == Upserted::Added,
        };
        Ok(Ok(Answer {
            status: if created.added { 201 } else { 200 },
            body: render(&created),
        }))
    })
}

/// Cancels appointment `id` (its invitation revoked with it); `render` writes the
/// answer's body from the cancelled appointment.
///
/// # Errors
/// The key lacks the appointments scope, the appointment is unknown, the
/// `Idempotency-Key` was used for another request, or the database failed.
pub fn cancel_appointment(
    store: &Store,
    caller: &Caller,
    idempotency: &Once,
    id: &str,
    render: impl FnOnce(&Seen) -> String + Send + 'static,
) -> Result<Answer, ApiError> {
    caller.may(Scope::Appointments)?;
    let (id, key_id) = (id.to_owned(), caller.key_id.clone());
    once(store, caller, idempotency, move |tx| {
        if appointments::by_id(tx, &id)?.is_none() {
            return Ok(Err(ServiceError::NotFound("appointment").into()));
        }
        let now = crate::now_rfc3339();
        if appointments::cancel(tx, &id, &now)? {
            super::invitations::revoke_all(tx, &id, &now)?;
            super::webhooks::appointment_cancelled(tx, &id)?;
            let detail = serde_json::json!({ "appointment": id, "api_key": key_id });
            events::record(
                tx,
                &super::audit::event(
                    None,
                    AuditAction::AppointmentCancelled,
                    None,
                    Some(detail.to_string()),
                ),
            )?;
            notify(tx)?;
        }
        let Some(appointment) = appointments::by_id(tx, &id)? else {
            return Ok(Err(ServiceError::Storage.into()));
        };
        Ok(Ok(Answer {
            status: 200,
            body: render(&seen(tx, appointment)?),
        }))
    })
}

/// Appointment `id` and where it stands.
///
/// # Errors
/// The key lacks the appointments scope, the appointment is unknown, or the database
/// failed.
pub fn appointment(store: &Store, caller: &Caller, id: &str) -> Result<Seen, ApiError> {
    caller.may(Scope::Appointments)?;
    let id = id.to_owned();
    store
        .read(move |c| appointments::by_id(c, &id)?.map(|a| seen(c, a)).transpose())?
        .ok_or(ApiError::Service(ServiceError::NotFound("appointment")))
}

/// Where a page of a list begins: after this start and id.
pub type After = (i64, String);

/// Up to `limit` appointments by start, after `after`; and where the next page
/// begins, if there is one.
///
/// # Errors
/// The key lacks the appointments scope, or the database failed.
pub fn appointments_page(
    store: &Store,
    caller: &Caller,
    after: Option<After>,
    limit: usize,
) -> Result<(Vec<Seen>, Option<After>), ApiError> {
    caller.may(Scope::Appointments)?;
    let limit = limit.clamp(1, 100);
    let fetched = i64::try_from(limit + 1).unwrap_or(101);
    let mut page = store.read(move |c| {
        let rows = appointments::page(c, after.as_ref().map(|(s, i)| (*s, i.as_str())), fetched)?;
        rows.into_iter()
            .map(|a| seen(c, a))
            .collect::<crate::store::Result<Vec<_>>>()
    })?;
    let next = (page.len() > limit).then(|| {
        page.truncate(limit);
        page.last().map(|s| {
            let a = &s.listed.appointment;
            (a.booked.start_unix_ms, a.id.clone())
        })
    });
    Ok((page, next.flatten()))
}

/// How long after it was received a record joins the feed: long enough for any
/// transaction storing an earlier record to have committed.
pub const FEED_SETTLE_MS: i64 = 10_000;

/// Up to `limit` records stored after `after` (the feed's cursor: the order stored)
/// and received at least `settle_ms` ago, without their content; the cursor after the
/// last; and whether more wait.
///
/// # Errors
/// The key lacks the submissions scope, or the database failed.
pub fn submissions_page(
    store: &Store,
    caller: &Caller,
    after: i64,
    limit: usize,
    settle_ms: i64,
) -> Result<(Vec<crate::store::queries::feed::Fed>, i64, bool), ApiError> {
    caller.may(Scope::Submissions)?;
    let limit = i64::try_from(limit.clamp(1, 100)).unwrap_or(100);
    let settled = candor_core::summary::Timestamp {
        unix_ms: crate::now_unix_ms() - settle_ms,
        offset_minutes: 0,
    }
    .rfc3339();
    let mut page =
        store.read(move |c| crate::store::queries::feed::since(c, after, &settled, limit + 1))?;
    let more = page.len() > usize::try_from(limit).unwrap_or(100);
    page.truncate(usize::try_from(limit).unwrap_or(100));
    let next = page.last().map_or(after, |f| f.order);
    Ok((page, next, more))
}

/// One record's content: its signed JWS and its summary, read through the API (which
/// the audit log records with the key).
pub struct Content {
    /// The compact JWS as received.
    pub jws: String,
    /// The summary it signs.
    pub summary: candor_core::summary::Summary,
}

/// Record `key`'s content, for a key with the submission content scope; the reading is
/// in the audit log.
///
/// # Errors
/// The key lacks the scope, no such record, or the database failed.
pub fn submission_content(
    store: &Store,
    caller: &Caller,
    key: &crate::domain::record::RecordKey,
    what: &'static str,
) -> Result<Content, ApiError> {
    caller.may(Scope::SubmissionContent)?;
    let (key, key_id) = (key.clone(), caller.key_id.clone());
    let stored = store.write(move |tx| {
        let Some(stored) = crate::store::queries::submissions::by_key(tx, &key)? else {
            return Ok(None);
        };
        let detail = serde_json::json!({ "api_key": key_id, "read": what });
        events::record(
            tx,
            &super::audit::event(
                None,
                AuditAction::ApiRecordRead,
                Some(&key),
                Some(detail.to_string()),
            ),
        )?;
        Ok(Some(stored))
    })?;
    let stored = stored.ok_or(ApiError::Service(ServiceError::NotFound("submission")))?;
    let summary = candor_core::summary::Summary::from_json(stored.payload.as_bytes())
        .map_err(|_| ApiError::Service(ServiceError::Storage))?;
    Ok(Content {
        jws: stored.jws,
        summary,
    })
}
