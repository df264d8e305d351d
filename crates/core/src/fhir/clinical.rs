//! The Patient, allergies, medicines and risk findings as FHIR resources.

use serde_json::{Value, json};

use super::Ids;
use super::response::fhir_date;
use crate::answers::{Answer, ReactionSeverity};
use crate::date::PartialDate;
use crate::risk::{Finding, Severity};
use crate::summary::Summary;

const VOCABULARY: &str = "urn:candor:vocabulary";

pub(super) fn patient(summary: &Summary) -> Value {
    let d = &summary.answers.details;
    let mut patient = json!({ "name": [{ "text": d.legal_name.trim() }] });
    if let Ok(born) = crate::CivilDate::from_parts(
        &d.date_of_birth.day,
        &d.date_of_birth.month,
        &d.date_of_birth.year,
    ) {
        patient["birthDate"] = born.to_string().into();
    }
    let mut telecom = vec![];
    if !d.mobile_phone.trim().is_empty() {
        telecom.push(json!({ "system": "phone", "use": "mobile", "value": d.mobile_phone.trim() }));
    }
    if !d.email.trim().is_empty() {
        telecom.push(json!({ "system": "email", "value": d.email.trim() }));
    }
    patient["telecom"] = telecom.into();
    if !d.emergency_name.trim().is_empty() {
        let mut contact = json!({
            "relationship": [{ "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/v2-0131", "code": "C", "display": "Emergency Contact" }] }],
            "name": { "text": d.emergency_name.trim() },
            "telecom": [{ "system": "phone", "value": d.emergency_phone.trim() }],
        });
        if !d.emergency_relationship.trim().is_empty() {
            contact["relationship"]
                .as_array_mut()
                .expect("array")
                .push(json!({ "text": d.emergency_relationship.trim() }));
        }
        patient["contact"] = json!([contact]);
    }
    patient["communication"] = json!([{ "language": { "coding": [{ "system": "urn:ietf:bcp:47", "code": summary.language.code() }] }, "preferred": true }]);
    patient
}

fn concept(text: &str, code: &Option<String>) -> Value {
    match code {
        Some(code) => json!({ "coding": [{ "system": VOCABULARY, "code": code }], "text": text }),
        None => json!({ "text": text }),
    }
}

/// FHIR's `type` for the vocabulary entry `code`: `intolerance` for one whose class
/// says so (`lactose_intolerance`), else `allergy`; `None` for a code the vocabulary
/// does not know.
fn allergy_or_intolerance(code: &str) -> Option<&'static str> {
    let term = crate::vocabulary::by_id(code)?;
    Some(
        if term.classes.iter().any(|c| c.ends_with("_intolerance")) {
            "intolerance"
        } else {
            "allergy"
        },
    )
}

pub(super) fn allergies(summary: &Summary, ids: &Ids) -> Vec<Value> {
    let mut out = vec![];
    for answer in summary.answers.values.values() {
        let Answer::Allergies(list) = answer else {
            continue;
        };
        for a in list {
            let manifestation = if a.reaction.trim().is_empty() {
                "not described"
            } else {
                a.reaction.trim()
            };
            let mut reaction = json!({ "manifestation": [{ "text": manifestation }] });
            let mut resource = json!({
                "clinicalStatus": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "code": "active" }] },
                "verificationStatus": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "code": "unconfirmed" }] },
                "code": concept(&a.substance, &a.code),
                "patient": ids.reference("patient"),
                "asserter": ids.reference("patient"),
            });
            // An intolerance the patient typed among allergies (lactose intolerance) is
            // recorded as one, apart from a true allergy (cow's-milk protein).
            if let Some(kind) = a.code.as_deref().and_then(allergy_or_intolerance) {
                resource["type"] = kind.into();
            }
            match a.severity {
                Some(ReactionSeverity::Anaphylaxis) => {
                    reaction["severity"] = "severe".into();
                    reaction["manifestation"] = json!([{
                        "coding": [{ "system": "http://snomed.info/sct", "code": "39579001", "display": "Anaphylaxis" }],
                        "text": manifestation,
                    }]);
                    resource["criticality"] = "high".into();
                }
                Some(ReactionSeverity::Severe) => reaction["severity"] = "severe".into(),
                Some(ReactionSeverity::Moderate) => reaction["severity"] = "moderate".into(),
                Some(ReactionSeverity::Mild) => reaction["severity"] = "mild".into(),
                None => {}
            }
            resource["reaction"] = json!([reaction]);
            out.push(resource);
        }
    }
    out
}

pub(super) fn medications(summary: &Summary, ids: &Ids) -> Vec<Value> {
    let asserted = summary
        .signatures
        .first()
        .map(|s| s.signed_at.clone())
        .unwrap_or_else(|| summary.disclosure.accepted_at.clone());
    let mut out = vec![];
    for answer in summary.answers.values.values() {
        let Answer::Medications(list) = answer else {
            continue;
        };
        for m in list {
            let mut resource = json!({
                "status": if m.current { "active" } else { "completed" },
                "medicationCodeableConcept": concept(&m.name, &m.code),
                "subject": ids.reference("patient"),
                "informationSource": ids.reference("patient"),
                "dateAsserted": asserted,
            });
            if !m.current
                && let Ok(stopped) =
                    PartialDate::from_parts(&m.stopped.day, &m.stopped.month, &m.stopped.year)
            {
                resource["effectivePeriod"] = json!({ "end": fhir_date(stopped) });
            }
            out.push(resource);
        }
    }
    out
}

pub(super) fn detected_issue(summary: &Summary, finding: &Finding, ids: &Ids) -> Value {
    let severity = match finding.severity {
        Severity::Stop => "high",
        Severity::Review => "moderate",
        Severity::Caution | Severity::Info => "low",
    };
    let mut code = json!({ "coding": [{ "system": "urn:candor:risk-rule", "code": finding.rule }], "text": finding.label() });
    if let Some(protocol) = &summary.protocol {
        code["coding"][0]["version"] = protocol.version.clone().into();
    }
    let mut detail = finding.provider.to_string();
    if !finding.triggers.is_empty() {
        detail.push_str(&format!(" Triggered by: {}.", finding.triggers.join("; ")));
    }
    json!({
        "status": "preliminary",
        "code": code,
        "severity": severity,
        "patient": ids.reference("patient"),
        "detail": detail,
        "reference": finding.source,
        "evidence": [{ "detail": [ids.reference("response")] }],
    })
}
