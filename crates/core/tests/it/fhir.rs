//! The FHIR transaction Bundle of each persona's summary: what it holds and how its
//! entries refer to each other. The Bundles are also written to
//! `target/tmp/fhir/<persona>.json`, where `tests/fhir/validate.py` checks them with
//! the Python package `fhir.resources` (R4B models), an independent implementation.

use candor_core::ClinicProfile;
use candor_core::fhir::transaction_bundle;
use candor_core::summary::Summary;
use serde_json::Value;

const PERSONAS: [(&str, &str); 3] = [
    (
        "neurotoxin",
        include_str!("../fixtures/summary-neurotoxin.json"),
    ),
    ("laser", include_str!("../fixtures/summary-laser.json")),
    ("massage", include_str!("../fixtures/summary-massage.json")),
];

use crate::signer;

fn signed(summary: &Summary) -> String {
    signer::sign(9, &summary.canonical_bytes().unwrap())
}

fn bundle(text: &str) -> (Summary, String, Value) {
    let profile = ClinicProfile::demo();
    let summary = Summary::from_json(text.as_bytes()).unwrap();
    assert_eq!(summary.problems(), vec![]);
    let jws = signed(&summary);
    let bundle = transaction_bundle(&profile, &summary, &jws);
    (summary, jws, bundle)
}

fn of_type<'a>(bundle: &'a Value, kind: &str) -> Vec<&'a Value> {
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

#[test]
fn every_persona_bundle_is_written_for_the_independent_validator() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fhir");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in PERSONAS {
        let (_, _, bundle) = bundle(text);
        std::fs::write(
            dir.join(format!("{name}.json")),
            serde_json::to_string_pretty(&bundle).unwrap(),
        )
        .unwrap();
    }
}

#[test]
fn references_resolve_inside_the_bundle_and_the_bundle_is_deterministic() {
    for (name, text) in PERSONAS {
        let (_, _, bundle) = bundle(text);
        assert_eq!(bundle["type"], "transaction");
        let urls: Vec<&str> = bundle["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["fullUrl"].as_str().unwrap())
            .collect();
        let mut unique = urls.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), urls.len(), "{name}: duplicate fullUrl");
        let text = bundle.to_string();
        for reference in text
            .split("\"reference\":\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
        {
            if reference.starts_with("urn:uuid:") {
                assert!(
                    urls.contains(&reference),
                    "{name}: {reference} resolves to no entry"
                );
            }
        }
        assert_eq!(
            self::bundle(PERSONAS.iter().find(|p| p.0 == name).unwrap().1).2,
            bundle
        );
    }
}

