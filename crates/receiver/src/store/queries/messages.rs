//! The outbox: messages waiting to be sent, claimed by one receiver at a time (for a
//! lease; `FOR UPDATE SKIP LOCKED` on PostgreSQL, so receivers sharing the database
//! never claim the same one), then marked sent or given a next attempt.

use super::for_update;
use crate::store::Result;
use crate::store::sql::{Dialect, Sql, params};

/// A message claimed for sending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    /// The message.
    pub id: String,
    /// The appointment it is for.
    pub appointment_id: String,
    /// How many attempts failed before.
    pub attempts: i64,
}

/// Where an appointment's invitation stands, for the day's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// `queued` or `sent`.
    pub state: String,
    /// Why the last attempt failed, in words.
    pub last_error: Option<String>,
    /// When it was sent.
    pub sent_at: Option<String>,
}

/// Queues an invitation by email for `appointment_id` (in the caller's transaction).
pub fn queue_invitation(
    tx: &mut dyn Sql,
    id: &str,
    appointment_id: &str,
    now_ms: i64,
    now: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO messages (id, appointment_id, channel, kind, state, next_attempt_unix_ms, created_at)
         VALUES ($1, $2, 'email', 'invitation', 'queued', $3, $4)",
        params![id, appointment_id, now_ms, now],
    )?;
    Ok(())
}

/// Whether any message is due at `now_ms` and unclaimed (a read: the sender looks
/// every two seconds, and takes the write lock only when there is work).
pub fn any_due(sql: &mut dyn Sql, now_ms: i64) -> Result<bool> {
    Ok(sql
        .query_opt(
            "SELECT 1 FROM messages WHERE state = 'queued' AND next_attempt_unix_ms <= $1
               AND (claimed_until_unix_ms IS NULL OR claimed_until_unix_ms < $1) LIMIT 1",
            params![now_ms],
        )?
        .is_some())
}

/// Claims up to `limit` messages due at `now_ms` for `lease_ms`.
pub fn claim_due(tx: &mut dyn Sql, now_ms: i64, lease_ms: i64, limit: i64) -> Result<Vec<Due>> {
    let skip = match tx.dialect() {
        Dialect::Postgres => " SKIP LOCKED",
        Dialect::Sqlite => "",
    };
    let lock = for_update(tx);
    let due: Vec<Due> = tx
        .query(
            &format!(
                "SELECT id, appointment_id, attempts FROM messages
                 WHERE state = 'queued' AND next_attempt_unix_ms <= $1
                   AND (claimed_until_unix_ms IS NULL OR claimed_until_unix_ms < $1)
                 ORDER BY next_attempt_unix_ms, id LIMIT $2{lock}{skip}"
            ),
            params![now_ms, limit],
        )?
        .iter()
        .map(|r| {
            Ok(Due {
                id: r.text(0)?,
                appointment_id: r.text(1)?,
                attempts: r.int(2)?,
            })
        })
        .collect::<Result<_>>()?;
    for d in &due {
        tx.execute(
            "UPDATE messages SET claimed_until_unix_ms = $2 WHERE id = $1",
            params![&d.id, now_ms + lease_ms],
        )?;
    }
    Ok(due)
}

/// Marks a message sent.
pub fn sent(tx: &mut dyn Sql, id: &str, at: &str) -> Result<()> {
    tx.execute(
        "UPDATE messages SET state = 'sent', sent_at = $2, claimed_until_unix_ms = NULL, last_error = NULL WHERE id = $1",
        params![id, at],
    )?;
    Ok(())
}

/// Records a failed attempt and when to try again.
pub fn failed(tx: &mut dyn Sql, id: &str, attempts: i64, next_ms: i64, reason: &str) -> Result<()> {
    tx.execute(
        "UPDATE messages SET attempts = $2, next_attempt_unix_ms = $3, claimed_until_unix_ms = NULL, last_error = $4 WHERE id = $1",
        params![id, attempts, next_ms, reason],
    )?;
    Ok(())
}

/// Forgets every claim (SQLite, when the one receiver on the file starts: none of them
/// can be in flight).
pub fn release_claims(sql: &mut dyn Sql) -> Result<u64> {
    sql.execute(
        "UPDATE messages SET claimed_until_unix_ms = NULL WHERE claimed_until_unix_ms IS NOT NULL",
        &[],
    )
}

/// The latest invitation of `appointment_id`.
pub fn latest(sql: &mut dyn Sql, appointment_id: &str) -> Result<Option<Status>> {
    sql.query_opt(
        "SELECT state, last_error, sent_at FROM messages WHERE appointment_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1",
        params![appointment_id],
    )?
    .map(|r| {
        Ok(Status {
            state: r.text(0)?,
            last_error: r.opt_text(1)?,
            sent_at: r.opt_text(2)?,
        })
    })
    .transpose()
}
