//! Webhooks as the Standard Webhooks specification (v1) has them: the events a clinic's
//! systems may hear of, each a thin JSON body of ids (never health data: an EHR that
//! wants the answers asks the API, where the reading is audited), signed with
//! HMAC-SHA256 under the endpoint's `whsec_` secret, and tried again on a schedule that
//! lasts more than three days.

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};

/// What happened, as an event's `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventType {
    /// An appointment was booked (at the desk, by an import or through the API).
    AppointmentBooked,
    /// An appointment was cancelled.
    AppointmentCancelled,
    /// The patient opened the forms of their appointment for the first time.
    AppointmentOpened,
    /// A signed summary was stored.
    SubmissionReceived,
    /// A provider reviewed a record, or the medical director decided on it.
    ReviewCompleted,
    /// The patient declined a treatment's consent.
    ConsentDeclined,
    /// A check-in after a treatment reported a warning sign (call the clinic or
    /// emergency services).
    CheckInUrgent,
}

/// Every event type, in the order the console lists them.
pub const EVENT_TYPES: [EventType; 7] = [
    EventType::AppointmentBooked,
    EventType::AppointmentCancelled,
    EventType::AppointmentOpened,
    EventType::SubmissionReceived,
    EventType::ReviewCompleted,
    EventType::ConsentDeclined,
    EventType::CheckInUrgent,
];

impl EventType {
    /// The type as sent (`submission.received`).
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::AppointmentBooked => "appointment.booked",
            EventType::AppointmentCancelled => "appointment.cancelled",
            EventType::AppointmentOpened => "appointment.opened",
            EventType::SubmissionReceived => "submission.received",
            EventType::ReviewCompleted => "review.completed",
            EventType::ConsentDeclined => "consent.declined",
            EventType::CheckInUrgent => "checkin.urgent",
        }
    }

    /// When it is sent, in words for the director.
    pub fn words(self) -> &'static str {
        match self {
            EventType::AppointmentBooked => "an appointment is booked",
            EventType::AppointmentCancelled => "an appointment is cancelled",
            EventType::AppointmentOpened => "a patient opens their forms",
            EventType::SubmissionReceived => "a signed summary is received",
            EventType::ReviewCompleted => "a record is reviewed or decided",
            EventType::ConsentDeclined => "a patient declines a treatment's consent",
            EventType::CheckInUrgent => "a check-in after a treatment reports a warning sign",
        }
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EventType {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EVENT_TYPES.into_iter().find(|t| t.as_str() == s).ok_or(())
    }
}

/// An event ready to be kept: its id (the `webhook-id` every endpoint and every retry
/// gets), its type, and the exact body signed and sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// `msg_` and 32 hex digits, the same however often it is tried.
    pub id: String,
    /// What happened.
    pub kind: EventType,
    /// The JSON body, byte for byte as signed.
    pub body: String,
}

/// The event of `kind` about `subject` (its ids, one per event: an appointment's id,
/// a record's id and signer), made at `timestamp` (RFC 3339) with `data` (ids and
/// states only). Its id is derived from the type and subject, so an event made twice
/// (a retried transaction) is one event.
pub fn event(kind: EventType, subject: &str, timestamp: &str, data: serde_json::Value) -> Event {
    let digest = Sha256::new()
        .chain_update(kind.as_str())
        .chain_update([0x1f])
        .chain_update(subject)
        .finalize();
    let id = format!("msg_{}", crate::keys::provider::hex(&digest[..16]));
    let body = serde_json::json!({
        "type": kind.as_str(),
        "timestamp": timestamp,
        "data": data,
    })
    .to_string();
    Event { id, kind, body }
}

/// The prefix of a secret as shown.
pub const SECRET_PREFIX: &str = "whsec_";

/// A new endpoint secret from 32 random bytes (256 bits; the specification asks for
/// at least 192), as shown: `whsec_` and the bytes in base64.
pub fn secret_text(random: &[u8; 32]) -> String {
    format!("{SECRET_PREFIX}{}", STANDARD.encode(random))
}

/// The key bytes of a secret as shown (`whsec_…`), if it reads as one (24 to 64
/// bytes).
pub fn secret_bytes(text: &str) -> Option<Vec<u8>> {
    let bytes = STANDARD.decode(text.strip_prefix(SECRET_PREFIX)?).ok()?;
    (24..=64).contains(&bytes.len()).then_some(bytes)
}

/// The `v1` signature of a message: HMAC-SHA256 under `key` of
/// `{id}.{timestamp}.{body}`, base64, after `v1,`.
pub fn sign(key: &[u8], id: &str, timestamp: i64, body: &str) -> String {
    // HMAC takes a key of any length: the error is unreachable.
    let Ok(mut mac) = hmac::Hmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body.as_bytes());
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

