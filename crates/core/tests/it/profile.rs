//! The clinic profile: the demo validates, broken profiles say exactly what is wrong.

use candor_core::profile::DEMO_PROFILE_JSON;
use candor_core::{ClinicProfile, Lang};
use serde_json::{Value, json};

fn demo_value() -> Value {
    serde_json::from_str(DEMO_PROFILE_JSON).unwrap()
}

/// The problems reported for the demo profile after `edit`, as "path: message".
fn problems_after(edit: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut value = demo_value();
    edit(&mut value);
    match ClinicProfile::from_json(&value.to_string()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn demo_profile_validates_and_covers_every_treatment_in_both_languages() {
    let demo = ClinicProfile::demo();
    assert_eq!(demo.languages, [Lang::En, Lang::Es]);
    let ids: Vec<&str> = demo.treatments.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "neurotoxin",
            "ha_filler",
            "laser_hair_removal",
            "chemical_peel",
            "microneedling",
            "massage"
        ]
    );
    let products: Vec<&str> = demo.treatments[0]
        .products
        .iter()
        .map(|p| p.name.get(Lang::Es))
        .collect();
    assert_eq!(
        products,
        ["Botox", "Dysport", "Xeomin"],
        "brands in every language"
    );
    let peels: Vec<&str> = demo.treatments[3]
        .products
        .iter()
        .map(|p| p.name.get(Lang::Es))
        .collect();
    assert_eq!(
        peels,
        [
            "Peeling de ácido glicólico",
            "Peeling de ácido salicílico",
            "Peeling de Jessner"
        ],
        "generic names in each language"
    );
}

#[test]
fn a_product_name_is_a_brand_or_text_in_every_language() {
    let problems = problems_after(|v| {
        v["treatments"][3]["products"][0]["name"] = json!({"en": "Glycolic acid peel"});
        v["treatments"][0]["products"][0]["name"] = json!(" ");
    });
    for expected in [
        "$.treatments[3].products[0].name.es: missing the Español translation",
        "$.treatments[0].products[0].name: must not be empty",
    ] {
        assert!(
            problems.iter().any(|p| p == expected),
            "{expected}: {problems:?}"
        );
    }
    let problems = problems_after(|v| {
        v["treatments"][3]["products"][1]["name"] = json!({"en": "Salicylic acid peel", "fr": "x"});
    });
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("$.treatments[3].products[1].name.fr: unknown field")),
        "{problems:?}"
    );
}

#[test]
fn unknown_question_in_a_condition() {
    let problems = problems_after(|v| {
        v["sections"][0]["questions"][1]["when"] =
            json!({"includes": {"question": "conditons", "option": "neuromuscular"}});
    });
    assert_eq!(
        problems,
        ["$.sections[0].questions[1].when.includes.question: unknown question `conditons`"]
    );
}

#[test]
fn unknown_option_in_a_condition() {
    let problems = problems_after(|v| {
        v["sections"][0]["questions"][1]["when"] =
            json!({"includes": {"question": "conditions", "option": "gout"}});
    });
    assert_eq!(
        problems,
        [
            "$.sections[0].questions[1].when.includes.option: question `conditions` has no option `gout`"
        ]
    );
}

#[test]
fn duplicate_ids() {
    let problems = problems_after(|v| {
        v["sections"][1]["questions"][0]["id"] = json!("conditions");
        v["treatments"][1]["id"] = json!("neurotoxin");
    });
    assert!(
        problems.contains(&"$.treatments[1].id: duplicate id `neurotoxin`".to_string()),
        "{problems:?}"
    );
    assert!(
        problems.contains(&"$.sections[1].questions[0].id: duplicate question id `conditions` (first at $.sections[0].questions[0])".to_string()),
        "{problems:?}"
    );
}

#[test]
fn a_treatment_that_nothing_concerns() {
    let problems = problems_after(|v| {
        v["treatments"].as_array_mut().unwrap().push(json!({
            "id": "hydrafacial", "class": "facial",
            "name": {"en": "HydraFacial", "es": "HydraFacial"},
            "summary": {"en": "A facial.", "es": "Un tratamiento facial."}
        }));
    });
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with("$.treatments[6]: nothing concerns treatment `hydrafacial`"),
        "{problems:?}"
    );
    assert_eq!(
        problems[1],
        "$.treatments[6]: needs exactly one treatment consent document, found 0"
    );
}

#[test]
fn a_missing_translation() {
    let problems = problems_after(|v| {
        v["sections"][2]["questions"][0]["text"]
            .as_object_mut()
            .unwrap()
            .remove("es");
        v["treatments"][5]["summary"]["es"] = json!("  ");
    });
    assert_eq!(
        problems,
        [
            "$.treatments[5].summary.es: missing the Español translation",
            "$.sections[2].questions[0].text.es: missing the Español translation",
        ]
    );
}

