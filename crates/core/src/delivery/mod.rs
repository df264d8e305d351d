//! Delivering a signed summary so that it is never lost and never stored twice.
//!
//! The widget's network and storage adapters do the I/O; everything they decide is
//! here, as plain data and functions, tested natively:
//!
//! - [`booking`]: what the receiver tells an invited visit of its appointment;
//! - [`retry`]: what an answer (or a network failure) means: delivered, try again
//!   after a delay (exponential backoff with full jitter, `Retry-After` honoured), or
//!   stop and ask for staff (400, 401, 403, 404, 422 are never retried);
//! - [`outbox`]: the queue of completed, signed submissions waiting for their
//!   targets to acknowledge them, with an expiry; it is what the storage adapter
//!   persists, so a reload loses nothing, and adding the same submission twice (a
//!   double tap) changes nothing;
//! - [`DeliveryStatus`]: the honest state the patient sees.

pub mod booking;
pub mod invite;
pub mod lifecycle;
pub mod outbox;
pub mod retry;

pub use outbox::{Outbox, OutboxItem, Signed, StaffView, TargetState, error_code};
pub use retry::{Attempt, Backoff, Outcome};

/// What the patient is told about their submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Every target acknowledged it; `received_at` is the clinic's receipt time.
    Received {
        /// The receipt's time, as the clinic's server wrote it.
        received_at: Option<String>,
    },
    /// Not yet acknowledged, but safely stored on this device; it will be sent.
    SavedOnDevice,
    /// Not yet acknowledged and this device cannot store it: keep the page open.
    SendingKeepPageOpen,
    /// A target refused it in a way retrying cannot fix: show the front desk.
    NeedsStaff {
        /// The HTTP status the target answered.
        status: u16,
    },
    /// No such submission (never queued, or expired).
    Unknown,
}

/// Whether leaving the page now would lose the patient's work, so the page asks before
/// it goes. `started` says the patient has begun answering (and has not chosen paper);
/// `delivery` is the state of the signed submission, `None` before signing.
///
/// Before signing, answers live only in memory: leaving loses them. After signing,
/// the submission is safe once the clinic received it or it is stored on the device
/// (the next page sends it); while it is only in memory (being stored, or a device
/// that cannot store) or refused and waiting for staff, leaving would lose it or the
/// patient's only sight of what to tell the front desk.
pub fn leaving_loses_work(started: bool, delivery: Option<&DeliveryStatus>) -> bool {
    match delivery {
        None => started,
        Some(DeliveryStatus::Received { .. } | DeliveryStatus::SavedOnDevice) => false,
        Some(
            DeliveryStatus::SendingKeepPageOpen
            | DeliveryStatus::NeedsStaff { .. }
            | DeliveryStatus::Unknown,
        ) => true,
    }
}

/// The `received_at` of a receipt (`{"submission_id", "received_at", "jws_sha256"}`),
/// for "Received by the clinic at …".
pub fn receipt_time(receipt: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(receipt).ok()?;
    value.get("received_at")?.as_str().map(str::to_owned)
}
