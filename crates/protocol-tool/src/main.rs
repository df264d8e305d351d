//! `candor-protocol`: the risk protocol tool for clinics and their medical directors.
//!
//! `check` prints the findings for an answers file as JSON; `test` runs the protocol's
//! own test cases; `lint` reports rules that reference unknown questions or vocabulary
//! classes, rules that can never fire, and duplicates, and (the language lint,
//! `language.rs`) every patient text using a term the glossary says to avoid, with its
//! JSON path; `language` does the same for the widget's own text tables. `hash` prints the SHA-256 of the
//! profile's canonical form, the version id the console approves and summaries record
//! (the same in the widget and the receiver). `diff` prints what changed between two
//! versions, rule by rule and consent sentence by sentence, as the console shows it.
//! Exit status: 0 on success, 1 when a test fails, lint finds an error or `diff` finds
//! a difference, 2 on bad usage or unreadable input. `--help` describes each command.

mod cases;
mod check;
mod language;
mod lint;
mod profile_arg;
mod today;
mod ui_strings;
mod version;

use std::path::PathBuf;
use std::process::ExitCode;

use candor_core::CivilDate;
use clap::{Parser, Subcommand};

use profile_arg::ProfileArg;

/// Check answers against a clinic's risk protocol, run its test cases, lint it, and
/// identify or compare its versions.
///
/// PROFILE is a clinic profile file, or --demo for the demo clinic's built-in profile.
/// Exit status: 0 on success, 1 when a case fails, lint finds an error or diff finds a
/// difference, 2 on bad usage or unreadable input.
#[derive(Parser)]
#[command(name = "candor-protocol", version, term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate an answers file as the widget would and print the findings as JSON
    ///
    /// Ids the profile does not know are refused with their JSON paths; answers to
    /// questions the widget would not ask are dropped first, as the widget drops them.
    Check {
        /// The clinic profile (a file, or --demo)
        #[arg(allow_hyphen_values = true)]
        profile: ProfileArg,
        /// The answers, in the summary's `answers` form (schema/answers.schema.json)
        answers: PathBuf,
        /// The date to evaluate on, YYYY-MM-DD (default: today, UTC)
        #[arg(long, value_parser = today::parse)]
        today: Option<CivilDate>,
    },
    /// Run the protocol's own test cases
    ///
    /// A case that assumes a treatment the profile does not offer (or a
    /// `treatment/product` it does not stock) is skipped with the reason; a case that
    /// evaluates nothing fails.
    Test {
        /// The clinic profile (a file, or --demo)
        #[arg(allow_hyphen_values = true)]
        profile: ProfileArg,
        /// The date to evaluate on, YYYY-MM-DD (default: today, UTC)
        #[arg(long, value_parser = today::parse)]
        today: Option<CivilDate>,
    },
    /// Report unknown references, rules that can never fire, duplicates and gaps
    Lint {
        /// The clinic profile (a file, or --demo)
        #[arg(allow_hyphen_values = true)]
        profile: ProfileArg,
    },
    /// Check the widget's interface strings against the glossary's terms to avoid
    ///
    /// Reads the text tables (every `*.rs` file of a directory, such as src/text) and
    /// names each finding by file, line, table and field. Exit 1 when a term to avoid at
    /// level `error` is used.
    Language {
        /// Text-table files or directories
        #[arg(required = true)]
        paths: Vec<String>,
    },
    /// Print the profile's version id: the SHA-256 of its canonical form
    Hash {
        /// The clinic profile (a file, or --demo)
        #[arg(allow_hyphen_values = true)]
        profile: ProfileArg,
    },
    /// Print the `vocabulary` a profile names: the built-in vocabulary's version and SHA-256
    ///
    /// A profile that asks for medicines or allergies names the vocabulary file its
    /// risk checks read, so the medical director's approval covers it; paste this into
    /// the profile (or run scripts/name-vocabulary.py on it).
    Vocabulary,
    /// Print what changed between two versions, rule by rule and sentence by sentence
    ///
    /// Exits 1 when they differ, as diff(1) does.
    Diff {
        /// The older profile (a file, or --demo)
        #[arg(allow_hyphen_values = true)]
        old: ProfileArg,
        /// The newer profile (a file, or --demo)
        #[arg(allow_hyphen_values = true)]
        new: ProfileArg,
    },
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Check {
            profile,
            answers,
            today,
        } => check::run(&profile, &answers, today.unwrap_or_else(today::system)),
        Command::Test { profile, today } => {
            cases::run(&profile, today.unwrap_or_else(today::system))
        }
        Command::Lint { profile } => lint::run(&profile),
        Command::Language { paths } => language::ui(&paths),
        Command::Hash { profile } => version::hash(&profile),
        Command::Diff { old, new } => version::diff(&old, &new),
        Command::Vocabulary => version::vocabulary(),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("candor-protocol: {message}");
            ExitCode::from(2)
        }
    }
}
