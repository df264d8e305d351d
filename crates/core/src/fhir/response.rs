//! The QuestionnaireResponse: every answer that was shown, with the question's text in
//! the patient's language and choices as codings of the questionnaire's own system.

use serde_json::{Value, json};

use super::Ids;
use crate::answers::Answer;
use crate::date::PartialDate;
use crate::profile::{ClinicProfile, Question};
use crate::summary::Summary;

pub(super) fn questionnaire_response(
    profile: &ClinicProfile,
    summary: &Summary,
    ids: &Ids,
) -> Value {
    let lang = summary.language;
    let treatment_answers: Vec<Value> = summary
        .answers
        .treatments
        .iter()
        .map(|id| {
            let display = profile.treatments.iter().find(|t| &t.id == id).map(|t| t.name.get(lang).to_owned()).unwrap_or_else(|| id.clone());
            json!({ "valueCoding": { "system": format!("{}/treatments", profile.questionnaire_url), "code": id, "display": display } })
        })
        .collect();
    let mut items = vec![json!({ "linkId": "treatments", "answer": treatment_answers })];
    for section in &profile.sections {
        for question in &section.questions {
            let Some(answer) = summary.answers.values.get(&question.id) else {
                continue;
            };
            let answers = answer_values(profile, question, answer, summary);
            if !answers.is_empty() {
                items.push(json!({ "linkId": question.id, "text": question.text.get(lang), "answer": answers }));
            }
        }
    }
    let authored = summary
        .signatures
        .first()
        .map(|s| s.signed_at.clone())
        .unwrap_or_else(|| summary.disclosure.accepted_at.clone());
    json!({
        "identifier": { "system": super::SUBMISSION_SYSTEM, "value": summary.submission_id },
        "questionnaire": format!("{}|{}", profile.questionnaire_url, profile.version),
        "status": "completed",
        "language": lang.code(),
        "subject": ids.reference("patient"),
        "source": ids.reference("patient"),
        "authored": authored,
        "item": items,
    })
}

fn coding(profile: &ClinicProfile, question: &Question, id: &str, summary: &Summary) -> Value {
    let display = question
        .options
        .iter()
        .find(|o| o.id == id)
        .map(|o| o.text.get(summary.language).to_owned())
        .unwrap_or_else(|| id.to_owned());
    json!({ "system": format!("{}/{}", profile.questionnaire_url, question.id), "code": id, "display": display })
}

fn answer_values(
    profile: &ClinicProfile,
    question: &Question,
    answer: &Answer,
    summary: &Summary,
) -> Vec<Value> {
    match answer {
        Answer::Text(text) => vec![json!({ "valueString": text })],
        Answer::YesNo(yes) => vec![json!({ "valueBoolean": yes })],
        Answer::Choice(id) => vec![json!({ "valueCoding": coding(profile, question, id, summary) })],
        Answer::Choices(ids) => ids.iter().map(|id| json!({ "valueCoding": coding(profile, question, id, summary) })).collect(),
        Answer::Date(parts) => match PartialDate::from_parts(&parts.day, &parts.month, &parts.year) {
            Ok(date) => vec![json!({ "valueDate": fhir_date(date) })],
            Err(_) => vec![],
        },
        Answer::Number(text) => match crate::answers::parse_number(text, summary.language) {
            Some(n) => {
                let mut quantity = json!({ "value": n });
                if let Some(unit) = &question.unit {
                    quantity["unit"] = unit.get(summary.language).into();
                }
                vec![json!({ "valueQuantity": quantity })]
            }
            None => vec![],
        },
        Answer::Medications(list) => list.iter().map(|m| json!({ "valueString": m.name })).collect(),
        Answer::Allergies(list) => list.iter().map(|a| json!({ "valueString": a.substance })).collect(),
        Answer::BodyAreas(areas) => areas
            .iter()
            .map(|(area, mark)| {
                let mark_display = question.marks.iter().find(|m| &m.id == mark).map(|m| m.text.get(summary.language).to_owned()).unwrap_or_else(|| mark.clone());
                json!({
                    "valueCoding": coding(profile, question, area, summary),
                    "item": [{
                        "linkId": format!("{}.mark", question.id),
                        "answer": [{ "valueCoding": { "system": format!("{}/{}/marks", profile.questionnaire_url, question.id), "code": mark, "display": mark_display } }],
                    }],
                })
            })
            .collect(),
        Answer::Scale(n) => vec![json!({ "valueInteger": n })],
    }
}

/// A FHIR `date`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as much as is known.
pub(super) fn fhir_date(date: PartialDate) -> String {
    match (date.month, date.day) {
        (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", date.year),
        (Some(m), None) => format!("{:04}-{m:02}", date.year),
        _ => format!("{:04}", date.year),
    }
}
