//! The receiver's services: what the console, the command line and the submission
//! endpoint do, as plain Rust over the store and the domain rules. A service is given
//! the store and what the request said (already parsed, the member already known) and
//! answers with data or a [`ServiceError`]; it never sees axum. Services block (they
//! query the database): handlers call them through [`blocking`], so no async thread
//! ever waits for the disk.

pub mod api;
pub mod api_keys;
pub mod api_webhooks;
pub mod appointments;
pub mod audit;
pub mod booking;
pub mod check_in_reports;
pub mod check_in_review;
pub mod check_ins;
pub mod incidents;
pub mod invitations;
pub mod outbox;
pub mod patient_record;
pub mod patients;
pub mod queue;
pub mod records;
pub mod review;
pub mod scope;
pub mod webhook_delivery;
pub mod webhooks;

use std::fmt;

use crate::store::staff::Role;

/// Why a service could not do what was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServiceError {
    /// Nothing of that kind (a record, a member) exists.
    NotFound(&'static str),
    /// The member's role is too low; the least role that may.
    Forbidden(Role),
    /// Something in the request is wrong: the field, and what is wrong with it (never
    /// its value).
    Invalid(&'static str, &'static str),
    /// The database failed (said on the operator's terminal, never to the client).
    Storage,
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServiceError::NotFound(what) => write!(f, "no such {what}"),
            ServiceError::Forbidden(role) => write!(f, "this needs the {role} role or higher"),
            ServiceError::Invalid(_, message) => f.write_str(message),
            ServiceError::Storage => f.write_str("the database did not answer"),
        }
    }
}

impl From<crate::store::Error> for ServiceError {
    fn from(e: crate::store::Error) -> Self {
        eprintln!("candor-receiver: storage: {e}");
        ServiceError::Storage
    }
}

/// Runs blocking work (a service, a store call) on Tokio's blocking pool and waits
/// for it without holding an async thread.
pub async fn blocking<R: Send + 'static>(work: impl FnOnce() -> R + Send + 'static) -> R {
    match tokio::task::spawn_blocking(work).await {
        Ok(answer) => answer,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// A new random id, `KIND-` and 24 hex digits (`apt-…`, `msg-…`).
pub(crate) fn new_id(kind: &str) -> crate::store::Result<String> {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes)
        .map_err(|e| crate::store::Error::new(format!("no randomness: {e}")))?;
    Ok(format!("{kind}-{}", crate::keys::provider::hex(&bytes)))
}
