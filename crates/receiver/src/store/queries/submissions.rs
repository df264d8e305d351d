//! Stored submissions: what a retry is answered, the record's own rows (its audit
//! trail, its kiosk's last-seen time, the end of its draft), and what the console and
//! the command line read. A submission is stored exactly once by [`store`], in the
//! transaction each engine gives it (SQLite's group commit, PostgreSQL's one
//! transaction per submission).

use std::sync::LazyLock;

use super::webhook_deliveries::{self, Heard};
use super::{for_update, insertion_order};
use crate::domain::idempotency::{Claim, Existing, answer, claim};
use crate::domain::record::RecordKey;
use crate::domain::review::ReviewState;
use crate::store::places::{attach, record_place, subject_place};
use crate::store::sql::{Row as SqlRow, Sql, Value, params};
use crate::store::{Outcome, Result, Row, StoredEvent, StoredSubmission};

const STORED: &str = "id, kid, received_at, jws, payload, kiosk";

/// A stored record, its summary and JWS opened.
fn stored(sql: &dyn Sql, r: &SqlRow) -> Result<StoredSubmission> {
    let (id, kid) = (r.text(0)?, r.text(1)?);
    let payload = sql.open(&record_place("submissions.payload", &id, &kid), &r.text(4)?)?;
    let jws = attach(
        &sql.open(&record_place("submissions.jws", &id, &kid), &r.text(3)?)?,
        &payload,
    );
    Ok(StoredSubmission {
        received_at: r.text(2)?,
        jws,
        payload,
        kiosk: r.opt_text(5)?,
        id,
        kid,
    })
}

/// What a stored row is, for the idempotency rules: from `fingerprint, state,
/// started_unix_ms, response_status, response_body`.
pub fn existing(r: &SqlRow) -> Result<Existing> {
    let response = match (r.opt_int(3)?, r.opt_text(4)?) {
        (Some(status), Some(body)) => u16::try_from(status).ok().map(|s| (s, body)),
        _ => None,
    };
    Ok(Existing {
        fingerprint: r.text(0)?,
        done: r.text(1)? == "done",
        started_unix_ms: r.int(2)?,
        response,
    })
}

/// The columns [`existing`] reads.
pub const EXISTING_COLUMNS: &str =
    "fingerprint, state, started_unix_ms, response_status, response_body";

/// What is already stored for `id` signed by `kid`.
pub fn earlier(
    sql: &mut dyn Sql,
    id: &str,
    kid: &str,
    fingerprint: &str,
) -> Result<Option<Outcome>> {
    sql.query_opt(
        &format!("SELECT {EXISTING_COLUMNS} FROM submissions WHERE id = $1 AND kid = $2 AND state = 'done'"),
        params![id, kid],
    )?
    .map(|r| Ok(answer(&existing(&r)?, fingerprint)))
    .transpose()
    .map(Option::flatten)
}

/// The columns of a completed record, in the order [`record_values`] gives them.
const RECORD_COLUMNS: &str = "fingerprint, response_status, response_body, received_at, jws, payload, clinic_id, profile_version, protocol_version, language, invite, kiosk, patient_name, treatments, highest_severity, flag_rank, source, profile_sha256, review_state, consent_outcome";

/// The values of [`RECORD_COLUMNS`] for `row`.
fn record_values(row: &Row) -> Vec<Value> {
    vec![
        Value::from(&row.fingerprint),
        Value::from(row.status),
        Value::from(&row.body),
        Value::from(&row.received_at),
        Value::from(&row.jws),
        Value::from(&row.payload),
        Value::from(&row.clinic_id),
        Value::from(&row.profile_version),
        Value::from(&row.protocol_version),
        Value::from(row.language),
        Value::from(&row.invite),
        Value::from(&row.kiosk),
        Value::from(&row.listing.patient_name),
        Value::from(&row.listing.treatments),
        Value::from(row.listing.highest_severity),
        Value::Int(row.listing.flag_rank),
        Value::from(&row.listing.source),
        Value::from(&row.listing.profile_sha256),
        Value::from(row.listing.review_state),
        Value::from(row.listing.consent_outcome),
    ]
}

/// The statement that inserts a record unless its (id, signer) is there already,
/// marked as a collision when another key signed something stored under its id; it
/// returns that mark and which of its webhook events are heard (no row when it
/// inserted nothing).
static INSERT: LazyLock<String> = LazyLock::new(|| {
    let columns = RECORD_COLUMNS.split(", ").count();
    let placeholders: Vec<String> = (0..columns).map(|i| format!("${}", i + 4)).collect();
    format!(
        "INSERT INTO submissions (id, kid, state, started_unix_ms, collision, {RECORD_COLUMNS})
         VALUES ($1, $2, 'done', $3, CASE WHEN EXISTS (SELECT 1 FROM submissions o
             WHERE o.id = $1 AND o.kid <> $2 AND o.state = 'done') THEN 1 ELSE 0 END, {})
         ON CONFLICT (id, kid) DO NOTHING RETURNING collision, {}",
        placeholders.join(", "),
        webhook_deliveries::heard_columns(columns + 4)
    )
});

