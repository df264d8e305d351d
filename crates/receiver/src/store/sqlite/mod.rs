//! The embedded default: one SQLite file, one receiver.
//!
//! A submission is claimed first: its row is created in state `processing` (on a
//! connection that does not wait for the disk, since a claim lost in a crash is only a
//! retry), and becomes `done` in the transaction that stores the record, its audit
//! trail and the response, written with others waiting by one committing thread (see
//! [`commit`]). A retry while the first is still processing is told to wait; a
//! `processing` row older than [`ABANDONED_AFTER_MS`] (a crash mid-request) is taken
//! over by the next attempt, and `serve` releases them all as it starts.
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

use super::queries::submissions::{EXISTING_COLUMNS, existing};
use super::sql::{Sql, params};
use super::{Outcome, Result, Row};
use crate::domain::idempotency::{self, Claim};

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
/// kiosks, staff), one for claims, and the committing thread (see [`commit`]).
pub struct SqliteEngine {
    connection: Mutex<Connection>,
    /// Claims are not committed durably on their own (`synchronous = OFF`): a claim
    /// lost in a crash is only a retry, and the record's durable commit covers it.
    claims: Mutex<Connection>,
    committer: Mutex<std::sync::mpsc::Sender<commit::Job>>,
}

/// What a claim found.
enum Begin {
    /// First time (or an abandoned attempt): go ahead.
    Fresh,
    /// Already decided: answer this.
    Decided(Outcome),
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
        let claims = Connection::open(path)?;
        claims.execute_batch("PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON;")?;
        claims.busy_timeout(std::time::Duration::from_secs(5))?;
        connection.execute_batch("PRAGMA synchronous = FULL;")?;
        Ok(SqliteEngine {
            connection: Mutex::new(connection),
            claims: Mutex::new(claims),
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
        let mut db = lock(&self.claims);
        let mut tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let answer = f(&mut tx)?;
        tx.commit()?;
        Ok(answer)
    }

    /// Stores a verified submission exactly once: claim, then group commit.
    pub fn store(&self, row: Row, now_ms: i64) -> Result<Outcome> {
        let (id, kid) = (row.id.clone(), row.kid.clone());
        match self.begin(&id, &kid, &row.fingerprint, now_ms)? {
            Begin::Decided(outcome) => Ok(outcome),
            Begin::Fresh => match self.complete(row) {
                Ok(()) => Ok(Outcome::Stored),
                Err(e) => {
                    let _ = self.abandon(&id, &kid);
                    Err(e)
                }
            },
        }
    }

    /// Forgets claims a crashed receiver left; how many.
    pub fn release_claims(&self) -> Result<usize> {
        let released = Sql::execute(
            &mut *lock(&self.claims),
            "DELETE FROM submissions WHERE state = 'processing'",
            &[],
        )?;
        Ok(released as usize)
    }

    /// Claims submission `id` as signed by the key with thumbprint `kid` for
    /// processing, or says why not.
    fn begin(&self, id: &str, kid: &str, fingerprint: &str, now_ms: i64) -> Result<Begin> {
        let mut db = lock(&self.claims);
        let mut tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing = Sql::query_opt(
            &mut tx,
            &format!("SELECT {EXISTING_COLUMNS} FROM submissions WHERE id = $1 AND kid = $2"),
            params![id, kid],
        )?
        .map(|r| existing(&r))
        .transpose()?;
        let outcome = match idempotency::claim(existing.as_ref(), fingerprint, now_ms) {
            Claim::Answer(outcome) => Begin::Decided(outcome),
            Claim::TakeOver => {
                Sql::execute(
                    &mut tx,
                    "UPDATE submissions SET started_unix_ms = $3 WHERE id = $1 AND kid = $2",
                    params![id, kid, now_ms],
                )?;
                Begin::Fresh
            }
            Claim::New => {
                Sql::execute(
                    &mut tx,
                    "INSERT INTO submissions (id, kid, fingerprint, state, started_unix_ms) VALUES ($1, $2, $3, 'processing', $4)",
                    params![id, kid, fingerprint, now_ms],
                )?;
                Begin::Fresh
            }
        };
        tx.commit()?;
        Ok(outcome)
    }

    /// Gives up a claim (storing failed), so nothing is kept of it.
    fn abandon(&self, id: &str, kid: &str) -> Result<()> {
        Sql::execute(
            &mut *lock(&self.claims),
            "DELETE FROM submissions WHERE id = $1 AND kid = $2 AND state = 'processing'",
            params![id, kid],
        )?;
        Ok(())
    }

    /// Hands the row to the committing thread and waits for its durable commit.
    fn complete(&self, row: Row) -> Result<()> {
        let (done, answer) = std::sync::mpsc::sync_channel(1);
        self.committer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .send(commit::Job { row, done })
            .map_err(|_| super::Error::new("the committing thread has stopped"))?;
        answer
            .recv()
            .map_err(|_| super::Error::new("the committing thread has stopped"))?
    }
}
