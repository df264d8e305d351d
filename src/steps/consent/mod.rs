//! The consent part of the flow, one screen a file: the electronic-records disclosure
//! (or paper), each consent document with its acknowledgements and signature, and
//! the copy of what was signed.

mod disclosure;
mod document;
mod signed_copy;

pub use disclosure::{disclosure_step, paper_screen};
pub use document::consent_step;
pub use signed_copy::done_step;

use crate::html::{El, el};

/// A plain button (not a submit) with a label that follows the language.
fn button(class: &str, label: impl Fn() -> String + 'static, action: impl Fn() + 'static) -> El {
    el("button")
        .attr("type", "button")
        .class(class)
        .on("click", move |_| action())
        .text_with(label)
}
