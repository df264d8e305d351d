//! Checks of the consent documents.

use super::Checker;

/// One disclosure, one consent per treatment, the required topics, every
/// translation, and no empty content.
pub(super) fn check_consents(c: &mut Checker) {
    use crate::consent::{Block, ConsentKind, Run};
    let docs = &c.profile.consents;
    if docs.is_empty() {
        if !c.profile.treatments.is_empty() {
            c.error(
                "$.consents",
                "no consent documents: every treatment needs its consent, and the visit needs the electronic-records disclosure",
            );
        }
        return;
    }
    c.unique("$.consents", docs.iter().map(|d| d.id.as_str()));
    let disclosures = docs
        .iter()
        .filter(|d| d.kind == ConsentKind::Disclosure)
        .count();
    if disclosures != 1 {
        c.error("$.consents", format!("needs exactly one `disclosure` document (the electronic-records disclosure), found {disclosures}"));
    }
    for (i, t) in c.profile.treatments.iter().enumerate() {
        let count = docs
            .iter()
            .filter(|d| d.kind == ConsentKind::Treatment && d.treatment.as_deref() == Some(&t.id))
            .count();
        if count != 1 {
            c.error(
                format!("$.treatments[{i}]"),
                format!("needs exactly one treatment consent document, found {count}"),
            );
        }
    }
    let languages = c.profile.languages.clone();
    for (i, doc) in docs.iter().enumerate() {
        let path = format!("$.consents[{i}]");
        c.not_blank(&format!("{path}.version"), &doc.version);
        c.text(&format!("{path}.title"), &doc.title);
        match (doc.kind, &doc.treatment) {
            (ConsentKind::Treatment, None) => c.error(
                format!("{path}.treatment"),
                "a treatment consent names its treatment",
            ),
            (ConsentKind::Treatment, Some(t))
                if !c.profile.treatments.iter().any(|x| &x.id == t) =>
            {
                c.error(
                    format!("{path}.treatment"),
                    format!("unknown treatment `{t}`"),
                )
            }
            (ConsentKind::Treatment, _) => {}
            (_, Some(_)) => c.error(
                format!("{path}.treatment"),
                "only treatment consents name a treatment",
            ),
            (_, None) => {}
        }
        let missing = doc.missing_topics();
        if !missing.is_empty() {
            let names: Vec<String> = missing
                .iter()
                .map(|t| {
                    serde_json::to_value(t)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default()
                })
                .collect();
            c.error(
                format!("{path}.sections"),
                format!("a treatment consent must cover: {}", names.join(", ")),
            );
        }
        c.unique(
            &format!("{path}.sections"),
            doc.sections.iter().map(|s| s.id.as_str()),
        );
        for (j, section) in doc.sections.iter().enumerate() {
            let here = format!("{path}.sections[{j}]");
            c.text(&format!("{here}.heading"), &section.heading);
            if let Some(ack) = &section.acknowledge {
                c.text(&format!("{here}.acknowledge"), ack);
            }
            for lang in &languages {
                let blocks = section.content.get(*lang);
                let empty_run = |runs: &Vec<Run>| {
                    runs.iter().all(|r| match r {
                        Run::Plain(t) => t.trim().is_empty(),
                        Run::Marked(
                            crate::consent::Mark::Em(t) | crate::consent::Mark::Strong(t),
                        ) => t.trim().is_empty(),
                    })
                };
                let blank = blocks.is_empty()
                    || blocks.iter().any(|b| match b {
                        Block::P(runs) => empty_run(runs),
                        Block::Ul(items) => items.is_empty() || items.iter().any(empty_run),
                    });
                if blank {
                    c.error(
                        format!("{here}.content.{}", lang.code()),
                        format!("missing or empty {} content", lang.endonym()),
                    );
                }
            }
        }
    }
}
