//! Hearing the other receivers: one connection per receiver `LISTEN`s on the queue's
//! channel, and each notification (sent by a transaction that stored a record or
//! recorded a review, at any receiver sharing the database, this one included) is
//! passed to this receiver's live pages. The same connection hears of changes to the
//! kiosks, and tells [`Devices`] to forget what it kept (trusted only while this
//! connection listens). A broken connection is opened again.

use std::sync::Arc;
use std::time::Duration;

use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, NoTls};
use tokio::sync::broadcast::Sender;

use super::devices::Devices;
use crate::store::queries::CHANGES_CHANNEL;
use crate::store::queries::kiosks::KIOSKS_CHANNEL;
use crate::store::{Error, Result};

fn listening(url: &str) -> Result<Client> {
    let mut client = Client::connect(url, NoTls)?;
    client.batch_execute(&format!(
        "LISTEN {CHANGES_CHANNEL}; LISTEN {KIOSKS_CHANNEL}"
    ))?;
    Ok(client)
}

/// Starts the listening thread; fails if its first connection cannot be made. The
/// client is synchronous and runs a runtime of its own, so it connects on its thread.
pub(super) fn start(url: &str, changes: Sender<()>, devices: Arc<Devices>) -> Result<()> {
    let url = url.to_owned();
    let (ready, first) = std::sync::mpsc::channel::<Result<()>>();
    std::thread::Builder::new()
        .name("candor-pg-listen".into())
        .spawn(move || {
            let mut client = match listening(&url) {
                Ok(c) => {
                    let _ = ready.send(Ok(()));
                    Some(c)
                }
                Err(e) => {
                    let _ = ready.send(Err(e));
                    return;
                }
            };
            loop {
                let mut connected = match client.take() {
                    Some(c) => c,
                    None => match listening(&url) {
                        Ok(c) => c,
                        Err(_) => {
                            std::thread::sleep(Duration::from_secs(1));
                            continue;
                        }
                    },
                };
                devices.listening(true);
                let mut heard = connected.notifications();
                let mut waiting = heard.blocking_iter();
                // Until the connection ends; then another is opened.
                while let Ok(Some(notification)) = waiting.next() {
                    if notification.channel() == KIOSKS_CHANNEL {
                        devices.changed();
                    } else {
                        // Nobody listening is no error: no console is open.
                        let _ = changes.send(());
                    }
                }
                devices.listening(false);
            }
        })
        .map_err(|e| Error::new(format!("cannot start the listening thread: {e}")))?;
    first
        .recv()
        .map_err(|_| Error::new("the listening thread stopped"))?
}
