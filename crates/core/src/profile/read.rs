//! Reads a clinic profile from JSON by walking a `serde_json::Value`.
//!
//! Hand-written rather than derived for two reasons. Every problem is reported with
//! its JSON path (an unknown field at `$.sections[0].questions[3].requird`, a number
//! where text belongs), all at once, which serde's first-error-only messages with a
//! line and column cannot do. And it is non-generic code: the derived deserialiser
//! for these nested types measured about 66 KB of the wasm bundle. The serde derives
//! on the types remain for native tools; a test proves both readers agree.

use serde_json::{Map, Value};

use super::{
    Choice, ClinicProfile, Condition, Product, ProfileError, Question, QuestionType, ScaleLabels, Section, Treatment,
};
use crate::answers::ReactionSeverity;
use crate::date::DatePrecision;
use crate::i18n::{Lang, Localized};
use crate::risk::{Approval, Months, Parameter, Protocol, ProtocolTest, RiskCondition, Rule, Severity};

type Object = Map<String, Value>;

/// Collects problems as it reads.
#[derive(Default)]
pub(super) struct Reader {
    pub(super) errors: Vec<ProfileError>,
}

/// The value under `key`, treating `null` as absent (as serde does for options).
fn present<'v>(o: &'v Object, key: &str) -> Option<&'v Value> {
    o.get(key).filter(|v| !v.is_null())
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl Reader {
    fn error(&mut self, path: &str, message: String) {
        self.errors.push(ProfileError { path: path.to_owned(), message });
    }

    /// `v` as an object with only `allowed` keys (unknown keys are reported).
    fn object<'v>(&mut self, v: &'v Value, path: &str, allowed: &[&str]) -> Option<&'v Object> {
        let Value::Object(o) = v else {
            self.error(path, format!("must be an object, not {}", kind(v)));
            return None;
        };
        for key in o.keys().filter(|k| !allowed.contains(&k.as_str())) {
            self.error(&format!("{path}.{key}"), format!("unknown field `{key}`; expected one of: {}", allowed.join(", ")));
        }
        Some(o)
    }

    fn field<'v>(&mut self, o: &'v Object, key: &str, path: &str, required: bool) -> Option<&'v Value> {
        match o.get(key) {
            None | Some(Value::Null) if required => {
                self.error(&format!("{path}.{key}"), "is required".into());
                None
            }
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    fn string(&mut self, o: &Object, key: &str, path: &str, required: bool) -> Option<String> {
        match self.field(o, key, path, required)? {
            Value::String(s) => Some(s.clone()),
            other => {
                self.error(&format!("{path}.{key}"), format!("must be text, not {}", kind(other)));
                None
            }
        }
    }

    fn boolean(&mut self, o: &Object, key: &str, path: &str) -> bool {
        match self.field(o, key, path, false) {
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.error(&format!("{path}.{key}"), format!("must be true or false, not {}", kind(other)));
                false
            }
            None => false,
        }
    }

    fn number(&mut self, o: &Object, key: &str, path: &str) -> Option<f64> {
        match self.field(o, key, path, false)? {
            Value::Number(n) => n.as_f64(),
            other => {
                self.error(&format!("{path}.{key}"), format!("must be a number, not {}", kind(other)));
                None
            }
        }
    }

    fn whole(&mut self, o: &Object, key: &str, path: &str, required: bool) -> Option<u32> {
        match self.field(o, key, path, required)? {
            Value::Number(n) if n.as_u64().is_some_and(|n| n <= u64::from(u32::MAX)) => n.as_u64().map(|n| n as u32),
            other => {
                self.error(&format!("{path}.{key}"), format!("must be a whole number of at least 0, not {}", kind(other)));
                None
            }
        }
    }

    /// A list under `key`, each item read by `item` with its own path.
    fn list<T>(
        &mut self,
        o: &Object,
        key: &str,
        path: &str,
        required: bool,
        mut item: impl FnMut(&mut Self, &Value, &str) -> Option<T>,
    ) -> Vec<T> {
        match self.field(o, key, path, required) {
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| item(self, v, &format!("{path}.{key}[{i}]")))
                .collect(),
            Some(other) => {
                self.error(&format!("{path}.{key}"), format!("must be a list, not {}", kind(other)));
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    /// One of `names` (for enums written as text).
    fn name<T: Copy>(&mut self, v: &Value, path: &str, names: &[(&str, T)]) -> Option<T> {
        let found = v.as_str().and_then(|s| names.iter().find(|(n, _)| *n == s)).map(|(_, t)| *t);
        if found.is_none() {
            let expected: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
            self.error(path, format!("must be one of: {}", expected.join(", ")));
        }
        found
    }

    fn localized(&mut self, o: &Object, key: &str, path: &str, required: bool) -> Option<Localized> {
        let path = format!("{path}.{key}");
        let v = present(o, key);
        if v.is_none() && !required {
            return None;
        }
        let Some(v) = v else {
            self.error(&path, "is required".into());
            return None;
        };
        let o = self.object(v, &path, &["en", "es"])?;
        Some(Localized { en: self.string(o, "en", &path, false), es: self.string(o, "es", &path, false) })
    }

    fn choice(&mut self, v: &Value, path: &str) -> Option<Choice> {
        let o = self.object(v, path, &["id", "text", "score", "exclusive"])?;
        Some(Choice {
            id: self.string(o, "id", path, true)?,
            text: self.localized(o, "text", path, true)?,
            score: self.whole(o, "score", path, false),
            exclusive: self.boolean(o, "exclusive", path),
        })
    }

    fn condition(&mut self, v: &Value, path: &str) -> Option<Condition> {
        const KINDS: &str = "all, any, not, equals, includes, answered, treatment, age_at_least";
        let Value::Object(o) = v else {
            self.error(path, format!("a condition must be an object with one of: {KINDS}"));
            return None;
        };
        let (key, inner) = match (o.len(), o.iter().next()) {
            (1, Some(entry)) => entry,
            _ => {
                self.error(path, format!("a condition has exactly one of: {KINDS}"));
                return None;
            }
        };
        let here = format!("{path}.{key}");
        let list = |r: &mut Self| -> Option<Vec<Condition>> {
            let Value::Array(items) = inner else {
                r.error(&here, "must be a list of conditions".into());
                return None;
            };
            Some(items.iter().enumerate().filter_map(|(i, c)| r.condition(c, &format!("{here}[{i}]"))).collect())
        };
        match key.as_str() {
            "all" => list(self).map(Condition::All),
            "any" => list(self).map(Condition::Any),
            "not" => self.condition(inner, &here).map(|c| Condition::Not(Box::new(c))),
            "equals" => {
                let o = self.object(inner, &here, &["question", "value"])?;
                Some(Condition::Equals { question: self.string(o, "question", &here, true)?, value: self.string(o, "value", &here, true)? })
            }
            "includes" => {
                let o = self.object(inner, &here, &["question", "option"])?;
                Some(Condition::Includes { question: self.string(o, "question", &here, true)?, option: self.string(o, "option", &here, true)? })
            }
            "answered" | "treatment" => match inner {
                Value::String(s) if key == "answered" => Some(Condition::Answered(s.clone())),
                Value::String(s) => Some(Condition::Treatment(s.clone())),
                other => {
                    self.error(&here, format!("must be text, not {}", kind(other)));
                    None
                }
            },
            "age_at_least" => match inner.as_u64() {
                Some(n) if n <= 150 => Some(Condition::AgeAtLeast(n as u32)),
                _ => {
                    self.error(&here, "must be a whole number of years".into());
                    None
                }
            },
            other => {
                self.error(&here, format!("unknown condition `{other}`; expected one of: {KINDS}"));
                None
            }
        }
    }

    fn question(&mut self, v: &Value, path: &str) -> Option<Question> {
        const FIELDS: &[&str] = &[
            "id", "type", "text", "help", "required", "when", "options", "precision", "unit", "min", "max", "scale_labels",
            "marks", "score",
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
        const PRECISIONS: &[(&str, DatePrecision)] =
            &[("year", DatePrecision::Year), ("month", DatePrecision::Month), ("day", DatePrecision::Day)];
        let o = self.object(v, path, FIELDS)?;
        let kind = match self.field(o, "type", path, true) {
            Some(t) => self.name(t, &format!("{path}.type"), TYPES),
            None => None,
        };
        let scale_labels = match present(o, "scale_labels") {
            Some(labels) => {
                let here = format!("{path}.scale_labels");
                self.object(labels, &here, &["min", "max"]).and_then(|l| {
                    Some(ScaleLabels { min: self.localized(l, "min", &here, true)?, max: self.localized(l, "max", &here, true)? })
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
            precision: present(o, "precision").and_then(|p| self.name(p, &format!("{path}.precision"), PRECISIONS)),
            unit: self.localized(o, "unit", path, false),
            min: self.number(o, "min", path),
            max: self.number(o, "max", path),
            scale_labels,
            marks: self.list(o, "marks", path, false, |r, v, p| r.choice(v, p)),
            score: self.string(o, "score", path, false),
        };
        Some(question)
    }

    fn section(&mut self, v: &Value, path: &str) -> Option<Section> {
        let o = self.object(v, path, &["id", "title", "intro", "when", "questions"])?;
        Some(Section {
            id: self.string(o, "id", path, true).unwrap_or_default(),
            title: self.localized(o, "title", path, true)?,
            intro: self.localized(o, "intro", path, false),
            when: present(o, "when").and_then(|w| self.condition(w, &format!("{path}.when"))),
            questions: self.list(o, "questions", path, true, |r, v, p| r.question(v, p)),
        })
    }

    fn treatment(&mut self, v: &Value, path: &str) -> Option<Treatment> {
        let o = self.object(v, path, &["id", "class", "name", "summary", "products"])?;
        Some(Treatment {
            id: self.string(o, "id", path, true).unwrap_or_default(),
            class: self.string(o, "class", path, true).unwrap_or_default(),
            name: self.localized(o, "name", path, true)?,
            summary: self.localized(o, "summary", path, true)?,
            products: self.list(o, "products", path, false, |r, v, p| {
                let o = r.object(v, p, &["id", "name"])?;
                Some(Product { id: r.string(o, "id", p, true)?, name: r.string(o, "name", p, true)? })
            }),
        })
    }

    /// The whole profile, or `None` when anything could not be read.
    pub(super) fn profile(&mut self, v: &Value) -> Option<ClinicProfile> {
        const FIELDS: &[&str] = &[
            "schema_version", "id", "version", "name", "front_desk_phone", "demo", "languages", "questionnaire_url",
            "treatments", "sections", "protocol",
        ];
        const LANGS: &[(&str, Lang)] = &[("en", Lang::En), ("es", Lang::Es)];
        let o = self.object(v, "$", FIELDS)?;
        let profile = ClinicProfile {
            schema_version: self.whole(o, "schema_version", "$", true).unwrap_or_default(),
            id: self.string(o, "id", "$", true).unwrap_or_default(),
            version: self.string(o, "version", "$", true).unwrap_or_default(),
            name: self.string(o, "name", "$", true).unwrap_or_default(),
            front_desk_phone: self.string(o, "front_desk_phone", "$", true).unwrap_or_default(),
            demo: self.boolean(o, "demo", "$"),
            languages: self.list(o, "languages", "$", true, |r, v, p| r.name(v, p, LANGS)),
            questionnaire_url: self.string(o, "questionnaire_url", "$", true).unwrap_or_default(),
            treatments: self.list(o, "treatments", "$", true, |r, v, p| r.treatment(v, p)),
            sections: self.list(o, "sections", "$", true, |r, v, p| r.section(v, p)),
            protocol: present(o, "protocol").and_then(|v| self.protocol(v, "$.protocol")),
        };
        self.errors.is_empty().then_some(profile)
    }

    fn strings(&mut self, o: &Object, key: &str, path: &str, required: bool) -> Vec<String> {
        self.list(o, key, path, required, |r, v, p| match v {
            Value::String(s) => Some(s.clone()),
            other => {
                r.error(p, format!("must be text, not {}", kind(other)));
                None
            }
        })
    }

    fn months(&mut self, v: &Value, path: &str) -> Option<Months> {
        match v {
            Value::Number(n) if n.as_u64().is_some_and(|n| n <= 1200) => Some(Months::Fixed(n.as_u64()? as u32)),
            Value::Object(_) => {
                let o = self.object(v, path, &["param"])?;
                Some(Months::Param { param: self.string(o, "param", path, true)? })
            }
            _ => {
                self.error(path, "must be a whole number of months or {\"param\": name}".into());
                None
            }
        }
    }

    fn risk_condition(&mut self, v: &Value, path: &str) -> Option<RiskCondition> {
        const KINDS: &str = "all, any, not, answer, medication, allergy, date_within, age_under, unanswered, score_at_least";
        const SEVERITIES: &[(&str, ReactionSeverity)] = &[
            ("mild", ReactionSeverity::Mild),
            ("moderate", ReactionSeverity::Moderate),
            ("severe", ReactionSeverity::Severe),
            ("anaphylaxis", ReactionSeverity::Anaphylaxis),
        ];
        let (key, inner) = match v {
            Value::Object(o) if o.len() == 1 => o.iter().next()?,
            _ => {
                self.error(path, format!("a rule condition is an object with exactly one of: {KINDS}"));
                return None;
            }
        };
        let here = format!("{path}.{key}");
        let list = |r: &mut Self| -> Option<Vec<RiskCondition>> {
            let Value::Array(items) = inner else {
                r.error(&here, "must be a list of conditions".into());
                return None;
            };
            Some(items.iter().enumerate().filter_map(|(i, c)| r.risk_condition(c, &format!("{here}[{i}]"))).collect())
        };
        match key.as_str() {
            "all" => list(self).map(RiskCondition::All),
            "any" => list(self).map(RiskCondition::Any),
            "not" => self.risk_condition(inner, &here).map(|c| RiskCondition::Not(Box::new(c))),
            "answer" => self.condition(inner, &here).map(RiskCondition::Answer),
            "medication" => {
                let o = self.object(inner, &here, &["class", "within_months"])?;
                Some(RiskCondition::Medication {
                    class: self.string(o, "class", &here, true)?,
                    within_months: present(o, "within_months").and_then(|m| self.months(m, &format!("{here}.within_months"))),
                })
            }
            "allergy" => {
                let o = self.object(inner, &here, &["class", "min_severity"])?;
                Some(RiskCondition::Allergy {
                    class: self.string(o, "class", &here, false),
                    min_severity: present(o, "min_severity").and_then(|m| self.name(m, &format!("{here}.min_severity"), SEVERITIES)),
                })
            }
            "date_within" => {
                let o = self.object(inner, &here, &["question", "months"])?;
                let months = self.field(o, "months", &here, true)?;
                Some(RiskCondition::DateWithin {
                    question: self.string(o, "question", &here, true)?,
                    months: self.months(months, &format!("{here}.months"))?,
                })
            }
            "age_under" => match inner.as_u64() {
                Some(n) if n <= 150 => Some(RiskCondition::AgeUnder(n as u32)),
                _ => {
                    self.error(&here, "must be a whole number of years".into());
                    None
                }
            },
            "unanswered" => match inner {
                Value::String(q) => Some(RiskCondition::Unanswered(q.clone())),
                other => {
                    self.error(&here, format!("must be a question id, not {}", kind(other)));
                    None
                }
            },
            "score_at_least" => {
                let o = self.object(inner, &here, &["score", "value"])?;
                Some(RiskCondition::ScoreAtLeast { score: self.string(o, "score", &here, true)?, value: self.whole(o, "value", &here, true)? })
            }
            other => {
                self.error(&here, format!("unknown rule condition `{other}`; expected one of: {KINDS}"));
                None
            }
        }
    }

    fn rule(&mut self, v: &Value, path: &str) -> Option<Rule> {
        const SEVERITIES: &[(&str, Severity)] =
            &[("info", Severity::Info), ("caution", Severity::Caution), ("review", Severity::Review), ("stop", Severity::Stop)];
        let o = self.object(v, path, &["id", "treatments", "products", "when", "severity", "patient", "provider", "source"])?;
        let when = self.field(o, "when", path, true).and_then(|w| self.risk_condition(w, &format!("{path}.when")));
        let severity = self.field(o, "severity", path, true).and_then(|s| self.name(s, &format!("{path}.severity"), SEVERITIES));
        Some(Rule {
            id: self.string(o, "id", path, true).unwrap_or_default(),
            treatments: self.strings(o, "treatments", path, true),
            products: self.strings(o, "products", path, false),
            patient: self.localized(o, "patient", path, true)?,
            provider: self.string(o, "provider", path, true).unwrap_or_default(),
            source: self.string(o, "source", path, true).unwrap_or_default(),
            when: when?,
            severity: severity?,
        })
    }

    fn protocol(&mut self, v: &Value, path: &str) -> Option<Protocol> {
        let o = self.object(v, path, &["version", "approval", "parameters", "rules", "tests"])?;
        let approval = present(o, "approval").and_then(|a| {
            let here = format!("{path}.approval");
            let a = self.object(a, &here, &["approver", "credential", "date"])?;
            Some(Approval {
                approver: self.string(a, "approver", &here, true)?,
                credential: self.string(a, "credential", &here, true)?,
                date: self.string(a, "date", &here, true)?,
            })
        });
        let mut parameters = std::collections::BTreeMap::new();
        if let Some(params) = present(o, "parameters") {
            let here = format!("{path}.parameters");
            if let Value::Object(params) = params {
                for (name, p) in params {
                    let at = format!("{here}.{name}");
                    let Some(po) = self.object(p, &at, &["description", "default", "by_treatment"]) else { continue };
                    let mut by_treatment = std::collections::BTreeMap::new();
                    if let Some(Value::Object(map)) = present(po, "by_treatment") {
                        for (t, n) in map {
                            match n.as_u64() {
                                Some(n) if n <= 1200 => {
                                    by_treatment.insert(t.clone(), n as u32);
                                }
                                _ => self.error(&format!("{at}.by_treatment.{t}"), "must be a whole number of months".into()),
                            }
                        }
                    }
                    let description = self.string(po, "description", &at, true).unwrap_or_default();
                    let default = self.whole(po, "default", &at, true).unwrap_or_default();
                    parameters.insert(name.clone(), Parameter { description, default, by_treatment });
                }
            } else {
                self.error(&here, format!("must be an object, not {}", kind(params)));
            }
        }
        let tests = self.list(o, "tests", path, false, |r, v, p| {
            let o = r.object(v, p, &["name", "today", "answers", "expect", "expect_absent"])?;
            Some(ProtocolTest {
                name: r.string(o, "name", p, true)?,
                today: r.string(o, "today", p, false),
                answers: r.field(o, "answers", p, true)?.clone(),
                expect: r.strings(o, "expect", p, false),
                expect_absent: r.strings(o, "expect_absent", p, false),
            })
        });
        Some(Protocol {
            version: self.string(o, "version", path, true).unwrap_or_default(),
            approval,
            parameters,
            rules: self.list(o, "rules", path, true, |r, v, p| r.rule(v, p)),
            tests,
        })
    }
}
