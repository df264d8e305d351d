//! An answer in words, as the review shows it: exactly what the patient entered,
//! with option ids turned back into the option's text and dates in the language's
//! own format.

use candor_core::{Answer, DateParts, Lang, PartialDate, Question};

use crate::text::Text;

/// A typed date in words, or the typed parts when they are not a date yet.
pub fn date(parts: &DateParts, text: &Text) -> String {
    PartialDate::from_parts(&parts.day, &parts.month, &parts.year)
        .map(|d| text.date(d))
        .unwrap_or_else(|_| {
            format!("{} {} {}", parts.day, parts.month, parts.year)
                .trim()
                .to_owned()
        })
}

/// The lines that show `answer` to `question`.
pub fn answer_lines(question: &Question, answer: &Answer, text: &Text, lang: Lang) -> Vec<String> {
    let option = |id: &str| {
        question
            .option(id)
            .map_or_else(|| id.to_owned(), |o| o.text.get(lang).to_owned())
    };
    match answer {
        Answer::Text(t) => vec![t.clone()],
        Answer::YesNo(yes) => vec![if *yes { text.yes } else { text.no }.to_owned()],
        Answer::Choice(id) => vec![option(id)],
        Answer::Choices(ids) => ids.iter().map(|id| option(id)).collect(),
        Answer::Date(parts) => vec![date(parts, text)],
        Answer::Number(n) => {
            let unit = question
                .unit
                .as_ref()
                .map(|u| format!(" {}", u.get(lang)))
                .unwrap_or_default();
            vec![format!("{}{unit}", n.trim())]
        }
        Answer::Scale(n) => {
            let max = question.scale_range().1;
            vec![format!("{n} / {max}")]
        }
        Answer::Medications(list) => list
            .iter()
            .map(|m| {
                let status = if m.current {
                    text.still_taking.to_owned()
                } else {
                    let s = &m.stopped;
                    let precision = PartialDate::from_parts(&s.day, &s.month, &s.year)
                        .ok()
                        .map(PartialDate::precision);
                    (text.stopped_on)(precision, &date(s, text))
                };
                format!("{} ({status})", m.name.trim())
            })
            .collect(),
        Answer::Allergies(list) => list
            .iter()
            .map(|a| {
                let severity = a
                    .severity
                    .map(|s| (text.severity_name)(s))
                    .unwrap_or_default();
                let reaction = a.reaction.trim();
                match reaction.is_empty() {
                    true => format!("{}: {severity}", a.substance.trim()),
                    false => format!("{}: {reaction}, {severity}", a.substance.trim()),
                }
            })
            .collect(),
        Answer::BodyAreas(areas) => areas
            .iter()
            .map(|(area, mark)| {
                let mark = question
                    .marks
                    .iter()
                    .find(|m| &m.id == mark)
                    .map_or(mark.as_str(), |m| m.text.get(lang));
                format!("{}: {mark}", (text.body_area)(area))
            })
            .collect(),
    }
}
