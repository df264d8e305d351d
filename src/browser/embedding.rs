//! The widget inside a clinic's page: the options the embedding snippet puts in the
//! frame's address (`lang`, `accent`, `font_size`; never health data), applied as
//! the core allows them, and the frame's content height, told to the page so the
//! frame is exactly as tall as what it shows (no inner scrollbar, no cut-off button).

use std::cell::Cell;
use std::rc::Rc;

use candor_core::Lang;
use candor_core::delivery::lifecycle::Event;
use candor_core::embed::Theme;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use super::parent;

/// The options in the frame's address.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The language the page asks for, when the widget knows it.
    pub lang: Option<Lang>,
    accent: Option<String>,
    font_size: Option<String>,
}

/// Reads the options from the address.
pub fn options() -> Options {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return Options::default();
    };
    Options {
        lang: params.get("lang").and_then(|l| Lang::from_tag(&l)),
        accent: params.get("accent"),
        font_size: params.get("font_size"),
    }
}

/// Applies the theme options the core accepts as custom properties of the page (the
/// CSS object model, never CSS text) and tells the embedding page which were refused.
pub fn apply_theme(options: &Options) {
    let (theme, refused) =
        Theme::from_options(options.accent.as_deref(), options.font_size.as_deref());
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(style) = root.map(|r| r.style()) {
        if let Some((accent, hover)) = theme.accent {
            let _ = style.set_property("--candor-theme-accent", &accent.css());
            let _ = style.set_property("--candor-theme-accent-hover", &hover.css());
        }
        if let Some(size) = &theme.font_size {
            let _ = style.set_property("--candor-theme-text", size);
        }
    }
    for problem in refused {
        parent::notify(&Event::ThemeRefused {
            option: problem.option(),
        });
    }
}

/// From now on, tells the embedding page the content's height whenever it changes
/// (a new step, suggestions or a message opening, a rotation), at most once a frame.
/// Does nothing when the widget is not in a frame.
pub fn report_height() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if !parent::embedded() {
        return;
    }
    let Some(root) = window.document().and_then(|d| d.document_element()) else {
        return;
    };
    let pending = Rc::new(Cell::new(false));
    let last = Rc::new(Cell::new(0u32));
    let measure = {
        let root = root.clone();
        Rc::new(move || {
            let height = root.get_bounding_client_rect().height().ceil() as u32;
            if height != last.replace(height) {
                parent::notify(&Event::Resized { height });
            }
        })
    };
    let on_resize = Closure::<dyn FnMut()>::new(move || {
        if pending.replace(true) {
            return;
        }
        let (pending, measure) = (pending.clone(), measure.clone());
        let frame = Closure::once_into_js(move || {
            pending.set(false);
            measure();
        });
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(frame.unchecked_ref());
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(&root);
        // Both live as long as the page.
        std::mem::forget(observer);
    }
    on_resize.forget();
}
