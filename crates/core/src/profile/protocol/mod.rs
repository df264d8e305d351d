//! The risk protocol as the clinic profile holds it: rules, their conditions, the
//! protocol's parameters and its own test cases. Data only; the engine that applies it
//! is `crate::risk`, and `lint` checks it against the profile it runs in.

mod check_ins;
mod condition;
mod lint;
mod reach;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

pub use check_ins::RED_FLAG_CLASSES;
pub use condition::{Months, RiskCondition};
pub use lint::{LintIssue, lint};

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
    pub fn applies_to(&self, treatment: &super::Treatment) -> bool {
        self.treatments
            .iter()
            .any(|t| *t == treatment.id || *t == treatment.class)
    }
}

impl Protocol {
    /// Whether some rule is about `treatment`.
    pub fn covers(&self, treatment: &super::Treatment) -> bool {
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
    /// Products whose device emits this energy (see `Product::device`): `laser`,
    /// `light`, `radiofrequency` or `ultrasound`, so a rule about implanted devices or
    /// photosensitivity follows the device, not the treatment's name.
    Energy(String),
}

impl ProductSelector {
    /// Whether `product` is one of those this selects.
    pub fn selects(&self, product: &super::Product) -> bool {
        match self {
            ProductSelector::Contains(class) => product.contains_class(class),
            ProductSelector::Label(tag) => product.label.iter().any(|l| l == tag),
            ProductSelector::Energy(energy) => {
                product.device.as_ref().is_some_and(|d| d.energy == *energy)
            }
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
    /// Treatment ids the case needs, or `treatment/product` for a product it needs
    /// (`neurotoxin/dysport`). Where the profile does not offer one, or does not stock
    /// the product, the case is skipped with that reason (a clinic that copies these
    /// cases keeps those that apply to it) instead of failing for want of it.
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
