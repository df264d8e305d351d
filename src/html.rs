//! Building the interface's DOM: elements with static parts, and parts bound to
//! reactive state (Leptos signals and memos) that update themselves.
//!
//! Why not Leptos's `view!`: its typed view trees are compiled once per shape, and
//! this widget has many small shapes. The same guided-flow interface measured
//! 242.2 KB brotli on a first visit with `view!` and 205.6 KB with this builder
//! (2026-11-22): about 37 KB saved. Here every binding goes through one non-generic
//! function taking a boxed closure, so the bundle carries each kind of binding once. The reactive model is still Leptos's: state lives in signals and
//! memos, and a binding re-runs when what it read changes.
//!
//! Text only ever becomes text: [`El::text`] and [`El::text_with`] create text nodes,
//! attributes are set as attribute values, and nothing here parses HTML.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, HtmlElement, Node};

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

/// An element being built.
pub struct El(Element);

/// A new element `tag`.
pub fn el(tag: &str) -> El {
    El(document().create_element(tag).expect("a valid tag name"))
}

/// Keeps `value` alive as long as the current reactive owner (the step, the region
/// or the list entry being shown) and drops it with that owner.
fn keep<T: 'static>(value: T) {
    StoredValue::new_local(value);
}

/// Runs `f` now and again whenever a signal it read changes, for as long as the
/// current owner lives.
fn watch(f: Box<dyn Fn()>) {
    keep(RenderEffect::new(move |_: Option<()>| f()));
}

impl El {
    /// Builds into an existing element.
    pub fn from_node(element: Element) -> El {
        El(element)
    }

    /// The element.
    pub fn node(&self) -> &Element {
        &self.0
    }

