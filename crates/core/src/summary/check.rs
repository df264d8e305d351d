//! What a receiver (or the widget, before signing) checks of a summary beyond its
//! shape: identifiers, timestamps, hashes and references that must hold together.

use super::{Decision, SUMMARY_SCHEMA_VERSION, SignatureMethod, Summary};
use crate::formats::{is_rfc3339, is_sha256_hex, is_uuid_v4};

/// One problem, with the JSON path it is at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryProblem {
    /// JSON path, such as `$.consents[1].sha256`.
    pub path: String,
    /// What is wrong, in plain words.
    pub message: String,
}

impl Summary {
    /// Every problem with this summary; empty when it is sound.
    pub fn problems(&self) -> Vec<SummaryProblem> {
        let mut out = Vec::new();
        let mut push = |path: String, message: &str| {
            out.push(SummaryProblem {
                path,
                message: message.to_owned(),
            })
        };
        if self.schema_version != SUMMARY_SCHEMA_VERSION {
            push("$.schema_version".into(), "unsupported schema version");
        }
        if !is_uuid_v4(&self.submission_id) {
            push(
                "$.submission_id".into(),
                "must be a lower-case random (version 4) UUID",
            );
        }
        if self.answers.language != self.language {
            push(
                "$.answers.language".into(),
                "must equal the summary's language",
            );
        }
        if let Some(hash) = &self.clinic.profile_sha256
            && !is_sha256_hex(hash)
        {
            push(
                "$.clinic.profile_sha256".into(),
                "must be 64 lower-case hex digits",
            );
        }
        if !is_sha256_hex(&self.disclosure.sha256) {
            push(
                "$.disclosure.sha256".into(),
                "must be 64 lower-case hex digits",
            );
        }
        if !is_rfc3339(&self.disclosure.accepted_at) {
            push(
                "$.disclosure.accepted_at".into(),
                "must be an RFC 3339 time with offset",
            );
        }
        for (i, c) in self.consents.iter().enumerate() {
            let at = |field: &str| format!("$.consents[{i}].{field}");
            if !is_sha256_hex(&c.sha256) {
                push(at("sha256"), "must be 64 lower-case hex digits");
            }
            if !is_rfc3339(&c.decided_at) {
                push(at("decided_at"), "must be an RFC 3339 time with offset");
            }
            if let Some(t) = &c.treatment
                && !self.answers.treatments.contains(t)
            {
                push(
                    at("treatment"),
                    "names a treatment the patient did not choose",
                );
            }
            match (c.decision, c.signature) {
                (Decision::Consented, None) => push(
                    at("signature"),
                    "a consent needs the signature that adopted it",
                ),
                (_, Some(s)) if s as usize >= self.signatures.len() => {
                    push(at("signature"), "refers to a signature that does not exist")
                }
                _ => {}
            }
        }
        for (i, s) in self.signatures.iter().enumerate() {
            let at = |field: &str| format!("$.signatures[{i}].{field}");
            if s.printed_name.trim().is_empty() {
                push(at("printed_name"), "must not be empty");
            }
            if s.meaning.trim().is_empty() {
                push(at("meaning"), "must not be empty");
            }
            if !is_rfc3339(&s.signed_at) {
                push(at("signed_at"), "must be an RFC 3339 time with offset");
            }
            match &s.method {
                SignatureMethod::Drawn { strokes, .. }
                    if !strokes.iter().any(|st| st.points.len() >= 2) =>
                {
                    push(at("method"), "a drawn signature needs at least one stroke")
                }
                SignatureMethod::Typed { text } if text.trim().is_empty() => {
                    push(at("method"), "a typed signature must not be empty")
                }
                _ => {}
            }
        }
        for (i, e) in self.audit.iter().enumerate() {
            if !is_rfc3339(&e.at) {
                push(
                    format!("$.audit[{i}].at"),
                    "must be an RFC 3339 time with offset",
                );
            }
        }
        out.extend(size_problems(self));
        out
    }
}

/// The largest a summary may be, as canonical JSON: far above any real visit (the
/// three personas' summaries are under 40 KB, signatures included).
pub const MAX_SUMMARY_BYTES: usize = 512 * 1024;
/// The longest any text in a summary may be, in characters.
pub const MAX_TEXT_CHARS: usize = 4_000;
/// The most items any list in a summary may hold (a signature's points included).
pub const MAX_LIST_ITEMS: usize = 10_000;

/// Texts and lists over the limits, each at its path, and the whole summary over its
/// size, so that nobody can fill a clinic's disk through the submission endpoint.
/// The messages never repeat what was sent.
fn size_problems(summary: &Summary) -> Vec<SummaryProblem> {
    let Ok(value) = serde_json::to_value(summary) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk(&value, "$".to_owned(), &mut out);
    let bytes = crate::canonical::to_canonical_bytes(&value).map_or(0, |b| b.len());
    if bytes > MAX_SUMMARY_BYTES {
        out.push(SummaryProblem {
            path: "$".into(),
            message: format!("the summary is over {} KB", MAX_SUMMARY_BYTES / 1024),
        });
    }
    out
}

fn walk(value: &serde_json::Value, path: String, out: &mut Vec<SummaryProblem>) {
    use serde_json::Value;
    match value {
        Value::String(text) if text.chars().count() > MAX_TEXT_CHARS => out.push(SummaryProblem {
            path,
            message: format!("longer than {MAX_TEXT_CHARS} characters"),
        }),
        Value::Array(items) => {
            if items.len() > MAX_LIST_ITEMS {
                out.push(SummaryProblem {
                    path: path.clone(),
                    message: format!("more than {MAX_LIST_ITEMS} items"),
                });
            }
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{path}[{i}]"), out);
            }
        }
        Value::Object(members) => {
            for (name, item) in members {
                walk(item, format!("{path}.{name}"), out);
            }
        }
        _ => {}
    }
}
