//! The summary: its canonical bytes equal an independent RFC 8785 implementation's
//! for generated summaries, it round-trips, and its checks name what is wrong.

use candor_core::summary::{
    Decision, SUMMARY_SCHEMA_VERSION, SignatureMethod, Summary, Timestamp, is_rfc3339, is_uuid_v4,
};
use proptest::prelude::*;

const FIXTURE: &str = include_str!("../fixtures/summary-neurotoxin.json");

fn fixture() -> Summary {
    Summary::from_json(FIXTURE.as_bytes()).expect("the fixture is a valid summary")
}

#[test]
fn the_fixture_is_sound_and_round_trips() {
    let summary = fixture();
    assert_eq!(summary.problems(), vec![]);
    let again = Summary::from_json(&summary.canonical_bytes().unwrap()).unwrap();
    assert_eq!(again, summary);
}

#[test]
fn canonical_bytes_of_the_fixture_equal_serde_jcs() {
    let summary = fixture();
    assert_eq!(
        summary.canonical_bytes().unwrap(),
        serde_jcs::to_vec(&summary).unwrap()
    );
}

#[test]
fn unknown_fields_and_versions_are_refused() {
    let mut value: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
    value["surprise"] = true.into();
    assert!(
        Summary::from_json(value.to_string().as_bytes())
            .unwrap_err()
            .contains("surprise")
    );
    let mut value: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
    value["schema_version"] = (SUMMARY_SCHEMA_VERSION + 1).into();
    assert!(
        Summary::from_json(value.to_string().as_bytes())
            .unwrap_err()
            .contains("not supported")
    );
}

#[test]
fn problems_name_their_path() {
    let mut s = fixture();
    s.submission_id = "0F8E2C1A-5B7D-4E3F-9A1B-2C3D4E5F6A7B".into();
    s.consents[0].signature = None;
    s.consents[1].signature = Some(7);
    s.consents[1].treatment = Some("laser_hair_removal".into());
    s.consents[0].sha256 = "abc".into();
    s.audit[2].at = "2026-11-22 10:31".into();
    s.signatures[0].method = SignatureMethod::Drawn {
        width: 320,
        height: 160,
        strokes: vec![],
    };
    let paths: Vec<String> = s.problems().into_iter().map(|p| p.path).collect();
    assert_eq!(
        paths,
        [
            "$.submission_id",
            "$.consents[0].sha256",
            "$.consents[0].signature",
            "$.consents[1].treatment",
            "$.consents[1].signature",
            "$.signatures[0].method",
            "$.audit[2].at",
        ]
    );
}

#[test]
fn a_typed_signature_must_say_something_and_a_refusal_needs_no_signature() {
    let mut s = fixture();
    s.signatures[0].method = SignatureMethod::Typed { text: "   ".into() };
    assert_eq!(s.problems().len(), 1);
    s.signatures[0].method = SignatureMethod::Typed {
        text: "Ana María Núñez".into(),
    };
    s.consents[0].decision = Decision::Declined;
    s.consents[0].signature = None;
    assert_eq!(s.problems(), vec![]);
}

#[test]
fn timestamps_carry_the_offset() {
    let cases = [
        (0, 0, "1970-01-01T00:00:00Z"),
        (-1, 0, "1969-12-31T23:59:59Z"),
        (1_795_000_000_123, -300, "2026-11-18T06:06:40-05:00"),
        (951_782_400_000, 60, "2000-02-29T01:00:00+01:00"),
        (1_709_251_199_000, 330, "2024-03-01T05:29:59+05:30"),
    ];
    for (unix_ms, offset_minutes, text) in cases {
        assert_eq!(
            Timestamp {
                unix_ms,
                offset_minutes
            }
            .rfc3339(),
            text
        );
        assert!(is_rfc3339(text), "{text}");
    }
    for bad in [
        "2026-11-22",
        "2026-11-22T10:00:00",
        "2026-11-22T10:00:00+0500",
        "2026-11-22t10:00:00Z",
        "2026-11-22T10:00:00.5Z",
    ] {
        assert!(!is_rfc3339(bad), "{bad}");
    }
}

