//! Booking an appointment in the console (the front desk and up): checked as an
//! imported row is (every problem by field, never the value), kept under the source
//! `console`, its invitation queued by its channel, and logged with the appointment's
//! id only. And cancelling one: its invitation revoked with it (every link stops
//! opening, nothing more is sent, no reminder follows).

use crate::domain::appointment::{self, Draft, Problem};
use crate::domain::audit::AuditAction;
use crate::domain::roles::{Permission, allowed};
use crate::service::ServiceError;
use crate::service::appointments::Clinic;
use crate::store::Store;
use crate::store::queries::{appointments, events, notify};
use crate::store::staff::Staff;

/// Why nothing was booked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BookError {
    /// Not allowed, or the database failed.
    Refused(ServiceError),
    /// The appointment's problems, by field.
    Fields(Vec<Problem>),
}

impl From<ServiceError> for BookError {
    fn from(e: ServiceError) -> Self {
        BookError::Refused(e)
    }
}

/// Books `draft` for `clinic`; the new appointment's id.
///
/// # Errors
/// The role is too low, a field is wrong (each named), or the database failed.
pub fn book(
    store: &Store,
    staff: Option<&Staff>,
    draft: &Draft,
    clinic: &Clinic,
) -> Result<String, BookError> {
    if let Some(staff) = staff {
        allowed(staff.role, Permission::ManageAppointments)
            .map_err(|role| BookError::Refused(ServiceError::Forbidden(role)))?;
    }
    let mut draft = draft.clone();
    // A booking made here has no other system's id: the appointment's own is used.
    draft.external_id.clear();
    let checked = appointment::check(&draft, &clinic.treatments, &clinic.language)
        .map_err(BookError::Fields)?;
    let staff = staff.cloned();
    let id = super::new_id("apt").map_err(ServiceError::from)?;
    let booked = id.clone();
    store
        .write(move |tx| {
            let now = crate::now_rfc3339();
            appointments::upsert(tx, "console", &booked, &checked, &now)?;
            super::invitations::queue_invitation(tx, &booked, &checked.contact, &now)?;
            let detail = serde_json::json!({ "appointment": booked }).to_string();
            events::record(
                tx,
                &super::audit::event(
                    staff.as_ref(),
                    AuditAction::AppointmentBooked,
                    None,
                    Some(detail),
                ),
            )?;
            notify(tx)
        })
        .map_err(ServiceError::from)?;
    store.announce();
    Ok(id)
}

/// Cancels appointment `id`: it stays on the board as cancelled, its invitation is
/// revoked (links, draft, waiting messages) and no reminder follows. Cancelling one
/// already cancelled changes nothing.
///
/// # Errors
/// The role is too low, the appointment is unknown, or the database failed.
pub fn cancel(store: &Store, staff: Option<&Staff>, id: &str) -> Result<(), ServiceError> {
    if let Some(staff) = staff {
        allowed(staff.role, Permission::ManageAppointments).map_err(ServiceError::Forbidden)?;
    }
    let (staff, id) = (staff.cloned(), id.to_owned());
    store.write(move |tx| {
        if appointments::by_id(tx, &id)?.is_none() {
            return Ok(Err(ServiceError::NotFound("appointment")));
        }
        let now = crate::now_rfc3339();
        if appointments::cancel(tx, &id, &now)? {
            super::invitations::revoke_all(tx, &id, &now)?;
            let detail = serde_json::json!({ "appointment": id }).to_string();
            events::record(
                tx,
                &super::audit::event(
                    staff.as_ref(),
                    AuditAction::AppointmentCancelled,
                    None,
                    Some(detail),
                ),
            )?;
            notify(tx)?;
        }
        Ok(Ok(()))
    })??;
    store.announce();
    Ok(())
}