    /// Sets attribute `name`.
    pub fn attr(self, name: &str, value: &str) -> Self {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Sets the `id`.
    pub fn id(self, id: &str) -> Self {
        self.attr("id", id)
    }

    /// Adds the classes in `class` (space-separated) to those the element has, so
    /// classes set by [`El::class_when`] or an earlier call are kept.
    pub fn class(self, class: &str) -> Self {
        let list = self.0.class_list();
        for name in class.split_ascii_whitespace() {
            let _ = list.add_1(name);
        }
        self
    }

    /// Appends a text node.
    pub fn text(self, text: &str) -> Self {
        let _ = self.0.append_child(&document().create_text_node(text));
        self
    }

    /// Appends a child.
    pub fn child(self, child: El) -> Self {
        let _ = self.0.append_child(&child.0);
        self
    }

    /// Appends a child when there is one.
    pub fn child_opt(self, child: Option<El>) -> Self {
        match child {
            Some(child) => self.child(child),
            None => self,
        }
    }

    /// Appends children.
    pub fn children(self, children: Vec<El>) -> Self {
        for child in children {
            let _ = self.0.append_child(&child.0);
        }
        self
    }

    /// Calls `handler` on every `event`.
    pub fn on(self, event: &str, handler: impl FnMut(Event) + 'static) -> Self {
        self.on_boxed(event, Box::new(handler))
    }

    fn on_boxed(self, event: &str, handler: Box<dyn FnMut(Event)>) -> Self {
        let closure = Closure::wrap(handler);
        let _ = self
            .0
            .add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        keep(closure);
        self
    }

    /// Appends a text node that follows `text`.
    pub fn text_with(self, text: impl Fn() -> String + 'static) -> Self {
        self.text_with_boxed(Box::new(text))
    }

    fn text_with_boxed(self, text: Box<dyn Fn() -> String>) -> Self {
        let node = document().create_text_node("");
        let _ = self.0.append_child(&node);
        watch(Box::new(move || node.set_data(&text())));
        self
    }

    /// Keeps attribute `name` equal to `value` (removed while `None`).
    pub fn attr_with(
        self,
        name: &'static str,
        value: impl Fn() -> Option<String> + 'static,
    ) -> Self {
        self.attr_with_boxed(name, Box::new(value))
    }

    fn attr_with_boxed(self, name: &'static str, value: Box<dyn Fn() -> Option<String>>) -> Self {
        let el = self.0.clone();
        watch(Box::new(move || match value() {
            Some(v) => {
                let _ = el.set_attribute(name, &v);
            }
            None => {
                let _ = el.remove_attribute(name);
            }
        }));
        self
    }

    /// Keeps `aria-*` state `name` as `"true"` or `"false"`.
    pub fn aria_with(self, name: &'static str, flag: impl Fn() -> bool + 'static) -> Self {
        self.attr_with(name, move || {
            Some(if flag() { "true" } else { "false" }.to_owned())
        })
    }

    /// Adds `class` while `on` holds.
    pub fn class_when(self, class: &'static str, on: impl Fn() -> bool + 'static) -> Self {
        self.class_when_boxed(class, Box::new(on))
    }

    fn class_when_boxed(self, class: &'static str, on: Box<dyn Fn() -> bool>) -> Self {
        let el = self.0.clone();
        watch(Box::new(move || {
            let _ = el.class_list().toggle_with_force(class, on());
        }));
        self
    }

    /// Keeps a DOM property (`value`, `checked`) equal to `value`. The property is
    /// only written when it differs, so typing is never disturbed.
    pub fn prop_with(self, name: &'static str, value: impl Fn() -> JsValue + 'static) -> Self {
        self.prop_with_boxed(name, Box::new(value))
    }

    fn prop_with_boxed(self, name: &'static str, value: Box<dyn Fn() -> JsValue>) -> Self {
        let el: JsValue = self.0.clone().into();
        let key = JsValue::from_str(name);
        watch(Box::new(move || {
            let new = value();
            if js_sys::Reflect::get(&el, &key).ok().as_ref() != Some(&new) {
                let _ = js_sys::Reflect::set(&el, &key, &new);
            }
        }));
        self
    }

    /// Keeps the CSS property `name` equal to `value` (through the CSS object model,
    /// which the page's Content-Security-Policy allows).
    pub fn style_with(self, name: &'static str, value: impl Fn() -> String + 'static) -> Self {
        let el: HtmlElement = self.0.clone().unchecked_into();
        let value: Box<dyn Fn() -> String> = Box::new(value);
        watch(Box::new(move || {
            let _ = el.style().set_property(name, &value());
        }));
        self
    }

    /// Appends children that are rebuilt whenever what `build` read changes.
    ///
    /// Each build runs under its own reactive owner. When it is replaced (or the
    /// region itself goes), its nodes leave the document first and only then are
    /// its bindings and listeners dropped, so an event fired by the removal (a
    /// `blur` from a focused box) still reaches a live handler.
    pub fn children_with(self, build: impl Fn() -> Vec<El> + 'static) -> Self {
        self.children_with_boxed(Box::new(build))
    }

    fn children_with_boxed(self, build: Box<dyn Fn() -> Vec<El>>) -> Self {
        let marker: Node = document().create_comment("").into();
        let _ = self.0.append_child(&marker);
        watch(Box::new(move || {
            let nodes: Vec<Element> = build().into_iter().map(|child| child.0).collect();
            if let Some(parent) = marker.parent_node() {
                for node in &nodes {
                    let _ = parent.insert_before(node, Some(&marker));
                }
            }
            remove_on_cleanup(nodes);
        }));
        self
    }

    /// Appends children rebuilt only when `source` changes: what the build reads
    /// besides `source` is read once, untracked, so the region never rebuilds for
    /// an answer it does not show.
    pub fn children_for<T: Clone + PartialEq + Send + Sync + 'static>(
        self,
        source: Memo<T>,
        build: impl Fn(T) -> Vec<El> + 'static,
    ) -> Self {
        self.children_with(move || {
            let value = source.get();
            untrack(|| build(value.clone()))
        })
    }

