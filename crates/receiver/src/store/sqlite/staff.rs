//! The clinic's staff in the SQLite file (see [`crate::store::staff`]).

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::store::Result;
use crate::store::staff::{ConsoleEvent, Session, Staff, stored_role};

const STAFF_COLUMNS: &str = "s.id, s.name, s.role, s.created_at, s.disabled_at";

fn staff_at(r: &Row, from: usize) -> rusqlite::Result<Staff> {
    let role: String = r.get(from + 2)?;
    Ok(Staff {
        id: r.get(from)?,
        name: r.get(from + 1)?,
        role: stored_role(&role),
        created_at: r.get(from + 3)?,
        disabled_at: r.get(from + 4)?,
    })
}

pub(super) fn invite(
    db: &mut Connection,
    staff: &Staff,
    token_sha256: &str,
    expires_unix_ms: i64,
) -> Result<()> {
    let tx = db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO staff (id, name, role, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![staff.id, staff.name, staff.role.as_str(), staff.created_at],
    )?;
    tx.execute(
        "INSERT INTO staff_invites (token_sha256, staff_id, expires_unix_ms) VALUES (?1, ?2, ?3)",
        params![token_sha256, staff.id, expires_unix_ms],
    )?;
    tx.commit()?;
    Ok(())
}

pub(super) fn invited(db: &Connection, token_sha256: &str, now_ms: i64) -> Result<Option<Staff>> {
    Ok(db
        .query_row(
            &format!(
                "SELECT {STAFF_COLUMNS} FROM staff_invites i JOIN staff s ON s.id = i.staff_id
                 WHERE i.token_sha256 = ?1 AND i.used_at IS NULL AND i.expires_unix_ms > ?2 AND s.disabled_at IS NULL"
            ),
            params![token_sha256, now_ms],
            |r| staff_at(r, 0),
        )
        .optional()?)
}

pub(super) fn register_passkey(
    db: &mut Connection,
    token_sha256: &str,
    now_ms: i64,
    credential_id: &str,
    passkey_json: &str,
    at: &str,
) -> Result<Option<Staff>> {
    let tx = db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let Some(staff) = invited(&tx, token_sha256, now_ms)? else {
        return Ok(None);
    };
    tx.execute(
        "UPDATE staff_invites SET used_at = ?2 WHERE token_sha256 = ?1",
        params![token_sha256, at],
    )?;
    tx.execute(
        "INSERT INTO passkeys (credential_id, staff_id, passkey, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![credential_id, staff.id, passkey_json, at],
    )?;
    tx.commit()?;
    Ok(Some(staff))
}

pub(super) fn passkey(db: &Connection, credential_id: &str) -> Result<Option<(Staff, String)>> {
    Ok(db
        .query_row(
            &format!(
                "SELECT {STAFF_COLUMNS}, p.passkey FROM passkeys p JOIN staff s ON s.id = p.staff_id WHERE p.credential_id = ?1"
            ),
            [credential_id],
            |r| Ok((staff_at(r, 0)?, r.get(5)?)),
        )
        .optional()?)
}

pub(super) fn member(db: &Connection, id: &str) -> Result<Option<Staff>> {
    Ok(db
        .query_row(
            &format!("SELECT {STAFF_COLUMNS} FROM staff s WHERE s.id = ?1"),
            [id],
            |r| staff_at(r, 0),
        )
        .optional()?)
}

pub(super) fn list(db: &Connection) -> Result<Vec<Staff>> {
    let mut statement = db.prepare(&format!(
        "SELECT {STAFF_COLUMNS} FROM staff s ORDER BY s.name, s.id"
    ))?;
    Ok(statement
        .query_map([], |r| staff_at(r, 0))?
        .collect::<rusqlite::Result<_>>()?)
}

pub(super) fn disable(db: &mut Connection, id: &str, at: &str) -> Result<bool> {
    let tx = db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let changed = tx.execute(
        "UPDATE staff SET disabled_at = ?2 WHERE id = ?1 AND disabled_at IS NULL",
        params![id, at],
    )?;
    tx.execute(
        "UPDATE staff_sessions SET ended_at = ?2 WHERE staff_id = ?1 AND ended_at IS NULL",
        params![id, at],
    )?;
    tx.commit()?;
    Ok(changed == 1)
}

pub(super) fn session(db: &Connection, id_sha256: &str) -> Result<Option<Session>> {
    Ok(db
        .query_row(
            &format!(
                "SELECT {STAFF_COLUMNS}, x.created_unix_ms, x.last_seen_unix_ms, x.ended_at IS NOT NULL
                 FROM staff_sessions x JOIN staff s ON s.id = x.staff_id WHERE x.id_sha256 = ?1"
            ),
            [id_sha256],
            |r| {
                Ok(Session {
                    staff: staff_at(r, 0)?,
                    created_unix_ms: r.get(5)?,
                    last_seen_unix_ms: r.get(6)?,
                    ended: r.get(7)?,
                })
            },
        )
        .optional()?)
}

pub(super) fn record(db: &Connection, e: &ConsoleEvent) -> Result<()> {
    db.execute(
        "INSERT INTO console_events (at, staff_id, role, action, submission_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![e.at, e.staff_id, e.role, e.action, e.submission_id, e.detail],
    )?;
    Ok(())
}

pub(super) fn events(db: &Connection, submission_id: Option<&str>) -> Result<Vec<ConsoleEvent>> {
    let mut statement = db.prepare(
        "SELECT at, staff_id, role, action, submission_id, detail FROM console_events
         WHERE ?1 IS NULL OR submission_id = ?1 ORDER BY seq",
    )?;
    Ok(statement
        .query_map([submission_id], |r| {
            Ok(ConsoleEvent {
                at: r.get(0)?,
                staff_id: r.get(1)?,
                role: r.get(2)?,
                action: r.get(3)?,
                submission_id: r.get(4)?,
                detail: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
