//! The local risk engine: checks the answers against the chosen treatments under a
//! protocol the clinic's medical director approves (`crate::profile::protocol`).
//!
//! The engine never clears a patient and never decides for the clinician: it routes
//! every concern to the provider (`caution`, `info`) or the medical director
//! (`review`, `stop`). Rules are data in the clinic profile (see [`Protocol`]); a
//! finding names the rule, the treatment, the answers that triggered it, a message for
//! the patient, one for the provider, and the source.

mod assess;
mod evaluate;
pub mod matching;
mod outcome;
mod run_tests;
mod skipped;
mod typed;

use serde::{Deserialize, Serialize};
use std::sync::Arc;

pub use assess::{Assessment, assess};
pub use evaluate::evaluate;
pub use outcome::{for_patient, overall};
pub use run_tests::{TestOutcome, run_tests};

// The protocol is part of the clinic profile (data); the engine here applies it.
pub use crate::profile::protocol::{
    Approval, LintIssue, Months, Parameter, ProductSelector, Protocol, ProtocolTest, RiskCondition,
    Rule, Severity, lint,
};

use crate::i18n::Localized;

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
