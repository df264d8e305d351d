//! A visit's risk-relevant answers as items to compare across visits (issue 31,
//! part 4; [`super::patient_changes`] compares them). Risk-relevant: every
//! medication and allergy list, and the questions the clinic's risk protocol reads
//! (conditions, pregnancy and breastfeeding, recent treatments and their dates),
//! except scores' parts and free text (notes are never carried across visits).
//! Without the visit's clinic profile, only the medication and allergy lists.

use std::collections::BTreeMap;

use candor_core::vocabulary::normalize;
use candor_core::{Answer, ClinicProfile, DateParts, Lang, Question, QuestionType};

use super::patient_changes::{Item, fold};

/// An option that says there is nothing to list ("None of these").
const NOTHING: &str = "none";

/// The key a medicine or an allergen is matched by: its name as the vocabulary
/// normalises it (case, accents, strengths and dose forms left out), or folded when
/// that leaves nothing.
pub fn medicine_key(name: &str) -> String {
    let key = normalize(name);
    if key.is_empty() { fold(name) } else { key }
}

/// The ids of `profile`'s risk-relevant questions, in the profile's order.
pub fn relevant_questions(profile: &ClinicProfile) -> Vec<String> {
    let mut read: Vec<&str> = Vec::new();
    if let Some(protocol) = &profile.protocol {
        for rule in &protocol.rules {
            rule.when.questions_relied_on(profile, &mut read);
        }
    }
    profile
        .questions()
        .filter(|q| match q.kind {
            QuestionType::MedicationList | QuestionType::AllergyList => true,
            QuestionType::YesNo
            | QuestionType::SingleChoice
            | QuestionType::MultipleChoice
            | QuestionType::Date => q.score.is_none() && read.contains(&q.id.as_str()),
            _ => false,
        })
        .map(|q| q.id.clone())
        .collect()
}

fn date(parts: &DateParts) -> String {
    [parts.year.trim(), parts.month.trim(), parts.day.trim()]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("-")
}

/// The risk-relevant items of a visit's `values`, as `profile` (the visit's clinic's,
/// if known) names them, in English where it has it.
pub fn items(values: &BTreeMap<String, Answer>, profile: Option<&ClinicProfile>) -> Vec<Item> {
    let relevant = profile.map(relevant_questions);
    let mut out = Vec::new();
    let ordered: Vec<(&String, &Answer)> = match &relevant {
        Some(ids) => ids
            .iter()
            .filter_map(|id| values.get_key_value(id.as_str()))
            .collect(),
        None => values.iter().collect(),
    };
    for (id, answer) in ordered {
        let question = profile.and_then(|p| p.question(id)).map(|(_, q)| q);
        add(&mut out, id, question, answer, relevant.is_some());
    }
    out
}

fn item(question: &str, key: String, label: String, detail: String) -> Item {
    Item {
        question: question.to_owned(),
        key,
        code: None,
        label,
        detail,
    }
}

