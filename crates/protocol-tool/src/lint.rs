//! `lint`: the profile's own problems, the protocol's lint and the language lint
//! (terms the glossary says to avoid), errors first.

use std::process::ExitCode;

use candor_core::risk;

use crate::profile_arg::{ProfileArg, protocol};

/// Prints every problem with its JSON path; fails when any is an error.
pub fn run(profile: &ProfileArg) -> Result<ExitCode, String> {
    let text = profile.text()?;
    let profile = profile.read_unchecked()?;
    let mut issues = risk::lint(&profile, protocol(&profile)?);
    issues.extend(crate::language::profile_issues(&text)?);
    // The profile's problems hold the protocol's lint errors too (a product's unknown
    // ingredient among them): each is printed once, from the lint.
    let other: Vec<_> = profile
        .problems()
        .into_iter()
        .filter(|p| !p.path.starts_with("$.protocol"))
        .filter(|p| {
            !issues
                .iter()
                .any(|i| i.path == p.path && i.message == p.message)
        })
        .collect();
    let errors = issues.iter().filter(|i| i.error).count() + other.len();
    for p in &other {
        println!("error   {p}");
    }
    for i in &issues {
        println!(
            "{} {}: {}",
            if i.error { "error  " } else { "warning" },
            i.path,
            i.message
        );
    }
    println!(
        "lint: {errors} errors, {} warnings",
        issues.len() + other.len() - errors
    );
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
