//! The outbox: messages waiting to be sent, claimed by one receiver at a time (for a
//! lease; `FOR UPDATE SKIP LOCKED` on PostgreSQL, so receivers sharing the database
//! never claim the same one), then marked sent or given a next attempt.

use super::for_update;
use crate::domain::message::{Channel, Kind};
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
    /// By email or text message.
    pub channel: Channel,
    /// The invitation, the reminder, a check-in or an on-call alert.
    pub kind: Kind,
    /// The check-in a `check_in` or `on_call` message is about.
    pub check_in_id: Option<String>,
}

/// Where an appointment's invitation stands, for the day's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// `queued` or `sent`.
    pub state: String,
    /// By email or text message.
    pub channel: Channel,
    /// The invitation or the reminder.
    pub kind: Kind,
    /// Why the last attempt failed, in words.
    pub last_error: Option<String>,
    /// When it was sent.
    pub sent_at: Option<String>,
}

/// Where a message is queued from: which, for which appointment, through which
/// channel, and when.
#[derive(Clone, Copy, Debug)]
pub struct Queued<'a> {
    /// The message's id.
    pub id: &'a str,
    /// The appointment it is for.
    pub appointment_id: &'a str,
    /// By email or text message.
    pub channel: Channel,
    /// The invitation, the reminder, a check-in or an on-call alert.
    pub kind: Kind,
    /// The check-in a `check_in` or `on_call` message is about.
    pub check_in_id: Option<&'a str>,
    /// Its first attempt, in milliseconds (now, or a check-in's due time).
    pub now_ms: i64,
    /// Now, RFC 3339.
    pub now: &'a str,
}

/// Queues a message (in the caller's transaction).
pub fn queue(tx: &mut dyn Sql, q: &Queued<'_>) -> Result<()> {
    tx.execute(
        "INSERT INTO messages (id, appointment_id, channel, kind, state, next_attempt_unix_ms, created_at, check_in_id)
         VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7)",
        params![
            q.id,
            q.appointment_id,
            q.channel.as_str(),
            q.kind.as_str(),
            q.now_ms,
            q.now,
            q.check_in_id
        ],
    )?;
    Ok(())
}

/// An appointment that may need its reminder: its invitation was sent, it starts
/// before `until_ms` (and after `now_ms`), no invitation of it was opened, no reminder
/// was queued, and its latest invitation went out before `invited_before` (RFC 3339,
/// UTC).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReminderDue {
    /// The appointment.
    pub appointment_id: String,
    /// Its start as given (its offset says the patient's local time).
    pub start: String,
    /// The channel its invitation went by.
    pub channel: Channel,
}

/// The appointments whose reminder is due (see [`ReminderDue`]).
pub fn reminders_due(
    sql: &mut dyn Sql,
    now_ms: i64,
    until_ms: i64,
    invited_before: &str,
) -> Result<Vec<ReminderDue>> {
    sql.query(
        // One row per appointment however often it was invited (sent again), timed
        // from its latest invitation.
        "SELECT a.id, a.start_at, MIN(m.channel), a.start_unix_ms FROM appointments a
         JOIN messages m ON m.appointment_id = a.id AND m.kind = 'invitation' AND m.state = 'sent'
         WHERE a.status = 'booked' AND a.start_unix_ms > $1 AND a.start_unix_ms <= $2
           AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.appointment_id = a.id AND r.kind = 'reminder')
           AND NOT EXISTS (SELECT 1 FROM invites i WHERE i.appointment_id = a.id AND i.opened_at IS NOT NULL)
         GROUP BY a.id, a.start_at, a.start_unix_ms
         HAVING MAX(m.sent_at) < $3
         ORDER BY a.start_unix_ms, a.id",
        params![now_ms, until_ms, invited_before],
    )?
    .iter()
    .map(|r| {
        Ok(ReminderDue {
            appointment_id: r.text(0)?,
            start: r.text(1)?,
            channel: stored_channel(&r.text(2)?)?,
        })
    })
    .collect()
}

fn stored_channel(text: &str) -> Result<Channel> {
    Channel::parse(text)
        .ok_or_else(|| crate::store::Error::new("a message's channel does not read"))
}

fn stored_kind(text: &str) -> Result<Kind> {
    Kind::parse(text).ok_or_else(|| crate::store::Error::new("a message's kind does not read"))
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
                "SELECT id, appointment_id, attempts, channel, kind, check_in_id FROM messages
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
                channel: stored_channel(&r.text(3)?)?,
                kind: stored_kind(&r.text(4)?)?,
                check_in_id: r.opt_text(5)?,
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

/// The latest message of `appointment_id`: one not cancelled (the one sent again)
/// before those cancelled, the reminder once there is one.
pub fn latest(sql: &mut dyn Sql, appointment_id: &str) -> Result<Option<Status>> {
    sql.query_opt(
        "SELECT state, last_error, sent_at, channel, kind FROM messages
         WHERE appointment_id = $1 AND kind IN ('invitation', 'reminder')
         ORDER BY CASE state WHEN 'cancelled' THEN 0 ELSE 1 END DESC,
                  CASE kind WHEN 'reminder' THEN 1 ELSE 0 END DESC, created_at DESC, id DESC LIMIT 1",
        params![appointment_id],
    )?
    .map(|r| {
        Ok(Status {
            state: r.text(0)?,
            last_error: r.opt_text(1)?,
            sent_at: r.opt_text(2)?,
            channel: stored_channel(&r.text(3)?)?,
            kind: stored_kind(&r.text(4)?)?,
        })
    })
    .transpose()
}

/// Cancels the invitation or reminder waiting to be sent for `appointment_id` (the
/// invitation was revoked or sent again); check-ins after the visit stay.
pub fn cancel_queued(tx: &mut dyn Sql, appointment_id: &str) -> Result<u64> {
    tx.execute(
        "UPDATE messages SET state = 'cancelled', claimed_until_unix_ms = NULL
         WHERE appointment_id = $1 AND state = 'queued' AND kind IN ('invitation', 'reminder')",
        params![appointment_id],
    )
}
