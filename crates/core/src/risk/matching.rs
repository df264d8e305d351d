//! Matching what a patient typed to a vocabulary term, tolerant of case, spacing,
//! strength text and small typos, but never at the cost of matching a different
//! drug: a typo is tolerated only when exactly one term is that close.

pub use crate::vocabulary::edit_distance;
use crate::vocabulary::{self, Term, TermKind, bounded_distance, normalize};

/// The term for a list entry: the one the patient picked, else the one whose name
/// they typed, else the one a small typo away, else none ("unrecognised").
pub fn resolve(kind: TermKind, code: Option<&str>, text: &str) -> Option<&'static Term> {
    if let Some(term) = code.and_then(vocabulary::by_id) {
        return Some(term);
    }
    let normalized = normalize(text);
    let substance = without_lead_in(&normalized);
    vocabulary::exact_normalized(kind, &normalized)
        .or_else(|| vocabulary::exact_normalized(kind, substance))
        .or_else(|| by_word(kind, substance))
        .or_else(|| by_typo(kind, substance))
}

/// Words people put before the substance ("allergic to milk", "alergia a la leche",
/// "I take warfarin"), in normalised form, longest first.
const LEAD_INS: &[&str] = &[
    "i am allergic to ",
    "im allergic to ",
    "allergic to ",
    "allergy to ",
    "allergies to ",
    "reaction to ",
    "i take ",
    "taking ",
    "soy alergica a la ",
    "soy alergico a la ",
    "soy alergica al ",
    "soy alergico al ",
    "soy alergica a ",
    "soy alergico a ",
    "alergica a la ",
    "alergico a la ",
    "alergica al ",
    "alergico al ",
    "alergica a ",
    "alergico a ",
    "alergia a la ",
    "alergia al ",
    "alergia a ",
    "alergia ",
    "tomo ",
];

/// `normalized` without a lead-in such as "allergic to"; the whole text when it has none.
fn without_lead_in(normalized: &str) -> &str {
    LEAD_INS
        .iter()
        .find_map(|lead| normalized.strip_prefix(lead))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(normalized)
}

/// A term named by one word of a longer, normalised entry ("ozempic weekly shot").
fn by_word(kind: TermKind, normalized: &str) -> Option<&'static Term> {
    let mut found = normalized
        .split(' ')
        .filter(|w| w.len() >= 4)
        .filter_map(|w| vocabulary::exact_normalized(kind, w));
    let first = found.next()?;
    found.all(|t| t.id == first.id).then_some(first)
}

/// How many edits a name of this length may be from what was typed: none under five
/// letters, one up to eight, two from nine.
fn tolerance(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// The single term within typo distance of `normalized` (typed text after
/// [`normalize`]); `None` when none is, or when two
/// different terms are equally close.
fn by_typo(kind: TermKind, normalized: &str) -> Option<&'static Term> {
    let letters = vocabulary::letter_set(normalized);
    let query: Vec<char> = normalized.chars().collect();
    let allowed = tolerance(query.len());
    if allowed == 0 {
        return None;
    }
    let mut best: Option<(usize, &'static Term)> = None;
    let mut tie = false;
    let close = |n: &&vocabulary::IndexedName| {
        n.chars.len().abs_diff(query.len()) <= allowed
            && (letters & !n.letters).count_ones() as usize <= allowed
            && (n.letters & !letters).count_ones() as usize <= allowed
    };
    for name in vocabulary::index(kind).iter().filter(close) {
        let distance = bounded_distance(&query, &name.chars, allowed);
        if distance > allowed || !words_agree(normalized, &name.normalized) {
            continue;
        }
        match best {
            Some((d, t)) if distance == d && t.id != name.term.id => tie = true,
            Some((d, _)) if distance >= d => {}
            _ => {
                best = Some((distance, name.term));
                tie = false;
            }
        }
    }
    if tie { None } else { best.map(|(_, t)| t) }
}

/// Whether a typo match keeps every word within its own tolerance, when both have the
/// same words: "vitamin d" is not a typo of "vitamin e" (one letter is a whole word),
/// while "doxicycline 100" still is of "doxycycline". Different word counts (a space
/// typed or missed) are left to the whole-text distance.
fn words_agree(typed: &str, name: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (typed.split(' ').collect(), name.split(' ').collect());
    a.len() != b.len()
        || a.iter().zip(&b).all(|(x, y)| {
            let (x, y): (Vec<char>, Vec<char>) = (x.chars().collect(), y.chars().collect());
            let allowed = tolerance(x.len().max(y.len()));
            bounded_distance(&x, &y, allowed) <= allowed
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn med(text: &str) -> Option<&'static str> {
        resolve(TermKind::Medication, None, text).map(|t| t.id)
    }

    #[test]
    fn tolerates_case_spacing_strength_and_small_typos() {
        assert_eq!(med("ELIQUIS 5 mg tablet"), Some("med.apixaban"));
        assert_eq!(med("  eliquis  "), Some("med.apixaban"));
        assert_eq!(med("Elliquis"), Some("med.apixaban"));
        assert_eq!(med("isotretinion"), Some("med.isotretinoin"));
        assert_eq!(med("Acutane"), Some("med.isotretinoin"));
        assert_eq!(med("warfrin"), Some("med.warfarin"));
        assert_eq!(med("Ozempic weekly shot"), Some("med.semaglutide"));
    }

    #[test]
    fn near_names_of_different_drugs_stay_apart() {
        assert_eq!(med("Eliquis"), Some("med.apixaban"));
        assert_eq!(med("Elidel"), Some("med.pimecrolimus"));
        assert_eq!(edit_distance("eliquis", "elidel"), 4);
        // Short names are matched exactly or not at all.
        assert_eq!(med("Aleve"), Some("med.naproxen"));
        assert_eq!(med("Alev"), None);
    }

    #[test]
    fn nothing_close_stays_unrecognised() {
        assert_eq!(med("grandma's tea"), None);
        assert_eq!(med("xyzzy"), None);
    }

    #[test]
    fn a_picked_suggestion_wins_over_the_text() {
        assert_eq!(
            resolve(
                TermKind::Medication,
                Some("med.warfarin"),
                "my blood thinner"
            )
            .map(|t| t.id),
            Some("med.warfarin")
        );
    }
}
