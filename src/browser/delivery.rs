//! Sending a signed submission to one delivery target, and storing the outbox.
//!
//! What an answer means (retry, stop, delivered) is decided by the core's
//! [`candor_core::delivery`]; this adapter only talks to the network and to
//! IndexedDB. Health data goes only in request bodies to the clinic's configured
//! targets: never in a URL, a header other than the idempotency key and the invite
//! token, a log or a message to the embedding page.

use candor_core::delivery::{Attempt, Outbox, OutboxItem};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// POSTs `{"jws", "summary"}` for `item` to `url` with its `Idempotency-Key` and,
/// for an invited visit, the invite token. Any failure to get an answer (offline,
/// refused, cut, blocked) is [`Attempt::NoAnswer`].
pub async fn post_submission(url: &str, item: &OutboxItem, bearer: Option<&str>) -> Attempt {
    let body = format!(r#"{{"jws":"{}","summary":{}}}"#, item.jws, item.summary);
    let mut request = gloo_net::http::Request::post(url)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", &format!("\"{}\"", item.submission_id))
        .credentials(web_sys::RequestCredentials::Omit)
        .referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    if let Some(token) = bearer {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    let Ok(request) = request.body(body) else {
        return Attempt::NoAnswer;
    };
    match request.send().await {
        Ok(response) => Attempt::Answered {
            status: response.status(),
            retry_after: response.headers().get("retry-after"),
            body: response.text().await.unwrap_or_default(),
        },
        Err(_) => Attempt::NoAnswer,
    }
}

/// Why the outbox could not be stored or read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// No IndexedDB here (a sandboxed or cross-site iframe, private mode).
    Unavailable,
    /// The browser refused or failed the operation (quota, permission).
    Failed,
}

const DATABASE: &str = "candor";
const STORE: &str = "outbox";
const KEY: &str = "outbox";

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

async fn open() -> Result<web_sys::IdbDatabase, StorageError> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or(StorageError::Unavailable)?;
    let request = factory
        .open_with_u32(DATABASE, 1)
        .map_err(|_| StorageError::Unavailable)?;
    let upgrade = wasm_bindgen::closure::Closure::once_into_js({
        let request = request.clone();
        move || {
            if let Some(db) = request
                .result()
                .ok()
                .and_then(|r| r.dyn_into::<web_sys::IdbDatabase>().ok())
            {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let db = request_done(&request)
        .await
        .map_err(|_| StorageError::Unavailable)?;
    db.dyn_into().map_err(|_| StorageError::Failed)
}

/// Stores the whole outbox and resolves only once the write is committed, so the
/// patient is never told "saved" before it is.
pub async fn save(outbox: &Outbox) -> Result<(), StorageError> {
    let db = open().await?;
    let tx = strict_transaction(&db)?;
    let store = tx.object_store(STORE).map_err(|_| StorageError::Failed)?;
    let text = serde_json::to_string(outbox).map_err(|_| StorageError::Failed)?;
    store
        .put_with_key(&JsValue::from_str(&text), &JsValue::from_str(KEY))
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
fn strict_transaction(db: &web_sys::IdbDatabase) -> Result<web_sys::IdbTransaction, StorageError> {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"durability".into(), &"strict".into());
    let method: js_sys::Function = js_sys::Reflect::get(db, &"transaction".into())
        .map_err(|_| StorageError::Failed)?
        .dyn_into()
        .map_err(|_| StorageError::Failed)?;
    let tx = method
        .call3(db, &STORE.into(), &"readwrite".into(), &options)
        .map_err(|_| StorageError::Failed)?;
    tx.dyn_into().map_err(|_| StorageError::Failed)
}

/// Reads the stored outbox (empty when nothing is stored).
pub async fn load() -> Result<Outbox, StorageError> {
    let db = open().await?;
    let tx = db
        .transaction_with_str(STORE)
        .map_err(|_| StorageError::Failed)?;
    let store = tx.object_store(STORE).map_err(|_| StorageError::Failed)?;
    let request = store
        .get(&JsValue::from_str(KEY))
        .map_err(|_| StorageError::Failed)?;
    let value = request_done(&request).await?;
    db.close();
    match value.as_string() {
        Some(text) => serde_json::from_str(&text).map_err(|_| StorageError::Failed),
        None => Ok(Outbox::default()),
    }
}
