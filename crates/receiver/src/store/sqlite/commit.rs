//! Group commit: completed submissions are written by one thread with a connection of
//! its own, as many as are waiting in one transaction with one durable commit
//! (`synchronous = FULL`), and each caller is answered only after that commit. Under
//! load, one fsync then covers dozens of submissions instead of one each.

use std::path::Path;
use std::sync::mpsc;

use rusqlite::{Connection, TransactionBehavior, params};

use crate::store::Row;

/// The most submissions written in one transaction.
const MAX_BATCH: usize = 256;

/// A submission to store, with where to say how it went.
pub(super) struct Job {
    pub row: Row,
    pub done: mpsc::SyncSender<rusqlite::Result<()>>,
}

/// Starts the committing thread on the database at `path`; it ends when every sender
/// is dropped (the store with it).
pub(super) fn start(path: &Path) -> rusqlite::Result<mpsc::Sender<Job>> {
    let mut db = Connection::open(path)?;
    db.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
    let (send, jobs) = mpsc::channel::<Job>();
    std::thread::Builder::new()
        .name("candor-commit".into())
        .spawn(move || {
            while let Ok(first) = jobs.recv() {
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match jobs.try_recv() {
                        Ok(job) => batch.push(job),
                        Err(_) => break,
                    }
                }
                if commit(&mut db, &batch).is_ok() {
                    for job in batch {
                        let _ = job.done.send(Ok(()));
                    }
                } else {
                    // One bad job must not fail the others: each alone, its own answer.
                    for job in batch {
                        let result = commit(&mut db, std::slice::from_ref(&job));
                        let _ = job.done.send(result);
                    }
                }
            }
        })
        .map_err(|_| rusqlite::Error::InvalidQuery)?;
    Ok(send)
}

fn commit(db: &mut Connection, batch: &[Job]) -> rusqlite::Result<()> {
    // IMMEDIATE: the write lock first, so another process's write (`invite`) makes this
    // wait (busy timeout), never fail half-way.
    let tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for job in batch {
        write(&tx, &job.row)?;
    }
    tx.commit()
}

/// The record, its audit trail and the response, as one claim becoming `done`.
fn write(tx: &rusqlite::Transaction, row: &Row) -> rusqlite::Result<()> {
    let changed = tx
        .prepare_cached(
            "UPDATE submissions SET state = 'done', response_status = ?2, response_body = ?3, received_at = ?4, jws = ?5,
                    payload = ?6, clinic_id = ?8, profile_version = ?9, protocol_version = ?10, language = ?11, invite = ?12, kiosk = ?13
             WHERE id = ?1 AND kid = ?7 AND state = 'processing'",
        )?
        .execute(params![
            row.id,
            row.status,
            row.body,
            row.received_at,
            row.jws,
            row.payload,
            row.kid,
            row.clinic_id,
            row.profile_version,
            row.protocol_version,
            row.language,
            row.invite,
            row.kiosk
        ])?;
    if changed != 1 {
        // The claim is gone (taken over after a crash, or abandoned): nothing to complete.
        return Err(rusqlite::Error::QueryReturnedNoRows);
    }
    let mut audit = tx.prepare_cached(
        "INSERT INTO audit_events (submission_id, kid, seq, at, event, subject) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (seq, (at, event, subject)) in row.audit.iter().enumerate() {
        audit.execute(params![row.id, row.kid, seq, at, event, subject])?;
    }
    if let Some(kiosk) = &row.kiosk {
        tx.prepare_cached("UPDATE kiosks SET last_submission_at = ?2 WHERE name = ?1")?
            .execute(params![kiosk, row.received_at])?;
    }
    // An invited visit's draft goes with its submission, in the same transaction.
    if let Some(invite) = &row.invite {
        tx.prepare_cached("DELETE FROM drafts WHERE invite_id = ?1")?
            .execute([invite])?;
    }
    Ok(())
}
