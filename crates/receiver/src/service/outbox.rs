//! Sending what waits in the outbox: each due message claimed (one receiver per
//! message), its invitation made then (a fresh token and draft key that exist only in
//! the message: the receiver keeps the token's hash and cannot read the draft), sent
//! by email or text message, and marked sent or tried again later with the reason
//! kept in words. And the reminders: queued once for a visit whose forms were not
//! opened a set time before it, by the invitation's channel, in the patient's daytime.

use crate::domain::message::{self, Channel, Failure, Invitation, Kind};
use crate::mail::Mailer;
use crate::sms::Texter;
use crate::store::queries::messages::{self, Queued};
use crate::store::queries::{appointments, invites, notify};
use crate::store::{Result, Store};

/// How long a claimed message is a receiver's own before another may take it (longer
/// than an SMTP exchange's or a gateway request's timeout).
pub const LEASE_MS: i64 = 60_000;

/// Messages sent by one pass.
const BATCH: i64 = 10;

/// What every message needs besides its appointment.
pub struct Sender<'a> {
    /// The mail server (`None`: emails wait, marked not configured).
    pub mailer: Option<&'a dyn Mailer>,
    /// The SMS gateway (`None`: text messages wait, marked not configured).
    pub texter: Option<&'a dyn Texter>,
    /// Where patients open the widget (`https://intake.clinic.example/`).
    pub public_url: &'a str,
    /// The clinic's name.
    pub clinic: &'a str,
    /// The clinic's phone number.
    pub phone: &'a str,
    /// The first wait after a failure, in milliseconds (doubling each time).
    pub first_retry_ms: i64,
    /// The clinic's on-call address, for urgent check-ins' alerts.
    pub on_call: Option<&'a str>,
    /// The console's origin, for the on-call alert's link.
    pub console_origin: &'a str,
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
                store.write(move |tx| {
                    messages::sent(tx, &id, &at)?;
                    notify(tx)
                })?;
                sent += 1;
            }
            Err(failure) => {
                let wait = sender.first_retry_ms * message::retry_after_ms(attempts) / 30_000;
                let next = now_ms + wait.max(1);
                let reason = failure.words(d.channel);
                store.write(move |tx| {
                    messages::failed(tx, &id, attempts, next, reason)?;
                    notify(tx)
                })?;
            }
        }
        // The day's boards show where each invitation stands.
        store.announce();
    }
    Ok(sent)
}

/// Where a message goes: the contact's email or mobile for its channel, or why not.
pub(crate) fn recipient(
    sender: &Sender<'_>,
    channel: Channel,
    contact: &crate::domain::appointment::Contact,
) -> std::result::Result<String, Failure> {
    let (to, configured) = match channel {
        Channel::Email => (contact.email.clone(), sender.mailer.is_some()),
        Channel::Sms => (contact.mobile.clone(), sender.texter.is_some()),
    };
    if !configured {
        return Err(Failure::NotConfigured);
    }
    to.ok_or(Failure::Rejected)
}

fn send_one(
    store: &Store,
    sender: &Sender<'_>,
    due: &messages::Due,
) -> Result<std::result::Result<(), Failure>> {
    let id = due.appointment_id.clone();
    let Some(appointment) = store.read(move |c| appointments::by_id(c, &id))? else {
        return Ok(Err(Failure::Rejected));
    };
    match due.kind {
        Kind::Invitation | Kind::Reminder => {}
        Kind::CheckIn => return super::check_ins::send(store, sender, due, &appointment),
        Kind::OnCall => return Ok(super::check_ins::alert(sender)),
    }
    let contact = &appointment.booked.contact;
    let (to, configured) = match due.channel {
        Channel::Email => (contact.email.clone(), sender.mailer.is_some()),
        Channel::Sms => (contact.mobile.clone(), sender.texter.is_some()),
    };
    if !configured {
        return Ok(Err(Failure::NotConfigured));
    }
    let Some(to) = to else {
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
    let what = Invitation {
        name: &contact.name,
        clinic: sender.clinic,
        phone: sender.phone,
        start: &appointment.booked.start,
        link: &link,
        language: &appointment.booked.language,
        kind: due.kind,
    };
    Ok(match (due.channel, sender.mailer, sender.texter) {
        (Channel::Email, Some(mailer), _) => mailer.send(&to, &message::invitation(&what)),
        (Channel::Sms, _, Some(texter)) => texter.send(&to, &message::text_message(&what)),
        _ => Err(Failure::NotConfigured),
    })
}

/// When reminders go out.
#[derive(Clone, Copy, Debug)]
pub struct Reminders {
    /// How long before the visit a patient who has not opened their forms is reminded
    /// (`--remind-hours`, 24 by default; 0 sends none).
    pub before_ms: i64,
    /// How long after the invitation a reminder may follow at the earliest (so a visit
    /// booked for tomorrow morning does not get both at once).
    pub after_invitation_ms: i64,
}

/// Queues the reminders due at `now_ms` (each visit's once, by its invitation's
/// channel, only between 08:00 and 20:00 in the visit's own offset); how many.
///
/// # Errors
/// When the database fails.
pub fn queue_reminders(store: &Store, reminders: Reminders, now_ms: i64) -> Result<usize> {
    if reminders.before_ms <= 0 {
        return Ok(0);
    }
    let invited_before = candor_core::summary::Timestamp {
        unix_ms: now_ms - reminders.after_invitation_ms,
        offset_minutes: 0,
    }
    .rfc3339();
    let until = now_ms + reminders.before_ms;
    let due = store.read(move |c| messages::reminders_due(c, now_ms, until, &invited_before))?;
    let due: Vec<_> = due
        .into_iter()
        .filter(|d| message::daytime_at(&d.start, now_ms))
        .collect();
    if due.is_empty() {
        return Ok(0);
    }
    let count = due.len();
    store.write(move |tx| {
        let now = candor_core::summary::Timestamp {
            unix_ms: now_ms,
            offset_minutes: 0,
        }
        .rfc3339();
        for d in &due {
            let id = super::new_id("msg")?;
            messages::queue(
                tx,
                &Queued {
                    id: &id,
                    appointment_id: &d.appointment_id,
                    channel: d.channel,
                    kind: Kind::Reminder,
                    check_in_id: None,
                    now_ms,
                    now: &now,
                },
            )?;
        }
        Ok(())
    })?;
    Ok(count)
}
