//! Our canonical JSON equals an independent RFC 8785 implementation's, byte for byte,
//! for any value in the restricted profile (integers only).

use candor_core::canonical::{MAX_SAFE_INTEGER, to_canonical_bytes};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-(MAX_SAFE_INTEGER as i64)..=(MAX_SAFE_INTEGER as i64)).prop_map(Value::from),
        // Any text, including astral characters (UTF-16 surrogate pairs sort differently
        // from UTF-8) and control characters.
        "(\\PC|[\\x00-\\x1f\"\\\\/]|[\u{10000}-\u{10ffff}]){0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    "(\\PC|[\u{10000}-\u{10ffff}]|[\u{e000}-\u{ffff}]){0,6}",
                    inner
                ),
                0..6
            )
            .prop_map(|members| Value::Object(members.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn equals_an_independent_jcs_implementation(value in json_value()) {
        let ours = to_canonical_bytes(&value).unwrap();
        let theirs = serde_jcs::to_vec(&value).unwrap();
        prop_assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&theirs));
    }

    #[test]
    fn is_stable_under_reordering_and_reparsing(value in json_value()) {
        let once = to_canonical_bytes(&value).unwrap();
        let reparsed: Value = serde_json::from_slice(&once).unwrap();
        prop_assert_eq!(to_canonical_bytes(&reparsed).unwrap(), once);
    }
}
