//! One builder per kind of step in the flow.

pub mod check_in;
mod consent;
mod details;
mod kiosk;
mod review;
mod section;
mod treatments;
mod welcome;
mod welcome_back;

pub use consent::{consent_step, disclosure_step, done_step, paper_screen};
pub use details::details_step;
pub use kiosk::{enrol_screen, handback_screen, start_screen};
pub use review::review_step;
pub use section::section_step;
pub use treatments::treatments_step;
pub use welcome::welcome_step;

use crate::html::{El, el};
use crate::state::Visit;

/// A step's form: Continue submits it, and submitting never leaves the page
/// (no action, `prevent_default`), so answers never reach the URL.
fn step_form() -> El {
    let visit = Visit::expect();
    el("form")
        .class("step")
        .attr("novalidate", "")
        .attr("autocomplete", visit.autocomplete("on"))
        .on("submit", move |ev| {
            ev.prevent_default();
            visit.next();
        })
}
