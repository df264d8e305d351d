//! What changed between two versions of a clinic profile, as a medical director reads
//! it before approving: the risk rules one by one (added, removed, or which of their
//! members changed), the consent texts sentence by sentence in each language, and
//! which other parts of the profile changed at all.
//!
//! Native only (feature `diff`): the console and `candor-protocol diff` use it, the
//! widget never does. Sentences are compared with `similar` (Myers' diff).

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;
use similar::{ChangeTag, TextDiff};

use super::ClinicProfile;
use crate::consent::{Block, ConsentDocument, Mark, Run};
use crate::i18n::Lang;

/// How an item changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, different.
    Changed,
}

impl Change {
    /// The change in a word.
    pub fn word(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }
}

/// One risk rule that differs.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleChange {
    /// The rule's id.
    pub id: String,
    /// Added, removed or changed.
    pub change: Change,
    /// For a changed rule, the members that differ (`severity`, `when`, `patient`…).
    pub members: Vec<String>,
    /// The rule as it was (absent when added).
    pub before: Option<Value>,
    /// The rule as it is (absent when removed).
    pub after: Option<Value>,
}

/// A sentence of a consent text that differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SentenceChange {
    /// Only in the old text.
    Removed(String),
    /// Only in the new text.
    Added(String),
}

/// One consent document, in one language, whose text differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentChange {
    /// The document's id.
    pub document: String,
    /// The language of the text compared.
    pub language: Lang,
    /// Added, removed or changed.
    pub change: Change,
    /// The document's version before and after.
    pub versions: (Option<String>, Option<String>),
    /// The sentences that differ, in reading order.
    pub sentences: Vec<SentenceChange>,
}

/// Everything that differs between two versions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProfileDiff {
    /// Risk rules, in the new version's order, then the removed ones.
    pub rules: Vec<RuleChange>,
    /// Consent texts.
    pub consents: Vec<ConsentChange>,
    /// Other parts that changed (`treatments`, `sections`, `protocol.tests`, …).
    pub other: Vec<String>,
}

impl ProfileDiff {
    /// Whether the two versions are the same in every part compared.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.consents.is_empty() && self.other.is_empty()
    }
}

/// What changed from `old` to `new`.
pub fn diff(old: &ClinicProfile, new: &ClinicProfile) -> ProfileDiff {
    ProfileDiff {
        rules: rules(old, new),
        consents: consents(old, new),
        other: other_parts(old, new),
    }
}

fn rule_values(profile: &ClinicProfile) -> Vec<(String, Value)> {
    profile
        .protocol
        .iter()
        .flat_map(|p| &p.rules)
        .map(|r| (r.id.clone(), serde_json::to_value(r).unwrap_or(Value::Null)))
        .collect()
}

fn rules(old: &ClinicProfile, new: &ClinicProfile) -> Vec<RuleChange> {
    let (before, after) = (rule_values(old), rule_values(new));
    let find = |list: &[(String, Value)], id: &str| {
        list.iter().find(|(i, _)| i == id).map(|(_, v)| v.clone())
    };
    let mut out = Vec::new();
    for (id, value) in &after {
        match find(&before, id) {
            None => out.push(RuleChange {
                id: id.clone(),
                change: Change::Added,
                members: Vec::new(),
                before: None,
                after: Some(value.clone()),
            }),
            Some(old_value) if old_value != *value => out.push(RuleChange {
                id: id.clone(),
                change: Change::Changed,
                members: changed_members(&old_value, value),
                before: Some(old_value),
                after: Some(value.clone()),
            }),
            Some(_) => {}
        }
    }
    for (id, value) in &before {
        if find(&after, id).is_none() {
            out.push(RuleChange {
                id: id.clone(),
                change: Change::Removed,
                members: Vec::new(),
                before: Some(value.clone()),
                after: None,
            });
        }
    }
    out
}

