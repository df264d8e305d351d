//! How the widget behaves on the clinic's own waiting-room tablet (kiosk mode): the
//! idle times, the visit's cap, the hand-back screen's wait, the start screen's words
//! and where a tablet enrols. Every field has a default, so a profile without
//! `kiosk` gets the recommended behaviour.

use serde::{Deserialize, Serialize};

use crate::i18n::Localized;

/// Kiosk settings of a clinic profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct KioskSettings {
    /// Seconds without a touch or a key before "Are you still there?" (30 to 900).
    pub idle_seconds: u32,
    /// The same while a consent document is being read (at least `idle_seconds`).
    pub reading_idle_seconds: u32,
    /// Seconds the warning counts down before the visit is wiped (20 to 120; WCAG
    /// 2.2.1 asks for at least 20 to extend).
    pub warning_seconds: u32,
    /// Minutes a visit may last before the same warning (5 to 240); Continue gives
    /// [`KioskSettings::EXTENSION_MINUTES`] more each time.
    pub visit_minutes: u32,
    /// Seconds the hand-back screen shows before the start screen returns (5 to 120).
    pub handback_seconds: u32,
    /// Where a tablet enrols with its one-time code (the reference receiver's
    /// `/api/kiosk/enrol`).
    pub enrol_url: String,
    /// The start screen's heading (default: "Welcome to <clinic>").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_title: Option<Localized>,
    /// A line under it (default: the interface's own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_message: Option<Localized>,
}

impl KioskSettings {
    /// Minutes a visit gains when the patient answers the cap's warning.
    pub const EXTENSION_MINUTES: u32 = 10;
}

impl Default for KioskSettings {
    fn default() -> Self {
        Self {
            idle_seconds: 120,
            reading_idle_seconds: 300,
            warning_seconds: 30,
            visit_minutes: 30,
            handback_seconds: 20,
            enrol_url: "/api/kiosk/enrol".into(),
            start_title: None,
            start_message: None,
        }
    }
}

/// The ranges [`KioskSettings`] must keep, as (field, least, most).
pub const KIOSK_RANGES: [(&str, u32, u32); 5] = [
    ("idle_seconds", 30, 900),
    ("reading_idle_seconds", 30, 1800),
    ("warning_seconds", 20, 120),
    ("visit_minutes", 5, 240),
    ("handback_seconds", 5, 120),
];

impl KioskSettings {
    /// The value of a field named in [`KIOSK_RANGES`].
    pub fn value(&self, field: &str) -> Option<u32> {
        Some(match field {
            "idle_seconds" => self.idle_seconds,
            "reading_idle_seconds" => self.reading_idle_seconds,
            "warning_seconds" => self.warning_seconds,
            "visit_minutes" => self.visit_minutes,
            "handback_seconds" => self.handback_seconds,
            _ => return None,
        })
    }
}
