//! Appending to the console's audit log: who (and their role at the time), what, about
//! which record, and the detail.

use crate::domain::audit::AuditAction;
use crate::domain::record::RecordKey;
use crate::store::Store;
use crate::store::staff::{ConsoleEvent, Staff};

/// The event `staff` (none for the command line) causes now.
pub fn event(
    staff: Option<&Staff>,
    action: AuditAction,
    record: Option<&RecordKey>,
    detail: Option<String>,
) -> ConsoleEvent {
    ConsoleEvent {
        at: crate::now_rfc3339(),
        staff_id: staff.map(|s| s.id.clone()),
        role: staff.map(|s| s.role.as_str().to_owned()),
        action: action.as_str().to_owned(),
        submission_id: record.map(|r| r.id.clone()),
        submission_kid: record.map(|r| r.kid.clone()),
        detail,
    }
}

/// Appends the event; false when it could not (said on the operator's terminal,
/// without any detail of the event).
pub fn record(
    store: &Store,
    staff: Option<&Staff>,
    action: AuditAction,
    record: Option<&RecordKey>,
    detail: Option<String>,
) -> bool {
    let recorded = store
        .record_console_event(&event(staff, action, record, detail))
        .is_ok();
    if !recorded {
        eprintln!(
            "candor-receiver: could not record the console event {}",
            action.as_str()
        );
    }
    recorded
}
