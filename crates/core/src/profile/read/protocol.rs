//! Reading the risk protocol part of a clinic profile, with the same path-precise
//! errors as the rest of the reader.

use std::sync::Arc;

use serde_json::Value;

use super::{Object, Reader, kind, present};
use crate::profile::protocol::{
    Approval, Months, Parameter, ProductSelector, Protocol, ProtocolTest, RiskCondition, Rule,
    Severity,
};
use crate::vocabulary::ReactionSeverity;
use crate::vocabulary::Route;

impl Reader {
    pub(super) fn strings(
        &mut self,
        o: &Object,
        key: &str,
        path: &str,
        required: bool,
    ) -> Vec<String> {
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
            Value::Number(n) if n.as_u64().is_some_and(|n| n <= 1200) => {
                Some(Months::Fixed(n.as_u64()? as u32))
            }
            Value::Object(_) => {
                let o = self.object(v, path, &["param"])?;
                Some(Months::Param {
                    param: self.string(o, "param", path, true)?,
                })
            }
            _ => {
                self.error(
                    path,
                    "must be a whole number of months or {\"param\": name}".into(),
                );
                None
            }
        }
    }

    fn risk_condition(&mut self, v: &Value, path: &str) -> Option<RiskCondition> {
        const KINDS: &str = "all, any, not, answer, medication, allergy, date_within, date_within_days, age_under, unanswered, score_at_least";
        const SEVERITIES: &[(&str, ReactionSeverity)] = &[
            ("mild", ReactionSeverity::Mild),
            ("moderate", ReactionSeverity::Moderate),
            ("severe", ReactionSeverity::Severe),
            ("anaphylaxis", ReactionSeverity::Anaphylaxis),
        ];
        let (key, inner) = self.single_key(v, path, "a rule condition", KINDS)?;
        let here = format!("{path}.{key}");
        match key.as_str() {
            "all" => self
                .conditions(inner, &here, Self::risk_condition)
                .map(RiskCondition::All),
            "any" => self
                .conditions(inner, &here, Self::risk_condition)
                .map(RiskCondition::Any),
            "not" => self
                .risk_condition(inner, &here)
                .map(|c| RiskCondition::Not(Box::new(c))),
            "answer" => self.condition(inner, &here).map(RiskCondition::Answer),
            "medication" => {
                const ROUTES: &[(&str, Route)] = &[
                    ("topical", Route::Topical),
                    ("drops", Route::Drops),
                    ("inhaled", Route::Inhaled),
                    ("oral", Route::Oral),
                    ("injected", Route::Injected),
                    ("unspecified", Route::Unspecified),
                ];
                let o = self.object(inner, &here, &["class", "within_months", "routes"])?;
                let routes = present(o, "routes")
                    .map(|_| self.list(o, "routes", &here, false, |r, v, p| r.name(v, p, ROUTES)));
                Some(RiskCondition::Medication {
                    class: self.string(o, "class", &here, true)?,
                    routes,
                    within_months: present(o, "within_months")
                        .and_then(|m| self.months(m, &format!("{here}.within_months"))),
                })
            }
            "allergy" => {
                let o = self.object(inner, &here, &["class", "min_severity"])?;
                Some(RiskCondition::Allergy {
                    class: self.string(o, "class", &here, false),
                    min_severity: present(o, "min_severity")
                        .and_then(|m| self.name(m, &format!("{here}.min_severity"), SEVERITIES)),
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
            "date_within_days" => {
                let o = self.object(inner, &here, &["question", "days"])?;
                let days = match self.field(o, "days", &here, true)?.as_u64() {
                    Some(n) if n <= 36_500 => n as u32,
                    _ => {
                        self.error(
                            &format!("{here}.days"),
                            "must be a whole number of days".into(),
                        );
                        return None;
                    }
                };
                Some(RiskCondition::DateWithinDays {
                    question: self.string(o, "question", &here, true)?,
                    days,
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
                Some(RiskCondition::ScoreAtLeast {
                    score: self.string(o, "score", &here, true)?,
                    value: self.whole(o, "value", &here, true)?,
                })
            }
            other => {
                self.error(
                    &here,
                    format!("unknown rule condition `{other}`; expected one of: {KINDS}"),
                );
                None
            }
        }
    }

    fn product_selector(&mut self, v: &Value, path: &str) -> Option<ProductSelector> {
        let o = self.object(v, path, &["contains", "label", "energy"])?;
        match (o.get("contains"), o.get("label"), o.get("energy")) {
            (Some(_), None, None) => Some(ProductSelector::Contains(
                self.string(o, "contains", path, true)?,
            )),
            (None, Some(_), None) => {
                Some(ProductSelector::Label(self.string(o, "label", path, true)?))
            }
            (None, None, Some(_)) => Some(ProductSelector::Energy(
                self.string(o, "energy", path, true)?,
            )),
            _ => {
                self.error(
                    path,
                    "must be one of {\"contains\": ingredient or class}, {\"label\": contraindication} or {\"energy\": a device's energy}"
                        .into(),
                );
                None
            }
        }
    }

    fn rule(&mut self, v: &Value, path: &str) -> Option<Rule> {
        const SEVERITIES: &[(&str, Severity)] = &[
            ("info", Severity::Info),
            ("caution", Severity::Caution),
            ("review", Severity::Review),
            ("stop", Severity::Stop),
        ];
        let o = self.object(
            v,
            path,
            &[
                "id",
                "treatments",
                "products_with",
                "when",
                "severity",
                "patient",
                "provider",
                "source",
            ],
        )?;
        let when = self
            .field(o, "when", path, true)
            .and_then(|w| self.risk_condition(w, &format!("{path}.when")));
        let severity = self
            .field(o, "severity", path, true)
            .and_then(|s| self.name(s, &format!("{path}.severity"), SEVERITIES));
        Some(Rule {
            id: self.string(o, "id", path, true).unwrap_or_default(),
            treatments: self.strings(o, "treatments", path, true),
            products_with: present(o, "products_with")
                .and_then(|p| self.product_selector(p, &format!("{path}.products_with"))),
            patient: Arc::new(self.localized(o, "patient", path, true)?),
            provider: self
                .string(o, "provider", path, true)
                .unwrap_or_default()
                .into(),
            source: self
                .string(o, "source", path, true)
                .unwrap_or_default()
                .into(),
            when: when?,
            severity: severity?,
        })
    }

    pub(super) fn protocol(&mut self, v: &Value, path: &str) -> Option<Protocol> {
        let o = self.object(
            v,
            path,
            &["version", "approval", "parameters", "rules", "tests"],
        )?;
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
                    let Some(po) = self.object(p, &at, &["description", "default", "by_treatment"])
                    else {
                        continue;
                    };
                    let mut by_treatment = std::collections::BTreeMap::new();
                    if let Some(Value::Object(map)) = present(po, "by_treatment") {
                        for (t, n) in map {
                            match n.as_u64() {
                                Some(n) if n <= 1200 => {
                                    by_treatment.insert(t.clone(), n as u32);
                                }
                                _ => self.error(
                                    &format!("{at}.by_treatment.{t}"),
                                    "must be a whole number of months".into(),
                                ),
                            }
                        }
                    }
                    let description = self
                        .string(po, "description", &at, true)
                        .unwrap_or_default();
                    let default = self.whole(po, "default", &at, true).unwrap_or_default();
                    parameters.insert(
                        name.clone(),
                        Parameter {
                            description,
                            default,
                            by_treatment,
                        },
                    );
                }
            } else {
                self.error(&here, format!("must be an object, not {}", kind(params)));
            }
        }
        let tests = self.list(o, "tests", path, false, |r, v, p| {
            let o = r.object(
                v,
                p,
                &[
                    "name",
                    "assumes",
                    "today",
                    "answers",
                    "expect",
                    "expect_absent",
                ],
            )?;
            Some(ProtocolTest {
                name: r.string(o, "name", p, true)?,
                assumes: r.strings(o, "assumes", p, false),
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
