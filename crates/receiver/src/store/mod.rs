//! Submissions, their audit trails and invites in SQLite, each submission exactly once.
//!
//! A submission is claimed by its id *and its signer*: the `Idempotency-Key` (the
//! submission id) together with the thumbprint of the key that signed it, and only
//! once the signature was verified. Anyone who learns a submission id can sign
//! something else under it with their own key, but that is another claim: it never
//! blocks, replaces or answers for the genuine one (both are kept, and the second
//! signer of an id is there for staff to see).
//!
//! A claim's row is created in state `processing` and becomes `done` in the same
//! transaction that stores the record, its audit trail and the response. A retry then
//! gets the stored response again; the same id and key with a different JWS is a
//! conflict (422); a retry while the first is still processing is told to wait (409).
//! A `processing` row older than [`ABANDONED_AFTER_MS`] (a crash mid-request) is taken
//! over by the next attempt.
//!
//! The database says its schema version in `PRAGMA user_version`; [`Store::open`]
//! brings an older file up to date in one transaction (version 1 claimed by id alone;
//! version 3 added invited visits' encrypted drafts, see [`drafts`]; version 4 the
//! clinic's kiosks, see [`kiosks`], and the kiosk each submission came from).

mod commit;
pub mod drafts;
pub mod kiosks;

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

/// A claim as stored: fingerprint, state, when processing started, and the response
/// once there is one.
type ClaimRow = (String, String, i64, Option<u16>, Option<String>);

/// After this long, a `processing` row is treated as abandoned.
pub const ABANDONED_AFTER_MS: i64 = 60_000;

/// The schema version this receiver writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 4;

const PRAGMAS: &str = "
PRAGMA journal_mode = WAL;
PRAGMA foreign_keys = ON;
";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS submissions (
    id               TEXT NOT NULL,
    kid              TEXT NOT NULL,
    fingerprint      TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('processing', 'done')),
    started_unix_ms  INTEGER NOT NULL,
    response_status  INTEGER,
    response_body    TEXT,
    received_at      TEXT,
    jws              TEXT,
    payload          TEXT,
    clinic_id        TEXT,
    profile_version  TEXT,
    protocol_version TEXT,
    language         TEXT,
    invite           TEXT,
    kiosk            TEXT,
    PRIMARY KEY (id, kid)
);
CREATE TABLE IF NOT EXISTS audit_events (
    submission_id TEXT NOT NULL,
    kid           TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    at            TEXT NOT NULL,
    event         TEXT NOT NULL,
    subject       TEXT,
    PRIMARY KEY (submission_id, kid, seq),
    FOREIGN KEY (submission_id, kid) REFERENCES submissions (id, kid)
);
CREATE TABLE IF NOT EXISTS invites (
    id            TEXT PRIMARY KEY,
    token_sha256  TEXT NOT NULL UNIQUE,
    kid           TEXT,
    created_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS kiosks (
    name                  TEXT PRIMARY KEY,
    code_sha256           TEXT UNIQUE,
    code_expires_unix_ms  INTEGER,
    kid                   TEXT UNIQUE,
    created_at            TEXT NOT NULL,
    enrolled_at           TEXT,
    revoked_at            TEXT,
    last_submission_at    TEXT
);
CREATE TABLE IF NOT EXISTS drafts (
    invite_id        TEXT PRIMARY KEY REFERENCES invites (id),
    ciphertext       BLOB NOT NULL,
    saved_unix_ms    INTEGER NOT NULL,
    expires_unix_ms  INTEGER NOT NULL
);
";

/// From version 1 (claims by id alone, `kid` filled in once done): the stored
/// submissions and their audit trails move to the version 2 tables; unfinished
/// version 1 claims are dropped (their senders retry).
const MIGRATE_1_TO_2: &str = "
ALTER TABLE submissions RENAME TO submissions_v1;
ALTER TABLE audit_events RENAME TO audit_events_v1;
";
const MIGRATE_1_TO_2_COPY: &str = "
INSERT INTO submissions (id, kid, fingerprint, state, started_unix_ms, response_status,
    response_body, received_at, jws, payload, clinic_id, profile_version, protocol_version,
    language, invite)
  SELECT id, kid, fingerprint, state, started_unix_ms, response_status, response_body,
    received_at, jws, payload, clinic_id, profile_version, protocol_version, language, invite
  FROM submissions_v1 WHERE state = 'done' AND kid IS NOT NULL;
INSERT INTO audit_events (submission_id, kid, seq, at, event, subject)
  SELECT a.submission_id, s.kid, a.seq, a.at, a.event, a.subject
  FROM audit_events_v1 a JOIN submissions_v1 s ON s.id = a.submission_id
  WHERE s.state = 'done' AND s.kid IS NOT NULL;
DROP TABLE audit_events_v1;
DROP TABLE submissions_v1;
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

/// The database: a connection for reads and the small writes (invites, drafts,
/// kiosks), one for claims, and the committing thread (see [`commit`]).
pub struct Store {
    connection: Mutex<Connection>,
    /// Claims are not committed durably on their own (`synchronous = OFF`): a claim
    /// lost in a crash is only a retry, and the record's durable commit covers it.
    claims: Mutex<Connection>,
    committer: Mutex<std::sync::mpsc::Sender<commit::Job>>,
}

/// What to do with a request, given its idempotency key.
#[derive(Debug, PartialEq, Eq)]
pub enum Begin {
    /// First time (or an abandoned attempt): go ahead.
    Fresh,
    /// Already stored: send this response again.
    Replay { status: u16, body: String },
    /// Same key, different JWS.
    DifferentPayload,
    /// Same key, still being processed.
    InProgress,
}

/// A verified submission, ready to store.
pub struct Record<'a> {
    /// The submission id (the idempotency key).
    pub id: &'a str,
    /// The compact JWS as received.
    pub jws: &'a str,
    /// The payload (canonical summary JSON).
    pub payload: &'a str,
    /// The signer's key thumbprint.
    pub kid: &'a str,
    /// The summary itself, for the indexed columns and the audit trail.
    pub summary: &'a candor_core::summary::Summary,
    /// When the receiver received it.
    pub received_at: &'a str,
    /// The enrolled name of the kiosk that signed it, if a kiosk did.
    pub kiosk: Option<&'a str>,
}

