//! What an invitation says and when a failed one is tried again. The text names the
//! clinic, the day and time and the link, in the patient's language, and nothing about
//! the treatment (a message can be read on a lock screen or a shared inbox). A failure
//! is kept as a reason in words: a mail server's own text may quote the address.

/// An invitation's subject and body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub body: String,
}

/// How a message reaches the patient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    /// By email, through the clinic's SMTP server.
    Email,
    /// By text message, through the clinic's HTTPS SMS gateway.
    Sms,
}

impl Channel {
    /// As stored (`email`, `sms`).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }

    /// As stored; `None` for anything else.
    pub fn parse(text: &str) -> Option<Channel> {
        match text {
            "email" => Some(Channel::Email),
            "sms" => Some(Channel::Sms),
            _ => None,
        }
    }
}

/// What a message is: the invitation or the reminder before the visit, a check-in
/// after it, or the alert to the clinic's on-call address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The first message, when the appointment is booked.
    Invitation,
    /// Sent once when the forms were not opened a set time before the visit.
    Reminder,
    /// A check-in after the treatment, on a day the profile schedules
    /// ([`crate::domain::check_in`]).
    CheckIn,
    /// To the clinic's on-call address: an urgent check-in waits in the console.
    OnCall,
}

impl Kind {
    /// As stored (`invitation`, `reminder`, `check_in`, `on_call`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Invitation => "invitation",
            Kind::Reminder => "reminder",
            Kind::CheckIn => "check_in",
            Kind::OnCall => "on_call",
        }
    }

    /// As stored; `None` for anything else.
    pub fn parse(text: &str) -> Option<Kind> {
        match text {
            "invitation" => Some(Kind::Invitation),
            "reminder" => Some(Kind::Reminder),
            "check_in" => Some(Kind::CheckIn),
            "on_call" => Some(Kind::OnCall),
            _ => None,
        }
    }
}

/// What an invitation is made from.
#[derive(Clone, Copy, Debug)]
pub struct Invitation<'a> {
    /// The patient's first name (the first word of the name given).
    pub name: &'a str,
    /// The clinic's name.
    pub clinic: &'a str,
    /// The clinic's phone number.
    pub phone: &'a str,
    /// The visit's start as given (`2026-12-09T10:30:00-05:00`).
    pub start: &'a str,
    /// The link that opens the forms.
    pub link: &'a str,
    /// `en` or `es`.
    pub language: &'a str,
    /// The invitation, or the reminder before the visit.
    pub kind: Kind,
}

/// The invitation's text as a text message: short, in the patient's language, with
/// no character outside GSM 7-bit (so Spanish is written without accents, as text
/// messages often are; one accent would halve what a message part holds), the clinic
/// first (so the patient knows who writes), the day and time, the link and the phone.
pub fn text_message(i: &Invitation<'_>) -> String {
    let (day, time) = (
        i.start.get(..10).unwrap_or(i.start),
        i.start.get(11..16).unwrap_or(""),
    );
    match (i.language, i.kind == Kind::Reminder) {
        ("es", false) => format!(
            "{}: sus formularios para la visita del {day} a las {time}: {} Preguntas: {}",
            i.clinic, i.link, i.phone
        ),
        ("es", true) => format!(
            "{}: recordatorio, sus formularios para la visita del {day} a las {time} siguen pendientes: {} Preguntas: {}",
            i.clinic, i.link, i.phone
        ),
        (_, false) => format!(
            "{}: your forms for your visit on {day} at {time}: {} Questions: {}",
            i.clinic, i.link, i.phone
        ),
        (_, true) => format!(
            "{}: a reminder, your forms for your visit on {day} at {time} are still to do: {} Questions: {}",
            i.clinic, i.link, i.phone
        ),
    }
}

/// The invitation's text.
pub fn invitation(i: &Invitation<'_>) -> Text {
    let first = i.name.split_whitespace().next().unwrap_or("");
    let (day, time) = (
        i.start.get(..10).unwrap_or(i.start),
        i.start.get(11..16).unwrap_or(""),
    );
    let reminder = i.kind == Kind::Reminder;
    match i.language {
        "es" => Text {
            subject: format!(
                "{}Sus formularios para {}",
                if reminder { "Recordatorio: " } else { "" },
                i.clinic
            ),
            body: format!(
                "Hola {first}:\n\n{}{} tiene los formularios de su visita del {day} a las {time}. Por favor, complételos antes de venir:\n\n{}\n\nSi tiene preguntas, llame al {}.\n",
                if reminder { "Le recordamos que " } else { "" },
                i.clinic,
                i.link,
                i.phone
            ),
        },
        _ => Text {
            subject: format!(
                "{}Your forms for {}",
                if reminder { "Reminder: " } else { "" },
                i.clinic
            ),
            body: format!(
                "Hello {first},\n\n{}{} has the forms for your visit on {day} at {time}. Please fill them in before you arrive:\n\n{}\n\nIf you have questions, call {}.\n",
                if reminder { "A reminder: " } else { "" },
                i.clinic,
                i.link,
                i.phone
            ),
        },
    }
}

/// Whether `now_ms` is daytime (08:00 to 20:00) where the visit starting at `start`
/// (RFC 3339 with its offset) takes place: reminders are not sent at night. A start
/// that does not read is treated as daytime (the import checked it).
pub fn daytime_at(start: &str, now_ms: i64) -> bool {
    local_hour(start, now_ms).is_none_or(|h| (8..20).contains(&h))
}

/// The hour of `now_ms` in the offset `start` was given with.
fn local_hour(start: &str, now_ms: i64) -> Option<i8> {
    let minutes = offset_minutes(start)?;
    let local_ms = now_ms + i64::from(minutes) * 60_000;
    i8::try_from(local_ms.rem_euclid(86_400_000) / 3_600_000).ok()
}

