//! Health data sealed at rest (envelope encryption, as atuin and kanidm keep keys):
//!
//! - a **key-encryption key** (KEK) lives outside the database, in a 0600 file or an
//!   environment variable ([`source`]), behind the [`provider::KeyProvider`] seam that
//!   a cloud KMS or an HSM can implement instead of [`provider::LocalKey`];
//! - **data keys** (random AES-256 keys) are kept in the database only wrapped by the
//!   KEK, and unwrapped once, when the receiver starts ([`data_keys`]);
//! - every stored summary, answer, finding, name and note is an AES-256-GCM sealed
//!   value under a data key, bound to its table, column and row (a sealed value copied
//!   to another row does not open).
//!
//! - names and dates of birth are also found by a keyed blind index ([`blind_index`]),
//!   never by a column in clear.
//!
//! Rotating the KEK re-wraps the data keys and touches no record, so a receiver that
//! is serving keeps serving (it holds the unwrapped data keys).

pub mod blind_index;
pub mod data_keys;
pub mod provider;
pub mod source;

pub use data_keys::{DataKey, DataKeys};
pub use provider::{KeyProvider, LocalKey};
pub use source::KeySource;

/// A key that cannot be read, made or used. Its text names the key or the file, never
/// a key's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError(pub String);

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeyError {}
