//! A small IndexedDB adapter: one object store per database, values by key, writes
//! resolved only once committed with `durability: "strict"`.
//!
//! Used for the outbox ([`super::delivery`]) and the device key ([`super::signing`]).
//! Where IndexedDB is unavailable (a sandboxed iframe, some private modes) every call
//! answers [`StorageError::Unavailable`].

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a value could not be stored or read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// No IndexedDB here (a sandboxed or cross-site iframe, private mode).
    Unavailable,
    /// The browser refused or failed the operation (quota, permission).
    Failed,
}

/// One object store in its own database.
#[derive(Clone, Copy)]
pub struct Place {
    /// The database's name.
    pub database: &'static str,
    /// The object store's name.
    pub store: &'static str,
}

async fn request_done(request: &web_sys::IdbRequest) -> Result<JsValue, StorageError> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let (ok, err) = (resolve.clone(), reject.clone());
        let target = request.clone();
        let on_success = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = ok.call1(
                &JsValue::NULL,
                &target.result().unwrap_or(JsValue::UNDEFINED),
            );
        });
        let on_error = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = err.call0(&JsValue::NULL);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise)
        .await
        .map_err(|_| StorageError::Failed)
}

async fn open(place: Place) -> Result<web_sys::IdbDatabase, StorageError> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or(StorageError::Unavailable)?;
    let request = factory
        .open_with_u32(place.database, 1)
        .map_err(|_| StorageError::Unavailable)?;
    let upgrade = wasm_bindgen::closure::Closure::once_into_js({
        let request = request.clone();
        move || {
            if let Some(db) = request
                .result()
                .ok()
                .and_then(|r| r.dyn_into::<web_sys::IdbDatabase>().ok())
            {
                let _ = db.create_object_store(place.store);
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let db = request_done(&request)
        .await
        .map_err(|_| StorageError::Unavailable)?;
    db.dyn_into().map_err(|_| StorageError::Failed)
}

/// Stores `value` under `key` and resolves only once the write is committed.
pub async fn put(place: Place, key: &str, value: &JsValue) -> Result<(), StorageError> {
    let db = open(place).await?;
    let tx = strict_transaction(&db, place.store)?;
    let store = tx
        .object_store(place.store)
        .map_err(|_| StorageError::Failed)?;
    store
        .put_with_key(value, &JsValue::from_str(key))
        .map_err(|_| StorageError::Failed)?;
    let committed = js_sys::Promise::new(&mut |resolve, reject| {
        let done = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failed = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = reject.call0(&JsValue::NULL);
        });
        tx.set_oncomplete(Some(done.unchecked_ref()));
        tx.set_onerror(Some(failed.unchecked_ref()));
        tx.set_onabort(Some(failed.unchecked_ref()));
    });
    let result = JsFuture::from(committed)
        .await
        .map(|_| ())
        .map_err(|_| StorageError::Failed);
    db.close();
    result
}

/// A read-write transaction with `durability: "strict"` (web-sys keeps the options
/// dictionary behind unstable APIs, so it is passed as a plain object): the write is
/// on disk, not only in the browser's cache, when it completes.
fn strict_transaction(
    db: &web_sys::IdbDatabase,
    store: &str,
) -> Result<web_sys::IdbTransaction, StorageError> {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"durability".into(), &"strict".into());
    let method: js_sys::Function = js_sys::Reflect::get(db, &"transaction".into())
        .map_err(|_| StorageError::Failed)?
        .dyn_into()
        .map_err(|_| StorageError::Failed)?;
    let tx = method
        .call3(db, &store.into(), &"readwrite".into(), &options)
        .map_err(|_| StorageError::Failed)?;
    tx.dyn_into().map_err(|_| StorageError::Failed)
}

/// The value under `key` (`undefined` when there is none).
pub async fn get(place: Place, key: &str) -> Result<JsValue, StorageError> {
    let db = open(place).await?;
    let tx = db
        .transaction_with_str(place.store)
        .map_err(|_| StorageError::Failed)?;
    let store = tx
        .object_store(place.store)
        .map_err(|_| StorageError::Failed)?;
    let request = store
        .get(&JsValue::from_str(key))
        .map_err(|_| StorageError::Failed)?;
    let value = request_done(&request).await;
    db.close();
    value
}

/// Deletes the database `name` with everything in it (the sealing key too); resolves
/// once gone. Deleting a database that does not exist succeeds.
pub async fn delete_database(name: &str) -> Result<(), StorageError> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or(StorageError::Unavailable)?;
    let request = factory
        .delete_database(name)
        .map_err(|_| StorageError::Failed)?;
    request_done(&request).await.map(|_| ())
}
