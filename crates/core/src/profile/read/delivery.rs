//! Reading the delivery targets of a clinic profile.

use serde_json::Value;

use super::Reader;
use crate::profile::DeliveryTarget;

impl Reader {
    pub(super) fn delivery_target(&mut self, v: &Value, path: &str) -> Option<DeliveryTarget> {
        let kind = v.get("type").and_then(Value::as_str);
        let (fields, kind): (&[&str], _) = match kind {
            Some("https") => (&["type", "id", "url", "drafts_url"], "https"),
            Some("fhir") => (&["type", "id", "base_url"], "fhir"),
            Some("parent_page") => (&["type", "id", "origin"], "parent_page"),
            _ => {
                self.error(
                    &format!("{path}.type"),
                    "must be one of: https, fhir, parent_page".into(),
                );
                return None;
            }
        };
        let o = self.object(v, path, fields)?;
        let id = self.string(o, "id", path, true)?;
        match kind {
            "https" => Some(DeliveryTarget::Https {
                id,
                url: self.string(o, "url", path, true)?,
                drafts_url: self.string(o, "drafts_url", path, false),
            }),
            "fhir" => Some(DeliveryTarget::Fhir {
                id,
                base_url: self.string(o, "base_url", path, true)?,
            }),
            _ => Some(DeliveryTarget::ParentPage {
                id,
                origin: self.string(o, "origin", path, true)?,
            }),
        }
    }
}
