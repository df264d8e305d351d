//! PostgreSQL, for several receivers behind a load balancer sharing one database.
//!
//! Exactly once rests on the database alone: a submission's row, its audit trail, its
//! kiosk's last-seen time, the end of its draft and the answer kept for retries are
//! written in one transaction whose insert is guarded by the unique (id, signer) key
//! (`queries::submissions::store`, as on SQLite).
//! A second receiver storing the same submission at the same moment waits on that key
//! until the first commits (then answers with the stored receipt) or rolls back (then
//! stores it itself); a receiver that dies mid-transaction leaves nothing behind, so
//! nothing needs releasing and no lock lives in any one process. A wait longer than
//! [`LOCK_WAIT`] answers "in progress" (409), which the widget retries.
//!
//! Each connection keeps its prepared statements ([`statements`]), and stored records
//! are announced to the other receivers after their commit, coalesced ([`notifier`]).
//!
//! The schema is `migrations/postgres/`, applied at start by refinery under an
//! advisory lock, so receivers starting together migrate once.
//!
//! Connections are plain TCP or a Unix socket (`host=/var/run/postgresql`): run the
//! database on the same host or a private network, as a clinic group's database
//! would be; TLS to the database is not built in.

mod devices;
mod listen;
mod notifier;
mod pool;
mod statements;

use super::queries::submissions;
use super::sql::Sql;
use super::{Outcome, Result, Row};

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
    notifier: notifier::Notifier,
    devices: std::sync::Arc<devices::Devices>,
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
        pool.run(|connection| {
            let client = connection.client();
            // Another receiver migrating is waited for, however long it takes.
            client.batch_execute("SET lock_timeout = 0")?;
            client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
            let migrated = embedded::migrations::runner().run(client);
            client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])?;
            client.batch_execute(&format!("SET lock_timeout = '{LOCK_WAIT}'"))?;
            migrated?;
            Ok(())
        })?;
        let devices = std::sync::Arc::new(devices::Devices::default());
        listen::start(url, changes, devices.clone())?;
        Ok(PostgresEngine {
            pool,
            notifier: notifier::Notifier::start(url)?,
            devices,
        })
    }

    /// Runs `f` on one of the connections.
    pub fn run<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn Sql) -> Result<R> + Send + 'static,
    ) -> Result<R> {
        self.pool.run(move |connection| f(connection))
    }

    /// Runs `f` in a transaction, committed when `f` succeeds.
    pub fn run_tx<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn Sql) -> Result<R> + Send + 'static,
    ) -> Result<R> {
        self.pool.run(move |connection| {
            let mut tx = connection.transaction()?;
            let answer = f(&mut tx)?;
            tx.commit()?;
            Ok(answer)
        })
    }

    /// What the device key `kid` is: as this receiver keeps it, or as `read` from the
    /// database (see [`devices`]).
    pub fn device(
        &self,
        kid: &str,
        read: impl FnOnce() -> Result<Option<super::kiosks::Device>>,
    ) -> Result<Option<super::kiosks::Device>> {
        self.devices.lookup(kid, read)
    }

    /// Stores a verified submission exactly once, in one transaction; once it is
    /// committed, every receiver sharing the database is told (see [`notifier`]).
    pub fn store(&self, row: Row, now_ms: i64) -> Result<Outcome> {
        let outcome = self
            .pool
            .run(move |connection| store_row(connection, &row, now_ms))?;
        if outcome == Outcome::Stored {
            self.notifier.stored();
        }
        Ok(outcome)
    }
}

/// Writes the submission in one transaction, or says why not.
fn store_row(connection: &mut statements::Connection, row: &Row, now_ms: i64) -> Result<Outcome> {
    let mut tx = connection.transaction()?;
    match submissions::store(&mut tx, row, now_ms) {
        Ok(Outcome::Stored) => {
            tx.commit()?;
            Ok(Outcome::Stored)
        }
        // Stored already (by this receiver or another): the transaction is dropped.
        Ok(answer) => Ok(answer),
        Err(e) if e.lock_not_available() => Ok(Outcome::InProgress),
        Err(e) => Err(e),
    }
}
