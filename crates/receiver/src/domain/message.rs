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
}

/// The invitation's text.
pub fn invitation(i: &Invitation<'_>) -> Text {
    let first = i.name.split_whitespace().next().unwrap_or("");
    let (day, time) = (
        i.start.get(..10).unwrap_or(i.start),
        i.start.get(11..16).unwrap_or(""),
    );
    match i.language {
        "es" => Text {
            subject: format!("Sus formularios para {}", i.clinic),
            body: format!(
                "Hola {first}:\n\n{} tiene los formularios de su visita del {day} a las {time}. Por favor, complételos antes de venir:\n\n{}\n\nSi tiene preguntas, llame al {}.\n",
                i.clinic, i.link, i.phone
            ),
        },
        _ => Text {
            subject: format!("Your forms for {}", i.clinic),
            body: format!(
                "Hello {first},\n\n{} has the forms for your visit on {day} at {time}. Please fill them in before you arrive:\n\n{}\n\nIf you have questions, call {}.\n",
                i.clinic, i.link, i.phone
            ),
        },
    }
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
    /// The mail server could not be reached (down, refused the connection, timed out).
    Unreachable,
    /// The mail server refused the sign-in or the TLS connection.
    Refused,
    /// The mail server refused this recipient or message.
    Rejected,
    /// No mail server is configured.
    NotConfigured,
}

impl Failure {
    /// The reason as the console shows it (and the database keeps it).
    pub fn words(self) -> &'static str {
        match self {
            Failure::Unreachable => "the mail server could not be reached; trying again",
            Failure::Refused => {
                "the mail server refused the receiver's sign-in or TLS; trying again"
            }
            Failure::Rejected => "the mail server refused the address; trying again",
            Failure::NotConfigured => "no mail server is configured (--smtp-url)",
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
    fn retries_back_off_to_an_hour() {
        let waits: Vec<_> = (1..=9).map(retry_after_ms).collect();
        assert_eq!(waits[..3], [30_000, 60_000, 120_000]);
        assert_eq!(*waits.last().unwrap(), 3_600_000);
    }
}
