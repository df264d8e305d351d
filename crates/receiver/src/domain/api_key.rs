//! The integration API's keys: what a key may do ([`Scope`]) and what one looks like.
//!
//! A key reads `cnd_live_<id>_<secret><check>`: `id` is 12 hex digits (how the
//! receiver finds it, and how the console names it), `secret` 43 characters of
//! base62 (256 random bits, stored only as its SHA-256), and `check` 6 base62
//! characters of the CRC-32 of everything before it, so a secret scanner (or a
//! person pasting it) tells a real key from a typo offline, as GitHub's tokens do.

use std::fmt;
use std::str::FromStr;

/// The prefix every key starts with.
pub const PREFIX: &str = "cnd_live_";

/// What a key may reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Create, list, read and cancel appointments (and their invitation links).
    Appointments,
    /// List submissions and read their metadata (ids, source, highest severity,
    /// review state): no answers.
    Submissions,
    /// Read one submission's signed JWS and its FHIR Bundle: health data.
    SubmissionContent,
    /// Register, list, rotate and delete webhook endpoints.
    Webhooks,
}

/// Every scope, in the order the console lists them.
pub const SCOPES: [Scope; 4] = [
    Scope::Appointments,
    Scope::Submissions,
    Scope::SubmissionContent,
    Scope::Webhooks,
];

impl Scope {
    /// The scope's name as stored and typed.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Appointments => "appointments",
            Scope::Submissions => "submissions",
            Scope::SubmissionContent => "submission_content",
            Scope::Webhooks => "webhooks",
        }
    }

    /// What it allows, in words for the director.
    pub fn words(self) -> &'static str {
        match self {
            Scope::Appointments => {
                "appointments: create, list, read and cancel them, with their invitation links"
            }
            Scope::Submissions => {
                "submission metadata: ids, source, highest finding and review state, no answers"
            }
            Scope::SubmissionContent => {
                "submission content: the signed summary and its FHIR Bundle (health data)"
            }
            Scope::Webhooks => "webhooks: register, list, rotate and delete endpoints",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Scope {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SCOPES
            .into_iter()
            .find(|scope| scope.as_str() == s)
            .ok_or(())
    }
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `n` in base62, `width` digits (leading zeros).
fn base62(mut n: u128, width: usize) -> String {
    let mut digits = vec![b'0'; width];
    for d in digits.iter_mut().rev() {
        *d = BASE62[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8(digits).unwrap_or_default()
}

/// The check digits of `body` (the key without them).
fn check(body: &str) -> String {
    base62(u128::from(crc32fast::hash(body.as_bytes())), 6)
}

/// A key made from its id and 32 random bytes: the text shown once, and the secret
/// part whose SHA-256 is kept.
pub fn format(id: &str, random: &[u8; 32]) -> (String, String) {
    let secret = base62(
        u128::from_be_bytes(random[..16].try_into().unwrap_or_default()),
        22,
    ) + &base62(
        u128::from_be_bytes(random[16..].try_into().unwrap_or_default()),
        21,
    );
    let body = format!("{PREFIX}{id}_{secret}");
    let text = format!("{body}{}", check(&body));
    (text, secret)
}

/// The id and the secret of `text`, if it reads as a key with a right check.
pub fn parse(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix(PREFIX)?;
    let (id, tail) = rest.split_once('_')?;
    if id.len() != 12 || !id.bytes().all(|b| b.is_ascii_hexdigit()) || tail.len() != 49 {
        return None;
    }
    let (secret, digits) = tail.split_at(43);
    if !secret.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    (check(&text[..text.len() - 6]) == digits).then_some((id, secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reads_back_and_a_typo_does_not() {
        let (text, secret) = format("0123456789ab", &[7u8; 32]);
        assert!(text.starts_with("cnd_live_0123456789ab_"));
        assert_eq!(text.len(), PREFIX.len() + 12 + 1 + 43 + 6);
        assert_eq!(parse(&text), Some(("0123456789ab", secret.as_str())));
        let mut typo = text.clone().into_bytes();
        typo[30] = if typo[30] == b'A' { b'B' } else { b'A' };
        assert_eq!(parse(std::str::from_utf8(&typo).unwrap()), None);
        assert_eq!(parse("cnd_live_short"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn scopes_read_by_name() {
        for scope in SCOPES {
            assert_eq!(scope.as_str().parse(), Ok(scope));
        }
        assert!("everything".parse::<Scope>().is_err());
    }
}
