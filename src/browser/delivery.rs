//! Sending a signed submission to one delivery target (the clinic's HTTPS endpoint
//! or its FHIR server), and storing the outbox.
//!
//! What an answer means (retry, stop, delivered) is decided by the core's
//! [`candor_core::delivery`]; this adapter only talks to the network and to
//! IndexedDB. Health data goes only in request bodies to the clinic's configured
//! targets: never in a URL, a header other than the idempotency key and the invite
//! token, a log or a message to the embedding page.

use super::idb::Place;
pub use super::idb::StorageError;
use super::sealed;
use candor_core::delivery::{Attempt, Outbox, OutboxItem};

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
    answer(request.body(body)).await
}

/// POSTs a FHIR transaction Bundle to the server's base URL. The Bundle creates its
/// resources conditionally on the submission id, so a retry never makes a second copy.
pub async fn post_fhir_bundle(base_url: &str, bundle: &str) -> Attempt {
    let request = gloo_net::http::Request::post(base_url)
        .header("Content-Type", "application/fhir+json")
        .header("Accept", "application/fhir+json")
        .credentials(web_sys::RequestCredentials::Omit)
        .referrer_policy(web_sys::ReferrerPolicy::NoReferrer)
        .body(bundle.to_owned());
    answer(request).await
}

pub(super) async fn answer(request: Result<gloo_net::http::Request, gloo_net::Error>) -> Attempt {
    let Ok(request) = request else {
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

const OUTBOX: Place = Place {
    database: "candor",
    store: "outbox",
};
const KEY: &str = "outbox";

/// Stores the whole outbox, encrypted at rest (see [`super::sealed`]), and resolves
/// only once the write is committed, so the patient is never told "saved" before it is.
pub async fn save(outbox: &Outbox) -> Result<(), StorageError> {
    let text = serde_json::to_string(outbox).map_err(|_| StorageError::Failed)?;
    sealed::put(OUTBOX, KEY, &text).await
}

/// Reads and decrypts the stored outbox (empty when nothing is stored).
pub async fn load() -> Result<Outbox, StorageError> {
    match sealed::get(OUTBOX, KEY).await? {
        Some(text) => serde_json::from_str(&text).map_err(|_| StorageError::Failed),
        None => Ok(Outbox::default()),
    }
}
