//! Choosing treatments: each one with a plain summary, as large checkboxes; for a
//! chosen treatment offered with several products, which one, if the patient knows.

use leptos::prelude::*;

use super::step_form;
use crate::components::{
    ChoiceSpec, Layout, OptionSpec, choice_group, error_summary, step_heading, step_nav,
};
use crate::html::{El, el};
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
    let chosen = Memo::new(move |_| visit.answers.with(|a| a.treatments.clone()));
    error_summary(step_form())
        .child(step_heading(move || {
            visit.text().treatments_title.to_owned()
        }))
        .child(choice_group(group))
        .child(el("div").children_for(chosen, move |ids| {
            ids.iter()
                .filter_map(|id| product_choice(visit, id))
                .collect()
        }))
        .child(step_nav(|t| t.continue_, true))
}

/// Which product, for a chosen treatment offered with more than one: optional, with
/// "not sure" (the provider chooses) as an answer of its own.
fn product_choice(visit: Visit, treatment_id: &str) -> Option<El> {
    let treatment = visit.with_profile(|p| p.treatment(treatment_id).cloned())?;
    if treatment.products.len() < 2 {
        return None;
    }
    let name = treatment.name.clone();
    let mut options: Vec<OptionSpec> = treatment
        .products
        .iter()
        .map(|p| OptionSpec {
            value: p.id.clone(),
            label: {
                let name = p.name.clone();
                Signal::derive(move || name.get(visit.lang.get()).to_owned())
            },
            detail: None,
        })
        .collect();
    options.push(OptionSpec {
        value: NOT_SURE.to_owned(),
        label: visit.t_with(|t| t.product_not_sure.to_owned()),
        detail: None,
    });
    let id = treatment.id.clone();
    // "Not sure" is no product, so the answers cannot show it: the group remembers it.
    let unsure = RwSignal::new(false);
    let chosen = {
        let id = id.clone();
        Signal::derive(move || {
            let product = visit.answers.with(|a| a.products.get(&id).cloned());
            match product {
                Some(p) => vec![p],
                None if unsure.get() => vec![NOT_SURE.to_owned()],
                None => Vec::new(),
            }
        })
    };
    let legend = visit.t_with(move |t| (t.product_legend)(name.get(visit.lang.get())));
    let mut group = ChoiceSpec::new(
        format!("product-{id}"),
        legend,
        options,
        chosen,
        Callback::new(move |(value, _): (String, bool)| {
            unsure.set(value == NOT_SURE);
            visit.choose_product(&id, (value != NOT_SURE).then_some(value.as_str()))
        }),
    );
    group.hint = Signal::derive(move || Some(visit.text().product_hint.to_owned()));
    group.optional = true;
    Some(choice_group(group))
}

/// The value of "not sure" among a treatment's products (never a product id: ids
/// are the clinic's, and this one has a character ids cannot have).
const NOT_SURE: &str = "?";
