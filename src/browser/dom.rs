//! Document look-ups and focus moves that Leptos's view tree does not cover.

use wasm_bindgen::JsCast;

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The element with `id`, if the document has one.
pub fn element_by_id(id: &str) -> Option<web_sys::Element> {
    document()?.get_element_by_id(id)
}

/// Moves keyboard focus to the element with `id` and scrolls it to the middle of the
/// view, so a sticky header or the phone's keyboard does not hide it (WCAG 2.4.11).
pub fn focus_and_reveal(id: &str) {
    let Some(el) = element_by_id(id).and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let _ = el.focus();
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    el.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Removes the loading message, and the clinic bar painted with it, that `index.html`
/// shows before the wasm started.
pub fn remove_boot_screen() {
    for id in ["boot-bar", "boot"] {
        if let Some(element) = element_by_id(id) {
            element.remove();
        }
    }
}

/// Sets the document's language and title, so screen readers pronounce the page in
/// the language the patient chose.
pub fn set_document_language(code: &str, title: &str) {
    if let Some(doc) = document() {
        if let Some(root) = doc.document_element() {
            let _ = root.set_attribute("lang", code);
        }
        doc.set_title(title);
    }
}
