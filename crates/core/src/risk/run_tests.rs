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
    /// Empty when the case passed (or was skipped); otherwise what went wrong.
    pub failures: Vec<String>,
    /// Why the case did not run: a treatment it assumes that the profile does not offer,
    /// or a product it does not stock.
    pub skipped: Option<String>,
}

impl TestOutcome {
    /// Whether the case passed (a skipped case did not fail).
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

/// What in `label` (`rule@treatment[/product]`) cannot be evaluated with these
/// answers: a rule the protocol lacks, a treatment not chosen, a rule not about it.
fn unevaluable(
    protocol: &Protocol,
    profile: &ClinicProfile,
    answers: &Answers,
    label: &str,
) -> Option<String> {
    let Some((rule_id, rest)) = label.split_once('@') else {
        return Some(format!(
            "`{label}` is not rule@treatment or rule@treatment/product"
        ));
    };
    let treatment_id = rest.split_once('/').map_or(rest, |(t, _)| t);
    let Some(rule) = protocol.rules.iter().find(|r| r.id == rule_id) else {
        return Some(format!("`{label}`: the protocol has no rule `{rule_id}`"));
    };
    if !answers.treatments.iter().any(|t| t == treatment_id) {
        return Some(format!(
            "`{label}`: the answers do not choose `{treatment_id}`, so nothing is evaluated for it"
        ));
    }
    let treatment = profile.treatment(treatment_id)?;
    if !rule.applies_to(treatment) {
        return Some(format!(
            "`{label}`: rule `{rule_id}` is not about `{treatment_id}`, so it can never be found there"
        ));
    }
    None
}

/// Why the profile cannot run a case that assumes `assumed`: a treatment id, or
/// `treatment/product` for a product the clinic may not stock; `None` when it can.
fn not_offered(profile: &ClinicProfile, assumed: &str) -> Option<String> {
    let (treatment_id, product_id) = match assumed.split_once('/') {
        Some((t, p)) => (t, Some(p)),
        None => (assumed, None),
    };
    let Some(treatment) = profile.treatment(treatment_id) else {
        return Some(format!(
            "assumes treatment `{treatment_id}`, which this profile does not offer"
        ));
    };
    let product = product_id?;
    (!treatment.products.iter().any(|p| p.id == product)).then(|| {
        format!(
            "assumes the product `{product}` of `{treatment_id}`, which this profile does not stock"
        )
    })
}

fn run_one(
    profile: &ClinicProfile,
    protocol: &Protocol,
    case: &ProtocolTest,
    default_today: CivilDate,
) -> TestOutcome {
    let mut failures = Vec::new();
    if let Some(why) = case.assumes.iter().find_map(|a| not_offered(profile, a)) {
        return TestOutcome {
            name: case.name.clone(),
            failures,
            skipped: Some(why),
        };
    }
    if case.expect.is_empty() && case.expect_absent.is_empty() {
        failures.push(
            "expects nothing, so it can never fail: add `expect` or `expect_absent`".to_owned(),
        );
    }
    let today = match case.today.as_deref().map(parse_day) {
        Some(Some(day)) => day,
        Some(None) => {
            failures.push("`today` is not a YYYY-MM-DD date".to_owned());
            default_today
        }
        None => default_today,
    };
    match serde_json::from_value::<Answers>(crate::answers::with_optional_details(
        case.answers.clone(),
    )) {
        Err(e) => failures.push(format!("the answers could not be read: {e}")),
        Ok(mut answers) => {
            for unknown in answers.unknown_references(profile) {
                failures.push(format!("answers {}: {}", unknown.path, unknown.message));
            }
            for label in case.expect.iter().chain(&case.expect_absent) {
                if let Some(why) = unevaluable(protocol, profile, &answers, label) {
                    failures.push(why);
                }
            }
            // Exactly as the widget would have kept them.
            answers.prune(profile, today);
            let found: Vec<String> = evaluate(profile, protocol, &answers, today)
                .iter()
                .map(|f| f.label())
                .collect();
            for want in &case.expect {
                if !found.contains(want) {
                    let found = if found.is_empty() {
                        "no finding".to_owned()
                    } else {
                        found.join(", ")
                    };
                    failures.push(format!("expected {want}, found {found}"));
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
        skipped: None,
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
