//! Group commit: completed submissions are written by one thread with a connection of
//! its own, as many as are waiting in one transaction with one durable commit
//! (`synchronous = FULL`), and each caller is answered only after that commit. Under
//! load, one fsync then covers dozens of submissions instead of one each.

use std::path::Path;
use std::sync::{LazyLock, mpsc};

use rusqlite::{Connection, TransactionBehavior};

use crate::store::queries::submissions::{RECORD_COLUMNS, record_values, write_parts};
use crate::store::sql::{Sql, Value};
use crate::store::{Error, Result, Row};

/// The most submissions written in one transaction.
const MAX_BATCH: usize = 256;

/// A submission to store, with where to say how it went.
pub(super) struct Job {
    pub row: Row,
    pub done: mpsc::SyncSender<Result<()>>,
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
        .map_err(|e| Error::new(format!("cannot start the committing thread: {e}")))?;
    Ok(send)
}

fn commit(db: &mut Connection, batch: &[Job]) -> Result<()> {
    // IMMEDIATE: the write lock first, so another process's write (`invite`) makes this
    // wait (busy timeout), never fail half-way.
    let mut tx = db.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for job in batch {
        write(&mut tx, &job.row)?;
    }
    tx.commit()?;
    Ok(())
}

/// The statement that turns a claim into the record: every record column set.
static COMPLETE: LazyLock<String> = LazyLock::new(|| {
    let assignments: Vec<String> = RECORD_COLUMNS
        .split(", ")
        .enumerate()
        .map(|(i, column)| format!("{column} = ${}", i + 3))
        .collect();
    format!(
        "UPDATE submissions SET state = 'done', {} WHERE id = $1 AND kid = $2 AND state = 'processing'",
        assignments.join(", ")
    )
});

/// The record, its audit trail and the response, as one claim becoming `done`.
fn write(tx: &mut dyn Sql, row: &Row) -> Result<()> {
    let mut values = vec![Value::from(&row.id), Value::from(&row.kid)];
    values.extend(record_values(row));
    let changed = tx.execute(&COMPLETE, &values)?;
    if changed != 1 {
        // The claim is gone (taken over after a crash, or abandoned): nothing to complete.
        return Err(Error::new("the submission's claim was taken over"));
    }
    write_parts(tx, row)
}
