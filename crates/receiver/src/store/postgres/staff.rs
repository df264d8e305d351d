//! The clinic's staff in PostgreSQL (see [`crate::store::staff`]).

use postgres::{GenericClient, Row};

use crate::store::Result;
use crate::store::staff::{ConsoleEvent, Session, Staff, stored_role};

const STAFF_COLUMNS: &str = "s.id, s.name, s.role, s.created_at, s.disabled_at";

fn staff_at(r: &Row, from: usize) -> Staff {
    let role: String = r.get(from + 2);
    Staff {
        id: r.get(from),
        name: r.get(from + 1),
        role: stored_role(&role),
        created_at: r.get(from + 3),
        disabled_at: r.get(from + 4),
    }
}

pub(super) fn invite(
    client: &mut postgres::Client,
    staff: &Staff,
    token_sha256: &str,
    expires_unix_ms: i64,
) -> Result<()> {
    let mut tx = client.transaction()?;
    tx.execute(
        "INSERT INTO staff (id, name, role, created_at) VALUES ($1, $2, $3, $4)",
        &[
            &staff.id,
            &staff.name,
            &staff.role.as_str(),
            &staff.created_at,
        ],
    )?;
    tx.execute(
        "INSERT INTO staff_invites (token_sha256, staff_id, expires_unix_ms) VALUES ($1, $2, $3)",
        &[&token_sha256, &staff.id, &expires_unix_ms],
    )?;
    tx.commit()?;
    Ok(())
}

/// The member an invitation is for; `lock` holds the invitation's row until the
/// transaction ends (so it is spent once).
pub(super) fn invited(
    client: &mut impl GenericClient,
    token_sha256: &str,
    now_ms: i64,
    lock: bool,
) -> Result<Option<Staff>> {
    let lock = if lock { " FOR UPDATE OF i" } else { "" };
    Ok(client
        .query_opt(
            &format!(
                "SELECT {STAFF_COLUMNS} FROM staff_invites i JOIN staff s ON s.id = i.staff_id
                 WHERE i.token_sha256 = $1 AND i.used_at IS NULL AND i.expires_unix_ms > $2 AND s.disabled_at IS NULL{lock}"
            ),
            &[&token_sha256, &now_ms],
        )?
        .map(|r| staff_at(&r, 0)))
}

pub(super) fn register_passkey(
    client: &mut postgres::Client,
    token_sha256: &str,
    now_ms: i64,
    credential_id: &str,
    passkey_json: &str,
    at: &str,
) -> Result<Option<Staff>> {
    let mut tx = client.transaction()?;
    let Some(staff) = invited(&mut tx, token_sha256, now_ms, true)? else {
        return Ok(None);
    };
    tx.execute(
        "UPDATE staff_invites SET used_at = $2 WHERE token_sha256 = $1",
        &[&token_sha256, &at],
    )?;
    tx.execute(
        "INSERT INTO passkeys (credential_id, staff_id, passkey, created_at) VALUES ($1, $2, $3, $4)",
        &[&credential_id, &staff.id, &passkey_json, &at],
    )?;
    tx.commit()?;
    Ok(Some(staff))
}

pub(super) fn passkey(
    client: &mut postgres::Client,
    credential_id: &str,
) -> Result<Option<(Staff, String)>> {
    Ok(client
        .query_opt(
            &format!(
                "SELECT {STAFF_COLUMNS}, p.passkey FROM passkeys p JOIN staff s ON s.id = p.staff_id WHERE p.credential_id = $1"
            ),
            &[&credential_id],
        )?
        .map(|r| (staff_at(&r, 0), r.get(5))))
}

pub(super) fn member(client: &mut postgres::Client, id: &str) -> Result<Option<Staff>> {
    Ok(client
        .query_opt(
            &format!("SELECT {STAFF_COLUMNS} FROM staff s WHERE s.id = $1"),
            &[&id],
        )?
        .map(|r| staff_at(&r, 0)))
}

pub(super) fn list(client: &mut postgres::Client) -> Result<Vec<Staff>> {
    Ok(client
        .query(
            &format!("SELECT {STAFF_COLUMNS} FROM staff s ORDER BY s.name, s.id"),
            &[],
        )?
        .iter()
        .map(|r| staff_at(r, 0))
        .collect())
}

pub(super) fn disable(client: &mut postgres::Client, id: &str, at: &str) -> Result<bool> {
    let mut tx = client.transaction()?;
    let changed = tx.execute(
        "UPDATE staff SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL",
        &[&id, &at],
    )?;
    tx.execute(
        "UPDATE staff_sessions SET ended_at = $2 WHERE staff_id = $1 AND ended_at IS NULL",
        &[&id, &at],
    )?;
    tx.commit()?;
    Ok(changed == 1)
}

pub(super) fn session(client: &mut postgres::Client, id_sha256: &str) -> Result<Option<Session>> {
    Ok(client
        .query_opt(
            &format!(
                "SELECT {STAFF_COLUMNS}, x.created_unix_ms, x.last_seen_unix_ms, x.ended_at IS NOT NULL
                 FROM staff_sessions x JOIN staff s ON s.id = x.staff_id WHERE x.id_sha256 = $1"
            ),
            &[&id_sha256],
        )?
        .map(|r| Session {
            staff: staff_at(&r, 0),
            created_unix_ms: r.get(5),
            last_seen_unix_ms: r.get(6),
            ended: r.get(7),
        }))
}

pub(super) fn record(client: &mut postgres::Client, e: &ConsoleEvent) -> Result<()> {
    client.execute(
        "INSERT INTO console_events (at, staff_id, role, action, submission_id, detail) VALUES ($1, $2, $3, $4, $5, $6)",
        &[&e.at, &e.staff_id, &e.role, &e.action, &e.submission_id, &e.detail],
    )?;
    Ok(())
}

pub(super) fn events(
    client: &mut postgres::Client,
    submission_id: Option<&str>,
) -> Result<Vec<ConsoleEvent>> {
    Ok(client
        .query(
            "SELECT at, staff_id, role, action, submission_id, detail FROM console_events
             WHERE $1::text IS NULL OR submission_id = $1 ORDER BY seq",
            &[&submission_id],
        )?
        .iter()
        .map(|r| ConsoleEvent {
            at: r.get(0),
            staff_id: r.get(1),
            role: r.get(2),
            action: r.get(3),
            submission_id: r.get(4),
            detail: r.get(5),
        })
        .collect())
}
