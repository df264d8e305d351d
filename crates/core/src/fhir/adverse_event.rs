//! A FHIR R4 `AdverseEvent` for an incident a clinic recorded after a treatment (the
//! receiver's incident records; no automated filing anywhere).
//!
//! The grade is CTCAE-style, 1 to 5, and maps to:
//!
//! | grade | `severity` (adverse-event-severity) | `seriousness` (adverse-event-seriousness) |
//! |---|---|---|
//! | 1 | `mild` | `non-serious` |
//! | 2 | `moderate` | `non-serious` |
//! | 3 | `severe` | `serious` (hospitalisation) |
//! | 4 | `severe` | `serious` (life-threatening) |
//! | 5 | `severe` | `serious` (death) |
//!
//! "Serious" follows the FDA's meaning (death, life-threatening, hospitalisation),
//! which grades 3 to 5 are. Without a grade (a draft) neither is given. `outcome` is
//! `fatal` for grade 5; otherwise the clinic's words alone (free text decides no
//! code). `category` is the text "Complication after an aesthetic treatment": the
//! adverse-event-category codes classify product problems and errors, which an
//! incident record does not establish. `suspectEntity` names the product (with its
//! lot and the device) by display only; `study` is absent.

use serde_json::{Value, json};

const SEVERITY: &str = "http://terminology.hl7.org/CodeSystem/adverse-event-severity";
const SERIOUSNESS: &str = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness";
const OUTCOME: &str = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome";

/// What an `AdverseEvent` is made from: an incident as plain text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdverseEventInput {
    /// The incident's id (a UUID).
    pub id: String,
    /// The patient's name.
    pub patient: String,
    /// The provider who performed the treatment.
    pub provider: String,
    /// Their role or credential.
    pub provider_role: String,
    /// Who recorded the incident (empty: the receiver itself).
    pub recorder: String,
    /// The medical director who signed it off, if they did.
    pub signed_off_by: Option<String>,
    /// The day it began, `YYYY-MM-DD`.
    pub onset_date: String,
    /// The time it began, `HH:MM` with its offset (`14:30-05:00`, `14:30Z`), or empty
    /// (a time without an offset is left out: FHIR needs one).
    pub onset_time: String,
    /// When it was recorded (RFC 3339).
    pub recorded: String,
    /// The treatment, in words.
    pub treatment: String,
    /// What happened.
    pub description: String,
    /// 1 to 5, or none while a draft.
    pub grade: Option<u8>,
    /// How it ended, in the clinic's words.
    pub outcome: String,
    /// The product.
    pub product: String,
    /// Its lot.
    pub lot: String,
    /// The device and settings.
    pub device: String,
}

/// `severity` and `seriousness` codes for `grade` (see the module's table).
pub fn grade_codes(grade: u8) -> (&'static str, &'static str) {
    match grade {
        1 => ("mild", "non-serious"),
        2 => ("moderate", "non-serious"),
        _ => ("severe", "serious"),
    }
}

fn coded(system: &str, code: &str, display: &str) -> Value {
    json!({ "coding": [{ "system": system, "code": code, "display": display }] })
}

/// The onset as a FHIR `dateTime`: the day, or the day and time when an offset is known.
fn onset(input: &AdverseEventInput) -> String {
    let time = input.onset_time.trim();
    if time.len() > 5 {
        let (hm, offset) = time.split_at(5);
        format!("{}T{hm}:00{}", input.onset_date, offset.replace('z', "Z"))
    } else {
        input.onset_date.clone()
    }
}

