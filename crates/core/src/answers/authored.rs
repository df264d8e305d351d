//! An answers file as a protocol's author writes one (a case in `protocol.tests`, the
//! protocol tool's `check` input): the patient's optional details may be left out.
//! A signed summary always carries every detail; this is for files people write.

use serde_json::Value;

/// The details a patient may leave empty: an author may leave them out.
const OPTIONAL_DETAILS: [&str; 3] = ["preferred_name", "email", "emergency_relationship"];

/// Fills in, as empty, the optional details an authored answers file left out.
pub fn with_optional_details(mut answers: Value) -> Value {
    if let Some(details) = answers.get_mut("details").and_then(Value::as_object_mut) {
        for field in OPTIONAL_DETAILS {
            details
                .entry(field)
                .or_insert_with(|| Value::String(String::new()));
        }
    }
    answers
}
