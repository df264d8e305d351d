//! The language lint in the protocol tool: a clinic profile's texts (for `lint`) and
//! the widget's interface strings (`language <dir|file.rs>…`), checked against the
//! glossary (`crates/core/glossary.md`) by the core's [`candor_core::language`].

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use candor_core::language::{self, Finding, Glossary, Level};
use candor_core::risk::LintIssue;

use crate::ui_strings;

fn glossary() -> Result<Glossary, String> {
    language::glossary().map_err(|e| e.to_string())
}

/// The language findings of a profile's JSON text, as lint issues with their JSON
/// paths (a term to avoid at level `error` is an error).
pub fn profile_issues(json: &str) -> Result<Vec<LintIssue>, String> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    Ok(language::lint_profile(&glossary()?, &value)
        .into_iter()
        .map(|f| LintIssue {
            error: f.level == Level::Error,
            message: f.message(),
            path: f.place,
        })
        .collect())
}

/// `candor-protocol language <dir|file.rs>…`: every interface string of the text
/// tables (every `*.rs` of a directory), named by file, line, table and field. Exit
/// status 1 when a term to avoid at level `error` is used.
pub fn ui(paths: &[String]) -> Result<ExitCode, String> {
    let glossary = glossary()?;
    let mut files = Vec::new();
    for path in paths {
        let path = Path::new(path);
        if path.is_dir() {
            let mut rust: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| format!("{}: {e}", path.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "rs"))
                .collect();
            rust.sort();
            files.extend(rust);
        } else {
            files.push(path.to_owned());
        }
    }
    let (mut strings, mut findings) = (0, Vec::<Finding>::new());
    for file in &files {
        let source =
            std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let table = ui_strings::read(&source).map_err(|e| format!("{}: {e}", file.display()))?;
        strings += table.len();
        for s in table {
            let place = format!("{}:{} {}", file.display(), s.line, s.name);
            findings.extend(language::lint_text(&glossary, &place, s.lang, &s.text));
        }
    }
    if strings == 0 {
        return Err(format!(
            "no interface strings in {}: give the text tables' directory (src/text)",
            paths.join(" ")
        ));
    }
    let errors = findings.iter().filter(|f| f.level == Level::Error).count();
    for f in &findings {
        let level = match f.level {
            Level::Error => "error  ",
            Level::Warning => "warning",
        };
        println!("{level} {f}");
    }
    println!(
        "language: {strings} interface strings in {} files, {errors} errors, {} warnings",
        files.len(),
        findings.len() - errors
    );
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
