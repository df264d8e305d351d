//! Where each sealed value belongs (the associated data it is sealed with), and a
//! JWS kept without its payload. No queries here: the sealing and the queries both
//! use these.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;

use crate::keys::data_keys::place;

/// The place a submission's `column` is sealed for.
pub fn record_place(column: &str, id: &str, kid: &str) -> String {
    place(column, &[id, kid])
}

/// The place an audit event's subject is sealed for.
pub fn subject_place(id: &str, kid: &str, seq: i64) -> String {
    place("audit_events.subject", &[id, kid, &seq.to_string()])
}

/// `jws` without its payload when the payload is `payload` (RFC 7515 appendix F's
/// detached content: `header..signature`), else as it is.
pub fn detach(jws: &str, payload: &str) -> String {
    let mut parts = jws.split('.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(header), Some(body), Some(signature), None) if body == B64.encode(payload) => {
            format!("{header}..{signature}")
        }
        _ => jws.to_owned(),
    }
}

/// The compact JWS `stored` (detached or whole) with its payload `payload`.
pub fn attach(stored: &str, payload: &str) -> String {
    match stored.split_once("..") {
        Some((header, signature)) if !header.contains('.') && !signature.contains('.') => {
            format!("{header}.{}.{signature}", B64.encode(payload))
        }
        _ => stored.to_owned(),
    }
}

/// The place console event `n`'s detail is sealed for.
pub fn detail_place(n: i64) -> String {
    place("console_events.detail", &[&n.to_string()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_detached_jws_is_whole_again_with_its_payload() {
        let payload = r#"{"a":1}"#;
        let jws = format!("eyJhbGciOiJFUzI1NiJ9.{}.c2ln", B64.encode(payload));
        let stored = detach(&jws, payload);
        assert_eq!(stored, "eyJhbGciOiJFUzI1NiJ9..c2ln");
        assert_eq!(attach(&stored, payload), jws);
        // Another payload than the JWS's: kept whole.
        assert_eq!(detach(&jws, "{}"), jws);
        assert_eq!(attach(&jws, payload), jws);
    }
}