fn changed_members(old: &Value, new: &Value) -> Vec<String> {
    let (Some(a), Some(b)) = (old.as_object(), new.as_object()) else {
        return Vec::new();
    };
    let names: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    names
        .into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

fn consents(old: &ClinicProfile, new: &ClinicProfile) -> Vec<ConsentChange> {
    let mut ids: Vec<&str> = new.consents.iter().map(|d| d.id.as_str()).collect();
    for d in &old.consents {
        if !ids.contains(&d.id.as_str()) {
            ids.push(&d.id);
        }
    }
    let langs: BTreeSet<Lang> = old
        .languages
        .iter()
        .chain(&new.languages)
        .copied()
        .collect();
    let mut out = Vec::new();
    for id in ids {
        let find = |p: &ClinicProfile| p.consents.iter().find(|d| d.id == id).cloned();
        let (a, b) = (find(old), find(new));
        for &lang in &langs {
            let text = |d: &Option<ConsentDocument>, p: &ClinicProfile| {
                d.as_ref()
                    .filter(|_| p.languages.contains(&lang))
                    .map(|d| sentences(d, lang))
            };
            let (before, after) = (text(&a, old), text(&b, new));
            let change = match (&before, &after) {
                (None, None) => continue,
                (None, Some(_)) => Change::Added,
                (Some(_), None) => Change::Removed,
                (Some(x), Some(y)) if x == y => continue,
                _ => Change::Changed,
            };
            let (x, y) = (before.unwrap_or_default(), after.unwrap_or_default());
            let x: Vec<&str> = x.iter().map(String::as_str).collect();
            let y: Vec<&str> = y.iter().map(String::as_str).collect();
            let sentences = TextDiff::from_slices(&x, &y)
                .iter_all_changes()
                .filter_map(|c| match c.tag() {
                    ChangeTag::Equal => None,
                    ChangeTag::Delete => Some(SentenceChange::Removed(c.value().to_owned())),
                    ChangeTag::Insert => Some(SentenceChange::Added(c.value().to_owned())),
                })
                .collect();
            out.push(ConsentChange {
                document: id.to_owned(),
                language: lang,
                change,
                versions: (
                    a.as_ref().map(|d| d.version.clone()),
                    b.as_ref().map(|d| d.version.clone()),
                ),
                sentences,
            });
        }
    }
    out
}

/// A document's text in `lang` as sentences: its title, each section's heading, the
/// sentences of its paragraphs and list items, and the statement the patient ticks.
pub fn sentences(doc: &ConsentDocument, lang: Lang) -> Vec<String> {
    let mut out = vec![doc.title.get(lang).to_owned()];
    for section in &doc.sections {
        out.push(section.heading.get(lang).to_owned());
        for block in section.content.get(lang) {
            match block {
                Block::P(runs) => split_sentences(&plain(runs), &mut out),
                Block::Ul(items) => {
                    for item in items {
                        split_sentences(&plain(item), &mut out);
                    }
                }
            }
        }
        if let Some(ack) = &section.acknowledge {
            split_sentences(ack.get(lang), &mut out);
        }
    }
    out
}

/// The plain text of runs (emphasis dropped).
pub fn plain(runs: &[Run]) -> String {
    runs.iter()
        .map(|r| match r {
            Run::Plain(t) | Run::Marked(Mark::Em(t)) | Run::Marked(Mark::Strong(t)) => t.as_str(),
        })
        .collect()
}

/// Splits `text` after `.`, `?`, `!` or `:` followed by a space.
fn split_sentences(text: &str, out: &mut Vec<String>) {
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'?' | b'!' | b':') && bytes.get(i + 1) == Some(&b' ') {
            push_trimmed(&text[start..=i], out);
            start = i + 1;
        }
    }
    push_trimmed(&text[start..], out);
}

fn push_trimmed(text: &str, out: &mut Vec<String>) {
    let text = text.trim();
    if !text.is_empty() {
        out.push(text.to_owned());
    }
}

fn other_parts(old: &ClinicProfile, new: &ClinicProfile) -> Vec<String> {
    let value = |p: &ClinicProfile| serde_json::to_value(p).unwrap_or(Value::Null);
    let (a, b) = (value(old), value(new));
    let mut out = Vec::new();
    // Every member but the two compared in detail above (and the format version).
    let parts = super::read::PROFILE_FIELDS
        .iter()
        .filter(|p| !matches!(**p, "schema_version" | "protocol" | "consents"));
    for &part in parts {
        if a.get(part) != b.get(part) {
            out.push(part.to_owned());
        }
    }
    for part in ["version", "parameters", "tests"] {
        let get = |v: &Value| v.get("protocol").and_then(|p| p.get(part)).cloned();
        if get(&a) != get(&b) {
            out.push(format!("protocol.{part}"));
        }
    }
    out
}

impl fmt::Display for ProfileDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return writeln!(f, "No differences in rules, consent texts or other parts.");
        }
        for rule in &self.rules {
            write!(f, "rule {}: {}", rule.id, rule.change.word())?;
            if !rule.members.is_empty() {
                write!(f, " ({})", rule.members.join(", "))?;
            }
            writeln!(f)?;
            for (sign, value) in [("-", &rule.before), ("+", &rule.after)] {
                if let Some(v) = value {
                    let shown = match v.as_object() {
                        Some(o) if !rule.members.is_empty() => Value::Object(
                            o.iter()
                                .filter(|(k, _)| rule.members.contains(k))
                                .map(|(k, v)| (k.clone(), v.clone()))
                                .collect(),
                        ),
                        _ => v.clone(),
                    };
                    writeln!(f, "  {sign} {shown}")?;
                }
            }
        }
        for consent in &self.consents {
            let (from, to) = &consent.versions;
            writeln!(
                f,
                "consent {} ({}): {}, version {} -> {}",
                consent.document,
                consent.language.code(),
                consent.change.word(),
                from.as_deref().unwrap_or("none"),
                to.as_deref().unwrap_or("none"),
            )?;
            for sentence in &consent.sentences {
                match sentence {
                    SentenceChange::Removed(s) => writeln!(f, "  - {s}")?,
                    SentenceChange::Added(s) => writeln!(f, "  + {s}")?,
                }
            }
        }
        if !self.other.is_empty() {
            writeln!(f, "also changed: {}", self.other.join(", "))?;
        }
        Ok(())
    }
}
