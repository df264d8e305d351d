//! The traps a second clinic's protocol author fell into, adapting the demo to its own
//! menu, each held here: a misspelt label tag (which silently turned a stop into
//! nothing) is an error naming the tag meant; a nearly right id (an ingredient, a
//! vocabulary class, a question, an option) is refused with the id meant; a protocol
//! case about a product the clinic does not stock is skipped with that reason, while
//! one about a product it stocks runs.

use candor_core::ClinicProfile;
use candor_core::date::CivilDate;
use candor_core::risk::{lint, run_tests};
use serde_json::Value;

/// The demo profile as JSON, changed by `edit`.
fn demo_with(edit: impl FnOnce(&mut Value)) -> String {
    let mut profile: Value = serde_json::from_str(candor_core::profile::DEMO_PROFILE_JSON).unwrap();
    edit(&mut profile);
    profile.to_string()
}

/// The demo's rule with id `id`.
fn rule<'a>(profile: &'a mut Value, id: &str) -> &'a mut Value {
    profile["protocol"]["rules"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["id"] == id)
        .unwrap()
}

/// The demo's treatment with id `id`.
fn treatment<'a>(profile: &'a mut Value, id: &str) -> &'a mut Value {
    profile["treatments"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|t| t["id"] == id)
        .unwrap()
}

/// How the profile's own cases went, on the demo's day.
fn cases(text: &str) -> Vec<candor_core::risk::TestOutcome> {
    let profile = ClinicProfile::from_json(text).unwrap();
    run_tests(
        &profile,
        profile.protocol.as_ref().unwrap(),
        CivilDate::new(2026, 11, 22).unwrap(),
    )
}

/// The errors (path and message) that keep a profile from being used: its protocol's
/// lint errors are among them.
fn lint_errors(text: &str) -> Vec<(String, String)> {
    match ClinicProfile::from_json(text) {
        Err(problems) => problems.into_iter().map(|p| (p.path, p.message)).collect(),
        Ok(profile) => lint(&profile, profile.protocol.as_ref().unwrap())
            .into_iter()
            .filter(|i| i.error)
            .map(|i| (i.path, i.message))
            .collect(),
    }
}

#[test]
fn a_misspelt_label_tag_is_an_error_that_names_the_tag_meant() {
    // In a rule: before, it linted clean and the Restylane stop never fired.
    let text = demo_with(|p| {
        rule(p, "filler.bleeding_disorder_restylane")["products_with"]["label"] =
            "bleeding_disorders".into();
    });
    let errors = lint_errors(&text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].0.ends_with(".products_with.label"), "{errors:?}");
    assert!(
        errors[0].1.contains("did you mean `bleeding_disorder`?"),
        "{errors:?}"
    );
    // On a product: the profile does not read, and says where and what was meant.
    let text = demo_with(|p| {
        let filler = treatment(p, "ha_filler");
        filler["products"][1]["label"][0] = "bleeding disorder".into();
    });
    let problems = ClinicProfile::from_json(&text).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].path.ends_with(".products[1].label[0]"),
        "{problems:?}"
    );
    assert!(
        problems[0]
            .message
            .contains("did you mean `bleeding_disorder`?"),
        "{problems:?}"
    );
    // Every tag the published list has reads.
    for tag in candor_core::profile::LABEL_CONTRAINDICATIONS {
        assert!(candor_core::profile::label_problem(tag).is_none(), "{tag}");
    }
}

#[test]
fn a_nearly_right_id_is_refused_with_the_id_meant() {
    let text = demo_with(|p| {
        rule(p, "neurotoxin.dysport_milk")["products_with"]["contains"] = "lactose".into();
        rule(p, "neurotoxin.neuromuscular")["when"] = serde_json::json!({
            "all": [
                { "answer": { "includes": { "question": "condition", "option": "neuromuscular" } } },
                { "answer": { "includes": { "question": "conditions", "option": "neuromusclar" } } },
                { "allergy": { "class": "cow_milk_protien" } },
                { "medication": { "class": "anticoagulants" } }
            ]
        });
    });
    let errors = lint_errors(&text);
    let said = |end: &str, meant: &str| {
        assert!(
            errors.iter().any(|(path, message)| path.ends_with(end)
                && message.contains(&format!("did you mean `{meant}`?"))),
            "{end} should suggest {meant}: {errors:?}"
        );
    };
    said(".products_with.contains", "lactose_intolerance");
    said("all[0].answer.includes.question", "conditions");
    said("all[1].answer.includes.option", "neuromuscular");
    said("all[2].allergy.class", "cow_milk_protein");
    said("all[3].medication.class", "anticoagulant");
}

