//! The medication and allergy vocabulary, and search-as-you-type over it.
//!
//! Each term has a preferred English name, a Spanish display name, the other names a
//! patient may type (brands, former brands, Spanish names, abbreviations) and the
//! classes the risk protocol's rules refer to (`anticoagulant`, `isotretinoin`,
//! `amide_anesthetic`, …). The terms are data (`crates/core/vocabulary.json`, see
//! [`data`]), each citing its sources. Free text that matches nothing is always
//! allowed and kept.

pub mod data;
mod distance;
mod ingredients;
mod normalize;
mod reaction;
mod route;

pub use distance::{bounded_distance, edit_distance};
pub use ingredients::{ingredient, ingredient_names, is_known_ingredient};
pub use normalize::normalize;
pub use reaction::ReactionSeverity;
pub use route::{Route, route_of};

use crate::i18n::Lang;

/// Which list a term belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TermKind {
    /// Medicines, supplements and skin-care actives.
    Medication,
    /// Substances people react to.
    Allergen,
}

/// One vocabulary entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    /// Stable identifier, recorded with the answer (`med.warfarin`, `allergen.latex`).
    pub id: &'static str,
    /// Preferred English name.
    pub en: &'static str,
    /// Preferred Spanish name.
    pub es: &'static str,
    /// WHO ATC code, for a medicine that has one.
    pub atc: Option<&'static str>,
    /// Other names a patient may type: brands, abbreviations, Spanish names.
    pub aliases: &'static [&'static str],
    /// Classes the risk rules refer to.
    pub classes: &'static [&'static str],
}

impl Term {
    /// The term's name in `lang`.
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Es => self.es,
        }
    }

    /// Every name of the term: the two preferred names, then the aliases.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        [self.en, self.es]
            .into_iter()
            .chain(self.aliases.iter().copied())
    }
}

/// Every term of `kind` in the vocabulary in use ([`data::current`]).
pub fn terms(kind: TermKind) -> &'static [Term] {
    data::current().terms(kind)
}

/// The term with `id`, in either list.
pub fn by_id(id: &str) -> Option<&'static Term> {
    terms(TermKind::Medication)
        .iter()
        .chain(terms(TermKind::Allergen))
        .find(|t| t.id == id)
}

/// One name of a term, normalised once for all lookups.
pub struct IndexedName {
    /// The name as written in the vocabulary.
    pub original: &'static str,
    /// The name after [`normalize`].
    pub normalized: String,
    /// Its characters, for edit distances.
    pub chars: Vec<char>,
    /// Which letters it contains (bit 0 for `a` … bit 25 for `z`, bit 26 for anything
    /// else): every letter one word has and the other lacks costs at least one edit,
    /// a cheap lower bound that rules out most names before any edit distance.
    pub letters: u32,
    /// The term it names.
    pub term: &'static Term,
}

/// Every name of every term of `kind`, normalised, built on first use.
pub fn index(kind: TermKind) -> &'static [IndexedName] {
    data::current().names(kind)
}

/// Every name of `terms`, normalised.
fn index_terms(terms: &'static [Term]) -> Vec<IndexedName> {
    terms
        .iter()
        .flat_map(|term| {
            term.names().map(move |original| {
                let normalized = normalize(original);
                IndexedName {
                    original,
                    chars: normalized.chars().collect(),
                    letters: letter_set(&normalized),
                    normalized,
                    term,
                }
            })
        })
        .collect()
}

/// The set of letters in `text`, as [`IndexedName::letters`] describes.
pub fn letter_set(text: &str) -> u32 {
    text.chars().filter(|c| *c != ' ').fold(0, |set, c| {
        set | if c.is_ascii_lowercase() {
            1 << (c as u32 - 'a' as u32)
        } else {
            1 << 26
        }
    })
}

/// A suggestion for what the patient is typing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The term suggested.
    pub term: &'static Term,
    /// The name that matched, such as the brand the patient typed.
    pub matched: &'static str,
}

