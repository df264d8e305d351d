//! "Things to talk about with your provider": the risk engine's findings for the
//! chosen treatments, in the patient's words and language. Nothing here clears or
//! refuses anyone; every item is for the provider or medical director to go over.

use candor_core::risk::{self, Finding};
use leptos::prelude::*;

use crate::html::{El, el};
use crate::state::Visit;
use crate::state::vocabulary::Status;

/// The section on the review, for the answers as they are now; while the clinic's
/// medicine list is on its way (or offline before it came), says so instead.
pub fn things_to_talk_about(visit: Visit) -> El {
    let lang = visit.lang.get();
    let text = visit.text();
    let status = visit.vocabulary.status.get();
    let waiting = match status {
        Status::NotRequested | Status::Loading => Some(text.talk_checking),
        Status::Offline => Some(text.talk_offline),
        Status::Ready | Status::Unusable => None,
    };
    if let Some(message) = waiting {
        return el("section")
            .class("talk")
            .attr("aria-labelledby", "talk-heading")
            .child(el("h2").id("talk-heading").text(text.talk_heading))
            .child(
                el("p")
                    .class("notice talk-waiting")
                    .attr("role", "status")
                    .text(message),
            );
    }
    let unchecked = (status == Status::Unusable).then(|| {
        el("p")
            .class("notice talk-unchecked")
            .text(text.talk_unchecked)
    });
    let answers = visit.answers.get();
    let findings: Vec<Finding> = visit.with_profile(|p| {
        p.protocol
            .as_ref()
            .map(|protocol| risk::evaluate(p, protocol, &answers, visit.today))
            .unwrap_or_default()
    });
    let mut groups = Vec::new();
    for id in &answers.treatments {
        let Some(name) =
            visit.with_profile(|p| p.treatment(id).map(|t| t.name.get(lang).to_owned()))
        else {
            continue;
        };
        let items = risk::for_patient(&findings, id);
        if items.is_empty() {
            continue;
        }
        let list = items
            .into_iter()
            .map(|f| {
                el("li")
                    .class(&format!("talk-item talk-item--{}", f.severity.as_str()))
                    .text(f.patient.get(lang))
            })
            .collect();
        groups.push(el("h3").text(&name));
        groups.push(el("ul").class("talk-list").children(list));
    }
    let section = el("section")
        .class("talk")
        .attr("aria-labelledby", "talk-heading")
        .child(el("h2").id("talk-heading").text(text.talk_heading))
        .child_opt(unchecked);
    if groups.is_empty() {
        section.child(el("p").text(text.talk_none))
    } else {
        section
            .child(el("p").class("hint").text(text.talk_intro))
            .children(groups)
    }
}
