//! One FHIR Consent per consent decision.

use serde_json::{Value, json};

use super::Ids;
use crate::summary::{ConsentDecision, Decision, Summary};

pub(super) fn consent(summary: &Summary, decision: &ConsentDecision, ids: &Ids) -> Value {
    // A patient with questions first has decided nothing yet: no provision type.
    let (status, provision) = match decision.decision {
        Decision::Consented => ("active", Some("permit")),
        Decision::QuestionsFirst => ("proposed", None),
        Decision::Declined => ("rejected", Some("deny")),
    };
    let scope = if decision.treatment.is_some() {
        "treatment"
    } else {
        "patient-privacy"
    };
    let mut resource = json!({
        "identifier": [{
            "system": "urn:candor:consent-document",
            "value": format!("{}|{}|{}|sha256:{}", decision.document, decision.version, decision.language.code(), decision.sha256),
        }],
        "status": status,
        "scope": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": scope }] },
        "category": [{ "coding": [{ "system": "http://loinc.org", "code": "59284-0", "display": "Consent Document" }] }],
        "patient": ids.reference("patient"),
        "dateTime": decision.decided_at,
        "policyRule": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "OPTIN" }] },
        "sourceReference": ids.reference("response"),
        "provision": {},
    });
    if let Some(kind) = provision {
        resource["provision"]["type"] = kind.into();
    }
    if let Some(treatment) = &decision.treatment {
        resource["provision"]["code"] =
            json!([{ "coding": [{ "system": "urn:candor:treatment", "code": treatment }] }]);
    }
    if let Some(i) = decision.signature
        && let Some(signature) = summary.signatures.get(i as usize)
    {
        resource["performer"] = json!([ids.reference("patient")]);
        resource["verification"] =
            json!([{ "verified": true, "verificationDate": signature.signed_at }]);
    }
    resource
}
