//! The page itself, `/` and `/index.html`, with the clinic's welcome already in it.
//!
//! The receiver renders the first screen of a visit ([`super::welcome`]) from the
//! profile patients get now ([`crate::protocol::Protocols::served`], its approval
//! included) in the patient's language (the page's `?lang=`, then `Accept-Language`,
//! then the profile's default) into `index.html`: in `#app`, marked
//! `data-rendered="<lang>"`, with `<html class="rendered" lang>` and the title in that
//! language. So the patient reads the clinic's welcome before any script has run; the
//! widget then puts its own, identical screen in its place (`src/browser/boot.rs`).
//! The embedding options (`accent`, `font_size`) and the progress bar's width, which
//! the widget sets through the CSS object model, are one `<style>` in the head, allowed
//! by its hash in this page's own Content-Security-Policy.
//!
//! The page is served as the file is (no welcome) when it asks for another profile
//! (`?profile=`), when the profile cannot be served, or when `index.html` has no
//! `<div id="app"></div>`: the widget then starts as it does from static files.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use candor_core::ClinicProfile;
use candor_core::embed::Theme;
use candor_core::welcome::{self, Welcome};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::AppState;

/// Where the welcome goes in `index.html`.
pub const APP_MARKER: &str = r#"<div id="app"></div>"#;

/// What the page handler shares: the page as built, and the files to fall back on.
#[derive(Clone)]
pub struct FirstPage {
    /// The state, for the profile patients get.
    pub app: Arc<AppState>,
    /// `index.html` as built.
    pub template: Arc<str>,
    /// `dist/`, which serves the page as it is.
    pub files: ServeDir,
}

/// `GET /` and `GET /index.html`.
pub async fn first_page(State(page): State<FirstPage>, request: Request) -> Response {
    let (uri, headers) = (request.uri().clone(), request.headers().clone());
    match rendered(&page, &uri, &headers).await {
        Some(response) => response,
        None => match page.files.oneshot(request).await {
            Ok(response) => response.map(Body::new),
            Err(never) => match never {},
        },
    }
}

/// The page with the welcome, or `None` to serve it as it is.
async fn rendered(page: &FirstPage, uri: &Uri, headers: &HeaderMap) -> Option<Response> {
    let query: HashMap<String, String> = Query::try_from_uri(uri)
        .map(|Query(q)| q)
        .unwrap_or_default();
    if query.contains_key("profile") {
        return None;
    }
    let profile = served_profile(&page.app).await?;
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let lang = welcome::language(&profile, query.get("lang").map(String::as_str), accept);
    let welcome = Welcome::of(&profile, lang, crate::protocol::versions::today());
    let (theme, _) = Theme::from_options(
        query.get("accent").map(String::as_str),
        query.get("font_size").map(String::as_str),
    );
    let html = fill(&page.template, &welcome, &style(&welcome, &theme))?;
    let html = super::deferred_start::after_first_paint(&html).unwrap_or(html);
    let policy = crate::csp::policy(&html, &page.app.config);
    Some(respond(html, &policy, headers))
}

/// The profile patients get now, with its verified approval in place of any the file
/// claims (as the widget does with the approval header); `None` when it cannot be
/// served or read.
async fn served_profile(app: &Arc<AppState>) -> Option<ClinicProfile> {
    let app = app.clone();
    tokio::task::spawn_blocking(move || {
        let served = app.protocols.served(&app.store).ok()?;
        let mut profile = served.version.profile()?.as_ref().clone();
        let published = crate::protocol::published(served.approval.as_ref()).to_string();
        let approval = candor_core::risk::published_approval(&published, &profile.sha256);
        if let Some(protocol) = profile.protocol.as_mut() {
            protocol.approval = approval;
        }
        Some(profile)
    })
    .await
    .ok()
    .flatten()
}

/// The rules the widget applies through the CSS object model, for the rendered page:
/// the embedding page's theme as the core accepts it, and the progress bar's width.
fn style(welcome: &Welcome, theme: &Theme) -> String {
    let mut root = String::new();
    if let Some((accent, hover)) = theme.accent {
        root.push_str(&format!(
            "--candor-theme-accent:{};--candor-theme-accent-hover:{};",
            accent.css(),
            hover.css()
        ));
    }
    if let Some(size) = &theme.font_size {
        root.push_str(&format!("--candor-theme-text:{size};"));
    }
    let mut css = format!(
        "#app[data-rendered] .progress-fill{{width:{}%}}",
        welcome.progress_percent
    );
    if !root.is_empty() {
        css.push_str(&format!(":root{{{root}}}"));
    }
    css
}

/// `template` with the welcome in `#app`, its language and class on `<html>`, its
/// title, and `style` at the end of the head; `None` when the template lacks a part.
pub fn fill(template: &str, welcome: &Welcome, style: &str) -> Option<String> {
    let html_at = template.find("<html")?;
    let html_end = html_at + template[html_at..].find('>')? + 1;
    let title_at = html_end + template[html_end..].find("<title>")? + "<title>".len();
    let title_end = title_at + template[title_at..].find("</title>")?;
    let head_end = title_end + template[title_end..].find("</head>")?;
    let app_at = head_end + template[head_end..].find(APP_MARKER)?;
    let lang = welcome.lang.code();
    let markup = super::welcome::markup(welcome).into_string();
    let title = maud::html! { (welcome.text.page_title) }.into_string();
    Some(
        [
            &template[..html_at],
            &format!(r#"<html lang="{lang}" class="rendered">"#),
            &template[html_end..title_at],
            &title,
            &template[title_end..head_end],
            &format!("<style>{style}</style>\n  "),
            &template[head_end..app_at],
            &format!(r#"<div id="app" data-rendered="{lang}">{markup}</div>"#),
            &template[app_at + APP_MARKER.len()..],
        ]
        .concat(),
    )
}

/// The page as an answer: the policy for its own inline blocks, compressed as the
/// browser accepts (brotli or gzip at a quick setting: the page is a few kilobytes).
fn respond(html: String, policy: &str, request: &HeaderMap) -> Response {
    let accepts = |coding: &str| {
        request
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with(coding)))
    };
    let compressed = if accepts("br") {
        brotli(html.as_bytes()).map(|b| (b, "br"))
    } else if accepts("gzip") {
        gzip(html.as_bytes()).map(|b| (b, "gzip"))
    } else {
        None
    };
    let mut response = match compressed {
        Some((bytes, coding)) => {
            let mut r = bytes.into_response();
            r.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
            r
        }
        None => html.into_response(),
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::VARY,
        HeaderValue::from_static("accept-encoding, accept-language"),
    );
    if let Ok(policy) = HeaderValue::from_str(policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

fn brotli(mut bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let params = ::brotli::enc::BrotliEncoderParams {
        quality: 5,
        ..Default::default()
    };
    ::brotli::BrotliCompress(&mut bytes, &mut out, &params)
        .ok()
        .map(|_| out)
}

fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gzip, bytes).ok()?;
    gzip.finish().ok()
}
