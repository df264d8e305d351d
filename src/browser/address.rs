//! The page's address: secrets that arrive in its fragment (an invite, a kiosk's
//! enrolment code) are taken out of the address bar at once, so they are not left in
//! history, bookmarks or a screenshot.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// This page's address without its fragment: the path and the query (which names a
/// clinic profile, never anything secret).
pub fn without_fragment() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return "/".into();
    };
    format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    )
}

/// The fragment (with its `#`) when it mentions `marker`; it is then removed from the
/// address bar, whether or not what follows is well formed.
pub fn take_fragment(marker: &str) -> Option<String> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    if !hash.contains(marker) {
        return None;
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&without_fragment()));
    }
    Some(hash)
}

/// Starts the page again when a link's secret arrives in its fragment while it is open:
/// a second check-in or invitation link opened in the same tab changes only the
/// fragment, so without this the page would go on showing the first one. The page
/// reloaded takes the new fragment as any page does at start.
pub fn restart_on_new_link() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let restart = Closure::<dyn Fn()>::new(|| {
        let Some(location) = web_sys::window().map(|w| w.location()) else {
            return;
        };
        let hash = location.hash().unwrap_or_default();
        if hash.contains("check-in=") || hash.contains("invite=") {
            let _ = location.reload();
        }
    });
    let _ = window.add_event_listener_with_callback("hashchange", restart.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    restart.forget();
}
