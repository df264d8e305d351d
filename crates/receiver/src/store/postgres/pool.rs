//! A few PostgreSQL connections, each owned by a thread of its own.
//!
//! The `postgres` client is synchronous and runs a small async runtime inside; it must
//! not be called from within another one (the receiver's handlers and its tests are
//! async). So every call is a job sent to one of these threads, and the caller waits
//! for its answer: the same blocking call the SQLite backend makes, on any thread.
//! A connection that broke is opened again for the next job. Each connection keeps
//! its prepared statements ([`Connection`]).

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use postgres::{Client, NoTls};

use super::statements::Connection;
use crate::store::{Error, Result};

/// A job: given a connection (or why there is none), it does its work and answers.
type Job = Box<dyn FnOnce(std::result::Result<&mut Connection, Error>) + Send>;

/// The connections, and the queue of work they take from.
pub(super) struct Pool {
    jobs: Mutex<mpsc::Sender<Job>>,
}

/// Opens a connection to `url`, waiting at most [`super::LOCK_WAIT`] for any lock.
fn connect(url: &str) -> Result<Connection> {
    let mut client = Client::connect(url, NoTls)?;
    client.batch_execute(&format!("SET lock_timeout = '{}'", super::LOCK_WAIT))?;
    Ok(Connection::new(client))
}

impl Pool {
    /// Starts `size` threads, each with its own connection to `url`; fails if the
    /// first connection cannot be made.
    pub(super) fn start(url: &str, size: usize) -> Result<Pool> {
        let (send, jobs) = mpsc::channel::<Job>();
        let jobs = Arc::new(Mutex::new(jobs));
        let (ready, first) = mpsc::channel::<Result<()>>();
        for n in 0..size {
            let (url, jobs, ready) = (url.to_owned(), Arc::clone(&jobs), ready.clone());
            std::thread::Builder::new()
                .name(format!("candor-pg-{n}"))
                .spawn(move || work(&url, &jobs, &ready))
                .map_err(|e| Error::new(format!("cannot start a database thread: {e}")))?;
        }
        first
            .recv()
            .map_err(|_| Error::new("the database threads stopped"))??;
        Ok(Pool {
            jobs: Mutex::new(send),
        })
    }

    /// Runs `f` on one of the connections and returns its answer.
    pub(super) fn run<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<R> + Send + 'static,
    ) -> Result<R> {
        let (answer, answered) = mpsc::sync_channel(1);
        let job: Job = Box::new(move |client| {
            let _ = answer.send(client.and_then(f));
        });
        self.jobs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .send(job)
            .map_err(|_| Error::new("the database threads stopped"))?;
        answered
            .recv()
            .map_err(|_| Error::new("the database thread stopped mid-job"))?
    }
}

/// One thread's life: connect (saying how that went), then take jobs until the pool
/// is dropped, connecting again whenever the connection broke.
fn work(url: &str, jobs: &Mutex<mpsc::Receiver<Job>>, ready: &mpsc::Sender<Result<()>>) {
    let mut client = connect(url);
    let _ = ready.send(
        client
            .as_ref()
            .map(|_| ())
            .map_err(|e| Error::new(e.to_string())),
    );
    loop {
        let job = {
            let queue = jobs.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            match queue.recv() {
                Ok(job) => job,
                Err(_) => return,
            }
        };
        if client.as_ref().map_or(true, Connection::is_closed) {
            client = connect(url);
        }
        match &mut client {
            Ok(c) => job(Ok(c)),
            Err(e) => job(Err(Error::new(e.to_string()))),
        }
    }
}
