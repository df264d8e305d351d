//! A clinic profile's identity as a version: the SHA-256 of its canonical form.
//!
//! The canonical form is the summary's ([`crate::canonical`], RFC 8785 restricted to
//! integers): members sorted, no insignificant whitespace, one escaping. So the same
//! document gives the same hash in the widget, the receiver and the protocol tool,
//! however it was indented or its members ordered, and any change to a rule, a
//! consent sentence or a translation gives another. A medical director approves a
//! hash; a summary records the hash it ran under.

use serde_json::Value;

use super::ProfileError;
use crate::canonical::{CanonicalError, to_canonical_bytes};

/// The SHA-256 (lowercase hex) of `document`'s canonical form.
pub fn sha256(document: &Value) -> Result<String, CanonicalError> {
    Ok(crate::jws::sha256_hex(&to_canonical_bytes(document)?))
}

/// The SHA-256 of the profile text `json`, or why it has none.
pub fn sha256_of_text(json: &str) -> Result<String, ProfileError> {
    let value: Value = serde_json::from_str(json).map_err(|e| ProfileError {
        path: "$".into(),
        message: format!(
            "not valid JSON (line {}, column {}): {e}",
            e.line(),
            e.column()
        ),
    })?;
    sha256(&value).map_err(problem)
}

/// A number the canonical form cannot hold, as a profile problem with its path.
pub fn problem(error: CanonicalError) -> ProfileError {
    match error {
        CanonicalError::NotAnInteger(path) => ProfileError {
            path,
            message: "numbers in a profile must be whole (a profile is hashed in the \
                      summary's canonical form, which has no fractions): use a smaller unit"
                .into(),
        },
        CanonicalError::OutOfRange(path) => ProfileError {
            path,
            message: "this number is too large to be exact in every JSON reader".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_and_whitespace_do_not_change_the_hash_but_a_word_does() {
        let a = sha256_of_text(r#"{"b": [1, 2], "a": "x"}"#).unwrap();
        let b = sha256_of_text("{\"a\":\"x\",\n  \"b\":[1,2]}").unwrap();
        let c = sha256_of_text(r#"{"a":"y","b":[1,2]}"#).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        // The canonical bytes are `{"a":"x","b":[1,2]}`; coreutils agrees:
        // printf '{"a":"x","b":[1,2]}' | sha256sum
        assert_eq!(
            a,
            "721ef82f2d6c0997bffb7a8ab3f40f8fb45b0b52ce2af3afa6b0f05efbdc317f"
        );
    }

    #[test]
    fn a_fraction_is_refused_with_its_path() {
        let e = sha256_of_text(r#"{"sections":[{"min":0.5}]}"#).unwrap_err();
        assert_eq!(e.path, "$.sections[0].min");
    }
}
