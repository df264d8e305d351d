//! Asking before the page goes (`beforeunload`) while leaving would lose the
//! patient's work. The browser shows its own wording; the page only says whether.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// From now on, leaving the page asks first whenever `loses_work()` is true.
/// `loses_work` must read state without tracking (it runs outside any render).
pub fn warn_while(loses_work: impl Fn() -> bool + 'static) {
    let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        if loses_work() {
            event.prevent_default();
            // Older engines still need a return value to show the prompt.
            let _ = js_sys::Reflect::set(&event, &"returnValue".into(), &"".into());
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window
            .add_event_listener_with_callback("beforeunload", listener.as_ref().unchecked_ref());
    }
    // The listener lives as long as the page.
    listener.forget();
}

/// Runs `save` whenever the page is hidden or left (`pagehide`: closing the tab,
/// switching app on a phone, the back/forward cache), for as long as the page lives.
pub fn on_page_hide(save: impl Fn() + 'static) {
    let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| save());
    if let Some(window) = web_sys::window() {
        let _ =
            window.add_event_listener_with_callback("pagehide", listener.as_ref().unchecked_ref());
    }
    listener.forget();
}
