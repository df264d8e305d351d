//! The consent document hash: stable, sensitive to every word and to the language,
//! and equal to a value computed independently (coreutils `sha256sum`) from the
//! documented canonical form.

use candor_core::Lang;
use candor_core::consent::{Block, ConsentDocument, Mark, Run, canonical_form, document_hash};
use std::io::Write;
use std::process::{Command, Stdio};

fn doc() -> ConsentDocument {
    serde_json::from_value(serde_json::json!({
        "id": "consent.neurotoxin", "version": "2026.11.0", "kind": "treatment", "treatment": "neurotoxin",
        "title": {"en": "Consent to wrinkle-relaxing injections", "es": "Consentimiento para inyecciones"},
        "sections": [
            {"id": "what", "topic": "what", "heading": {"en": "What it is", "es": "Qué es"},
             "content": {"en": [{"p": ["Small injections that relax muscles."]}], "es": [{"p": ["Pequeñas inyecciones."]}]}},
            {"id": "risks", "topic": "risks", "heading": {"en": "Risks", "es": "Riesgos"},
             "content": {"en": [{"ul": [["Bruising"], ["Rarely, ", {"strong": "drooping eyelid"}]]}], "es": [{"ul": [["Moretones"]]}]},
             "acknowledge": {"en": "I understand these risks.", "es": "Entiendo estos riesgos."}}
        ]
    }))
    .unwrap()
}

/// SHA-256 by coreutils, independent of the crate under test.
fn sha256sum(bytes: &[u8]) -> String {
    let mut child = Command::new("sha256sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("sha256sum is installed");
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

#[test]
fn canonical_form_is_the_documented_one_and_the_hash_matches_sha256sum() {
    let expected = concat!(
        r#"{"id":"consent.neurotoxin","language":"en","sections":["#,
        r#"{"content":[{"p":["Small injections that relax muscles."]}],"heading":"What it is","id":"what","topic":"what"},"#,
        r#"{"acknowledge":"I understand these risks.","content":[{"ul":[["Bruising"],["Rarely, ",{"strong":"drooping eyelid"}]]}],"heading":"Risks","id":"risks","topic":"risks"}"#,
        r#"],"title":"Consent to wrinkle-relaxing injections","version":"2026.11.0"}"#
    );
    assert_eq!(
        String::from_utf8(canonical_form(&doc(), Lang::En)).unwrap(),
        expected
    );
    assert_eq!(
        document_hash(&doc(), Lang::En),
        sha256sum(expected.as_bytes())
    );
}

#[test]
fn the_hash_is_stable_across_runs_and_platforms() {
    // Recorded once with `sha256sum`; the same on every machine and every run. Any change
    // to the canonical form or to the hashing breaks it, and must come with a new version.
    assert_eq!(
        document_hash(&doc(), Lang::En),
        "7696f3803ce7bf9dbfe4324592501d075356f997911d85a1cc2b8788a09788c1"
    );
}

#[test]
fn a_changed_word_or_language_changes_the_hash() {
    let original = document_hash(&doc(), Lang::En);
    assert_ne!(document_hash(&doc(), Lang::Es), original, "language");
    let mut one_word = doc();
    one_word.sections[1].content.en = Some(vec![Block::Ul(vec![
        vec![Run::Plain("Bruising".into())],
        vec![
            Run::Plain("Rarely, ".into()),
            Run::Marked(Mark::Strong("drooping eyelids".into())),
        ],
    ])]);
    assert_ne!(document_hash(&one_word, Lang::En), original, "a word");
    let mut emphasis = doc();
    emphasis.sections[1].content.en = Some(vec![Block::Ul(vec![
        vec![Run::Plain("Bruising".into())],
        vec![
            Run::Plain("Rarely, ".into()),
            Run::Marked(Mark::Em("drooping eyelid".into())),
        ],
    ])]);
    assert_ne!(
        document_hash(&emphasis, Lang::En),
        original,
        "emphasis is content too"
    );
    let mut version = doc();
    version.version = "2026.11.1".into();
    assert_ne!(document_hash(&version, Lang::En), original, "version");
}

#[test]
fn treatment_consents_must_cover_every_required_topic() {
    let missing = doc().missing_topics();
    use candor_core::consent::Topic::*;
    assert_eq!(missing, [Benefits, Alternatives, Aftercare, RightToRefuse]);
}