/// What inserting a record found.
struct Inserted {
    /// Another key signed something under its id.
    collision: bool,
    /// Which of its webhook events an endpoint hears of.
    heard: Heard,
}

/// Inserts the record unless it is there already (`None` then).
fn insert(tx: &mut dyn Sql, values: &[Value]) -> Result<Option<Inserted>> {
    tx.query_opt(&INSERT, values)?
        .map(|r| {
            Ok(Inserted {
                collision: r.flag(0)?,
                heard: Heard {
                    received: r.flag(1)?,
                    declined: r.flag(2)?,
                },
            })
        })
        .transpose()
}

/// Stores `row` in the transaction `tx`, with its parts ([`write_parts`]), unless its
/// id and signer are there already: then says what the request is answered instead
/// (the rules are [`crate::domain::idempotency`]'s). The caller commits when this says
/// [`Outcome::Stored`], and only then answers.
///
/// Exactly once rests on the (id, kid) key and the transaction: on SQLite one thread
/// writes every submission, so a duplicate behind the first (in the same batch or a
/// later one) finds it and is answered with its receipt once that commits; on
/// PostgreSQL a duplicate's insert waits on the first's uncommitted key, then finds it.
pub fn store(tx: &mut dyn Sql, row: &Row, now_ms: i64) -> Result<Outcome> {
    let mut values = Vec::with_capacity(3 + 20 + 2);
    values.extend([
        Value::from(&row.id),
        Value::from(&row.kid),
        Value::Int(now_ms),
    ]);
    values.extend(record_values(row));
    values.extend(webhook_deliveries::heard_patterns());
    let inserted = match insert(tx, &values)? {
        Some(inserted) => inserted,
        None => {
            let found = tx.query_one(
                &format!("SELECT {EXISTING_COLUMNS} FROM submissions WHERE id = $1 AND kid = $2"),
                params![&row.id, &row.kid],
            )?;
            match claim(Some(&existing(&found)?), &row.fingerprint, now_ms) {
                Claim::Answer(outcome) => return Ok(outcome),
                Claim::New => return Ok(Outcome::InProgress),
                // A claim an earlier version left when it crashed (SQLite): it goes.
                Claim::TakeOver => {
                    tx.execute(
                        "DELETE FROM submissions WHERE id = $1 AND kid = $2 AND state = 'processing'",
                        params![&row.id, &row.kid],
                    )?;
                    match insert(tx, &values)? {
                        Some(inserted) => inserted,
                        None => return Ok(Outcome::InProgress),
                    }
                }
            }
        }
    };
    write_parts(tx, row, &inserted)?;
    Ok(Outcome::Stored)
}

/// Audit events written by one statement.
const AUDIT_ROWS: usize = 1_000;

/// What goes with a record in its transaction: the audit trail (one statement,
/// however long it is), the other records under its id marked when it is a
/// collision, its kiosk's last submission, the end of its draft, and the webhook
/// events heard.
fn write_parts(tx: &mut dyn Sql, row: &Row, inserted: &Inserted) -> Result<()> {
    // Rows of 6 values, at most AUDIT_ROWS a statement (SQLite binds at most 32,766).
    for (chunk, events) in row.audit.chunks(AUDIT_ROWS).enumerate() {
        let mut sql = String::from(
            "INSERT INTO audit_events (submission_id, kid, seq, at, event, subject) VALUES ",
        );
        let mut values = Vec::with_capacity(events.len() * 6);
        for (i, (at, event, subject)) in events.iter().enumerate() {
            let n = values.len();
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${})",
                n + 1,
                n + 2,
                n + 3,
                n + 4,
                n + 5,
                n + 6
            ));
            values.extend([
                Value::from(&row.id),
                Value::from(&row.kid),
                Value::Int((chunk * AUDIT_ROWS + i) as i64),
                Value::from(at),
                Value::from(event),
                Value::from(subject),
            ]);
        }
        tx.execute(&sql, &values)?;
    }
    // Another key signed something under this id: both records say so (this one
    // did as it was inserted).
    if inserted.collision {
        tx.execute(
            "UPDATE submissions SET collision = 1 WHERE id = $1 AND kid <> $2 AND state = 'done'",
            params![&row.id, &row.kid],
        )?;
    }
    if let Some(kiosk) = &row.kiosk {
        tx.execute(
            "UPDATE kiosks SET last_submission_at = $2 WHERE name = $1",
            params![kiosk, &row.received_at],
        )?;
    }
    // An invited visit's draft goes with its submission, in the same transaction.
    if let Some(invite) = &row.invite {
        tx.execute("DELETE FROM drafts WHERE invite_id = $1", params![invite])?;
    }
    // The clinic's systems hear of it once it is stored, never before. (The console's
    // live pages are told by the engine after the commit: `Store::announce`.)
    webhook_deliveries::emit_stored(tx, row, inserted.heard)
}

