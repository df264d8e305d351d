//! Reading the sections of a clinic profile: their questions and the choices offered.

use serde_json::Value;

use super::{Reader, present};
use crate::date::DatePrecision;
use crate::profile::{Choice, Question, QuestionType, ScaleLabels, Section};

impl Reader {
    pub(super) fn question(&mut self, v: &Value, path: &str) -> Option<Question> {
        const FIELDS: &[&str] = &[
            "id",
            "type",
            "text",
            "help",
            "required",
            "when",
            "options",
            "precision",
            "unit",
            "min",
            "max",
            "scale_labels",
            "marks",
            "score",
            "matched_against",
        ];
        const TYPES: &[(&str, QuestionType)] = &[
            ("short_text", QuestionType::ShortText),
            ("long_text", QuestionType::LongText),
            ("yes_no", QuestionType::YesNo),
            ("single_choice", QuestionType::SingleChoice),
            ("multiple_choice", QuestionType::MultipleChoice),
            ("date", QuestionType::Date),
            ("number", QuestionType::Number),
            ("medication_list", QuestionType::MedicationList),
            ("allergy_list", QuestionType::AllergyList),
            ("body_areas", QuestionType::BodyAreas),
            ("scale", QuestionType::Scale),
        ];
        const PRECISIONS: &[(&str, DatePrecision)] = &[
            ("year", DatePrecision::Year),
            ("month", DatePrecision::Month),
            ("day", DatePrecision::Day),
        ];
        let o = self.object(v, path, FIELDS)?;
        let kind = match self.field(o, "type", path, true) {
            Some(t) => self.name(t, &format!("{path}.type"), TYPES),
            None => None,
        };
        let scale_labels = match present(o, "scale_labels") {
            Some(labels) => {
                let here = format!("{path}.scale_labels");
                self.object(labels, &here, &["min", "max"]).and_then(|l| {
                    Some(ScaleLabels {
                        min: self.localized(l, "min", &here, true)?,
                        max: self.localized(l, "max", &here, true)?,
                    })
                })
            }
            None => None,
        };
        let question = Question {
            id: self.string(o, "id", path, true).unwrap_or_default(),
            kind: kind?,
            text: self.localized(o, "text", path, true)?,
            help: self.localized(o, "help", path, false),
            required: self.boolean(o, "required", path),
            when: present(o, "when").and_then(|w| self.condition(w, &format!("{path}.when"))),
            options: self.list(o, "options", path, false, |r, v, p| r.choice(v, p)),
            precision: present(o, "precision")
                .and_then(|p| self.name(p, &format!("{path}.precision"), PRECISIONS)),
            unit: self.localized(o, "unit", path, false),
            min: self.number(o, "min", path),
            max: self.number(o, "max", path),
            scale_labels,
            marks: self.list(o, "marks", path, false, |r, v, p| r.choice(v, p)),
            score: self.string(o, "score", path, false),
            matched_against: self.string(o, "matched_against", path, false),
        };
        Some(question)
    }

    pub(super) fn section(&mut self, v: &Value, path: &str) -> Option<Section> {
        let o = self.object(v, path, &["id", "title", "intro", "when", "questions"])?;
        Some(Section {
            id: self.string(o, "id", path, true).unwrap_or_default(),
            title: self.localized(o, "title", path, true)?,
            intro: self.localized(o, "intro", path, false),
            when: present(o, "when").and_then(|w| self.condition(w, &format!("{path}.when"))),
            questions: self.list(o, "questions", path, true, |r, v, p| r.question(v, p)),
        })
    }

    pub(super) fn choice(&mut self, v: &Value, path: &str) -> Option<Choice> {
        let o = self.object(v, path, &["id", "text", "score", "exclusive", "typed_as"])?;
        Some(Choice {
            id: self.string(o, "id", path, true)?,
            text: self.localized(o, "text", path, true)?,
            score: self.whole(o, "score", path, false),
            exclusive: self.boolean(o, "exclusive", path),
            typed_as: self.strings(o, "typed_as", path, false),
        })
    }
}
