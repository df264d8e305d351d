//! Reading a treatment and its products (composition, label, device).

use serde_json::Value;

use super::{Reader, present};
use crate::profile::{Device, Product, ProductName, Treatment};

impl Reader {
    fn product(&mut self, v: &Value, path: &str) -> Option<Product> {
        let o = self.object(v, path, &["id", "name", "contains", "label", "device"])?;
        let device = present(o, "device").and_then(|d| {
            let here = format!("{path}.device");
            let d = self.object(d, &here, &["energy", "wavelength_nm"])?;
            let wavelength_nm = present(d, "wavelength_nm").and_then(|w| {
                let here = format!("{here}.wavelength_nm");
                match w
                    .as_array()
                    .map(|a| a.iter().map(Value::as_u64).collect::<Vec<_>>())
                {
                    Some(v)
                        if v.len() == 2 && v.iter().all(|n| n.is_some_and(|n| n <= 100_000)) =>
                    {
                        Some([v[0]? as u32, v[1]? as u32])
                    }
                    _ => {
                        self.error(&here, "must be [lowest, highest] in nanometres".into());
                        None
                    }
                }
            });
            Some(Device {
                energy: self.string(d, "energy", &here, true)?,
                wavelength_nm,
            })
        });
        // A brand as plain text, or a generic name in each language.
        let name = match present(o, "name") {
            Some(Value::Object(_)) => self
                .localized(o, "name", path, true)
                .map(ProductName::Localized),
            _ => self.string(o, "name", path, true).map(ProductName::Brand),
        };
        Some(Product {
            id: self.string(o, "id", path, true)?,
            name: name?,
            contains: present(o, "contains").map(|_| self.strings(o, "contains", path, false)),
            label: self.strings(o, "label", path, false),
            device,
        })
    }

    pub(super) fn treatment(&mut self, v: &Value, path: &str) -> Option<Treatment> {
        let o = self.object(
            v,
            path,
            &[
                "id",
                "class",
                "name",
                "summary",
                "products",
                "performed_by",
                "check_ins",
            ],
        )?;
        Some(Treatment {
            id: self.string(o, "id", path, true).unwrap_or_default(),
            class: self.string(o, "class", path, true).unwrap_or_default(),
            name: self.localized(o, "name", path, true)?,
            summary: self.localized(o, "summary", path, true)?,
            products: self.list(o, "products", path, false, |r, v, p| r.product(v, p)),
            performed_by: self.strings(o, "performed_by", path, false),
            check_ins: present(o, "check_ins")
                .and_then(|v| self.check_ins(v, &format!("{path}.check_ins"))),
        })
    }
}
