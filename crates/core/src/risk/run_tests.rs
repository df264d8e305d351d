//! Running a protocol's own test cases: answers in, expected findings out.

use super::{Protocol, ProtocolTest, evaluate};
use crate::answers::Answers;
use crate::date::CivilDate;
use crate::profile::ClinicProfile;

/// How one test case went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestOutcome {
    /// The case's name.
    pub name: String,
    /// Empty when the case passed; otherwise what went wrong.
    pub failures: Vec<String>,
}

impl TestOutcome {
    /// Whether the case passed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

fn parse_day(text: &str) -> Option<CivilDate> {
    let mut parts = text.split('-');
    let (y, m, d) = (
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
    );
    CivilDate::new(y, m, d)
}

fn run_one(
    profile: &ClinicProfile,
    protocol: &Protocol,
    case: &ProtocolTest,
    default_today: CivilDate,
) -> TestOutcome {
    let mut failures = Vec::new();
    let today = match case.today.as_deref().map(parse_day) {
        Some(Some(day)) => day,
        Some(None) => {
            failures.push("`today` is not a YYYY-MM-DD date".to_owned());
            default_today
        }
        None => default_today,
    };
    match serde_json::from_value::<Answers>(case.answers.clone()) {
        Err(e) => failures.push(format!("the answers could not be read: {e}")),
        Ok(answers) => {
            let found: Vec<String> = evaluate(profile, protocol, &answers, today)
                .iter()
                .map(|f| f.label())
                .collect();
            for want in &case.expect {
                if !found.contains(want) {
                    failures.push(format!("expected {want}, found {}", found.join(", ")));
                }
            }
            for unwanted in &case.expect_absent {
                if found.contains(unwanted) {
                    failures.push(format!("did not expect {unwanted}"));
                }
            }
        }
    }
    TestOutcome {
        name: case.name.clone(),
        failures,
    }
}

/// Runs every test case of `protocol`; cases without a `today` use `default_today`.
pub fn run_tests(
    profile: &ClinicProfile,
    protocol: &Protocol,
    default_today: CivilDate,
) -> Vec<TestOutcome> {
    protocol
        .tests
        .iter()
        .map(|case| run_one(profile, protocol, case, default_today))
        .collect()
}
