//! `check`: an answers file evaluated as the widget would, the findings printed as JSON.

use std::path::Path;
use std::process::ExitCode;

use candor_core::risk::{self, Severity};
use candor_core::{Answers, CivilDate};
use serde::Serialize;

use crate::profile_arg::{ProfileArg, protocol};

#[derive(Serialize)]
struct Report<'a> {
    protocol_version: &'a str,
    approved: bool,
    today: String,
    overall: Vec<(String, Option<Severity>)>,
    findings: Vec<risk::Finding>,
}

/// Evaluates the answers at `answers_path` against the profile's protocol on `today`.
pub fn run(
    profile: &ProfileArg,
    answers_path: &Path,
    today: CivilDate,
) -> Result<ExitCode, String> {
    let profile = profile.load()?;
    let protocol = protocol(&profile)?;
    let shown = answers_path.display();
    let text = std::fs::read_to_string(answers_path).map_err(|e| format!("{shown}: {e}"))?;
    let mut answers = read_answers(&text).map_err(|e| format!("{shown}: {e}"))?;
    let unknown = answers.unknown_references(&profile);
    if !unknown.is_empty() {
        let lines: Vec<String> = unknown
            .iter()
            .map(|u| format!("  {}: {}", u.path, u.message))
            .collect();
        return Err(format!(
            "{shown} names what the profile does not know:\n{}",
            lines.join("\n")
        ));
    }
    // Exactly as the widget keeps them: answers to questions not asked are dropped.
    answers.prune(&profile, today);
    let findings = risk::evaluate(&profile, protocol, &answers, today);
    let report = Report {
        protocol_version: &protocol.version,
        approved: protocol.approval.is_some(),
        today: today.to_string(),
        overall: answers
            .treatments
            .iter()
            .map(|t| (t.clone(), risk::overall(&profile, &answers, &findings, t)))
            .collect(),
        findings,
    };
    println!(
        "{}",
        serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads an answers file (the summary's `answers` form, `schema/answers.schema.json`),
/// naming the JSON path of the first problem.
fn read_answers(text: &str) -> Result<Answers, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not an answers file: not JSON ({e})"))?;
    // The patient's optional details may be left out of a file a person writes.
    let value = candor_core::answers::with_optional_details(value);
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let at = if path == "." {
            "$".to_owned()
        } else {
            format!("$.{path}")
        };
        format!("not an answers file: at {at}: {inner}")
    })
}
