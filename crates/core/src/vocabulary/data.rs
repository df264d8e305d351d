//! The vocabulary as data: the file format (`crates/core/vocabulary.json`), its
//! reading and checking, and the one vocabulary the process uses.
//!
//! The widget does not carry the vocabulary in its wasm: it fetches `vocabulary.json`
//! when the patient starts, checks its SHA-256 against the one the clinic profile
//! names (so the medical director's approval of the profile covers the vocabulary)
//! and [`install`]s it. Until then every list is empty: what the patient types is kept
//! as typed. Native programs (the receiver, the protocol tool, the tests) use the copy
//! built in with the `builtin-vocabulary` feature.

use std::sync::OnceLock;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::{IndexedName, Term, TermKind, index_terms};

/// The format this code reads, named by the file's `format`.
pub const FORMAT: &str = "candor-vocabulary/1";

/// Markets whose brand names the file lists: the United States, Spain and Mexico.
pub const MARKETS: &[&str] = &["US", "ES", "MX"];

/// The vocabulary file as written.
#[derive(Debug)]
pub struct VocabularyFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// The file's version (`2026.12.1`), which the clinic profile names.
    pub version: String,
    /// Where the entries come from, each named once.
    pub sources: Vec<Source>,
    /// Medicines, supplements and skin-care actives.
    pub medications: Vec<Entry>,
    /// Substances people react to.
    pub allergens: Vec<Entry>,
}

/// A source the entries cite: a formulary, a national medicines register, a package
/// that ships such a list, or the team's clinical knowledge base.
#[derive(Debug)]
pub struct Source {
    /// Short id the entries use (`fda-ndc`, `aemps-cima`).
    pub id: String,
    /// What it is.
    pub title: String,
    /// Where it is published.
    pub url: String,
}

/// One term as written in the file.
#[derive(Debug)]
pub struct Entry {
    /// Stable identifier (`med.warfarin`), recorded with answers.
    pub id: String,
    /// Preferred English name.
    pub en: String,
    /// Preferred Spanish name.
    pub es: String,
    /// WHO ATC code, for a medicine that has one.
    pub atc: Option<String>,
    /// Classes the risk rules refer to.
    pub classes: Vec<String>,
    /// Other names a patient may type: generics in other languages, abbreviations,
    /// everyday words.
    pub names: Vec<String>,
    /// Brand names by market ([`MARKETS`]), in the file's order.
    pub brands: Vec<(String, Vec<String>)>,
    /// Ids of the [`Source`]s the entry comes from.
    pub sources: Vec<String>,
    /// Why the entry is as it is, for the people who keep the file.
    pub note: Option<String>,
}

impl Entry {
    /// The entry's brand names in `market` (none when it lists none there).
    pub fn brands_in(&self, market: &str) -> &[String] {
        self.brands
            .iter()
            .find(|(m, _)| m == market)
            .map_or(&[], |(_, names)| names.as_slice())
    }
}

/// A vocabulary ready for lookups: its terms and their indexes, built on first use.
pub struct Vocabulary {
    /// The file's version.
    pub version: &'static str,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    medications: Vec<Term>,
    allergens: Vec<Term>,
    indexes: [OnceLock<Vec<IndexedName>>; 2],
    sorted: [OnceLock<Vec<&'static IndexedName>>; 2],
}

/// Why a vocabulary file was refused: names the entry and the field, never more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VocabularyError(pub String);

impl std::fmt::Display for VocabularyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "vocabulary: {}", self.0)
    }
}

impl std::error::Error for VocabularyError {}

/// SHA-256 of a vocabulary file's bytes, lowercase hex: what a clinic profile's
/// `vocabulary.sha256` names.
pub fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads and checks a vocabulary file: the format, unique ids, every entry with a
/// class and a cited source, markets among [`MARKETS`]. Walks a `serde_json::Value`
/// by hand: a derived deserialiser measured 9 KB more of the widget's wasm.
pub fn parse(bytes: &[u8]) -> Result<VocabularyFile, VocabularyError> {
    let value: Value = std::str::from_utf8(bytes)
        .map_err(|_| VocabularyError("not UTF-8 text".into()))
        .and_then(|text| {
            // From text, as the profile is read: one JSON parser in the wasm, not two.
            serde_json::from_str(text).map_err(|e| VocabularyError(format!("not JSON ({e})")))
        })?;
    let top = object(
        &value,
        "$",
        &["format", "version", "sources", "medications", "allergens"],
    )?;
    let file = VocabularyFile {
        format: text(top, "format", "$")?,
        version: text(top, "version", "$")?,
        sources: {
            let mut sources = Vec::new();
            for (i, v) in list(top, "sources", "$")?.iter().enumerate() {
                let at = format!("$.sources[{i}]");
                let o = object(v, &at, &["id", "title", "url"])?;
                sources.push(Source {
                    id: text(o, "id", &at)?,
                    title: text(o, "title", &at)?,
                    url: text(o, "url", &at)?,
                });
            }
            sources
        },
        medications: entries(top, "medications")?,
        allergens: entries(top, "allergens")?,
    };
    if file.format != FORMAT {
        return Err(VocabularyError(format!(
            "format is {:?}; this version reads {FORMAT:?}",
            file.format
        )));
    }
    // The entries' own checks are for the tools that write and approve the file: the
    // widget uses only a file whose SHA-256 the approved profile names, so its
    // download carries none of them.
    if !cfg!(target_arch = "wasm32") {
        check_entries(&file)?;
    }
    Ok(file)
}

