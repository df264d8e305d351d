//! Fetching the vocabulary file beside the page (`vocabulary.json`), and hearing when
//! the network returns. What it holds is checked and installed by
//! [`crate::state::vocabulary`].

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The vocabulary's file, beside the page (copied there by the build).
pub const FILE: &str = "vocabulary.json";

/// Why the file could not be had.
pub enum FetchFailure {
    /// No answer, or a server error: trying again when the network returns may work.
    Network,
    /// The server answered, but not with the file (a 404, say): trying again will not
    /// help.
    Refused,
}

/// The file's bytes.
pub async fn fetch() -> Result<Vec<u8>, FetchFailure> {
    let response = gloo_net::http::Request::get(FILE)
        .credentials(web_sys::RequestCredentials::SameOrigin)
        .send()
        .await
        .map_err(|_| FetchFailure::Network)?;
    match response.status() {
        200..=299 => response.binary().await.map_err(|_| FetchFailure::Network),
        500.. => Err(FetchFailure::Network),
        _ => Err(FetchFailure::Refused),
    }
}

/// Calls `then` each time the browser says it is back online.
pub fn on_online(then: impl Fn() + 'static) {
    let listener = Closure::<dyn Fn()>::new(then);
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("online", listener.as_ref().unchecked_ref());
    }
    listener.forget();
}
