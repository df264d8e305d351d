//! What the patient sees if the widget fails: a calm explanation, never a blank page.

use wasm_bindgen::JsCast;

use super::dom::element_by_id;

/// Installs a panic hook that logs the panic for the clinic's developers and replaces
/// the widget with the `#crash` screen from `index.html`, which says that nothing
/// unsigned was sent (forms already signed wait in the sealed outbox, which the next
/// page load delivers) and how to start again. Panic messages never carry patient answers: the
/// widget does not format answers into panics.
pub fn install_panic_screen() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("Candor stopped: {info}").into());
        show_crash_screen();
    }));
}

/// Hides the widget and shows the crash screen. Uses only the DOM, because after a
/// panic the reactive system cannot be trusted.
pub fn show_crash_screen() {
    if let Some(app) = element_by_id("app") {
        app.set_text_content(None);
    }
    if let Some(boot) = element_by_id("boot") {
        boot.remove();
    }
    if let Some(crash) =
        element_by_id("crash").and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        crash.set_hidden(false);
        let _ = crash.focus();
    }
}
