//! The clinic profile: the one JSON document that shapes a clinic's widget.
//!
//! The widget is one build for many clinics; what differs between them is data.
//! Unknown fields are errors, not silently ignored, so a typo in a profile is caught
//! the first time it is loaded.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The profile format this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// The embedded demo clinic, used when no other profile is named.
pub const DEMO_PROFILE_JSON: &str = include_str!("../profiles/demo.json");

/// Who the clinic is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClinicProfile {
    /// Format version of this document; must equal [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Stable identifier of the clinic, recorded with every submission.
    pub id: String,
    /// The clinic's name as patients know it.
    pub name: String,
    /// The number patients call with questions; shown on help and error screens.
    pub front_desk_phone: String,
    /// A demonstration profile: the widget says so on every screen.
    #[serde(default)]
    pub demo: bool,
}

/// A problem with a profile: where (a JSON path such as `$.name`) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileError {
    /// JSON path of the offending value, `$` for the whole document.
    pub path: String,
    /// A plain description for the clinic's staff.
    pub message: String,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl ClinicProfile {
    /// Reads and checks a profile. Returns every problem found, not just the first.
    pub fn from_json(text: &str) -> Result<Self, Vec<ProfileError>> {
        let profile: Self = serde_json::from_str(text).map_err(|e| {
            vec![ProfileError { path: "$".into(), message: format!("not a valid clinic profile: {e}") }]
        })?;
        let problems = profile.problems();
        if problems.is_empty() { Ok(profile) } else { Err(problems) }
    }

    /// The embedded demo profile.
    pub fn demo() -> Self {
        Self::from_json(DEMO_PROFILE_JSON).expect("the embedded demo profile is valid (tested)")
    }

    fn problems(&self) -> Vec<ProfileError> {
        let mut out = Vec::new();
        let mut check = |ok: bool, path: &str, message: String| {
            if !ok {
                out.push(ProfileError { path: path.into(), message });
            }
        };
        check(
            self.schema_version == SCHEMA_VERSION,
            "$.schema_version",
            format!("this widget reads schema version {SCHEMA_VERSION}, the profile has {}", self.schema_version),
        );
        check(!self.id.trim().is_empty(), "$.id", "must not be empty".into());
        check(!self.name.trim().is_empty(), "$.name", "must not be empty".into());
        check(!self.front_desk_phone.trim().is_empty(), "$.front_desk_phone", "must not be empty".into());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_profile_is_valid() {
        let demo = ClinicProfile::demo();
        assert_eq!(demo.schema_version, SCHEMA_VERSION);
        assert!(demo.demo);
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let text = r#"{"schema_version": 9, "id": " ", "name": "", "front_desk_phone": "1"}"#;
        let errors = ClinicProfile::from_json(text).unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["$.schema_version", "$.id", "$.name"]);
    }

    #[test]
    fn unknown_fields_are_errors() {
        let text = r#"{"schema_version": 1, "id": "a", "name": "A", "front_desk_phone": "1", "colour": "red"}"#;
        let errors = ClinicProfile::from_json(text).unwrap_err();
        assert!(errors[0].message.contains("unknown field `colour`"), "{}", errors[0]);
    }
}
