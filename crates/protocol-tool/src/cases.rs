//! `test`: the protocol's own cases, run against the profile.

use std::process::ExitCode;

use candor_core::CivilDate;
use candor_core::risk;

use crate::profile_arg::{ProfileArg, protocol};

/// Runs every case on `today`, printing pass, FAIL (with why) or skip (with why).
pub fn run(profile: &ProfileArg, today: CivilDate) -> Result<ExitCode, String> {
    let profile = profile.load()?;
    let outcomes = risk::run_tests(&profile, protocol(&profile)?, today);
    let failed = outcomes.iter().filter(|o| !o.passed()).count();
    let skipped = outcomes.iter().filter(|o| o.skipped.is_some()).count();
    for o in &outcomes {
        if let Some(why) = &o.skipped {
            println!("skip {}: {why}", o.name);
            continue;
        }
        println!("{} {}", if o.passed() { "pass" } else { "FAIL" }, o.name);
        for f in &o.failures {
            println!("     {f}");
        }
    }
    println!(
        "protocol tests: {} passed, {failed} failed, {skipped} skipped",
        outcomes.len() - failed - skipped
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
