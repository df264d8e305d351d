//! Invited visits' drafts (see [`crate::store::drafts`]).

use super::for_update;
use crate::store::Result;
use crate::store::drafts::{KEPT_FOR_MS, Kept};
use crate::store::sql::{Sql, params};

/// Keeps `ciphertext` as the draft of `invite_id` unless the invite was used (its row
/// held, so a submission binding it cannot slip in between). In a transaction.
pub fn keep(tx: &mut dyn Sql, invite_id: &str, ciphertext: &[u8], now_ms: i64) -> Result<Kept> {
    tx.execute(
        "DELETE FROM drafts WHERE expires_unix_ms <= $1",
        params![now_ms],
    )?;
    let lock = for_update(tx);
    let used = tx
        .query_opt(
            &format!("SELECT kid FROM invites WHERE id = $1{lock}"),
            params![invite_id],
        )?
        .map(|r| r.opt_text(0))
        .transpose()?
        .flatten();
    if used.is_some() {
        return Ok(Kept::AlreadySubmitted);
    }
    let first = tx
        .query_opt(
            "SELECT 1 FROM drafts WHERE invite_id = $1",
            params![invite_id],
        )?
        .is_none();
    tx.execute(
        "INSERT INTO drafts (invite_id, ciphertext, saved_unix_ms, expires_unix_ms) VALUES ($1, $2, $3, $4)
         ON CONFLICT (invite_id) DO UPDATE SET ciphertext = excluded.ciphertext,
             saved_unix_ms = excluded.saved_unix_ms, expires_unix_ms = excluded.expires_unix_ms",
        params![invite_id, ciphertext, now_ms, now_ms + KEPT_FOR_MS],
    )?;
    if first {
        super::notify(tx)?;
        return Ok(Kept::Started);
    }
    Ok(Kept::Saved)
}

/// The unexpired draft of `invite_id` (an expired one is deleted).
pub fn get(sql: &mut dyn Sql, invite_id: &str, now_ms: i64) -> Result<Option<Vec<u8>>> {
    sql.execute(
        "DELETE FROM drafts WHERE invite_id = $1 AND expires_unix_ms <= $2",
        params![invite_id, now_ms],
    )?;
    sql.query_opt(
        "SELECT ciphertext FROM drafts WHERE invite_id = $1",
        params![invite_id],
    )?
    .map(|r| r.blob(0))
    .transpose()
}

/// Deletes the draft of `invite_id`, if there is one.
pub fn delete(sql: &mut dyn Sql, invite_id: &str) -> Result<()> {
    sql.execute(
        "DELETE FROM drafts WHERE invite_id = $1",
        params![invite_id],
    )?;
    Ok(())
}

/// How many drafts are kept.
pub fn count(sql: &mut dyn Sql) -> Result<u64> {
    Ok(sql
        .query_one("SELECT COUNT(*) FROM drafts", &[])?
        .int(0)?
        .unsigned_abs())
}
