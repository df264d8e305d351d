//! Finding a glossary term in a text: whole words, any case, any accent.

/// A term to avoid, as the glossary writes it: words, perhaps ending in `*` (any
/// ending).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// The term as written in the glossary, for reports.
    pub written: String,
    /// The term folded (see [`fold`]), its spaces collapsed, without the `*`.
    folded: Vec<char>,
    /// Whether any ending may follow (`proveedor*`).
    prefix: bool,
}

impl Pattern {
    /// The pattern for `written`; `None` when it holds no letter or digit.
    pub fn new(written: &str) -> Option<Pattern> {
        let trimmed = written.trim();
        let (body, prefix) = match trimmed.strip_suffix('*') {
            Some(body) => (body.trim_end(), true),
            None => (trimmed, false),
        };
        let folded = collapse(body.chars().map(fold));
        folded.iter().any(|c| c.is_alphanumeric()).then(|| Pattern {
            written: trimmed.to_owned(),
            folded,
            prefix,
        })
    }

    /// Every place `text` uses the term: the words as written there.
    pub fn find_in(&self, text: &str) -> Vec<String> {
        let original: Vec<char> = collapse(text.chars());
        let folded: Vec<char> = original.iter().copied().map(fold).collect();
        let n = self.folded.len();
        let needs_start = self.folded.first().is_some_and(|c| c.is_alphanumeric());
        let needs_end = !self.prefix && self.folded.last().is_some_and(|c| c.is_alphanumeric());
        let mut found = Vec::new();
        let mut i = 0;
        while i + n <= folded.len() {
            let fits = folded[i..i + n] == self.folded[..]
                && (!needs_start || i == 0 || !folded[i - 1].is_alphanumeric())
                && (!needs_end || i + n == folded.len() || !folded[i + n].is_alphanumeric());
            if fits {
                // With `*`, the word as written runs on to its end.
                let mut end = i + n;
                if self.prefix {
                    while end < folded.len() && folded[end].is_alphanumeric() {
                        end += 1;
                    }
                }
                found.push(original[i..end].iter().collect());
                i = end.max(i + 1);
            } else {
                i += 1;
            }
        }
        found
    }
}

/// A character lower-cased with its accent removed (á, à, â, ä to a; ü to u), so that a
/// term is found whatever its case and whether or not its accents were typed. Ñ stays
/// ñ: in Spanish it is a letter of its own ("año" is not "ano").
pub fn fold(c: char) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    match lower {
        'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        // Typographic apostrophes and hyphens as typed.
        '\u{2019}' => '\'',
        '\u{2010}' | '\u{2011}' => '-',
        other => other,
    }
}

/// The characters with every run of white space as one space.
fn collapse(chars: impl Iterator<Item = char>) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in chars {
        if c.is_whitespace() {
            if out.last() != Some(&' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    fn finds(pattern: &str, text: &str) -> Vec<String> {
        Pattern::new(pattern).unwrap().find_in(text)
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(finds("liga", "como una liga."), ["liga"]);
        assert!(finds("liga", "el ligamento, obliga, ligas").is_empty());
        assert!(finds("proveedor", "proveedores").is_empty());
        assert!(
            finds("dico", "el médico").is_empty(),
            "accented letters are letters"
        );
    }

    #[test]
    fn any_case_and_any_accent_but_n_with_tilde_is_its_own_letter() {
        assert_eq!(
            finds("proveedor", "Su PROVEEDOR lo revisará"),
            ["PROVEEDOR"]
        );
        assert_eq!(
            finds("exfoliación química", "una exfoliacion quimica"),
            ["exfoliacion quimica"]
        );
        assert_eq!(finds("nos indico", "Nos indicó diabetes."), ["Nos indicó"]);
        assert!(finds("ano", "el año pasado").is_empty());
    }

    #[test]
    fn a_star_matches_any_ending_from_the_start_of_a_word() {
        assert_eq!(
            finds("proveedor*", "Proveedores y su proveedora."),
            ["Proveedores", "proveedora"]
        );
        assert!(finds("proveedor*", "improveedor").is_empty());
        assert_eq!(finds("colour*", "skin colours"), ["colours"]);
    }

    #[test]
    fn spaces_in_a_term_match_any_white_space() {
        assert_eq!(
            finds(
                "poco frecuentes pero graves",
                "Poco  frecuentes\npero graves:"
            ),
            ["Poco frecuentes pero graves"]
        );
    }

    #[test]
    fn terms_with_punctuation_and_empty_terms() {
        assert_eq!(finds("alérgico/a", "¿A qué es alérgico/a?"), ["alérgico/a"]);
        assert_eq!(finds("make-up", "No make-up today"), ["make-up"]);
        assert!(Pattern::new(" * ").is_none());
    }
}
