//! Webhook events and their deliveries: an event is kept (in the transaction of what
//! it tells of) with one delivery per endpoint that hears of it; a delivery is claimed
//! by one receiver at a time (for a lease; `FOR UPDATE SKIP LOCKED` on PostgreSQL), then
//! marked delivered, given a next attempt, or failed for good.

use crate::domain::webhook::{self, Event, EventType};
use crate::store::Result;
use crate::store::sql::{Dialect, Sql, Value, params};

/// Keeps `event` at `now_ms` with a delivery, due at once, to each endpoint enabled
/// that hears of its type; nothing when none does. How many deliveries.
pub fn emit(tx: &mut dyn Sql, event: &Event, now_ms: i64) -> Result<u64> {
    let pattern = format!("%,{},%", event.kind.as_str());
    let listening = "SELECT id FROM webhook_endpoints
         WHERE deleted_at IS NULL AND disabled_at IS NULL AND event_types LIKE $1";
    // The common case (no endpoint, or none for this type) costs one read. (`WHERE
    // true` below: SQLite's grammar needs it before an upsert's ON CONFLICT.)
    if tx.query_opt(listening, params![&pattern])?.is_none() {
        return Ok(0);
    }
    tx.execute(
        "INSERT INTO webhook_events (id, type, body, created_unix_ms) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO NOTHING",
        params![&event.id, event.kind.as_str(), &event.body, now_ms],
    )?;
    tx.execute(
        &format!(
            "INSERT INTO webhook_deliveries (event_id, endpoint_id, state, attempts, next_attempt_unix_ms, created_unix_ms)
             SELECT $2, id, 'pending', 0, $3, $3 FROM ({listening}) e WHERE true
             ON CONFLICT (event_id, endpoint_id) DO NOTHING"
        ),
        params![&pattern, &event.id, now_ms],
    )
}

/// A delivery claimed for sending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    /// The event (its id is the `webhook-id`).
    pub event_id: String,
    /// The endpoint.
    pub endpoint_id: String,
    /// Attempts that failed before.
    pub attempts: i64,
    /// Where it goes.
    pub url: String,
    /// The body, as signed.
    pub body: String,
}

const DUE: &str = "d.state = 'pending' AND d.next_attempt_unix_ms <= $1
      AND (d.claimed_until_unix_ms IS NULL OR d.claimed_until_unix_ms < $1)
      AND e.disabled_at IS NULL AND e.deleted_at IS NULL";

/// Whether any delivery is due at `now_ms` and unclaimed (a read: the sender looks
/// every two seconds and takes the write lock only when there is work).
pub fn any_due(sql: &mut dyn Sql, now_ms: i64) -> Result<bool> {
    Ok(sql
        .query_opt(
            &format!(
                "SELECT 1 FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
                 WHERE {DUE} LIMIT 1"
            ),
            params![now_ms],
        )?
        .is_some())
}

/// Claims up to `limit` deliveries due at `now_ms` for `lease_ms`, oldest first.
pub fn claim_due(tx: &mut dyn Sql, now_ms: i64, lease_ms: i64, limit: i64) -> Result<Vec<Due>> {
    let lock = match tx.dialect() {
        Dialect::Postgres => " FOR UPDATE OF d SKIP LOCKED",
        Dialect::Sqlite => "",
    };
    let due: Vec<Due> = tx
        .query(
            &format!(
                "SELECT d.event_id, d.endpoint_id, d.attempts, e.url, v.body
                 FROM webhook_deliveries d
                 JOIN webhook_endpoints e ON e.id = d.endpoint_id
                 JOIN webhook_events v ON v.id = d.event_id
                 WHERE {DUE}
                 ORDER BY d.next_attempt_unix_ms, d.created_unix_ms, d.event_id LIMIT $2{lock}"
            ),
            params![now_ms, limit],
        )?
        .iter()
        .map(|r| {
            Ok(Due {
                event_id: r.text(0)?,
                endpoint_id: r.text(1)?,
                attempts: r.int(2)?,
                url: r.text(3)?,
                body: r.text(4)?,
            })
        })
        .collect::<Result<_>>()?;
    for d in &due {
        tx.execute(
            "UPDATE webhook_deliveries SET claimed_until_unix_ms = $3 WHERE event_id = $1 AND endpoint_id = $2",
            params![&d.event_id, &d.endpoint_id, now_ms + lease_ms],
        )?;
    }
    Ok(due)
}