/// How many submissions are stored.
pub fn count(sql: &mut dyn Sql) -> Result<u64> {
    Ok(sql
        .query_one("SELECT COUNT(*) FROM submissions WHERE state = 'done'", &[])?
        .int(0)?
        .unsigned_abs())
}

/// Every stored id, oldest first.
pub fn ids(sql: &mut dyn Sql) -> Result<Vec<String>> {
    let order = insertion_order(sql, "stored_order");
    sql.query(
        &format!("SELECT id FROM submissions WHERE state = 'done' ORDER BY received_at, {order}"),
        &[],
    )?
    .iter()
    .map(|r| r.text(0))
    .collect()
}

/// Every record under `id` as (key thumbprint, JWS), first received first.
pub fn signed_under(sql: &mut dyn Sql, id: &str) -> Result<Vec<(String, String)>> {
    let order = insertion_order(sql, "stored_order");
    let rows = sql.query(
        &format!("SELECT {STORED} FROM submissions WHERE id = $1 AND state = 'done' ORDER BY received_at, {order}"),
        params![id],
    )?;
    rows.iter()
        .map(|r| stored(sql, r).map(|s| (s.kid, s.jws)))
        .collect()
}

/// The record first received under `id`.
pub fn first_under(sql: &mut dyn Sql, id: &str) -> Result<Option<StoredSubmission>> {
    let order = insertion_order(sql, "stored_order");
    sql.query_opt(
        &format!(
            "SELECT {STORED} FROM submissions WHERE id = $1 AND state = 'done' ORDER BY received_at, {order} LIMIT 1"
        ),
        params![id],
    )?
    .map(|r| stored(sql, &r))
    .transpose()
}

/// The `limit` records received last, newest first.
pub fn recent(sql: &mut dyn Sql, limit: u32) -> Result<Vec<StoredSubmission>> {
    let order = insertion_order(sql, "stored_order");
    let rows = sql.query(
        &format!(
            "SELECT {STORED} FROM submissions WHERE state = 'done' ORDER BY received_at DESC, {order} DESC LIMIT $1"
        ),
        params![i64::from(limit)],
    )?;
    rows.iter().map(|r| stored(sql, r)).collect()
}

/// The audit trail of the record first received under `id`, in order.
pub fn audit(sql: &mut dyn Sql, id: &str) -> Result<Vec<StoredEvent>> {
    let Some(first) = first_under(sql, id)? else {
        return Ok(Vec::new());
    };
    audit_of(
        sql,
        &RecordKey {
            id: id.to_owned(),
            kid: first.kid,
        },
    )
}

/// The record `key`.
pub fn by_key(sql: &mut dyn Sql, key: &RecordKey) -> Result<Option<StoredSubmission>> {
    sql.query_opt(
        &format!("SELECT {STORED} FROM submissions WHERE id = $1 AND kid = $2 AND state = 'done'"),
        params![&key.id, &key.kid],
    )?
    .map(|r| stored(sql, &r))
    .transpose()
}

/// Whether `key` is the record first received under its id (events from before
/// records were named by their key concern that one).
pub fn is_first(sql: &mut dyn Sql, key: &RecordKey) -> Result<bool> {
    Ok(first_under(sql, &key.id)?.is_some_and(|s| s.kid == key.kid))
}

/// The audit trail of the record `key`, in order.
pub fn audit_of(sql: &mut dyn Sql, key: &RecordKey) -> Result<Vec<StoredEvent>> {
    let rows = sql.query(
        "SELECT at, event, subject, seq FROM audit_events WHERE submission_id = $1 AND kid = $2 ORDER BY seq",
        params![&key.id, &key.kid],
    )?;
    rows.iter()
        .map(|r| {
            let place = subject_place(&key.id, &key.kid, r.int(3)?);
            Ok(StoredEvent {
                at: r.text(0)?,
                event: r.text(1)?,
                subject: sql.open_opt(&place, r.opt_text(2)?.as_deref())?,
            })
        })
        .collect()
}

/// Where the review of record `key` stands, held until the transaction ends
/// (PostgreSQL) so two reviews of one record are applied one after the other.
pub fn review_state(tx: &mut dyn Sql, key: &RecordKey) -> Result<Option<ReviewState>> {
    let lock = for_update(tx);
    tx.query_opt(
        &format!("SELECT review_state FROM submissions WHERE id = $1 AND kid = $2 AND state = 'done'{lock}"),
        params![&key.id, &key.kid],
    )?
    .map(|r| Ok(ReviewState::from_stored(&r.opt_text(0)?.unwrap_or_default())))
    .transpose()
}

/// Keeps the review state of record `key`.
pub fn set_review_state(tx: &mut dyn Sql, key: &RecordKey, state: &ReviewState) -> Result<()> {
    tx.execute(
        "UPDATE submissions SET review_state = $3 WHERE id = $1 AND kid = $2",
        params![&key.id, &key.kid, state.stored()],
    )?;
    Ok(())
}
