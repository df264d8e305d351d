//! Small, dependency-free plausibility checks for contact details.
//!
//! These are deliberately not `validator`'s `email`/`url` checks: those pull `regex`
//! and `idna` into the wasm bundle and make it about five times larger. A typo check
//! is all a form can do anyway; only a message that arrives proves an address.

/// Whether `text` looks like a deliverable email address: one `@`, a local part of
/// at most 64 characters, and a domain of dot-separated labels ending in a label
/// of at least two letters. Spaces and control characters are rejected.
pub fn is_plausible_email(text: &str) -> bool {
    let text = text.trim();
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    if local.is_empty() || local.chars().count() > 64 || domain.contains('@') || text.len() > 254 {
        return false;
    }
    let bad_char = |c: char| c.is_whitespace() || c.is_control() || "<>()[],;:\\\"".contains(c);
    if local.chars().any(bad_char)
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
    {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    let tld = labels[labels.len() - 1];
    labels.iter().all(label_ok) && tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic)
}

/// The digits of a phone number as typed, or `None` when it holds anything but
/// digits, spaces, dots, dashes, parentheses and one leading `+`.
pub fn phone_digits(text: &str) -> Option<String> {
    let text = text.trim();
    let body = text.strip_prefix('+').unwrap_or(text);
    if body
        .chars()
        .any(|c| !(c.is_ascii_digit() || " .-()".contains(c)))
    {
        return None;
    }
    Some(body.chars().filter(char::is_ascii_digit).collect())
}

/// Whether `text` is a plausible phone number: between 7 and 15 digits (the E.164
/// maximum) once the usual separators are removed.
pub fn is_plausible_phone(text: &str) -> bool {
    phone_digits(text).is_some_and(|d| (7..=15).contains(&d.len()))
}

/// Whether `number` is written in E.164, exactly: `+`, then 8 to 15 digits, the first
/// not 0, and nothing else (a number a `tel:` link or an SMS gateway takes as it is).
pub fn is_e164(number: &str) -> bool {
    let Some(digits) = number.strip_prefix('+') else {
        return false;
    };
    (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses() {
        for ok in [
            "ana@example.com",
            " ana.lopez+spa@mail.example.co.uk ",
            "jo@xn--bcher-kva.example",
            "ñandú@correo.es",
        ] {
            assert!(is_plausible_email(ok), "{ok}");
        }
    }

    #[test]
    fn rejects_typos() {
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "ana@@example.com",
            "ana@exa mple.com",
            "ana@example.c",
            "ana@example..com",
            "ana@-example.com",
            "ana.@example.com",
            "a b@example.com",
            "ana@example.com.",
            "ana@example.123",
            "<script>@example.com",
        ] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
    }

    #[test]
    fn phones_need_seven_to_fifteen_digits() {
        assert!(is_plausible_phone("(555) 010-2030"));
        assert!(is_plausible_phone("+34 612 34 56 78"));
        assert!(is_plausible_phone("555.0102"));
        assert!(!is_plausible_phone("12345"));
        assert!(!is_plausible_phone("+1 555 010 2030 4444 5"));
        assert!(!is_plausible_phone("call me"));
        assert!(!is_plausible_phone("555-0102 ext 4"));
        assert!(!is_plausible_phone("5+55 0102 030"));
    }

    #[test]
    fn e164_is_a_plus_and_digits_only() {
        assert!(is_e164("+15550104477"));
        assert!(is_e164("+34612345678"));
        for bad in [
            "15550104477",
            "+1 555 010 4477",
            "+0123456789",
            "+1234567",
            "+1234567890123456",
            "+1555010447a",
            "",
        ] {
            assert!(!is_e164(bad), "{bad}");
        }
    }
}
