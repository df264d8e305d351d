//! Reading consent documents: structured content only (paragraphs and lists of plain
//! or emphasised runs), so nothing a clinic writes can become markup.

use serde_json::Value;

use super::{Reader, kind, present};
use crate::consent::{
    Block, ConsentDocument, ConsentKind, ConsentSection, LocalizedBlocks, Mark, Run, Topic,
};

const KINDS: &[(&str, ConsentKind)] = &[
    ("disclosure", ConsentKind::Disclosure),
    ("general", ConsentKind::General),
    ("treatment", ConsentKind::Treatment),
    ("photo", ConsentKind::Photo),
];

const TOPICS: &[(&str, Topic)] = &[
    ("what", Topic::What),
    ("benefits", Topic::Benefits),
    ("risks", Topic::Risks),
    ("alternatives", Topic::Alternatives),
    ("aftercare", Topic::Aftercare),
    ("right_to_refuse", Topic::RightToRefuse),
    ("other", Topic::Other),
];

impl Reader {
    pub(super) fn consent_document(&mut self, v: &Value, path: &str) -> Option<ConsentDocument> {
        let o = self.object(
            v,
            path,
            &["id", "version", "kind", "treatment", "title", "sections"],
        )?;
        let kind = present(o, "kind").and_then(|k| self.name(k, &format!("{path}.kind"), KINDS));
        if present(o, "kind").is_none() {
            self.error(&format!("{path}.kind"), "is required".into());
        }
        Some(ConsentDocument {
            id: self.string(o, "id", path, true)?,
            version: self.string(o, "version", path, true)?,
            kind: kind?,
            treatment: self.string(o, "treatment", path, false),
            title: self.localized(o, "title", path, true)?,
            sections: self.list(o, "sections", path, true, |r, v, p| r.consent_section(v, p)),
        })
    }

    fn consent_section(&mut self, v: &Value, path: &str) -> Option<ConsentSection> {
        let o = self.object(
            v,
            path,
            &["id", "topic", "heading", "content", "acknowledge"],
        )?;
        let topic = match present(o, "topic") {
            Some(t) => self.name(t, &format!("{path}.topic"), TOPICS),
            None => {
                self.error(&format!("{path}.topic"), "is required".into());
                None
            }
        };
        let content = match present(o, "content") {
            Some(c) => self.localized_blocks(c, &format!("{path}.content")),
            None => {
                self.error(&format!("{path}.content"), "is required".into());
                None
            }
        };
        Some(ConsentSection {
            id: self.string(o, "id", path, true)?,
            topic: topic?,
            heading: self.localized(o, "heading", path, true)?,
            content: content?,
            acknowledge: self.localized(o, "acknowledge", path, false),
        })
    }

    fn localized_blocks(&mut self, v: &Value, path: &str) -> Option<LocalizedBlocks> {
        let o = self.object(v, path, &["en", "es"])?;
        let en = present(o, "en")
            .is_some()
            .then(|| self.list(o, "en", path, false, |r, v, p| r.block(v, p)));
        let es = present(o, "es")
            .is_some()
            .then(|| self.list(o, "es", path, false, |r, v, p| r.block(v, p)));
        Some(LocalizedBlocks { en, es })
    }

    fn block(&mut self, v: &Value, path: &str) -> Option<Block> {
        let (key, inner) = self.single_key(v, path, "a block", "p, ul")?;
        let here = format!("{path}.{key}");
        match key.as_str() {
            "p" => Some(Block::P(self.runs(inner, &here)?)),
            "ul" => {
                let Value::Array(items) = inner else {
                    self.error(&here, "must be a list of list items".into());
                    return None;
                };
                let items: Vec<Vec<Run>> = items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| self.runs(item, &format!("{here}[{i}]")))
                    .collect();
                Some(Block::Ul(items))
            }
            other => {
                self.error(
                    &here,
                    format!("unknown block `{other}`; expected p or ul (never HTML)"),
                );
                None
            }
        }
    }

    fn runs(&mut self, v: &Value, path: &str) -> Option<Vec<Run>> {
        let Value::Array(items) = v else {
            self.error(
                path,
                format!("must be a list of text runs, not {}", kind(v)),
            );
            return None;
        };
        let mut runs = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let here = format!("{path}[{i}]");
            match item {
                Value::String(s) => runs.push(Run::Plain(s.clone())),
                Value::Object(_) => {
                    if let Some((mark, text)) =
                        self.single_key(item, &here, "an emphasised run", "em, strong")
                    {
                        match (mark.as_str(), text) {
                            ("em", Value::String(t)) => runs.push(Run::Marked(Mark::Em(t.clone()))),
                            ("strong", Value::String(t)) => {
                                runs.push(Run::Marked(Mark::Strong(t.clone())))
                            }
                            ("em" | "strong", other) => self.error(
                                &format!("{here}.{mark}"),
                                format!("must be text, not {}", kind(other)),
                            ),
                            (other, _) => self.error(
                                &format!("{here}.{other}"),
                                format!("unknown emphasis `{other}`; expected em or strong"),
                            ),
                        }
                    }
                }
                other => self.error(
                    &here,
                    format!(
                        "must be text or {{\"em\"|\"strong\": text}}, not {}",
                        kind(other)
                    ),
                ),
            }
        }
        Some(runs)
    }
}