fn add(out: &mut Vec<Item>, id: &str, q: Option<&Question>, answer: &Answer, chosen: bool) {
    let option = |o: &str| {
        q.and_then(|q| q.option(o))
            .map_or_else(|| o.to_owned(), |c| c.text.get(Lang::En).to_owned())
    };
    let asked = || q.map_or_else(|| id.to_owned(), |q| q.text.get(Lang::En).to_owned());
    match answer {
        Answer::Medications(list) => out.extend(list.iter().map(|m| Item {
            code: m.code.clone(),
            ..item(
                id,
                medicine_key(&m.name),
                m.name.trim().to_owned(),
                if m.current {
                    "still taking".to_owned()
                } else {
                    format!("stopped {}", date(&m.stopped)).trim().to_owned()
                },
            )
        })),
        Answer::Allergies(list) => out.extend(list.iter().map(|a| {
            let mut detail = a.reaction.trim().to_owned();
            if let Some(s) = a.severity {
                let s = serde_json::to_value(s).ok();
                let s = s.as_ref().and_then(|v| v.as_str()).unwrap_or_default();
                detail = if detail.is_empty() {
                    s.to_owned()
                } else {
                    format!("{detail}, {s}")
                };
            }
            Item {
                code: a.code.clone(),
                ..item(
                    id,
                    medicine_key(&a.substance),
                    a.substance.trim().to_owned(),
                    detail,
                )
            }
        })),
        // Without the profile, only the lists: nothing says which others matter.
        _ if !chosen => {}
        Answer::Choices(ids) => out.extend(
            ids.iter()
                .filter(|o| o.as_str() != NOTHING)
                .map(|o| item(id, o.clone(), option(o), String::new())),
        ),
        Answer::Choice(o) => out.push(item(id, String::new(), asked(), option(o))),
        Answer::YesNo(yes) => out.push(item(
            id,
            String::new(),
            asked(),
            if *yes { "Yes" } else { "No" }.to_owned(),
        )),
        Answer::Date(d) => out.push(item(id, String::new(), asked(), date(d))),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candor_core::answers::{Allergy, Medication};

    fn harbor() -> ClinicProfile {
        ClinicProfile::from_json(include_str!(
            "../../../../examples/profiles/harbor-skin.json"
        ))
        .unwrap()
    }

    fn values() -> BTreeMap<String, Answer> {
        let mut v = BTreeMap::new();
        v.insert(
            "medications".into(),
            Answer::Medications(vec![Medication {
                name: " Isotretinoína 20 mg ".into(),
                current: true,
                ..Medication::default()
            }]),
        );
        v.insert(
            "allergies".into(),
            Answer::Allergies(vec![Allergy {
                substance: "Lidocaine".into(),
                reaction: "hives".into(),
                severity: Some(candor_core::answers::ReactionSeverity::Moderate),
                ..Allergy::default()
            }]),
        );
        v.insert(
            "conditions".into(),
            Answer::Choices(vec!["cold_sores".into()]),
        );
        v.insert(
            "pregnancy_status".into(),
            Answer::Choice("breastfeeding".into()),
        );
        v.insert(
            "previous_treatments".into(),
            Answer::Choices(vec!["none".into()]),
        );
        v.insert("goals".into(), Answer::Text("a private note".into()));
        v.insert("fitz_eye".into(), Answer::Choice("s1".into()));
        v
    }

    #[test]
    fn the_lists_and_what_the_protocol_reads_never_notes_nor_scores() {
        let p = harbor();
        let relevant = relevant_questions(&p);
        for id in ["medications", "allergies", "conditions", "pregnancy_status"] {
            assert!(relevant.iter().any(|r| r == id), "{id}: {relevant:?}");
        }
        for id in ["goals", "fitz_eye", "health_other"] {
            assert!(!relevant.iter().any(|r| r == id), "{id}");
        }
        let items = items(&values(), Some(&p));
        let words: Vec<String> = items.iter().map(Item::words).collect();
        assert!(
            words.contains(&"Isotretinoína 20 mg (still taking)".to_owned()),
            "{words:?}"
        );
        assert!(
            words.contains(&"Lidocaine (hives, moderate)".to_owned()),
            "{words:?}"
        );
        assert!(
            words
                .iter()
                .any(|w| w.contains("Breastfeeding") || w.contains("breastfeeding")),
            "{words:?}"
        );
        assert!(!words.iter().any(|w| w.contains("private note")));
        assert_eq!(
            items
                .iter()
                .find(|i| i.question == "medications")
                .unwrap()
                .key,
            "isotretinoina"
        );
    }

    #[test]
    fn without_a_profile_only_the_lists() {
        let items = items(&values(), None);
        let questions: Vec<&str> = items.iter().map(|i| i.question.as_str()).collect();
        assert_eq!(questions, ["allergies", "medications"]);
    }

    #[test]
    fn a_stopped_medicine_says_when() {
        let mut v = BTreeMap::new();
        v.insert(
            "medications".into(),
            Answer::Medications(vec![Medication {
                name: "Doxycycline".into(),
                current: false,
                stopped: DateParts {
                    day: String::new(),
                    month: "10".into(),
                    year: "2026".into(),
                },
                ..Medication::default()
            }]),
        );
        assert_eq!(items(&v, None)[0].detail, "stopped 2026-10");
    }
}
