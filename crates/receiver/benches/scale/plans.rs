//! Whether a page reads every row: the queries it ran (the store's query log), each run
//! again where its database says how much it read. On SQLite, on a connection of the
//! bench's own to the same file, the statement's virtual-machine steps (every row
//! visited, in a table or an index, costs some); on PostgreSQL, `EXPLAIN ANALYZE`, every
//! scan's rows and the rows its filter removed, over all its loops. A query that reads
//! more than [`MOST_ROWS`] is named, with its plan.

use std::path::Path;

use candor_receiver::store::Store;
use candor_receiver::store::query_log;
use candor_receiver::store::sql::{Dialect, Value, sqlite_placeholders};

/// The most rows a page's query may read at 100,000 records (a fifth of the records:
/// far above any page's 50 rows and their lookups, far below reading every row).
pub const MOST_ROWS: i64 = 20_000;

/// SQLite's virtual-machine steps per row visited, at the least (a step to the row,
/// one to test it): steps above `MOST_ROWS * STEPS_PER_ROW` read too much.
const STEPS_PER_ROW: i64 = 2;

/// The queries `page` runs that read too much, each with what was measured; and how
/// many queries it ran. `sqlite` is the database file, on SQLite.
pub fn heavy_queries(
    store: &Store,
    sqlite: Option<&Path>,
    page: impl FnOnce(),
) -> (Vec<String>, usize) {
    query_log::start();
    page();
    let logged = query_log::stop();
    let ran = logged.len();
    let mut found = Vec::new();
    let direct = sqlite.map(|path| rusqlite::Connection::open(path).expect("the file opens"));
    for q in logged {
        let short: String = q.sql.split_whitespace().collect::<Vec<_>>().join(" ");
        let short: String = short.chars().take(160).collect();
        let heavy = match &direct {
            Some(db) => sqlite_steps(db, &q.sql, &q.params)
                .filter(|steps| *steps > MOST_ROWS * STEPS_PER_ROW)
                .map(|steps| format!("{steps} SQLite steps")),
            None => postgres_rows(store, &q.sql, &q.params)
                .filter(|(rows, _)| *rows > MOST_ROWS)
                .map(|(rows, plan)| format!("{rows} rows read\n      {}", plan.join("\n      "))),
        };
        if let Some(heavy) = heavy {
            found.push(format!("{heavy}\n    in: {short}"));
        }
    }
    (found, ran)
}

/// The virtual-machine steps SQLite takes to run `sql` to its end.
fn sqlite_steps(db: &rusqlite::Connection, sql: &str, params: &[Value]) -> Option<i64> {
    let mut statement = db.prepare(&sqlite_placeholders(sql)).ok()?;
    let mut rows = statement.query(rusqlite::params_from_iter(params)).ok()?;
    while rows.next().ok()?.is_some() {}
    drop(rows);
    Some(i64::from(
        statement.get_status(rusqlite::StatementStatus::VmStep),
    ))
}

/// The rows PostgreSQL's scans read for `sql` (their rows and the rows their filters
/// removed, times their loops), with the plan.
fn postgres_rows(store: &Store, sql: &str, params: &[Value]) -> Option<(i64, Vec<String>)> {
    let explain = format!("EXPLAIN (ANALYZE, TIMING OFF) {sql}");
    let params = params.to_vec();
    let plan: Vec<String> = store
        .read(move |c| {
            assert_eq!(c.dialect(), Dialect::Postgres);
            let rows = c.query(&explain, &params)?;
            Ok(rows
                .iter()
                .filter_map(|r| match r.0.last() {
                    Some(Value::Text(t)) => Some(t.clone()),
                    _ => None,
                })
                .collect())
        })
        .ok()?;
    let mut read = 0;
    let mut loops = 1;
    for line in &plan {
        if line.contains("Scan") {
            let (rows, l) = actual(line);
            loops = l;
            read += rows * l;
        } else if let Some(removed) = line.trim().strip_prefix("Rows Removed by Filter: ") {
            read += removed.trim().parse::<i64>().unwrap_or(0) * loops;
        }
    }
    Some((read, plan))
}

/// `rows` and `loops` of a plan node's "(actual rows=R loops=L)".
fn actual(line: &str) -> (i64, i64) {
    let number = |key: &str| {
        line.split(key)
            .nth(1)
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse::<i64>().ok())
    };
    let after = line.split("actual").nth(1).unwrap_or("");
    let rows = after
        .split("rows=")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    (rows, number("loops=").unwrap_or(1))
}
