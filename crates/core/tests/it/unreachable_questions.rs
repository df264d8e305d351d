//! Questions a patient can never be asked, warned of by the lint: a condition naming
//! only a treatment class the clinic does not offer (the demo's menu, cut down), one
//! reading a question never asked, one asking an answer to be two things at once; and
//! a condition reading a later section's question. A name that is no treatment and no
//! class is a typo that would hide a question: an error, with the name meant.

use candor_core::ClinicProfile;
use candor_core::risk::lint;
use serde_json::{Value, json};

/// The demo with `edit` applied, read; its lint warnings as `path message`.
fn warnings(edit: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut v: Value = serde_json::from_str(candor_core::profile::DEMO_PROFILE_JSON).unwrap();
    edit(&mut v);
    let profile = ClinicProfile::from_json(&v.to_string()).unwrap_or_else(|e| panic!("{e:?}"));
    lint(&profile, profile.protocol.as_ref().unwrap())
        .into_iter()
        .filter(|i| !i.error)
        .map(|i| format!("{} {}", i.path, i.message))
        .collect()
}

/// The demo's health-section question at `index`, its `when` set to `when`.
fn health_question_when(v: &mut Value, index: usize, when: Value) {
    v["sections"][0]["questions"][index]["when"] = when;
}

#[test]
fn the_demo_has_no_question_it_can_never_ask() {
    let w = warnings(|_| {});
    assert!(
        !w.iter()
            .any(|w| w.contains("can never be asked") || w.contains("a later section asks")),
        "{w:?}"
    );
}

#[test]
fn a_menu_without_massage_reads_and_warns_of_the_massage_section() {
    let w = warnings(|v| {
        v["treatments"]
            .as_array_mut()
            .unwrap()
            .retain(|t| t["id"] != "massage");
        v["consents"]
            .as_array_mut()
            .unwrap()
            .retain(|c| c["treatment"] != "massage");
    });
    assert!(
        w.iter().any(|w| w.starts_with("$.sections[9].when section `massage` can never be asked here: no treatment offered here has the id or class `massage`")),
        "{w:?}"
    );
    // A question elsewhere that only massage asked is warned of; the section's own
    // questions are not warned of again.
    let never: Vec<&String> = w
        .iter()
        .filter(|w| w.contains("can never be asked"))
        .collect();
    assert_eq!(never.len(), 2, "{never:?}");
    assert!(
        never
            .iter()
            .any(|w| w.contains("question `pregnancy_high_risk` can never be asked here")),
        "{never:?}"
    );
}

#[test]
fn a_condition_that_cannot_hold_or_reads_ahead_is_warned_of() {
    // `doctor_care_what` (index 6): "yes" and "no" at once.
    let w = warnings(|v| {
        health_question_when(
            v,
            6,
            json!({"all": [
                {"equals": {"question": "doctor_care", "value": "yes"}},
                {"equals": {"question": "doctor_care", "value": "no"}}
            ]}),
        );
    });
    assert!(
        w.iter().any(|w| w.contains("question `doctor_care_what` can never be asked here: it needs `doctor_care` to be both `yes` and `no`")),
        "{w:?}"
    );
    // "None of these" and a condition at once.
    let w = warnings(|v| {
        health_question_when(
            v,
            6,
            json!({"all": [
                {"includes": {"question": "conditions", "option": "none"}},
                {"includes": {"question": "conditions", "option": "diabetes"}}
            ]}),
        );
    });
    assert!(
        w.iter()
            .any(|w| w.contains("it needs `conditions` to include both `none` and `diabetes`")),
        "{w:?}"
    );
    // Reading a question never asked carries the reason on.
    let w = warnings(|v| {
        health_question_when(v, 5, json!({"treatment": "ipl"}));
        health_question_when(
            v,
            6,
            json!({"equals": {"question": "doctor_care", "value": "yes"}}),
        );
    });
    assert!(
        w.iter().any(|w| w.contains("question `doctor_care` can never be asked here: no treatment offered here has the id or class `ipl`")),
        "{w:?}"
    );
    assert!(
        w.iter().any(|w| w.contains("question `doctor_care_what` can never be asked here: it reads `doctor_care`, which is never asked")),
        "{w:?}"
    );
    // Reading a later section's answer.
    let w = warnings(|v| {
        health_question_when(v, 7, json!({"answered": "goals"}));
    });
    assert!(
        w.iter()
            .any(|w| w.contains("`health_other` reads `goals`, which a later section asks")),
        "{w:?}"
    );
}

#[test]
fn a_treatment_name_that_is_nothing_at_all_is_an_error_with_the_name_meant() {
    let mut v: Value = serde_json::from_str(candor_core::profile::DEMO_PROFILE_JSON).unwrap();
    health_question_when(&mut v, 7, json!({"treatment": "masage"}));
    let errors = ClinicProfile::from_json(&v.to_string()).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.path == "$.sections[0].questions[7].when.treatment"
                && e.message
                    == "no treatment has the id or class `masage` (did you mean `massage`?)"),
        "{errors:?}"
    );
}
