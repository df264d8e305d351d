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
const SUMMARY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/summary.schema.json");

/// The pretty JSON Schema of `schema` with its `$id` and `title`.
fn published_form(schema: schemars::Schema, id: &str, title: &str) -> String {
    let mut schema = serde_json::to_value(schema).unwrap();
    let object = schema.as_object_mut().unwrap();
    object.insert("$id".into(), id.into());
    object.insert("title".into(), title.into());
    serde_json::to_string_pretty(&schema).unwrap() + "\n"
}

/// Fails when `path` differs from `generated`; rewrites it first when asked to.
fn assert_published(path: &str, generated: &str) {
    if std::env::var_os("CANDOR_UPDATE_SCHEMA").is_some() {
        std::fs::write(path, generated).unwrap();
    }
    let published = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        published == generated,
        "{path} is stale: regenerate it (see this file's header)"
    );
}

fn generated() -> String {
    published_form(
        schemars::schema_for!(ClinicProfile),
        "https://candor.invalid/schema/clinic-profile/v1.json",
        "Candor clinic profile, schema version 1",
    )
}

fn generated_summary() -> String {
    published_form(
        schemars::schema_for!(Summary),
        "https://candor.invalid/schema/summary/v1.json",
        "Candor signed summary, schema version 1",
    )
}

#[test]
fn published_schema_matches_the_types() {
    assert_published(PUBLISHED, &generated());
}

#[test]
fn published_summary_schema_matches_the_types() {
    assert_published(SUMMARY, &generated_summary());
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