/// How an attempt ended, as kept.
#[derive(Clone, Copy, Debug)]
pub struct Attempt<'a> {
    /// The event.
    pub event_id: &'a str,
    /// The endpoint.
    pub endpoint_id: &'a str,
    /// Attempts made, this one included.
    pub attempts: i64,
    /// The endpoint's status, when it answered.
    pub status: Option<u16>,
    /// Why it failed, in words (`None`: delivered).
    pub error: Option<&'a str>,
    /// When the next attempt is due (`None`: no other: delivered, or failed for good).
    pub next_ms: Option<i64>,
    /// When (RFC 3339).
    pub at: &'a str,
}

/// Records an attempt.
pub fn attempted(tx: &mut dyn Sql, a: &Attempt<'_>) -> Result<()> {
    let state = match (a.error, a.next_ms) {
        (None, _) => "delivered",
        (Some(_), Some(_)) => "pending",
        (Some(_), None) => "failed",
    };
    tx.execute(
        "UPDATE webhook_deliveries SET state = $3, attempts = $4, last_status = $5, last_error = $6,
             last_attempt_at = $7, next_attempt_unix_ms = COALESCE($8, next_attempt_unix_ms),
             claimed_until_unix_ms = NULL,
             delivered_at = CASE WHEN $3 = 'delivered' THEN $7 ELSE delivered_at END
         WHERE event_id = $1 AND endpoint_id = $2",
        params![
            a.event_id,
            a.endpoint_id,
            state,
            a.attempts,
            a.status.map(i64::from),
            a.error,
            a.at,
            a.next_ms
        ],
    )?;
    Ok(())
}

/// Forgets every claim (SQLite, when the one receiver on the file starts).
pub fn release_claims(sql: &mut dyn Sql) -> Result<u64> {
    sql.execute(
        "UPDATE webhook_deliveries SET claimed_until_unix_ms = NULL WHERE claimed_until_unix_ms IS NOT NULL",
        &[],
    )
}

/// A delivery as the log shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logged {
    /// The event (the `webhook-id`).
    pub event_id: String,
    /// Its type.
    pub event_type: String,
    /// `pending`, `delivered` or `failed`.
    pub state: String,
    /// Attempts made.
    pub attempts: i64,
    /// The endpoint's last status.
    pub last_status: Option<i64>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When it was last tried.
    pub last_attempt_at: Option<String>,
    /// When the event was made (Unix milliseconds).
    pub created_unix_ms: i64,
}

/// The latest `limit` deliveries to endpoint `endpoint_id`, newest first.
pub fn log(sql: &mut dyn Sql, endpoint_id: &str, limit: i64) -> Result<Vec<Logged>> {
    sql.query(
        "SELECT d.event_id, v.type, d.state, d.attempts, d.last_status, d.last_error, d.last_attempt_at, d.created_unix_ms
         FROM webhook_deliveries d JOIN webhook_events v ON v.id = d.event_id
         WHERE d.endpoint_id = $1 ORDER BY d.created_unix_ms DESC, d.event_id DESC LIMIT $2",
        params![endpoint_id, limit],
    )?
    .iter()
    .map(|r| {
        Ok(Logged {
            event_id: r.text(0)?,
            event_type: r.text(1)?,
            state: r.text(2)?,
            attempts: r.int(3)?,
            last_status: r.opt_int(4)?,
            last_error: r.opt_text(5)?,
            last_attempt_at: r.opt_text(6)?,
            created_unix_ms: r.int(7)?,
        })
    })
    .collect()
}

/// Sends delivery (`event_id`, `endpoint_id`) again from `now_ms`, its retries anew;
/// whether there is such a delivery.
pub fn replay(tx: &mut dyn Sql, event_id: &str, endpoint_id: &str, now_ms: i64) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_unix_ms = $3,
             claimed_until_unix_ms = NULL
         WHERE event_id = $1 AND endpoint_id = $2",
        params![event_id, endpoint_id, now_ms],
    )? > 0)
}