/// The `AdverseEvent` for `input`.
pub fn adverse_event(input: &AdverseEventInput) -> Value {
    let mut event = json!({
        "resourceType": "AdverseEvent",
        "id": input.id,
        "identifier": { "system": "urn:ietf:rfc:3986", "value": format!("urn:uuid:{}", input.id) },
        "actuality": "actual",
        "category": [{ "text": "Complication after an aesthetic treatment" }],
        "event": { "text": input.description },
        "subject": { "display": input.patient },
        "date": onset(input),
        "recordedDate": input.recorded,
    });
    if !input.recorder.is_empty() {
        event["recorder"] = json!({ "display": input.recorder });
    }
    let mut contributors = Vec::new();
    if !input.provider.is_empty() {
        let display = if input.provider_role.is_empty() {
            format!("{} (performed the treatment)", input.provider)
        } else {
            format!(
                "{} ({}; performed the treatment)",
                input.provider, input.provider_role
            )
        };
        contributors.push(json!({ "display": display }));
    }
    if let Some(director) = &input.signed_off_by {
        contributors
            .push(json!({ "display": format!("{director} (medical director; signed off)") }));
    }
    if !contributors.is_empty() {
        event["contributor"] = Value::Array(contributors);
    }
    if let Some(grade) = input.grade {
        let (severity, seriousness) = grade_codes(grade);
        let (severity_display, seriousness_display) = match (severity, seriousness) {
            ("mild", _) => ("Mild", "Non-serious"),
            ("moderate", _) => ("Moderate", "Non-serious"),
            _ => ("Severe", "Serious"),
        };
        event["severity"] = coded(SEVERITY, severity, severity_display);
        event["seriousness"] = coded(SERIOUSNESS, seriousness, seriousness_display);
    }
    let outcome_text = input.outcome.trim();
    if input.grade == Some(5) {
        event["outcome"] = coded(OUTCOME, "fatal", "Fatal");
        if !outcome_text.is_empty() {
            event["outcome"]["text"] = json!(outcome_text);
        }
    } else if !outcome_text.is_empty() {
        event["outcome"] = json!({ "text": outcome_text });
    }
    if !input.product.is_empty() || !input.device.is_empty() {
        let mut what = Vec::new();
        if !input.product.is_empty() {
            what.push(input.product.clone());
        }
        if !input.lot.is_empty() {
            what.push(format!("lot {}", input.lot));
        }
        if !input.device.is_empty() {
            what.push(format!("device: {}", input.device));
        }
        event["suspectEntity"] = json!([{ "instance": { "display": what.join("; ") } }]);
    }
    if !input.treatment.is_empty() {
        event["event"]["text"] =
            json!(format!("{} (after {})", input.description, input.treatment));
    }
    event
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> AdverseEventInput {
        AdverseEventInput {
            id: "6f1c1a52-3b4e-4f3a-9a55-0c7d2b0e1a11".into(),
            patient: "A Patient".into(),
            provider: "Nurse Lee".into(),
            provider_role: "registered nurse".into(),
            recorder: "Nurse Lee".into(),
            onset_date: "2026-12-01".into(),
            onset_time: "14:30-05:00".into(),
            recorded: "2026-12-01T20:00:00Z".into(),
            description: "Blanching".into(),
            grade: Some(3),
            product: "Filler X".into(),
            lot: "L123".into(),
            ..AdverseEventInput::default()
        }
    }

    #[test]
    fn the_grade_sets_severity_and_seriousness_and_the_onset_keeps_its_offset() {
        let event = adverse_event(&input());
        assert_eq!(event["actuality"], "actual");
        assert_eq!(event["date"], "2026-12-01T14:30:00-05:00");
        assert_eq!(event["severity"]["coding"][0]["code"], "severe");
        assert_eq!(event["seriousness"]["coding"][0]["code"], "serious");
        assert_eq!(
            event["suspectEntity"][0]["instance"]["display"],
            "Filler X; lot L123"
        );
        assert!(event.get("study").is_none());
        let mut draft = input();
        draft.grade = None;
        draft.onset_time = "14:30".into();
        let event = adverse_event(&draft);
        assert!(event.get("severity").is_none());
        assert_eq!(event["date"], "2026-12-01");
        assert_eq!(grade_codes(2), ("moderate", "non-serious"));
        let mut fatal = input();
        fatal.grade = Some(5);
        assert_eq!(
            adverse_event(&fatal)["outcome"]["coding"][0]["code"],
            "fatal"
        );
    }
}
