//! The front desk's hands on an appointment's invitation:
//!
//! - **send it again**: every earlier link stops opening (the token rotates) and a new
//!   message is queued by the appointment's channel;
//! - **revoke it**: every link stops opening, what waits to be sent is cancelled and
//!   the visit's draft is deleted;
//! - **hand a link over at the desk**: a new invitation made now and shown once, with
//!   its QR code, for the patient's phone (the receiver keeps only the token's hash).
//!
//! Each is in the audit log with the appointment's id, never the token or the patient.

use crate::domain::appointment::Contact;
use crate::domain::audit::AuditAction;
use crate::domain::message::{Channel, Kind};
use crate::domain::roles::{Permission, allowed};
use crate::service::ServiceError;
use crate::store::Store;
use crate::store::queries::messages::{self, Queued};
use crate::store::queries::{appointments, events, invites, notify};
use crate::store::staff::Staff;

/// A link made at the desk.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DeskLink {
    /// The link that opens the visit's forms (its fragment holds the token and the
    /// draft key).
    pub link: String,
    /// The link as a QR code, an SVG image.
    pub svg: String,
}

/// Queues the invitation of `appointment_id` (in the caller's transaction): by email
/// when `contact` has one, else by text message; none without either.
pub(crate) fn queue_invitation(
    tx: &mut dyn crate::store::sql::Sql,
    appointment_id: &str,
    contact: &Contact,
    now: &str,
) -> crate::store::Result<bool> {
    let channel = match (&contact.email, &contact.mobile) {
        (Some(_), _) => Channel::Email,
        (None, Some(_)) => Channel::Sms,
        (None, None) => return Ok(false),
    };
    messages::queue(
        tx,
        &Queued {
            id: &super::new_id("msg")?,
            appointment_id,
            channel,
            kind: Kind::Invitation,
            check_in_id: None,
            now_ms: crate::now_unix_ms(),
            now,
        },
    )?;
    Ok(true)
}

/// Stops every link of `appointment_id` (their drafts deleted) and cancels what
/// waits to be sent for it: what Send again, Revoke and Cancel share.
pub(crate) fn revoke_all(
    tx: &mut dyn crate::store::sql::Sql,
    appointment_id: &str,
    now: &str,
) -> crate::store::Result<()> {
    invites::revoke_for_appointment(tx, appointment_id, now)?;
    messages::cancel_queued(tx, appointment_id)?;
    Ok(())
}

fn may(staff: Option<&Staff>) -> Result<(), ServiceError> {
    match staff {
        Some(staff) => {
            allowed(staff.role, Permission::ManageAppointments).map_err(ServiceError::Forbidden)
        }
        None => Ok(()),
    }
}

fn logged(
    tx: &mut dyn crate::store::sql::Sql,
    staff: Option<&Staff>,
    action: AuditAction,
    appointment_id: &str,
) -> crate::store::Result<()> {
    let detail = serde_json::json!({ "appointment": appointment_id }).to_string();
    events::record(tx, &super::audit::event(staff, action, None, Some(detail)))?;
    notify(tx)
}

/// Sends the invitation of `appointment_id` again: earlier links stop opening, and a
/// new message is queued (by email when the appointment has one, else by text).
///
/// # Errors
/// The role is too low, the appointment is unknown or has neither email nor mobile,
/// or the database failed.
pub fn resend(
    store: &Store,
    staff: Option<&Staff>,
    appointment_id: &str,
) -> Result<(), ServiceError> {
    may(staff)?;
    let (staff, id) = (staff.cloned(), appointment_id.to_owned());
    store.write(move |tx| {
        let Some(appointment) = appointments::by_id(tx, &id)? else {
            return Ok(Err(ServiceError::NotFound("appointment")));
        };
        let contact = &appointment.booked.contact;
        if contact.email.is_none() && contact.mobile.is_none() {
            return Ok(Err(ServiceError::Invalid(
                "contact",
                "the appointment has no email or mobile number to send it to",
            )));
        }
        let now = crate::now_rfc3339();
        revoke_all(tx, &id, &now)?;
        queue_invitation(tx, &id, contact, &now)?;
        logged(tx, staff.as_ref(), AuditAction::InvitationResent, &id)?;
        Ok(Ok(()))
    })??;
    store.announce();
    Ok(())
}

/// Revokes the invitation of `appointment_id`: every link stops opening, what waits to
/// be sent is cancelled and the visit's draft is deleted. A submission already made
/// stays as it is.
///
/// # Errors
/// The role is too low, the appointment is unknown, or the database failed.
pub fn revoke(
    store: &Store,
    staff: Option<&Staff>,
    appointment_id: &str,
) -> Result<(), ServiceError> {
    may(staff)?;
    let (staff, id) = (staff.cloned(), appointment_id.to_owned());
    store.write(move |tx| {
        if appointments::by_id(tx, &id)?.is_none() {
            return Ok(Err(ServiceError::NotFound("appointment")));
        }
        revoke_all(tx, &id, &crate::now_rfc3339())?;
        logged(tx, staff.as_ref(), AuditAction::InvitationRevoked, &id)?;
        Ok(Ok(()))
    })??;
    store.announce();
    Ok(())
}

/// Makes a new link for `appointment_id` to hand over at the desk (`public_url` and
/// the fragment), shown once with its QR code. Earlier links keep working: the
/// patient may have begun with one.
///
/// # Errors
/// The role is too low, the appointment is unknown, or the database failed.
pub fn desk_link(
    store: &Store,
    staff: Option<&Staff>,
    appointment_id: &str,
    public_url: &str,
) -> Result<DeskLink, ServiceError> {
    may(staff)?;
    let invite = crate::invite::new_token().map_err(|_| ServiceError::Storage)?;
    let key = crate::invite::draft_key().map_err(|_| ServiceError::Storage)?;
    let (staff, id) = (staff.cloned(), appointment_id.to_owned());
    let (invite_id, hash) = (
        invite.id.clone(),
        crate::invite::token_sha256(&invite.token),
    );
    store.write(move |tx| {
        if appointments::by_id(tx, &id)?.is_none() {
            return Ok(Err(ServiceError::NotFound("appointment")));
        }
        invites::create_for_appointment(tx, &invite_id, &hash, &id, &crate::now_rfc3339())?;
        logged(tx, staff.as_ref(), AuditAction::InvitationHanded, &id)?;
        Ok(Ok(()))
    })??;
    store.announce();
    let link = format!(
        "{public_url}{}",
        candor_core::delivery::invite::fragment_with_draft(&invite.id, &invite.token, &key)
    );
    let svg = qrcode::QrCode::new(link.as_bytes())
        .map_err(|_| ServiceError::Storage)?
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    Ok(DeskLink { link, svg })
}
