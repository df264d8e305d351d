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

/// Starts the widget: installs the crash screen, takes the invite token (or a
/// check-in's) out of the address bar, then (each stage in a task of its own, so that a slow phone's main
/// thread is never blocked for long) loads the clinic profile, builds [`app::app`] into
/// `#app` and removes the loading message that `index.html` shows while wasm starts.
pub fn start() {
    let first_screen = browser::marks::Span::start("first-screen");
    browser::crash::install_panic_screen();
    // At once, before anything else: the invite token leaves the address bar.
    let invite = browser::invite::take();
    let check_in = browser::check_in::take();
    browser::address::restart_on_new_link();
    let enrolment = browser::kiosk::take_enrolment_code();
    let root = browser::dom::element_by_id("app")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        .expect("index.html has an #app element");
    wasm_bindgen_futures::spawn_local(async move {
        browser::tasks::next_task().await;
        let loaded = app::load_profile().await;
        let kiosk = match enrolment {
            None => browser::kiosk::installed().await,
            Some(_) => None,
        };
        browser::tasks::next_task().await;
        let root: web_sys::Element = root.into();
        let rendered = browser::boot::rendered(&root);
        let opened = app::Opened {
            invite,
            enrolment,
            kiosk,
            check_in,
            rendered,
        };
        // Over the receiver's rendered welcome, the widget builds apart and takes its
        // place in this same task (browser::boot).
        let target = match rendered {
            Some(_) => html::el("div").id("app").node().clone(),
            None => root.clone(),
        };
        // The widget lives as long as the page.
        std::mem::forget(mount_loaded(target.clone(), loaded, opened));
        if rendered.is_some() {
            browser::boot::take_over(&root, &target);
        }
        browser::dom::remove_boot_screen();
        first_screen.end();
    });
}

/// Builds the widget for the embedded demo profile into `root` under a reactive owner
/// that lives as long as the page, and returns that owner.
pub fn mount(root: web_sys::Element) -> leptos::prelude::Owner {
    let opened = app::Opened {
        invite: None,
        enrolment: None,
        kiosk: None,
        check_in: None,
        rendered: None,
    };
    mount_loaded(root, Ok(candor_core::ClinicProfile::demo()), opened)
}

/// Builds the widget for `loaded` into `root` under a new reactive owner.
fn mount_loaded(
    root: web_sys::Element,
    loaded: app::LoadedProfile,
    opened: app::Opened,
) -> leptos::prelude::Owner {
    // wasm-bindgen-futures drives the reactive system (an error means it already does).
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = leptos::prelude::Owner::new();
    owner.with(|| {
        app::app(html::El::from_node(root), loaded, opened);
    });
    owner
}