/// The `webhook-signature` header: one signature per key, space-separated (during a
/// rotation the new secret and the old both sign, so a receiver verifying with either
/// accepts the message).
pub fn signature_header(keys: &[&[u8]], id: &str, timestamp: i64, body: &str) -> String {
    keys.iter()
        .map(|key| sign(key, id, timestamp, body))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Waits before each retry, in seconds, after the first attempt (made at once): 5 s,
/// 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h, as Standard Webhooks' reference
/// senders do: the last attempt comes about 75 hours after the event, so a receiver
/// down over a long weekend still hears of it.
pub const RETRY_WAITS_S: [i64; 9] = [5, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 86_400];

/// How long to wait after `failed` attempts before the next, in milliseconds, with the
/// schedule scaled so its first wait is `first_ms` (5,000 in production; the tests
/// shorten it); `None` when every attempt was made.
pub fn retry_wait_ms(failed: i64, first_ms: i64) -> Option<i64> {
    let index = usize::try_from(failed.checked_sub(1)?).ok()?;
    RETRY_WAITS_S
        .get(index)
        .map(|wait| wait.saturating_mul(first_ms) / RETRY_WAITS_S[0])
}

/// What an endpoint's answer means for a delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// `2xx`: delivered.
    Delivered,
    /// `410 Gone`: the endpoint is gone; it is disabled at once.
    Gone,
    /// Anything else (a redirect included: none is followed): tried again.
    Failed,
}

/// What `status` means.
pub fn verdict(status: u16) -> Verdict {
    match status {
        200..=299 => Verdict::Delivered,
        410 => Verdict::Gone,
        _ => Verdict::Failed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_the_specifications_test_vector() {
        let key = secret_bytes("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").unwrap();
        assert_eq!(
            sign(
                &key,
                "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
                1_649_367_553,
                r#"{"email":"test@example.com","username":"test_user"}"#
            ),
            "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="
        );
    }

    #[test]
    fn both_secrets_sign_during_a_rotation() {
        let (old, new) = ([1u8; 32], [2u8; 32]);
        let header = signature_header(&[&new, &old], "msg_1", 10, "{}");
        let parts: Vec<&str> = header.split(' ').collect();
        assert_eq!(
            parts,
            [sign(&new, "msg_1", 10, "{}"), sign(&old, "msg_1", 10, "{}")]
        );
    }

    #[test]
    fn secrets_read_back_and_short_ones_do_not() {
        let text = secret_text(&[9u8; 32]);
        assert!(text.starts_with("whsec_"));
        assert_eq!(secret_bytes(&text), Some(vec![9u8; 32]));
        assert_eq!(secret_bytes("whsec_AAAA"), None);
        assert_eq!(secret_bytes("C2FVsBQIhrscChlQIMV+b5sSYspob7oD"), None);
    }

    #[test]
    fn retries_last_more_than_a_day() {
        let total: i64 = (1..=9).map(|n| retry_wait_ms(n, 5_000).unwrap()).sum();
        assert!(total > 3 * 24 * 3_600_000, "{total}");
        assert_eq!(retry_wait_ms(1, 5_000), Some(5_000));
        assert_eq!(retry_wait_ms(10, 5_000), None);
        assert_eq!(retry_wait_ms(2, 50), Some(3_000));
    }

    #[test]
    fn an_event_is_thin_and_its_id_stable() {
        let a = event(
            EventType::SubmissionReceived,
            "sub-1\u{1f}kid",
            "2026-12-07T10:00:00Z",
            serde_json::json!({ "submission_id": "sub-1" }),
        );
        let b = event(
            EventType::SubmissionReceived,
            "sub-1\u{1f}kid",
            "later",
            serde_json::json!({}),
        );
        assert_eq!(a.id, b.id);
        assert!(a.id.starts_with("msg_") && !a.id.contains('.'));
        assert_eq!(
            a.body,
            r#"{"data":{"submission_id":"sub-1"},"timestamp":"2026-12-07T10:00:00Z","type":"submission.received"}"#
        );
        for t in EVENT_TYPES {
            assert_eq!(t.as_str().parse(), Ok(t));
        }
    }

    #[test]
    fn only_2xx_delivers_and_410_disables() {
        assert_eq!(verdict(204), Verdict::Delivered);
        assert_eq!(verdict(302), Verdict::Failed);
        assert_eq!(verdict(410), Verdict::Gone);
        assert_eq!(verdict(500), Verdict::Failed);
    }
}
