//! What a provider records when marking a visit treated: per treatment booked, the
//! product, lot number, device and settings (each optional, each capped), checked
//! before anything is kept; a problem names the field, never its value.

/// What was used for one treatment of a visit: the product, lot number, device and
/// its settings, as the provider wrote them (each may be empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreatmentUse {
    /// The treatment's id in the profile.
    pub treatment: String,
    /// The product used (a profile product's id or the provider's words).
    #[serde(default)]
    pub product: String,
    /// Its lot or batch number.
    #[serde(default)]
    pub lot: String,
    /// The device, where the treatment has one.
    #[serde(default)]
    pub device: String,
    /// The device's settings (energy, spot size, passes) or the product's amount.
    #[serde(default)]
    pub settings: String,
}

/// The longest product, device or lot a provider may type.
const SHORT: usize = 120;

/// The longest settings a provider may type.
const SETTINGS: usize = 500;

/// What is wrong with what was recorded: the field (`used[2].lot`) and why.
pub type Problem = (String, &'static str);

/// Every problem with `uses` for a visit booked for `booked` treatments: a treatment
/// not booked or named twice, a field too long or holding a control character.
pub fn check(uses: &[TreatmentUse], booked: &[String]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (i, used) in uses.iter().enumerate() {
        let at = |field: &str| format!("used[{i}].{field}");
        if !booked.contains(&used.treatment) {
            problems.push((at("treatment"), "is not a treatment booked for this visit"));
        } else if uses[..i].iter().any(|u| u.treatment == used.treatment) {
            problems.push((at("treatment"), "is named twice"));
        }
        for (field, text, most) in [
            ("product", &used.product, SHORT),
            ("lot", &used.lot, SHORT),
            ("device", &used.device, SHORT),
            ("settings", &used.settings, SETTINGS),
        ] {
            if text.chars().count() > most {
                problems.push((at(field), "is too long"));
            } else if text.chars().any(|c| c.is_control() && c != '\n') {
                problems.push((at(field), "holds a control character"));
            }
        }
    }
    problems
}

/// `uses` with every field's surrounding space trimmed.
pub fn trimmed(uses: Vec<TreatmentUse>) -> Vec<TreatmentUse> {
    uses.into_iter()
        .map(|u| TreatmentUse {
            treatment: u.treatment.trim().to_owned(),
            product: u.product.trim().to_owned(),
            lot: u.lot.trim().to_owned(),
            device: u.device.trim().to_owned(),
            settings: u.settings.trim().to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn used(treatment: &str, lot: &str) -> TreatmentUse {
        TreatmentUse {
            treatment: treatment.into(),
            lot: lot.into(),
            ..TreatmentUse::default()
        }
    }

    #[test]
    fn problems_name_the_field_never_the_value() {
        let booked = vec!["ha_filler".to_owned()];
        assert!(check(&[used("ha_filler", "LOT-4411")], &booked).is_empty());
        let long = "9".repeat(121);
        let problems = check(
            &[
                used("ha_filler", &long),
                used("ha_filler", ""),
                used("massage", ""),
            ],
            &booked,
        );
        assert_eq!(
            problems,
            vec![
                ("used[0].lot".to_owned(), "is too long"),
                ("used[1].treatment".to_owned(), "is named twice"),
                (
                    "used[2].treatment".to_owned(),
                    "is not a treatment booked for this visit"
                ),
            ]
        );
        assert!(
            problems
                .iter()
                .all(|(f, w)| !f.contains('9') && !w.contains('9'))
        );
    }
}
