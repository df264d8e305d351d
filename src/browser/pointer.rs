//! When a press has finished: for closing a pop-up list on `blur` without moving
//! what the press is landing on.
//!
//! A mouse press blurs the focused box at `mousedown` and clicks at `mouseup`, a
//! separate moment; a tap blurs and clicks in one go. Closing a list in the page's
//! flow at once would move the fields below it between the two, so the click would
//! land somewhere else. [`after_press`] runs its callback once the press that caused
//! the blur (if any) has been released and its click delivered.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// What runs once the press is over, taken by whichever release event comes first.
type Pending = Rc<RefCell<Option<Box<dyn FnOnce()>>>>;

thread_local! {
    static PRESSED: Cell<bool> = const { Cell::new(false) };
    static WATCHING: Cell<bool> = const { Cell::new(false) };
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Starts following presses (once per page).
fn watch() {
    if WATCHING.with(|w| w.replace(true)) {
        return;
    }
    let Some(window) = window() else { return };
    for (event, down) in [
        ("pointerdown", true),
        ("pointerup", false),
        ("pointercancel", false),
    ] {
        let listener = Closure::<dyn FnMut()>::new(move || PRESSED.with(|p| p.set(down)));
        let _ = window.add_event_listener_with_callback_and_bool(
            event,
            listener.as_ref().unchecked_ref(),
            true,
        );
        // Page-long listeners.
        listener.forget();
    }
}

/// Runs `then` after the current task, and, while a press is held, only once it is
/// released and its click delivered.
pub fn after_press(then: impl FnOnce() + 'static) {
    watch();
    let Some(window) = window() else {
        return then();
    };
    if !PRESSED.with(Cell::get) {
        let later = Closure::once_into_js(then);
        let _ = window.set_timeout_with_callback(later.unchecked_ref());
        return;
    }
    // Whichever of `pointerup` and `pointercancel` comes first runs `then`; the other
    // finds it gone.
    let pending: Pending = Rc::new(RefCell::new(Some(Box::new(then))));
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    options.set_capture(true);
    for event in ["pointerup", "pointercancel"] {
        let pending = pending.clone();
        let released = Closure::once_into_js(move || {
            let Some(then) = pending.borrow_mut().take() else {
                return;
            };
            let later = Closure::once_into_js(then);
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback(later.unchecked_ref());
            }
        });
        let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
            event,
            released.unchecked_ref(),
            &options,
        );
    }
}
