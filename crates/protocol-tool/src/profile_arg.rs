//! The PROFILE argument: a clinic profile file, or `--demo` for the built-in demo.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use candor_core::ClinicProfile;
use candor_core::risk::Protocol;

/// Where a profile comes from, as named on the command line.
#[derive(Clone, Debug)]
pub enum ProfileArg {
    /// `--demo`: the demo clinic's profile, embedded in the tool.
    Demo,
    /// A file.
    File(String),
}

impl FromStr for ProfileArg {
    type Err = Infallible;

    fn from_str(s: &str) -> Result<Self, Infallible> {
        Ok(if s == "--demo" {
            ProfileArg::Demo
        } else {
            ProfileArg::File(s.to_owned())
        })
    }
}

impl fmt::Display for ProfileArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileArg::Demo => f.write_str("--demo"),
            ProfileArg::File(path) => f.write_str(path),
        }
    }
}

impl ProfileArg {
    /// The profile's text.
    pub fn text(&self) -> Result<String, String> {
        match self {
            ProfileArg::Demo => Ok(candor_core::profile::DEMO_PROFILE_JSON.to_owned()),
            ProfileArg::File(path) => {
                std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
            }
        }
    }

    /// The profile, read and checked as the widget reads it.
    pub fn load(&self) -> Result<ClinicProfile, String> {
        ClinicProfile::from_json(&self.text()?)
            .map_err(|errors| format!("{self} is not a usable clinic profile:\n{}", lines(&errors)))
    }

    /// The profile's structure, read without checking its references (for lint and diff).
    pub fn read_unchecked(&self) -> Result<ClinicProfile, String> {
        ClinicProfile::read_unchecked(&self.text()?)
            .map_err(|errors| format!("{self} cannot be read:\n{}", lines(&errors)))
    }
}

/// The profile's protocol, or why there is none.
pub fn protocol(profile: &ClinicProfile) -> Result<&Protocol, String> {
    profile
        .protocol
        .as_ref()
        .ok_or_else(|| "the profile has no protocol".to_owned())
}

fn lines(errors: &[candor_core::ProfileError]) -> String {
    errors
        .iter()
        .map(|e| format!("  {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}
