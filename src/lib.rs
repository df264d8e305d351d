//! Candor, the intake and informed-consent widget: the Leptos user interface.
//!
//! This crate only presents. What a patient's answers mean, whether they are valid and
//! which step comes next lives in `candor-core`; what touches the browser outside the
//! interface's own elements (the clock, focus, the crash screen) lives in [`browser`];
//! [`html`] builds the elements and binds them to the visit's signals.

pub(crate) mod app;
pub mod browser;
mod components;
mod delivery;
pub mod html;
mod questions;
pub(crate) mod state;
mod steps;
pub(crate) mod text;

use wasm_bindgen::JsCast;

/// Starts the widget: installs the crash screen, builds [`app::app`] into `#app`
/// and removes the loading message that `index.html` shows while wasm starts.
pub fn start() {
    browser::crash::install_panic_screen();
    let root = browser::dom::element_by_id("app")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        .expect("index.html has an #app element");
    // The widget lives as long as the page.
    std::mem::forget(mount(root.into()));
    browser::dom::remove_boot_screen();
}

/// Builds the widget into `root` under a reactive owner that lives as long as the
/// page, and returns that owner.
pub fn mount(root: web_sys::Element) -> leptos::prelude::Owner {
    // wasm-bindgen-futures drives the reactive system (an error means it already does).
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = leptos::prelude::Owner::new();
    owner.with(|| {
        app::app(html::El::from_node(root));
    });
    owner
}
