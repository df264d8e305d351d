//! PostgreSQL, for several receivers behind a load balancer sharing one database.
//!
//! Exactly once rests on the database alone: a submission's row, its audit trail, its
//! kiosk's last-seen time, the end of its draft and the answer kept for retries are
//! written in one transaction whose insert is guarded by the unique (id, signer) key.
//! A second receiver storing the same submission at the same moment waits on that key
//! until the first commits (then answers with the stored receipt) or rolls back (then
//! stores it itself); a receiver that dies mid-transaction leaves nothing behind, so
//! nothing needs releasing and no lock lives in any one process. A wait longer than
//! [`LOCK_WAIT`] answers "in progress" (409), which the widget retries.
//!
//! The schema is `migrations/postgres/`, applied at start by refinery under an
//! advisory lock, so receivers starting together migrate once.
//!
//! Connections are plain TCP or a Unix socket (`host=/var/run/postgresql`): run the
//! database on the same host or a private network, as a clinic group's database
//! would be; TLS to the database is not built in.

mod listen;
mod pool;

use super::queries::submissions::{
    EXISTING_COLUMNS, RECORD_COLUMNS, existing, record_values, write_parts,
};
use super::sql::{Sql, Value, params};
use super::{Outcome, Result, Row};
use crate::domain::idempotency::answer;

mod embedded {
    refinery::embed_migrations!("migrations/postgres");
}

/// Connections per receiver.
const CONNECTIONS: usize = 8;

/// How long storing a submission waits for another receiver storing the same one
/// (every connection's `lock_timeout`, set as it opens).
pub const LOCK_WAIT: &str = "5s";

/// The advisory lock receivers take while migrating (any constant shared by all).
const MIGRATION_LOCK: i64 = 0x0000_6361_6e64_6f72; // "candor"

/// The connection string with any password replaced by `***`, for messages.
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_once('/').unwrap_or((rest, ""));
    let Some((user_info, host)) = authority.rsplit_once('@') else {
        return url.to_owned();
    };
    let user = user_info.split(':').next().unwrap_or("");
    let hidden = if user_info.contains(':') {
        format!("{user}:***")
    } else {
        user.to_owned()
    };
    let slash = if rest.contains('/') { "/" } else { "" };
    format!("{scheme}://{hidden}@{host}{slash}{tail}")
}

/// The database, through a few connections (see [`pool`]).
pub struct PostgresEngine {
    pool: pool::Pool,
}

impl PostgresEngine {
    /// Connects to `url`, applies the migrations not yet applied, and starts
    /// listening for the changes every receiver on the database announces (told to
    /// `changes`).
    pub fn connect(
        url: &str,
        changes: tokio::sync::broadcast::Sender<()>,
    ) -> Result<PostgresEngine> {
        let pool = pool::Pool::start(url, CONNECTIONS)?;
        pool.run(|client| {
            // Another receiver migrating is waited for, however long it takes.
            client.batch_execute("SET lock_timeout = 0")?;
            client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
            let migrated = embedded::migrations::runner().run(client);
            client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])?;
            client.batch_execute(&format!("SET lock_timeout = '{LOCK_WAIT}'"))?;
            migrated?;
            Ok(())
        })?;
        listen::start(url, changes)?;
        Ok(PostgresEngine { pool })
    }

    /// Runs `f` on one of the connections.
    pub fn run<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn Sql) -> Result<R> + Send + 'static,
    ) -> Result<R> {
        self.pool.run(move |client| f(client))
    }

    /// Runs `f` in a transaction, committed when `f` succeeds.
    pub fn run_tx<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn Sql) -> Result<R> + Send + 'static,
    ) -> Result<R> {
        self.pool.run(move |client| {
            let mut tx = client.transaction()?;
            let answer = f(&mut tx)?;
            tx.commit()?;
            Ok(answer)
        })
    }

    /// Stores a verified submission exactly once, in one transaction.
    pub fn store(&self, row: Row, now_ms: i64) -> Result<Outcome> {
        self.pool.run(move |client| store_row(client, &row, now_ms))
    }
}

/// The statement that inserts a record unless its (id, signer) is stored already.
static INSERT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let placeholders: Vec<String> = (0..RECORD_COLUMNS.split(", ").count())
        .map(|i| format!("${}", i + 4))
        .collect();
    format!(
        "INSERT INTO submissions (id, kid, state, started_unix_ms, {RECORD_COLUMNS})
         VALUES ($1, $2, 'done', $3, {}) ON CONFLICT (id, kid) DO NOTHING",
        placeholders.join(", ")
    )
});

/// Writes the submission in one transaction, or says why not.
fn store_row(client: &mut postgres::Client, row: &Row, now_ms: i64) -> Result<Outcome> {
    let mut tx = client.transaction()?;
    let mut values = vec![
        Value::from(&row.id),
        Value::from(&row.kid),
        Value::Int(now_ms),
    ];
    values.extend(record_values(row));
    let inserted = match Sql::execute(&mut tx, &INSERT, &values) {
        Ok(n) => n,
        Err(e) if e.lock_not_available() => return Ok(Outcome::InProgress),
        Err(e) => return Err(e),
    };
    if inserted == 0 {
        // Stored already (by this receiver or another): the transaction is dropped.
        let found = Sql::query_one(
            &mut tx,
            &format!("SELECT {EXISTING_COLUMNS} FROM submissions WHERE id = $1 AND kid = $2"),
            params![&row.id, &row.kid],
        )?;
        return Ok(answer(&existing(&found)?, &row.fingerprint).unwrap_or(Outcome::InProgress));
    }
    write_parts(&mut tx, row)?;
    tx.commit()?;
    Ok(Outcome::Stored)
}
