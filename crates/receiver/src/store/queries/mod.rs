//! Every query the receiver makes, written once for both databases over [`Sql`]. A
//! function here is given a connection (for a read) or a transaction (for a write that
//! must hold together) by [`Store`](super::Store); where the dialects differ, the
//! fork is explicit and small (the helpers below).

pub mod api_keys;
pub mod appointments;
pub mod ceremonies;
pub mod check_ins;
pub mod drafts;
pub mod events;
pub mod feed;
pub mod incidents;
pub mod invites;
pub mod kiosks;
pub mod messages;
pub mod patients;
pub mod protocols;
pub mod queue;
pub mod scope;
pub mod staff;
pub mod submissions;
pub mod webhook_deliveries;
pub mod webhooks;

use super::sql::{Dialect, Sql};

/// `FOR UPDATE` where a transaction must hold a row until it commits (PostgreSQL);
/// SQLite's write transactions hold the whole database from their start.
pub fn for_update(sql: &dyn Sql) -> &'static str {
    match sql.dialect() {
        Dialect::Postgres => " FOR UPDATE",
        Dialect::Sqlite => "",
    }
}

/// The column that orders a table's rows as they were inserted: SQLite's `rowid`, or
/// PostgreSQL's identity column `column`.
pub fn insertion_order(sql: &dyn Sql, column: &'static str) -> &'static str {
    match sql.dialect() {
        Dialect::Postgres => column,
        Dialect::Sqlite => "rowid",
    }
}

/// Locks `table` against concurrent writers until the transaction ends (PostgreSQL;
/// a SQLite write transaction already holds the database).
pub fn lock_table(sql: &mut dyn Sql, table: &str) -> super::Result<()> {
    if sql.dialect() == Dialect::Postgres {
        sql.execute(
            &format!("LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE"),
            &[],
        )?;
    }
    Ok(())
}

/// The channel receivers sharing a PostgreSQL database hear each other's changes on.
pub const CHANGES_CHANNEL: &str = "candor_queue";

/// Tells every receiver sharing the database that the queue changed, when this
/// transaction commits (PostgreSQL's `NOTIFY`; on SQLite, one receiver holds the file
/// and [`Store::announce`](super::Store::announce) tells its listeners).
pub fn notify(tx: &mut dyn Sql) -> super::Result<()> {
    if tx.dialect() == Dialect::Postgres {
        tx.execute(&format!("NOTIFY {CHANGES_CHANNEL}"), &[])?;
    }
    Ok(())
}
