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
fn published_form(schema: serde_json::Value, id: &str, title: &str) -> String {
    let mut schema = schema;
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
    let mut schema = serde_json::to_value(schemars::schema_for!(ClinicProfile)).unwrap();
    // What a clinic may write where the types only say "text": the treatment classes
    // the default protocol covers, the credentials a treatment's scope may list, the
    // ingredients and classes a product may contain, its label's contraindications and
    // its device's energies.
    let defs = &mut schema["$defs"];
    defs["Treatment"]["properties"]["class"]["examples"] = candor_core::profile::TREATMENT_CLASSES
        .iter()
        .map(|(class, _)| *class)
        .collect();
    defs["Treatment"]["properties"]["performed_by"]["items"]["enum"] =
        candor_core::profile::CREDENTIALS
            .iter()
            .map(|(credential, _)| *credential)
            .collect();
    let ingredients: serde_json::Value = candor_core::vocabulary::ingredient_names().into();
    defs["Product"]["properties"]["contains"]["items"]["examples"] = ingredients.clone();
    defs["ProductSelector"]["oneOf"][0]["properties"]["contains"]["examples"] = ingredients;
    // Closed lists: a label tag or an energy misspelt would select no product.
    let labels: serde_json::Value = candor_core::profile::LABEL_CONTRAINDICATIONS
        .to_vec()
        .into();
    defs["Product"]["properties"]["label"]["items"]["enum"] = labels.clone();
    defs["ProductSelector"]["oneOf"][1]["properties"]["label"]["enum"] = labels;
    let energies: serde_json::Value = candor_core::profile::DEVICE_ENERGIES.to_vec().into();
    defs["Device"]["properties"]["energy"]["enum"] = energies.clone();
    defs["ProductSelector"]["oneOf"][2]["properties"]["energy"]["enum"] = energies;
    // The check-ins' limits (profile::check): days within a year, plain sign ids, the
    // numbers a patient is sent to.
    defs["CheckIns"]["properties"]["after_days"]["items"]["maximum"] =
        candor_core::profile::MAX_AFTER_DAYS.into();
    defs["CheckIns"]["properties"]["after_days"]["minItems"] = 1.into();
    defs["CheckIns"]["properties"]["signs"]["minItems"] = 1.into();
    defs["WarningSign"]["properties"]["id"]["pattern"] = "^[a-z0-9_]+$".into();
    defs["Aftercare"]["properties"]["call"]["pattern"] = "^\\+[1-9][0-9]{7,14}$".into();
    defs["Aftercare"]["properties"]["emergency_number"]["pattern"] = "^[0-9]{2,6}$".into();
    published_form(
        schema,
        "https://candor.invalid/schema/clinic-profile/v1.json",
        "Candor clinic profile, schema version 1",
    )
}

fn generated_summary() -> String {
    let mut schema = serde_json::to_value(schemars::schema_for!(Summary)).unwrap();
    with_limits(&mut schema);
    schema.as_object_mut().unwrap().insert(
        "description".into(),
        format!(
            "At most {} KB as canonical JSON; every text at most {} characters and every list at most {} items (summary::check).",
            candor_core::summary::MAX_SUMMARY_BYTES / 1024,
            candor_core::summary::MAX_TEXT_CHARS,
            candor_core::summary::MAX_LIST_ITEMS
        )
        .into(),
    );
    published_form(
        schema,
        "https://candor.invalid/schema/summary/v1.json",
        "Candor signed summary, schema version 1",
    )
}

/// Writes the receiver's limits into the schema: `maxLength` on every string and
/// `maxItems` on every array that does not state a tighter one.
fn with_limits(value: &mut serde_json::Value) {
    use candor_core::summary::{MAX_LIST_ITEMS, MAX_TEXT_CHARS};
    match value {
        serde_json::Value::Object(members) => {
            let has =
                |kind: &str, members: &serde_json::Map<String, serde_json::Value>| match members
                    .get("type")
                {
                    Some(serde_json::Value::String(t)) => t == kind,
                    Some(serde_json::Value::Array(ts)) => ts.iter().any(|t| t == kind),
                    _ => false,
                };
            if has("string", members) && !members.contains_key("maxLength") {
                members.insert("maxLength".into(), MAX_TEXT_CHARS.into());
            }
            if has("array", members) && !members.contains_key("maxItems") {
                members.insert("maxItems".into(), MAX_LIST_ITEMS.into());
            }
            for item in members.values_mut() {
                with_limits(item);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(with_limits),
        _ => {}
    }
}

#[test]
fn published_schema_matches_the_types() {
    assert_published(PUBLISHED, &generated());
}

const ANSWERS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/answers.schema.json");

#[test]
fn published_answers_schema_matches_the_types() {
    // The form of `candor-protocol check`'s answers file and of a summary's `answers`.
    let schema = serde_json::to_value(schemars::schema_for!(candor_core::Answers)).unwrap();
    assert_published(
        ANSWERS,
        &published_form(
            schema,
            "https://candor.invalid/schema/answers/v1.json",
            "Candor answers (a summary's `answers`; candor-protocol check's input)",
        ),
    );
}

#[test]
fn the_schema_names_every_treatment_class_the_default_protocol_covers() {
    let demo = ClinicProfile::demo();
    let protocol = demo.protocol.as_ref().unwrap();
    let named: std::collections::BTreeSet<&str> = protocol
        .rules
        .iter()
        .flat_map(|r| r.treatments.iter().map(String::as_str))
        .collect();
    let listed: std::collections::BTreeSet<&str> = candor_core::profile::TREATMENT_CLASSES
        .iter()
        .map(|(c, _)| *c)
        .collect();
    assert_eq!(named, listed, "rules name exactly the listed classes");
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
