//! A patient's answers in words for the chart: each section of the clinic profile the
//! summary names, in the patient's language or the clinic's, option ids turned back
//! into their text. Answers the profile does not know (another profile version) are
//! listed by their ids, never dropped.

use candor_core::{Answer, ClinicProfile, DateParts, Lang, Question};

/// One section's answered questions: (question, answer lines).
pub struct SectionAnswers {
    /// The section's title.
    pub title: String,
    /// Each answered question's text and its answer in lines.
    pub answers: Vec<(String, Vec<String>)>,
}

fn date(parts: &DateParts) -> String {
    [parts.year.trim(), parts.month.trim(), parts.day.trim()]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("-")
}

/// The lines that show `answer` to `question` (option texts in `lang`).
pub fn lines(question: Option<&Question>, answer: &Answer, lang: Lang) -> Vec<String> {
    let option = |id: &str| {
        question
            .and_then(|q| q.option(id))
            .map_or_else(|| id.to_owned(), |o| o.text.get(lang).to_owned())
    };
    match answer {
        Answer::Text(t) => vec![t.clone()],
        Answer::YesNo(yes) => vec![if *yes { "Yes" } else { "No" }.to_owned()],
        Answer::Choice(id) => vec![option(id)],
        Answer::Choices(ids) => ids.iter().map(|id| option(id)).collect(),
        Answer::Date(parts) => vec![date(parts)],
        Answer::Number(n) => {
            let unit = question
                .and_then(|q| q.unit.as_ref())
                .map(|u| format!(" {}", u.get(lang)))
                .unwrap_or_default();
            vec![format!("{}{unit}", n.trim())]
        }
        Answer::Scale(n) => vec![n.to_string()],
        Answer::Medications(list) => list
            .iter()
            .map(|m| {
                let status = if m.current {
                    "still taking".to_owned()
                } else {
                    format!("stopped {}", date(&m.stopped))
                };
                format!("{} ({status})", m.name.trim())
            })
            .collect(),
        Answer::Allergies(list) => list
            .iter()
            .map(|a| {
                let severity = a
                    .severity
                    .and_then(|s| serde_json::to_value(s).ok())
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                let reaction = a.reaction.trim();
                if reaction.is_empty() {
                    format!("{}: {severity}", a.substance.trim())
                } else {
                    format!("{}: {reaction}, {severity}", a.substance.trim())
                }
            })
            .collect(),
        Answer::BodyAreas(areas) => areas
            .iter()
            .map(|(area, mark)| {
                let mark = question
                    .and_then(|q| q.marks.iter().find(|m| &m.id == mark))
                    .map_or(mark.as_str(), |m| m.text.get(lang));
                format!("{area}: {mark}")
            })
            .collect(),
    }
}

/// The answers grouped by the profile's sections, in its order; answers to questions
/// the profile does not have come last, under "Other answers".
pub fn by_section(
    profile: Option<&ClinicProfile>,
    values: &std::collections::BTreeMap<String, Answer>,
    lang: Lang,
) -> Vec<SectionAnswers> {
    let mut shown = std::collections::BTreeSet::new();
    let mut sections = Vec::new();
    for section in profile.map(|p| p.sections.as_slice()).unwrap_or(&[]) {
        let answers: Vec<_> = section
            .questions
            .iter()
            .filter_map(|q| {
                let answer = values.get(&q.id)?;
                shown.insert(q.id.clone());
                Some((q.text.get(lang).to_owned(), lines(Some(q), answer, lang)))
            })
            .collect();
        if !answers.is_empty() {
            sections.push(SectionAnswers {
                title: section.title.get(lang).to_owned(),
                answers,
            });
        }
    }
    let others: Vec<_> = values
        .iter()
        .filter(|(id, _)| !shown.contains(*id))
        .map(|(id, answer)| (id.clone(), lines(None, answer, lang)))
        .collect();
    if !others.is_empty() {
        sections.push(SectionAnswers {
            title: "Other answers (not in the clinic profile this receiver knows)".into(),
            answers: others,
        });
    }
    sections
}
