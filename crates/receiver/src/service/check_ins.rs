//! Check-ins after a treatment: scheduled when a visit is marked treated (one per day
//! the profile names for each treatment booked, due as [`crate::domain::check_in`]
//! says, queued in the outbox by the invitation's channel), and opened by the link's
//! token, which only the message held.

use std::collections::BTreeMap;

use super::outbox::Sender;
use crate::domain::check_in::{self, CheckInMessage, due_unix_ms};
use crate::domain::message::{Channel, Failure, Kind};
use crate::store::Store;
use crate::store::queries::appointments::Appointment;
use crate::store::queries::check_ins::{self, Scheduled};
use crate::store::queries::messages::{self, Due, Queued};
use crate::store::sql::Sql;

/// When check-ins go out: each treatment's days after the visit (the profile's
/// `check_ins.after_days`) and a day's length.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Treatment id → the days after the visit a check-in is due.
    pub days: BTreeMap<String, Vec<u16>>,
    /// A day, in milliseconds ([`crate::domain::check_in::DAY_MS`], or shorter for
    /// a demonstration or a test).
    pub day_ms: i64,
}

/// The days after the visit `treatment`'s check-ins are due, when the profile
/// schedules any.
pub(crate) fn days_of(treatment: &candor_core::profile::Treatment) -> Option<Vec<u16>> {
    treatment.check_ins.as_ref().map(|c| c.after_days.clone())
}

/// Schedules the check-ins of `appointment`, marked treated at `treated_ms` (in the
/// marking's transaction): by email when the patient gave one, else by text message,
/// none without either. How many were scheduled.
///
/// # Errors
/// When the database fails.
pub(crate) fn schedule(
    tx: &mut dyn Sql,
    appointment: &Appointment,
    plan: &Plan,
    treated_ms: i64,
    now: &str,
) -> crate::store::Result<usize> {
    let contact = &appointment.booked.contact;
    let channel = match (&contact.email, &contact.mobile) {
        (Some(_), _) => Channel::Email,
        (None, Some(_)) => Channel::Sms,
        (None, None) => return Ok(0),
    };
    let offset = crate::domain::message::offset_minutes(&appointment.booked.start).unwrap_or(0);
    let mut count = 0;
    for treatment in &appointment.booked.treatments {
        for &day in plan.days.get(treatment).into_iter().flatten() {
            let id = super::new_id("chk")?;
            let due_ms = due_unix_ms(treated_ms, offset, day, plan.day_ms);
            check_ins::schedule(
                tx,
                &Scheduled {
                    id: &id,
                    appointment_id: &appointment.id,
                    treatment,
                    day,
                    due_ms,
                    now,
                },
            )?;
            messages::queue(
                tx,
                &Queued {
                    id: &super::new_id("msg")?,
                    appointment_id: &appointment.id,
                    channel,
                    kind: Kind::CheckIn,
                    check_in_id: Some(&id),
                    now_ms: due_ms,
                    now,
                },
            )?;
            count += 1;
        }
    }
    Ok(count)
}

/// Sends check-in message `due` for `appointment`: a fresh token made now (the row
/// keeps its hash; an earlier link no longer opens), the link, in the patient's
/// language, by the message's channel.
///
/// # Errors
/// When the database fails (a message that could not be sent is its `Failure`).
pub(crate) fn send(
    store: &Store,
    sender: &Sender<'_>,
    due: &Due,
    appointment: &Appointment,
) -> crate::store::Result<Result<(), Failure>> {
    let Some(check_in) = due.check_in_id.clone() else {
        return Ok(Err(Failure::Rejected));
    };
    let to = match super::outbox::recipient(sender, due.channel, &appointment.booked.contact) {
        Ok(to) => to,
        Err(failure) => return Ok(Err(failure)),
    };
    let token = crate::invite::new_token()
        .map_err(crate::store::Error::new)?
        .token;
    let hash = crate::invite::token_sha256(&token);
    store.write(move |tx| check_ins::set_token(tx, &check_in, &hash))?;
    let link = format!("{}{}", sender.public_url, fragment(&token));
    let what = CheckInMessage {
        name: &appointment.booked.contact.name,
        clinic: sender.clinic,
        phone: sender.phone,
        link: &link,
        language: &appointment.booked.language,
    };
    Ok(match (due.channel, sender.mailer, sender.texter) {
        (Channel::Email, Some(mailer), _) => mailer.send(&to, &check_in::email(&what)),
        (Channel::Sms, _, Some(texter)) => texter.send(&to, &check_in::text_message(&what)),
        _ => Err(Failure::NotConfigured),
    })
}

/// The link's fragment that opens a check-in: `#check-in=<token>` (the widget reads
/// it and takes it out of the address bar; no health data is in it).
pub fn fragment(token: &str) -> String {
    format!("#check-in={token}")
}

/// Sends the on-call alert: to the clinic's on-call address, naming no patient.
pub(crate) fn alert(sender: &Sender<'_>) -> Result<(), Failure> {
    let (Some(to), Some(mailer)) = (sender.on_call, sender.mailer) else {
        return Err(Failure::NotConfigured);
    };
    let link = format!("{}/console/check-ins", sender.console_origin);
    mailer.send(to, &check_in::on_call(sender.clinic, &link))
}
