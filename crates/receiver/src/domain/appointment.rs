//! An appointment: a patient's visit at a time, with the treatments booked, the
//! provider, how to reach the patient and in which language. What makes one valid is
//! here, once, for the console, the booking-system import and the API: a start with
//! its offset (a local time alone is ambiguous), a reachable contact (an email, or a
//! mobile number in international form), a language the widget speaks.
//!
//! A problem names the field and says what is expected; it never repeats the value
//! (a patient's name or number must not end up in a log or an import report).

/// The languages an invitation and the widget can be in.
pub const LANGUAGES: [&str; 2] = ["en", "es"];

/// A field's problem: which field, and what is expected there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The field (`start`, `email`, …).
    pub field: &'static str,
    /// What is expected, without the value given.
    pub message: &'static str,
}

impl Problem {
    fn of(field: &'static str, message: &'static str) -> Problem {
        Problem { field, message }
    }
}

/// An appointment as typed or imported, before it is checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    /// The booking system's id for it (with `source`, what makes an import idempotent).
    pub external_id: String,
    /// When it starts: RFC 3339 with an offset, such as `2026-12-09T10:30:00-05:00`.
    pub start: String,
    /// The provider booked, as the clinic names them.
    pub provider: String,
    /// The treatment ids booked.
    pub treatments: Vec<String>,
    /// The patient's name.
    pub name: String,
    /// The patient's email, if any.
    pub email: String,
    /// The patient's mobile number, if any.
    pub mobile: String,
    /// `en` or `es` (empty: the clinic's first language).
    pub language: String,
}

/// How to reach the patient (sealed at rest: it names them).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Contact {
    /// Their name.
    pub name: String,
    /// Their email.
    pub email: Option<String>,
    /// Their mobile number, in E.164 (`+15550102030`).
    pub mobile: Option<String>,
}

/// A checked appointment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// The booking system's id (empty for one made in the console).
    pub external_id: String,
    /// The start as given (RFC 3339 with its offset).
    pub start: String,
    /// The start in milliseconds since the Unix epoch, for ordering and days.
    pub start_unix_ms: i64,
    /// The provider.
    pub provider: String,
    /// The treatment ids.
    pub treatments: Vec<String>,
    /// The patient.
    pub contact: Contact,
    /// `en` or `es`.
    pub language: String,
}

/// Checks `draft` against the clinic's treatment ids (`treatments`) and its first
/// language; every problem, not only the first.
///
/// # Errors
/// Each field that is missing or not as expected.
pub fn check(
    draft: &Draft,
    treatments: &[String],
    default_language: &str,
) -> Result<Checked, Vec<Problem>> {
    let mut problems: Vec<Problem> = Vec::new();
    let start_unix_ms = match draft.start.trim().parse::<jiff::Timestamp>() {
        Ok(t) => Some(t.as_millisecond()),
        Err(_) if draft.start.trim().is_empty() => {
            problems.push(Problem::of("start", "is missing"));
            None
        }
        Err(_) => {
            problems.push(Problem::of(
                "start",
                "must be a date and time with its offset, such as 2026-12-09T10:30:00-05:00",
            ));
            None
        }
    };
    if draft.provider.trim().is_empty() {
        problems.push(Problem::of("provider", "is missing"));
    }
    let booked: Vec<String> = draft
        .treatments
        .iter()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    if booked.is_empty() {
        problems.push(Problem::of(
            "treatments",
            "is missing: name at least one treatment",
        ));
    } else if booked.iter().any(|t| !treatments.contains(t)) {
        problems.push(Problem::of(
            "treatments",
            "names a treatment this clinic's profile does not offer",
        ));
    }
    let name = draft.name.trim();
    if name.is_empty() {
        problems.push(Problem::of("name", "is missing"));
    } else if name.chars().count() > 120 || name.chars().any(char::is_control) {
        problems.push(Problem::of(
            "name",
            "must be at most 120 characters, on one line",
        ));
    }
    let email = draft.email.trim();
    let email = (!email.is_empty()).then(|| email.to_owned());
    if email.as_deref().is_some_and(|e| !plausible_email(e)) {
        problems.push(Problem::of("email", "is not an email address"));
    }
    let mobile = match draft.mobile.trim() {
        "" => None,
        given => {
            let normal = e164(given);
            if normal.is_none() {
                problems.push(Problem::of(
                    "mobile",
                    "must be a mobile number with its country code, such as +1 555 010 2030",
                ));
            }
            normal
        }
    };
    if email.is_none() && mobile.is_none() && problems.iter().all(|p| p.field != "mobile") {
        problems.push(Problem::of(
            "email",
            "or a mobile number is needed to send the invitation",
        ));
    }
    let language = match draft.language.trim() {
        "" => default_language.to_owned(),
        given => given.to_ascii_lowercase(),
    };
    if !LANGUAGES.contains(&language.as_str()) {
        problems.push(Problem::of("language", "must be en or es"));
    }
    match start_unix_ms {
        Some(start_unix_ms) if problems.is_empty() => Ok(Checked {
            external_id: draft.external_id.trim().to_owned(),
            start: draft.start.trim().to_owned(),
            start_unix_ms,
            provider: draft.provider.trim().to_owned(),
            treatments: booked,
            contact: Contact {
                name: name.to_owned(),
                email,
                mobile,
            },
            language,
        }),
        _ => Err(problems),
    }
}

