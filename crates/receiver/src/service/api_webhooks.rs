//! What the integration API does with webhook endpoints, for a key with the
//! `webhooks` scope: register one (its URL checked as the console's are, its secret in
//! the answer once), list and read them, rotate a secret, delete one. Registering and
//! rotating are POSTs, done once per `Idempotency-Key` as every POST is.

use crate::domain::api_key::Scope;
use crate::domain::egress::Allowed;
use crate::service::ServiceError;
use crate::service::api::{Answer, ApiError, Once, once};
use crate::service::api_keys::Caller;
use crate::service::webhooks::{self, Actor, Registration, WebhookError, WithSecret};
use crate::store::Store;
use crate::store::queries::webhooks::Endpoint;

impl From<WebhookError> for ApiError {
    fn from(e: WebhookError) -> Self {
        match e {
            WebhookError::Service(e) => ApiError::Service(e),
            WebhookError::Url(reason) => ApiError::Url(reason),
        }
    }
}

/// Registers an endpoint; the answer (`201`, made by `render`) holds its secret.
///
/// # Errors
/// Out of scope, a field is wrong, the URL is refused, the `Idempotency-Key` was used
/// for another request, or the database failed.
pub fn register(
    store: &Store,
    caller: &Caller,
    idempotency: &Once,
    input: &Registration,
    allowances: &Allowed,
    render: impl FnOnce(&WithSecret) -> String + Send + 'static,
) -> Result<Answer, ApiError> {
    caller.may(Scope::Webhooks)?;
    let new = webhooks::prepare(input, allowances)?;
    let key_id = caller.key_id.clone();
    once(store, caller, idempotency, move |tx| {
        webhooks::keep(tx, &new, Actor::key(&key_id))?;
        Ok(Ok(Answer {
            status: 201,
            body: render(&new),
        }))
    })
}

/// Every endpoint (never a secret).
///
/// # Errors
/// Out of scope, or the database failed.
pub fn list(store: &Store, caller: &Caller) -> Result<Vec<Endpoint>, ApiError> {
    caller.may(Scope::Webhooks)?;
    Ok(webhooks::list(store, None)?)
}

/// Endpoint `id`.
///
/// # Errors
/// Out of scope, no such endpoint, or the database failed.
pub fn get(store: &Store, caller: &Caller, id: &str) -> Result<Endpoint, ApiError> {
    caller.may(Scope::Webhooks)?;
    Ok(webhooks::get(store, None, id)?)
}

/// Gives endpoint `id` a new secret (in the answer, made by `render`); the old one
/// signs beside it for a day.
///
/// # Errors
/// Out of scope, no such endpoint, the `Idempotency-Key` was used for another
/// request, or the database failed.
pub fn rotate(
    store: &Store,
    caller: &Caller,
    idempotency: &Once,
    id: &str,
    render: impl FnOnce(&WithSecret) -> String + Send + 'static,
) -> Result<Answer, ApiError> {
    caller.may(Scope::Webhooks)?;
    let (id, key_id) = (id.to_owned(), caller.key_id.clone());
    once(store, caller, idempotency, move |tx| {
        Ok(match webhooks::rotate_in(tx, &id, Actor::key(&key_id))? {
            Some(rotated) => Ok(Answer {
                status: 200,
                body: render(&rotated),
            }),
            None => Err(ServiceError::NotFound("webhook endpoint").into()),
        })
    })
}

/// Deletes endpoint `id`: nothing more is delivered to it.
///
/// # Errors
/// Out of scope, no such endpoint, or the database failed.
pub fn delete(store: &Store, caller: &Caller, id: &str) -> Result<(), ApiError> {
    caller.may(Scope::Webhooks)?;
    let (id, key_id) = (id.to_owned(), caller.key_id.clone());
    if store.write(move |tx| webhooks::delete_in(tx, &id, Actor::key(&key_id)))? {
        Ok(())
    } else {
        Err(ServiceError::NotFound("webhook endpoint").into())
    }
}
