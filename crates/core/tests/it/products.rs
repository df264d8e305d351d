//! Products as data: rules test what a product contains or what its label lists,
//! never its name, so a clinic adds a product without touching a medical rule; the
//! patient's answers may name the product chosen, and the overall result reflects
//! whether another product remains possible.

use crate::support;

use candor_core::profile::Product;
use candor_core::risk::{Severity, lint, overall};
use candor_core::{ClinicProfile, ReactionSeverity as Sev};
use support::*;

fn product(id: &str, contains: &[&str]) -> Product {
    Product {
        id: id.into(),
        name: id.into(),
        contains: Some(contains.iter().map(|s| s.to_string()).collect()),
        label: Vec::new(),
        device: None,
    }
}

/// The demo clinic, also offering Jeuveau (human albumin) and Daxxify (neither
/// albumin nor milk protein) for its neurotoxin treatment.
fn with_more_toxins() -> ClinicProfile {
    let mut p = ClinicProfile::demo();
    let toxin = p
        .treatments
        .iter_mut()
        .find(|t| t.id == "neurotoxin")
        .unwrap();
    toxin
        .products
        .push(product("jeuveau", &["botulinum_toxin", "human_albumin"]));
    toxin
        .products
        .push(product("daxxify", &["botulinum_toxin"]));
    p
}

fn neurotoxin_patient(
    profile: ClinicProfile,
    allergy: &str,
) -> (ClinicProfile, candor_core::Answers) {
    let (_, mut a) = patient(&["neurotoxin"]);
    allergic(&profile, &mut a, &[(allergy, Sev::Moderate)]);
    // Answered, so its skip (an `info` finding) does not count in the overall result.
    set(
        &profile,
        &mut a,
        "wind_instrument",
        candor_core::Answer::YesNo(false),
    );
    (profile, a)
}

#[test]
fn a_new_product_is_checked_by_what_it_contains_without_editing_a_rule() {
    // rule neurotoxin.albumin: Jeuveau is named by no rule, only by its composition.
    let (p, a) = neurotoxin_patient(with_more_toxins(), "human albumin");
    let l = labels(&p, &a);
    for product in ["botox", "dysport", "xeomin", "jeuveau"] {
        assert!(
            l.contains(&format!("neurotoxin.albumin@neurotoxin/{product}")),
            "{product}: {l:?}"
        );
    }
    assert!(!l.iter().any(|x| x.ends_with("/daxxify")), "{l:?}");
    // Daxxify remains, so the provider can still choose: caution, not stop.
    assert_eq!(
        overall(&p, &a, &findings(&p, &a), "neurotoxin"),
        Some(Severity::Caution)
    );
}

#[test]
fn when_every_offered_product_is_ruled_out_the_overall_result_is_the_rules() {
    // rule neurotoxin.albumin: the demo's three toxins all contain albumin.
    let (p, a) = neurotoxin_patient(ClinicProfile::demo(), "human albumin");
    assert_eq!(
        overall(&p, &a, &findings(&p, &a), "neurotoxin"),
        Some(Severity::Stop)
    );
}

#[test]
fn the_chosen_product_decides_a_milk_protein_allergy() {
    // rule neurotoxin.dysport_milk
    let (p, mut a) = neurotoxin_patient(ClinicProfile::demo(), "cow's milk protein");
    // Not chosen yet: Dysport is named, Botox and Xeomin remain.
    assert!(has(&p, &a, "neurotoxin.dysport_milk@neurotoxin/dysport"));
    assert_eq!(
        overall(&p, &a, &findings(&p, &a), "neurotoxin"),
        Some(Severity::Caution)
    );
    // Booked for Xeomin: nothing about milk protein.
    a.products.insert("neurotoxin".into(), "xeomin".into());
    assert!(
        !labels(&p, &a)
            .iter()
            .any(|l| l.starts_with("neurotoxin.dysport_milk"))
    );
    assert_eq!(overall(&p, &a, &findings(&p, &a), "neurotoxin"), None);
    // Booked for Dysport: a stop.
    a.products.insert("neurotoxin".into(), "dysport".into());
    assert!(has(&p, &a, "neurotoxin.dysport_milk@neurotoxin/dysport"));
    assert_eq!(
        overall(&p, &a, &findings(&p, &a), "neurotoxin"),
        Some(Severity::Stop)
    );
}

#[test]
fn a_label_contraindication_follows_the_product_that_declares_it() {
    // rule filler.bleeding_disorder_restylane, selected by `label: bleeding_disorder`.
    let (p, mut a) = patient(&["ha_filler"]);
    set(&p, &mut a, "conditions", choices(&["bleeding"]));
    assert!(has(
        &p,
        &a,
        "filler.bleeding_disorder_restylane@ha_filler/restylane"
    ));
    a.products.insert("ha_filler".into(), "juvederm".into());
    assert!(!has(
        &p,
        &a,
        "filler.bleeding_disorder_restylane@ha_filler/restylane"
    ));
}

#[test]
fn a_product_of_a_treatment_not_chosen_or_not_offered_is_pruned() {
    let (p, mut a) = patient(&["neurotoxin"]);
    a.products.insert("neurotoxin".into(), "botox".into());
    a.products.insert("ha_filler".into(), "juvederm".into());
    a.products
        .insert("chemical_peel".into(), "no-such-peel".into());
    a.prune(&p, today());
    assert_eq!(
        a.products.into_iter().collect::<Vec<_>>(),
        [("neurotoxin".to_string(), "botox".to_string())]
    );
}

#[test]
fn lint_asks_for_a_composition_and_knows_the_ingredients() {
    let mut p = with_more_toxins();
    let toxin = p
        .treatments
        .iter_mut()
        .find(|t| t.id == "neurotoxin")
        .unwrap();
    toxin.products[3].contains = None;
    toxin.products[4].contains = Some(vec!["human_albumen".into()]);
    let protocol = p.protocol.clone().unwrap();
    let issues = lint(&p, &protocol);
    let found = |path: &str| issues.iter().find(|i| i.path == path);
    let missing = found("$.treatments[0].products[3].contains").expect("a warning");
    assert!(!missing.error && missing.message.contains("declares no composition"));
    let typo = found("$.treatments[0].products[4].contains[0]").expect("an error");
    assert!(typo.error && typo.message.contains("human_albumen"));
    // The demo itself declares every product's composition.
    let demo = ClinicProfile::demo();
    assert!(
        lint(&demo, demo.protocol.as_ref().unwrap())
            .iter()
            .all(|i| !i.path.contains(".products[")),
    );
}

#[test]
fn a_product_is_recorded_only_for_a_chosen_treatment_that_offers_it() {
    let (p, mut a) = patient(&["neurotoxin"]);
    a.choose_product(&p, "neurotoxin", Some("xeomin"));
    assert_eq!(
        a.products.get("neurotoxin").map(String::as_str),
        Some("xeomin")
    );
    a.choose_product(&p, "neurotoxin", Some("juvederm"));
    assert!(a.products.is_empty(), "a filler is no neurotoxin product");
    a.choose_product(&p, "ha_filler", Some("juvederm"));
    assert!(a.products.is_empty(), "fillers are not chosen");
    a.choose_product(&p, "neurotoxin", Some("botox"));
    a.choose_product(&p, "neurotoxin", None);
    assert!(a.products.is_empty(), "not sure: the provider chooses");
    a.choose_product(&p, "neurotoxin", Some("botox"));
    a.choose_treatment(&p, "neurotoxin", false, today());
    assert!(
        a.products.is_empty(),
        "dropping the treatment drops its product"
    );
}