/// The offset from UTC, in minutes, that an RFC 3339 `start` was given with (`None`
/// when it does not read).
pub fn offset_minutes(start: &str) -> Option<i32> {
    let offset = start.get(19..)?;
    let offset = offset.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    let minutes = match offset {
        "Z" | "z" => 0,
        o if o.len() == 6 => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let hours: i32 = o.get(1..3)?.parse().ok()?;
            let mins: i32 = o.get(4..6)?.parse().ok()?;
            sign * (hours * 60 + mins)
        }
        _ => return None,
    };
    Some(minutes)
}

/// How long after its `attempts`-th failure a message is tried again: 30 s, then
/// doubling, at most an hour.
pub fn retry_after_ms(attempts: i64) -> i64 {
    let doublings = attempts.clamp(1, 8) - 1;
    (30_000_i64 << doublings).min(3_600_000)
}

/// Why a message was not sent, in words for the front desk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The server could not be reached (down, refused the connection, timed out), or
    /// the gateway failed or was busy.
    Unreachable,
    /// The server refused the sign-in or the TLS connection.
    Refused,
    /// The server refused this recipient or message.
    Rejected,
    /// No server is configured for the channel.
    NotConfigured,
}

impl Failure {
    /// The reason as the console shows it (and the database keeps it), for a message
    /// sent through `channel`.
    pub fn words(self, channel: Channel) -> &'static str {
        match (channel, self) {
            (Channel::Email, Failure::Unreachable) => {
                "the mail server could not be reached; trying again"
            }
            (Channel::Email, Failure::Refused) => {
                "the mail server refused the receiver's sign-in or TLS; trying again"
            }
            (Channel::Email, Failure::Rejected) => {
                "the mail server refused the address; trying again"
            }
            (Channel::Email, Failure::NotConfigured) => "no mail server is configured (--smtp-url)",
            (Channel::Sms, Failure::Unreachable) => {
                "the text message gateway could not be reached or failed; trying again"
            }
            (Channel::Sms, Failure::Refused) => {
                "the text message gateway refused the receiver's sign-in or TLS; trying again"
            }
            (Channel::Sms, Failure::Rejected) => {
                "the text message gateway refused the number or the message; trying again"
            }
            (Channel::Sms, Failure::NotConfigured) => {
                "no text message gateway is configured (--sms-gateway)"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invitation_in(language: &str) -> Text {
        invitation(&Invitation {
            name: "Ana María Núñez",
            clinic: "Lumen Clinic",
            phone: "+1 555 010 2000",
            start: "2026-12-09T10:30:00-05:00",
            link: "https://intake.lumen.example/#invite=inv-1.tok",
            language,
            kind: Kind::Invitation,
        })
    }

    #[test]
    fn an_invitation_names_the_visit_and_the_link_in_the_patients_language() {
        let en = invitation_in("en");
        assert_eq!(en.subject, "Your forms for Lumen Clinic");
        assert!(en.body.starts_with("Hello Ana,"));
        assert!(en.body.contains("2026-12-09 at 10:30") && en.body.contains("#invite=inv-1.tok"));
        let es = invitation_in("es");
        assert!(es.body.starts_with("Hola Ana:") && es.body.contains("a las 10:30"));
    }

    #[test]
    fn a_text_message_is_plain_gsm_and_a_reminder_says_so() {
        let base = Invitation {
            name: "Ana María Núñez",
            clinic: "Lumen Clinic",
            phone: "+1 555 010 2000",
            start: "2026-12-09T10:30:00-05:00",
            link: "https://intake.lumen.example/#invite=inv-1.tok",
            language: "es",
            kind: Kind::Invitation,
        };
        let es = text_message(&base);
        assert_eq!(
            es,
            "Lumen Clinic: sus formularios para la visita del 2026-12-09 a las 10:30: https://intake.lumen.example/#invite=inv-1.tok Preguntas: +1 555 010 2000"
        );
        assert!(
            es.is_ascii(),
            "no accent, no emoji: one GSM 7-bit part holds 160"
        );
        assert!(!es.contains("Ana"), "no name: a lock screen shows it");
        let reminder = text_message(&Invitation {
            kind: Kind::Reminder,
            language: "en",
            ..base
        });
        assert!(reminder.starts_with("Lumen Clinic: a reminder, your forms"));
        let email = invitation(&Invitation {
            kind: Kind::Reminder,
            ..base
        });
        assert_eq!(
            email.subject,
            "Recordatorio: Sus formularios para Lumen Clinic"
        );
        assert!(email.body.contains("Le recordamos que Lumen Clinic tiene"));
    }

    #[test]
    fn reminders_wait_for_the_patients_daytime() {
        // 2026-12-09 13:00 UTC: 08:00 in New York, 14:00 in Madrid, 05:00 in Los Angeles.
        let now = 1_796_821_200_000;
        assert!(daytime_at("2026-12-10T10:30:00-05:00", now));
        assert!(daytime_at("2026-12-10T10:30:00+01:00", now));
        assert!(!daytime_at("2026-12-10T10:30:00-08:00", now));
        assert!(daytime_at("2026-12-10T10:30:00Z", now));
        assert!(
            daytime_at("2026-12-10T10:30:00.000+05:30", now),
            "18:30 in Mumbai"
        );
        assert!(
            !daytime_at("2026-12-10T10:30:00+07:00", now),
            "20:00 in Bangkok"
        );
    }

    #[test]
    fn retries_back_off_to_an_hour() {
        let waits: Vec<_> = (1..=9).map(retry_after_ms).collect();
        assert_eq!(waits[..3], [30_000, 60_000, 120_000]);
        assert_eq!(*waits.last().unwrap(), 3_600_000);
    }
}
