//! Choosing treatments: each one with a plain summary, as large checkboxes.

use leptos::prelude::*;

use super::step_form;
use crate::components::{
    ChoiceSpec, Layout, OptionSpec, choice_group, error_summary, step_heading, step_nav,
};
use crate::html::El;
use crate::state::{IssueKey, Visit};

/// The treatments the clinic offers, as cards with a plain summary; at least one
/// must be chosen.
pub fn treatments_step() -> El {
    let visit = Visit::expect();
    let treatments = visit.with_profile(|p| p.treatments.clone());
    let options = treatments
        .into_iter()
        .map(|t| OptionSpec {
            value: t.id.clone(),
            label: visit.localized(t.name.clone()),
            detail: Some(visit.localized(t.summary.clone())),
        })
        .collect();
    let mut group = ChoiceSpec::new(
        "treatments".to_owned(),
        visit.t_with(|t| t.treatments_intro.to_owned()),
        options,
        Signal::derive(move || visit.answers.with(|a| a.treatments.clone())),
        Callback::new(move |(id, on): (String, bool)| visit.choose_treatment(&id, on)),
    );
    group.key = Some(IssueKey::Treatments);
    group.checkbox = true;
    group.layout = Layout::Cards;
    error_summary(step_form())
        .child(step_heading(move || {
            visit.text().treatments_title.to_owned()
        }))
        .child(choice_group(group))
        .child(step_nav(|t| t.continue_, true))
}
