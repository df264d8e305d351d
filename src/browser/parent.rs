//! The embedding page: lifecycle messages by `postMessage`, to the exact origins the
//! clinic profile names as `parent_page` targets and to no other.
//!
//! What a message says is decided by the core ([`candor_core::delivery::lifecycle`]):
//! an event name and at most the submission id, never an answer.

use std::cell::RefCell;

use candor_core::delivery::lifecycle::Event;

thread_local! {
    static ORIGINS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Sets the origins to tell, from the clinic profile; called once a visit starts.
/// The widget's own origin is always one of them: a page of the clinic's own site on
/// the receiver (its embedding guide, say) may embed it without a profile change.
pub fn configure(mut origins: Vec<String>) {
    if let Some(own) = web_sys::window().and_then(|w| w.location().origin().ok())
        && !origins.contains(&own)
    {
        origins.push(own);
    }
    ORIGINS.with(|o| *o.borrow_mut() = origins);
}

/// Whether the widget is in a frame.
pub fn embedded() -> bool {
    web_sys::window()
        .and_then(|w| w.parent().ok().flatten().map(|p| p != w))
        .unwrap_or(false)
}

/// Tells the embedding page about `event`, if the widget is embedded and the profile
/// names the page's origin. A page on another origin never receives it: the browser
/// drops a message whose target origin does not match.
pub fn notify(event: &Event) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    let Ok(message) = js_sys::JSON::parse(&event.message()) else {
        return;
    };
    ORIGINS.with(|origins| {
        for origin in origins.borrow().iter() {
            let _ = parent.post_message(&message, origin);
        }
    });
}
