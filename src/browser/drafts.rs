//! The patient's draft on this device, with their consent: the JSON the core writes
//! ([`candor_core::draft`]), sealed with AES-GCM under a non-extractable key
//! ([`super::sealed`]) in a database of its own, so that deleting the draft deletes
//! its key too and leaves nothing of the visit in IndexedDB.

use super::idb::{self, Place, StorageError};
use super::sealed;

const DATABASE: &str = "candor-draft";
const PLACE: Place = Place {
    database: DATABASE,
    store: "draft",
};
const NAME: &str = "draft";

/// Encrypts and stores the draft; resolves only once committed.
pub async fn save(json: &str) -> Result<(), StorageError> {
    sealed::put(PLACE, NAME, json).await
}

/// The stored draft, decrypted; `None` when there is none. Looking leaves nothing
/// behind: when there is no readable draft, the (empty) database is deleted.
pub async fn load() -> Result<Option<String>, StorageError> {
    let found = sealed::get(PLACE, NAME).await;
    if !matches!(found, Ok(Some(_))) {
        let _ = delete().await;
    }
    match found {
        Err(StorageError::Failed) => Ok(None),
        other => other,
    }
}

/// Deletes the draft and its key.
pub async fn delete() -> Result<(), StorageError> {
    idb::delete_database(DATABASE).await
}
