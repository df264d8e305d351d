//! The read queries a piece of work ran, for the console-at-scale benchmark: it turns
//! the log on, opens a page, and asks each database how it planned each query (no
//! query a page runs may read every row). Off unless turned on; then one relaxed load
//! per query.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use super::sql::Value;

static ON: AtomicBool = AtomicBool::new(false);
static LOG: Mutex<Vec<Logged>> = Mutex::new(Vec::new());

/// One query as it was run.
#[derive(Clone, Debug)]
pub struct Logged {
    /// The SQL, with `$N` placeholders.
    pub sql: String,
    /// Its parameters.
    pub params: Vec<Value>,
}

/// Starts logging every read query, in this process, from now on.
pub fn start() {
    if let Ok(mut log) = LOG.lock() {
        log.clear();
    }
    ON.store(true, Ordering::Relaxed);
}

/// Stops logging; the queries logged since [`start`].
pub fn stop() -> Vec<Logged> {
    ON.store(false, Ordering::Relaxed);
    LOG.lock()
        .map(|mut log| std::mem::take(&mut *log))
        .unwrap_or_default()
}

/// Logs `sql` when logging is on.
pub(super) fn note(sql: &str, params: &[Value]) {
    if ON.load(Ordering::Relaxed)
        && let Ok(mut log) = LOG.lock()
    {
        log.push(Logged {
            sql: sql.to_owned(),
            params: params.to_vec(),
        });
    }
}
