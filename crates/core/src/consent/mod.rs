//! Informed-consent documents: structured content (never raw HTML), a version, and a
//! SHA-256 of exactly what the patient read, recorded with every decision about it.
//!
//! Content is blocks of text in each language: headings, paragraphs and lists whose
//! runs may be emphasised. Because nothing is HTML, clinic text can only ever be
//! rendered as text. Each document covers what the treatment is, its benefits, its
//! risks, the alternatives (including no treatment), aftercare, and the right to refuse
//! or withdraw; key risk sections carry an acknowledgement the patient ticks. Signing
//! one (what must hold, the signature event, the decision record) is `crate::signing`.

mod hash;

use serde::{Deserialize, Serialize};

pub use hash::{canonical_form, document_hash};

use crate::i18n::Localized;

/// What a consent document is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConsentKind {
    /// The electronic-records disclosure (ESIGN): shown first, before anything is signed.
    Disclosure,
    /// For every visit, such as the privacy notice acknowledgement.
    General,
    /// For one treatment.
    Treatment,
    /// Optional and separate: before-and-after photographs.
    Photo,
}

/// The topics every treatment consent must cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// What the treatment is.
    What,
    /// Expected benefits.
    Benefits,
    /// Risks and side effects.
    Risks,
    /// Alternatives, including no treatment.
    Alternatives,
    /// Aftercare.
    Aftercare,
    /// The right to refuse or withdraw.
    RightToRefuse,
    /// Anything else.
    Other,
}

impl Topic {
    /// Topics a treatment consent must have at least one section on.
    pub const REQUIRED: [Topic; 6] = [
        Topic::What,
        Topic::Benefits,
        Topic::Risks,
        Topic::Alternatives,
        Topic::Aftercare,
        Topic::RightToRefuse,
    ];
}

/// A run of text, plain or emphasised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Run {
    /// Plain text.
    Plain(String),
    /// Emphasised text: `{"em": "..."}` or `{"strong": "..."}`.
    Marked(Mark),
}

/// Emphasis on a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Mark {
    /// Stress emphasis.
    Em(String),
    /// Strong importance.
    Strong(String),
}

/// A block of content in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    /// A paragraph of runs: `{"p": ["Text ", {"strong": "important"}]}`.
    P(Vec<Run>),
    /// A bulleted list, each item a sequence of runs.
    Ul(Vec<Vec<Run>>),
}

/// Content in each language the clinic offers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LocalizedBlocks {
    /// English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<Vec<Block>>,
    /// Spanish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub es: Option<Vec<Block>>,
}

impl LocalizedBlocks {
    /// The blocks in `lang` (empty when that language is missing).
    pub fn get(&self, lang: crate::i18n::Lang) -> &[Block] {
        match lang {
            crate::i18n::Lang::En => self.en.as_deref(),
            crate::i18n::Lang::Es => self.es.as_deref(),
        }
        .unwrap_or(&[])
    }
}

/// One section of a consent document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ConsentSection {
    /// Identifier, unique within the document.
    pub id: String,
    /// Which required topic it covers.
    pub topic: Topic,
    /// The section's heading.
    pub heading: Localized,
    /// The section's content.
    pub content: LocalizedBlocks,
    /// For key risk sections: the statement the patient ticks, never pre-ticked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledge: Option<Localized>,
}

/// A consent document, versioned; its hash is recorded with every decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ConsentDocument {
    /// Identifier, unique in the profile.
    pub id: String,
    /// Version; a new wording is a new version.
    pub version: String,
    /// What the document is for.
    pub kind: ConsentKind,
    /// For treatment consents, the treatment id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub treatment: Option<String>,
    /// The document's title.
    pub title: Localized,
    /// The sections, in reading order.
    pub sections: Vec<ConsentSection>,
}

impl ConsentDocument {
    /// Required topics a treatment consent does not cover; empty for other kinds.
    pub fn missing_topics(&self) -> Vec<Topic> {
        if self.kind != ConsentKind::Treatment {
            return Vec::new();
        }
        Topic::REQUIRED
            .into_iter()
            .filter(|t| !self.sections.iter().any(|s| s.topic == *t))
            .collect()
    }
}