#[test]
fn submission_ids_are_random_uuids() {
    assert!(is_uuid_v4("0f8e2c1a-5b7d-4e3f-9a1b-2c3d4e5f6a7b"));
    for bad in [
        "0f8e2c1a-5b7d-1e3f-9a1b-2c3d4e5f6a7b",
        "0f8e2c1a-5b7d-4e3f-7a1b-2c3d4e5f6a7b",
        "0f8e2c1a5b7d4e3f9a1b2c3d4e5f6a7b",
        "",
        "../../etc/passwd",
    ] {
        assert!(!is_uuid_v4(bad), "{bad}");
    }
}

/// Summaries with generated text everywhere (astral characters, controls, quotes),
/// generated numbers of strokes and points, and generated decisions.
fn summary() -> impl Strategy<Value = Summary> {
    let text = "(\\PC|[\\x00-\\x1f\"\\\\/]|[\u{10000}-\u{10ffff}]){0,10}";
    let point = (any::<i32>(), any::<i32>(), any::<u32>())
        .prop_map(|(x, y, t)| candor_core::summary::Point { x, y, t });
    let strokes = prop::collection::vec(
        prop::collection::vec(point, 0..5)
            .prop_map(|points| candor_core::summary::Stroke { points }),
        0..4,
    );
    let decision = prop_oneof![
        Just(Decision::Consented),
        Just(Decision::QuestionsFirst),
        Just(Decision::Declined)
    ];
    let values = prop::collection::btree_map(text, text.prop_map(candor_core::Answer::Text), 0..6);
    (text, text, strokes, decision, values, any::<bool>(), text).prop_map(
        |(name, meaning, strokes, decision, values, typed, ack)| {
            let mut s = fixture();
            s.answers.details.legal_name = name.clone();
            s.answers.values.extend(values);
            s.signatures[0].printed_name = name;
            s.signatures[0].meaning = meaning;
            s.signatures[0].method = if typed {
                SignatureMethod::Typed { text: ack.clone() }
            } else {
                SignatureMethod::Drawn {
                    width: 320,
                    height: 160,
                    strokes,
                }
            };
            s.consents[0].decision = decision;
            s.consents[0].acknowledged.push(ack);
            s
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_summaries_are_canonical_per_rfc_8785(s in summary()) {
        let ours = s.canonical_bytes().unwrap();
        let theirs = serde_jcs::to_vec(&s).unwrap();
        prop_assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&theirs));
        prop_assert_eq!(Summary::from_json(&ours).unwrap(), s);
    }
}

#[test]
fn texts_lists_and_the_whole_summary_have_limits_named_by_path_never_by_value() {
    use candor_core::summary::{MAX_LIST_ITEMS, MAX_SUMMARY_BYTES, MAX_TEXT_CHARS};
    let mut summary = fixture();
    summary.answers.details.legal_name = "Ana ".repeat(MAX_TEXT_CHARS / 4) + "X";
    let problems = summary.problems();
    let long = problems
        .iter()
        .find(|p| p.path == "$.answers.details.legal_name")
        .expect("the long name is named by its path");
    assert!(!long.message.contains("Ana"), "{}", long.message);
    summary.answers.details.legal_name = "A".repeat(MAX_TEXT_CHARS);
    assert_eq!(summary.problems(), vec![], "exactly at the limit is fine");

    let mut summary = fixture();
    let strokes = summary
        .signatures
        .iter_mut()
        .find_map(|s| match &mut s.method {
            SignatureMethod::Drawn { strokes, .. } => Some(strokes),
            _ => None,
        })
        .expect("the fixture has a drawn signature");
    let point = strokes[0].points[0];
    strokes[0].points = vec![point; MAX_LIST_ITEMS + 1];
    let problems = summary.problems();
    assert!(
        problems
            .iter()
            .any(|p| p.path.ends_with(".points") && p.message.contains("items")),
        "{problems:?}"
    );

    let mut summary = fixture();
    for i in 0..(MAX_SUMMARY_BYTES / MAX_TEXT_CHARS + 2) {
        summary.answers.values.insert(
            format!("q{i}"),
            candor_core::Answer::Text("n".repeat(MAX_TEXT_CHARS)),
        );
    }
    assert!(
        summary
            .problems()
            .iter()
            .any(|p| p.path == "$" && p.message.contains("KB")),
        "the whole summary over its size"
    );
}
