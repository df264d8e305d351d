//! `hash`, `diff` and `vocabulary`: a profile's version id, what changed between two
//! versions, and the vocabulary a profile names.

use std::process::ExitCode;

use crate::profile_arg::ProfileArg;

/// Prints the SHA-256 of the profile's canonical form.
pub fn hash(profile: &ProfileArg) -> Result<ExitCode, String> {
    let hash = candor_core::profile::fingerprint::sha256_of_text(&profile.text()?)
        .map_err(|e| format!("{profile}: {e}"))?;
    println!("{hash}");
    Ok(ExitCode::SUCCESS)
}

/// Prints both version ids and the core's report of what changed; exit 1 when they differ.
pub fn diff(old: &ProfileArg, new: &ProfileArg) -> Result<ExitCode, String> {
    let (a, b) = (old.read_unchecked()?, new.read_unchecked()?);
    println!("old {}  {old}", a.sha256);
    println!("new {}  {new}", b.sha256);
    let report = candor_core::profile::diff::diff(&a, &b);
    print!("{report}");
    Ok(if report.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Prints the built-in vocabulary as a profile's `vocabulary` names it.
pub fn vocabulary() -> Result<ExitCode, String> {
    let builtin = candor_core::vocabulary::data::builtin();
    let named = serde_json::json!({
        "vocabulary": { "version": builtin.version, "sha256": builtin.sha256 }
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&named).map_err(|e| e.to_string())?
    );
    Ok(ExitCode::SUCCESS)
}
