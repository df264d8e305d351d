//! Webhook endpoints: registered by the medical director in the console or by a key
//! with the `webhooks` scope (the URL refused when it reaches an internal address,
//! [`crate::domain::egress`]), listed, their secret rotated (the old one signs beside
//! the new for a day), deleted; a disabled one enabled again, its delivery log read and
//! a delivery sent again. Each change is in the audit log, never a secret. And
//! [`emit`]: what the other services call, in their own transaction, when something
//! an endpoint may hear of happens.

use crate::domain::audit::AuditAction;
use crate::domain::egress::{self, Allowed};
use crate::domain::roles::{Permission, allowed};
use crate::domain::webhook::{self, EventType};
use crate::service::ServiceError;
use crate::store::Store;
use crate::store::queries::webhook_deliveries::{self as deliveries, Logged};
use crate::store::queries::webhooks::{self as stored, Endpoint, RegisteredBy};
use crate::store::queries::{events, notify};
use crate::store::sql::Sql;
use crate::store::staff::Staff;

/// How long the previous secret signs beside a new one after a rotation (a day: time
/// for the clinic's systems to take the new one).
pub const ROTATION_OVERLAP_MS: i64 = 24 * 60 * 60 * 1000;

/// Deliveries the console's log shows for an endpoint.
pub const LOG_LENGTH: i64 = 50;

/// Why an endpoint was not registered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WebhookError {
    /// Not allowed, unknown, invalid, or the database failed.
    Service(ServiceError),
    /// The URL is refused: why, in words (the address it reaches, never more).
    Url(String),
}

impl From<ServiceError> for WebhookError {
    fn from(e: ServiceError) -> Self {
        WebhookError::Service(e)
    }
}

impl From<crate::store::Error> for WebhookError {
    fn from(e: crate::store::Error) -> Self {
        WebhookError::Service(e.into())
    }
}

/// Who acts: the director in the console, or a key through the API.
#[derive(Clone, Copy, Debug)]
pub struct Actor<'a> {
    /// The member signed in.
    pub staff: Option<&'a Staff>,
    /// The key's id.
    pub key: Option<&'a str>,
}

