//! Telling every receiver that records were stored: after a submission's transaction
//! commits, a thread with a connection of its own sends `NOTIFY` on the queue's
//! channel, at most once every [`COALESCE`] however many were stored meanwhile (the
//! live pages only need to hear that the queue changed, then read it).
//!
//! Not in the submission's own transaction: a transaction that notifies holds a lock
//! on the whole database from its `NOTIFY` until its commit is on disk, so every
//! submission's commit (fsync included) would wait for the one before, and each would
//! wake every listening receiver. A receiver that dies between a commit and its
//! notification leaves the other receivers' pages one change behind until the next.

use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::time::Duration;

use postgres::{Client, NoTls};

use crate::store::queries::CHANGES_CHANNEL;
use crate::store::{Error, Result};

/// The shortest time between two notifications from one receiver.
pub const COALESCE: Duration = Duration::from_millis(20);

/// Where stored records are told of.
pub(super) struct Notifier {
    /// Holds one pending notification at most: more while one waits add nothing.
    pending: SyncSender<()>,
}

impl Notifier {
    /// Starts the notifying thread for the database at `url`.
    pub(super) fn start(url: &str) -> Result<Notifier> {
        let url = url.to_owned();
        let (pending, waiting) = mpsc::sync_channel::<()>(1);
        std::thread::Builder::new()
            .name("candor-pg-notify".into())
            .spawn(move || {
                let mut client: Option<Client> = None;
                while waiting.recv().is_ok() {
                    let sent = match client.as_mut().filter(|c| !c.is_closed()) {
                        Some(c) => send(c),
                        None => Client::connect(&url, NoTls)
                            .map_err(Error::from)
                            .and_then(|mut c| send(&mut c).map(|()| c))
                            .map(|c| client = Some(c)),
                    };
                    if sent.is_err() {
                        // Told again with the next record; the connection is made anew.
                        client = None;
                    }
                    std::thread::sleep(COALESCE);
                }
            })
            .map_err(|e| Error::new(format!("cannot start the notifying thread: {e}")))?;
        Ok(Notifier { pending })
    }

    /// Says a record was stored (committed): every receiver hears of it shortly.
    pub(super) fn stored(&self) {
        match self.pending.try_send(()) {
            Ok(()) | Err(TrySendError::Full(())) | Err(TrySendError::Disconnected(())) => {}
        }
    }
}

fn send(client: &mut Client) -> Result<()> {
    Ok(client.batch_execute(&format!("NOTIFY {CHANGES_CHANNEL}"))?)
}
