//! Patient invitations, kept by the SHA-256 of their token.

use crate::store::sql::{Sql, params};
use crate::store::{Invite, Result};

/// Records a new invite.
pub fn create(sql: &mut dyn Sql, id: &str, token_sha256: &str, created_at: &str) -> Result<()> {
    sql.execute(
        "INSERT INTO invites (id, token_sha256, created_at) VALUES ($1, $2, $3)",
        params![id, token_sha256, created_at],
    )?;
    Ok(())
}

/// The invite whose token has this SHA-256.
pub fn by_token(sql: &mut dyn Sql, token_sha256: &str) -> Result<Option<Invite>> {
    sql.query_opt(
        "SELECT id, kid FROM invites WHERE token_sha256 = $1 AND revoked_at IS NULL",
        params![token_sha256],
    )?
    .map(|r| {
        Ok(Invite {
            id: r.text(0)?,
            kid: r.opt_text(1)?,
        })
    })
    .transpose()
}

/// Binds an unused invite to `kid`; whether it is now bound to `kid`.
pub fn bind(sql: &mut dyn Sql, id: &str, kid: &str) -> Result<bool> {
    sql.execute(
        "UPDATE invites SET kid = $2 WHERE id = $1 AND kid IS NULL",
        params![id, kid],
    )?;
    let bound = sql
        .query_one("SELECT kid FROM invites WHERE id = $1", params![id])?
        .opt_text(0)?;
    Ok(bound.as_deref() == Some(kid))
}

/// Records a new invite for the appointment `appointment_id`.
pub fn create_for_appointment(
    sql: &mut dyn Sql,
    id: &str,
    token_sha256: &str,
    appointment_id: &str,
    created_at: &str,
) -> Result<()> {
    sql.execute(
        "INSERT INTO invites (id, token_sha256, created_at, appointment_id) VALUES ($1, $2, $3, $4)",
        params![id, token_sha256, created_at, appointment_id],
    )?;
    Ok(())
}

/// Notes that the invite `id` was opened at `at`, the first time (telling the day's
/// boards then); whether this was the first time.
pub fn opened(tx: &mut dyn Sql, id: &str, at: &str) -> Result<bool> {
    let first = tx.execute(
        "UPDATE invites SET opened_at = $2 WHERE id = $1 AND opened_at IS NULL",
        params![id, at],
    )? > 0;
    if first {
        super::notify(tx)?;
    }
    Ok(first)
}

/// Revokes every invitation of `appointment_id` (their links open nothing from now on)
/// and deletes their drafts; how many were revoked.
pub fn revoke_for_appointment(tx: &mut dyn Sql, appointment_id: &str, at: &str) -> Result<u64> {
    tx.execute(
        "DELETE FROM drafts WHERE invite_id IN (SELECT id FROM invites WHERE appointment_id = $1)",
        params![appointment_id],
    )?;
    tx.execute(
        "UPDATE invites SET revoked_at = $2 WHERE appointment_id = $1 AND revoked_at IS NULL",
        params![appointment_id, at],
    )
}