#[test]
fn the_neurotoxin_bundle_carries_the_allergy_the_findings_and_the_signed_consent() {
    let (summary, jws, bundle) = bundle(PERSONAS[0].1);
    let response = of_type(&bundle, "QuestionnaireResponse")[0];
    assert_eq!(
        response["questionnaire"],
        "https://lumen-demo.example/fhir/Questionnaire/intake|2026.12.4"
    );
    assert_eq!(response["status"], "completed");
    let neuromuscular = response["item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["linkId"] == "neuromuscular_which")
        .unwrap();
    assert_eq!(
        neuromuscular["answer"][0]["valueCoding"]["code"],
        "myasthenia_gravis"
    );
    let request = &bundle["entry"][1]["request"];
    assert_eq!(
        request["ifNoneExist"],
        format!("identifier=urn:candor:submission|{}", summary.submission_id)
    );

    let allergy = of_type(&bundle, "AllergyIntolerance");
    assert_eq!(allergy.len(), 1);
    assert_eq!(
        allergy[0]["code"]["coding"][0]["code"],
        "allergen.cow_milk_protein"
    );
    assert_eq!(allergy[0]["reaction"][0]["severity"], "moderate");

    let issues = of_type(&bundle, "DetectedIssue");
    assert_eq!(issues.len(), summary.findings.len());
    assert!(
        issues.iter().all(|i| i["severity"] == "high"),
        "both neurotoxin findings are stop-level"
    );
    assert!(
        issues
            .iter()
            .any(|i| i["code"]["coding"][0]["code"] == "neurotoxin.dysport_milk")
    );

    let consents = of_type(&bundle, "Consent");
    assert_eq!(
        consents
            .iter()
            .map(|c| c["status"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["active", "rejected"]
    );
    assert_eq!(consents[0]["provision"]["type"], "permit");
    assert!(
        consents[0]["identifier"][0]["value"]
            .as_str()
            .unwrap()
            .ends_with(&summary.consents[0].sha256)
    );

    let provenance = of_type(&bundle, "Provenance")[0];
    assert_eq!(provenance["signature"][0]["sigFormat"], "application/jose");
    use base64::Engine;
    let carried = base64::engine::general_purpose::STANDARD
        .decode(provenance["signature"][0]["data"].as_str().unwrap())
        .unwrap();
    assert_eq!(carried, jws.as_bytes());
    assert_eq!(
        provenance["target"].as_array().unwrap().len(),
        bundle["entry"].as_array().unwrap().len() - 1
    );
}

#[test]
fn the_laser_bundle_has_the_stopped_isotretinoin_the_tan_and_the_refusal() {
    let (_, _, bundle) = bundle(PERSONAS[1].1);
    let medication = of_type(&bundle, "MedicationStatement");
    assert_eq!(medication.len(), 1);
    assert_eq!(medication[0]["status"], "completed");
    assert_eq!(medication[0]["effectivePeriod"]["end"], "2026-08");
    assert_eq!(
        medication[0]["medicationCodeableConcept"]["text"],
        "Accutane 40 mg"
    );
    let response = of_type(&bundle, "QuestionnaireResponse")[0];
    assert_eq!(response["language"], "es");
    let tan = response["item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["linkId"] == "last_tan")
        .unwrap();
    assert_eq!(tan["answer"][0]["valueDate"], "2026-11");
    let rules: Vec<&str> = of_type(&bundle, "DetectedIssue")
        .iter()
        .map(|i| i["code"]["coding"][0]["code"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["laser.isotretinoin", "laser.recent_tan"]);
    let consents = of_type(&bundle, "Consent");
    assert_eq!(consents[0]["status"], "rejected");
    assert_eq!(
        consents[0]["provision"]["code"][0]["coding"][0]["code"],
        "laser_hair_removal"
    );
}

#[test]
fn the_massage_bundle_marks_the_lower_back_to_avoid_and_the_anaphylaxis_as_critical() {
    let (_, _, bundle) = bundle(PERSONAS[2].1);
    let response = of_type(&bundle, "QuestionnaireResponse")[0];
    let items = response["item"].as_array().unwrap();
    let pressure = items
        .iter()
        .find(|i| i["linkId"] == "massage_pressure")
        .unwrap();
    assert_eq!(pressure["answer"][0]["valueCoding"]["code"], "light");
    let areas = items
        .iter()
        .find(|i| i["linkId"] == "massage_areas")
        .unwrap();
    let lower = areas["answer"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["valueCoding"]["code"] == "lower_back")
        .unwrap();
    assert_eq!(
        lower["item"][0]["answer"][0]["valueCoding"]["code"],
        "avoid"
    );
    let drinks = items
        .iter()
        .find(|i| i["linkId"] == "alcohol_drinks")
        .unwrap();
    assert_eq!(drinks["answer"][0]["valueQuantity"]["value"], 3.0);
    let allergy = of_type(&bundle, "AllergyIntolerance")[0];
    assert_eq!(allergy["criticality"], "high");
    assert_eq!(
        allergy["reaction"][0]["manifestation"][0]["coding"][0]["code"],
        "39579001"
    );
    assert!(of_type(&bundle, "DetectedIssue").is_empty());
    assert!(
        items.iter().all(|i| i["linkId"] != "toxin_areas"),
        "questions not shown never appear"
    );
}

#[test]
fn an_intolerance_is_recorded_apart_from_a_true_allergy() {
    let mut summary: Value =
        serde_json::from_str(include_str!("../fixtures/summary-neurotoxin.json")).unwrap();
    summary["answers"]["values"]["allergies"]["value"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "substance": "lactose", "code": "allergen.lactose_intolerance",
            "reaction": "bloating", "severity": "mild"
        }));
    let (_, _, bundle) = bundle(&summary.to_string());
    let kinds: Vec<(&str, &str)> = of_type(&bundle, "AllergyIntolerance")
        .iter()
        .map(|a| {
            (
                a["code"]["coding"][0]["code"].as_str().unwrap(),
                a["type"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("allergen.cow_milk_protein", "allergy"),
            ("allergen.lactose_intolerance", "intolerance")
        ]
    );
}
