//! Group commit: verified submissions are written by one thread with a connection of
//! its own, as many as are waiting in one transaction with one durable commit
//! (`synchronous = FULL`), and each caller is answered only after that commit. Under
//! load, one fsync then covers dozens of submissions instead of one each.
//!
//! The idempotency check is made here too, in the same transaction
//! ([`submissions::store`]): this thread is the only writer of submissions, so a
//! submission is decided and written with nothing between, and no claim made on
//! another connection contends with it for the write lock. A duplicate behind the
//! first (in the same batch, or while the first's batch commits) finds it and is
//! answered with its receipt, once that is durable; it is never stored twice.

use std::path::Path;
use std::sync::mpsc;

use rusqlite::{Connection, TransactionBehavior};

use crate::store::queries::submissions;
use crate::store::{Error, Outcome, Result, Row};

/// The most submissions written in one transaction.
const MAX_BATCH: usize = 256;

/// A submission to store at `now_ms`, with where to say how it went.
pub(super) struct Job {
    pub row: Row,
    pub now_ms: i64,
    pub done: mpsc::SyncSender<Result<Outcome>>,
}

/// Starts the committing thread on the database at `path`; it ends when every sender
/// is dropped (the store with it).
pub(super) fn start(path: &Path) -> Result<mpsc::Sender<Job>> {
    let mut db = Connection::open(path)?;
    db.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
    db.busy_timeout(std::time::Duration::from_secs(5))?;
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
                match commit(&mut db, &batch) {
                    Ok(outcomes) => {
                        for (job, outcome) in batch.into_iter().zip(outcomes) {
                            let _ = job.done.send(Ok(outcome));
                        }
                    }
                    // One bad job must not fail the others: each alone, its own answer
                    // (the batch was rolled back, so each is decided again).
                    Err(_) => {
                        for job in batch {
                            let result = commit(&mut db, std::slice::from_ref(&job))
                                .map(|mut outcomes| outcomes.remove(0));
                            let _ = job.done.send(result);
                        }
                    }
                }
            }
        })
        .map_err(|e| Error::new(format!("cannot start the committing thread: {e}")))?;
    Ok(send)
}

/// Decides and writes every job of `batch` in one transaction; what each is answered,
/// in order, once committed.
fn commit(db: &mut Connection, batch: &[Job]) -> Result<Vec<Outcome>> {
    // IMMEDIATE: the write lock first, so another process's write (`invite`) makes this
    // wait (busy timeout), never fail half-way.
    let mut tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let outcomes = batch
        .iter()
        .map(|job| submissions::store(&mut tx, &job.row, job.now_ms))
        .collect::<Result<Vec<_>>>()?;
    tx.commit()?;
    Ok(outcomes)
}
