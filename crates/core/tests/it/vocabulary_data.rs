//! The vocabulary as a data file: a bad file is refused with the entry and field
//! named, and a clinic profile names the vocabulary it was approved with (required
//! once it asks for medicines or allergies, and it must be this build's).

use candor_core::ClinicProfile;
use candor_core::vocabulary::data::{BUILTIN_FILE, Vocabulary, builtin, digest, parse};
use serde_json::{Value, json};

fn file() -> Value {
    serde_json::from_slice(BUILTIN_FILE).unwrap()
}

fn refused(v: &Value) -> String {
    match parse(v.to_string().as_bytes()) {
        Ok(_) => panic!("a bad file was read"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_built_in_file_reads_and_its_digest_is_of_its_bytes() {
    let v = builtin();
    assert_eq!(v.sha256, digest(BUILTIN_FILE));
    assert_eq!(v.sha256.len(), 64);
    let again = Vocabulary::read(BUILTIN_FILE).unwrap();
    assert_eq!(again.version, v.version);
}

#[test]
fn a_bad_file_is_refused_naming_the_entry_and_the_field() {
    let mut v = file();
    v["medications"][3]["classes"] = json!([]);
    let message = refused(&v);
    assert!(
        message.contains("$.medications[3]") && message.contains("classes is empty"),
        "{message}"
    );

    let mut v = file();
    v["allergens"][0]["sources"] = json!(["a-register-nobody-defined"]);
    let message = refused(&v);
    assert!(
        message.contains("$.allergens[0]") && message.contains("not among the file's sources"),
        "{message}"
    );

    let mut v = file();
    v["medications"][0]["clases"] = json!(["anticoagulant"]);
    let message = refused(&v);
    assert!(
        message.contains("$.medications[0].clases is unknown"),
        "{message}"
    );

    let mut v = file();
    v["medications"][1]["brands"] = json!({"FR": ["Coumadine"]});
    let message = refused(&v);
    assert!(
        message.contains("$.medications[1].brands.FR is unknown"),
        "{message}"
    );

    let mut v = file();
    let first = v["medications"][0]["id"].clone();
    v["medications"][1]["id"] = first;
    assert!(refused(&v).contains("id used twice"));

    let mut v = file();
    v["format"] = json!("candor-vocabulary/2");
    assert!(refused(&v).contains("this version reads"));

    assert!(
        parse(b"{ not json")
            .unwrap_err()
            .to_string()
            .starts_with("vocabulary: not JSON")
    );
}

fn demo() -> Value {
    serde_json::from_str(candor_core::profile::DEMO_PROFILE_JSON).unwrap()
}

fn problems(v: &Value) -> Vec<String> {
    match ClinicProfile::from_json(&v.to_string()) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_profile_that_asks_for_medicines_names_this_builds_vocabulary() {
    let v = demo();
    assert_eq!(
        v["vocabulary"]["sha256"],
        json!(builtin().sha256),
        "demo names it"
    );
    assert!(problems(&v).is_empty());

    let mut missing = demo();
    missing.as_object_mut().unwrap().remove("vocabulary");
    let p = problems(&missing);
    assert!(
        p.iter().any(|p| p.starts_with("$.vocabulary: is required")),
        "{p:?}"
    );

    let mut other = demo();
    other["vocabulary"]["sha256"] = json!("0".repeat(64));
    let p = problems(&other);
    assert!(
        p.iter()
            .any(|p| p.starts_with("$.vocabulary: names vocabulary")
                && p.contains("candor-protocol vocabulary")),
        "{p:?}"
    );

    let mut malformed = demo();
    malformed["vocabulary"]["sha256"] = json!("ABC");
    let p = problems(&malformed);
    assert!(
        p.iter()
            .any(|p| p.starts_with("$.vocabulary.sha256: must be a SHA-256")),
        "{p:?}"
    );

    let mut typo = demo();
    typo["vocabulary"]["sha"] = json!("x");
    let p = problems(&typo);
    assert!(
        p.iter()
            .any(|p| p.starts_with("$.vocabulary.sha: unknown field")),
        "{p:?}"
    );
}

/// A word for a kind ("numbing cream", "local anaesthetic") is not one substance: it
/// carries every class the kind may have, so an amide rule and an ester rule both
/// reach the provider, whichever it was.
#[test]
fn numbing_words_carry_both_kinds_of_local_anaesthetic() {
    use candor_core::risk::matching::resolve;
    use candor_core::vocabulary::TermKind;
    for typed in [
        "numbing cream",
        "the numbing injection",
        "numbing shot at the dentist",
        "crema anestésica",
        "anestesia local",
    ] {
        let term = resolve(TermKind::Allergen, None, typed).expect(typed);
        for class in ["local_anesthetic", "amide_anesthetic", "ester_anesthetic"] {
            assert!(
                term.classes.contains(&class),
                "{typed}: {} lacks {class}",
                term.id
            );
        }
    }
}
