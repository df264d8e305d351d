//! The rule-by-rule and sentence-by-sentence report a medical director reads before
//! approving a changed profile (`candor-protocol diff`, the console).
#![cfg(feature = "diff")]

use candor_core::ClinicProfile;
use candor_core::Lang;
use candor_core::profile::DEMO_PROFILE_JSON;
use candor_core::profile::diff::{Change, SentenceChange, diff};
use serde_json::{Value, json};

fn demo_value() -> Value {
    serde_json::from_str(DEMO_PROFILE_JSON).unwrap()
}

fn read(v: &Value) -> ClinicProfile {
    ClinicProfile::from_json(&v.to_string()).unwrap()
}

#[test]
fn the_same_document_differs_in_nothing_and_hashes_the_same() {
    let v = demo_value();
    let (a, b) = (ClinicProfile::demo(), read(&v));
    assert_eq!(a.sha256, b.sha256, "compact and indented texts hash alike");
    assert!(diff(&a, &b).is_empty());
}

#[test]
fn a_changed_rule_an_added_rule_and_a_changed_sentence_are_reported() {
    let old = demo_value();
    let mut new = old.clone();
    let rules = new["protocol"]["rules"].as_array_mut().unwrap();
    rules[0]["severity"] = json!("review");
    let mut added = rules[1].clone();
    added["id"] = json!("extra.rule");
    rules.push(added);
    new["consents"][1]["sections"][0]["content"]["en"][0]["p"][0] = json!(
        "Your answers go only to Lumen Aesthetics & Wellness and are used for your care. A new sentence for the test."
    );
    let (a, b) = (read(&old), read(&new));
    assert_ne!(a.sha256, b.sha256);
    let report = diff(&a, &b);
    assert_eq!(report.rules.len(), 2);
    assert_eq!(report.rules[0].id, "neurotoxin.toxin_allergy");
    assert_eq!(report.rules[0].change, Change::Changed);
    assert_eq!(report.rules[0].members, vec!["severity".to_owned()]);
    assert_eq!(report.rules[1].id, "extra.rule");
    assert_eq!(report.rules[1].change, Change::Added);
    assert_eq!(report.consents.len(), 1, "{report}");
    let consent = &report.consents[0];
    assert_eq!(consent.document, "privacy-acknowledgement");
    assert_eq!(consent.language, Lang::En);
    assert!(consent.sentences.contains(&SentenceChange::Added(
        "A new sentence for the test.".into()
    )));
    assert!(consent.sentences.contains(&SentenceChange::Removed(
        "You can ask the front desk for a copy of the notice at any time.".into()
    )));
    let text = report.to_string();
    assert!(
        text.contains("rule neurotoxin.toxin_allergy: changed (severity)"),
        "{text}"
    );
    assert!(text.contains("  + A new sentence for the test."), "{text}");
}
