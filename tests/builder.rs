//! The DOM builder (`candor::html`) in headless Chromium: regions remove their nodes
//! before they drop their listeners, classes add up, keyed lists keep their
//! elements, and a named-source region rebuilds only for its source.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use candor::html::{El, el};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod page;
use page::{document, fresh, settle};

/// A host element in the page, and an owner for what is built into it.
fn host(id: &str) -> (El, web_sys::Element, Owner) {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let node: web_sys::Element = fresh("div", id).into();
    (El::from_node(node.clone()), node, Owner::new())
}

#[wasm_bindgen_test]
async fn a_rebuilt_region_removes_its_nodes_while_their_handlers_still_live() {
    let (root, node, owner) = host("region-host");
    let round = RwSignal::new(0);
    let blurs = Rc::new(Cell::new(0));
    owner.with(|| {
        let blurs = blurs.clone();
        root.children_with(move || {
            let blurs = blurs.clone();
            vec![
                el("input")
                    .id(&format!("box-{}", round.get()))
                    .on("blur", move |_| blurs.set(blurs.get() + 1)),
            ]
        });
    });
    let first: web_sys::HtmlElement = document()
        .get_element_by_id("box-0")
        .unwrap()
        .unchecked_into();
    first.focus().unwrap();
    assert_eq!(document().active_element(), Some(first.clone().into()));

    round.set(1);
    settle().await;

    assert!(!first.is_connected(), "the old box left the page");
    assert!(document().get_element_by_id("box-1").is_some());
    assert_eq!(
        blurs.get(),
        1,
        "the blur fired by removing the focused box reached its live handler"
    );
    owner.cleanup();
    assert_eq!(
        node.child_element_count(),
        0,
        "a region that goes takes its nodes with it"
    );
    node.remove();
}

#[wasm_bindgen_test]
fn classes_add_up_instead_of_replacing_each_other() {
    let (_, node, owner) = host("class-host");
    let built = owner.with(|| {
        el("div")
            .class("field")
            .class_when("field--invalid", || true)
            .class("question nested")
    });
    let list = built.node().class_list();
    for name in ["field", "field--invalid", "question", "nested"] {
        assert!(
            list.contains(name),
            "{name} in {:?}",
            built.node().class_name()
        );
    }
    node.remove();
}

#[wasm_bindgen_test]
async fn a_keyed_list_keeps_the_element_and_focus_of_an_entry_that_stays() {
    let (root, node, owner) = host("keyed-host");
    let keys = RwSignal::new(vec![1u32, 2, 3]);
    let builds = Rc::new(Cell::new(0));
    owner.with(|| {
        let builds = builds.clone();
        let memo = Memo::new(move |_| keys.get());
        root.keyed_children(memo, move |key| {
            builds.set(builds.get() + 1);
            el("input").id(&format!("entry-{key}"))
        });
    });
    let ids = || -> Vec<String> {
        let children = node.children();
        (0..children.length())
            .map(|i| children.item(i).unwrap().id())
            .collect()
    };
    assert_eq!(ids(), ["entry-1", "entry-2", "entry-3"]);
    let two: web_sys::HtmlElement = document()
        .get_element_by_id("entry-2")
        .unwrap()
        .unchecked_into();
    two.focus().unwrap();
    let one = document().get_element_by_id("entry-1").unwrap();

    keys.set(vec![3, 2, 4]);
    settle().await;

    assert_eq!(ids(), ["entry-3", "entry-2", "entry-4"], "new order");
    assert_eq!(builds.get(), 4, "only the new key was built");
    assert_eq!(
        document().get_element_by_id("entry-2").as_ref(),
        Some(two.unchecked_ref::<web_sys::Element>()),
        "the same element, not a copy"
    );
    assert_eq!(
        document().active_element(),
        Some(two.clone().into()),
        "focus stays in the entry that stayed"
    );
    assert!(!one.is_connected(), "the entry whose key went is removed");
    owner.cleanup();
    assert_eq!(node.child_element_count(), 0);
    node.remove();
}

#[wasm_bindgen_test]
async fn a_region_for_a_named_source_ignores_everything_else_it_reads() {
    let (root, node, owner) = host("source-host");
    let shown = RwSignal::new(1);
    let other = RwSignal::new(String::from("a"));
    let builds = Rc::new(Cell::new(0));
    owner.with(|| {
        let builds = builds.clone();
        let source = Memo::new(move |_| shown.get());
        root.children_for(source, move |n| {
            builds.set(builds.get() + 1);
            vec![el("p").text(&format!("{n} {}", other.get()))]
        });
    });
    assert_eq!(builds.get(), 1);
    other.set("b".into());
    settle().await;
    assert_eq!(builds.get(), 1, "not rebuilt for what it did not name");
    shown.set(2);
    settle().await;
    assert_eq!(builds.get(), 2, "rebuilt for its source");
    assert_eq!(node.text_content().unwrap(), "2 b");
    owner.cleanup();
    node.remove();
}
