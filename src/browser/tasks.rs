//! Yielding the main thread: start-up work runs in several short tasks instead of one
//! long one, so that a slow phone can paint and answer a tap between them (Total
//! Blocking Time counts only what a task spends beyond 50 ms).

use wasm_bindgen_futures::JsFuture;

/// Resolves in a new task of the event loop (a `setTimeout(0)`), after the browser has
/// had the chance to paint and handle input.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
}
