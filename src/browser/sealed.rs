//! Storing text encrypted at rest: AES-GCM (256-bit) under a key that WebCrypto makes
//! non-extractable and IndexedDB keeps as a `CryptoKey`, so the stored bytes are
//! ciphertext and the key can be used by this origin's pages but never read out.
//!
//! Each write uses a fresh random 96-bit IV, stored beside the ciphertext. A record
//! that does not decrypt (tampered, or written under a key since deleted) reads as
//! [`StorageError::Failed`], never as plaintext.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

use super::idb::{self, Place, StorageError};

/// Where the sealing key lives: beside the records it seals, under its own name.
const KEY_NAME: &str = "sealing-key";

fn subtle() -> Result<web_sys::SubtleCrypto, StorageError> {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.subtle())
        .ok_or(StorageError::Unavailable)
}

async fn call(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, StorageError> {
    JsFuture::from(promise.map_err(|_| StorageError::Failed)?)
        .await
        .map_err(|_| StorageError::Failed)
}

fn algorithm(iv: Option<&Uint8Array>) -> Object {
    let params = Object::new();
    let _ = Reflect::set(&params, &"name".into(), &"AES-GCM".into());
    match iv {
        Some(iv) => {
            let _ = Reflect::set(&params, &"iv".into(), iv);
        }
        None => {
            let _ = Reflect::set(&params, &"length".into(), &JsValue::from(256));
        }
    }
    params
}

/// The place's sealing key, made (non-extractable) and stored on first use.
async fn key(place: Place) -> Result<CryptoKey, StorageError> {
    let stored = idb::get(place, KEY_NAME).await?;
    if let Ok(key) = stored.dyn_into::<CryptoKey>() {
        return Ok(key);
    }
    let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
    let key: CryptoKey = call(subtle()?.generate_key_with_object(&algorithm(None), false, &usages))
        .await?
        .unchecked_into();
    idb::put(place, KEY_NAME, &key).await?;
    Ok(key)
}

/// Encrypts `text` under `key` with a fresh random IV: the IV and the ciphertext.
async fn seal(key: &CryptoKey, text: &str) -> Result<(Uint8Array, Uint8Array), StorageError> {
    let iv = Uint8Array::new_with_length(12);
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or(StorageError::Unavailable)?
        .get_random_values_with_array_buffer_view(&iv)
        .map_err(|_| StorageError::Failed)?;
    let sealed = call(subtle()?.encrypt_with_object_and_u8_array(
        &algorithm(Some(&iv)),
        key,
        text.as_bytes(),
    ))
    .await?;
    Ok((iv, Uint8Array::new(&sealed)))
}

/// Decrypts what [`seal`] made; a record that does not decrypt is
/// [`StorageError::Failed`].
async fn open(
    key: &CryptoKey,
    iv: &Uint8Array,
    ciphertext: &Uint8Array,
) -> Result<String, StorageError> {
    let plain = call(subtle()?.decrypt_with_object_and_buffer_source(
        &algorithm(Some(iv)),
        key,
        ciphertext,
    ))
    .await?;
    String::from_utf8(Uint8Array::new(&plain).to_vec()).map_err(|_| StorageError::Failed)
}

/// A non-extractable AES-GCM key from 32 raw bytes (an invite link's draft key).
pub async fn import_key(raw: &[u8; 32]) -> Result<CryptoKey, StorageError> {
    let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
    let key = call(subtle()?.import_key_with_str(
        "raw",
        &Uint8Array::from(&raw[..]),
        "AES-GCM",
        false,
        &usages,
    ))
    .await?;
    Ok(key.unchecked_into())
}

/// Encrypts `text` under `key` as one message: the 12-byte IV, then the ciphertext.
pub async fn seal_message(key: &CryptoKey, text: &str) -> Result<Vec<u8>, StorageError> {
    let (iv, ciphertext) = seal(key, text).await?;
    let mut bytes = iv.to_vec();
    bytes.extend(ciphertext.to_vec());
    Ok(bytes)
}

/// Decrypts a message made by [`seal_message`].
pub async fn open_message(key: &CryptoKey, bytes: &[u8]) -> Result<String, StorageError> {
    if bytes.len() < 12 {
        return Err(StorageError::Failed);
    }
    let (iv, ciphertext) = bytes.split_at(12);
    open(key, &Uint8Array::from(iv), &Uint8Array::from(ciphertext)).await
}

/// Encrypts `text` and stores it under `name`; resolves only once committed.
pub async fn put(place: Place, name: &str, text: &str) -> Result<(), StorageError> {
    let key = key(place).await?;
    let (iv, ciphertext) = seal(&key, text).await?;
    let record = Object::new();
    let _ = Reflect::set(&record, &"iv".into(), &iv);
    let _ = Reflect::set(&record, &"ciphertext".into(), &ciphertext);
    idb::put(place, name, &record).await
}

/// Reads and decrypts what is stored under `name` (`None` when nothing is).
pub async fn get(place: Place, name: &str) -> Result<Option<String>, StorageError> {
    let record = idb::get(place, name).await?;
    if record.is_undefined() {
        return Ok(None);
    }
    let field = |n: &str| {
        Reflect::get(&record, &n.into())
            .ok()
            .and_then(|v| v.dyn_into::<Uint8Array>().ok())
    };
    let (Some(iv), Some(ciphertext)) = (field("iv"), field("ciphertext")) else {
        return Err(StorageError::Failed);
    };
    let key = key(place).await?;
    open(&key, &iv, &ciphertext).await.map(Some)
}
