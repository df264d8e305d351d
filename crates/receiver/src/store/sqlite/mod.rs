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
//! The schema: [`legacy`] brings files from before versioned migrations up to date,
//! then refinery applies `migrations/sqlite/`.

mod commit;
mod drafts;
mod kiosks;
pub mod legacy;
mod protocols;
mod staff;

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::drafts::Kept;
use super::kiosks::{Device, Kiosk, NewKioskError};
use super::protocols::{ProfileVersion, StoredApproval};
use super::staff::{ConsoleEvent, Session, Staff};
use super::{Invite, Outcome, Result, Row, StoredEvent, StoredSubmission};

mod embedded {
    refinery::embed_migrations!("migrations/sqlite");
}

/// A claim as stored: fingerprint, state, when processing started, and the response
/// once there is one.
type ClaimRow = (String, String, i64, Option<u16>, Option<String>);

/// After this long, a `processing` row is treated as abandoned.
pub const ABANDONED_AFTER_MS: i64 = 60_000;

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
/// kiosks), one for claims, and the committing thread (see [`commit`]).
pub struct SqliteStore {
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
    let has_history: bool = db.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'refinery_schema_history')",
        [],
        |r| r.get(0),
    )?;
    if !has_history {
        return Ok(true);
    }
    let applied: i64 = db.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM refinery_schema_history",
        [],
        |r| r.get(0),
    )?;
    let latest = embedded::migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| i64::from(m.version()))
        .max()
        .unwrap_or(0);
    Ok(applied < latest)
}