/// Whether any endpoint in use hears of `kind` (so an event's data is gathered only
/// when it will be sent).
fn heard(tx: &mut dyn Sql, kind: EventType) -> Result<bool> {
    Ok(tx
        .query_opt(
            "SELECT 1 FROM webhook_endpoints
             WHERE deleted_at IS NULL AND disabled_at IS NULL AND event_types LIKE $1 LIMIT 1",
            params![format!("%,{},%", kind.as_str())],
        )?
        .is_some())
}

/// The appointment invite `invite_id` was made for.
fn appointment_of(tx: &mut dyn Sql, invite_id: Option<&str>) -> Result<Option<String>> {
    let Some(invite) = invite_id else {
        return Ok(None);
    };
    Ok(tx
        .query_opt(
            "SELECT appointment_id FROM invites WHERE id = $1",
            params![invite],
        )?
        .map(|r| r.opt_text(0))
        .transpose()?
        .flatten())
}

/// Which of a stored record's events an endpoint in use hears of: read by the
/// statement that inserts the record ([`heard_columns`]), so storing a record asks
/// nothing more of the database when no endpoint does (the common case).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Heard {
    /// `submission.received`.
    pub received: bool,
    /// `consent.declined`.
    pub declined: bool,
}

/// The two expressions that read [`Heard`], given [`heard_patterns`] as the
/// parameters `$first` and the one after.
pub fn heard_columns(first: usize) -> String {
    let hears = |n: usize| {
        format!(
            "EXISTS (SELECT 1 FROM webhook_endpoints
             WHERE deleted_at IS NULL AND disabled_at IS NULL AND event_types LIKE ${n})"
        )
    };
    format!("{}, {}", hears(first), hears(first + 1))
}

/// The parameters of [`heard_columns`].
pub fn heard_patterns() -> [Value; 2] {
    [EventType::SubmissionReceived, EventType::ConsentDeclined]
        .map(|kind| Value::Text(format!("%,{},%", kind.as_str())))
}

/// The events of a record just stored (in its transaction), as far as `heard` says an
/// endpoint hears of them: `submission.received` (ids, source, the highest finding's
/// severity, the profile version), and `consent.declined` when the patient declined a
/// treatment's consent.
pub fn emit_stored(tx: &mut dyn Sql, row: &crate::store::Row, heard: Heard) -> Result<()> {
    let received = heard.received;
    let declined = row.listing.consent_outcome == Some("declined") && heard.declined;
    if !(received || declined) {
        return Ok(());
    }
    let appointment = appointment_of(tx, row.invite.as_deref())?;
    let subject = format!("{}\u{1f}{}", row.id, row.kid);
    let now = crate::now_unix_ms();
    if received {
        let data = serde_json::json!({
            "submission_id": row.id,
            "kid": row.kid,
            "appointment_id": appointment,
            "source": row.listing.source,
            "highest_severity": row.listing.highest_severity,
            "profile_version": row.profile_version,
        });
        let event = webhook::event(
            EventType::SubmissionReceived,
            &subject,
            &row.received_at,
            data,
        );
        emit(tx, &event, now)?;
    }
    if declined {
        let data = serde_json::json!({
            "submission_id": row.id,
            "kid": row.kid,
            "appointment_id": appointment,
        });
        let event = webhook::event(EventType::ConsentDeclined, &subject, &row.received_at, data);
        emit(tx, &event, now)?;
    }
    Ok(())
}

/// `appointment.opened` for the appointment invite `invite_id` was made for, if any
/// (in the transaction that notes the invite's first opening).
pub fn emit_opened(tx: &mut dyn Sql, invite_id: &str, at: &str) -> Result<()> {
    if !heard(tx, EventType::AppointmentOpened)? {
        return Ok(());
    }
    let Some(appointment) = appointment_of(tx, Some(invite_id))? else {
        return Ok(());
    };
    let data = serde_json::json!({ "appointment_id": appointment });
    let event = webhook::event(EventType::AppointmentOpened, &appointment, at, data);
    emit(tx, &event, crate::now_unix_ms())?;
    Ok(())
}
