//! A patient as a record across visits (issue 31, part 1): what is compared to
//! suggest that a submission is a returning patient's, and why a suggestion is made.
//! Nothing here links anything: staff link a visit to a patient
//! (`service::patients`), never the receiver on its own.
//!
//! A submission's legal name and date of birth become **index terms**: the name
//! folded ([`name_tokens`]: case, accents, punctuation and extra spaces removed) and
//! the date written `YYYY-MM-DD`. Three kinds, each kept only as a keyed blind index
//! entry (`keys::blind_index`), never in clear:
//!
//! - [`Kind::NameAndDob`]: every name word (sorted, so the order typed does not
//!   matter) with the date of birth;
//! - [`Kind::NameInCommon`]: each name word on its own with the date of birth, so a
//!   changed first name, a surname changed or added (two Spanish surnames, one of them
//!   typed) still matches on the word kept;
//! - [`Kind::Dob`]: the date of birth alone, the weakest.
//!
//! A different date of birth matches nothing, whatever the name: every term carries
//! the date. Particles ("de", "la", "van") and initials are not words in common.

use candor_core::DateParts;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Name words indexed at most (a longer name's extra words are not indexed alone).
pub const MAX_WORDS: usize = 6;

/// Words too common in names to say two people share one.
const PARTICLES: [&str; 21] = [
    "da", "das", "de", "del", "della", "den", "der", "des", "di", "do", "dos", "du", "el", "la",
    "las", "le", "los", "san", "van", "von", "y",
];

/// Whether `id` looks like a patient record's id (`pat-` and 24 lower-case hex
/// digits), so nothing else reaches a query or a page.
pub fn is_patient_id(id: &str) -> bool {
    id.strip_prefix("pat-").is_some_and(|hex| {
        hex.len() == 24
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// What a term compares, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// The whole name and the date of birth.
    NameAndDob,
    /// One name word and the date of birth.
    NameInCommon,
    /// The date of birth alone.
    Dob,
}

impl Kind {
    /// The name the index stores (and keys the entry with).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::NameAndDob => "name_dob",
            Kind::NameInCommon => "word_dob",
            Kind::Dob => "dob",
        }
    }

    /// The kind a stored name means.
    pub fn from_stored(stored: &str) -> Option<Kind> {
        [Kind::NameAndDob, Kind::NameInCommon, Kind::Dob]
            .into_iter()
            .find(|k| k.as_str() == stored)
    }

    /// Why a patient is suggested, in words for staff.
    pub fn words(self) -> &'static str {
        match self {
            Kind::NameAndDob => "Same name and date of birth",
            Kind::NameInCommon => "Same date of birth and a name in common",
            Kind::Dob => "Same date of birth only",
        }
    }
}

/// One thing to index: its kind and the normalised text (never stored; only its
/// blind index entry is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// What it compares.
    pub kind: Kind,
    /// The normalised text.
    pub text: String,
}

/// The name's words, folded: lower case, accents and marks removed (é to e, ñ to n),
/// apostrophes dropped (O'Brien to obrien), every other sign a space, particles and
/// single letters left out; in the order typed.
pub fn name_tokens(name: &str) -> Vec<String> {
    let folded: String = name
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .filter(|c| !matches!(c, '\'' | '\u{2019}' | '\u{02bc}'))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded
        .split_whitespace()
        .filter(|w| w.chars().count() > 1 && !PARTICLES.contains(w))
        .map(str::to_owned)
        .collect()
}

/// The date of birth as the index writes it, `YYYY-MM-DD`, when the parts make one.
pub fn dob_text(dob: &DateParts) -> Option<String> {
    dob.date().ok().map(|d| d.to_string())
}

/// Every term for a legal name and a date of birth; none without a real date (a
/// record without one is never suggested, nor suggests).
pub fn terms(legal_name: &str, dob: &DateParts) -> Vec<Term> {
    let Some(date) = dob_text(dob) else {
        return Vec::new();
    };
    let mut words = name_tokens(legal_name);
    words.truncate(MAX_WORDS);
    let mut out = Vec::with_capacity(words.len() + 2);
    if !words.is_empty() {
        let mut sorted = words.clone();
        sorted.sort();
        out.push(Term {
            kind: Kind::NameAndDob,
            text: format!("{} {date}", sorted.join(" ")),
        });
    }
    words.sort();
    words.dedup();
    for word in words {
        out.push(Term {
            kind: Kind::NameInCommon,
            text: format!("{word} {date}"),
        });
    }
    out.push(Term {
        kind: Kind::Dob,
        text: date,
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dob(y: &str, m: &str, d: &str) -> DateParts {
        DateParts {
            day: d.into(),
            month: m.into(),
            year: y.into(),
        }
    }

    fn texts(name: &str, date: &DateParts, kind: Kind) -> Vec<String> {
        terms(name, date)
            .into_iter()
            .filter(|t| t.kind == kind)
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn a_name_is_folded_whatever_its_case_accents_spaces_and_signs() {
        assert_eq!(
            name_tokens("  MARÍA-José   de la Peña O’Brien "),
            ["maria", "jose", "pena", "obrien"]
        );
        assert_eq!(name_tokens("Zoë  Ñúñez"), ["zoe", "nunez"]);
        assert_eq!(name_tokens("J. R. Smith"), ["smith"]);
    }

    #[test]
    fn the_whole_name_matches_in_any_order_and_a_word_in_common_after_a_change() {
        let d = dob("1990", "4", "2");
        assert_eq!(
            texts("García López, María", &d, Kind::NameAndDob),
            texts("maria garcia lopez", &d, Kind::NameAndDob)
        );
        assert_eq!(
            texts("Ana Ruiz", &d, Kind::NameAndDob),
            ["ana ruiz 1990-04-02"]
        );
        // A changed first name keeps the surname in common, and the other way.
        let before = texts("Ana Ruiz", &d, Kind::NameInCommon);
        assert!(
            texts("Anita Ruiz", &d, Kind::NameInCommon)
                .iter()
                .any(|t| before.contains(t))
        );
        assert!(
            texts("Ana Ruiz Soto", &d, Kind::NameInCommon)
                .iter()
                .any(|t| before.contains(t))
        );
        assert_eq!(texts("Ana Ruiz", &d, Kind::Dob), ["1990-04-02"]);
    }

    #[test]
    fn every_term_carries_the_date_and_no_date_means_no_term() {
        let a = terms("Ana Ruiz", &dob("1990", "04", "02"));
        let b = terms("Ana Ruiz", &dob("1990", "04", "03"));
        assert!(a.iter().all(|t| !b.contains(t)));
        assert!(terms("Ana Ruiz", &dob("1990", "02", "30")).is_empty());
        assert!(terms("Ana Ruiz", &dob("", "", "")).is_empty());
        // A name of particles only still has its date.
        assert_eq!(terms("de la", &dob("1990", "4", "2")).len(), 1);
    }

    #[test]
    fn a_patient_id_is_opaque_and_nothing_else() {
        assert!(is_patient_id("pat-0123456789abcdef01234567"));
        assert!(!is_patient_id("pat-0123456789ABCDEF01234567"));
        assert!(!is_patient_id("pat-0123"));
        assert!(!is_patient_id("apt-0123456789abcdef01234567"));
    }

    #[test]
    fn kinds_are_named_and_ordered_strongest_first() {
        for k in [Kind::NameAndDob, Kind::NameInCommon, Kind::Dob] {
            assert_eq!(Kind::from_stored(k.as_str()), Some(k));
        }
        assert!(Kind::NameAndDob < Kind::NameInCommon && Kind::NameInCommon < Kind::Dob);
    }
}
