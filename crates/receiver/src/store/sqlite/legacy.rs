//! Files written before versioned migrations said their schema version in
//! `PRAGMA user_version` (1 to 4). Such a file is brought to the version 4 shape here,
//! in one transaction, before the migrations run: version 1 claimed submissions by id
//! alone; version 3 added invited visits' drafts; version 4 the clinic's kiosks and
//! the kiosk each submission came from. The first migration is that version 4 schema.

use rusqlite::{Connection, TransactionBehavior};

/// The last schema version said in `PRAGMA user_version`.
pub const LAST_LEGACY_VERSION: i64 = 4;

/// The version 4 tables (the first migration, run here for older files).
const VERSION_4: &str = include_str!("../../../migrations/sqlite/V1__receiver_schema.sql");

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

/// Whether the file was written before versioned migrations (it has the receiver's
/// tables but no migration history), and its `user_version`.
fn shape(db: &Connection) -> rusqlite::Result<(bool, i64)> {
    let version: i64 = db.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let legacy: bool = db.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'submissions')
            AND NOT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'refinery_schema_history')",
        [],
        |r| r.get(0),
    )?;
    Ok((legacy, version))
}

/// Brings a file from before versioned migrations to version 4; any other file is
/// not written to.
pub fn upgrade(db: &mut Connection) -> rusqlite::Result<()> {
    let (legacy, version) = shape(db)?;
    if !legacy || version >= LAST_LEGACY_VERSION {
        return Ok(());
    }
    // The write lock first (IMMEDIATE), so a concurrent writer makes this wait (busy
    // timeout) instead of failing half-way; then look again under the lock.
    let tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (_, version) = shape(&tx)?;
    if version < 2 {
        tx.execute_batch(MIGRATE_1_TO_2)?;
        tx.execute_batch(VERSION_4)?;
        tx.execute_batch(MIGRATE_1_TO_2_COPY)?;
    } else if version < LAST_LEGACY_VERSION {
        tx.execute_batch(VERSION_4)?;
        tx.execute_batch("ALTER TABLE submissions ADD COLUMN kiosk TEXT;")?;
    }
    tx.execute_batch(&format!("PRAGMA user_version = {LAST_LEGACY_VERSION};"))?;
    tx.commit()
}
