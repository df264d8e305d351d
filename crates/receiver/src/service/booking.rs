//! Booking an appointment in the console (the front desk and up): checked as an
//! imported row is (every problem by field, never the value), kept under the source
//! `console`, its invitation queued by its channel, and logged with the appointment's
//! id only.

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
