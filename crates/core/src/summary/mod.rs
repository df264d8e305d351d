//! The signed summary: the one document a clinic receives for a visit.
//!
//! It holds everything the patient saw and decided, in a form any backend can verify
//! and read: which clinic profile and protocol version applied, the answers to the
//! questions that were shown, the risk findings, each consent decision with the hash
//! of the exact document text, the signature events, the electronic-records
//! disclosure, and an audit trail. It is serialised with [`crate::canonical`] (RFC 8785,
//! integers only), so the signed bytes can be recomputed from the parsed JSON.
//!
//! The published schema is `crates/core/schema/summary.schema.json`; its
//! `schema_version` is [`SUMMARY_SCHEMA_VERSION`].

mod build;
mod check;
mod time;

pub use build::{Visit, build};
pub use check::{MAX_LIST_ITEMS, MAX_SUMMARY_BYTES, MAX_TEXT_CHARS, SummaryProblem};
pub use time::Timestamp;

/// The identifier, hash and time predicates a receiver checks a summary with.
pub use crate::formats::{is_rfc3339, is_sha256_hex, is_uuid_v4};

/// The drawn or typed signature as the summary records it.
pub use crate::signature::{Point, SignatureMethod, Stroke};

use serde::{Deserialize, Serialize};

use crate::answers::Answers;
use crate::canonical::{CanonicalError, canonicalize};
use crate::i18n::Lang;
use crate::risk::{Approval, Finding};

/// Format version of the summary; a receiver refuses versions it does not know.
pub const SUMMARY_SCHEMA_VERSION: u32 = 1;

/// One visit, as signed by the patient (or their parent or guardian).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// Must equal [`SUMMARY_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// A random UUID made at signing time; also the `Idempotency-Key` of every delivery.
    pub submission_id: String,
    /// The clinic profile that shaped the visit.
    pub clinic: ClinicRef,
    /// The risk protocol that was applied, if the profile has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<ProtocolRef>,
    /// The language the patient finished in.
    pub language: Lang,
    /// The id of the invite this visit was opened with, if any (never the token itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite: Option<String>,
    /// The clinic's kiosk this visit was made on (its enrolled name), if any: the
    /// summary is then signed by that tablet's enrolled device key, which the receiver
    /// checks against its enrolled, unrevoked devices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kiosk: Option<String>,
    /// The answers to the questions that were shown; hidden questions never appear.
    pub answers: Answers,
    /// What the risk protocol found, for the provider and the medical director.
    pub findings: Vec<Finding>,
    /// The electronic-records disclosure the patient accepted before signing.
    pub disclosure: DisclosureAcceptance,
    /// Every consent decision, one per document shown.
    pub consents: Vec<ConsentDecision>,
    /// Every signature adopted during the visit.
    pub signatures: Vec<SignatureEvent>,
    /// What happened when, in order.
    pub audit: Vec<AuditEvent>,
}

/// Which clinic profile was used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClinicRef {
    /// The clinic's id.
    pub id: String,
    /// The clinic's name as shown to the patient.
    pub name: String,
    /// The profile's version.
    pub profile_version: String,
    /// SHA-256 of the profile document's canonical form: the exact version the
    /// visit ran under, which the medical director's approval names. Absent only in
    /// summaries from widgets before this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_sha256: Option<String>,
    /// Canonical URL of the profile's questionnaire (for FHIR).
    pub questionnaire_url: String,
}

/// Which risk protocol was applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ProtocolRef {
    /// The protocol's version.
    pub version: String,
    /// The medical director's approval; absent for a demo-only protocol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<Approval>,
}

/// The patient accepted to receive and sign records electronically (ESIGN §7001(c)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DisclosureAcceptance {
    /// The disclosure's document id.
    pub document: String,
    /// Its version.
    pub version: String,
    /// SHA-256 (hex) of its canonical form in `language`.
    pub sha256: String,
    /// The language it was read in.
    pub language: Lang,
    /// When it was accepted (RFC 3339 with offset).
    pub accepted_at: String,
}

/// What the patient decided about one consent document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ConsentDecision {
    /// The consent document's id.
    pub document: String,
    /// Its version.
    pub version: String,
    /// SHA-256 (hex) of its canonical form in `language` (see [`crate::consent::hash`]).
    pub sha256: String,
    /// The language it was read in.
    pub language: Lang,
    /// The treatment it is about; absent for general documents (privacy, photos).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub treatment: Option<String>,
    /// The decision.
    pub decision: Decision,
    /// Ids of the sections the patient acknowledged one by one.
    pub acknowledged: Vec<String>,
    /// When the decision was made (RFC 3339 with offset).
    pub decided_at: String,
    /// The signature (index into [`Summary::signatures`]) that adopted a consent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<u32>,
}

/// A patient's decision about a consent document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Consented and signed.
    Consented,
    /// Wants to talk to the provider first; routed to provider review.
    QuestionsFirst,
    /// Declined: recorded as a refusal; the rest of the visit went on.
    Declined,
}

/// One signature, with what it means (21 CFR 11.50 manifestation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SignatureEvent {
    /// Who signed.
    pub signer: Signer,
    /// The signer's printed name.
    pub printed_name: String,
    /// What the signature means, in the words the signer confirmed.
    pub meaning: String,
    /// When (RFC 3339 with offset).
    pub signed_at: String,
    /// How.
    pub method: SignatureMethod,
}

/// Who signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "role", rename_all = "snake_case", deny_unknown_fields)]
pub enum Signer {
    /// The patient.
    Patient,
    /// A parent or guardian, for a minor.
    Guardian {
        /// Their relationship to the patient.
        relationship: String,
    },
}

/// Something that happened during the visit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AuditEvent {
    /// When (RFC 3339 with offset).
    pub at: String,
    /// What.
    pub event: AuditKind,
    /// The step or document it concerns, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

/// The kinds of audit events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    /// The visit began.
    Started,
    /// A step of the flow was completed (subject: the step).
    StepCompleted,
    /// The language was changed (subject: the new language).
    LanguageChanged,
    /// The electronic-records disclosure was accepted.
    DisclosureAccepted,
    /// A consent decision was made (subject: the document).
    ConsentDecided,
    /// A signature was adopted.
    Signed,
    /// The summary was sealed for delivery.
    Submitted,
}

impl Summary {
    /// The exact bytes that are signed: RFC 8785 canonical JSON.
    pub fn canonical_bytes(&self) -> Result<Vec<u8>, CanonicalError> {
        canonicalize(self)
    }

    /// Reads a summary from JSON, refusing unknown fields and unknown versions.
    pub fn from_json(text: &[u8]) -> Result<Summary, String> {
        let summary: Summary = serde_json::from_slice(text)
            .map_err(|e| crate::canonical::describe_without_values(&e))?;
        if summary.schema_version != SUMMARY_SCHEMA_VERSION {
            return Err(format!(
                "schema_version {} is not supported (expected {SUMMARY_SCHEMA_VERSION})",
                summary.schema_version
            ));
        }
        Ok(summary)
    }
}