/// An address of the form `local@domain.tld`, one line, no spaces.
fn plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A number with its country code, in E.164 (`+` and 8 to 15 digits), from what people
/// type: spaces, dots, dashes and brackets are dropped; `00` counts as `+`.
pub fn e164(given: &str) -> Option<String> {
    let kept: String = given
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')' | '\u{a0}'))
        .collect();
    let digits = kept.strip_prefix('+').or_else(|| kept.strip_prefix("00"))?;
    let number = format!("+{digits}");
    candor_core::contact::is_e164(&number).then_some(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offered() -> Vec<String> {
        vec!["neurotoxin".into(), "filler".into()]
    }

    fn draft() -> Draft {
        Draft {
            external_id: "A-1".into(),
            start: "2026-12-09T10:30:00-05:00".into(),
            provider: "Dr. Ruiz".into(),
            treatments: vec!["filler".into()],
            name: "Ana María Núñez".into(),
            email: "ana@example.org".into(),
            mobile: "+1 (555) 010-2030".into(),
            language: String::new(),
        }
    }

    #[test]
    fn a_complete_appointment_is_checked_and_normalised() {
        let checked = check(&draft(), &offered(), "es").unwrap();
        assert_eq!(checked.contact.mobile.as_deref(), Some("+15550102030"));
        assert_eq!(
            checked.language, "es",
            "the clinic's first language by default"
        );
        assert_eq!(checked.start_unix_ms, 1_796_830_200_000, "15:30 UTC");
    }

    #[test]
    fn every_problem_is_named_by_field_without_the_value() {
        let bad = Draft {
            start: "09/12/2026 10:30".into(),
            provider: " ".into(),
            treatments: vec!["laser_hair_removal".into()],
            name: String::new(),
            email: "ana at example".into(),
            mobile: "555 0102".into(),
            language: "fr".into(),
            ..draft()
        };
        let problems = check(&bad, &offered(), "en").unwrap_err();
        let fields: Vec<_> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                "start",
                "provider",
                "treatments",
                "name",
                "email",
                "mobile",
                "language"
            ]
        );
        for p in &problems {
            for value in ["09/12", "laser_hair", "ana at", "0102", "fr"] {
                assert!(!p.message.contains(value), "{p:?} repeats the value");
            }
        }
    }

    #[test]
    fn a_local_time_without_its_offset_is_refused_as_ambiguous() {
        let local = Draft {
            start: "2026-12-09T10:30:00".into(),
            ..draft()
        };
        assert_eq!(
            check(&local, &offered(), "en").unwrap_err()[0].field,
            "start"
        );
    }

    #[test]
    fn an_invitation_needs_an_email_or_a_mobile() {
        let unreachable = Draft {
            email: String::new(),
            mobile: String::new(),
            ..draft()
        };
        let problems = check(&unreachable, &offered(), "en").unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "email");
        assert_eq!(e164("0034 612 345 678").as_deref(), Some("+34612345678"));
        assert_eq!(e164("612 345 678"), None, "no country code");
    }
}
