//! A safety question the protocol relies on, skipped by the patient, reaches the
//! provider as `skipped.<question>` instead of clearing silently.

use crate::support;

use candor_core::risk::{Severity, evaluate};
use candor_core::{Answer, ClinicProfile};
use serde_json::Value;
use support::*;

fn skipped_finding(
    p: &ClinicProfile,
    a: &candor_core::Answers,
) -> Option<candor_core::risk::Finding> {
    findings(p, a)
        .into_iter()
        .find(|f| f.rule == "skipped.wind_instrument")
}

#[test]
fn a_skipped_optional_question_a_rule_reads_reaches_the_provider() {
    // The demo's optional "wind or brass instrument" question, read by an `info` rule
    // for neurotoxin. Before, skipping it gave no finding at all.
    let (p, a) = patient(&["neurotoxin"]);
    let f = skipped_finding(&p, &a).expect("the skipped question is a finding");
    assert_eq!(f.treatment, "neurotoxin");
    assert_eq!(f.severity, Severity::Info, "no more than the rule at stake");
    assert_eq!(f.triggers, ["wind_instrument: not answered"]);
    assert!(
        f.provider.contains("neurotoxin.wind_instrument"),
        "{}",
        f.provider
    );
    let en = f.patient.en.as_deref().unwrap();
    assert!(en.contains("wind or brass instrument"), "{en}");
    assert!(
        f.patient
            .es
            .as_deref()
            .unwrap()
            .contains("instrumento de viento")
    );

    // Answered either way, the skip finding is gone (a yes fires the rule itself).
    for (answer, rule_fires) in [(false, false), (true, true)] {
        let (p, mut a) = patient(&["neurotoxin"]);
        set(&p, &mut a, "wind_instrument", Answer::YesNo(answer));
        assert!(skipped_finding(&p, &a).is_none());
        assert_eq!(
            has(&p, &a, "neurotoxin.wind_instrument@neurotoxin"),
            rule_fires
        );
    }

    // Not asked (no neurotoxin chosen), not skipped.
    let (p, a) = patient(&["ha_filler"]);
    assert!(
        findings(&p, &a)
            .iter()
            .all(|f| !f.rule.starts_with("skipped."))
    );
}

/// The demo profile with its wind-instrument rule changed by `edit`.
fn demo_with_rule(edit: impl FnOnce(&mut Value)) -> ClinicProfile {
    let mut value: Value = serde_json::from_str(candor_core::profile::DEMO_PROFILE_JSON).unwrap();
    let rules = value["protocol"]["rules"].as_array_mut().unwrap();
    let rule = rules
        .iter_mut()
        .find(|r| r["id"] == "neurotoxin.wind_instrument")
        .unwrap();
    edit(rule);
    ClinicProfile::from_json(&value.to_string()).unwrap()
}

#[test]
fn a_skipped_question_is_review_at_most_and_an_authors_unanswered_rule_takes_its_place() {
    // A stop rule reading a skipped question: unknown is not a yes, so the skip goes to
    // the medical director (review), never stops.
    let p = demo_with_rule(|r| r["severity"] = "stop".into());
    let (_, a) = patient(&["neurotoxin"]);
    let protocol = p.protocol.as_ref().unwrap();
    let found = evaluate(&p, protocol, &a, today());
    let f = found
        .iter()
        .find(|f| f.rule == "skipped.wind_instrument")
        .expect("routed");
    assert_eq!(f.severity, Severity::Review);

    // An `unanswered` rule of the author's own covers the question: its words, not ours.
    let p = demo_with_rule(|r| {
        r["when"] = serde_json::json!({"any": [
            r["when"].clone(),
            {"unanswered": "wind_instrument"}
        ]});
    });
    let protocol = p.protocol.as_ref().unwrap();
    let labels: Vec<String> = evaluate(&p, protocol, &a, today())
        .iter()
        .map(|f| f.label())
        .collect();
    assert!(
        labels.contains(&"neurotoxin.wind_instrument@neurotoxin".to_owned()),
        "{labels:?}"
    );
    assert!(
        !labels.iter().any(|l| l.starts_with("skipped.")),
        "{labels:?}"
    );
}
