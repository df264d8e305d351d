//! Booking an appointment in the console (the front desk and up): checked as an
//! imported row is (every problem by field, never the value), kept under the source
//! `console`, its invitation queued by its channel, and logged with the appointment's
//! id only. Changing one (the same checks; a new contact is sent the invitation again
//! while the form is not started). And cancelling one: its invitation revoked with it
//! (every link stops opening, nothing more is sent, no reminder follows). Booking and
//! changing are checked against the protocol's scope of practice
//! ([`crate::service::scope`]) in the transaction that writes them.

use crate::domain::appointment::{self, Draft, Problem};
use crate::domain::audit::AuditAction;
use crate::domain::roles::{Permission, allowed};
use crate::service::ServiceError;
use crate::service::appointments::Clinic;
use crate::store::Store;
use crate::store::queries::appointments::FormStatus;
use crate::store::queries::{appointments, events, notify};
use crate::store::staff::Staff;

/// Why nothing was booked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BookError {
    /// Not allowed, or the database failed.
    Refused(ServiceError),
    /// The appointment's problems, by field.
    Fields(Vec<Problem>),
    /// The provider may not perform a treatment booked: the reasons.
    Scope(Vec<String>),
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
    let (staff, rules) = (staff.cloned(), clinic.rules.clone());
    let id = super::new_id("apt").map_err(ServiceError::from)?;
    let booked = id.clone();
    store
        .write(move |tx| {
            let used = match in_scope(tx, &rules, &checked)? {
                Ok(used) => used,
                Err(reasons) => return Ok(Err(BookError::Scope(reasons))),
            };
            let now = crate::now_rfc3339();
            appointments::upsert(tx, "console", &booked, &checked, &now)?;
            super::invitations::queue_invitation(tx, &booked, &checked.contact, &now)?;
            super::webhooks::appointment_booked(tx, &booked, "console", &checked.external_id)?;
            logged(
                tx,
                staff.as_ref(),
                AuditAction::AppointmentBooked,
                &booked,
                &used,
            )?;
            Ok(Ok(()))
        })
        .map_err(ServiceError::from)??;
    store.announce();
    Ok(id)
}

/// The scope check of `checked` on its own day (the date in its offset).
fn in_scope(
    tx: &mut dyn crate::store::sql::Sql,
    rules: &[crate::domain::scope::Rule],
    checked: &appointment::Checked,
) -> crate::store::Result<Result<Vec<String>, Vec<String>>> {
    let day = checked.start.get(..10).unwrap_or_default();
    super::scope::permitted(tx, rules, &checked.provider, &checked.treatments, day)
}

/// Logs `action` on appointment `id`, naming the exceptions it was let through by.
fn logged(
    tx: &mut dyn crate::store::sql::Sql,
    staff: Option<&Staff>,
    action: AuditAction,
    id: &str,
    exceptions: &[String],
) -> crate::store::Result<()> {
    let mut detail = serde_json::json!({ "appointment": id });
    if !exceptions.is_empty() {
        detail["exceptions"] = exceptions.into();
    }
    events::record(
        tx,
        &super::audit::event(staff, action, None, Some(detail.to_string())),
    )?;
    notify(tx)
}

/// Changes appointment `id` to `draft` (checked as a booking is). A new email or mobile
/// number is sent the invitation again (earlier links stop opening) while the patient
/// has not started the form; after that, Send again does it. An appointment imported
/// from a booking system keeps its source: the next export that changes it wins.
///
/// # Errors
/// The role is too low, the appointment is unknown or cancelled, a field is wrong, the
/// provider is outside the scope of practice, or the database failed.
pub fn edit(
    store: &Store,
    staff: Option<&Staff>,
    id: &str,
    draft: &Draft,
    clinic: &Clinic,
) -> Result<(), BookError> {
    if let Some(staff) = staff {
        allowed(staff.role, Permission::ManageAppointments)
            .map_err(|role| BookError::Refused(ServiceError::Forbidden(role)))?;
    }
    let mut checked = appointment::check(draft, &clinic.treatments, &clinic.language)
        .map_err(BookError::Fields)?;
    let (staff, rules, id) = (staff.cloned(), clinic.rules.clone(), id.to_owned());
    store
        .write(move |tx| {
            let Some(old) = appointments::by_id(tx, &id)? else {
                return Ok(Err(BookError::Refused(ServiceError::NotFound(
                    "appointment",
                ))));
            };
            if old.status != "booked" {
                return Ok(Err(BookError::Refused(ServiceError::Invalid(
                    "appointment",
                    "a cancelled appointment cannot be changed: book a new one",
                ))));
            }
            checked.external_id.clone_from(&old.booked.external_id);
            if checked == old.booked {
                return Ok(Ok(()));
            }
            let used = match in_scope(tx, &rules, &checked)? {
                Ok(used) => used,
                Err(reasons) => return Ok(Err(BookError::Scope(reasons))),
            };
            let now = crate::now_rfc3339();
            appointments::upsert(tx, &old.source, &id, &checked, &now)?;
            let moved = old.booked.contact.email != checked.contact.email
                || old.booked.contact.mobile != checked.contact.mobile;
            if moved
                && matches!(
                    appointments::form_status(tx, &id)?,
                    FormStatus::NotOpened | FormStatus::Opened
                )
            {
                super::invitations::revoke_all(tx, &id, &now)?;
                super::invitations::queue_invitation(tx, &id, &checked.contact, &now)?;
            }
            logged(
                tx,
                staff.as_ref(),
                AuditAction::AppointmentEdited,
                &id,
                &used,
            )?;
            Ok(Ok(()))
        })
        .map_err(ServiceError::from)??;
    store.announce();
    Ok(())
}

/// Appointment `id`, to change it.
///
/// # Errors
/// The role is too low, the appointment is unknown, or the database failed.
pub fn details(
    store: &Store,
    staff: Option<&Staff>,
    id: &str,
) -> Result<appointments::Appointment, ServiceError> {
    if let Some(staff) = staff {
        allowed(staff.role, Permission::ManageAppointments).map_err(ServiceError::Forbidden)?;
    }
    let id = id.to_owned();
    store
        .read(move |c| appointments::by_id(c, &id))?
        .ok_or(ServiceError::NotFound("appointment"))
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
            super::webhooks::appointment_cancelled(tx, &id)?;
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
