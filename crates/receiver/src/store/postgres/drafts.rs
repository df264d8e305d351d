//! Invited visits' drafts in PostgreSQL (see [`crate::store::drafts`]).

use postgres::Client;

use crate::store::Result;
use crate::store::drafts::{KEPT_FOR_MS, Kept};

/// Keeps `ciphertext` as the draft of `invite_id` unless the invite was used; the
/// invite's row is locked, so a submission binding it cannot slip in between.
pub(super) fn keep(
    client: &mut Client,
    invite_id: &str,
    ciphertext: &[u8],
    now_ms: i64,
) -> Result<Kept> {
    let mut tx = client.transaction()?;
    tx.execute("DELETE FROM drafts WHERE expires_unix_ms <= $1", &[&now_ms])?;
    let used: Option<String> = tx
        .query_opt(
            "SELECT kid FROM invites WHERE id = $1 FOR UPDATE",
            &[&invite_id],
        )?
        .and_then(|r| r.get(0));
    if used.is_some() {
        return Ok(Kept::AlreadySubmitted);
    }
    tx.execute(
        "INSERT INTO drafts (invite_id, ciphertext, saved_unix_ms, expires_unix_ms) VALUES ($1, $2, $3, $4)
         ON CONFLICT (invite_id) DO UPDATE SET ciphertext = excluded.ciphertext,
             saved_unix_ms = excluded.saved_unix_ms, expires_unix_ms = excluded.expires_unix_ms",
        &[&invite_id, &ciphertext, &now_ms, &(now_ms + KEPT_FOR_MS)],
    )?;
    tx.commit()?;
    Ok(Kept::Saved)
}

/// The unexpired draft of `invite_id` (an expired one is deleted).
pub(super) fn get(client: &mut Client, invite_id: &str, now_ms: i64) -> Result<Option<Vec<u8>>> {
    client.execute(
        "DELETE FROM drafts WHERE invite_id = $1 AND expires_unix_ms <= $2",
        &[&invite_id, &now_ms],
    )?;
    Ok(client
        .query_opt(
            "SELECT ciphertext FROM drafts WHERE invite_id = $1",
            &[&invite_id],
        )?
        .map(|r| r.get(0)))
}
