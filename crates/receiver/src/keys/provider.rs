//! The key-provider seam: what wraps and unwraps data keys. [`LocalKey`] holds the
//! KEK in memory (from a file or the environment); a cloud KMS or an HSM would
//! implement [`KeyProvider`] by calling out, and nothing else would change.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::{DataKey, KeyError};

/// Wraps and unwraps data keys under a key-encryption key.
pub trait KeyProvider: Send + Sync {
    /// The KEK's public name (`kek-` and 16 hex digits): stored beside every data key
    /// it wraps, so a receiver given another key says which one the database needs.
    fn id(&self) -> String;

    /// `key`, wrapped under the KEK (text, for any column type).
    ///
    /// # Errors
    /// When the provider cannot wrap (a KMS unreachable, say).
    fn wrap(&self, key: &DataKey) -> Result<String, KeyError>;

    /// The data key `wrapped` holds.
    ///
    /// # Errors
    /// When `wrapped` was not made by this KEK, or was changed since.
    fn unwrap(&self, wrapped: &str) -> Result<DataKey, KeyError>;
}

/// A KEK held in this process: AES-256-GCM key wrapping, a random nonce each time.
pub struct LocalKey {
    key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for LocalKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LocalKey({})", self.id())
    }
}

/// What a wrapped data key's AEAD is bound to.
const WRAP_CONTEXT: &[u8] = b"candor data key v1";

impl LocalKey {
    /// The KEK with these bytes.
    pub fn new(bytes: [u8; 32]) -> LocalKey {
        LocalKey {
            key: Zeroizing::new(bytes),
        }
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(&(*self.key).into())
    }
}

impl KeyProvider for LocalKey {
    fn id(&self) -> String {
        // A name, not a fingerprint an attacker could test guesses against: the hash
        // of a domain-separated derivation, truncated.
        let digest = Sha256::new()
            .chain_update(b"candor kek id v1")
            .chain_update(*self.key)
            .finalize();
        format!("kek-{}", hex(&digest[..8]))
    }

    fn wrap(&self, key: &DataKey) -> Result<String, KeyError> {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).map_err(|e| KeyError(format!("no randomness: {e}")))?;
        let sealed = self
            .cipher()
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: key.bytes(),
                    aad: WRAP_CONTEXT,
                },
            )
            .map_err(|_| KeyError("the data key could not be wrapped".into()))?;
        let mut out = nonce.to_vec();
        out.extend(sealed);
        Ok(B64.encode(out))
    }

    fn unwrap(&self, wrapped: &str) -> Result<DataKey, KeyError> {
        let refused = || KeyError(format!("a data key does not open under {}", self.id()));
        let bytes = B64.decode(wrapped).map_err(|_| refused())?;
        if bytes.len() < 12 {
            return Err(refused());
        }
        let (nonce, sealed) = bytes.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| refused())?;
        let plain = Zeroizing::new(
            self.cipher()
                .decrypt(
                    &Nonce::from(nonce),
                    Payload {
                        msg: sealed,
                        aad: WRAP_CONTEXT,
                    },
                )
                .map_err(|_| refused())?,
        );
        let key: [u8; 32] = plain.as_slice().try_into().map_err(|_| refused())?;
        Ok(DataKey::from_bytes(key))
    }
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
