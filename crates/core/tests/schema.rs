//! The published JSON Schemas (clinic profile, signed summary) are generated from the
//! types and must match the committed files. Regenerate with
//! `CANDOR_UPDATE_SCHEMA=1 cargo test -p candor-core --features schema --test schema`.
#![cfg(feature = "schema")]

use candor_core::ClinicProfile;
use candor_core::summary::Summary;

const PUBLISHED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/schema/clinic-profile.schema.json"
);

fn generated() -> String {
    let mut schema = serde_json::to_value(schemars::schema_for!(ClinicProfile)).unwrap();
    let object = schema.as_object_mut().unwrap();
    object.insert(
        "$id".into(),
        "https://candor.invalid/schema/clinic-profile/v1.json".into(),
    );
    object.insert(
        "title".into(),
        "Candor clinic profile, schema version 1".into(),
    );
    serde_json::to_string_pretty(&schema).unwrap() + "\n"
}

#[test]
fn published_schema_matches_the_types() {
    let generated = generated();
    if std::env::var_os("CANDOR_UPDATE_SCHEMA").is_some() {
        std::fs::write(PUBLISHED, &generated).unwrap();
    }
    let published = std::fs::read_to_string(PUBLISHED).unwrap_or_default();
    assert!(
        published == generated,
        "{PUBLISHED} is stale: regenerate it (see this file's header)"
    );
}

#[test]
fn schema_forbids_unknown_fields_and_names_every_question_type() {
    let schema = generated();
    assert!(schema.contains("\"additionalProperties\": false"));
    for kind in [
        "short_text",
        "long_text",
        "yes_no",
        "single_choice",
        "multiple_choice",
        "date",
        "number",
        "medication_list",
        "allergy_list",
        "body_areas",
        "scale",
    ] {
        assert!(schema.contains(&format!("\"{kind}\"")), "{kind}");
    }
}

const SUMMARY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/summary.schema.json");

fn generated_summary() -> String {
    let mut schema = serde_json::to_value(schemars::schema_for!(Summary)).unwrap();
    let object = schema.as_object_mut().unwrap();
    object.insert(
        "$id".into(),
        "https://candor.invalid/schema/summary/v1.json".into(),
    );
    object.insert(
        "title".into(),
        "Candor signed summary, schema version 1".into(),
    );
    serde_json::to_string_pretty(&schema).unwrap() + "\n"
}

#[test]
fn published_summary_schema_matches_the_types() {
    let generated = generated_summary();
    if std::env::var_os("CANDOR_UPDATE_SCHEMA").is_some() {
        std::fs::write(SUMMARY, &generated).unwrap();
    }
    let published = std::fs::read_to_string(SUMMARY).unwrap_or_default();
    assert!(
        published == generated,
        "{SUMMARY} is stale: regenerate it (see this file's header)"
    );
}
