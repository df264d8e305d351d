//! `candor-protocol`: the risk protocol tool for clinics and their medical directors.
//!
//! ```text
//! candor-protocol check <profile.json|--demo> <answers.json> [--today YYYY-MM-DD]
//! candor-protocol test  <profile.json|--demo> [--today YYYY-MM-DD]
//! candor-protocol lint  <profile.json|--demo>
//! candor-protocol hash  <profile.json|--demo>
//! candor-protocol diff  <old.json|--demo> <new.json|--demo>
//! candor-protocol language <src/text|file.rs>…
//! ```
//!
//! `check` prints the findings as JSON; `test` runs the protocol's own test cases;
//! `lint` reports rules that reference unknown questions or vocabulary classes, rules
//! that can never fire, and duplicates, and (the language lint, `language.rs`) every
//! patient text using a term the glossary says to avoid, with its JSON path;
//! `language` does the same for the widget's own text tables. `hash` prints the SHA-256 of the profile's
//! canonical form, the version id the console approves and summaries record (the same
//! in the widget and the receiver). `diff` prints what changed between two versions,
//! rule by rule and consent sentence by sentence, as the console shows it. Exit
//! status: 0 on success, 1 when a test fails, lint finds an error or `diff` finds a
//! difference, 2 on bad usage or unreadable input.

use std::process::ExitCode;

use candor_core::risk::{self, Severity};
use candor_core::{Answers, CivilDate, ClinicProfile};
use serde::Serialize;

mod language;
mod ui_strings;

const USAGE: &str = "usage:
  candor-protocol check <profile.json|--demo> <answers.json> [--today YYYY-MM-DD]
  candor-protocol test  <profile.json|--demo> [--today YYYY-MM-DD]
  candor-protocol lint  <profile.json|--demo>
  candor-protocol hash  <profile.json|--demo>
  candor-protocol diff  <old.json|--demo> <new.json|--demo>
  candor-protocol language <src/text|file.rs>...";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("candor-protocol: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let (positional, today) = split_today(args)?;
    match positional.as_slice() {
        [cmd, profile, answers] if cmd == "check" => check(&load_profile(profile)?, answers, today),
        [cmd, profile] if cmd == "test" => test(&load_profile(profile)?, today),
        [cmd, profile] if cmd == "lint" => lint(profile),
        [cmd, profile] if cmd == "hash" => hash(profile),
        [cmd, old, new] if cmd == "diff" => diff(old, new),
        [cmd, paths @ ..] if cmd == "language" && !paths.is_empty() => language::ui(paths),
        _ => Err(USAGE.to_owned()),
    }
}

/// The positional arguments and the `--today` date (the system date by default).
fn split_today(args: &[String]) -> Result<(Vec<String>, CivilDate), String> {
    let mut positional = Vec::new();
    let mut today = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--today" {
            let text = iter.next().ok_or("--today needs a date, YYYY-MM-DD")?;
            today = Some(
                parse_date(text)
                    .ok_or_else(|| format!("--today: `{text}` is not a YYYY-MM-DD date"))?,
            );
        } else {
            positional.push(arg.clone());
        }
    }
    Ok((positional, today.unwrap_or_else(system_today)))
}

fn parse_date(text: &str) -> Option<CivilDate> {
    let mut parts = text.split('-');
    CivilDate::new(
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
    )
}

/// Today's date in UTC, from the system clock (civil-from-days, H. Hinnant's algorithm).
fn system_today() -> CivilDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    CivilDate::new(year, month, day).expect("a real date")
}

/// The profile's text: the file at `path`, or the embedded demo for `--demo`.
fn profile_text(path: &str) -> Result<String, String> {
    if path == "--demo" {
        Ok(candor_core::profile::DEMO_PROFILE_JSON.to_owned())
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
    }
}

fn load_profile(path: &str) -> Result<ClinicProfile, String> {
    ClinicProfile::from_json(&profile_text(path)?).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
        format!(
            "{path} is not a usable clinic profile:\n{}",
            lines.join("\n")
        )
    })
}

fn protocol(profile: &ClinicProfile) -> Result<&risk::Protocol, String> {
    profile
        .protocol
        .as_ref()
        .ok_or_else(|| "the profile has no protocol".to_owned())
}

#[derive(Serialize)]
struct Report<'a> {
    protocol_version: &'a str,
    approved: bool,
    today: String,
    overall: Vec<(String, Option<Severity>)>,
    findings: Vec<risk::Finding>,
}

fn check(
    profile: &ClinicProfile,
    answers_path: &str,
    today: CivilDate,
) -> Result<ExitCode, String> {
    let protocol = protocol(profile)?;
    let text = std::fs::read_to_string(answers_path).map_err(|e| format!("{answers_path}: {e}"))?;
    let mut answers = read_answers(&text).map_err(|e| format!("{answers_path}: {e}"))?;
    let unknown = answers.unknown_references(profile);
    if !unknown.is_empty() {
        let lines: Vec<String> = unknown
            .iter()
            .map(|u| format!("  {}: {}", u.path, u.message))
            .collect();
        return Err(format!(
            "{answers_path} names what the profile does not know:\n{}",
            lines.join("\n")
        ));
    }
    // Exactly as the widget keeps them: answers to questions not asked are dropped.
    answers.prune(profile, today);
    let findings = risk::evaluate(profile, protocol, &answers, today);
    let report = Report {
        protocol_version: &protocol.version,
        approved: protocol.approval.is_some(),
        today: today.to_string(),
        overall: answers
            .treatments
            .iter()
            .map(|t| (t.clone(), risk::overall(profile, &answers, &findings, t)))
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
    let mut json = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut json).map_err(|e| {
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

fn test(profile: &ClinicProfile, today: CivilDate) -> Result<ExitCode, String> {
    let outcomes = risk::run_tests(profile, protocol(profile)?, today);
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

fn lint(path: &str) -> Result<ExitCode, String> {
    let text = profile_text(path)?;
    let profile = ClinicProfile::read_unchecked(&text).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
        format!("{path} cannot be read:\n{}", lines.join("\n"))
    })?;
    let mut issues = risk::lint(&profile, protocol(&profile)?);
    issues.extend(language::profile_issues(&text)?);
    let other: Vec<_> = profile
        .problems()
        .into_iter()
        .filter(|p| !p.path.starts_with("$.protocol"))
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

fn hash(path: &str) -> Result<ExitCode, String> {
    let hash = candor_core::profile::fingerprint::sha256_of_text(&profile_text(path)?)
        .map_err(|e| format!("{path}: {e}"))?;
    println!("{hash}");
    Ok(ExitCode::SUCCESS)
}

fn diff(old: &str, new: &str) -> Result<ExitCode, String> {
    let read = |path: &str| {
        ClinicProfile::read_unchecked(&profile_text(path)?).map_err(|errors| {
            let lines: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
            format!("{path} cannot be read:\n{}", lines.join("\n"))
        })
    };
    let (a, b) = (read(old)?, read(new)?);
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
