//! Data keys and the sealed values made with them.
//!
//! A sealed value is text, so it fits any column of either database:
//! `c1.<data key id>.<base64url(nonce ‖ AES-256-GCM ciphertext ‖ tag)>`. Its
//! associated data is the place it was written for ([`place`]: table, column and the
//! row's identity), so a sealed value moved to another row or column does not open.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use zeroize::Zeroizing;

use super::KeyError;
use super::blind_index::BlindIndex;

/// What every sealed value starts with.
pub const SEALED_PREFIX: &str = "c1.";

/// A random AES-256 key, wiped from memory when dropped.
pub struct DataKey {
    bytes: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl DataKey {
    /// A new random key.
    ///
    /// # Errors
    /// When the system has no randomness to give.
    pub fn generate() -> Result<DataKey, KeyError> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        getrandom::fill(bytes.as_mut()).map_err(|e| KeyError(format!("no randomness: {e}")))?;
        Ok(DataKey { bytes })
    }

    /// The key with these bytes (an unwrapped key).
    pub fn from_bytes(bytes: [u8; 32]) -> DataKey {
        DataKey {
            bytes: Zeroizing::new(bytes),
        }
    }

    /// Its bytes, for wrapping.
    pub fn bytes(&self) -> &[u8] {
        self.bytes.as_slice()
    }
}

/// The place a sealed value is written for: `table.column` and the row's identity.
pub fn place(column: &str, row: &[&str]) -> String {
    let mut place = String::from(column);
    for part in row {
        place.push('\u{1f}');
        place.push_str(part);
    }
    place
}

/// The database's data keys, unwrapped: the newest seals, any opens.
pub struct DataKeys {
    current: String,
    ciphers: HashMap<String, Aes256Gcm>,
    /// Every row has been sealed: a value in clear is one changed outside the
    /// receiver, and is refused.
    sealed_throughout: AtomicBool,
    /// The blind index, keyed by the first (oldest) data key.
    index: BlindIndex,
}

impl std::fmt::Debug for DataKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "DataKeys(current {}, {} in all)",
            self.current,
            self.ciphers.len()
        )
    }
}

impl DataKeys {
    /// The keys by id, oldest first; `current` seals, and the first keys the blind
    /// index ([`DataKeys::index_entry`]).
    ///
    /// # Panics
    /// Never: `current` is one of `keys` (checked by the caller, [`crate::store`]).
    pub fn new(current: String, keys: Vec<(String, DataKey)>) -> DataKeys {
        let index = BlindIndex::derive(keys.first().map_or(&[][..], |(_, k)| k.bytes()));
        let ciphers = keys
            .into_iter()
            .map(|(id, key)| (id, Aes256Gcm::new(&(*key.bytes).into())))
            .collect();
        DataKeys {
            current,
            ciphers,
            sealed_throughout: AtomicBool::new(false),
            index,
        }
    }

    /// The blind index's entry for `text` as `kind` (see [`super::blind_index`]).
    pub fn index_entry(&self, kind: &str, text: &str) -> String {
        self.index.entry(kind, text)
    }

    /// The id of the data key that seals.
    pub fn current(&self) -> &str {
        &self.current
    }

    /// Says every row is sealed: from now on a value in clear does not open.
    pub fn set_sealed_throughout(&self) {
        self.sealed_throughout.store(true, Ordering::Relaxed);
    }

