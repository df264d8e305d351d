//! The Content-Security-Policy of the widget's page.
//!
//! Scripts: the page's own files, WebAssembly (`'wasm-unsafe-eval'`), and the inline
//! boot scripts of `index.html` by their SHA-256, nothing else. Network: the
//! receiver's own origin and the configured delivery targets. Framing: only the
//! configured ancestors.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

use crate::Config;

/// The policy for `html`, the widget's `index.html`.
pub fn policy(html: &str, config: &Config) -> String {
    let hashes = |tag| {
        inline_blocks(html, tag)
            .iter()
            .map(|b| format!(" 'sha256-{}'", STANDARD.encode(Sha256::digest(b))))
            .collect::<String>()
    };
    let connect: String = config.connect_src.iter().map(|o| format!(" {o}")).collect();
    [
        "default-src 'none'".to_owned(),
        format!("script-src 'self' 'wasm-unsafe-eval'{}", hashes("script")),
        format!("style-src 'self'{}", hashes("style")),
        "img-src 'self' data:".to_owned(),
        format!("connect-src 'self'{connect}"),
        "base-uri 'none'".to_owned(),
        "form-action 'none'".to_owned(),
        "object-src 'none'".to_owned(),
        format!("frame-ancestors {}", config.frame_ancestors),
    ]
    .join("; ")
}

/// The contents of every inline `<tag>…</tag>` (those without `src=`).
pub fn inline_blocks<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let attributes = &after[..tag_end];
        let body = &after[tag_end + 1..];
        let Some(end) = body.find(&close) else { break };
        let is_tag = attributes.is_empty() || attributes.starts_with(char::is_whitespace);
        if is_tag && !attributes.contains("src=") {
            out.push(&body[..end]);
        }
        rest = &body[end + close.len()..];
    }
    out
}
