//! After a treatment: when the clinic checks in with the patient, what it asks, and
//! which warning signs mean "call the clinic now" or "call emergency services". Data
//! only; `crate::check_in` assesses a patient's answers against it.
//!
//! Pain from 0 to 10 and a free-text note are always asked, so neither is written
//! here.

use serde::{Deserialize, Serialize};

use crate::i18n::Localized;

/// A treatment's check-ins: the days, whether a photo is asked for, and the warning
/// signs the patient is asked about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckIns {
    /// The days after the treatment a check-in is due, strictly ascending, each at
    /// most [`MAX_AFTER_DAYS`]; 0 is the same evening.
    pub after_days: Vec<u16>,
    /// Whether the check-in asks for a photo (always optional for the patient).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub photo: bool,
    /// The signs the patient is asked about, in the order they are shown.
    pub signs: Vec<WarningSign>,
}

/// A sign the patient may have noticed since the treatment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WarningSign {
    /// Identifier, unique in the treatment (`[a-z0-9_]+`); a check-in records it.
    pub id: String,
    /// The sign in plain words, as the patient reads it.
    pub text: Localized,
    /// What the patient must do at once when they have it; without it, the sign is
    /// reported to the clinic but is not urgent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<Act>,
}

/// What a warning sign asks the patient to do at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Act {
    /// Call the clinic now ([`Aftercare::call`]).
    CallClinic,
    /// Call emergency services now ([`Aftercare::emergency_number`]).
    Emergency,
}

/// The numbers a patient is given after a treatment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Aftercare {
    /// The clinic's number for a warning sign, in E.164 (`+15550104477`): the
    /// tap-to-call link.
    pub call: String,
    /// The local emergency number, digits only (2 to 6: `911`, `112`).
    pub emergency_number: String,
}

/// The latest day a check-in may be due.
pub const MAX_AFTER_DAYS: u16 = 365;

impl CheckIns {
    /// The sign with `id`.
    pub fn sign(&self, id: &str) -> Option<&WarningSign> {
        self.signs.iter().find(|s| s.id == id)
    }

    /// Whether any sign asks the patient to act.
    pub fn has_urgent_sign(&self) -> bool {
        self.signs.iter().any(|s| s.act.is_some())
    }
}

/// Whether `id` is a sign id: `[a-z0-9_]+`.
pub fn is_sign_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Whether `number` is an emergency number: 2 to 6 digits.
pub fn is_emergency_number(number: &str) -> bool {
    (2..=6).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit())
}