impl Suggestion {
    /// The name shown for the suggestion in `lang`, and the name the patient's words
    /// matched when that is not already part of it (a brand, another language's name),
    /// so "lidocaína (anestésico local tipo amida)" is never followed by "(lidocaína)".
    pub fn label(&self, lang: Lang) -> (&'static str, Option<&'static str>) {
        let name = self.term.name(lang);
        let matched = normalize(self.matched);
        let already_said = normalize(name)
            .split(|c: char| !c.is_alphanumeric())
            .collect::<Vec<_>>()
            .windows(matched.split(' ').count().max(1))
            .any(|w| w.join(" ") == matched);
        (name, (!already_said).then_some(self.matched))
    }

    /// What the entry reads once the patient picks this suggestion after typing
    /// `typed`: the name they were typing, completed (a brand stays the brand they
    /// chose, not the generic); words that were not the start of that name (a note,
    /// a description) are kept as typed, and only the code is recorded.
    pub fn text_after_pick(&self, typed: &str) -> String {
        if normalize(self.matched).starts_with(&normalize(typed)) {
            self.matched.to_owned()
        } else {
            typed.trim().to_owned()
        }
    }
}

/// Fewest letters (after normalisation) before suggestions are looked for: one
/// letter matches too much to help.
pub const MIN_QUERY_CHARS: usize = 2;

/// Whether `query` is long enough to look for suggestions ([`MIN_QUERY_CHARS`]).
pub fn is_searchable(query: &str) -> bool {
    normalize(query).chars().count() >= MIN_QUERY_CHARS
}

/// Suggestions for `query` among terms of `kind`, best first, at most `limit`.
/// A name matches when it, or one of its words, starts with the query (ignoring case,
/// accents, punctuation and strength text such as "5 mg"). Queries under two
/// characters suggest nothing.
pub fn suggest(kind: TermKind, query: &str, limit: usize) -> Vec<Suggestion> {
    if !is_searchable(query) {
        return Vec::new();
    }
    let query = normalize(query);
    let mut best: Vec<(u8, usize, Suggestion)> = Vec::new();
    for name in index(kind) {
        let n = &name.normalized;
        let rank = if *n == query {
            0
        } else if n.starts_with(&query) {
            1
        } else if n.split(' ').any(|w| w.starts_with(&query)) {
            2
        } else {
            continue;
        };
        let candidate = (
            rank,
            n.len(),
            Suggestion {
                term: name.term,
                matched: name.original,
            },
        );
        match best.iter_mut().find(|(_, _, s)| s.term.id == name.term.id) {
            Some(existing) if (candidate.0, candidate.1) < (existing.0, existing.1) => {
                *existing = candidate
            }
            Some(_) => {}
            None => best.push(candidate),
        }
    }
    if best.is_empty() {
        best = typo_prefix(kind, &query);
    }
    best.sort_by_key(|(rank, len, s)| (*rank, *len, s.term.en));
    best.into_iter().take(limit).map(|(_, _, s)| s).collect()
}

/// Names whose beginning is one edit from what was typed ("elliq" for Eliquis), for
/// when nothing starts with it exactly. Queries under four letters suggest nothing.
fn typo_prefix(kind: TermKind, query: &str) -> Vec<(u8, usize, Suggestion)> {
    let query: Vec<char> = query.chars().collect();
    if query.len() < 4 {
        return Vec::new();
    }
    let mut found: Vec<(u8, usize, Suggestion)> = Vec::new();
    // One edit cannot move both of the first two letters, so the name starts with one of them.
    let starts = |n: &&IndexedName| {
        n.chars
            .first()
            .is_some_and(|c| *c == query[0] || *c == query[1])
    };
    for name in index(kind).iter().filter(starts) {
        let close = [query.len().saturating_sub(1), query.len(), query.len() + 1]
            .into_iter()
            .any(|n| n <= name.chars.len() && bounded_distance(&query, &name.chars[..n], 1) <= 1);
        if close && !found.iter().any(|(_, _, s)| s.term.id == name.term.id) {
            found.push((
                3,
                name.normalized.len(),
                Suggestion {
                    term: name.term,
                    matched: name.original,
                },
            ));
        }
    }
    found
}

