//! The console's audit log: appended to, never changed (the databases refuse UPDATE
//! and DELETE on it), and chained (`domain::chain`): each event is written with its
//! place and hash, and the chain's head moved, in the transaction of the change it
//! records. An event's detail (a note, a decision and its reason) is sealed for its
//! place in the chain.

use crate::domain::chain::{self, Break, Head, Link};
use crate::domain::record::RecordKey;
use crate::store::Result;
use crate::store::places::detail_place;
use crate::store::sql::{Row, Sql, Value, params};
use crate::store::staff::ConsoleEvent;

const COLUMNS: &str = "at, staff_id, role, action, submission_id, detail, submission_kid, chain_n";

fn event(sql: &dyn Sql, r: &Row) -> Result<ConsoleEvent> {
    let detail = match (r.opt_text(5)?, r.opt_int(7)?) {
        (Some(stored), Some(n)) => Some(
            sql.open(&detail_place(n), &stored)
                .unwrap_or_else(|_| "(does not open: changed outside the receiver)".to_owned()),
        ),
        // From before the log was chained (sealed when it is).
        (stored, None) => stored,
        (None, Some(_)) => None,
    };
    Ok(ConsoleEvent {
        at: r.text(0)?,
        staff_id: r.opt_text(1)?,
        role: r.opt_text(2)?,
        action: r.text(3)?,
        submission_id: r.opt_text(4)?,
        detail,
        submission_kid: r.opt_text(6)?,
    })
}

/// The head, held until the transaction ends (PostgreSQL), so events are chained one
/// after the other whichever receiver writes them.
fn locked_head(tx: &mut dyn Sql) -> Result<Head> {
    let lock = super::for_update(tx);
    let r = tx.query_one(
        &format!("SELECT n, hash FROM audit_chain WHERE id = 1{lock}"),
        &[],
    )?;
    Ok(Head {
        n: r.int(0)?,
        hash: r.text(1)?,
    })
}

/// The fields the chain covers, as stored.
fn fields(e: &ConsoleEvent, detail: Option<String>) -> [Option<String>; 7] {
    [
        Some(e.at.clone()),
        e.staff_id.clone(),
        e.role.clone(),
        Some(e.action.clone()),
        e.submission_id.clone(),
        e.submission_kid.clone(),
        detail,
    ]
}

/// Appends an event at the chain's head (in a transaction: the caller's).
pub fn record(tx: &mut dyn Sql, e: &ConsoleEvent) -> Result<()> {
    let head = locked_head(tx)?;
    let n = head.n + 1;
    let detail = tx.seal_opt(&detail_place(n), e.detail.as_deref())?;
    let fields = fields(e, detail);
    let hash = chain::hash(&head.hash, n, &fields);
    let [at, staff, role, action, submission, kid, detail] = fields;
    tx.execute(
        "INSERT INTO console_events (at, staff_id, role, action, submission_id, submission_kid, detail, chain_n, chain_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        params![at, staff, role, action, submission, kid, detail, n, &hash],
    )?;
    tx.execute(
        "UPDATE audit_chain SET n = $1, hash = $2 WHERE id = 1",
        params![n, hash],
    )?;
    Ok(())
}

/// The log, oldest first; only one submission's when given.
pub fn list(sql: &mut dyn Sql, submission_id: Option<&str>) -> Result<Vec<ConsoleEvent>> {
    let rows = match submission_id {
        Some(id) => sql.query(
            &format!("SELECT {COLUMNS} FROM console_events WHERE submission_id = $1 ORDER BY seq"),
            params![id],
        )?,
        None => sql.query(
            &format!("SELECT {COLUMNS} FROM console_events ORDER BY seq"),
            &[],
        )?,
    };
    rows.iter().map(|r| event(sql, r)).collect()
}

/// Every event about submission `id` (of any of its records), oldest first.
pub fn for_submission(sql: &mut dyn Sql, id: &str) -> Result<Vec<ConsoleEvent>> {
    list(sql, Some(id))
}

/// The events about one record, oldest first: those that name it, and, for the first
/// record under its id (`first`), those from before records were named by their key.
pub fn for_record(sql: &mut dyn Sql, key: &RecordKey, first: bool) -> Result<Vec<ConsoleEvent>> {
    let rows = sql.query(
        &format!(
            "SELECT {COLUMNS} FROM console_events WHERE submission_id = $1
             AND (submission_kid = $2 OR (submission_kid IS NULL AND $3 = 1)) ORDER BY seq"
        ),
        params![&key.id, &key.kid, first],
    )?;
    rows.iter().map(|r| event(sql, r)).collect()
}

