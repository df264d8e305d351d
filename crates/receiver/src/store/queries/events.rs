//! The console's audit log: appended to, never changed (the databases refuse UPDATE
//! and DELETE on it).

use crate::domain::record::RecordKey;
use crate::store::Result;
use crate::store::sql::{Row, Sql, params};
use crate::store::staff::ConsoleEvent;

const COLUMNS: &str = "at, staff_id, role, action, submission_id, detail, submission_kid";

fn event(r: &Row) -> Result<ConsoleEvent> {
    Ok(ConsoleEvent {
        at: r.text(0)?,
        staff_id: r.opt_text(1)?,
        role: r.opt_text(2)?,
        action: r.text(3)?,
        submission_id: r.opt_text(4)?,
        detail: r.opt_text(5)?,
        submission_kid: r.opt_text(6)?,
    })
}

/// Appends an event.
pub fn record(sql: &mut dyn Sql, e: &ConsoleEvent) -> Result<()> {
    sql.execute(
        &format!("INSERT INTO console_events ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"),
        params![
            &e.at,
            &e.staff_id,
            &e.role,
            &e.action,
            &e.submission_id,
            &e.detail,
            &e.submission_kid
        ],
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
    rows.iter().map(event).collect()
}

/// Every event about submission `id` (of any of its records), oldest first.
pub fn for_submission(sql: &mut dyn Sql, id: &str) -> Result<Vec<ConsoleEvent>> {
    list(sql, Some(id))
}

/// The events about one record, oldest first: those that name it, and, for the first
/// record under its id (`first`), those from before records were named by their key.
pub fn for_record(sql: &mut dyn Sql, key: &RecordKey, first: bool) -> Result<Vec<ConsoleEvent>> {
    sql.query(
        &format!(
            "SELECT {COLUMNS} FROM console_events WHERE submission_id = $1
             AND (submission_kid = $2 OR (submission_kid IS NULL AND $3 = 1)) ORDER BY seq"
        ),
        params![&key.id, &key.kid, first],
    )?
    .iter()
    .map(event)
    .collect()
}
