//! Which vocabulary a clinic profile was approved with: the profile names the file's
//! version and SHA-256, so the medical director's approval of the profile covers the
//! medicine and allergy lists its risk checks read, and the widget uses a fetched
//! `vocabulary.json` only when its digest is the one named here.

use serde::{Deserialize, Serialize};

/// The vocabulary file a profile was written and approved against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VocabularyRef {
    /// The file's `version` (`2026.12.4`).
    pub version: String,
    /// SHA-256 of the file's bytes, lowercase hex (`candor-protocol vocabulary`
    /// prints both).
    pub sha256: String,
}

impl VocabularyRef {
    /// Whether `bytes` are the file this names.
    pub fn matches(&self, bytes: &[u8]) -> bool {
        crate::vocabulary::data::digest(bytes) == self.sha256
    }
}

/// Whether `text` is a SHA-256 written as 64 lowercase hex digits.
pub fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
