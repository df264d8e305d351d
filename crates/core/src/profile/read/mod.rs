//! Reads a clinic profile from JSON by walking a `serde_json::Value`.
//!
//! Hand-written rather than derived for two reasons. Every problem is reported with
//! its JSON path (an unknown field at `$.sections[0].questions[3].requird`, a number
//! where text belongs), all at once, which serde's first-error-only messages with a
//! line and column cannot do. And it is non-generic code: the derived deserialiser
//! for these nested types measured about 66 KB of the wasm bundle. The serde derives
//! on the types remain for native tools; a test proves both readers agree.

use serde_json::{Map, Value};

use super::{ClinicProfile, ProfileError};
use crate::i18n::{Lang, Localized};

mod check_ins;
mod condition;
mod consent;
mod delivery;
mod kiosk;
mod protocol;
mod section;
mod treatment;

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

/// The members of a profile document, in the order the format lists them.
pub(in crate::profile) const PROFILE_FIELDS: &[&str] = &[
    "schema_version",
    "id",
    "version",
    "name",
    "front_desk_phone",
    "demo",
    "languages",
    "questionnaire_url",
    "treatments",
    "sections",
    "protocol",
    "delivery",
    "consents",
    "kiosk",
    "aftercare",
    "vocabulary",
];

impl Reader {
    fn error(&mut self, path: &str, message: String) {
        self.errors.push(ProfileError {
            path: path.to_owned(),
            message,
        });
    }

    /// `v` as an object with only `allowed` keys (unknown keys are reported).
    fn object<'v>(&mut self, v: &'v Value, path: &str, allowed: &[&str]) -> Option<&'v Object> {
        let Value::Object(o) = v else {
            self.error(path, format!("must be an object, not {}", kind(v)));
            return None;
        };
        for key in o.keys().filter(|k| !allowed.contains(&k.as_str())) {
            self.error(
                &format!("{path}.{key}"),
                format!(
                    "unknown field `{key}`{}; expected one of: {}",
                    crate::profile::hint(key, allowed.iter().copied()),
                    allowed.join(", ")
                ),
            );
        }
        Some(o)
    }

    fn field<'v>(
        &mut self,
        o: &'v Object,
        key: &str,
        path: &str,
        required: bool,
    ) -> Option<&'v Value> {
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
                self.error(
                    &format!("{path}.{key}"),
                    format!("must be text, not {}", kind(other)),
                );
                None
            }
        }
    }

    fn boolean(&mut self, o: &Object, key: &str, path: &str) -> bool {
        match self.field(o, key, path, false) {
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.error(
                    &format!("{path}.{key}"),
                    format!("must be true or false, not {}", kind(other)),
                );
                false
            }
            None => false,
        }
    }

    fn number(&mut self, o: &Object, key: &str, path: &str) -> Option<f64> {
        match self.field(o, key, path, false)? {
            Value::Number(n) => n.as_f64(),
            other => {
                self.error(
                    &format!("{path}.{key}"),
                    format!("must be a number, not {}", kind(other)),
                );
                None
            }
        }
    }

    fn whole(&mut self, o: &Object, key: &str, path: &str, required: bool) -> Option<u32> {
        match self.field(o, key, path, required)? {
            Value::Number(n) if n.as_u64().is_some_and(|n| n <= u64::from(u32::MAX)) => {
                n.as_u64().map(|n| n as u32)
            }
            other => {
                self.error(
                    &format!("{path}.{key}"),
                    format!("must be a whole number of at least 0, not {}", kind(other)),
                );
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
                self.error(
                    &format!("{path}.{key}"),
                    format!("must be a list, not {}", kind(other)),
                );
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    /// One of `names` (for enums written as text).
    fn name<T: Copy>(&mut self, v: &Value, path: &str, names: &[(&str, T)]) -> Option<T> {
        let found = v
            .as_str()
            .and_then(|s| names.iter().find(|(n, _)| *n == s))
            .map(|(_, t)| *t);
        if found.is_none() {
            let expected: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
            self.error(path, format!("must be one of: {}", expected.join(", ")));
        }
        found
    }

    fn localized(
        &mut self,
        o: &Object,
        key: &str,
        path: &str,
        required: bool,
    ) -> Option<Localized> {
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
        Some(Localized {
            en: self.string(o, "en", &path, false),
            es: self.string(o, "es", &path, false),
        })
    }

    /// The profile's `vocabulary`: the file's version and SHA-256.
    fn vocabulary_ref(&mut self, v: &Value) -> Option<crate::profile::VocabularyRef> {
        const PATH: &str = "$.vocabulary";
        let o = self.object(v, PATH, &["version", "sha256"])?;
        Some(crate::profile::VocabularyRef {
            version: self.string(o, "version", PATH, true)?,
            sha256: self.string(o, "sha256", PATH, true)?,
        })
    }

    /// The whole profile, or `None` when anything could not be read.
    pub(super) fn profile(&mut self, v: &Value) -> Option<ClinicProfile> {
        const LANGS: &[(&str, Lang)] = &[("en", Lang::En), ("es", Lang::Es)];
        let o = self.object(v, "$", PROFILE_FIELDS)?;
        let profile = ClinicProfile {
            sha256: String::new(),
            schema_version: self
                .whole(o, "schema_version", "$", true)
                .unwrap_or_default(),
            id: self.string(o, "id", "$", true).unwrap_or_default(),
            version: self.string(o, "version", "$", true).unwrap_or_default(),
            name: self.string(o, "name", "$", true).unwrap_or_default(),
            front_desk_phone: self
                .string(o, "front_desk_phone", "$", true)
                .unwrap_or_default(),
            demo: self.boolean(o, "demo", "$"),
            languages: self.list(o, "languages", "$", true, |r, v, p| r.name(v, p, LANGS)),
            questionnaire_url: self
                .string(o, "questionnaire_url", "$", true)
                .unwrap_or_default(),
            treatments: self.list(o, "treatments", "$", true, |r, v, p| r.treatment(v, p)),
            sections: self.list(o, "sections", "$", true, |r, v, p| r.section(v, p)),
            protocol: present(o, "protocol").and_then(|v| self.protocol(v, "$.protocol")),
            delivery: self.list(o, "delivery", "$", false, |r, v, p| r.delivery_target(v, p)),
            consents: self.list(o, "consents", "$", false, |r, v, p| {
                r.consent_document(v, p)
            }),
            kiosk: present(o, "kiosk")
                .map(|v| self.kiosk(v, "$.kiosk"))
                .unwrap_or_default(),
            aftercare: present(o, "aftercare").and_then(|v| self.aftercare(v, "$.aftercare")),
            vocabulary: present(o, "vocabulary").and_then(|v| self.vocabulary_ref(v)),
        };
        self.errors.is_empty().then_some(profile)
    }
}
