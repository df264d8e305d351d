//! WebAuthn ceremonies under way (their state, which never goes to the browser) and
//! the allowances that bound them, in the database: every receiver sharing it sees
//! the same ones, so a sign-in begun on one receiver finishes on another.

use crate::store::Result;
use crate::store::sql::{Sql, params};

/// A ceremony to keep.
pub struct NewCeremony<'a> {
    /// Its random id (what the browser sends back).
    pub id: &'a str,
    /// What it is (`register`, `sign_in`, `approve`), for the operator.
    pub kind: &'a str,
    /// The address that began it.
    pub address: &'a str,
    /// Its state, serialised.
    pub state: &'a str,
    /// When it ends.
    pub expires_unix_ms: i64,
}

/// Keeps a ceremony, after deleting every expired one, unless `max_live` are under
/// way already; whether it was kept. In a transaction.
pub fn keep(tx: &mut dyn Sql, c: &NewCeremony<'_>, now_ms: i64, max_live: i64) -> Result<bool> {
    tx.execute(
        "DELETE FROM ceremonies WHERE expires_unix_ms <= $1",
        params![now_ms],
    )?;
    let live = tx
        .query_one("SELECT COUNT(*) FROM ceremonies", &[])?
        .int(0)?;
    if live >= max_live {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO ceremonies (id, kind, address, state, expires_unix_ms) VALUES ($1, $2, $3, $4, $5)",
        params![c.id, c.kind, c.address, c.state, c.expires_unix_ms],
    )?;
    Ok(true)
}

/// Takes ceremony `id` (once: it is deleted), if it has not expired: its kind and state.
pub fn take(sql: &mut dyn Sql, id: &str, now_ms: i64) -> Result<Option<(String, String)>> {
    sql.query_opt(
        "DELETE FROM ceremonies WHERE id = $1 RETURNING kind, state, expires_unix_ms",
        params![id],
    )?
    .filter(|r| r.int(2).is_ok_and(|expires| expires > now_ms))
    .map(|r| Ok((r.text(0)?, r.text(1)?)))
    .transpose()
}

/// How many ceremonies are kept (expired ones included until the next is kept).
pub fn count(sql: &mut dyn Sql) -> Result<u64> {
    Ok(sql
        .query_one("SELECT COUNT(*) FROM ceremonies", &[])?
        .int(0)?
        .unsigned_abs())
}

/// Takes one of `key`'s allowances: a bucket of `capacity` that refills one every
/// `refill_ms`. `None` when one was taken; otherwise how long until the next is there.
/// In a transaction (the bucket's row held, so receivers take one at a time).
pub fn take_allowance(
    tx: &mut dyn Sql,
    key: &str,
    capacity: i64,
    refill_ms: i64,
    now_ms: i64,
) -> Result<Option<i64>> {
    const ONE: i64 = 1_000;
    let full = capacity * ONE;
    // The bucket's row exists first (full), so that taking from it holds the row and
    // receivers sharing the database take one at a time.
    tx.execute(
        "INSERT INTO rate_allowances (key, tokens_milli, updated_unix_ms) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING",
        params![key, full, now_ms],
    )?;
    let lock = super::for_update(tx);
    let stored = tx.query_one(
        &format!("SELECT tokens_milli, updated_unix_ms FROM rate_allowances WHERE key = $1{lock}"),
        params![key],
    )?;
    let (tokens, updated) = (stored.int(0)?, stored.int(1)?);
    let refilled = (now_ms - updated).max(0).saturating_mul(ONE) / refill_ms.max(1);
    let tokens = (tokens + refilled).min(full);
    if tokens < ONE {
        return Ok(Some((ONE - tokens) * refill_ms.max(1) / ONE + 1));
    }
    // Only the time the tokens taken account for moves on, so no refill is lost.
    tx.execute(
        "UPDATE rate_allowances SET tokens_milli = $2, updated_unix_ms = $3 WHERE key = $1",
        params![key, tokens - ONE, now_ms],
    )?;
    Ok(None)
}
