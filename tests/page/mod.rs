//! What the browser tests share: the document, a fresh element in it, and a wait for
//! effects and animation frames (they run after the current task).

use wasm_bindgen::JsCast;

/// The page's document.
pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element appended to the body, with `id`, replacing any earlier one.
pub fn fresh(tag: &str, id: &str) -> web_sys::HtmlElement {
    if let Some(old) = document().get_element_by_id(id) {
        old.remove();
    }
    let el = document().create_element(tag).unwrap();
    el.set_id(id);
    document().body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

/// Lets effects and animation frames run.
pub async fn settle() {
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
