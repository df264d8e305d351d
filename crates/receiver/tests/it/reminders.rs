//! Reminders before the visit: queued once for an appointment whose invitation was sent
//! (by its channel) and whose forms nobody opened, when the visit is within the
//! reminder's window; never within three hours of the invitation, never at night in
//! the visit's own time zone, never once the invitation was opened. On either backend.

use candor_receiver::domain::booking_csv::Mapping;
use candor_receiver::domain::message::{Channel, Kind};
use candor_receiver::service::appointments::{self, Clinic};
use candor_receiver::service::outbox::{Reminders, queue_reminders};
use candor_receiver::store::queries::{invites, messages};

use crate::common;

/// 2026-12-09 13:00 UTC: 08:00 in New York, 05:00 in Los Angeles.
const NOW_MS: i64 = 1_796_821_200_000;

const HOUR_MS: i64 = 3_600_000;

const REMINDERS: Reminders = Reminders {
    before_ms: 48 * HOUR_MS,
    after_invitation_ms: 3 * HOUR_MS,
};

const EXPORT: &str = "Appointment ID,Start Time,Staff,Service,Client Name,Client Email,Client Phone,Language\n\
    R-1,2026-12-10T10:30:00-05:00,Dr. Ruiz,ha_filler,Ana Unopened,ana@example.org,,es\n\
    R-2,2026-12-10T11:00:00-05:00,Dr. Ruiz,neurotoxin,Bea Opened,bea@example.org,,en\n\
    R-3,2026-12-10T09:00:00-08:00,Nurse Lee,chemical_peel,Cam Asleep,,+1 555 271 8281,en\n\
    R-4,2026-12-10T12:00:00-05:00,Nurse Lee,massage,Dee Justinvited,dee@example.org,,en\n\
    R-5,2026-12-20T12:00:00-05:00,Nurse Lee,massage,Eve Nextweek,eve@example.org,,en\n";

/// The appointment of `name`, listed on its day.
fn listed(r: &common::Receiver, day: &str, name: &str) -> appointments::Listed {
    appointments::day(&r.state.store, None, day)
        .unwrap()
        .into_iter()
        .find(|l| l.appointment.booked.contact.name == name)
        .unwrap()
}

/// Sends every queued message as the outbox would, recording `sent_at`.
fn all_sent(r: &common::Receiver, sent_at: &'static str) {
    r.state
        .store
        .write(move |tx| {
            for due in messages::claim_due(tx, i64::MAX / 2, 60_000, 100)? {
                messages::sent(tx, &due.id, sent_at)?;
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_visit_whose_forms_nobody_opened_is_reminded_once_by_its_channel_in_the_daytime() {
    let r = common::receiver();
    let clinic = Clinic::of(&candor_core::profile::ClinicProfile::demo());
    appointments::import(
        &r.state.store,
        None,
        "boulevard",
        EXPORT,
        &Mapping::new(),
        &clinic,
    )
    .unwrap();
    // The invitations went out at 08:00 UTC, five hours ago.
    all_sent(&r, "2026-12-09T08:00:00Z");
    // Bea opened hers.
    let bea = listed(&r, "2026-12-10", "Bea Opened").appointment.id;
    r.state
        .store
        .write(move |tx| {
            invites::create_for_appointment(
                tx,
                "inv-bea",
                "hash-bea",
                &bea,
                "2026-12-09T08:00:00Z",
            )?;
            invites::opened(tx, "inv-bea", "2026-12-09T09:00:00Z").map(|_| ())
        })
        .unwrap();
    // Dee's was sent again an hour ago (her booking changed): too soon after the
    // latest, though the first went out five hours ago.
    let dee = listed(&r, "2026-12-10", "Dee Justinvited").appointment.id;
    candor_receiver::service::invitations::resend(&r.state.store, None, &dee).unwrap();
    all_sent(&r, "2026-12-09T12:00:00Z");

    assert_eq!(
        queue_reminders(&r.state.store, REMINDERS, NOW_MS).unwrap(),
        1
    );
    let ana = listed(&r, "2026-12-10", "Ana Unopened");
    let status = ana.invitation.clone().unwrap();
    assert_eq!(
        (status.kind, status.channel),
        (Kind::Reminder, Channel::Email)
    );
    assert_eq!(
        ana.invitation_words(),
        "reminder waiting to be sent by email"
    );
    for (day, name) in [
        ("2026-12-10", "Bea Opened"),
        ("2026-12-10", "Cam Asleep"),
        ("2026-12-10", "Dee Justinvited"),
        ("2026-12-20", "Eve Nextweek"),
    ] {
        let status = listed(&r, day, name).invitation.unwrap();
        assert_eq!(status.kind, Kind::Invitation, "{name} is not reminded");
    }
    assert_eq!(
        listed(&r, "2026-12-10", "Cam Asleep").invitation_words(),
        "sent by text message"
    );

    // Once only; and Cam, invited by text, is reminded by text when it is morning in
    // Los Angeles (08:00 there is 16:00 UTC).
    assert_eq!(
        queue_reminders(&r.state.store, REMINDERS, NOW_MS).unwrap(),
        0
    );
    assert_eq!(
        queue_reminders(&r.state.store, REMINDERS, NOW_MS + 3 * HOUR_MS).unwrap(),
        2,
        "Cam, and Dee three hours after her invitation"
    );
    let cam = listed(&r, "2026-12-10", "Cam Asleep").invitation.unwrap();
    assert_eq!((cam.kind, cam.channel), (Kind::Reminder, Channel::Sms));
    assert_eq!(
        queue_reminders(&r.state.store, REMINDERS, NOW_MS + 4 * HOUR_MS).unwrap(),
        0
    );
    // Without reminders, none.
    let none = Reminders {
        before_ms: 0,
        ..REMINDERS
    };
    assert_eq!(
        queue_reminders(&r.state.store, none, NOW_MS + 4 * HOUR_MS).unwrap(),
        0
    );
}
