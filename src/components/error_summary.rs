//! The list of problems at the top of a step, each a link to its field.

use leptos::prelude::*;

use crate::browser::dom;
use crate::html::{El, el};
use crate::state::{ERROR_SUMMARY_ID, Visit};

/// Shown once the patient has pressed Continue with problems; lists each problem as
/// a link that moves focus to the field. Receives focus when it appears.
pub fn error_summary(parent: El) -> El {
    let visit = Visit::expect();
    parent.children_with(move || {
        let issues = visit.issues.get();
        if !visit.showing_issues() || issues.is_empty() {
            return Vec::new();
        }
        let problems = issues
            .into_iter()
            .map(|issue| (issue.target, issue.summary))
            .collect();
        vec![summary_box(visit.text().error_summary_title, problems)]
    })
}

/// The error summary box itself: `title`, then each problem (the id of the field it
/// is about, the message) as a link that moves focus to that field.
pub fn summary_box(title: &str, problems: Vec<(String, String)>) -> El {
    let items: Vec<El> = problems
        .into_iter()
        .map(|(target, message)| {
            el("li").child(
                el("a")
                    .attr("href", &format!("#{target}"))
                    .on("click", move |ev| {
                        ev.prevent_default();
                        dom::focus_and_reveal(&target);
                    })
                    .text(&message),
            )
        })
        .collect();
    el("div")
        .class("error-summary")
        .id(ERROR_SUMMARY_ID)
        .attr("tabindex", "-1")
        .attr("aria-labelledby", "error-summary-title")
        .child(el("h2").id("error-summary-title").text(title))
        .child(el("ul").children(items))
}
