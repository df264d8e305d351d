//! The welcome the reference receiver rendered into the page, and taking it over.
//!
//! When the receiver serves the page, `#app` already holds the first screen
//! (`data-rendered` names its language), built from the same words and the same
//! profile as the widget's own (`candor_core::welcome`), with the same elements and
//! classes. The widget builds its own `#app` apart and puts it in place of the
//! rendered one in the same task, so nothing moves on the screen. What the patient did
//! before the wasm was ready, index.html's boot script records on the root element
//! (`data-early-start`, and `data-early-focus`, where the focus is: never an answer),
//! and the widget honours it. A page served as a static file has
//! none of this.

use candor_core::Lang;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// The rendered welcome found in the page, and what the patient did on it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Rendered {
    /// The language it is in.
    pub lang: Option<Lang>,
    /// Start was pressed before the widget was ready.
    pub start: bool,
}

fn root_attribute(name: &str) -> Option<String> {
    web_sys::window()?
        .document()?
        .document_element()?
        .get_attribute(name)
}

/// The rendered welcome in `app`, if the page has one: read at the moment the widget
/// takes over, so a tap just before it counts.
pub fn rendered(app: &Element) -> Option<Rendered> {
    let lang = app.get_attribute("data-rendered")?;
    Some(Rendered {
        lang: Lang::from_tag(&lang),
        start: root_attribute("data-early-start").is_some(),
    })
}

/// Puts `built` (the widget's `#app`, built outside the document) in place of the
/// rendered `app` in one go; the element that had the focus gives it to the one in
/// the same place.
pub fn take_over(app: &Element, built: &Element) {
    let focus = root_attribute("data-early-focus");
    let _ = app.replace_with_with_node_1(built);
    if let Some(el) = focus.and_then(|selector| built.query_selector(&selector).ok().flatten()) {
        let _ = el.unchecked_ref::<HtmlElement>().focus();
    }
}