/// Unique ids with their list's prefix, every entry with a class and a cited source.
fn check_entries(file: &VocabularyFile) -> Result<(), VocabularyError> {
    let mut ids = std::collections::HashSet::new();
    for (list, entries, prefix) in [
        ("medications", &file.medications, "med."),
        ("allergens", &file.allergens, "allergen."),
    ] {
        for (n, entry) in entries.iter().enumerate() {
            let at = format!("$.{list}[{n}] ({})", entry.id);
            if !entry.id.starts_with(prefix) {
                return Err(VocabularyError(format!(
                    "{at}: id must start with {prefix:?}"
                )));
            }
            if !ids.insert(entry.id.as_str()) {
                return Err(VocabularyError(format!("{at}: id used twice")));
            }
            if entry.classes.is_empty() {
                return Err(VocabularyError(format!("{at}: classes is empty")));
            }
            if entry.sources.is_empty() {
                return Err(VocabularyError(format!("{at}: sources is empty")));
            }
            if let Some(source) = entry
                .sources
                .iter()
                .find(|s| !file.sources.iter().any(|d| &d.id == *s))
            {
                return Err(VocabularyError(format!(
                    "{at}: source {source:?} is not among the file's sources"
                )));
            }
        }
    }
    Ok(())
}

const ENTRY_FIELDS: &[&str] = &[
    "id", "en", "es", "atc", "classes", "names", "brands", "sources", "note",
];

fn entries(top: &Map<String, Value>, key: &str) -> Result<Vec<Entry>, VocabularyError> {
    let mut entries = Vec::new();
    for (i, v) in list(top, key, "$")?.iter().enumerate() {
        let at = format!("$.{key}[{i}]");
        let o = object(v, &at, ENTRY_FIELDS)?;
        let mut brands = Vec::new();
        if let Some(v) = o.get("brands") {
            for market in object(v, &format!("{at}.brands"), MARKETS)?.keys() {
                brands.push((market.clone(), texts(o, "brands", &at, Some(market))?));
            }
        }
        let optional = |key: &str| o.get(key).map(|_| text(o, key, &at)).transpose();
        entries.push(Entry {
            id: text(o, "id", &at)?,
            en: text(o, "en", &at)?,
            es: text(o, "es", &at)?,
            atc: optional("atc")?,
            classes: texts(o, "classes", &at, None)?,
            names: if o.contains_key("names") {
                texts(o, "names", &at, None)?
            } else {
                Vec::new()
            },
            brands,
            sources: texts(o, "sources", &at, None)?,
            note: optional("note")?,
        });
    }
    Ok(entries)
}

fn object<'v>(
    v: &'v Value,
    at: &str,
    allowed: &[&str],
) -> Result<&'v Map<String, Value>, VocabularyError> {
    let o = v
        .as_object()
        .ok_or_else(|| VocabularyError(format!("{at} must be an object")))?;
    match o.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(VocabularyError(format!(
            "{at}.{k} is unknown; expected one of: {}",
            allowed.join(", ")
        ))),
        None => Ok(o),
    }
}

fn text(o: &Map<String, Value>, key: &str, at: &str) -> Result<String, VocabularyError> {
    o.get(key)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| VocabularyError(format!("{at}.{key} must be text")))
}

fn list<'v>(
    o: &'v Map<String, Value>,
    key: &str,
    at: &str,
) -> Result<&'v Vec<Value>, VocabularyError> {
    o.get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| VocabularyError(format!("{at}.{key} must be a list")))
}

