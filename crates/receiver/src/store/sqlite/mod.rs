//! The embedded default: one SQLite file, one receiver.
//!
//! A submission is decided and stored by one committing thread (see [`commit`]): in
//! the transaction that writes it with every other submission waiting, its id and
//! signer are looked up and, when new, the record, its audit trail and the response
//! are written; one durable commit, then every caller of the batch is answered. A
//! duplicate arriving while the first is being stored is answered with the first's
//! receipt once that commit is durable. (Receivers before this one claimed a
//! submission first, as a `processing` row on another connection; one such row left
//! by a crash is taken over after [`ABANDONED_AFTER_MS`], and `serve` releases them all
//! as it starts.)
//!
//! Every other query is [`crate::store::queries`]', run on [`SqliteEngine::run`]'s
//! connection or in [`SqliteEngine::run_tx`]'s transaction.
//!
//! The schema: [`legacy`] brings files from before versioned migrations up to date,
//! then refinery applies `migrations/sqlite/`.

mod commit;
pub mod legacy;

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, TransactionBehavior};

use super::sql::Sql;
use super::{Outcome, Result, Row};

mod embedded {
    refinery::embed_migrations!("migrations/sqlite");
}

/// After this long, a `processing` row is treated as abandoned.
pub use crate::domain::idempotency::ABANDONED_AFTER_MS;

const PRAGMAS: &str = "
PRAGMA journal_mode = WAL;
PRAGMA foreign_keys = ON;
";

/// Makes the database file readable and writable by its owner only (0600), creating
/// it so when missing: it holds health data. SQLite gives its `-wal` and `-shm` files
/// the database file's permissions.
fn owner_only(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let _ = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path);
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// The SQLite file: a connection for reads and the small writes (invites, drafts,
/// kiosks, staff), one for what may be lost in a crash, and the committing thread
/// (see [`commit`]).
pub struct SqliteEngine {
    connection: Mutex<Connection>,
    /// Writes whose loss in a crash costs only a retry (a sign-in ceremony, an
    /// allowance), not committed durably on their own (`synchronous = OFF`).
    volatile: Mutex<Connection>,
    committer: Mutex<std::sync::mpsc::Sender<commit::Job>>,
}

/// Whether the migrations have anything left to apply (so an up-to-date file is
/// opened without writing: `export` and `invite` open it while the receiver serves).
fn migrations_pending(db: &mut Connection) -> Result<bool> {
    let has_history = Sql::query_opt(
        db,
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'refinery_schema_history'",
        &[],
    )?
    .is_some();
    if !has_history {
        return Ok(true);
    }
    let applied = Sql::query_one(
        db,
        "SELECT COALESCE(MAX(version), 0) FROM refinery_schema_history",
        &[],
    )?
    .int(0)?;
    let latest = embedded::migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| i64::from(m.version()))
        .max()
        .unwrap_or(0);
    Ok(applied < latest)
}

fn lock(m: &Mutex<Connection>) -> std::sync::MutexGuard<'_, Connection> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl SqliteEngine {
    /// Opens (creating when missing) the database at `path`, bringing an older
    /// schema up to date.
    pub fn open(path: &Path) -> Result<SqliteEngine> {
        owner_only(path);
        let mut connection = Connection::open(path)?;
        connection.execute_batch(PRAGMAS)?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        legacy::upgrade(&mut connection)?;
        if migrations_pending(&mut connection)? {
            embedded::migrations::runner().run(&mut connection)?;
        }
        let volatile = Connection::open(path)?;
        volatile.execute_batch("PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON;")?;
        volatile.busy_timeout(std::time::Duration::from_secs(5))?;
        connection.execute_batch("PRAGMA synchronous = FULL;")?;
        Ok(SqliteEngine {
            connection: Mutex::new(connection),
            volatile: Mutex::new(volatile),
            committer: Mutex::new(commit::start(path)?),
        })
    }

    /// Runs `f` on the connection.
    pub fn run<R>(&self, f: impl FnOnce(&mut dyn Sql) -> Result<R>) -> Result<R> {
        f(&mut *lock(&self.connection))
    }

    /// Runs `f` in a transaction that holds the write lock from its start (IMMEDIATE:
    /// another process's write makes it wait, never fail half-way), committed when
    /// `f` succeeds.
    pub fn run_tx<R>(&self, f: impl FnOnce(&mut dyn Sql) -> Result<R>) -> Result<R> {
        let mut db = lock(&self.connection);
        let mut tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let answer = f(&mut tx)?;
        tx.commit()?;
        Ok(answer)
    }

    /// Runs `f` in a transaction on the connection that does not wait for the disk.
    pub fn run_volatile_tx<R>(&self, f: impl FnOnce(&mut dyn Sql) -> Result<R>) -> Result<R> {
        let mut db = lock(&self.volatile);
        let mut tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let answer = f(&mut tx)?;
        tx.commit()?;
        Ok(answer)
    }

    /// Stores a verified submission exactly once: decided and written by the
    /// committing thread, in its next group commit (see [`commit`]); returns once that
    /// commit is durable.
    pub fn store(&self, row: Row, now_ms: i64) -> Result<Outcome> {
        let stopped = || super::Error::new("the committing thread has stopped");
        let (done, answer) = std::sync::mpsc::sync_channel(1);
        self.committer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .send(commit::Job { row, now_ms, done })
            .map_err(|_| stopped())?;
        answer.recv().map_err(|_| stopped())?
    }

    /// Forgets claims a crashed receiver left; how many.
    pub fn release_claims(&self) -> Result<usize> {
        let released = Sql::execute(
            &mut *lock(&self.volatile),
            "DELETE FROM submissions WHERE state = 'processing'",
            &[],
        )?;
        Ok(released as usize)
    }
}
