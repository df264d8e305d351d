//! A keyed blind index: what lets the receiver find equal values (a patient's name and
//! date of birth, as `domain::patient` normalises them) without keeping them in clear.
//!
//! An index entry is HMAC-SHA-256 under the **index key**, hex. The index key is
//! derived from the database's first data key (HMAC-SHA-256 of a fixed label under
//! it), so it is as secret as the data keys, needs no row of its own, and survives a
//! rotation of the key-encryption key (which re-wraps the data keys and never changes
//! them). Without the key an entry is a random-looking 64-digit hex string: it
//! reveals only that two entries are equal, never what they index, and a guess
//! (a common name with every date of birth of a century) cannot be checked offline.

use hmac::{KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

/// The label the index key is derived with (a new label would make a new index).
const LABEL: &[u8] = b"candor blind index v1";

/// The index key, wiped from memory when dropped.
pub struct BlindIndex {
    key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for BlindIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BlindIndex(…)")
    }
}

fn mac(key: &[u8]) -> hmac::Hmac<Sha256> {
    // HMAC takes a key of any length: this never fails.
    <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!())
}

impl BlindIndex {
    /// The index key derived from `data_key` (the database's first data key's bytes).
    pub fn derive(data_key: &[u8]) -> BlindIndex {
        let mut derived = mac(data_key);
        derived.update(LABEL);
        let mut key = Zeroizing::new([0u8; 32]);
        key.copy_from_slice(&derived.finalize().into_bytes());
        BlindIndex { key }
    }

    /// The entry for `text` indexed as `kind` (the kind is part of what is keyed, so
    /// the same text under two kinds makes two unrelated entries).
    pub fn entry(&self, kind: &str, text: &str) -> String {
        let mut entry = mac(self.key.as_slice());
        entry.update(kind.as_bytes());
        entry.update(&[0x1f]);
        entry.update(text.as_bytes());
        super::provider::hex(&entry.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::BlindIndex;

    #[test]
    fn an_entry_is_keyed_and_kind_bound_and_reveals_nothing() {
        let index = BlindIndex::derive(&[7; 32]);
        let entry = index.entry("dob", "1990-04-02");
        assert_eq!(entry.len(), 64);
        assert_eq!(entry, index.entry("dob", "1990-04-02"));
        assert!(!entry.contains("1990"));
        assert_ne!(entry, index.entry("name_dob", "1990-04-02"));
        assert_ne!(
            entry,
            BlindIndex::derive(&[8; 32]).entry("dob", "1990-04-02")
        );
    }
}
