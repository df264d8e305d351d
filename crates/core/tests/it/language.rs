//! The language lint on the clinic profiles the repository ships: the demo and the
//! second clinic's example are clean in both languages, and a planted "proveedor"
//! fails with its JSON path.

use candor_core::language::{Level, glossary, lint_profile};
use candor_core::profile::DEMO_PROFILE_JSON;
use serde_json::Value;

fn findings_of(json: &str) -> Vec<String> {
    let profile: Value = serde_json::from_str(json).unwrap();
    lint_profile(&glossary().unwrap(), &profile)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn the_demo_profile_uses_no_term_to_avoid() {
    assert_eq!(findings_of(DEMO_PROFILE_JSON), Vec::<String>::new());
}

#[test]
fn the_second_clinics_profile_uses_no_term_to_avoid() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/profiles/harbor-skin.json"
    );
    let json = std::fs::read_to_string(path).unwrap();
    assert_eq!(findings_of(&json), Vec::<String>::new());
}

#[test]
fn a_planted_proveedor_is_an_error_at_its_json_path() {
    let mut demo: Value = serde_json::from_str(DEMO_PROFILE_JSON).unwrap();
    demo["sections"][0]["intro"]["es"] = "Su proveedor revisará sus respuestas.".into();
    demo["consents"][2]["sections"][0]["content"]["es"][0]["p"][0] =
        "Los proveedores eligen el producto.".into();
    let found = lint_profile(&glossary().unwrap(), &demo);
    let mut places: Vec<(&str, &str, Level)> = found
        .iter()
        .map(|f| (f.place.as_str(), f.found.as_str(), f.level))
        .collect();
    places.sort();
    assert_eq!(
        places,
        [
            (
                "$.consents[2].sections[0].content.es[0].p[0]",
                "proveedores",
                Level::Error
            ),
            ("$.sections[0].intro.es", "proveedor", Level::Error),
        ]
    );
    // The same word in English text is no Spanish term: "provider" is the English one.
    demo["sections"][0]["intro"]["en"] = "proveedor".into();
    assert_eq!(lint_profile(&glossary().unwrap(), &demo).len(), 2);
}
