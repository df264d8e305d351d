//! The SHA-256 of a consent document as a patient read it, in one language.
//!
//! The canonical form is RFC 8785 canonical JSON (see [`crate::canonical`]) of:
//!
//! ```json
//! {"id": "...", "version": "...", "language": "en",
//!  "title": "...",
//!  "sections": [{"id": "...", "topic": "risks", "heading": "...",
//!                "content": [{"p": ["text", {"strong": "text"}]}, {"ul": [["item"]]}],
//!                "acknowledge": "..."}]}
//! ```
//!
//! Every text is the one in `language`; `acknowledge` is left out when the section has
//! none. The hash is the lower-case hex SHA-256 of those UTF-8 bytes, so any backend
//! can recompute it from the document and the language.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::ConsentDocument;
use crate::canonical::to_canonical_bytes;
use crate::i18n::Lang;

/// The canonical JSON bytes of `doc` in `lang`.
pub fn canonical_form(doc: &ConsentDocument, lang: Lang) -> Vec<u8> {
    let sections: Vec<Value> = doc
        .sections
        .iter()
        .map(|s| {
            let mut section = json!({
                "id": s.id,
                "topic": s.topic,
                "heading": s.heading.get(lang),
                "content": s.content.get(lang),
            });
            if let Some(ack) = &s.acknowledge {
                section["acknowledge"] = Value::from(ack.get(lang));
            }
            section
        })
        .collect();
    let value = json!({
        "id": doc.id,
        "version": doc.version,
        "language": lang.code(),
        "title": doc.title.get(lang),
        "sections": sections,
    });
    to_canonical_bytes(&value).expect("a consent document holds no numbers")
}

/// Lower-case hex SHA-256 of the document's canonical form in `lang`.
pub fn document_hash(doc: &ConsentDocument, lang: Lang) -> String {
    Sha256::digest(canonical_form(doc, lang))
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