impl SqliteStore {
    /// Opens (creating when missing) the database at `path`, bringing an older
    /// schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore> {
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
        connection.execute_batch("PRAGMA synchronous = FULL;")?;
        Ok(SqliteStore {
            connection: Mutex::new(connection),
            claims: Mutex::new(claims),
            committer: Mutex::new(commit::start(path)?),
        })
    }

    fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.connection
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn claims_db(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.claims
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Claims submission `id` as signed by the key with thumbprint `kid` for
    /// processing, or says why not.
    fn begin(&self, id: &str, kid: &str, fingerprint: &str, now_ms: i64) -> Result<Begin> {
        let mut db = self.claims_db();
        // IMMEDIATE: the write lock first, so another process's write (`invite`)
        // between this read and write makes it wait, never fail.
        let tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing: Option<ClaimRow> = tx
            .query_row(
                "SELECT fingerprint, state, started_unix_ms, response_status, response_body FROM submissions WHERE id = ?1 AND kid = ?2",
                [id, kid],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let outcome = match existing {
            Some((stored, _, _, _, _)) if stored != fingerprint => {
                Begin::Decided(Outcome::DifferentPayload)
            }
            Some((_, state, _, Some(status), Some(body))) if state == "done" => {
                Begin::Decided(Outcome::Replay { status, body })
            }
            Some((_, _, started, _, _)) if now_ms - started < ABANDONED_AFTER_MS => {
                Begin::Decided(Outcome::InProgress)
            }
            Some(_) => {
                tx.execute(
                    "UPDATE submissions SET started_unix_ms = ?3 WHERE id = ?1 AND kid = ?2",
                    params![id, kid, now_ms],
                )?;
                Begin::Fresh
            }
            None => {
                tx.execute(
                    "INSERT INTO submissions (id, kid, fingerprint, state, started_unix_ms) VALUES (?1, ?2, ?3, 'processing', ?4)",
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
        self.claims_db().execute(
            "DELETE FROM submissions WHERE id = ?1 AND kid = ?2 AND state = 'processing'",
            [id, kid],
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
            .map_err(Into::into)
    }
}

/// A stored submission from `id, kid, received_at, jws, payload, kiosk`.
fn stored_submission(r: &rusqlite::Row) -> rusqlite::Result<StoredSubmission> {
    Ok(StoredSubmission {
        id: r.get(0)?,
        kid: r.get(1)?,
        received_at: r.get(2)?,
        jws: r.get(3)?,
        payload: r.get(4)?,
        kiosk: r.get(5)?,
    })
}

impl super::Backend for SqliteStore {
    fn earlier(&self, id: &str, kid: &str, fingerprint: &str) -> Result<Option<Outcome>> {
        let found: Option<(String, Option<u16>, Option<String>)> = self
            .db()
            .query_row(
                "SELECT fingerprint, response_status, response_body FROM submissions WHERE id = ?1 AND kid = ?2 AND state = 'done'",
                [id, kid],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        Ok(match found {
            Some((stored, _, _)) if stored != fingerprint => Some(Outcome::DifferentPayload),
            Some((_, Some(status), Some(body))) => Some(Outcome::Replay { status, body }),
            _ => None,
        })
    }

    fn store(&self, row: Row, now_ms: i64) -> Result<Outcome> {
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

    fn release_claims(&self) -> Result<usize> {
        Ok(self
            .claims_db()
            .execute("DELETE FROM submissions WHERE state = 'processing'", [])?)
    }

    fn count(&self) -> Result<u64> {
        Ok(self.db().query_row(
            "SELECT COUNT(*) FROM submissions WHERE state = 'done'",
            [],
            |r| r.get(0),
        )?)
    }

    fn ids(&self) -> Result<Vec<String>> {
        let db = self.db();
        let mut statement =
            db.prepare("SELECT id FROM submissions WHERE state = 'done' ORDER BY received_at, id")?;
        Ok(statement
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn signed_under(&self, id: &str) -> Result<Vec<(String, String)>> {
        let db = self.db();
        let mut statement = db.prepare(
            "SELECT kid, jws FROM submissions WHERE id = ?1 AND state = 'done' ORDER BY received_at, rowid",
        )?;
        Ok(statement
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn submission(&self, id: &str) -> Result<Option<StoredSubmission>> {
        Ok(self
            .db()
            .query_row(
                "SELECT id, kid, received_at, jws, payload, kiosk FROM submissions WHERE id = ?1 AND state = 'done'
                 ORDER BY received_at, rowid LIMIT 1",
                [id],
                stored_submission,
            )
            .optional()?)
    }

    fn recent_submissions(&self, limit: u32) -> Result<Vec<StoredSubmission>> {
        let db = self.db();
        let mut statement = db.prepare(
            "SELECT id, kid, received_at, jws, payload, kiosk FROM submissions WHERE state = 'done'
             ORDER BY received_at DESC, rowid DESC LIMIT ?1",
        )?;
        Ok(statement
            .query_map([limit], stored_submission)?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn audit(&self, id: &str) -> Result<Vec<StoredEvent>> {
        let Some((kid, _)) = self.signed_under(id)?.into_iter().next() else {
            return Ok(Vec::new());
        };
        let db = self.db();
        let mut statement = db.prepare(
            "SELECT at, event, subject FROM audit_events WHERE submission_id = ?1 AND kid = ?2 ORDER BY seq",
        )?;
        Ok(statement
            .query_map([id, kid.as_str()], |r| {
                Ok(StoredEvent {
                    at: r.get(0)?,
                    event: r.get(1)?,
                    subject: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn submission_kiosk(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .db()
            .query_row(
                "SELECT kiosk FROM submissions WHERE id = ?1 AND state = 'done' ORDER BY received_at, rowid LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    fn create_invite(&self, id: &str, token_sha256: &str, created_at: &str) -> Result<()> {
        self.db().execute(
            "INSERT INTO invites (id, token_sha256, created_at) VALUES (?1, ?2, ?3)",
            params![id, token_sha256, created_at],
        )?;
        Ok(())
    }

    fn invite_by_token(&self, token_sha256: &str) -> Result<Option<Invite>> {
        Ok(self
            .db()
            .query_row(
                "SELECT id, kid FROM invites WHERE token_sha256 = ?1",
                [token_sha256],
                |r| {
                    Ok(Invite {
                        id: r.get(0)?,
                        kid: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    fn bind_invite(&self, id: &str, kid: &str) -> Result<bool> {
        let db = self.db();
        db.execute(
            "UPDATE invites SET kid = ?2 WHERE id = ?1 AND kid IS NULL",
            params![id, kid],
        )?;
        let bound: Option<String> =
            db.query_row("SELECT kid FROM invites WHERE id = ?1", [id], |r| r.get(0))?;
        Ok(bound.as_deref() == Some(kid))
    }

    fn keep_draft(&self, invite_id: &str, ciphertext: &[u8], now_ms: i64) -> Result<Kept> {
        drafts::keep(&mut self.db(), invite_id, ciphertext, now_ms)
    }

    fn draft(&self, invite_id: &str, now_ms: i64) -> Result<Option<Vec<u8>>> {
        drafts::get(&self.db(), invite_id, now_ms)
    }

    fn delete_draft(&self, invite_id: &str) -> Result<()> {
        self.db()
            .execute("DELETE FROM drafts WHERE invite_id = ?1", [invite_id])?;
        Ok(())
    }

    fn draft_count(&self) -> Result<u64> {
        Ok(self
            .db()
            .query_row("SELECT COUNT(*) FROM drafts", [], |r| r.get(0))?)
    }

    fn create_kiosk(
        &self,
        name: &str,
        code_sha256: &str,
        now_ms: i64,
        created_at: &str,
    ) -> std::result::Result<(), NewKioskError> {
        kiosks::create(&mut self.db(), name, code_sha256, now_ms, created_at)
    }

    fn enrol_kiosk(
        &self,
        code_sha256: &str,
        kid: &str,
        now_ms: i64,
        enrolled_at: &str,
    ) -> Result<Option<String>> {
        kiosks::enrol(&mut self.db(), code_sha256, kid, now_ms, enrolled_at)
    }

    fn device(&self, kid: &str) -> Result<Option<Device>> {
        kiosks::device(&self.db(), kid)
    }

    fn revoke_kiosk(&self, name: &str, revoked_at: &str) -> Result<bool> {
        let changed = self.db().execute(
            "UPDATE kiosks SET revoked_at = ?2, code_sha256 = NULL, code_expires_unix_ms = NULL WHERE name = ?1 AND revoked_at IS NULL",
            params![name, revoked_at],
        )?;
        Ok(changed == 1)
    }

    fn kiosks(&self) -> Result<Vec<Kiosk>> {
        kiosks::list(&self.db())
    }

    fn invite_staff(&self, staff: &Staff, token_sha256: &str, expires_unix_ms: i64) -> Result<()> {
        staff::invite(&mut self.db(), staff, token_sha256, expires_unix_ms)
    }

    fn staff_invite(&self, token_sha256: &str, now_ms: i64) -> Result<Option<Staff>> {
        staff::invited(&self.db(), token_sha256, now_ms)
    }

    fn register_passkey(
        &self,
        token_sha256: &str,
        now_ms: i64,
        credential_id: &str,
        passkey_json: &str,
        at: &str,
    ) -> Result<Option<Staff>> {
        staff::register_passkey(
            &mut self.db(),
            token_sha256,
            now_ms,
            credential_id,
            passkey_json,
            at,
        )
    }

    fn passkey(&self, credential_id: &str) -> Result<Option<(Staff, String)>> {
        staff::passkey(&self.db(), credential_id)
    }

    fn update_passkey(&self, credential_id: &str, passkey_json: &str, at: &str) -> Result<()> {
        self.db().execute(
            "UPDATE passkeys SET passkey = ?2, last_used_at = ?3 WHERE credential_id = ?1",
            params![credential_id, passkey_json, at],
        )?;
        Ok(())
    }

    fn staff_member(&self, id: &str) -> Result<Option<Staff>> {
        staff::member(&self.db(), id)
    }

    fn staff_list(&self) -> Result<Vec<Staff>> {
        staff::list(&self.db())
    }

    fn disable_staff(&self, id: &str, at: &str) -> Result<bool> {
        staff::disable(&mut self.db(), id, at)
    }

    fn start_session(&self, id_sha256: &str, staff_id: &str, now_ms: i64) -> Result<()> {
        self.db().execute(
            "INSERT INTO staff_sessions (id_sha256, staff_id, created_unix_ms, last_seen_unix_ms) VALUES (?1, ?2, ?3, ?3)",
            params![id_sha256, staff_id, now_ms],
        )?;
        Ok(())
    }

    fn session(&self, id_sha256: &str) -> Result<Option<Session>> {
        staff::session(&self.db(), id_sha256)
    }

    fn touch_session(&self, id_sha256: &str, now_ms: i64) -> Result<()> {
        self.db().execute(
            "UPDATE staff_sessions SET last_seen_unix_ms = ?2 WHERE id_sha256 = ?1",
            params![id_sha256, now_ms],
        )?;
        Ok(())
    }

    fn end_session(&self, id_sha256: &str, at: &str) -> Result<()> {
        self.db().execute(
            "UPDATE staff_sessions SET ended_at = ?2 WHERE id_sha256 = ?1 AND ended_at IS NULL",
            params![id_sha256, at],
        )?;
        Ok(())
    }

    fn end_sessions(&self, staff_id: &str, at: &str) -> Result<usize> {
        Ok(self.db().execute(
            "UPDATE staff_sessions SET ended_at = ?2 WHERE staff_id = ?1 AND ended_at IS NULL",
            params![staff_id, at],
        )?)
    }

    fn record_console_event(&self, event: &ConsoleEvent) -> Result<()> {
        staff::record(&self.db(), event)
    }

    fn console_events(&self, submission_id: Option<&str>) -> Result<Vec<ConsoleEvent>> {
        staff::events(&self.db(), submission_id)
    }

    fn record_profile_version(&self, version: &ProfileVersion) -> Result<bool> {
        protocols::record_version(&self.db(), version)
    }

    fn profile_versions(&self) -> Result<Vec<ProfileVersion>> {
        protocols::versions(&self.db())
    }

    fn approve_profile(&self, approval: &StoredApproval) -> Result<bool> {
        protocols::approve(&self.db(), approval)
    }

    fn profile_approvals(&self) -> Result<Vec<StoredApproval>> {
        protocols::approvals(&self.db())
    }
}
