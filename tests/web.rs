//! Browser adapters and the mounted widget, in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use candor::browser::{clock, crash, dom};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element appended to the body, with `id`, replacing any earlier one.
fn fresh(tag: &str, id: &str) -> web_sys::HtmlElement {
    if let Some(old) = document().get_element_by_id(id) {
        old.remove();
    }
    let el = document().create_element(tag).unwrap();
    el.set_id(id);
    document().body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

async fn settle() {
    // Effects and animation frames run after the current task.
    for _ in 0..3 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
}

#[wasm_bindgen_test]
fn today_is_the_devices_local_date() {
    let now = js_sys::Date::new_0();
    let today = clock::today();
    assert_eq!(today.year, now.get_full_year() as i32);
    assert_eq!(u32::from(today.month), now.get_month() + 1);
    assert_eq!(u32::from(today.day), now.get_date());
}

#[wasm_bindgen_test]
fn crash_screen_replaces_the_widget_and_takes_focus() {
    let app = fresh("div", "app");
    app.set_text_content(Some("Legal name: Ana"));
    let screen = fresh("main", "crash");
    screen.set_hidden(true);
    screen.set_tab_index(-1);
    let boot = fresh("div", "boot");

    crash::show_crash_screen();

    assert!(!screen.hidden(), "crash screen shown");
    assert_eq!(
        app.text_content().unwrap_or_default(),
        "",
        "no answer stays on screen"
    );
    assert!(!boot.is_connected(), "loading message removed");
    assert_eq!(
        document().active_element().map(|e| e.id()),
        Some("crash".into())
    );
}

#[wasm_bindgen_test]
fn boot_screen_is_removed_once_started() {
    let boot = fresh("div", "boot");
    dom::remove_boot_screen();
    assert!(!boot.is_connected());
}

#[wasm_bindgen_test]
async fn widget_mounts_welcomes_with_the_clinic_name_and_starts() {
    let host = fresh("div", "widget-host");
    let _mounted = leptos::mount::mount_to(host.clone(), candor::app::App);
    let h1 = host.query_selector("h1").unwrap().expect("a heading");
    assert_eq!(
        h1.text_content().unwrap(),
        "Welcome to Lumen Aesthetics & Wellness"
    );
    assert!(host.text_content().unwrap().contains("Step 1 of 3"));

    let start: web_sys::HtmlElement = host
        .query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    start.click();
    settle().await;

    let h1 = host.query_selector("h1").unwrap().unwrap();
    assert_eq!(h1.text_content().unwrap(), "Your details");
    assert!(host.text_content().unwrap().contains("Step 2 of 3"));
    assert_eq!(
        document().active_element(),
        Some(h1),
        "focus moves to the new step's heading"
    );
    host.remove();
}