/// The chain's head as the database keeps it.
pub fn head(sql: &mut dyn Sql) -> Result<Head> {
    let r = sql.query_one("SELECT n, hash FROM audit_chain WHERE id = 1", &[])?;
    Ok(Head {
        n: r.int(0)?,
        hash: r.text(1)?,
    })
}

/// Walks the whole log, in the order it was stored, against its chain.
pub fn verify(
    sql: &mut dyn Sql,
    elsewhere: Option<&Head>,
) -> Result<std::result::Result<Head, Break>> {
    let kept = head(sql)?;
    let links = sql
        .query(
            "SELECT chain_n, chain_hash, at, staff_id, role, action, submission_id, submission_kid, detail
             FROM console_events ORDER BY seq",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(Link {
                n: r.opt_int(0)?,
                hash: r.opt_text(1)?,
                fields: [
                    r.opt_text(2)?,
                    r.opt_text(3)?,
                    r.opt_text(4)?,
                    r.opt_text(5)?,
                    r.opt_text(6)?,
                    r.opt_text(7)?,
                    r.opt_text(8)?,
                ],
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(chain::verify(&links, &kept, elsewhere))
}

/// Seals and chains the next batch of events written before the log was chained (a
/// database from before), in the order they were stored; how many. The append-only
/// triggers are lifted for the batch's transaction only.
pub fn chain_unchained(tx: &mut dyn Sql, batch: i64) -> Result<usize> {
    // The head first: another receiver chaining at the same moment waits here, then
    // finds those rows chained.
    let mut head = locked_head(tx)?;
    let rows = tx.query(
        &format!(
            "SELECT seq, {COLUMNS} FROM console_events WHERE chain_n IS NULL ORDER BY seq LIMIT $1"
        ),
        params![batch],
    )?;
    if rows.is_empty() {
        return Ok(0);
    }
    lift_triggers(tx, true)?;
    for r in &rows {
        let seq = r.int(0)?;
        let e = event(tx, &Row(r.0[1..].to_vec()))?;
        let n = head.n + 1;
        let detail = tx.seal_opt(&detail_place(n), e.detail.as_deref())?;
        let fields = fields(&e, detail.clone());
        let hash = chain::hash(&head.hash, n, &fields);
        tx.execute(
            "UPDATE console_events SET detail = $2, chain_n = $3, chain_hash = $4 WHERE seq = $1",
            &[
                Value::Int(seq),
                Value::from(detail),
                Value::Int(n),
                Value::from(&hash),
            ],
        )?;
        head = Head { n, hash };
    }
    tx.execute(
        "UPDATE audit_chain SET n = $1, hash = $2 WHERE id = 1",
        params![head.n, head.hash],
    )?;
    lift_triggers(tx, false)?;
    Ok(rows.len())
}

/// Drops (`lift`) or restores the triggers that refuse changes to the log.
fn lift_triggers(tx: &mut dyn Sql, lift: bool) -> Result<()> {
    use crate::store::sql::Dialect;
    let statements: &[&str] = match (tx.dialect(), lift) {
        (Dialect::Postgres, true) => {
            &["ALTER TABLE console_events DISABLE TRIGGER console_events_append_only"]
        }
        (Dialect::Postgres, false) => {
            &["ALTER TABLE console_events ENABLE TRIGGER console_events_append_only"]
        }
        (Dialect::Sqlite, true) => &[
            "DROP TRIGGER console_events_no_update",
            "DROP TRIGGER console_events_no_delete",
        ],
        (Dialect::Sqlite, false) => &[
            "CREATE TRIGGER console_events_no_update BEFORE UPDATE ON console_events
             BEGIN SELECT RAISE(ABORT, 'the console audit log is append-only'); END",
            "CREATE TRIGGER console_events_no_delete BEFORE DELETE ON console_events
             BEGIN SELECT RAISE(ABORT, 'the console audit log is append-only'); END",
        ],
    };
    for statement in statements {
        tx.execute(statement, &[])?;
    }
    Ok(())
}
