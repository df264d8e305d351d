//! Languages and text a clinic writes in several of them.

use serde::{Deserialize, Serialize};

/// A language the widget speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    En,
    /// Spanish.
    Es,
}

impl Lang {
    /// Every language, in the order the switcher lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Es];

    /// The BCP 47 tag, for `lang` attributes and the summary.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    /// The language's own name for itself, as a switcher shows it.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Español",
        }
    }

    /// The language of a BCP 47 tag such as `es-MX`, if the widget speaks it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }
}

/// Text the clinic wrote in each language it offers. In JSON, an object keyed by
/// language code: `{"en": "Yes", "es": "Sí"}`. A plain struct, not a map, because
/// its deserialiser is markedly smaller in the wasm bundle.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Localized {
    /// English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    /// Spanish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub es: Option<String>,
}

impl Localized {
    fn slot(&self, lang: Lang) -> Option<&String> {
        match lang {
            Lang::En => self.en.as_ref(),
            Lang::Es => self.es.as_ref(),
        }
    }

    /// The text in `lang`; profile validation guarantees every profile language is
    /// present, so the fallback (any language) only serves unvalidated data.
    pub fn get(&self, lang: Lang) -> &str {
        self.slot(lang)
            .or(self.en.as_ref())
            .or(self.es.as_ref())
            .map_or("", String::as_str)
    }

    /// The languages among `wanted` that have no text, or only blank text.
    pub fn missing(&self, wanted: &[Lang]) -> Vec<Lang> {
        wanted
            .iter()
            .copied()
            .filter(|l| self.slot(*l).is_none_or(|t| t.trim().is_empty()))
            .collect()
    }

    /// Text from (language, text) pairs; for tests and tools.
    pub fn from_pairs(pairs: &[(Lang, &str)]) -> Self {
        let mut out = Self::default();
        for (lang, text) in pairs {
            let slot = match lang {
                Lang::En => &mut out.en,
                Lang::Es => &mut out.es,
            };
            *slot = Some((*text).to_owned());
        }
        out
    }
}
