//! Check-ins after a treatment, as rules: when each is due, and what the messages say.
//!
//! A check-in on day `d` after a visit marked treated is due `d` days after the
//! moment it was marked (day 0, the same evening: three hours after), moved to 09:00
//! the next morning when that moment falls at night (before 08:00 or from 20:00) where
//! the visit took place. The message names the clinic and the link, never the
//! treatment (a message can be read on a lock screen or a shared inbox); the on-call
//! alert names neither the patient nor the treatment, only that an urgent check-in
//! waits in the console.

use super::message::Text;

/// A day's length, in milliseconds.
pub const DAY_MS: i64 = 86_400_000;

/// How long after the visit a day-0 check-in goes out.
const SAME_EVENING_MS: i64 = 3 * 3_600_000;

/// When the check-in on `day` after a visit marked treated at `treated_ms` is due,
/// in the visit's own offset (`offset_minutes`). `day_ms` is a day's length: a real
/// day, or shorter where the operator asked for it (`--check-in-day`, for a
/// demonstration or a test), in which case no night is skipped.
pub fn due_unix_ms(treated_ms: i64, offset_minutes: i32, day: u16, day_ms: i64) -> i64 {
    if day_ms != DAY_MS {
        return treated_ms + i64::from(day) * day_ms;
    }
    let at = if day == 0 {
        treated_ms + SAME_EVENING_MS
    } else {
        treated_ms + i64::from(day) * DAY_MS
    };
    let offset_ms = i64::from(offset_minutes) * 60_000;
    let local = at + offset_ms;
    let hour = local.rem_euclid(DAY_MS) / 3_600_000;
    if (8..20).contains(&hour) {
        return at;
    }
    let midnight = local - local.rem_euclid(DAY_MS);
    let morning = if hour >= 20 {
        midnight + DAY_MS
    } else {
        midnight
    } + 9 * 3_600_000;
    morning - offset_ms
}

/// What a check-in message is made from.
#[derive(Clone, Copy, Debug)]
pub struct CheckInMessage<'a> {
    /// The patient's name as booked (the first word is used).
    pub name: &'a str,
    /// The clinic's name.
    pub clinic: &'a str,
    /// The clinic's phone number.
    pub phone: &'a str,
    /// The link that opens the check-in.
    pub link: &'a str,
    /// `en` or `es`.
    pub language: &'a str,
}

/// The check-in by email, in the patient's language.
pub fn email(m: &CheckInMessage<'_>) -> Text {
    let first = m.name.split_whitespace().next().unwrap_or("");
    match m.language {
        "es" => Text {
            subject: format!("¿Cómo se encuentra? {}", m.clinic),
            body: format!(
                "Hola {first}:\n\n{} quiere saber cómo se encuentra después de su visita. Son unas pocas preguntas:\n\n{}\n\nSi algo le preocupa, no espere: llame al {}.\n",
                m.clinic, m.link, m.phone
            ),
        },
        _ => Text {
            subject: format!("How are you feeling? {}", m.clinic),
            body: format!(
                "Hello {first},\n\n{} would like to know how you are after your visit. It is a few questions:\n\n{}\n\nIf anything worries you, do not wait: call {}.\n",
                m.clinic, m.link, m.phone
            ),
        },
    }
}

/// The check-in as a text message: short, plain GSM 7-bit (Spanish without accents,
/// as the invitation's), the clinic first.
pub fn text_message(m: &CheckInMessage<'_>) -> String {
    match m.language {
        "es" => format!(
            "{}: como se encuentra despues de su visita? Unas preguntas: {} Si algo le preocupa, llame al {}",
            m.clinic, m.link, m.phone
        ),
        _ => format!(
            "{}: how are you after your visit? A few questions: {} If anything worries you, call {}",
            m.clinic, m.link, m.phone
        ),
    }
}

/// The alert to the clinic's on-call address: an urgent check-in waits, with the
/// console's link to the check-ins; no patient, no treatment, no answer.
pub fn on_call(clinic: &str, console_link: &str) -> Text {
    Text {
        subject: format!("{clinic}: an urgent check-in is waiting"),
        body: format!(
            "A patient's check-in after a treatment reported a warning sign. Open the console now:\n\n{console_link}\n\nThis message names no patient; the console shows who and what.\n"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-09T15:00:00Z.
    const TREATED: i64 = 1_796_828_400_000;

    fn hour_at(ms: i64, offset_minutes: i32) -> i64 {
        (ms + i64::from(offset_minutes) * 60_000).rem_euclid(DAY_MS) / 3_600_000
    }

    #[test]
    fn a_day_after_is_the_same_time_the_next_day_in_daytime() {
        // 10:00 in New York.
        let due = due_unix_ms(TREATED, -300, 1, DAY_MS);
        assert_eq!(due, TREATED + DAY_MS);
        assert_eq!(hour_at(due, -300), 10);
        assert_eq!(
            due_unix_ms(TREATED, -300, 14, DAY_MS),
            TREATED + 14 * DAY_MS
        );
    }

    #[test]
    fn the_same_evening_is_three_hours_after() {
        assert_eq!(
            due_unix_ms(TREATED, -300, 0, DAY_MS),
            TREATED + 3 * 3_600_000
        );
    }

    #[test]
    fn a_night_moves_to_nine_the_next_morning() {
        // 18:30 in New York: day 0 at 21:30, moved to 09:00 the next day.
        let treated = TREATED + 8 * 3_600_000 + 30 * 60_000;
        let due = due_unix_ms(treated, -300, 0, DAY_MS);
        assert_eq!(hour_at(due, -300), 9);
        assert!(due > treated + 3 * 3_600_000 && due < treated + DAY_MS);
        // Treated at 05:00 in Tokyo (20:00 UTC the day before): a day later at 05:00
        // moves to 09:00 that same morning.
        let due = due_unix_ms(TREATED + 5 * 3_600_000, 540, 1, DAY_MS);
        assert_eq!(hour_at(due, 540), 9);
        assert_eq!(due, TREATED + 5 * 3_600_000 + DAY_MS + 4 * 3_600_000);
    }

    #[test]
    fn a_short_day_skips_no_night() {
        assert_eq!(due_unix_ms(TREATED, -300, 3, 2_000), TREATED + 6_000);
        assert_eq!(due_unix_ms(TREATED, -300, 0, 2_000), TREATED);
    }

    #[test]
    fn messages_name_no_treatment_and_texts_stay_gsm() {
        let m = CheckInMessage {
            name: "Ana María López",
            clinic: "Demo Clinic",
            phone: "(555) 010-4477",
            link: "https://intake.example/#check-in=abc.def",
            language: "es",
        };
        let email = email(&m);
        assert!(email.body.starts_with("Hola Ana:"));
        assert!(email.body.contains(m.link) && email.body.contains(m.phone));
        let text = text_message(&m);
        assert!(text.is_ascii(), "{text}");
        let alert = on_call("Demo Clinic", "https://clinic.example/console/check-ins");
        assert!(!alert.body.contains("Ana"));
    }
}
