//! The treatment × medicine-class matrix: every pair the clinical reference names
//! (`shared/reference/clinical-knowledge.md`, sections 1 and 2) has a rule in the demo
//! protocol that fires on it, or a reason written here why none should. Printed by
//! `./test` (the native layer) as a table; a pair with neither fails, naming it.

use std::collections::BTreeSet;

use candor_core::ClinicProfile;
use candor_core::risk::RiskCondition;

/// What the reference names for energy-based resurfacing, ablative and not (1.6, 2.1-2.6).
const RESURFACING: &[&str] = &[
    "isotretinoin",
    "immunosuppressant",
    "gold_therapy",
    "anticoagulant",
    "antiplatelet",
    "photosensitiser",
    "topical_retinoid",
];

/// What the reference names for each treatment class: the medicine classes it gives
/// a contraindication, a precaution or a note for.
const NAMED: &[(&str, &[&str])] = &[
    (
        "neurotoxin",
        &[
            "aminoglycoside",
            "neuromuscular_blocker",
            "muscle_relaxant",
            "anticholinergic",
            "anticoagulant",
            "antiplatelet",
        ],
    ),
    (
        "ha_filler",
        &[
            "anticoagulant",
            "antiplatelet",
            "nsaid",
            "bleeding_supplement",
            "immunosuppressant",
            "glp1",
            "isotretinoin",
        ],
    ),
    (
        "biostimulator",
        &[
            "anticoagulant",
            "antiplatelet",
            "nsaid",
            "bleeding_supplement",
            "immunosuppressant",
            "glp1",
        ],
    ),
    ("kybella", &["anticoagulant", "antiplatelet"]),
    (
        "laser_hair_removal",
        &[
            "photosensitiser",
            "topical_retinoid",
            "isotretinoin",
            "gold_therapy",
            "anticoagulant",
        ],
    ),
    (
        "ipl",
        &[
            "photosensitiser",
            "topical_retinoid",
            "isotretinoin",
            "gold_therapy",
            "anticoagulant",
        ],
    ),
    (
        "chemical_peel",
        &[
            "isotretinoin",
            "topical_retinoid",
            "photosensitiser",
            "immunosuppressant",
            "anticoagulant",
        ],
    ),
    (
        "microneedling",
        &[
            "anticoagulant",
            "immunosuppressant",
            "corticosteroid",
            "isotretinoin",
        ],
    ),
    (
        "rf_microneedling",
        &[
            "anticoagulant",
            "antiplatelet",
            "nsaid",
            "immunosuppressant",
            "corticosteroid",
            "isotretinoin",
            "photosensitiser",
            "topical_retinoid",
        ],
    ),
    ("ablative_resurfacing", RESURFACING),
    ("non_ablative_resurfacing", RESURFACING),
    ("massage", &["anticoagulant", "antiplatelet"]),
];

/// Pairs the reference names where the demo protocol deliberately has no rule, and why.
const REASONS: &[(&str, &str, &str)] = &[(
    "chemical_peel",
    "anticoagulant",
    "superficial peels (the demo's menu) do not break the skin; the reference names bleeding medicines only for medium and deep peels, which a med spa rarely does, and a clinic offering those adds the rule",
)];

/// Every medicine class `condition` tests.
fn medicine_classes<'a>(condition: &'a RiskCondition, into: &mut BTreeSet<&'a str>) {
    match condition {
        RiskCondition::All(cs) | RiskCondition::Any(cs) => {
            cs.iter().for_each(|c| medicine_classes(c, into));
        }
        RiskCondition::Not(_) => {}
        RiskCondition::Medication { class, .. } => {
            into.insert(class.as_str());
        }
        _ => {}
    }
}

#[test]
fn every_treatment_and_medicine_class_the_reference_names_has_a_rule_or_a_reason() {
    let profile = ClinicProfile::demo();
    let protocol = profile.protocol.as_ref().unwrap();
    let mut missing = Vec::new();
    println!("rule matrix: treatment class × medicine class → the demo's rule, or why none");
    for (treatment, classes) in NAMED {
        for class in *classes {
            let rules: Vec<&str> = protocol
                .rules
                .iter()
                .filter(|r| r.treatments.iter().any(|t| t == treatment))
                .filter(|r| {
                    let mut tested = BTreeSet::new();
                    medicine_classes(&r.when, &mut tested);
                    tested.contains(class)
                })
                .map(|r| r.id.as_str())
                .collect();
            let reason = REASONS
                .iter()
                .find(|(t, c, _)| t == treatment && c == class)
                .map(|(_, _, why)| *why);
            match (rules.is_empty(), reason) {
                (false, None) => {
                    println!("rule matrix: {treatment} × {class}: {}", rules.join(", "))
                }
                (true, Some(why)) => println!("rule matrix: {treatment} × {class}: no rule: {why}"),
                (false, Some(_)) => missing.push(format!(
                    "{treatment} × {class}: a rule and a reason; drop the reason"
                )),
                (true, None) => {
                    missing.push(format!("{treatment} × {class}: no rule and no reason"))
                }
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
