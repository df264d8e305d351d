//! The welcome the reference receiver rendered into the page, and taking it over.
//!
//! When the receiver serves the page, `#app` already holds the first screen
//! (`data-rendered` names its language), built from the same words and the same
//! profile as the widget's own (`candor_core::welcome`), with the same elements and
//! classes. The widget builds its own screen apart and puts it in place in the same
//! task, so nothing moves on the screen and the focus stays where it was. What the
//! patient did before the wasm was ready, index.html's boot script records on the
//! root element (`data-early-start`, `data-early-lang`: never an answer), and the
//! widget honours it. A page served as a static file has none of this.

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
    /// The language button pressed before the widget was ready.
    pub chosen: Option<Lang>,
}

/// The rendered welcome in `root`, if the page has one: read at the moment the widget
/// takes over, so a tap just before it counts.
pub fn rendered(root: &Element) -> Option<Rendered> {
    let lang = root.get_attribute("data-rendered")?;
    let html = root.owner_document()?.document_element()?;
    Some(Rendered {
        lang: Lang::from_tag(&lang),
        start: html.has_attribute("data-early-start"),
        chosen: html
            .get_attribute("data-early-lang")
            .and_then(|l| Lang::from_tag(&l)),
    })
}

/// Replaces the rendered screen in `root` with the widget's, built in `built` (an
/// element outside the document), in one go; the element that had the focus gives it
/// to the one in the same place.
pub fn take_over(root: &Element, built: &Element) {
    let focused = root
        .owner_document()
        .and_then(|d| d.active_element())
        .and_then(|active| place(root, &active));
    root.set_text_content(None);
    while let Some(child) = built.first_child() {
        let _ = root.append_child(&child);
    }
    let _ = root.remove_attribute("data-rendered");
    if let Some(el) = focused
        .and_then(|selector| root.query_selector(&selector).ok().flatten())
        .and_then(|el| el.dyn_into::<HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// A selector for where `el` stands in `root` (`:scope>:nth-child(2)>…`), if inside it.
fn place(root: &Element, el: &Element) -> Option<String> {
    let mut steps = Vec::new();
    let mut at = el.clone();
    while at != *root {
        let mut n = 1;
        let mut sibling = at.previous_element_sibling();
        while let Some(s) = sibling {
            n += 1;
            sibling = s.previous_element_sibling();
        }
        steps.push(format!(">:nth-child({n})"));
        at = at.parent_element()?;
    }
    (!steps.is_empty()).then(|| {
        steps.reverse();
        format!(":scope{}", steps.concat())
    })
}