#[test]
fn unknown_fields_are_errors_not_ignored() {
    let problems = problems_after(|v| {
        v["sections"][0]["questions"][0]["requird"] = json!(true);
    });
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].starts_with("$.sections[0].questions[0].requird: unknown field `requird` (did you mean `required`?); expected one of: id, type,"),
        "{problems:?}"
    );
}

#[test]
fn unknown_treatment_in_a_condition_and_a_choice_question_without_options() {
    let problems = problems_after(|v| {
        v["sections"][9]["when"] = json!({"treatment": "massages"});
        v["sections"][7]["questions"][0]["options"] = json!([]);
    });
    assert!(
        problems.contains(
            &"$.sections[9].when.treatment: no treatment has the id or class `massages` (did you mean `massage`?)"
                .to_string()
        ),
        "{problems:?}"
    );
    assert!(
        problems.contains(
            &"$.sections[7].questions[0].options: a choice question needs at least two options"
                .to_string()
        ),
        "{problems:?}"
    );
}

#[test]
fn wrong_schema_version_and_empty_fields_are_all_reported() {
    let problems = problems_after(|v| {
        v["schema_version"] = json!(2);
        v["name"] = json!("");
        v["questionnaire_url"] = json!("lumen/intake");
    });
    assert_eq!(
        problems,
        [
            "$.schema_version: this widget reads schema version 1, the profile has 2",
            "$.name: must not be empty",
            "$.questionnaire_url: must be an absolute http(s) URL",
        ]
    );
}

#[test]
fn not_json_at_all() {
    let errors = ClinicProfile::from_json("<html>404</html>").unwrap_err();
    assert_eq!(errors[0].path, "$");
    assert!(
        errors[0].message.contains("line 1, column 1"),
        "{}",
        errors[0]
    );
}

#[test]
fn wrong_types_are_reported_with_their_paths_all_at_once() {
    let problems = problems_after(|v| {
        v["demo"] = json!("yes");
        v["languages"] = json!(["en", "fr"]);
        v["sections"][0]["questions"][0]["type"] = json!("checkboxes");
        v["sections"][0]["questions"][1]["when"] =
            json!({"includes": {"question": "conditions"}, "treatment": "massage"});
        v["treatments"][0]["products"][0] = json!({"id": "botox", "name": 7});
    });
    assert_eq!(
        problems,
        [
            "$.demo: must be true or false, not text",
            "$.languages[1]: must be one of: en, es",
            "$.treatments[0].products[0].name: must be text, not a number",
            "$.sections[0].questions[0].type: must be one of: short_text, long_text, yes_no, single_choice, multiple_choice, date, number, medication_list, allergy_list, body_areas, scale",
            "$.sections[0].questions[1].when: a condition is an object with exactly one of: all, any, not, equals, includes, answered, treatment, age_at_least",
        ]
    );
}

#[test]
fn the_hand_written_reader_and_the_serde_derive_agree() {
    let by_serde: ClinicProfile = serde_json::from_str(DEMO_PROFILE_JSON).unwrap();
    let demo = ClinicProfile::demo();
    // The derive leaves the hash out (it is computed from the document, never written).
    assert_eq!(
        demo,
        ClinicProfile {
            sha256: demo.sha256.clone(),
            ..by_serde
        }
    );
}

#[test]
fn profile_round_trips_through_serde() {
    let demo = ClinicProfile::demo();
    let again = ClinicProfile::from_json(&serde_json::to_string(&demo).unwrap()).unwrap();
    // Written back by the derive, the document differs (defaults spelled out), so its
    // hash does; everything read from it is the same.
    assert_ne!(again.sha256, demo.sha256);
    assert_eq!(
        again,
        ClinicProfile {
            sha256: again.sha256.clone(),
            ..demo
        }
    );
}

