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
    "allergic to the ",
    "allergic to ",
    "allergy to ",
    "allergies to ",
    "reaction to ",
    "i take ",
    "taking ",
    "soy alergica a las ",
    "soy alergico a las ",
    "soy alergica a los ",
    "soy alergico a los ",
    "soy alergica a la ",
    "soy alergico a la ",
    "soy alergica al ",
    "soy alergico al ",
    "soy alergica a ",
    "soy alergico a ",
    "alergica a las ",
    "alergico a las ",
    "alergica a los ",
    "alergico a los ",
    "alergica a la ",
    "alergico a la ",
    "alergica al ",
    "alergico al ",
    "alergica a ",
    "alergico a ",
    "alergia a las ",
    "alergia a los ",
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

/// A term named by a run of whole words of a longer, normalised entry ("ozempic
/// weekly shot", "high dose fish oil", "sales de oro para la artritis"): from each
/// word on, the longest run that is a name (a single word only from four letters),
/// the words it covers not looked at again, so "dairy intolerance lactose" reads
/// "dairy intolerance" and "lactose", not "dairy". A term only when every run found
/// names the same one.
fn by_word(kind: TermKind, normalized: &str) -> Option<&'static Term> {
    let words: Vec<&str> = normalized.split(' ').collect();
    let mut found: Option<&'static Term> = None;
    let mut start = 0;
    while start < words.len() {
        let longest = (start + 1..=words.len()).rev().find_map(|end| {
            if end == start + 1 && words[start].len() < 4 {
                return None;
            }
            vocabulary::exact_normalized(kind, &words[start..end].join(" ")).map(|t| (end, t))
        });
        match longest {
            Some((end, term)) => {
                if found.is_some_and(|f| f.id != term.id) {
                    return None;
                }
                found = Some(term);
                start = end;
            }
            None => start += 1,
        }
    }
    found
}

/// How many edits a name of this length may be from what was typed: none under five
/// letters, one up to nine, two from ten. Nine letters take one: two edits there turn
/// one drug into another (metimazol, methimazole in Spanish, is two letters from
/// metamizol).
fn tolerance(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=9 => 1,
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
/// typed or missed) are left to the whole-text distance, but a word of one or two
/// letters of the name must still be typed, as a word or with only a space missed:
/// "vitaminas" is not "vitamina e", while "retina" is "Retin-A".
fn words_agree(typed: &str, name: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (typed.split(' ').collect(), name.split(' ').collect());
    if a.len() != b.len() {
        return b.iter().filter(|w| w.len() <= 2).all(|w| a.contains(w))
            || typed.replace(' ', "") == name.replace(' ', "");
    }
    a.iter().zip(&b).all(|(x, y)| {
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
        // Nine letters tolerate one edit, not two.
        assert_eq!(med("metamizol"), Some("med.metamizole"));
        assert_eq!(med("metimazol"), None);
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

    fn allergen(text: &str) -> Option<&'static str> {
        resolve(TermKind::Allergen, None, text).map(|t| t.id)
    }

    #[test]
    fn plural_spanish_lead_ins_are_stripped() {
        assert_eq!(without_lead_in("alergia a las abejas"), "abejas");
        assert_eq!(without_lead_in("alergico a las avispas"), "avispas");
        assert_eq!(without_lead_in("alergica a los mariscos"), "mariscos");
        assert_eq!(without_lead_in("allergic to the adhesive"), "adhesive");
        assert_eq!(allergen("alergia a las abejas"), Some("allergen.bee_venom"));
    }

    #[test]
    fn a_name_of_several_words_is_found_inside_a_longer_entry() {
        assert_eq!(med("high dose fish oil"), Some("med.fish_oil"));
        assert_eq!(med("dong quai para la menopausia"), Some("med.dong_quai"));
        assert_eq!(med("st john's wort for mood"), Some("med.st_johns_wort"));
        // The longest run wins over a word inside it, and runs that name different
        // terms cancel out.
        assert_eq!(
            allergen("dairy intolerance (lactose)"),
            Some("allergen.lactose_intolerance")
        );
        assert_eq!(allergen("latex and eggs"), None);
        // Words under four letters are not names on their own.
        assert_eq!(med("the acne pill"), None);
    }

    #[test]
    fn a_short_word_of_a_name_is_never_a_typo() {
        assert_eq!(med("vitaminas"), None);
        assert_eq!(med("vitamina E"), Some("med.vitamin_e"));
        assert_eq!(med("vitamn E"), Some("med.vitamin_e"));
        assert!(!words_agree("vitaminas", "vitamina e"));
        assert!(words_agree("dongquai", "dong quai"));
        assert!(words_agree("retina", "retin a"));
    }
}