#[test]
fn a_case_about_a_product_the_clinic_does_not_stock_is_skipped_and_one_it_stocks_runs() {
    // A clinic without Dysport: the demo's case about Dysport's milk protein assumes
    // `neurotoxin/dysport`, so it is skipped, not failed.
    let text = demo_with(|p| {
        let toxin = treatment(p, "neurotoxin");
        toxin["products"]
            .as_array_mut()
            .unwrap()
            .retain(|product| product["id"] != "dysport");
        let cases = p["protocol"]["tests"].as_array_mut().unwrap();
        // The myasthenia case, about Botox, which it stocks: this one runs, and must
        // find what it expects.
        let mut stocked = cases[0].clone();
        stocked["name"] = "the same patient, Botox".into();
        stocked["assumes"] = serde_json::json!(["neurotoxin/botox"]);
        cases.push(stocked);
    });
    let outcomes = cases(&text);
    let dysport = &outcomes[1];
    assert_eq!(
        dysport.name,
        "a milk-protein allergy rules out Dysport, not Botox"
    );
    assert_eq!(
        dysport.skipped.as_deref(),
        Some("assumes the product `dysport` of `neurotoxin`, which this profile does not stock")
    );
    let last = outcomes.last().unwrap();
    assert_eq!(last.name, "the same patient, Botox");
    assert_eq!(last.skipped, None, "a stocked product's case runs");
    assert!(last.passed(), "{:?}", last.failures);
    assert!(outcomes.iter().all(|o| o.passed()), "{outcomes:?}");
}

#[test]
fn a_rule_can_follow_a_products_device_and_a_wrong_energy_is_named() {
    // Microneedling with a radiofrequency device and a plain pen: a rule about
    // implanted devices selects the device by its energy, not the treatment's name.
    let with = |energy: &str| {
        demo_with(|p| {
            let needling = treatment(p, "microneedling");
            needling["products"] = serde_json::json!([
                { "id": "morpheus8", "name": "Morpheus8", "contains": [], "device": { "energy": "radiofrequency" } },
                { "id": "skinpen", "name": "SkinPen", "contains": [] }
            ]);
            let mut rf = rule(p, "neurotoxin.neuromuscular").clone();
            rf["id"] = "rf.bleeding_follows_the_device".into();
            rf["treatments"] = serde_json::json!(["microneedling"]);
            rf["products_with"] = serde_json::json!({ "energy": energy });
            p["protocol"]["rules"].as_array_mut().unwrap().push(rf);
        })
    };
    let profile = ClinicProfile::from_json(&with("radiofrequency")).unwrap();
    let rf = profile.protocol.as_ref().unwrap().rules.last().unwrap();
    let needling = profile.treatment("microneedling").unwrap();
    let selected: Vec<&str> = needling
        .products
        .iter()
        .filter(|p| rf.products_with.as_ref().unwrap().selects(p))
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(selected, ["morpheus8"]);
    let errors = lint_errors(&with("radio frequency"));
    assert!(
        errors
            .iter()
            .any(|(path, message)| path.ends_with(".products_with.energy")
                && message.contains("did you mean `radiofrequency`?")),
        "{errors:?}"
    );
}

