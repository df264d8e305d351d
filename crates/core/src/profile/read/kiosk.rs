//! Reading the kiosk settings of a clinic profile.

use serde_json::Value;

use super::Reader;
use crate::profile::KioskSettings;

impl Reader {
    pub(super) fn kiosk(&mut self, v: &Value, path: &str) -> KioskSettings {
        let defaults = KioskSettings::default();
        let Some(o) = self.object(
            v,
            path,
            &[
                "idle_seconds",
                "reading_idle_seconds",
                "warning_seconds",
                "visit_minutes",
                "handback_seconds",
                "enrol_url",
                "start_title",
                "start_message",
            ],
        ) else {
            return defaults;
        };
        let whole =
            |r: &mut Self, key: &str, default: u32| r.whole(o, key, path, false).unwrap_or(default);
        KioskSettings {
            idle_seconds: whole(self, "idle_seconds", defaults.idle_seconds),
            reading_idle_seconds: whole(
                self,
                "reading_idle_seconds",
                defaults.reading_idle_seconds,
            ),
            warning_seconds: whole(self, "warning_seconds", defaults.warning_seconds),
            visit_minutes: whole(self, "visit_minutes", defaults.visit_minutes),
            handback_seconds: whole(self, "handback_seconds", defaults.handback_seconds),
            enrol_url: self
                .string(o, "enrol_url", path, false)
                .unwrap_or(defaults.enrol_url),
            start_title: self.localized(o, "start_title", path, false),
            start_message: self.localized(o, "start_message", path, false),
        }
    }
}
