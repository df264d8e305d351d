//! What each device key is (an enrolled kiosk's, a revoked one's, or neither), kept
//! by each receiver so a submission does not ask the database: every submission's
//! signer is looked up, and kiosks change a few times a year.
//!
//! A transaction that enrols, revokes or renames a kiosk sends `NOTIFY` on
//! [`KIOSKS_CHANNEL`](crate::store::queries::kiosks::KIOSKS_CHANNEL) (at any receiver);
//! each receiver's listener ([`super::listen`]) then forgets what it kept. What is kept
//! is trusted only while that listener is connected: from the moment it is not, every
//! lookup asks the database again, and what was kept before it listened again is never
//! used; and nothing is kept longer than [`KEPT_FOR`], in case a connection stops
//! hearing without breaking. So a change reaches every receiver as soon as its
//! notification does (milliseconds), and within [`KEPT_FOR`] whatever happens to it;
//! the check was already a moment before the record's own transaction.
//!
//! It spares a read per submission only for keys that sign again: kiosks (and the load
//! benchmark's few hundred keys); a phone's key is new each visit and is read.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::store::Result;
use crate::store::kiosks::Device;

/// The most keys kept (more empty the map: most signers are phones, each seen once).
const MOST: usize = 10_000;

/// The longest anything is kept.
pub const KEPT_FOR: Duration = Duration::from_secs(10);

/// A key as read: in which generation, when, and what it was.
type Kept = (u64, Instant, Option<Device>);

/// What device keys are, as last read, each with the generation it was read in.
#[derive(Default)]
pub(super) struct Devices {
    /// Bumped by every change heard, and whenever the listener connects again.
    generation: AtomicU64,
    /// Whether the listener is connected (kept answers are trusted only then).
    listening: AtomicBool,
    known: Mutex<HashMap<String, Kept>>,
}

impl Devices {
    /// What `kid` is: as kept, or as `read` from the database (then kept).
    pub(super) fn lookup(
        &self,
        kid: &str,
        read: impl FnOnce() -> Result<Option<Device>>,
    ) -> Result<Option<Device>> {
        if !self.listening.load(Ordering::Acquire) {
            return read();
        }
        let generation = self.generation.load(Ordering::Acquire);
        if let Some((seen, at, device)) = self.known().get(kid)
            && *seen == generation
            && at.elapsed() < KEPT_FOR
        {
            return Ok(device.clone());
        }
        // Read after taking the generation: a change heard meanwhile bumps it, so
        // what this read may have missed is not used again.
        let at = Instant::now();
        let device = read()?;
        let mut known = self.known();
        if known.len() >= MOST {
            known.clear();
        }
        known.insert(kid.to_owned(), (generation, at, device.clone()));
        Ok(device)
    }

    /// A kiosk changed somewhere: nothing kept is used again.
    pub(super) fn changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.known().clear();
    }

    /// The listener connected (`true`, after its `LISTEN`) or lost its connection.
    pub(super) fn listening(&self, connected: bool) {
        self.listening.store(connected, Ordering::Release);
        self.changed();
    }

    fn known(&self) -> std::sync::MutexGuard<'_, HashMap<String, Kept>> {
        self.known.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_read_once_until_a_change_is_heard_and_never_kept_while_not_listening() {
        let devices = Devices::default();
        let reads = std::cell::Cell::new(0);
        let read = || {
            reads.set(reads.get() + 1);
            Ok(Some(Device::Enrolled("front desk".into())))
        };
        devices.lookup("k", read).unwrap();
        devices.lookup("k", read).unwrap();
        assert_eq!(reads.get(), 2, "not listening: every lookup reads");
        devices.listening(true);
        devices.lookup("k", read).unwrap();
        devices.lookup("k", read).unwrap();
        assert_eq!(reads.get(), 3, "listening: read once");
        devices.changed();
        devices.lookup("k", read).unwrap();
        assert_eq!(reads.get(), 4, "a change heard: read again");
        devices.listening(false);
        devices.lookup("k", read).unwrap();
        assert_eq!(reads.get(), 5);
    }

    #[test]
    fn what_was_read_while_a_change_was_heard_is_not_kept() {
        let devices = Devices::default();
        devices.listening(true);
        devices
            .lookup("k", || {
                devices.changed();
                Ok(None)
            })
            .unwrap();
        let mut read_again = false;
        devices
            .lookup("k", || {
                read_again = true;
                Ok(Some(Device::Revoked("tablet".into())))
            })
            .unwrap();
        assert!(read_again);
    }
}
