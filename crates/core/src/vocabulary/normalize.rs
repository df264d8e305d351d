//! Text normalisation for matching what patients type against the vocabulary.

/// Dose-form and packaging words that say nothing about which substance it is.
const NOISE_WORDS: &[&str] = &[
    "mg",
    "mcg",
    "g",
    "ml",
    "iu",
    "ui",
    "units",
    "unit",
    "tablet",
    "tablets",
    "tab",
    "tabs",
    "capsule",
    "capsules",
    "cap",
    "caps",
    "cream",
    "gel",
    "ointment",
    "lotion",
    "solution",
    "injection",
    "injections",
    "wash",
    "cleanser",
    "limpiador",
    "pill",
    "pills",
    "daily",
    "weekly",
    "oral",
    "topical",
    "er",
    "xr",
    "sr",
    "dr",
    "tableta",
    "tabletas",
    "capsula",
    "capsulas",
    "crema",
    "diario",
    "semanal",
];

/// Lower-cases, strips accents, turns punctuation into spaces, drops strength text
/// (numbers, "5mg", "0.05%") and dose-form words, and collapses spaces:
/// `"ELIQUIS 5 mg tablet"` becomes `"eliquis"`, `"Isotretinoína"` becomes `"isotretinoina"`.
pub fn normalize(text: &str) -> String {
    let folded = fold(text);
    let words: Vec<&str> = folded
        .split_whitespace()
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .filter(|w| !w.starts_with(|c: char| c.is_ascii_digit()))
        .filter(|w| !NOISE_WORDS.contains(w))
        .collect();
    words.join(" ")
}

/// Lower-cases, strips accents, drops apostrophes and turns other punctuation (but
/// `%` and `.`) into spaces.
pub(crate) fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' | 'ã' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' | 'õ' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            '\'' | '’' => '\u{0}',
            c if c.is_alphanumeric() || c == '%' || c == '.' => c,
            _ => ' ',
        })
        .filter(|c| *c != '\u{0}')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn folds_case_accents_strength_and_form() {
        assert_eq!(normalize("ELIQUIS 5 mg tablet"), "eliquis");
        assert_eq!(normalize("Isotretinoína 20mg"), "isotretinoina");
        assert_eq!(normalize("Retin-A 0.05% cream"), "retin a");
        assert_eq!(normalize("St. John's wort"), "st johns wort");
        assert_eq!(normalize("  Cow’s   milk  "), "cows milk");
    }

    #[test]
    fn drops_spanish_units_and_weekly_frequency() {
        assert_eq!(normalize("vitamina e 400 UI"), "vitamina e");
        assert_eq!(normalize("MTX weekly"), "mtx");
        assert_eq!(normalize("metotrexato 2.5 mg semanal"), "metotrexato");
    }
}
