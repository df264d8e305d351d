//! The widget's first screen as HTML: the clinic bar, the banners, the progress and
//! the welcome, element for element and class for class as the widget builds them
//! (`src/app.rs`, `src/steps/welcome.rs`), so that the widget can take its place
//! without anything moving. Every text is escaped by `maud`: a clinic's name is only
//! ever text.

use candor_core::welcome::Welcome;
use maud::{Markup, html};

/// The contents of `#app` for `welcome`.
pub fn markup(welcome: &Welcome) -> Markup {
    let text = welcome.text;
    html! {
        header.clinic-bar {
            div.clinic-bar-inner {
                p.clinic-name { (welcome.clinic) }
                @if welcome.languages.len() > 1 {
                    nav.language-switch aria-label=(text.language_label) {
                        ul {
                            @for lang in &welcome.languages {
                                li {
                                    button type="button" class="language-button" lang=(lang.code())
                                        aria-pressed=(if *lang == welcome.lang { "true" } else { "false" }) {
                                        (lang.endonym())
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if let Some(banner) = welcome.demo_banner {
            p.demo-banner { (banner) }
        }
        @if let Some(banner) = welcome.unapproved {
            p.demo-banner { (banner) }
        }
        @if let Some(line) = &welcome.approval_line {
            p.approval-line { (line) }
        }
        main.page {
            div.progress {
                p.progress-label { (welcome.step_label) }
                div.progress-track aria-hidden="true" { div.progress-fill {} }
            }
            form.step novalidate autocomplete="on" {
                h1.step-title tabindex="-1" { (welcome.title) }
                div {}
                p.lead { (text.intro) }
                section aria-labelledby="asks-heading" {
                    h2 #asks-heading { (text.asks_heading) }
                    ul.checklist {
                        @for item in &welcome.asks { li { (item) } }
                    }
                    p { (welcome.duration) }
                }
                section.privacy aria-labelledby="privacy-heading" {
                    h2 #privacy-heading { (text.privacy_heading) }
                    ul {
                        @for point in &welcome.privacy { li { (point) } }
                    }
                }
                div.step-nav {
                    button type="submit" class="button button--primary" { (text.start) }
                }
            }
        }
        div.visually-hidden role="status" aria-live="polite" {}
    }
}
