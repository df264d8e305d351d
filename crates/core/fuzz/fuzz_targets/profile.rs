//! Any bytes given as a clinic profile: reading and checking must never panic, and
//! a profile that reads must evaluate its protocol's own test cases without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = candor_core::ClinicProfile::read_unchecked(text);
    if let Ok(profile) = candor_core::ClinicProfile::from_json(text) {
        if let Some(protocol) = &profile.protocol {
            let today = candor_core::CivilDate::new(2026, 11, 22).unwrap();
            let _ = candor_core::risk::run_tests(&profile, protocol, today);
            let _ = candor_core::risk::lint(&profile, protocol);
        }
    }
});