#[test]
fn a_field_nearly_right_is_refused_with_the_field_meant_and_one_language_clinics_read() {
    let text = demo_with(|p| {
        let toxin = &mut p["treatments"][0];
        toxin["performed"] = serde_json::json!(["physician"]);
        p["sections"][0]["questions"][0]["requird"] = true.into();
    });
    let problems = ClinicProfile::from_json(&text).unwrap_err();
    let said = |end: &str, meant: &str| {
        assert!(
            problems.iter().any(|p| p.path.ends_with(end)
                && p.message.contains(&format!("did you mean `{meant}`?"))),
            "{end} should suggest {meant}: {problems:?}"
        );
    };
    said("$.treatments[0].performed", "performed_by");
    said(".questions[0].requird", "required");

    // A clinic working in one language: every text in that language only, its cases
    // in it too, reads, lints clean and passes its cases (English or Spanish).
    for (only, other) in [("en", "es"), ("es", "en")] {
        let text = demo_with(|p| {
            p["languages"] = serde_json::json!([only]);
            drop_language(p, other);
            for case in p["protocol"]["tests"].as_array_mut().unwrap() {
                case["answers"]["language"] = only.into();
            }
        });
        let profile = ClinicProfile::from_json(&text)
            .unwrap_or_else(|e| panic!("a profile in `{only}` only: {e:?}"));
        assert!(lint_errors(&text).is_empty(), "{only}");
        let outcomes = run_tests(
            &profile,
            profile.protocol.as_ref().unwrap(),
            CivilDate::new(2026, 11, 22).unwrap(),
        );
        assert!(
            outcomes.iter().all(|o| o.passed() && o.skipped.is_none()),
            "{only}: {outcomes:?}"
        );
    }
}

/// Removes the `other` language from every text given in both.
fn drop_language(value: &mut Value, other: &str) {
    match value {
        Value::Object(map) => {
            if map.contains_key("en") && map.contains_key("es") && map.len() <= 3 {
                map.remove(other);
            }
            map.values_mut().for_each(|v| drop_language(v, other));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| drop_language(v, other)),
        _ => {}
    }
}

#[test]
fn a_case_may_leave_the_optional_details_out() {
    let text = demo_with(|p| {
        let details = &mut p["protocol"]["tests"][0]["answers"]["details"];
        let details = details.as_object_mut().unwrap();
        for optional in ["preferred_name", "email", "emergency_relationship"] {
            assert!(details.remove(optional).is_some(), "{optional}");
        }
    });
    let outcomes = cases(&text);
    assert!(outcomes[0].passed(), "{:?}", outcomes[0].failures);
    // A required one left out is still said, with its name.
    let text = demo_with(|p| {
        let details = p["protocol"]["tests"][0]["answers"]["details"]
            .as_object_mut()
            .unwrap();
        details.remove("legal_name");
    });
    let outcomes = cases(&text);
    assert!(
        outcomes[0]
            .failures
            .iter()
            .any(|f| f.contains("legal_name")),
        "{:?}",
        outcomes[0].failures
    );
}

#[test]
fn a_rule_that_reads_an_optional_question_nobody_must_answer_is_warned_of() {
    let profile = ClinicProfile::demo();
    let issues = lint(&profile, profile.protocol.as_ref().unwrap());
    let warned: Vec<&str> = issues
        .iter()
        .filter(|i| !i.error && i.message.contains("reads the optional question"))
        .map(|i| i.message.as_str())
        .collect();
    // The demo's one: playing a wind instrument (an `info` note for perioral toxin).
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].contains("`wind_instrument`"), "{warned:?}");
    // Covered by an `unanswered` rule, it is not.
    let text = demo_with(|p| {
        let mut skipped = rule(p, "neurotoxin.wind_instrument").clone();
        skipped["id"] = "neurotoxin.wind_instrument_skipped".into();
        skipped["when"] = serde_json::json!({ "unanswered": "wind_instrument" });
        p["protocol"]["rules"].as_array_mut().unwrap().push(skipped);
    });
    let profile = ClinicProfile::from_json(&text).unwrap();
    let issues = lint(&profile, profile.protocol.as_ref().unwrap());
    assert!(
        !issues
            .iter()
            .any(|i| i.message.contains("reads the optional question")),
        "{issues:?}"
    );
}