    /// Appends one child per key of `keys`, in order. When the keys change, a child
    /// whose key is still there keeps its element, its state and its focus (moved,
    /// not rebuilt); new keys are built, and the children of keys that went are
    /// removed and then dropped.
    pub fn keyed_children<K: Clone + PartialEq + Send + Sync + 'static>(
        self,
        keys: Memo<Vec<K>>,
        build: impl Fn(K) -> El + 'static,
    ) -> Self {
        let marker: Node = document().create_comment("").into();
        let _ = self.0.append_child(&marker);
        let parent_owner = Owner::current().unwrap_or_default();
        let shown: Rc<RefCell<Vec<(K, Element, Owner)>>> = Rc::default();
        {
            // When the list itself goes: every child out of the page, then dropped.
            let shown = send_wrapper::SendWrapper::new(shown.clone());
            Owner::on_cleanup(move || {
                for (_, node, owner) in shown.borrow_mut().drain(..) {
                    node.remove();
                    owner.cleanup();
                }
            });
        }
        watch(Box::new(move || {
            let keys = keys.get();
            let mut old: Vec<Option<(K, Element, Owner)>> =
                std::mem::take(&mut *shown.borrow_mut())
                    .into_iter()
                    .map(Some)
                    .collect();
            // Each new child, and where it stood before (None: new).
            let mut next = Vec::with_capacity(keys.len());
            let mut was_at = Vec::with_capacity(keys.len());
            for key in keys {
                let kept = old
                    .iter()
                    .position(|e| e.as_ref().is_some_and(|(k, _, _)| *k == key));
                match kept.and_then(|i| old[i].take().map(|e| (i, e))) {
                    Some((i, entry)) => {
                        was_at.push(Some(i));
                        next.push(entry);
                    }
                    None => {
                        let owner = parent_owner.child();
                        let node = owner.with(|| untrack(|| build(key.clone()))).0;
                        was_at.push(None);
                        next.push((key, node, owner));
                    }
                }
            }
            for (_, node, owner) in old.into_iter().flatten() {
                node.remove();
                owner.cleanup();
            }
            if let Some(parent) = marker.parent_node() {
                // The children already in the right order among themselves stay
                // where they are (moving an element would take the focus from it);
                // the others are placed around them, from the end.
                let staying = longest_increasing(&was_at);
                let mut anchor = marker.clone();
                for (i, (_, node, _)) in next.iter().enumerate().rev() {
                    if !staying.contains(&i) {
                        let _ = parent.insert_before(node, Some(&anchor));
                    }
                    anchor = node.clone().into();
                }
            }
            *shown.borrow_mut() = next;
        }));
        self
    }
}

/// Indexes of `positions` forming a longest run of increasing earlier positions
/// (new children, `None`, are never part of it).
fn longest_increasing(positions: &[Option<usize>]) -> Vec<usize> {
    // For each index: the length of the best run ending there, and the index before.
    let mut best: Vec<(usize, Option<usize>)> = Vec::with_capacity(positions.len());
    for (i, p) in positions.iter().enumerate() {
        let Some(p) = p else {
            best.push((0, None));
            continue;
        };
        let before = (0..i)
            .filter(|&j| positions[j].is_some_and(|q| q < *p))
            .max_by_key(|&j| best[j].0);
        best.push((before.map_or(1, |j| best[j].0 + 1), before));
    }
    let mut run = Vec::new();
    let mut at = (0..best.len())
        .filter(|&i| best[i].0 > 0)
        .max_by_key(|&i| best[i].0);
    while let Some(i) = at {
        run.push(i);
        at = best[i].1;
    }
    run
}

/// Registers, in the current owner, the removal of `nodes` from the page. Leptos
/// runs an owner's cleanups before it drops what the owner holds, so the nodes
/// leave the page while their listeners are still alive.
fn remove_on_cleanup(nodes: Vec<Element>) {
    let nodes = send_wrapper::SendWrapper::new(nodes);
    Owner::on_cleanup(move || {
        for node in nodes.iter() {
            node.remove();
        }
    });
}

/// The `value` of the element an event happened on (an input or a text area).
pub fn target_value(event: &Event) -> String {
    event
        .target()
        .and_then(|t| js_sys::Reflect::get(&t, &JsValue::from_str("value")).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Whether the checkbox or radio an event happened on is now ticked.
pub fn target_checked(event: &Event) -> bool {
    event
        .target()
        .and_then(|t| js_sys::Reflect::get(&t, &JsValue::from_str("checked")).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// `items` as `<li>` elements of plain text.
pub fn text_items(items: impl IntoIterator<Item = String>) -> Vec<El> {
    items.into_iter().map(|item| el("li").text(&item)).collect()
}
