//! An invited visit's link: `#invite=<invite id>.<token>` is read once, at start, and
//! removed from the address bar at once, so it is not left in history, bookmarks or a
//! screenshot. What the fragment means is decided by the core
//! ([`candor_core::delivery::invite`]).

use candor_core::delivery::invite::{self, Invite};
use wasm_bindgen::JsValue;

/// The invite in the page's address, if there is one; the fragment is removed from
/// the address either way when it mentions an invite.
pub fn take() -> Option<Invite> {
    let window = web_sys::window()?;
    let location = window.location();
    let hash = location.hash().ok()?;
    if !hash.contains("invite=") {
        return None;
    }
    let address = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address));
    }
    invite::from_fragment(&hash)
}
