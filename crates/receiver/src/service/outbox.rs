//! Sending what waits in the outbox: each due message claimed (one receiver per
//! message), its invitation made then (a fresh token and draft key that exist only in
//! the message: the receiver keeps the token's hash and cannot read the draft), sent,
//! and marked sent or tried again later with the reason kept in words.

use crate::domain::message::{self, Failure, Invitation};
use crate::mail::Mailer;
use crate::store::queries::{appointments, invites, messages};
use crate::store::{Result, Store};

/// How long a claimed message is a receiver's own before another may take it (longer
/// than an SMTP exchange's timeout).
pub const LEASE_MS: i64 = 60_000;

/// Messages sent by one pass.
const BATCH: i64 = 10;

/// What every message needs besides its appointment.
pub struct Sender<'a> {
    /// The mail server (`None`: messages wait, marked not configured).
    pub mailer: Option<&'a dyn Mailer>,
    /// Where patients open the widget (`https://intake.clinic.example/`).
    pub public_url: &'a str,
    /// The clinic's name.
    pub clinic: &'a str,
    /// The clinic's phone number.
    pub phone: &'a str,
    /// The first wait after a failure, in milliseconds (doubling each time).
    pub first_retry_ms: i64,
}

/// Sends the messages due at `now_ms`; how many were sent.
///
/// # Errors
/// When the database fails (a message that could not be sent is not an error: it is
/// kept with its reason and a next attempt).
pub fn send_due(store: &Store, sender: &Sender<'_>, now_ms: i64) -> Result<usize> {
    let due = store.write(move |tx| messages::claim_due(tx, now_ms, LEASE_MS, BATCH))?;
    let mut sent = 0;
    for d in due {
        let outcome = send_one(store, sender, &d);
        let (id, attempts) = (d.id.clone(), d.attempts + 1);
        match outcome? {
            Ok(()) => {
                let at = crate::now_rfc3339();
                store.write(move |tx| messages::sent(tx, &id, &at))?;
                sent += 1;
            }
            Err(failure) => {
                let wait = sender.first_retry_ms * message::retry_after_ms(attempts) / 30_000;
                let next = now_ms + wait.max(1);
                store
                    .write(move |tx| messages::failed(tx, &id, attempts, next, failure.words()))?;
            }
        }
    }
    Ok(sent)
}

fn send_one(
    store: &Store,
    sender: &Sender<'_>,
    due: &messages::Due,
) -> Result<std::result::Result<(), Failure>> {
    let Some(mailer) = sender.mailer else {
        return Ok(Err(Failure::NotConfigured));
    };
    let id = due.appointment_id.clone();
    let Some(appointment) = store.read(move |c| appointments::by_id(c, &id))? else {
        return Ok(Err(Failure::Rejected));
    };
    let Some(email) = appointment.booked.contact.email.clone() else {
        return Ok(Err(Failure::Rejected));
    };
    let invite = crate::invite::new_token().map_err(crate::store::Error::new)?;
    let key = crate::invite::draft_key().map_err(crate::store::Error::new)?;
    let (invite_id, hash, appointment_id) = (
        invite.id.clone(),
        crate::invite::token_sha256(&invite.token),
        appointment.id.clone(),
    );
    let at = crate::now_rfc3339();
    store.write(move |tx| {
        invites::create_for_appointment(tx, &invite_id, &hash, &appointment_id, &at)
    })?;
    let link = format!(
        "{}{}",
        sender.public_url,
        candor_core::delivery::invite::fragment_with_draft(&invite.id, &invite.token, &key)
    );
    let text = message::invitation(&Invitation {
        name: &appointment.booked.contact.name,
        clinic: sender.clinic,
        phone: sender.phone,
        start: &appointment.booked.start,
        link: &link,
        language: &appointment.booked.language,
    });
    Ok(mailer.send(&email, &text))
}
