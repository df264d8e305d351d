//! What identifies a stored record: the submission id together with the thumbprint
//! of the key that signed it. Anyone who learns a submission id can sign something
//! else under it with another key; that is a second record, and every console link,
//! review and export names the one it means.

use std::fmt;

/// One stored record: a submission id and its signer's key thumbprint.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordKey {
    /// The submission id (the widget's UUID).
    pub id: String,
    /// The RFC 7638 thumbprint of the signing key (base64url, 43 characters).
    pub kid: String,
}

impl RecordKey {
    /// A key from its two parts, if both look like what the receiver stores (so
    /// nothing else reaches a query or a page).
    pub fn new(id: &str, kid: &str) -> Option<RecordKey> {
        let id_ok = !id.is_empty()
            && id.len() <= 64
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        let kid_ok = kid.len() == 43
            && kid
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        (id_ok && kid_ok).then(|| RecordKey {
            id: id.to_owned(),
            kid: kid.to_owned(),
        })
    }

    /// The record's path under the console (`{id}/{kid}`).
    pub fn path(&self) -> String {
        format!("{}/{}", self.id, self.kid)
    }
}

impl fmt::Display for RecordKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} signed by {}", self.id, self.kid)
    }
}

#[cfg(test)]
mod tests {
    use super::RecordKey;

    const KID: &str = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

    #[test]
    fn a_key_is_an_id_and_a_thumbprint_and_nothing_else() {
        let key = RecordKey::new("0b6f9c1e-3d1a-4c55-9a8e-0d6b3a1f2e4c", KID).unwrap();
        assert_eq!(
            key.path(),
            format!("0b6f9c1e-3d1a-4c55-9a8e-0d6b3a1f2e4c/{KID}")
        );
        assert!(RecordKey::new("", KID).is_none());
        assert!(RecordKey::new("a/b", KID).is_none());
        assert!(RecordKey::new("id", "short").is_none());
        assert!(RecordKey::new("id", &format!("{}=", &KID[..42])).is_none());
    }
}