impl<'a> Actor<'a> {
    /// The director (or another member allowed) in the console.
    pub fn member(staff: &'a Staff) -> Actor<'a> {
        Actor {
            staff: Some(staff),
            key: None,
        }
    }

    /// A key through the API.
    pub fn key(id: &'a str) -> Actor<'a> {
        Actor {
            staff: None,
            key: Some(id),
        }
    }

    fn stored(self) -> RegisteredBy<'a> {
        RegisteredBy {
            staff: self.staff.map(|s| s.id.as_str()),
            key: self.key,
        }
    }
}

/// What registering an endpoint asks for.
#[derive(Clone, Debug)]
pub struct Registration {
    /// Where deliveries go (`https://ehr.example/hooks/candor`).
    pub url: String,
    /// What the clinic calls it.
    pub description: String,
    /// The event types it hears of, by name.
    pub event_types: Vec<String>,
}

/// An endpoint just registered (or its secret rotated): the endpoint and its secret,
/// shown once.
#[derive(Clone, Debug)]
pub struct WithSecret {
    /// The endpoint.
    pub endpoint: Endpoint,
    /// Its secret (`whsec_…`), shown once and never again.
    pub secret: String,
}

/// Checks a registration (the URL resolved now: a blocking call) and makes the
/// endpoint it describes, with a new secret, not yet kept.
///
/// # Errors
/// A field is wrong, or the URL is refused.
pub fn prepare(input: &Registration, allowances: &Allowed) -> Result<WithSecret, WebhookError> {
    let url = input.url.trim();
    if url.is_empty() || url.len() > 2_000 {
        return Err(ServiceError::Invalid("url", "give the endpoint's https URL").into());
    }
    let target =
        egress::check_url(url, allowances).map_err(|refusal| WebhookError::Url(refusal.words()))?;
    crate::egress::resolve_checked(&target, allowances)
        .map_err(|refusal| WebhookError::Url(refusal.words()))?;
    let description = input.description.trim();
    if description.chars().count() > 80 {
        return Err(ServiceError::Invalid(
            "description",
            "describe the endpoint in 80 characters at most",
        )
        .into());
    }
    let mut types: Vec<EventType> = Vec::new();
    for name in &input.event_types {
        let kind = name.parse().map_err(|()| {
            ServiceError::Invalid("event_types", "an event type is not one of those listed")
        })?;
        if !types.contains(&kind) {
            types.push(kind);
        }
    }
    if types.is_empty() {
        return Err(ServiceError::Invalid("event_types", "choose at least one event type").into());
    }
    types.sort();
    Ok(WithSecret {
        endpoint: Endpoint {
            id: super::new_id("whe")?,
            url: target.url.to_string(),
            description: description.to_owned(),
            event_types: types,
            created_at: crate::now_rfc3339(),
            previous_until_unix_ms: None,
            disabled_at: None,
            disabled_reason: None,
        },
        secret: new_secret()?,
    })
}

fn new_secret() -> Result<String, ServiceError> {
    let mut random = [0u8; 32];
    getrandom::fill(&mut random).map_err(|_| ServiceError::Storage)?;
    Ok(webhook::secret_text(&random))
}

/// Keeps a prepared endpoint (in the caller's transaction), in the audit log.
pub fn keep(tx: &mut dyn Sql, new: &WithSecret, by: Actor<'_>) -> crate::store::Result<()> {
    let e = &new.endpoint;
    stored::create(tx, e, &new.secret, by.stored())?;
    let types: Vec<&str> = e.event_types.iter().map(|t| t.as_str()).collect();
    let detail = serde_json::json!({
        "endpoint": e.id, "url": e.url, "event_types": types, "api_key": by.key,
    });
    logged(tx, by.staff, AuditAction::WebhookRegistered, detail)
}

/// Registers an endpoint for the director in the console.
///
/// # Errors
/// Not the director, a field is wrong, the URL is refused, or the database failed.
pub fn register(
    store: &Store,
    staff: &Staff,
    input: &Registration,
    allowances: &Allowed,
) -> Result<WithSecret, WebhookError> {
    may(Some(staff))?;
    let new = prepare(input, allowances)?;
    let (kept, staff) = (new.clone(), staff.clone());
    store.write(move |tx| keep(tx, &kept, Actor::member(&staff)))?;
    Ok(new)
}

/// Every endpoint (never a secret).
///
/// # Errors
/// Not the director, or the database failed.
pub fn list(store: &Store, staff: Option<&Staff>) -> Result<Vec<Endpoint>, ServiceError> {
    may(staff)?;
    Ok(store.read(stored::list)?)
}

/// Endpoint `id`.
///
/// # Errors
/// Not the director, no such endpoint, or the database failed.
pub fn get(store: &Store, staff: Option<&Staff>, id: &str) -> Result<Endpoint, ServiceError> {
    may(staff)?;
    let id = id.to_owned();
    store
        .read(move |c| stored::by_id(c, &id))?
        .ok_or(ServiceError::NotFound("webhook endpoint"))
}

/// Gives endpoint `id` a new secret (in the caller's transaction); the old one signs
/// beside it for [`ROTATION_OVERLAP_MS`]. `None` when there is no such endpoint.
///
/// # Errors
/// The database failed.
pub fn rotate_in(
    tx: &mut dyn Sql,
    id: &str,
    by: Actor<'_>,
) -> crate::store::Result<Option<WithSecret>> {
    let secret = new_secret().map_err(|_| crate::store::Error::new("no randomness"))?;
    if !stored::rotate(tx, id, &secret, crate::now_unix_ms() + ROTATION_OVERLAP_MS)? {
        return Ok(None);
    }
    let Some(endpoint) = stored::by_id(tx, id)? else {
        return Ok(None);
    };
    let detail = serde_json::json!({ "endpoint": id, "api_key": by.key });
    logged(tx, by.staff, AuditAction::WebhookRotated, detail)?;
    Ok(Some(WithSecret { endpoint, secret }))
}

/// Rotates endpoint `id`'s secret for the director.
///
/// # Errors
/// Not the director, no such endpoint, or the database failed.
pub fn rotate(store: &Store, staff: &Staff, id: &str) -> Result<WithSecret, ServiceError> {
    may(Some(staff))?;
    let (id, staff) = (id.to_owned(), staff.clone());
    store
        .write(move |tx| rotate_in(tx, &id, Actor::member(&staff)))?
        .ok_or(ServiceError::NotFound("webhook endpoint"))
}

/// Deletes endpoint `id` (in the caller's transaction); whether there was one.
///
/// # Errors
/// The database failed.
pub fn delete_in(tx: &mut dyn Sql, id: &str, by: Actor<'_>) -> crate::store::Result<bool> {
    if !stored::delete(tx, id, &crate::now_rfc3339())? {
        return Ok(false);
    }
    let detail = serde_json::json!({ "endpoint": id, "api_key": by.key });
    logged(tx, by.staff, AuditAction::WebhookDeleted, detail)?;
    Ok(true)
}

/// Deletes endpoint `id` for the director.
///
/// # Errors
/// Not the director, no such endpoint, or the database failed.
pub fn delete(store: &Store, staff: &Staff, id: &str) -> Result<(), ServiceError> {
    may(Some(staff))?;
    let (id, staff) = (id.to_owned(), staff.clone());
    let deleted = store.write(move |tx| delete_in(tx, &id, Actor::member(&staff)))?;
    if deleted {
        Ok(())
    } else {
        Err(ServiceError::NotFound("webhook endpoint"))
    }
}

/// Enables disabled endpoint `id` again: what waited is delivered now.
///
/// # Errors
/// Not the director, no such endpoint disabled, or the database failed.
pub fn enable(store: &Store, staff: &Staff, id: &str) -> Result<(), ServiceError> {
    may(Some(staff))?;
    let (id, staff) = (id.to_owned(), staff.clone());
    store.write(move |tx| {
        if !stored::enable(tx, &id, crate::now_unix_ms())? {
            return Ok(Err(ServiceError::NotFound("disabled webhook endpoint")));
        }
        let detail = serde_json::json!({ "endpoint": id });
        logged(tx, Some(&staff), AuditAction::WebhookEnabled, detail)?;
        Ok(Ok(()))
    })?
}

/// Endpoint `id`'s latest deliveries, newest first.
///
/// # Errors
/// Not the director, no such endpoint, or the database failed.
pub fn log(store: &Store, staff: &Staff, id: &str) -> Result<Vec<Logged>, ServiceError> {
    get(store, Some(staff), id)?;
    let id = id.to_owned();
    Ok(store.read(move |c| deliveries::log(c, &id, LOG_LENGTH))?)
}

/// Sends the delivery of event `event_id` to endpoint `id` again, now.
///
/// # Errors
/// Not the director, no such delivery to an endpoint in use, or the database failed.
pub fn replay(store: &Store, staff: &Staff, id: &str, event_id: &str) -> Result<(), ServiceError> {
    let endpoint = get(store, Some(staff), id)?;
    if endpoint.disabled_at.is_some() {
        return Err(ServiceError::Invalid(
            "endpoint",
            "enable the endpoint before sending a delivery again",
        ));
    }
    let (id, event, staff) = (id.to_owned(), event_id.to_owned(), staff.clone());
    store.write(move |tx| {
        if !deliveries::replay(tx, &event, &id, crate::now_unix_ms())? {
            return Ok(Err(ServiceError::NotFound("delivery")));
        }
        let detail = serde_json::json!({ "endpoint": id, "event": event });
        logged(tx, Some(&staff), AuditAction::WebhookReplayed, detail)?;
        Ok(Ok(()))
    })?
}

/// The endpoints disabled, for the director's notice on every console page.
///
/// # Errors
/// The database failed.
pub fn disabled(store: &Store) -> Result<Vec<Endpoint>, ServiceError> {
    Ok(store.read(stored::disabled)?)
}

/// Tells every endpoint that hears of `kind` (in the caller's transaction, so the event
/// is kept exactly when what it tells of is): `subject` names what it is about (one
/// event per kind and subject), `data` holds ids and states, never health data.
///
/// # Errors
/// The database failed.
pub fn emit(
    tx: &mut dyn Sql,
    kind: EventType,
    subject: &str,
    data: serde_json::Value,
) -> crate::store::Result<()> {
    let now = crate::now_unix_ms();
    let event = webhook::event(kind, subject, &crate::now_rfc3339(), data);
    if deliveries::emit(tx, &event, now)? > 0 {
        notify(tx)?;
    }
    Ok(())
}

/// `appointment.booked` for appointment `id` from `source` (`console`, an import's
/// source, `api:<key>`) with the booking system's id `external_id`, if any.
///
/// # Errors
/// The database failed.
pub fn appointment_booked(
    tx: &mut dyn Sql,
    id: &str,
    source: &str,
    external_id: &str,
) -> crate::store::Result<()> {
    let external = (!external_id.is_empty() && external_id != id).then_some(external_id);
    emit(
        tx,
        EventType::AppointmentBooked,
        id,
        serde_json::json!({ "appointment_id": id, "source": source, "external_id": external }),
    )
}

/// `appointment.cancelled` for appointment `id`.
///
/// # Errors
/// The database failed.
pub fn appointment_cancelled(tx: &mut dyn Sql, id: &str) -> crate::store::Result<()> {
    emit(
        tx,
        EventType::AppointmentCancelled,
        id,
        serde_json::json!({ "appointment_id": id }),
    )
}

fn logged(
    tx: &mut dyn Sql,
    staff: Option<&Staff>,
    action: AuditAction,
    detail: serde_json::Value,
) -> crate::store::Result<()> {
    events::record(
        tx,
        &super::audit::event(staff, action, None, Some(detail.to_string())),
    )
}

fn may(staff: Option<&Staff>) -> Result<(), ServiceError> {
    match staff {
        Some(staff) => {
            allowed(staff.role, Permission::ManageIntegrations).map_err(ServiceError::Forbidden)
        }
        None => Ok(()),
    }
}
