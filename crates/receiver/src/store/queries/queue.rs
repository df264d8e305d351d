//! The console's queue, from the columns written with each record (never the
//! summaries): newest first, filtered and paginated in the database on indexed
//! columns, so a page costs the same with a hundred records or a hundred thousand.

use super::insertion_order;
use crate::domain::record::RecordKey;
use crate::domain::review::ReviewState;
use crate::store::Result;
use crate::store::places::record_place;
use crate::store::sql::{Row, Sql, Value, params};

/// A record as the queue lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueRow {
    /// Which record.
    pub key: RecordKey,
    /// When the receiver received it.
    pub received_at: String,
    /// The patient's legal name.
    pub patient_name: String,
    /// `kiosk: NAME`, `invite` or `web`.
    pub source: String,
    /// The kiosk that sent it has been revoked since.
    pub kiosk_revoked: bool,
    /// The treatment ids chosen.
    pub treatments: Vec<String>,
    /// The highest finding's severity, if any.
    pub highest_severity: Option<String>,
    /// Where its review stands.
    pub review: ReviewState,
    /// The clinic profile version the widget applied.
    pub profile_sha256: Option<String>,
    /// Another key signed something under the same submission id.
    pub collision: bool,
    /// Its place in the order records were stored (for the next page's cursor).
    pub order: i64,
}

/// Which records a page lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only those whose highest finding has this rank (0 stop, 1 review, 2 caution,
    /// 3 info, 4 none).
    pub flag_rank: Option<i64>,
    /// Only those whose review is in this state (`to_review`, `reviewed`, `escalated`
    /// or `decided`).
    pub review: Option<String>,
}

/// Where a page starts: after this record, in the queue's order (newest first, and
/// among those received in the same second, the last stored first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// The last record's receipt time.
    pub received_at: String,
    /// Its place in the order records were stored.
    pub order: i64,
}

const COLUMNS: &str = "s.id, s.kid, s.received_at, s.patient_name, s.source, k.revoked_at, s.treatments, s.highest_severity, s.review_state, s.profile_sha256, s.collision";

/// The columns selected, with the store order last.
fn columns(sql: &dyn Sql) -> String {
    format!("{COLUMNS}, s.{}", insertion_order(sql, "stored_order"))
}
const FROM: &str = "FROM submissions s LEFT JOIN kiosks k ON k.kid = s.kid";

/// What a sealed listing column holds; a value changed outside the receiver is
/// listed as such rather than hiding the record or failing the page.
fn opened(sql: &dyn Sql, column: &str, key: &RecordKey, stored: Option<String>) -> Option<String> {
    let stored = stored?;
    Some(
        sql.open(&record_place(column, &key.id, &key.kid), &stored)
            .unwrap_or_else(|_| UNOPENED.to_owned()),
    )
}

/// What the queue shows for a sealed value that does not open.
pub const UNOPENED: &str = "(does not open: changed outside the receiver)";

fn row(sql: &dyn Sql, r: &Row) -> Result<QueueRow> {
    let key = RecordKey {
        id: r.text(0)?,
        kid: r.text(1)?,
    };
    let patient_name = opened(sql, "submissions.patient_name", &key, r.opt_text(3)?);
    let treatments = opened(sql, "submissions.treatments", &key, r.opt_text(6)?);
    Ok(QueueRow {
        received_at: r.text(2)?,
        patient_name: patient_name.unwrap_or_default(),
        source: r.opt_text(4)?.unwrap_or_default(),
        kiosk_revoked: r.opt_text(5)?.is_some(),
        treatments: treatments
            .map(|t| {
                t.split(',')
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        highest_severity: r.opt_text(7)?,
        review: ReviewState::from_stored(&r.opt_text(8)?.unwrap_or_default()),
        profile_sha256: r.opt_text(9)?,
        collision: r.flag(10)?,
        order: r.int(11)?,
        key,
    })
}

/// One page of records, newest first: `limit` after `after`, as `filter` says.
pub fn page(
    sql: &mut dyn Sql,
    filter: &Filter,
    after: Option<&Cursor>,
    limit: i64,
) -> Result<Vec<QueueRow>> {
    let mut conditions = vec!["s.state = 'done'".to_owned()];
    let mut values: Vec<Value> = Vec::new();
    let bind = |value: Value, values: &mut Vec<Value>| {
        values.push(value);
        format!("${}", values.len())
    };
    if let Some(rank) = filter.flag_rank {
        conditions.push(format!(
            "s.flag_rank = {}",
            bind(Value::Int(rank), &mut values)
        ));
    }
    match filter.review.as_deref() {
        // Every decision is stored as `decided:<decision>`: a range of the index.
        Some("decided") => {
            conditions.push("s.review_state >= 'decided:' AND s.review_state < 'decided;'".into())
        }
        Some(state) => conditions.push(format!(
            "s.review_state = {}",
            bind(Value::from(state), &mut values)
        )),
        None => {}
    }
    let order = insertion_order(sql, "stored_order");
    if let Some(c) = after {
        let at = bind(Value::from(&c.received_at), &mut values);
        let before = bind(Value::Int(c.order), &mut values);
        conditions.push(format!(
            "(s.received_at < {at} OR (s.received_at = {at} AND s.{order} < {before}))"
        ));
    }
    let limit = bind(Value::Int(limit), &mut values);
    let columns = columns(sql);
    let rows = sql.query(
        &format!(
            "SELECT {columns} {FROM} WHERE {} ORDER BY s.received_at DESC, s.{order} DESC LIMIT {limit}",
            conditions.join(" AND ")
        ),
        &values,
    )?;
    rows.iter().map(|r| row(sql, r)).collect()
}

/// Every record under submission `id`, each with its own key (two when another key
/// signed something under the same id).
pub fn under(sql: &mut dyn Sql, id: &str) -> Result<Vec<QueueRow>> {
    let (columns, order) = (columns(sql), insertion_order(sql, "stored_order"));
    let rows = sql.query(
        &format!("SELECT {columns} {FROM} WHERE s.state = 'done' AND s.id = $1 ORDER BY s.received_at, s.{order}"),
        params![id],
    )?;
    rows.iter().map(|r| row(sql, r)).collect()
}

/// How many records wait in `state`, up to `at_most` (an indexed count that stops
/// there, so its cost does not grow with a backlog).
pub fn waiting(sql: &mut dyn Sql, state: &str, at_most: i64) -> Result<u64> {
    Ok(sql
        .query_one(
            "SELECT COUNT(*) FROM (SELECT 1 FROM submissions WHERE review_state = $1 AND state = 'done' LIMIT $2) w",
            params![state, at_most],
        )?
        .int(0)?
        .unsigned_abs())
}
