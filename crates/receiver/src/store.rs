//! Submissions, their audit trails and invites in SQLite, each submission exactly once.
//!
//! A submission's row is created in state `processing` when its `Idempotency-Key` is
//! first seen, and becomes `done` in the same transaction that stores the record, its
//! audit trail and the response. A retry then gets the stored response again; the same
//! key with a different JWS is a conflict (422); a retry while the first is still
//! processing is told to wait (409). A `processing` row older than
//! [`ABANDONED_AFTER_MS`] (a crash mid-request) is taken over by the next attempt.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};

/// After this long, a `processing` row is treated as abandoned.
/// A claimed id as stored: fingerprint, state, when processing started, and the
/// response once there is one.
type ClaimRow = (String, String, i64, Option<u16>, Option<String>);

pub const ABANDONED_AFTER_MS: i64 = 60_000;

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS submissions (
    id               TEXT PRIMARY KEY,
    fingerprint      TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('processing', 'done')),
    started_unix_ms  INTEGER NOT NULL,
    response_status  INTEGER,
    response_body    TEXT,
    received_at      TEXT,
    jws              TEXT,
    payload          TEXT,
    kid              TEXT,
    clinic_id        TEXT,
    profile_version  TEXT,
    protocol_version TEXT,
    language         TEXT,
    invite           TEXT
);
CREATE TABLE IF NOT EXISTS audit_events (
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    seq           INTEGER NOT NULL,
    at            TEXT NOT NULL,
    event         TEXT NOT NULL,
    subject       TEXT,
    PRIMARY KEY (submission_id, seq)
);
CREATE TABLE IF NOT EXISTS invites (
    id            TEXT PRIMARY KEY,
    token_sha256  TEXT NOT NULL UNIQUE,
    kid           TEXT,
    created_at    TEXT NOT NULL
);
";

/// The database.
pub struct Store {
    connection: Mutex<Connection>,
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
    /// Opens (creating when missing) the database at `path`.
    pub fn open(path: &Path) -> rusqlite::Result<Store> {
        let connection = Connection::open(path)?;
        connection.execute_batch(SCHEMA)?;
        Ok(Store {
            connection: Mutex::new(connection),
        })
    }

    fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.connection
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Claims `id` for processing, or says why not.
    pub fn begin(&self, id: &str, fingerprint: &str, now_ms: i64) -> rusqlite::Result<Begin> {
        let mut db = self.db();
        let tx = db.transaction()?;
        let existing: Option<ClaimRow> = tx
            .query_row(
                "SELECT fingerprint, state, started_unix_ms, response_status, response_body FROM submissions WHERE id = ?1",
                [id],
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
                    "UPDATE submissions SET started_unix_ms = ?2 WHERE id = ?1",
                    params![id, now_ms],
                )?;
                Begin::Fresh
            }
            None => {
                tx.execute(
                    "INSERT INTO submissions (id, fingerprint, state, started_unix_ms) VALUES (?1, ?2, 'processing', ?3)",
                    params![id, fingerprint, now_ms],
                )?;
                Begin::Fresh
            }
        };
        tx.commit()?;
        Ok(outcome)
    }

    /// Gives up a claim (the request was refused), so nothing is kept of it.
    pub fn abandon(&self, id: &str) -> rusqlite::Result<()> {
        self.db().execute(
            "DELETE FROM submissions WHERE id = ?1 AND state = 'processing'",
            [id],
        )?;
        Ok(())
    }

    /// Stores the record, its audit trail and the response, in one transaction.
    pub fn complete(&self, record: &Record, status: u16, body: &str) -> rusqlite::Result<()> {
        let mut db = self.db();
        let tx = db.transaction()?;
        let s = record.summary;
        tx.execute(
            "UPDATE submissions SET state = 'done', response_status = ?2, response_body = ?3, received_at = ?4, jws = ?5,
                    payload = ?6, kid = ?7, clinic_id = ?8, profile_version = ?9, protocol_version = ?10, language = ?11, invite = ?12
             WHERE id = ?1 AND state = 'processing'",
            params![
                record.id,
                status,
                body,
                record.received_at,
                record.jws,
                record.payload,
                record.kid,
                s.clinic.id,
                s.clinic.profile_version,
                s.protocol.as_ref().map(|p| p.version.as_str()),
                s.language.code(),
                s.invite
            ],
        )?;
        let mut seq = 0;
        for event in &s.audit {
            let kind = serde_json::to_value(event.event)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            tx.execute(
                "INSERT INTO audit_events (submission_id, seq, at, event, subject) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![record.id, seq, event.at, kind, event.subject],
            )?;
            seq += 1;
        }
        tx.execute(
            "INSERT INTO audit_events (submission_id, seq, at, event, subject) VALUES (?1, ?2, ?3, 'received', ?4)",
            params![record.id, seq, record.received_at, record.kid],
        )?;
        tx.commit()
    }

    /// How many submissions are stored (done).
    pub fn count(&self) -> rusqlite::Result<u64> {
        self.db().query_row(
            "SELECT COUNT(*) FROM submissions WHERE state = 'done'",
            [],
            |r| r.get(0),
        )
    }

    /// The ids of the stored submissions, oldest first.
    pub fn ids(&self) -> rusqlite::Result<Vec<String>> {
        let db = self.db();
        let mut statement =
            db.prepare("SELECT id FROM submissions WHERE state = 'done' ORDER BY received_at, id")?;
        statement.query_map([], |r| r.get(0))?.collect()
    }

    /// The JWS stored for `id`.
    pub fn jws(&self, id: &str) -> rusqlite::Result<Option<String>> {
        self.db()
            .query_row(
                "SELECT jws FROM submissions WHERE id = ?1 AND state = 'done'",
                [id],
                |r| r.get(0),
            )
            .optional()
    }

    /// The audit trail stored for `id`, in order.
    pub fn audit(&self, id: &str) -> rusqlite::Result<Vec<StoredEvent>> {
        let db = self.db();
        let mut statement = db.prepare(
            "SELECT at, event, subject FROM audit_events WHERE submission_id = ?1 ORDER BY seq",
        )?;
        statement
            .query_map([id], |r| {
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
