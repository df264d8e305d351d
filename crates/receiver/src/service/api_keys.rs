//! The integration API's keys: the medical director makes one (shown once), lists
//! them with their last use, and revokes one (each in the audit log, never the
//! secret); every API request is authenticated here ([`authenticate`]) and its scope
//! checked ([`Caller::may`]).

use crate::domain::api_key::{self, Scope};
use crate::domain::audit::AuditAction;
use crate::domain::roles::{Permission, allowed};
use crate::service::ServiceError;
use crate::store::Store;
use crate::store::queries::api_keys::{self as stored, ApiKey};
use crate::store::queries::events;
use crate::store::staff::Staff;

/// Who is calling the API: a key in use, and what it may reach.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    /// The key's id.
    pub key_id: String,
    /// What it may reach.
    pub scopes: Vec<Scope>,
}

/// Why a request was not let in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// No key, a key that does not read, an unknown or revoked one: `401`.
    Unauthenticated,
    /// A key without the scope needed: `403`, naming it.
    OutOfScope(Scope),
    /// The database failed.
    Storage,
}

impl Caller {
    /// Whether the key holds `scope`.
    ///
    /// # Errors
    /// [`Refused::OutOfScope`] naming the scope needed.
    pub fn may(&self, scope: Scope) -> Result<(), Refused> {
        if self.scopes.contains(&scope) {
            Ok(())
        } else {
            Err(Refused::OutOfScope(scope))
        }
    }
}

/// Whether two equal-length texts are equal, in time that does not depend on where
/// they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// How stale a key's last use may be before it is noted again (one write a minute at
/// most, not one per request).
const TOUCH_EVERY_MS: i64 = 60_000;

/// The caller holding `bearer` (the `Authorization` header's token), if it is a key in
/// use.
///
/// # Errors
/// The key is missing, does not read, is unknown or revoked; or the database failed.
pub fn authenticate(store: &Store, bearer: Option<&str>) -> Result<Caller, Refused> {
    let (id, secret) = bearer
        .and_then(api_key::parse)
        .ok_or(Refused::Unauthenticated)?;
    let id = id.to_owned();
    let key = store
        .read({
            let id = id.clone();
            move |c| stored::by_id(c, &id)
        })
        .map_err(|_| Refused::Storage)?
        .ok_or(Refused::Unauthenticated)?;
    if key.revoked_at.is_some()
        || !same(
            &key.secret_sha256,
            &candor_core::jws::sha256_hex(secret.as_bytes()),
        )
    {
        return Err(Refused::Unauthenticated);
    }
    let now = crate::now_rfc3339();
    let stale = key.last_used_at.as_deref().is_none_or(|at| {
        at.parse::<jiff::Timestamp>().map_or(true, |t| {
            crate::now_unix_ms() - t.as_millisecond() > TOUCH_EVERY_MS
        })
    });
    if stale {
        // Best effort: a key whose last use could not be noted still works.
        let _ = store.write(move |tx| stored::touch(tx, &id, &now));
    }
    Ok(Caller {
        key_id: key.id,
        scopes: key.scopes,
    })
}

/// A key just made: its text, shown once, and the key as stored.
#[derive(Clone, Debug)]
pub struct NewKey {
    /// The whole key (`cnd_live_…`), shown to the director once and never again.
    pub text: String,
    /// The key as stored.
    pub key: ApiKey,
}

/// Makes a key named `name` with `scopes`.
///
/// # Errors
/// Not the director, the name or the scopes are wrong, or the database failed.
pub fn create(
    store: &Store,
    staff: Option<&Staff>,
    name: &str,
    scopes: &[String],
) -> Result<NewKey, ServiceError> {
    may(staff)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(ServiceError::Invalid(
            "name",
            "name the key after what uses it, in 1 to 80 characters",
        ));
    }
    let mut parsed: Vec<Scope> = Vec::new();
    for scope in scopes {
        let scope = scope
            .parse()
            .map_err(|()| ServiceError::Invalid("scopes", "a scope is not one of those listed"))?;
        if !parsed.contains(&scope) {
            parsed.push(scope);
        }
    }
    if parsed.is_empty() {
        return Err(ServiceError::Invalid("scopes", "choose at least one scope"));
    }
    parsed.sort();
    let mut bytes = [0u8; 38];
    getrandom::fill(&mut bytes).map_err(|_| ServiceError::Storage)?;
    let id = crate::keys::provider::hex(&bytes[..6]);
    let random: [u8; 32] = bytes[6..].try_into().map_err(|_| ServiceError::Storage)?;
    let (text, secret) = api_key::format(&id, &random);
    let key = ApiKey {
        id,
        name: name.to_owned(),
        secret_sha256: candor_core::jws::sha256_hex(secret.as_bytes()),
        scopes: parsed,
        created_at: crate::now_rfc3339(),
        last_used_at: None,
        revoked_at: None,
    };
    let (staff, stored_key) = (staff.cloned(), key.clone());
    store.write(move |tx| {
        stored::create(tx, &stored_key, staff.as_ref().map(|s| s.id.as_str()))?;
        let detail = serde_json::json!({
            "key": stored_key.id,
            "name": stored_key.name,
            "scopes": stored_key.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        });
        events::record(
            tx,
            &super::audit::event(
                staff.as_ref(),
                AuditAction::ApiKeyCreated,
                None,
                Some(detail.to_string()),
            ),
        )
    })?;
    Ok(NewKey { text, key })
}

/// Every key, newest first (never a secret).
///
/// # Errors
/// Not the director, or the database failed.
pub fn list(store: &Store, staff: Option<&Staff>) -> Result<Vec<ApiKey>, ServiceError> {
    may(staff)?;
    Ok(store.read(stored::list)?)
}

/// Revokes key `id`: every request with it is refused from now on.
///
/// # Errors
/// Not the director, no key in use has that id, or the database failed.
pub fn revoke(store: &Store, staff: Option<&Staff>, id: &str) -> Result<(), ServiceError> {
    may(staff)?;
    let (staff, id) = (staff.cloned(), id.to_owned());
    store.write(move |tx| {
        if !stored::revoke(tx, &id, &crate::now_rfc3339())? {
            return Ok(Err(ServiceError::NotFound("key")));
        }
        let detail = serde_json::json!({ "key": id });
        events::record(
            tx,
            &super::audit::event(
                staff.as_ref(),
                AuditAction::ApiKeyRevoked,
                None,
                Some(detail.to_string()),
            ),
        )?;
        Ok(Ok(()))
    })?
}

fn may(staff: Option<&Staff>) -> Result<(), ServiceError> {
    match staff {
        Some(staff) => {
            allowed(staff.role, Permission::ManageIntegrations).map_err(ServiceError::Forbidden)
        }
        None => Ok(()),
    }
}
