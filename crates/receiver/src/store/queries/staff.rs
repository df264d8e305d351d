//! The clinic's staff, their one-time invitations, passkeys and console sessions (see
//! [`crate::store::staff`]).

use crate::store::Result;
use crate::store::sql::{Dialect, Row, Sql, params};
use crate::store::staff::{Session, Staff, stored_role};

const STAFF_COLUMNS: &str = "s.id, s.name, s.role, s.created_at, s.disabled_at";

fn staff_at(r: &Row, from: usize) -> Result<Staff> {
    Ok(Staff {
        id: r.text(from)?,
        name: r.text(from + 1)?,
        role: stored_role(&r.text(from + 2)?),
        created_at: r.text(from + 3)?,
        disabled_at: r.opt_text(from + 4)?,
    })
}

/// A new member and their invitation. In a transaction.
pub fn invite(
    tx: &mut dyn Sql,
    staff: &Staff,
    token_sha256: &str,
    expires_unix_ms: i64,
) -> Result<()> {
    tx.execute(
        "INSERT INTO staff (id, name, role, created_at) VALUES ($1, $2, $3, $4)",
        params![
            &staff.id,
            &staff.name,
            staff.role.as_str(),
            &staff.created_at
        ],
    )?;
    tx.execute(
        "INSERT INTO staff_invites (token_sha256, staff_id, expires_unix_ms) VALUES ($1, $2, $3)",
        params![token_sha256, &staff.id, expires_unix_ms],
    )?;
    Ok(())
}

/// The member an unused, unexpired invitation is for; in a transaction, its row is
/// held until the transaction ends (so it is spent once).
pub fn invited(sql: &mut dyn Sql, token_sha256: &str, now_ms: i64) -> Result<Option<Staff>> {
    let lock = match sql.dialect() {
        Dialect::Postgres => " FOR UPDATE OF i",
        Dialect::Sqlite => "",
    };
    sql.query_opt(
        &format!(
            "SELECT {STAFF_COLUMNS} FROM staff_invites i JOIN staff s ON s.id = i.staff_id
             WHERE i.token_sha256 = $1 AND i.used_at IS NULL AND i.expires_unix_ms > $2 AND s.disabled_at IS NULL{lock}"
        ),
        params![token_sha256, now_ms],
    )?
    .map(|r| staff_at(&r, 0))
    .transpose()
}

/// Spends the invitation and keeps its member's first passkey. In a transaction.
pub fn register_passkey(
    tx: &mut dyn Sql,
    token_sha256: &str,
    now_ms: i64,
    credential_id: &str,
    passkey_json: &str,
    at: &str,
) -> Result<Option<Staff>> {
    let Some(staff) = invited(tx, token_sha256, now_ms)? else {
        return Ok(None);
    };
    tx.execute(
        "UPDATE staff_invites SET used_at = $2 WHERE token_sha256 = $1",
        params![token_sha256, at],
    )?;
    tx.execute(
        "INSERT INTO passkeys (credential_id, staff_id, passkey, created_at) VALUES ($1, $2, $3, $4)",
        params![credential_id, &staff.id, passkey_json, at],
    )?;
    Ok(Some(staff))
}

/// The passkey with this credential id, and whose it is.
pub fn passkey(sql: &mut dyn Sql, credential_id: &str) -> Result<Option<(Staff, String)>> {
    sql.query_opt(
        &format!(
            "SELECT {STAFF_COLUMNS}, p.passkey FROM passkeys p JOIN staff s ON s.id = p.staff_id WHERE p.credential_id = $1"
        ),
        params![credential_id],
    )?
    .map(|r| Ok((staff_at(&r, 0)?, r.text(5)?)))
    .transpose()
}

/// Keeps a passkey's new state after a sign-in.
pub fn update_passkey(
    sql: &mut dyn Sql,
    credential_id: &str,
    passkey_json: &str,
    at: &str,
) -> Result<()> {
    sql.execute(
        "UPDATE passkeys SET passkey = $2, last_used_at = $3 WHERE credential_id = $1",
        params![credential_id, passkey_json, at],
    )?;
    Ok(())
}

/// A member by id.
pub fn member(sql: &mut dyn Sql, id: &str) -> Result<Option<Staff>> {
    sql.query_opt(
        &format!("SELECT {STAFF_COLUMNS} FROM staff s WHERE s.id = $1"),
        params![id],
    )?
    .map(|r| staff_at(&r, 0))
    .transpose()
}

/// Every member, by name.
pub fn list(sql: &mut dyn Sql) -> Result<Vec<Staff>> {
    sql.query(
        &format!("SELECT {STAFF_COLUMNS} FROM staff s ORDER BY s.name, s.id"),
        &[],
    )?
    .iter()
    .map(|r| staff_at(r, 0))
    .collect()
}

/// Disables a member and ends their sessions; false when there is no enabled member
/// with that id. In a transaction.
pub fn disable(tx: &mut dyn Sql, id: &str, at: &str) -> Result<bool> {
    let changed = tx.execute(
        "UPDATE staff SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL",
        params![id, at],
    )?;
    end_sessions(tx, id, at)?;
    Ok(changed == 1)
}

/// Starts a session.
pub fn start_session(
    sql: &mut dyn Sql,
    id_sha256: &str,
    staff_id: &str,
    now_ms: i64,
) -> Result<()> {
    sql.execute(
        "INSERT INTO staff_sessions (id_sha256, staff_id, created_unix_ms, last_seen_unix_ms) VALUES ($1, $2, $3, $3)",
        params![id_sha256, staff_id, now_ms],
    )?;
    Ok(())
}

/// The session with this id's SHA-256, with its member.
pub fn session(sql: &mut dyn Sql, id_sha256: &str) -> Result<Option<Session>> {
    sql.query_opt(
        &format!(
            "SELECT {STAFF_COLUMNS}, x.created_unix_ms, x.last_seen_unix_ms, x.ended_at
             FROM staff_sessions x JOIN staff s ON s.id = x.staff_id WHERE x.id_sha256 = $1"
        ),
        params![id_sha256],
    )?
    .map(|r| {
        Ok(Session {
            staff: staff_at(&r, 0)?,
            created_unix_ms: r.int(5)?,
            last_seen_unix_ms: r.int(6)?,
            ended: r.opt_text(7)?.is_some(),
        })
    })
    .transpose()
}

/// Marks a session used now.
pub fn touch_session(sql: &mut dyn Sql, id_sha256: &str, now_ms: i64) -> Result<()> {
    sql.execute(
        "UPDATE staff_sessions SET last_seen_unix_ms = $2 WHERE id_sha256 = $1",
        params![id_sha256, now_ms],
    )?;
    Ok(())
}

/// Ends one session.
pub fn end_session(sql: &mut dyn Sql, id_sha256: &str, at: &str) -> Result<()> {
    sql.execute(
        "UPDATE staff_sessions SET ended_at = $2 WHERE id_sha256 = $1 AND ended_at IS NULL",
        params![id_sha256, at],
    )?;
    Ok(())
}

/// Ends every session of a member; how many.
pub fn end_sessions(sql: &mut dyn Sql, staff_id: &str, at: &str) -> Result<usize> {
    Ok(sql.execute(
        "UPDATE staff_sessions SET ended_at = $2 WHERE staff_id = $1 AND ended_at IS NULL",
        params![staff_id, at],
    )? as usize)
}
