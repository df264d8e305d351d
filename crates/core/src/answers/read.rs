//! Reading answers back from JSON by walking a `serde_json::Value`, without serde's
//! derived deserialisers: the widget reads answers only from its own drafts, and the
//! derive would add about 20 KB (brotli) to every first visit. What this accepts is
//! exactly what `Answers`' `Serialize` writes (a test round-trips every kind of
//! answer and the personas' summaries against the derive, which native code uses).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{Allergy, Answer, Answers, Medication, ReactionSeverity};
use crate::details::{DateParts, PatientDetails};
use crate::i18n::Lang;

type Object = Map<String, Value>;

fn text(o: &Object, key: &str) -> Option<String> {
    o.get(key)?.as_str().map(str::to_owned)
}

fn optional_text(o: &Object, key: &str) -> Option<Option<String>> {
    match o.get(key) {
        None | Some(Value::Null) => Some(None),
        Some(v) => v.as_str().map(|s| Some(s.to_owned())),
    }
}

fn texts(v: &Value) -> Option<Vec<String>> {
    list(v, |s| s.as_str().map(str::to_owned))
}

/// Every item of the list `v` read by `item`; `None` if any is not.
fn list<T>(v: &Value, item: impl Fn(&Value) -> Option<T>) -> Option<Vec<T>> {
    v.as_array()?.iter().map(item).collect()
}

/// An object of texts by key.
fn text_map(v: &Value) -> Option<BTreeMap<String, String>> {
    v.as_object()?
        .iter()
        .map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
        .collect()
}

fn date_parts(v: &Value) -> Option<DateParts> {
    let o = v.as_object()?;
    Some(DateParts {
        day: text(o, "day")?,
        month: text(o, "month")?,
        year: text(o, "year")?,
    })
}

fn details(v: &Value) -> Option<PatientDetails> {
    let o = v.as_object()?;
    Some(PatientDetails {
        legal_name: text(o, "legal_name")?,
        preferred_name: text(o, "preferred_name")?,
        date_of_birth: date_parts(o.get("date_of_birth")?)?,
        mobile_phone: text(o, "mobile_phone")?,
        email: text(o, "email")?,
        emergency_name: text(o, "emergency_name")?,
        emergency_relationship: text(o, "emergency_relationship")?,
        emergency_phone: text(o, "emergency_phone")?,
    })
}

fn severity(v: Option<&Value>) -> Option<Option<ReactionSeverity>> {
    match v {
        None | Some(Value::Null) => Some(None),
        Some(v) => match v.as_str()? {
            "mild" => Some(Some(ReactionSeverity::Mild)),
            "moderate" => Some(Some(ReactionSeverity::Moderate)),
            "severe" => Some(Some(ReactionSeverity::Severe)),
            "anaphylaxis" => Some(Some(ReactionSeverity::Anaphylaxis)),
            _ => None,
        },
    }
}

fn medication(v: &Value) -> Option<Medication> {
    let o = v.as_object()?;
    Some(Medication {
        name: text(o, "name")?,
        code: optional_text(o, "code")?,
        current: o.get("current")?.as_bool()?,
        stopped: date_parts(o.get("stopped")?)?,
    })
}

fn allergy(v: &Value) -> Option<Allergy> {
    let o = v.as_object()?;
    Some(Allergy {
        substance: text(o, "substance")?,
        code: optional_text(o, "code")?,
        reaction: text(o, "reaction")?,
        severity: severity(o.get("severity"))?,
    })
}

fn answer(v: &Value) -> Option<Answer> {
    let o = v.as_object()?;
    let value = o.get("value")?;
    Some(match o.get("type")?.as_str()? {
        "text" => Answer::Text(value.as_str()?.to_owned()),
        "yes_no" => Answer::YesNo(value.as_bool()?),
        "choice" => Answer::Choice(value.as_str()?.to_owned()),
        "choices" => Answer::Choices(texts(value)?),
        "date" => Answer::Date(date_parts(value)?),
        "number" => Answer::Number(value.as_str()?.to_owned()),
        "medications" => Answer::Medications(list(value, medication)?),
        "allergies" => Answer::Allergies(list(value, allergy)?),
        "body_areas" => Answer::BodyAreas(text_map(value)?),
        "scale" => Answer::Scale(i32::try_from(value.as_i64()?).ok()?),
        _ => return None,
    })
}

impl Answers {
    /// The answers in `v`, written by `Answers`' `Serialize`; `None` when anything in
    /// it is not what that writes.
    pub fn from_value(v: &Value) -> Option<Answers> {
        let o = v.as_object()?;
        let values: BTreeMap<String, Answer> = o
            .get("values")?
            .as_object()?
            .iter()
            .map(|(k, v)| Some((k.clone(), answer(v)?)))
            .collect::<Option<_>>()?;
        let products = match o.get("products") {
            None => BTreeMap::new(),
            Some(p) => text_map(p)?,
        };
        Some(Answers {
            language: Lang::from_tag(o.get("language")?.as_str()?)?,
            treatments: texts(o.get("treatments")?)?,
            details: details(o.get("details")?)?,
            values,
            products,
        })
    }
}