/// A list of text under `key` (or under `key`.`market`).
fn texts(
    o: &Map<String, Value>,
    key: &str,
    at: &str,
    market: Option<&str>,
) -> Result<Vec<String>, VocabularyError> {
    let (o, key, at) = match market {
        Some(m) => (
            o.get(key).and_then(Value::as_object).unwrap_or(o),
            m,
            format!("{at}.{key}"),
        ),
        None => (o, key, at.to_owned()),
    };
    let mut out = Vec::new();
    for v in list(o, key, &at)? {
        match v.as_str() {
            Some(text) => out.push(text.to_owned()),
            None => {
                return Err(VocabularyError(format!(
                    "{at}.{key} must be a list of text"
                )));
            }
        }
    }
    Ok(out)
}

/// A string kept for the life of the process (the vocabulary is read once).
fn keep(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

fn term(entry: Entry) -> Term {
    let names: Vec<&'static str> = entry
        .names
        .into_iter()
        .chain(entry.brands.into_iter().flat_map(|(_, names)| names))
        .map(keep)
        .collect();
    Term {
        id: keep(entry.id),
        en: keep(entry.en),
        es: keep(entry.es),
        atc: entry.atc.map(keep),
        aliases: Box::leak(names.into_boxed_slice()),
        classes: Box::leak(
            entry
                .classes
                .into_iter()
                .map(keep)
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        ),
    }
}

impl Vocabulary {
    /// The vocabulary in `bytes`, checked by [`parse`].
    pub fn read(bytes: &[u8]) -> Result<Self, VocabularyError> {
        let file = parse(bytes)?;
        Ok(Self {
            version: keep(file.version),
            sha256: digest(bytes),
            medications: file.medications.into_iter().map(term).collect(),
            allergens: file.allergens.into_iter().map(term).collect(),
            indexes: Default::default(),
            sorted: Default::default(),
        })
    }

    /// An empty vocabulary: every typed entry is kept as typed and matches nothing.
    #[cfg(not(feature = "builtin-vocabulary"))]
    fn empty() -> Self {
        Self {
            version: "",
            sha256: String::new(),
            medications: Vec::new(),
            allergens: Vec::new(),
            indexes: Default::default(),
            sorted: Default::default(),
        }
    }

    /// Every term of `kind`.
    pub fn terms(&'static self, kind: TermKind) -> &'static [Term] {
        match kind {
            TermKind::Medication => &self.medications,
            TermKind::Allergen => &self.allergens,
        }
    }

    /// Every name of every term of `kind`, normalised, built on first use.
    pub fn names(&'static self, kind: TermKind) -> &'static [IndexedName] {
        self.indexes[kind as usize].get_or_init(|| index_terms(self.terms(kind)))
    }

    /// [`Self::names`] sorted by normalised name, stably.
    pub fn sorted(&'static self, kind: TermKind) -> &'static [&'static IndexedName] {
        self.sorted[kind as usize].get_or_init(|| {
            let mut names: Vec<&'static IndexedName> = self.names(kind).iter().collect();
            names.sort_by(|a, b| a.normalized.cmp(&b.normalized));
            names
        })
    }
}

static INSTALLED: OnceLock<Vocabulary> = OnceLock::new();

/// Makes `vocabulary` the one every lookup uses, from now on. Only the first call
/// counts; a later one returns `false` and changes nothing.
pub fn install(vocabulary: Vocabulary) -> bool {
    INSTALLED.set(vocabulary).is_ok()
}

/// Whether a vocabulary is in use: one [`install`]ed, or the built-in one.
pub fn is_loaded() -> bool {
    INSTALLED.get().is_some() || cfg!(feature = "builtin-vocabulary")
}

/// The vocabulary lookups use: the one [`install`]ed, else the built-in one (with the
/// `builtin-vocabulary` feature), else an empty one.
pub fn current() -> &'static Vocabulary {
    if let Some(installed) = INSTALLED.get() {
        return installed;
    }
    #[cfg(feature = "builtin-vocabulary")]
    {
        builtin()
    }
    #[cfg(not(feature = "builtin-vocabulary"))]
    {
        static EMPTY: OnceLock<Vocabulary> = OnceLock::new();
        EMPTY.get_or_init(Vocabulary::empty)
    }
}

/// The file built in with the `builtin-vocabulary` feature (`crates/core/vocabulary.json`).
#[cfg(feature = "builtin-vocabulary")]
pub const BUILTIN_FILE: &[u8] = include_bytes!("../../vocabulary.json");

/// The built-in vocabulary, read on first use.
#[cfg(feature = "builtin-vocabulary")]
pub fn builtin() -> &'static Vocabulary {
    static BUILTIN: OnceLock<Vocabulary> = OnceLock::new();
    BUILTIN.get_or_init(|| {
        Vocabulary::read(BUILTIN_FILE).expect("crates/core/vocabulary.json is checked by its tests")
    })
}
