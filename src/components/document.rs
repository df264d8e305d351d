//! A consent document's content, rendered as elements: headings, paragraphs, lists
//! and emphasis. The profile holds no HTML, so clinic text only ever becomes text.

use candor_core::Lang;
use candor_core::consent::{Block, ConsentDocument, ConsentSection, Mark, Run};

use crate::html::{El, el};

fn runs(parent: El, runs: &[Run]) -> El {
    runs.iter().fold(parent, |p, run| match run {
        Run::Plain(text) => p.text(text),
        Run::Marked(Mark::Strong(text)) => p.child(el("strong").text(text)),
        Run::Marked(Mark::Em(text)) => p.child(el("em").text(text)),
    })
}

fn block(block: &Block) -> El {
    match block {
        Block::P(r) => runs(el("p"), r),
        Block::Ul(items) => {
            el("ul").children(items.iter().map(|item| runs(el("li"), item)).collect())
        }
    }
}

/// The sections of `doc` in `lang`; `after_section` adds what follows a section
/// (its acknowledgement checkbox, or on the copy, the acknowledgement as ticked).
pub fn document_sections(
    doc: &ConsentDocument,
    lang: Lang,
    after_section: &dyn Fn(&ConsentSection) -> Option<El>,
) -> Vec<El> {
    doc.sections
        .iter()
        .map(|section| {
            let heading_id = format!("{}-{}", doc.id, section.id);
            el("section")
                .class("consent-section")
                .attr("aria-labelledby", &heading_id)
                .child(el("h2").id(&heading_id).text(section.heading.get(lang)))
                .children(section.content.get(lang).iter().map(block).collect())
                .child_opt(after_section(section))
        })
        .collect()
}
