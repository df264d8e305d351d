//! FHIR R4 mapping of a signed summary: one transaction Bundle a clinic's FHIR server
//! accepts as a whole or not at all.
//!
//! Entries, in order: the `Patient`; the `QuestionnaireResponse` (referencing the
//! profile's questionnaire by canonical URL and version; conditional create on the
//! submission id, so a retried delivery never makes a second copy); one `Consent` per
//! consent decision (active, proposed when the patient has questions first, rejected
//! when declined), sourced from the QuestionnaireResponse; an `AllergyIntolerance` per
//! allergy and a `MedicationStatement` per medicine; a `DetectedIssue` per risk finding;
//! and a `Provenance` over all of them whose signature carries the JWS
//! (`sigFormat` `application/jose`).
//!
//! Entries refer to each other by `urn:uuid:` full URLs derived from the submission
//! id, so the same summary always gives the same Bundle.
//!
//! [`adverse_event`] is apart from the Bundle: the `AdverseEvent` of an incident a
//! clinic recorded after a treatment.

pub mod adverse_event;
mod clinical;
mod consent;
mod response;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::profile::ClinicProfile;
use crate::summary::Summary;

/// The identifier system of submission ids (used for conditional create).
pub const SUBMISSION_SYSTEM: &str = "urn:candor:submission";

/// The transaction Bundle for `summary`, signed as `jws`, under `profile`.
pub fn transaction_bundle(profile: &ClinicProfile, summary: &Summary, jws: &str) -> Value {
    let ids = Ids {
        submission: &summary.submission_id,
    };
    let mut entries = vec![entry(
        &ids,
        "patient",
        "Patient",
        clinical::patient(summary),
        None,
    )];
    let ifnone = format!("identifier={SUBMISSION_SYSTEM}|{}", summary.submission_id);
    entries.push(entry(
        &ids,
        "response",
        "QuestionnaireResponse",
        response::questionnaire_response(profile, summary, &ids),
        Some(ifnone),
    ));
    for (i, decision) in summary.consents.iter().enumerate() {
        entries.push(entry(
            &ids,
            &format!("consent-{i}"),
            "Consent",
            consent::consent(summary, decision, &ids),
            None,
        ));
    }
    for (i, resource) in clinical::allergies(summary, &ids).into_iter().enumerate() {
        entries.push(entry(
            &ids,
            &format!("allergy-{i}"),
            "AllergyIntolerance",
            resource,
            None,
        ));
    }
    for (i, resource) in clinical::medications(summary, &ids).into_iter().enumerate() {
        entries.push(entry(
            &ids,
            &format!("medication-{i}"),
            "MedicationStatement",
            resource,
            None,
        ));
    }
    for (i, finding) in summary.findings.iter().enumerate() {
        entries.push(entry(
            &ids,
            &format!("issue-{i}"),
            "DetectedIssue",
            clinical::detected_issue(summary, finding, &ids),
            None,
        ));
    }
    let targets: Vec<Value> = entries
        .iter()
        .map(|e| json!({ "reference": e["fullUrl"] }))
        .collect();
    entries.push(entry(
        &ids,
        "provenance",
        "Provenance",
        provenance(summary, jws, targets, &ids),
        None,
    ));
    json!({ "resourceType": "Bundle", "type": "transaction", "entry": entries })
}

/// Full URLs of the Bundle's entries.
pub(crate) struct Ids<'a> {
    submission: &'a str,
}

impl Ids<'_> {
    /// `urn:uuid:` of the entry named `name`: a UUID made from the SHA-256 of the
    /// submission id and the name (version nibble 5, RFC 4122 variant).
    pub(crate) fn url(&self, name: &str) -> String {
        let digest = Sha256::digest(format!("{}/{name}", self.submission).as_bytes());
        let mut b: [u8; 16] = digest[..16].try_into().expect("16 bytes");
        b[6] = (b[6] & 0x0f) | 0x50;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        format!(
            "urn:uuid:{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        )
    }

    /// `{"reference": …}` to the entry named `name`.
    pub(crate) fn reference(&self, name: &str) -> Value {
        json!({ "reference": self.url(name) })
    }
}

fn entry(
    ids: &Ids,
    name: &str,
    kind: &str,
    mut resource: Value,
    if_none_exist: Option<String>,
) -> Value {
    resource["resourceType"] = kind.into();
    let mut request = json!({ "method": "POST", "url": kind });
    if let Some(condition) = if_none_exist {
        request["ifNoneExist"] = condition.into();
    }
    json!({ "fullUrl": ids.url(name), "resource": resource, "request": request })
}

/// Who signed, when, and the JWS itself as the signature's data.
fn provenance(summary: &Summary, jws: &str, targets: Vec<Value>, ids: &Ids) -> Value {
    let signed_at = summary
        .signatures
        .first()
        .map(|s| s.signed_at.clone())
        .or_else(|| summary.audit.last().map(|e| e.at.clone()));
    let recorded = signed_at.unwrap_or_else(|| summary.disclosure.accepted_at.clone());
    let kind = json!([{ "system": "urn:iso-astm:E1762-95:2013", "code": "1.2.840.10065.1.12.1.7", "display": "Consent Signature" }]);
    json!({
        "target": targets,
        "recorded": recorded,
        "agent": [{
            "type": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/provenance-participant-type", "code": "author" }] },
            "who": ids.reference("patient"),
        }],
        "signature": [{
            "type": kind,
            "when": recorded,
            "who": ids.reference("patient"),
            "sigFormat": "application/jose",
            "data": standard_base64(jws.as_bytes()),
        }],
    })
}

/// Base64 with the standard alphabet and padding (FHIR `base64Binary`).
fn standard_base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
