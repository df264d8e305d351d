//! What a product's `contains` may name: the allergy vocabulary's ingredients
//! (`lidocaine`, `human_albumin`, …) and their classes (`amide_anesthetic`, …).

use super::{Term, TermKind, terms};

/// The allergy-vocabulary entry a product ingredient names: `lidocaine` is the
/// entry `allergen.lidocaine`.
pub fn ingredient(name: &str) -> Option<&'static Term> {
    terms(TermKind::Allergen)
        .iter()
        .find(|t| t.id.strip_prefix("allergen.") == Some(name))
}

/// Every name a product's `contains` may use: the allergy vocabulary's ingredients
/// (`lidocaine`, `human_albumin`, …) and then their classes, each once.
pub fn ingredient_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = terms(TermKind::Allergen)
        .iter()
        .filter_map(|t| t.id.strip_prefix("allergen."))
        .collect();
    for class in terms(TermKind::Allergen)
        .iter()
        .flat_map(|t| t.classes.iter().copied())
    {
        if !names.contains(&class) {
            names.push(class);
        }
    }
    names
}

/// Whether `name` may be listed in a product's `contains`: an ingredient of the
/// allergy vocabulary or one of its classes.
pub fn is_known_ingredient(name: &str) -> bool {
    ingredient(name).is_some()
        || terms(TermKind::Allergen)
            .iter()
            .any(|t| t.classes.contains(&name))
}
