//! What a clinic offers: treatments, each of a class the protocol's rules name, and
//! their products with what matters clinically about each.

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Localized};

/// A treatment the clinic offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Treatment {
    /// Identifier, unique in the profile.
    pub id: String,
    /// The kind of treatment, which the risk protocol's rules name: one of
    /// [`TREATMENT_CLASSES`] for the default protocol's rules to apply (a clinic's own
    /// rules may name other classes).
    pub class: String,
    /// Name shown to the patient.
    pub name: Localized,
    /// One plain sentence on what it is.
    pub summary: Localized,
    /// Products the clinic may use for it (for example Botox, Dysport, Xeomin).
    #[serde(default)]
    pub products: Vec<Product>,
    /// Scope of practice: the credentials of who may perform it (`physician`,
    /// `physician_assistant`, `nurse_practitioner`, `registered_nurse`,
    /// `licensed_practical_nurse`, `licensed_esthetician`, `massage_therapist`),
    /// approved by the medical director with the rest of the protocol. The receiver
    /// refuses an appointment booked with, or a visit marked treated by, anyone else
    /// unless the director records an exception. Empty: the protocol does not limit it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub performed_by: Vec<String>,
    /// The check-ins after this treatment: the days, a photo or not, and the warning
    /// signs asked about (pain and a note are always asked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_ins: Option<super::CheckIns>,
}

/// A named product used for a treatment, with what matters clinically about it, so
/// that rules test what a product contains (never its name) and adding a product
/// never means editing a medical rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Identifier, unique within its treatment.
    pub id: String,
    /// Its name: a brand as plain text, the same in every language (`"Botox"`), or a
    /// generic name in each language (`{"en": "Glycolic acid peel", "es": "Peeling de
    /// ácido glicólico"}`).
    pub name: ProductName,
    /// What it contains that matters clinically: ingredients and excipients by the
    /// allergy vocabulary's names (`human_albumin`, `cow_milk_protein`, `lidocaine`,
    /// `sucrose`, `benzyl_alcohol`, `gram_positive_protein`, `hyaluronic_acid`,
    /// `salicylic_acid`, `glycolic_acid`, `deoxycholic_acid`, …) or by their classes
    /// (`amide_anesthetic`, `salicylate`, …). `[]` says it contains none of them;
    /// leaving it out is a lint warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contains: Option<Vec<String>>,
    /// Contraindications the product's own label adds to its treatment's, such as
    /// `bleeding_disorder` (Restylane).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub label: Vec<String>,
    /// For an energy device: what it emits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<Device>,
}

/// A product's name as the patient reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum ProductName {
    /// A brand name, the same in every language ("Botox", "Juvéderm").
    Brand(String),
    /// A generic name written in each language, such as a kind of peel.
    Localized(Localized),
}

impl ProductName {
    /// The name in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match self {
            ProductName::Brand(name) => name,
            ProductName::Localized(name) => name.get(lang),
        }
    }
}

impl From<&str> for ProductName {
    fn from(brand: &str) -> Self {
        ProductName::Brand(brand.to_owned())
    }
}

/// What an energy device emits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// `laser`, `light` (intense pulsed light), `radiofrequency` or `ultrasound`.
    pub energy: String,
    /// The wavelengths it emits, lowest and highest, in nanometres (light and lasers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wavelength_nm: Option<[u32; 2]>,
}

/// The treatment classes the default protocol's rules cover, for a clinic to put in
/// each treatment's `class`.
pub const TREATMENT_CLASSES: &[(&str, &str)] = &[
    (
        "neurotoxin",
        "botulinum toxin injections (Botox, Dysport, Xeomin, Jeuveau, Daxxify)",
    ),
    (
        "ha_filler",
        "hyaluronic acid fillers (Juvéderm, Restylane, RHA)",
    ),
    ("biostimulator", "collagen stimulators (Sculptra, Radiesse)"),
    (
        "kybella",
        "deoxycholic acid injections under the chin (Kybella)",
    ),
    ("laser_hair_removal", "laser hair removal"),
    ("ipl", "intense pulsed light (photofacial)"),
    ("chemical_peel", "chemical peels"),
    ("microneedling", "microneedling"),
    (
        "rf_microneedling",
        "radiofrequency microneedling (Morpheus8, Vivace)",
    ),
    (
        "ablative_resurfacing",
        "ablative laser resurfacing (CO2, erbium)",
    ),
    (
        "non_ablative_resurfacing",
        "non-ablative fractional resurfacing (Fraxel, Clear + Brilliant)",
    ),
    ("massage", "massage therapy"),
];

/// The credentials a treatment's `performed_by` may name, each with its words.
pub const CREDENTIALS: &[(&str, &str)] = &[
    ("physician", "physician"),
    ("physician_assistant", "physician assistant"),
    ("nurse_practitioner", "nurse practitioner"),
    ("registered_nurse", "registered nurse"),
    ("licensed_practical_nurse", "licensed practical nurse"),
    ("licensed_esthetician", "licensed esthetician"),
    ("massage_therapist", "massage therapist"),
];

/// The contraindications a product's own label may add to its treatment's (a
/// product's `label`, and what a rule's `products_with.label` selects): a bleeding
/// disorder (Restylane, Radiesse), keloids (Radiesse, Sculptra), anaphylaxis or several
/// severe allergies and gram-positive protein allergy (HA fillers), under 22 (fillers),
/// pregnancy, breastfeeding, an infection at the site, an autoimmune disease, an
/// implanted electronic device or a metal implant (radiofrequency), photosensitivity
/// (lasers, light), a light-triggered seizure disorder (IPL), isotretinoin in the last
/// six months (resurfacing). A closed list: a misspelt tag would select no product,
/// and the rule meant for it would never fire.
pub const LABEL_CONTRAINDICATIONS: &[&str] = &[
    "bleeding_disorder",
    "keloid_history",
    "anaphylaxis_history",
    "gram_positive_protein_allergy",
    "under_22",
    "pregnancy",
    "breastfeeding",
    "active_infection",
    "autoimmune_disease",
    "implanted_electronic_device",
    "metal_implant",
    "photosensitivity",
    "seizure_disorder",
    "isotretinoin_recent",
];

/// The kinds of energy a [`Device`] may name.
pub const DEVICE_ENERGIES: &[&str] = &["laser", "light", "radiofrequency", "ultrasound"];

impl Product {
    /// Whether the product contains `class`: an ingredient of that name, or one whose
    /// vocabulary entry has that class (`lidocaine` is an `amide_anesthetic`).
    pub fn contains_class(&self, class: &str) -> bool {
        self.contains.iter().flatten().any(|ingredient| {
            ingredient == class
                || crate::vocabulary::ingredient(ingredient)
                    .is_some_and(|t| t.classes.contains(&class))
        })
    }
}

/// Why `tag` is no label contraindication (with the closest one, when one is near);
/// `None` when it is one.
pub fn label_problem(tag: &str) -> Option<String> {
    if LABEL_CONTRAINDICATIONS.contains(&tag) {
        return None;
    }
    Some(format!(
        "`{tag}` is no label contraindication{} (the schema lists them), so no rule would select this product by it",
        super::hint(tag, LABEL_CONTRAINDICATIONS.iter().copied()),
    ))
}
