//! Whether a profile version may be approved: the protocol tool's lint (with the
//! profile's own checks) and the protocol's own test cases, run together. The
//! receiver runs this on every version it serves, and refuses an approval unless
//! there is no lint error and no failing test; `candor-protocol lint` and `test`
//! print the same findings.

use super::{LintIssue, TestOutcome, lint, run_tests};
use crate::date::CivilDate;
use crate::profile::ClinicProfile;

/// The lint findings and test outcomes of one profile version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    /// Lint findings, the profile's own problems first (as errors).
    pub issues: Vec<LintIssue>,
    /// The protocol's test cases, as run.
    pub tests: Vec<TestOutcome>,
}

impl Assessment {
    /// How many lint findings are errors.
    pub fn errors(&self) -> usize {
        self.issues.iter().filter(|i| i.error).count()
    }

    /// How many test cases failed.
    pub fn failed(&self) -> usize {
        self.tests.iter().filter(|t| !t.passed()).count()
    }

    /// Whether a medical director may approve this version.
    pub fn approvable(&self) -> bool {
        self.errors() == 0 && self.failed() == 0
    }
}

/// Lints `profile` and runs its protocol's tests (cases without a date use `today`).
pub fn assess(profile: &ClinicProfile, today: CivilDate) -> Assessment {
    let mut issues: Vec<LintIssue> = profile
        .problems()
        .into_iter()
        .filter(|p| !p.path.starts_with("$.protocol"))
        .map(|p| LintIssue {
            path: p.path,
            error: true,
            message: p.message,
        })
        .collect();
    let tests = match &profile.protocol {
        Some(protocol) => {
            issues.extend(lint(profile, protocol));
            run_tests(profile, protocol, today)
        }
        None => Vec::new(),
    };
    Assessment { issues, tests }
}
