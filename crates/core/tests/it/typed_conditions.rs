//! Conditions typed in free text instead of ticked: "anything else about your
//! health?" is read against the conditions question's `typed_as` words, so the rules
//! still see them, as `review` at most, with the words found as evidence; denials
//! ("no diabetes", "nunca he tenido convulsiones") and relatives ("my mother has lupus")
//! do not count.

use crate::support;

use candor_core::risk::Severity;
use candor_core::{Answer, ClinicProfile};
use support::*;

/// A patient for `treatment` who ticked "None of these" and wrote `text` in "anything
/// else about your health?".
fn wrote(treatment: &str, text: &str) -> (ClinicProfile, candor_core::Answers) {
    let (p, mut a) = patient(&[treatment]);
    set(&p, &mut a, "health_other", Answer::Text(text.into()));
    (p, a)
}

#[test]
fn a_condition_typed_instead_of_ticked_reaches_its_rule_as_review_at_most() {
    // Before: nothing. After: the filler autoimmune rule (review), with the words.
    for text in [
        "I have lupus, diagnosed 2019",
        "Tengo LUPUS desde hace años",
        "artritis reumatoide",
        "Hashimoto's",
    ] {
        let (p, a) = wrote("ha_filler", text);
        let f = findings(&p, &a)
            .into_iter()
            .find(|f| f.rule == "filler.autoimmune")
            .unwrap_or_else(|| panic!("{text}: {:?}", labels(&p, &a)));
        assert_eq!(f.severity, Severity::Review, "{text}");
        assert!(
            f.triggers[0].starts_with("health_other: \u{201c}")
                && f.triggers[0].ends_with("(typed, read as conditions: autoimmune)"),
            "{:?}",
            f.triggers
        );
    }
    // A stop rule (neurotoxin and a neuromuscular disorder) is reached, but as review:
    // free text may mean something else, so the medical director decides.
    let (p, a) = wrote("neurotoxin", "myasthenia gravis, on pyridostigmine");
    assert_eq!(
        severity_of(&p, &a, "neurotoxin.neuromuscular@neurotoxin"),
        Some(Severity::Review)
    );
    // Ticked as well, it is the rule's own stop, with the ticked evidence.
    let (p, mut a) = wrote("neurotoxin", "myasthenia gravis");
    set(&p, &mut a, "conditions", choices(&["neuromuscular"]));
    set(
        &p,
        &mut a,
        "neuromuscular_which",
        Answer::Choice("myasthenia_gravis".into()),
    );
    assert_eq!(
        severity_of(&p, &a, "neurotoxin.neuromuscular@neurotoxin"),
        Some(Severity::Stop)
    );
    // "What for?" under "treated by a doctor" is read too.
    let (p, mut a) = patient(&["microneedling"]);
    set(&p, &mut a, "doctor_care", Answer::YesNo(true));
    set(
        &p,
        &mut a,
        "doctor_care_what",
        Answer::Text("type 2 diabetes".into()),
    );
    assert!(
        has(&p, &a, "microneedling.diabetes@microneedling"),
        "{:?}",
        labels(&p, &a)
    );
}

#[test]
fn denials_relatives_and_look_alike_words_do_not_count() {
    for text in [
        "no diabetes",
        "I don't have lupus",
        "nunca he tenido lupus",
        "sin diabetes ni lupus",
        "My mother has lupus",
        "mi abuela tenía diabetes",
        "family history of diabetes",
        "lupine pollen makes me sneeze",
        "I want to look less tired",
        "",
    ] {
        let (p, a) = wrote("ha_filler", text);
        let l = labels(&p, &a);
        assert!(
            !l.iter().any(|l| l.starts_with("filler.autoimmune")),
            "{text}: {l:?}"
        );
        let (p, a) = wrote("microneedling", text);
        let l = labels(&p, &a);
        assert!(
            !l.iter().any(|l| l.starts_with("microneedling.")),
            "{text}: {l:?}"
        );
    }
    // A clause about a relative does not hide one about the patient.
    let (p, a) = wrote("ha_filler", "my mother has diabetes and I have lupus");
    assert!(
        has(&p, &a, "filler.autoimmune@ha_filler"),
        "{:?}",
        labels(&p, &a)
    );
}

#[test]
fn the_profile_check_names_a_wrong_matched_against_or_typed_as() {
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v: serde_json::Value =
            serde_json::from_str(candor_core::profile::DEMO_PROFILE_JSON).unwrap();
        f(&mut v);
        match ClinicProfile::from_json(&v.to_string()) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .into_iter()
                .map(|e| format!("{} {}", e.path, e.message))
                .collect(),
        }
    };
    // `health_other` is the health section's last question, index 7.
    let errors = edit(&|v| {
        v["sections"][0]["questions"][7]["matched_against"] = "goals".into();
    });
    assert!(
        errors.iter().any(|e| e.contains("matched_against")
            && e.contains("`goals` is not a multiple-choice question")),
        "{errors:?}"
    );
    let errors = edit(&|v| {
        v["sections"][0]["questions"][7]["matched_against"] = "conditon".into();
    });
    assert!(
        errors
            .iter()
            .any(|e| e.contains("matched_against") && e.contains("unknown question `conditon`")),
        "{errors:?}"
    );
    let errors = edit(&|v| {
        let none = v["sections"][0]["questions"][0]["options"]
            .as_array_mut()
            .unwrap()
            .last_mut()
            .unwrap();
        none["typed_as"] = serde_json::json!(["nothing"]);
    });
    assert!(
        errors
            .iter()
            .any(|e| e.contains("typed_as") && e.contains("exclusive")),
        "{errors:?}"
    );
}

#[test]
fn a_massage_client_who_writes_of_a_fever_reaches_the_fever_rule_as_review() {
    // "Anything else your therapist should know?" is read against "today, do you
    // have…": a fever written there reaches the massage fever stop, as review.
    let (p, mut a) = patient(&["massage"]);
    set(&p, &mut a, "massage_today", choices(&["none"]));
    set(
        &p,
        &mut a,
        "massage_other",
        Answer::Text("Tengo fiebre desde ayer".into()),
    );
    assert_eq!(
        severity_of(&p, &a, "massage.fever@massage"),
        Some(Severity::Review),
        "{:?}",
        labels(&p, &a)
    );
    // A cold sore is not a cold, and a swollen leg last year about a relative is not one now.
    let (p, mut a) = patient(&["massage"]);
    set(&p, &mut a, "massage_today", choices(&["none"]));
    set(
        &p,
        &mut a,
        "massage_other",
        Answer::Text("I sometimes get a cold sore. My dad had a swollen leg.".into()),
    );
    let l = labels(&p, &a);
    assert!(
        !l.iter()
            .any(|l| l.starts_with("massage.fever") || l.starts_with("massage.dvt")),
        "{l:?}"
    );
}