/// The term whose name is exactly `text` (after normalisation), if any.
pub fn exact(kind: TermKind, text: &str) -> Option<&'static Term> {
    exact_normalized(kind, &normalize(text))
}

/// [`exact`] for text already passed through [`normalize`]: a binary search over the
/// names sorted by their normalised form.
pub fn exact_normalized(kind: TermKind, normalized: &str) -> Option<&'static Term> {
    let names = by_normalized(kind);
    let first = names.partition_point(|n| n.normalized.as_str() < normalized);
    names
        .get(first)
        .filter(|n| n.normalized == normalized)
        .map(|n| n.term)
}

/// The index sorted by normalised name, stably, so that of two terms sharing a name
/// the one listed first is found, as a scan of [`index`] would find it.
fn by_normalized(kind: TermKind) -> &'static [&'static IndexedName] {
    data::current().sorted(kind)
}

/// The id of the term whose name `text` is, for recording with a typed answer.
pub fn code_for(kind: TermKind, text: &str) -> Option<String> {
    exact(kind, text).map(|t| t.id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_every_term_has_a_class() {
        let mut ids = std::collections::HashSet::new();
        for kind in [TermKind::Medication, TermKind::Allergen] {
            for term in terms(kind) {
                assert!(ids.insert(term.id), "duplicate {}", term.id);
                assert!(!term.classes.is_empty(), "{} has no class", term.id);
            }
        }
    }

    #[test]
    fn brand_names_suggest_their_generic() {
        let s = suggest(TermKind::Medication, "Eliq", 5);
        assert_eq!(s[0].term.id, "med.apixaban");
        assert_eq!(s[0].matched, "Eliquis");
        assert_eq!(
            suggest(TermKind::Medication, "accut", 5)[0].term.id,
            "med.isotretinoin"
        );
    }

    #[test]
    fn strength_and_dose_form_are_ignored() {
        assert_eq!(
            exact(TermKind::Medication, "ELIQUIS 5 mg tablet").map(|t| t.id),
            Some("med.apixaban")
        );
        assert_eq!(
            exact(TermKind::Medication, "  warfarin ").map(|t| t.id),
            Some("med.warfarin")
        );
    }

    #[test]
    fn spanish_names_and_accents_are_found() {
        assert_eq!(
            suggest(TermKind::Medication, "isotretinoína", 3)[0].term.id,
            "med.isotretinoin"
        );
        assert_eq!(
            suggest(TermKind::Allergen, "latex", 3)[0].term.id,
            "allergen.latex"
        );
        assert_eq!(
            suggest(TermKind::Allergen, "proteína de la leche", 3)[0]
                .term
                .id,
            "allergen.cow_milk_protein"
        );
    }

    #[test]
    fn milk_protein_and_lactose_intolerance_are_different_terms() {
        let milk: Vec<&str> = suggest(TermKind::Allergen, "milk", 5)
            .iter()
            .map(|s| s.term.id)
            .collect();
        assert!(milk.contains(&"allergen.cow_milk_protein"));
        assert_ne!(
            exact(TermKind::Allergen, "lactose intolerance").map(|t| t.id),
            Some("allergen.cow_milk_protein")
        );
    }

    #[test]
    fn near_names_stay_apart() {
        assert_eq!(
            exact(TermKind::Medication, "Elidel").map(|t| t.id),
            Some("med.pimecrolimus")
        );
        assert_eq!(
            exact(TermKind::Medication, "Eliquis").map(|t| t.id),
            Some("med.apixaban")
        );
    }

    #[test]
    fn a_typo_in_what_is_typed_still_suggests() {
        assert_eq!(
            suggest(TermKind::Medication, "elliq", 5)
                .first()
                .map(|s| s.term.id),
            Some("med.apixaban")
        );
        assert_eq!(
            suggest(TermKind::Medication, "isotretion", 5)
                .first()
                .map(|s| s.term.id),
            Some("med.isotretinoin")
        );
        assert!(suggest(TermKind::Medication, "zzzq", 5).is_empty());
    }

    #[test]
    fn one_letter_suggests_nothing() {
        assert!(suggest(TermKind::Medication, "a", 5).is_empty());
    }
}
