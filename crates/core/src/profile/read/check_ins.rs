//! Reading a treatment's check-ins and the profile's aftercare numbers.

use serde_json::Value;

use super::{Reader, kind, present};
use crate::profile::{Act, Aftercare, CheckIns, WarningSign};

impl Reader {
    pub(super) fn check_ins(&mut self, v: &Value, path: &str) -> Option<CheckIns> {
        let o = self.object(v, path, &["after_days", "photo", "signs"])?;
        let after_days = self.list(o, "after_days", path, true, |r, v, p| match v {
            Value::Number(n) if n.as_u64().is_some_and(|n| n <= u64::from(u16::MAX)) => {
                n.as_u64().map(|n| n as u16)
            }
            other => {
                r.error(
                    p,
                    format!("must be a whole number of days, not {}", kind(other)),
                );
                None
            }
        });
        let photo = self.boolean(o, "photo", path);
        let signs = self.list(o, "signs", path, true, |r, v, p| r.warning_sign(v, p));
        Some(CheckIns {
            after_days,
            photo,
            signs,
        })
    }

    fn warning_sign(&mut self, v: &Value, path: &str) -> Option<WarningSign> {
        const ACTS: &[(&str, Act)] = &[
            ("call_clinic", Act::CallClinic),
            ("emergency", Act::Emergency),
        ];
        let o = self.object(v, path, &["id", "text", "act"])?;
        let act = present(o, "act").and_then(|a| self.name(a, &format!("{path}.act"), ACTS));
        Some(WarningSign {
            id: self.string(o, "id", path, true).unwrap_or_default(),
            text: self.localized(o, "text", path, true)?,
            act,
        })
    }

    pub(super) fn aftercare(&mut self, v: &Value, path: &str) -> Option<Aftercare> {
        let o = self.object(v, path, &["call", "emergency_number"])?;
        Some(Aftercare {
            call: self.string(o, "call", path, true).unwrap_or_default(),
            emergency_number: self
                .string(o, "emergency_number", path, true)
                .unwrap_or_default(),
        })
    }
}
