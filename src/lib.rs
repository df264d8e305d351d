//! Candor, the intake and informed-consent widget: the Leptos user interface.
//!
//! This crate only presents. What a patient's answers mean, whether they are valid and
//! which step comes next lives in `candor-core`; what touches the browser outside the
//! DOM tree Leptos renders (the clock, focus, the crash screen) lives in [`browser`].

pub mod app;
pub mod browser;
mod components;
pub mod state;
mod steps;
pub mod text;

use wasm_bindgen::JsCast;

/// Starts the widget: installs the crash screen, mounts [`app::App`] into `#app`
/// and removes the loading message that `index.html` shows while wasm starts.
pub fn start() {
    browser::crash::install_panic_screen();
    let root = browser::dom::element_by_id("app")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        .expect("index.html has an #app element");
    leptos::mount::mount_to(root, app::App).forget();
    browser::dom::remove_boot_screen();
}
