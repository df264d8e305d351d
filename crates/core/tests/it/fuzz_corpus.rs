//! The fuzz corpus, replayed on stable (cargo-fuzz needs nightly), plus random damage
//! to the demo profile: reading a profile never panics, whatever the input.

use candor_core::{CivilDate, ClinicProfile};
use proptest::prelude::*;

/// What the fuzz target does with one input.
fn exercise(text: &str) -> bool {
    let _ = ClinicProfile::read_unchecked(text);
    match ClinicProfile::from_json(text) {
        Ok(profile) => {
            if let Some(protocol) = &profile.protocol {
                let today = CivilDate::new(2026, 11, 22).unwrap();
                let _ = candor_core::risk::run_tests(&profile, protocol, today);
                let _ = candor_core::risk::lint(&profile, protocol);
            }
            true
        }
        Err(errors) => {
            assert!(
                !errors.is_empty(),
                "an error result always says what is wrong"
            );
            assert!(errors.iter().all(|e| e.path.starts_with('$')), "{errors:?}");
            false
        }
    }
}

#[test]
fn every_corpus_input_reads_or_fails_cleanly() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus/profile");
    let mut seen = 0;
    let mut readable = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        if let Ok(text) = std::str::from_utf8(&bytes) {
            readable += usize::from(exercise(text));
        }
        seen += 1;
    }
    assert!(seen >= 10, "corpus has {seen} inputs");
    assert!(readable >= 1, "at least the demo reads");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Cutting a random slice out of the demo profile never panics the reader.
    #[test]
    fn damaged_demo_profiles_fail_cleanly(start in 0usize..60_000, len in 1usize..400, insert in "\\PC{0,8}") {
        let demo = candor_core::profile::DEMO_PROFILE_JSON;
        let start = (start % demo.len()..demo.len()).find(|i| demo.is_char_boundary(*i)).unwrap_or(0);
        let end = (start + len).min(demo.len());
        let end = (end..=demo.len()).find(|i| demo.is_char_boundary(*i)).unwrap_or(demo.len());
        let damaged = format!("{}{insert}{}", &demo[..start], &demo[end..]);
        exercise(&damaged);
    }
}