    /// `plain` sealed for `place`.
    ///
    /// # Errors
    /// When the system has no randomness to give.
    pub fn seal(&self, place: &str, plain: &str) -> Result<String, KeyError> {
        let cipher = self
            .ciphers
            .get(&self.current)
            .ok_or_else(|| KeyError("the current data key is not loaded".into()))?;
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).map_err(|e| KeyError(format!("no randomness: {e}")))?;
        let sealed = cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: place.as_bytes(),
                },
            )
            .map_err(|_| KeyError("a value could not be sealed".into()))?;
        let mut bytes = Vec::with_capacity(12 + sealed.len());
        bytes.extend_from_slice(&nonce);
        bytes.extend(sealed);
        let mut out = String::with_capacity(
            SEALED_PREFIX.len() + self.current.len() + 1 + bytes.len() * 4 / 3 + 4,
        );
        out.push_str(SEALED_PREFIX);
        out.push_str(&self.current);
        out.push('.');
        B64.encode_string(bytes, &mut out);
        Ok(out)
    }

    /// `plain` sealed for `place`, when there is one.
    ///
    /// # Errors
    /// As [`DataKeys::seal`].
    pub fn seal_opt(&self, place: &str, plain: Option<&str>) -> Result<Option<String>, KeyError> {
        plain.map(|p| self.seal(place, p)).transpose()
    }

    /// What `stored` holds, if it was sealed for `place` under one of these keys. A
    /// value from before the database was sealed opens as itself until every row is
    /// sealed.
    ///
    /// # Errors
    /// When it was sealed elsewhere, under a key not here, or changed since; or is in
    /// clear once every row is sealed. The text names the place, not the value.
    pub fn open(&self, place: &str, stored: &str) -> Result<String, KeyError> {
        let column = place.split('\u{1f}').next().unwrap_or(place);
        let changed = || {
            KeyError(format!(
                "a sealed {column} does not open: changed outside the receiver"
            ))
        };
        let Some(rest) = stored.strip_prefix(SEALED_PREFIX) else {
            return if self.sealed_throughout.load(Ordering::Relaxed) {
                Err(changed())
            } else {
                Ok(stored.to_owned())
            };
        };
        let (id, encoded) = rest.split_once('.').ok_or_else(changed)?;
        let cipher = self.ciphers.get(id).ok_or_else(|| {
            KeyError(format!(
                "a sealed {column} names the data key {id}, which this database does not hold"
            ))
        })?;
        let bytes = B64.decode(encoded).map_err(|_| changed())?;
        if bytes.len() < 12 {
            return Err(changed());
        }
        let (nonce, sealed) = bytes.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| changed())?;
        let plain = cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: sealed,
                    aad: place.as_bytes(),
                },
            )
            .map_err(|_| changed())?;
        String::from_utf8(plain).map_err(|_| changed())
    }

    /// [`DataKeys::open`] for a column that may be NULL.
    ///
    /// # Errors
    /// As [`DataKeys::open`].
    pub fn open_opt(&self, place: &str, stored: Option<&str>) -> Result<Option<String>, KeyError> {
        stored.map(|s| self.open(place, s)).transpose()
    }
}

/// Whether `stored` is a sealed value (rather than text from before sealing).
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(SEALED_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> DataKeys {
        DataKeys::new(
            "dk1".into(),
            vec![("dk1".into(), DataKey::generate().unwrap())],
        )
    }

    #[test]
    fn a_sealed_value_opens_only_in_its_own_place() {
        let keys = keys();
        let here = place("submissions.payload", &["id-1", "kid-1"]);
        let sealed = keys.seal(&here, "Warfarin 5 mg").unwrap();
        assert!(!sealed.contains("Warfarin"));
        assert_eq!(keys.open(&here, &sealed).unwrap(), "Warfarin 5 mg");
        let elsewhere = place("submissions.payload", &["id-2", "kid-1"]);
        let err = keys.open(&elsewhere, &sealed).unwrap_err().0;
        assert!(
            err.contains("submissions.payload") && err.contains("changed outside"),
            "{err}"
        );
        let mut edited = sealed.clone();
        edited.pop();
        edited.push(if sealed.ends_with('A') { 'B' } else { 'A' });
        assert!(keys.open(&here, &edited).is_err());
    }

    #[test]
    fn clear_text_opens_until_every_row_is_sealed_and_never_after() {
        let keys = keys();
        assert_eq!(
            keys.open("console_events.detail", "a note").unwrap(),
            "a note"
        );
        keys.set_sealed_throughout();
        assert!(keys.open("console_events.detail", "a note").is_err());
    }

    #[test]
    fn another_databases_key_is_named_not_guessed() {
        let ours = keys();
        let theirs = DataKeys::new(
            "dk9".into(),
            vec![("dk9".into(), DataKey::generate().unwrap())],
        );
        let sealed = theirs.seal("t.c", "x").unwrap();
        assert!(ours.open("t.c", &sealed).unwrap_err().0.contains("dk9"));
    }
}
