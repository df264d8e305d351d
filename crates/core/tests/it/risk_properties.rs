//! Properties of the risk engine that must hold for any answers.

use crate::support;

use candor_core::Answer;
use candor_core::risk::matching::resolve;
use candor_core::risk::overall;
use candor_core::vocabulary::{TermKind, terms};
use proptest::prelude::*;
use support::*;

const TREATMENTS: [&str; 6] = [
    "neurotoxin",
    "ha_filler",
    "laser_hair_removal",
    "chemical_peel",
    "microneedling",
    "massage",
];
const CONDITIONS: [&str; 14] = [
    "cold_sores",
    "neuromuscular",
    "swallowing_breathing",
    "bleeding",
    "blood_clots",
    "keloid",
    "seizures",
    "autoimmune",
    "heart",
    "high_blood_pressure",
    "diabetes",
    "cancer",
    "skin_condition",
    "active_infection",
];

fn treatments() -> impl Strategy<Value = Vec<&'static str>> {
    proptest::sample::subsequence(TREATMENTS.to_vec(), 1..=6)
}

/// Answers to questions no rule reads, as (question, answer).
fn unrelated() -> impl Strategy<Value = (&'static str, Answer)> {
    prop_oneof![
        "\\PC{0,40}".prop_map(|t| ("goals", Answer::Text(t))),
        prop::sample::select(vec!["never", "former", "current"])
            .prop_map(|s| ("smoking", Answer::Choice(s.into()))),
        (0u32..40).prop_map(|n| ("alcohol_drinks", Answer::Number(n.to_string()))),
        "\\PC{0,40}".prop_map(|t| ("health_other", Answer::Text(t))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// With no risk answers (every critical question answered "none") there are no findings.
    #[test]
    fn no_risk_answers_no_findings(chosen in treatments()) {
        let (p, mut a) = patient(&chosen);
        set(&p, &mut a, "massage_today", choices(&["none"]));
        set(&p, &mut a, "recent_tanning", choices(&["none"]));
        set(&p, &mut a, "gold_therapy_ever", Answer::YesNo(false));
        set(&p, &mut a, "wind_instrument", Answer::YesNo(false));
        let f = findings(&p, &a);
        prop_assert!(f.is_empty(), "{:?}", f.iter().map(|f| f.label()).collect::<Vec<_>>());
    }

    /// Adding an answer no rule reads never lowers any treatment's overall severity.
    #[test]
    fn unrelated_answers_never_lower_severity(
        chosen in treatments(),
        conditions in proptest::sample::subsequence(CONDITIONS.to_vec(), 0..=5),
        extra in unrelated(),
    ) {
        let (p, mut a) = patient(&chosen);
        if !conditions.is_empty() {
            set(&p, &mut a, "conditions", choices(&conditions));
        }
        let before: Vec<_> = chosen.iter().map(|t| overall(&p, &a, &findings(&p, &a), t)).collect();
        set(&p, &mut a, extra.0, extra.1);
        let after: Vec<_> = chosen.iter().map(|t| overall(&p, &a, &findings(&p, &a), t)).collect();
        for (b, a) in before.iter().zip(&after) {
            prop_assert!(a >= b, "{b:?} -> {a:?}");
        }
    }

    /// Matching a vocabulary name is stable under case and spacing changes.
    #[test]
    fn matching_is_stable_under_case_and_spacing(
        index in 0usize..500,
        medication in any::<bool>(),
        upper in proptest::collection::vec(any::<bool>(), 64),
        pad in " {0,3}",
    ) {
        let kind = if medication { TermKind::Medication } else { TermKind::Allergen };
        let list = terms(kind);
        let term = &list[index % list.len()];
        let name = term.en;
        let reference = resolve(kind, None, name).map(|t| t.id);
        let varied: String = name.chars().zip(upper.iter().cycle()).map(|(c, u)| if *u { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() }).collect();
        let spaced = format!("{pad}{}{pad}", varied.replace(' ', "  "));
        prop_assert_eq!(resolve(kind, None, &spaced).map(|t| t.id), reference);
        prop_assert_eq!(reference, Some(term.id));
    }
}
