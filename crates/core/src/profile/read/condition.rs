//! Reading the `when` conditions of a clinic profile.

use serde_json::Value;

use super::{Reader, kind};
use crate::profile::Condition;

impl Reader {
    /// The one member of a single-key object (how conditions name their kind).
    pub(super) fn single_key<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
        what: &str,
        kinds: &str,
    ) -> Option<(&'v String, &'v Value)> {
        match v {
            Value::Object(o) if o.len() == 1 => o.iter().next(),
            _ => {
                self.error(
                    path,
                    format!("{what} is an object with exactly one of: {kinds}"),
                );
                None
            }
        }
    }

    /// The conditions of an `all` or `any` list, each read by `read` at its own path.
    pub(super) fn conditions<T>(
        &mut self,
        v: &Value,
        path: &str,
        read: fn(&mut Self, &Value, &str) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Value::Array(items) = v else {
            self.error(path, "must be a list of conditions".into());
            return None;
        };
        Some(
            items
                .iter()
                .enumerate()
                .filter_map(|(i, c)| read(self, c, &format!("{path}[{i}]")))
                .collect(),
        )
    }

    pub(super) fn condition(&mut self, v: &Value, path: &str) -> Option<Condition> {
        const KINDS: &str = "all, any, not, equals, includes, answered, treatment, age_at_least";
        let (key, inner) = self.single_key(v, path, "a condition", KINDS)?;
        let here = format!("{path}.{key}");
        match key.as_str() {
            "all" => self
                .conditions(inner, &here, Self::condition)
                .map(Condition::All),
            "any" => self
                .conditions(inner, &here, Self::condition)
                .map(Condition::Any),
            "not" => self
                .condition(inner, &here)
                .map(|c| Condition::Not(Box::new(c))),
            "equals" => {
                let o = self.object(inner, &here, &["question", "value"])?;
                Some(Condition::Equals {
                    question: self.string(o, "question", &here, true)?,
                    value: self.string(o, "value", &here, true)?,
                })
            }
            "includes" => {
                let o = self.object(inner, &here, &["question", "option"])?;
                Some(Condition::Includes {
                    question: self.string(o, "question", &here, true)?,
                    option: self.string(o, "option", &here, true)?,
                })
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
                self.error(
                    &here,
                    format!("unknown condition `{other}`; expected one of: {KINDS}"),
                );
                None
            }
        }
    }
}
