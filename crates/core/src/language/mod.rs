//! The language lint: patient-facing text checked against the team's bilingual
//! glossary (`glossary.md` at this crate's root), per language.
//!
//! The glossary is one Markdown file that people read and review and that
//! [`Glossary::parse`] reads: its terms table lists, for each concept, the English and
//! Spanish terms, the terms to avoid in each language, a level and why. [`lint_profile`]
//! checks every `{"en", "es"}` text of a clinic profile, with its JSON path;
//! [`lint_text`] checks one text (the protocol tool uses it for the widget's own
//! strings). Matching is whole-word, case-insensitive and accent-insensitive
//! ([`matching`]). Native tooling only: the widget never calls it.

mod glossary;
pub mod matching;

use std::fmt;

use serde_json::Value;

use crate::i18n::Lang;

pub use glossary::{Entry, Glossary, GlossaryError, Level};
pub use matching::Pattern;

/// The glossary as committed, `crates/core/glossary.md`.
pub const GLOSSARY_MD: &str = include_str!("../../glossary.md");

/// The committed glossary, read.
pub fn glossary() -> Result<Glossary, GlossaryError> {
    Glossary::parse(GLOSSARY_MD)
}

/// One use of a term to avoid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Where: a JSON path in a profile, or a string's name in the interface.
    pub place: String,
    /// The text's language.
    pub lang: Lang,
    /// The words as the text writes them.
    pub found: String,
    /// The glossary's term to avoid that matched (`proveedor*`).
    pub avoid: String,
    /// The glossary's term to use instead, in `lang`.
    pub instead: String,
    /// How much it matters.
    pub level: Level,
    /// Why, from the glossary.
    pub why: String,
}

impl Finding {
    /// The message after the place: what was found, what to write, and why.
    pub fn message(&self) -> String {
        let language = match self.lang {
            Lang::En => "English",
            Lang::Es => "Spanish",
        };
        format!(
            "\u{201c}{}\u{201d} is a term to avoid in {language} (glossary: `{}`); write \u{201c}{}\u{201d}. {}",
            self.found, self.avoid, self.instead, self.why
        )
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message())
    }
}

/// Every term to avoid that `text`, written in `lang`, uses; `place` says where it is.
pub fn lint_text(glossary: &Glossary, place: &str, lang: Lang, text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for entry in &glossary.entries {
        let Some(level) = entry.level else { continue };
        for pattern in entry.avoid(lang) {
            for found in pattern.find_in(text) {
                out.push(Finding {
                    place: place.to_owned(),
                    lang,
                    found,
                    avoid: pattern.written.clone(),
                    instead: entry.term(lang).to_owned(),
                    level,
                    why: entry.why.clone(),
                });
            }
        }
    }
    out
}

/// Every term to avoid in the patient-facing texts of a clinic profile (its JSON):
/// each `{"en": …, "es": …}` object, including consent content, checked in its own
/// language, the place being the JSON path of the text (`$.sections[0].intro.es`).
/// Plain strings (brand names, ids, the provider's notes) are not patient text in one
/// language and are not checked.
pub fn lint_profile(glossary: &Glossary, profile: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    walk(glossary, profile, "$".to_owned(), &mut out);
    out
}

/// The languages a localized text's keys name, when `value` is one.
fn localized(value: &Value) -> Option<Vec<(Lang, &Value)>> {
    let object = value.as_object().filter(|o| !o.is_empty())?;
    object
        .iter()
        .map(|(key, text)| match key.as_str() {
            "en" => Some((Lang::En, text)),
            "es" => Some((Lang::Es, text)),
            _ => None,
        })
        .collect()
}

fn walk(glossary: &Glossary, value: &Value, path: String, out: &mut Vec<Finding>) {
    if let Some(texts) = localized(value) {
        for (lang, text) in texts {
            strings(text, format!("{path}.{}", lang.code()), &mut |place, s| {
                out.extend(lint_text(glossary, &place, lang, s));
            });
        }
        return;
    }
    match value {
        Value::Object(members) => {
            for (key, member) in members {
                walk(glossary, member, format!("{path}.{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(glossary, item, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// Every string within `value` with its path (consent content is lists of blocks of
/// runs).
fn strings(value: &Value, path: String, visit: &mut dyn FnMut(String, &str)) {
    match value {
        Value::String(s) => visit(path, s),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                strings(item, format!("{path}[{i}]"), visit);
            }
        }
        Value::Object(members) => {
            for (key, member) in members {
                strings(member, format!("{path}.{key}"), visit);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn committed() -> Glossary {
        glossary().expect("glossary.md reads")
    }

    #[test]
    fn the_committed_glossary_reads_and_covers_the_required_terms() {
        let g = committed();
        for required in [
            "provider",
            "treatment",
            "consent",
            "medicine",
            "allergy",
            "cold sore",
            "filler",
            "neurotoxin",
            "peel",
            "emergency",
        ] {
            // The concept is the row's English term, or the word it replaces.
            assert!(
                g.entries.iter().any(|e| e.en.contains(required)
                    || e.avoid_en.iter().any(|p| p.written.starts_with(required))),
                "the glossary has a row for {required}"
            );
        }
        let provider = g.entries.iter().find(|e| e.en.starts_with("provider"));
        assert_eq!(provider.and_then(|e| e.level), Some(Level::Error));
    }

    #[test]
    fn each_preferred_term_passes_its_own_languages_lint() {
        let g = committed();
        for entry in &g.entries {
            for lang in Lang::ALL {
                let found = lint_text(&g, "term", lang, entry.term(lang));
                assert!(found.is_empty(), "{}: {found:?}", entry.term(lang));
            }
        }
    }

    #[test]
    fn a_profile_text_is_found_with_its_json_path_and_language() {
        let g = committed();
        let profile = serde_json::json!({
            "name": "Proveedor Clinic",
            "sections": [{
                "intro": {"en": "Your provider", "es": "Su proveedor lo revisará."},
                "content": {"en": [{"p": ["ok"]}], "es": [{"p": ["Texto ", {"strong": "Poco frecuentes pero graves:"}]}]}
            }]
        });
        let found = lint_profile(&g, &profile);
        let places: Vec<(&str, &str, Level)> = found
            .iter()
            .map(|f| (f.place.as_str(), f.found.as_str(), f.level))
            .collect();
        assert_eq!(
            places,
            [
                (
                    "$.sections[0].content.es[0].p[1].strong",
                    "Poco frecuentes pero graves",
                    Level::Error
                ),
                ("$.sections[0].intro.es", "proveedor", Level::Error),
            ]
        );
        assert!(found[1].to_string().starts_with(
            "$.sections[0].intro.es: \u{201c}proveedor\u{201d} is a term to avoid in Spanish"
        ));
    }

    #[test]
    fn english_terms_are_looked_for_in_english_texts_only() {
        let g = committed();
        assert_eq!(
            lint_text(&g, "x", Lang::En, "Skin colour may change.")[0].found,
            "colour"
        );
        assert!(lint_text(&g, "x", Lang::Es, "colour proveedor").len() == 1);
        assert!(lint_text(&g, "x", Lang::En, "your proveedor").is_empty());
    }
}
