//! The local risk engine: checks the answers against the chosen treatments under a
//! protocol the clinic's medical director approves.
//!
//! The engine never clears a patient and never decides for the clinician: it routes
//! every concern to the provider (`caution`, `info`) or the medical director
//! (`review`, `stop`). Rules are data in the clinic profile (see [`Protocol`]); a
//! finding names the rule, the treatment, the answers that triggered it, a message for
//! the patient, one for the provider, and the source.

mod assess;
mod condition;
mod evaluate;
mod lint;
pub mod matching;
mod run_tests;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

pub use assess::{Assessment, assess};
pub use condition::{Months, RiskCondition};
pub use evaluate::{evaluate, for_patient, overall};
pub use lint::{LintIssue, lint};
pub use run_tests::{TestOutcome, run_tests};

use crate::i18n::Localized;

/// How much a finding matters, least first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Document and counsel.
    Info,
    /// The provider adapts technique, timing or prophylaxis.
    Caution,
    /// A relative contraindication: the medical director decides.
    Review,
    /// Physician or medical-director review before any treatment.
    Stop,
}

impl Severity {
    /// The severity as written in protocols and findings.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Caution => "caution",
            Severity::Review => "review",
            Severity::Stop => "stop",
        }
    }
}

/// A medical director's sign-off.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// Who approved the protocol.
    pub approver: String,
    /// Their credential, such as MD or DO.
    pub credential: String,
    /// When, as `YYYY-MM-DD`.
    pub date: String,
}

/// A number of months that a medical director may set per treatment, for windows
/// where sources disagree (isotretinoin washout: package insert against the 2017
/// ASDS consensus).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// What the parameter is and why its values are what they are.
    pub description: String,
    /// The value for treatments not listed below.
    pub default: u32,
    /// Values by treatment id or class.
    #[serde(default)]
    pub by_treatment: BTreeMap<String, u32>,
}

/// One rule of a protocol.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Identifier, unique in the protocol, such as `neurotoxin.neuromuscular`.
    pub id: String,
    /// Treatment ids or classes the rule applies to.
    pub treatments: Vec<String>,
    /// Only the treatment's products that this selects (for example those that
    /// contain cow's-milk protein); absent, the rule is about the treatment whatever
    /// the product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub products_with: Option<ProductSelector>,
    /// When the rule fires.
    pub when: RiskCondition,
    /// How much it matters.
    pub severity: Severity,
    /// What the patient reads: plain words, never a diagnosis, never advice to stop a
    /// prescribed medicine.
    pub patient: Arc<Localized>,
    /// What the provider reads.
    pub provider: Arc<str>,
    /// Where the rule comes from.
    pub source: Arc<str>,
}

impl Rule {
    /// Whether the rule is about `treatment`: it names its id or its class.
    pub fn applies_to(&self, treatment: &crate::profile::Treatment) -> bool {
        self.treatments
            .iter()
            .any(|t| *t == treatment.id || *t == treatment.class)
    }
}

impl Protocol {
    /// Whether some rule is about `treatment`.
    pub fn covers(&self, treatment: &crate::profile::Treatment) -> bool {
        self.rules.iter().any(|r| r.applies_to(treatment))
    }
}

/// Which of a treatment's products a rule is about, by what the profile declares of
/// them, never by name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ProductSelector {
    /// Products that contain this ingredient or class (see `Product::contains`).
    Contains(String),
    /// Products whose label lists this contraindication (see `Product::label`).
    Label(String),
}

impl ProductSelector {
    /// Whether `product` is one of those this selects.
    pub fn selects(&self, product: &crate::profile::Product) -> bool {
        match self {
            ProductSelector::Contains(class) => product.contains_class(class),
            ProductSelector::Label(tag) => product.label.iter().any(|l| l == tag),
        }
    }
}

/// A protocol's own test case: answers and the findings they must give.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ProtocolTest {
    /// What the case is about.
    pub name: String,
    /// Treatment ids the case needs. Where the profile does not offer one, the case
    /// is skipped with that reason (a clinic that copies these cases keeps those that
    /// apply to it) instead of failing for want of it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumes: Vec<String>,
    /// The date the case is evaluated on, `YYYY-MM-DD`, so windows are reproducible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub today: Option<String>,
    /// The answers, in the summary's `Answers` form.
    #[cfg_attr(feature = "schema", schemars(with = "serde_json::Value"))]
    pub answers: serde_json::Value,
    /// `rule@treatment` (or `rule@treatment/product`) that must be found.
    #[serde(default)]
    pub expect: Vec<String>,
    /// `rule@treatment` that must not be found.
    #[serde(default)]
    pub expect_absent: Vec<String>,
}

/// The rules a clinic applies, versioned and signed off.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Protocol {
    /// Version, recorded with every summary.
    pub version: String,
    /// The medical director's approval; without it the widget says "demo only".
    #[serde(default)]
    pub approval: Option<Approval>,
    /// Windows in months that vary by treatment.
    #[serde(default)]
    pub parameters: BTreeMap<String, Parameter>,
    /// The rules.
    pub rules: Vec<Rule>,
    /// The protocol's own test cases.
    #[serde(default)]
    pub tests: Vec<ProtocolTest>,
}

/// Something the provider or medical director should know before a treatment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
// The texts are shared with the rule (`Arc`), not copied: a visit evaluates the whole
// protocol on every answer.
pub struct Finding {
    /// The rule that fired (or `unrecognised.medication` / `unrecognised.allergy`).
    pub rule: String,
    /// How much it matters.
    pub severity: Severity,
    /// The treatment it concerns.
    pub treatment: String,
    /// The product it concerns, for product-specific rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// The answers that triggered it, such as `medications: Accutane (stopped 2026-08)`.
    pub triggers: Vec<String>,
    /// What the patient reads.
    pub patient: Arc<Localized>,
    /// What the provider reads.
    pub provider: Arc<str>,
    /// Where the rule comes from.
    pub source: Arc<str>,
}

impl Finding {
    /// `rule@treatment` or `rule@treatment/product`, as protocol tests name findings.
    pub fn label(&self) -> String {
        match &self.product {
            Some(p) => format!("{}@{}/{p}", self.rule, self.treatment),
            None => format!("{}@{}", self.rule, self.treatment),
        }
    }
}

/// The approval a receiver publishes for the profile it serves
/// (the `Candor-Approval` header of `profile.json`, decoded, or
/// `/profile-approval.json`: `{"profile_sha256", "approver", "credential",
/// "approved_at"}`), if it names the profile whose hash is `profile_sha256`.
///
/// The widget shows it and records it in the summary; it is the receiver's word,
/// and the receiver keeps the director's signed assertion behind it (and flags any
/// summary whose profile hash it never approved). Any other document, including
/// `{}` (no approval yet) and an approval of another version, gives `None`.
pub fn published_approval(document: &str, profile_sha256: &str) -> Option<Approval> {
    let value: serde_json::Value = serde_json::from_str(document).ok()?;
    let text = |key: &str| {
        value
            .get(key)
            .and_then(serde_json::Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
    };
    if text("profile_sha256")? != profile_sha256 || profile_sha256.is_empty() {
        return None;
    }
    let date = text("approved_at")?.get(..10)?;
    Some(Approval {
        approver: text("approver")?.to_owned(),
        credential: text("credential")?.to_owned(),
        date: date.to_owned(),
    })
}
