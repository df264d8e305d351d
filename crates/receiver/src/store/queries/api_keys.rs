//! The integration API's keys, and each key's POST requests by `Idempotency-Key`
//! (see [`crate::service::api_keys`] and [`crate::service::api`]).

use crate::domain::api_key::Scope;
use crate::keys::data_keys::place;
use crate::store::Result;
use crate::store::sql::{Row, Sql, params};

/// How long a request is remembered by its `Idempotency-Key`.
pub const IDEMPOTENCY_MS: i64 = 24 * 60 * 60 * 1000;

/// A stored key (never its secret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKey {
    /// Its id (the 12 hex digits after `cnd_live_`).
    pub id: String,
    /// What the director called it ("Boulevard sync").
    pub name: String,
    /// The SHA-256 of its secret, hex.
    pub secret_sha256: String,
    /// What it may reach.
    pub scopes: Vec<Scope>,
    /// When it was made.
    pub created_at: String,
    /// When it was last used (to the minute).
    pub last_used_at: Option<String>,
    /// When it was revoked.
    pub revoked_at: Option<String>,
}

const COLUMNS: &str = "id, name, secret_sha256, scopes, created_at, last_used_at, revoked_at";

fn key_at(r: &Row) -> Result<ApiKey> {
    Ok(ApiKey {
        id: r.text(0)?,
        name: r.text(1)?,
        secret_sha256: r.text(2)?,
        scopes: r
            .text(3)?
            .split(',')
            .filter_map(|s| s.parse().ok())
            .collect(),
        created_at: r.text(4)?,
        last_used_at: r.opt_text(5)?,
        revoked_at: r.opt_text(6)?,
    })
}

/// Keeps a new key made by `created_by`.
pub fn create(tx: &mut dyn Sql, key: &ApiKey, created_by: Option<&str>) -> Result<()> {
    let scopes = key
        .scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(",");
    tx.execute(
        "INSERT INTO api_keys (id, name, secret_sha256, scopes, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        params![&key.id, &key.name, &key.secret_sha256, scopes, created_by, &key.created_at],
    )?;
    Ok(())
}

/// The key `id`.
pub fn by_id(sql: &mut dyn Sql, id: &str) -> Result<Option<ApiKey>> {
    sql.query_opt(
        &format!("SELECT {COLUMNS} FROM api_keys WHERE id = $1"),
        params![id],
    )?
    .map(|r| key_at(&r))
    .transpose()
}

/// Every key, newest first.
pub fn list(sql: &mut dyn Sql) -> Result<Vec<ApiKey>> {
    sql.query(
        &format!("SELECT {COLUMNS} FROM api_keys ORDER BY created_at DESC, id"),
        &[],
    )?
    .iter()
    .map(key_at)
    .collect()
}

/// Revokes key `id`; whether it was in use.
pub fn revoke(tx: &mut dyn Sql, id: &str, at: &str) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
        params![id, at],
    )? > 0)
}

/// Notes that key `id` was used at `at`.
pub fn touch(sql: &mut dyn Sql, id: &str, at: &str) -> Result<()> {
    sql.execute(
        "UPDATE api_keys SET last_used_at = $2 WHERE id = $1",
        params![id, at],
    )?;
    Ok(())
}

/// A request already made with the same key and `Idempotency-Key`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Earlier {
    /// The SHA-256 of its method, path and body.
    pub fingerprint: String,
    /// Its answer's status.
    pub status: u16,
    /// Its answer's body.
    pub body: String,
}

fn body_place(key_id: &str, idempotency_key: &str) -> String {
    place("api_requests.body", &[key_id, idempotency_key])
}

/// Claims `idempotency_key` for key `key_id` in the caller's transaction: `None` when
/// this request is the first (its answer is recorded with [`answered`] before the
/// transaction commits), else the earlier request. On PostgreSQL a request with the
/// same key under way waits here until the first commits. Requests older than
/// [`IDEMPOTENCY_MS`] are forgotten first.
pub fn claim(
    tx: &mut dyn Sql,
    key_id: &str,
    idempotency_key: &str,
    fingerprint: &str,
    now_ms: i64,
) -> Result<Option<Earlier>> {
    tx.execute(
        "DELETE FROM api_requests WHERE created_unix_ms < $1",
        params![now_ms - IDEMPOTENCY_MS],
    )?;
    let claimed = tx.execute(
        "INSERT INTO api_requests (key_id, idempotency_key, fingerprint, status, body, created_unix_ms)
         VALUES ($1, $2, $3, 0, '', $4) ON CONFLICT (key_id, idempotency_key) DO NOTHING",
        params![key_id, idempotency_key, fingerprint, now_ms],
    )?;
    if claimed == 1 {
        return Ok(None);
    }
    let Some(row) = tx.query_opt(
        "SELECT fingerprint, status, body FROM api_requests WHERE key_id = $1 AND idempotency_key = $2",
        params![key_id, idempotency_key],
    )?
    else {
        return Ok(None);
    };
    let body = tx.open(&body_place(key_id, idempotency_key), &row.text(2)?)?;
    Ok(Some(Earlier {
        fingerprint: row.text(0)?,
        status: u16::try_from(row.int(1)?).unwrap_or(500),
        body,
    }))
}

/// Records the answer of the request claimed with `idempotency_key`.
pub fn answered(
    tx: &mut dyn Sql,
    key_id: &str,
    idempotency_key: &str,
    status: u16,
    body: &str,
) -> Result<()> {
    let sealed = tx.seal(&body_place(key_id, idempotency_key), body)?;
    tx.execute(
        "UPDATE api_requests SET status = $3, body = $4 WHERE key_id = $1 AND idempotency_key = $2",
        params![key_id, idempotency_key, i64::from(status), sealed],
    )?;
    Ok(())
}

/// Forgets the claim of `idempotency_key` for key `key_id` (its request failed: it may
/// be corrected and sent again under the same key).
pub fn release(tx: &mut dyn Sql, key_id: &str, idempotency_key: &str) -> Result<()> {
    tx.execute(
        "DELETE FROM api_requests WHERE key_id = $1 AND idempotency_key = $2",
        params![key_id, idempotency_key],
    )?;
    Ok(())
}