/// One stored audit event.
#[derive(Debug, PartialEq, Eq)]
pub struct StoredEvent {
    /// When.
    pub at: String,
    /// What (`received` for the receiver's own event).
    pub event: String,
    /// About what.
    pub subject: Option<String>,
}

/// An invite a clinic issued.
#[derive(Debug, PartialEq, Eq)]
pub struct Invite {
    /// Its id, which the summary names.
    pub id: String,
    /// The key it was first used with, once used.
    pub kid: Option<String>,
}

impl Store {
    /// Opens (creating when missing) the database at `path`, bringing an older
    /// schema up to date.
    pub fn open(path: &Path) -> rusqlite::Result<Store> {
        owner_only(path);
        let mut connection = Connection::open(path)?;
        connection.execute_batch(PRAGMAS)?;
        let version: i64 = connection.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let has_tables: bool = connection.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'submissions')",
            [],
            |r| r.get(0),
        )?;
        // Up to date: nothing is written, so opening never contends with the running
        // receiver (`export` and `invite` open the same file while it serves).
        if !(has_tables && version == SCHEMA_VERSION) {
            // The write lock is taken first (IMMEDIATE), so a concurrent writer makes
            // this wait (busy timeout) instead of failing half-way.
            let tx = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let has_tables: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'submissions')",
                [],
                |r| r.get(0),
            )?;
            if has_tables && version < 2 {
                tx.execute_batch(MIGRATE_1_TO_2)?;
                tx.execute_batch(SCHEMA)?;
                tx.execute_batch(MIGRATE_1_TO_2_COPY)?;
            } else if has_tables && version < 4 {
                tx.execute_batch(SCHEMA)?;
                tx.execute_batch("ALTER TABLE submissions ADD COLUMN kiosk TEXT;")?;
            } else {
                tx.execute_batch(SCHEMA)?;
            }
            tx.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION};"))?;
            tx.commit()?;
        }
        let claims = Connection::open(path)?;
        claims.execute_batch("PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON;")?;
        connection.execute_batch("PRAGMA synchronous = FULL;")?;
        Ok(Store {
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
    /// processing, or says why not. Call only once the signature is verified.
    pub fn begin(
        &self,
        id: &str,
        kid: &str,
        fingerprint: &str,
        now_ms: i64,
    ) -> rusqlite::Result<Begin> {
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
            Some((stored, _, _, _, _)) if stored != fingerprint => Begin::DifferentPayload,
            Some((_, state, _, Some(status), Some(body))) if state == "done" => {
                Begin::Replay { status, body }
            }
            Some((_, _, started, _, _)) if now_ms - started < ABANDONED_AFTER_MS => {
                Begin::InProgress
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

    /// Releases every claim still `processing`: called by `serve` as it starts, when
    /// no request of this file can be in flight (one receiver serves a SQLite file),
    /// so submissions a crashed receiver was storing are taken again at once instead
    /// of after [`ABANDONED_AFTER_MS`]. Returns how many were released.
    pub fn release_claims(&self) -> rusqlite::Result<usize> {
        self.claims_db()
            .execute("DELETE FROM submissions WHERE state = 'processing'", [])
    }

    /// Gives up a claim (the request was refused), so nothing is kept of it.
    pub fn abandon(&self, id: &str, kid: &str) -> rusqlite::Result<()> {
        self.claims_db().execute(
            "DELETE FROM submissions WHERE id = ?1 AND kid = ?2 AND state = 'processing'",
            [id, kid],
        )?;
        Ok(())
    }

    /// Stores the record, its audit trail and the response, in one transaction
    /// shared with whatever other submissions are waiting (see [`commit`]), and
    /// returns once that transaction is durably committed.
    pub fn complete(&self, record: &Record, status: u16, body: &str) -> rusqlite::Result<()> {
        let s = record.summary;
        let (done, answer) = std::sync::mpsc::sync_channel(1);
        let job = commit::Job {
            id: record.id.to_owned(),
            kid: record.kid.to_owned(),
            jws: record.jws.to_owned(),
            payload: record.payload.to_owned(),
            status,
            body: body.to_owned(),
            received_at: record.received_at.to_owned(),
            clinic_id: s.clinic.id.clone(),
            profile_version: s.clinic.profile_version.clone(),
            protocol_version: s.protocol.as_ref().map(|p| p.version.clone()),
            language: s.language.code(),
            invite: s.invite.clone(),
            kiosk: record.kiosk.map(str::to_owned),
            audit: s
                .audit
                .iter()
                .map(|event| {
                    let kind = serde_json::to_value(event.event)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default();
                    (event.at.clone(), kind, event.subject.clone())
                })
                .collect(),
            done,
        };
        self.committer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .send(job)
            .map_err(|_| rusqlite::Error::InvalidQuery)?;
        answer.recv().map_err(|_| rusqlite::Error::InvalidQuery)?
    }

    /// How many submissions are stored (done).
    pub fn count(&self) -> rusqlite::Result<u64> {
        self.db().query_row(
            "SELECT COUNT(*) FROM submissions WHERE state = 'done'",
            [],
            |r| r.get(0),
        )
    }

    /// The ids of the stored submissions, oldest first (an id twice when two keys
    /// signed something under it).
    pub fn ids(&self) -> rusqlite::Result<Vec<String>> {
        let db = self.db();
        let mut statement =
            db.prepare("SELECT id FROM submissions WHERE state = 'done' ORDER BY received_at, id")?;
        statement.query_map([], |r| r.get(0))?.collect()
    }

    /// The JWS stored first for `id`.
    pub fn jws(&self, id: &str) -> rusqlite::Result<Option<String>> {
        Ok(self
            .signed_under(id)?
            .into_iter()
            .next()
            .map(|(_, jws)| jws))
    }

    /// Every record stored under `id` as (key thumbprint, JWS), first received first.
    pub fn signed_under(&self, id: &str) -> rusqlite::Result<Vec<(String, String)>> {
        let db = self.db();
        let mut statement = db.prepare(
            "SELECT kid, jws FROM submissions WHERE id = ?1 AND state = 'done' ORDER BY received_at, rowid",
        )?;
        statement
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect()
    }

    /// The audit trail stored for `id` (the first record under it), in order.
    pub fn audit(&self, id: &str) -> rusqlite::Result<Vec<StoredEvent>> {
        let Some((kid, _)) = self.signed_under(id)?.into_iter().next() else {
            return Ok(Vec::new());
        };
        let db = self.db();
        let mut statement = db.prepare(
            "SELECT at, event, subject FROM audit_events WHERE submission_id = ?1 AND kid = ?2 ORDER BY seq",
        )?;
        statement
            .query_map([id, kid.as_str()], |r| {
                Ok(StoredEvent {
                    at: r.get(0)?,
                    event: r.get(1)?,
                    subject: r.get(2)?,
                })
            })?
            .collect()
    }

    /// Records a new invite by the SHA-256 of its token (the token itself is never stored).
    pub fn create_invite(
        &self,
        id: &str,
        token_sha256: &str,
        created_at: &str,
    ) -> rusqlite::Result<()> {
        self.db().execute(
            "INSERT INTO invites (id, token_sha256, created_at) VALUES (?1, ?2, ?3)",
            params![id, token_sha256, created_at],
        )?;
        Ok(())
    }

    /// The invite whose token has this SHA-256.
    pub fn invite_by_token(&self, token_sha256: &str) -> rusqlite::Result<Option<Invite>> {
        self.db()
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
            .optional()
    }

    /// Binds an unused invite to the key first used with it; false when it is
    /// already bound to another key.
    pub fn bind_invite(&self, id: &str, kid: &str) -> rusqlite::Result<bool> {
        let db = self.db();
        db.execute(
            "UPDATE invites SET kid = ?2 WHERE id = ?1 AND kid IS NULL",
            params![id, kid],
        )?;
        let bound: Option<String> =
            db.query_row("SELECT kid FROM invites WHERE id = ?1", [id], |r| r.get(0))?;
        Ok(bound.as_deref() == Some(kid))
    }
}