#[test]
fn delivery_targets_are_checked() {
    let demo = ClinicProfile::demo();
    assert_eq!(
        demo.delivery.len(),
        1,
        "the demo delivers to the reference receiver"
    );
    let problems = problems_after(|v| {
        v["delivery"] = json!([
            {"type": "https", "id": "clinic", "url": "http://clinic.example/intake"},
            {"type": "https", "id": "clinic", "url": "https://user:pw@clinic.example/intake"},
            {"type": "fhir", "id": "ehr", "base_url": "https://fhir.clinic.example/r4?patient=1"},
            {"type": "parent_page", "id": "page", "origin": "*"},
            {"type": "parent_page", "id": "page2", "origin": "https://www.clinic.example/embed"},
            {"type": "email", "id": "mail"},
            {"type": "https", "id": "ok", "url": "https://clinic.example/intake", "token": "x"},
        ]);
    });
    assert_eq!(
        problems,
        [
            "$.delivery[5].type: must be one of: https, fhir, parent_page",
            "$.delivery[6].token: unknown field `token`; expected one of: type, id, url, drafts_url",
        ]
    );
    let problems = problems_after(|v| {
        v["delivery"] = json!([
            {"type": "https", "id": "clinic", "url": "http://clinic.example/intake"},
            {"type": "https", "id": "clinic", "url": "https://user:pw@clinic.example/intake"},
            {"type": "fhir", "id": "ehr", "base_url": "https://fhir.clinic.example/r4?patient=1"},
            {"type": "parent_page", "id": "page", "origin": "*"},
            {"type": "parent_page", "id": "page2", "origin": "https://www.clinic.example/embed"},
            {"type": "https", "id": "local", "url": "http://127.0.0.1:8080/api/submissions"},
            {"type": "https", "id": "same-origin", "url": "/api/submissions"},
        ]);
    });
    assert_eq!(
        problems,
        [
            "$.delivery[1].id: duplicate id `clinic`",
            "$.delivery[0].url: must start with https:// (or be a path on the widget's own origin, such as /api/submissions)",
            "$.delivery[1].url: must not contain a user name or password",
            "$.delivery[2].base_url: must not have a query or fragment (health data never goes in URLs)",
            "$.delivery[3].origin: must name one exact origin, never * or null",
            "$.delivery[4].origin: is an origin: scheme, host and port only, no path",
            "$.delivery: at most one parent_page target: the widget has one embedding page",
        ]
    );
    let problems = problems_after(|v| {
        v["delivery"] = json!([
            {"type": "https", "id": "a", "url": "/api/submissions", "drafts_url": "http://clinic.example/drafts"},
            {"type": "https", "id": "b", "url": "https://clinic.example/in", "drafts_url": "https://clinic.example/drafts?invite=1"},
            {"type": "https", "id": "c", "url": "https://clinic.example/in", "drafts_url": "/api/drafts"},
        ]);
    });
    assert_eq!(
        problems,
        [
            "$.delivery[0].drafts_url: must start with https:// (or be a path on the widget's own origin, such as /api/submissions)",
            "$.delivery[1].drafts_url: must not have a query or fragment (health data never goes in URLs)",
            "$.delivery: at most one target keeps drafts: a visit has one draft",
        ]
    );
}

#[test]
fn a_treatment_the_protocol_covers_needs_no_question_of_its_own() {
    let problems = problems_after(|v| {
        v["treatments"].as_array_mut().unwrap().push(json!({
            "id": "daxxify", "class": "neurotoxin",
            "name": {"en": "Daxxify", "es": "Daxxify"},
            "summary": {"en": "A longer-lasting toxin.", "es": "Una toxina de efecto más largo."}
        }));
    });
    assert!(
        !problems.iter().any(|p| p.contains("nothing concerns")),
        "the neurotoxin rules cover it: {problems:?}"
    );
}

#[test]
fn treatments_without_any_consent_document_are_reported() {
    let problems = problems_after(|v| {
        v["consents"] = json!([]);
    });
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("$.consents: no consent documents")),
        "{problems:?}"
    );
}

#[test]
fn kiosk_settings_default_when_absent_and_bad_ones_are_named() {
    let demo = ClinicProfile::demo();
    assert_eq!(demo.kiosk, candor_core::profile::KioskSettings::default());
    assert_eq!(demo.kiosk.idle_seconds, 120);
    assert_eq!(demo.kiosk.warning_seconds, 30);
    let problems = problems_after(|v| {
        v["kiosk"] = json!({
            "idle_seconds": 10, "reading_idle_seconds": 60, "warning_seconds": 5,
            "visit_minutes": 600, "handback_seconds": 20, "enrol_url": "http://clinic.example/enrol",
            "start_title": {"en": "Check in here"}
        });
    });
    assert_eq!(
        problems,
        [
            "$.kiosk.idle_seconds: must be from 30 to 900, not 10",
            "$.kiosk.warning_seconds: must be from 20 to 120, not 5",
            "$.kiosk.visit_minutes: must be from 5 to 240, not 600",
            "$.kiosk.enrol_url: must start with https:// (or be a path on the widget's own origin, such as /api/submissions)",
            "$.kiosk.start_title.es: missing the Español translation",
        ]
    );
    let problems = problems_after(|v| {
        v["kiosk"] = json!({"idle_seconds": 200, "reading_idle_seconds": 100, "pin": "1234"});
    });
    assert_eq!(
        problems,
        [
            "$.kiosk.pin: unknown field `pin`; expected one of: idle_seconds, reading_idle_seconds, warning_seconds, visit_minutes, handback_seconds, enrol_url, start_title, start_message"
        ]
    );
    let problems = problems_after(|v| {
        v["kiosk"] = json!({"idle_seconds": 200, "reading_idle_seconds": 100});
    });
    assert_eq!(
        problems,
        [
            "$.kiosk.reading_idle_seconds: must be at least idle_seconds: reading a consent takes longer than a tap"
        ]
    );
}
