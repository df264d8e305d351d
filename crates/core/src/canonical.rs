//! Canonical JSON: RFC 8785 (JSON Canonicalization Scheme), restricted profile.
//!
//! The signed summary is serialised canonically, so any backend in any language can
//! recompute the exact bytes that were signed. The restriction: numbers must be
//! integers of at most 2^53 - 1 in magnitude (the summary carries no fractions;
//! dates and decimals are strings), which removes ECMAScript number formatting, the
//! one hard part of JCS. Everything else follows RFC 8785: no whitespace, object
//! members sorted by the UTF-16 code units of their names, strings escaped exactly as
//! ECMAScript's `JSON.stringify` does (only `"`, `\` and control characters; `/` and
//! non-ASCII are written as themselves).

use serde_json::Value;
use std::fmt::Write;

/// The largest integer magnitude that every JSON implementation represents exactly.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Why a value has no canonical form in this profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CanonicalError {
    /// A number with a fraction or exponent, at this JSON path.
    NotAnInteger(String),
    /// An integer beyond ±(2^53 - 1), at this JSON path.
    OutOfRange(String),
}

/// What is wrong with a JSON document, said without repeating any of its values (a
/// summary carries health data, and error messages reach logs and other programs):
/// the kind of problem and where, such as "a member has the wrong type, an unknown
/// name or no value (line 1, column 288)".
pub fn describe_without_values(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match error.classify() {
        Category::Syntax => "not valid JSON",
        Category::Data => "a member has the wrong type, an unknown name or no value",
        Category::Eof => "the JSON ends too soon",
        Category::Io => "the JSON could not be read",
    };
    // An unknown member is named when its name is a plain identifier (`surprise`),
    // which helps an integrator and cannot be a patient's words.
    let text = error.to_string();
    let unknown = text
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
        .filter(|name| {
            !name.is_empty()
                && name.len() <= 64
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        });
    match unknown {
        Some(name) => format!(
            "unknown member `{name}` (line {}, column {})",
            error.line(),
            error.column()
        ),
        None => format!("{what} (line {}, column {})", error.line(), error.column()),
    }
}

/// The canonical bytes of `value`.
pub fn to_canonical_bytes(value: &Value) -> Result<Vec<u8>, CanonicalError> {
    let mut out = String::new();
    write_root(&mut out, value)?;
    Ok(out.into_bytes())
}

/// The canonical form of any serialisable value.
pub fn canonicalize<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, CanonicalError> {
    let value = serde_json::to_value(value)
        .map_err(|e| CanonicalError::NotAnInteger(format!("$ ({e})")))?;
    to_canonical_bytes(&value)
}

/// Where a number without a canonical form is, built only when there is one (a
/// profile has tens of thousands of values: formatting each one's path on the way
/// down cost a slow phone tens of milliseconds).
enum Step<'a> {
    Index(usize),
    Key(&'a str),
}

/// What is wrong, and the steps to it from the innermost out.
struct Failure<'a> {
    out_of_range: bool,
    steps: Vec<Step<'a>>,
}

impl Failure<'_> {
    fn into_error(self) -> CanonicalError {
        let mut path = String::from("$");
        for step in self.steps.iter().rev() {
            match step {
                Step::Index(i) => write!(path, "[{i}]").expect("writing to a String"),
                Step::Key(k) => write!(path, ".{k}").expect("writing to a String"),
            }
        }
        if self.out_of_range {
            CanonicalError::OutOfRange(path)
        } else {
            CanonicalError::NotAnInteger(path)
        }
    }
}

fn write_root(out: &mut String, value: &Value) -> Result<(), CanonicalError> {
    write_value(out, value).map_err(Failure::into_error)
}

fn write_value<'a>(out: &mut String, value: &'a Value) -> Result<(), Failure<'a>> {
    let fail = |out_of_range| Failure {
        out_of_range,
        steps: Vec::new(),
    };
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                if i.unsigned_abs() > MAX_SAFE_INTEGER {
                    return Err(fail(true));
                }
                write!(out, "{i}").expect("writing to a String");
            } else if let Some(u) = n.as_u64() {
                if u > MAX_SAFE_INTEGER {
                    return Err(fail(true));
                }
                write!(out, "{u}").expect("writing to a String");
            } else if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0) {
                // A whole number written with a fraction (`2.0`): RFC 8785 writes it
                // as JavaScript does, `2`.
                if f.abs() > MAX_SAFE_INTEGER as f64 {
                    return Err(fail(true));
                }
                write!(out, "{}", f as i64).expect("writing to a String");
            } else {
                return Err(fail(false));
            }
        }
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item).map_err(|mut f| {
                    f.steps.push(Step::Index(i));
                    f
                })?;
            }
            out.push(']');
        }
        Value::Object(members) => {
            let mut keys: Vec<&String> = members.keys().collect();
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, key);
                out.push(':');
                write_value(out, &members[key]).map_err(|mut f| {
                    f.steps.push(Step::Key(key));
                    f
                })?;
            }
            out.push('}');
        }
    }
    Ok(())
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                write!(out, "\\u{:04x}", c as u32).expect("writing to a String")
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn canon(v: Value) -> String {
        String::from_utf8(to_canonical_bytes(&v).unwrap()).unwrap()
    }

    #[test]
    fn rfc_8785_examples() {
        // Member order by UTF-16 code units (RFC 8785 section 3.2.3 example, integers only).
        let v = json!({"\u{20ac}": "Euro Sign", "\r": "Carriage Return", "\u{fb33}": "Hebrew Letter Dalet With Dagesh",
            "1": "One", "\u{1f600}": "Emoji: Grinning Face", "\u{80}": "Control", "\u{f6}": "Latin Small Letter O With Diaeresis"});
        assert_eq!(
            canon(v),
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"\u{f6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20ac}\":\"Euro Sign\",\"\u{1f600}\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        );
    }

    #[test]
    fn strings_escape_only_what_json_stringify_escapes() {
        assert_eq!(
            canon(json!("a/b \"q\" \\ \u{1} \u{1f} é 😀 \n")),
            "\"a/b \\\"q\\\" \\\\ \\u0001 \\u001f é 😀 \\n\""
        );
    }

    #[test]
    fn fractions_and_unsafe_integers_are_refused_with_their_path() {
        assert_eq!(
            to_canonical_bytes(&json!({"a": [1, 2.5]})),
            Err(CanonicalError::NotAnInteger("$.a[1]".into()))
        );
        assert_eq!(
            to_canonical_bytes(&json!({"n": 9007199254740992u64})),
            Err(CanonicalError::OutOfRange("$.n".into()))
        );
        assert_eq!(
            canon(json!({"n": -9007199254740991i64, "z": 0})),
            "{\"n\":-9007199254740991,\"z\":0}"
        );
    }
}
