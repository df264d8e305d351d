//! The page with the clinic's welcome rendered in it: the patient's language, the
//! clinic's text only ever as text, and a policy that allows the page's own blocks.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::common::{Receiver, receiver_with};

/// The build's `index.html` in miniature: the parts the receiver fills.
const TEMPLATE: &str = "<!doctype html>\n<html lang=\"en\">\n  <head>\n    <title>Before your visit</title>\n    <script>boot()</script>\n  </head>\n  <body>\n    <div id=\"boot\"></div>\n    <div id=\"app\"></div>\n  </body>\n</html>\n";

/// A receiver serving the demo profile under the clinic name `name`.
fn clinic(name: &str) -> Receiver {
    let mut profile: serde_json::Value =
        serde_json::from_str(candor_core::profile::DEMO_PROFILE_JSON).unwrap();
    profile["name"] = name.into();
    receiver_with(|config| {
        std::fs::write(config.dist.join("index.html"), TEMPLATE).unwrap();
        std::fs::write(config.dist.join("profile.json"), profile.to_string()).unwrap();
    })
}

/// The page at `path` with these request headers: its status, headers and text.
async fn page(
    r: &Receiver,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = candor_receiver::app(r.state.clone())
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    (
        parts.status,
        parts.headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

#[tokio::test]
async fn the_welcome_is_in_the_page_in_the_patients_language() {
    let r = clinic("Lumen Aesthetics");
    let (status, headers, html) =
        page(&r, "/", &[("accept-language", "es-MX,es;q=0.9,en;q=0.8")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(r#"<html lang="es" class="rendered">"#),
        "{html}"
    );
    assert!(html.contains("<title>Antes de su visita</title>"), "{html}");
    assert!(
        html.contains(r#"<div id="app" data-rendered="es">"#),
        "{html}"
    );
    assert!(
        html.contains("Le damos la bienvenida a Lumen Aesthetics"),
        "{html}"
    );
    assert!(html.contains(">Empezar</button>"), "{html}");
    assert!(
        html.contains(r#"<button type="button" class="language-button" lang="es" aria-pressed="true">Español</button>"#),
        "{html}"
    );
    assert!(html.contains("Paso 1 de "), "{html}");
    assert!(
        html.contains("Clínica de demostración"),
        "the demo banner: {html}"
    );
    assert!(
        html.contains("Solo para demostración"),
        "not approved: {html}"
    );
    assert_eq!(headers["vary"], "accept-encoding, accept-language");
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    // The same from /index.html; an English browser reads English.
    let (_, _, english) = page(
        &r,
        "/index.html",
        &[("accept-language", "en-US,en;q=0.9,es;q=0.5")],
    )
    .await;
    assert!(english.contains("Welcome to Lumen Aesthetics"), "{english}");
    assert!(english.contains(r#"<html lang="en" class="rendered">"#));
    // ?lang= (the embedding snippet's) comes first, as the widget reads it.
    let (_, _, asked) = page(&r, "/?lang=es", &[("accept-language", "en")]).await;
    assert!(asked.contains(r#"data-rendered="es""#));
}

#[tokio::test]
async fn without_a_preference_the_profile_default_is_used() {
    let r = clinic("Lumen Aesthetics");
    for headers in [
        &[][..],
        &[("accept-language", "fr-FR,de;q=0.5")][..],
        &[("accept-language", "es;q=0")][..],
    ] {
        let (_, _, html) = page(&r, "/", headers).await;
        assert!(
            html.contains(r#"data-rendered="en""#),
            "{headers:?}: {html}"
        );
        assert!(html.contains("Welcome to Lumen Aesthetics"));
        assert!(html.contains("Before your visit</title>"));
    }
}

#[tokio::test]
async fn a_hostile_clinic_name_is_only_ever_text() {
    let hostile = r#"Evil</p><script>alert(1)</script><img src=x onerror="alert(2)">&amp;"#;
    let r = clinic(hostile);
    let (_, headers, html) = page(&r, "/", &[]).await;
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("Evil&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;&amp;amp;"), "{html}");
    // The only inline blocks are the build's script and the receiver's own style, and
    // the policy allows exactly those.
    let csp = headers["content-security-policy"].to_str().unwrap();
    let scripts = candor_receiver::csp::inline_blocks(&html, "script");
    assert_eq!(scripts, ["boot()"]);
    let styles = candor_receiver::csp::inline_blocks(&html, "style");
    assert_eq!(styles.len(), 1);
    assert!(
        styles[0].starts_with("#app[data-rendered] .progress-fill{width:"),
        "{styles:?}"
    );
    use base64::Engine;
    use sha2::Digest;
    for (kind, block) in [("script", scripts[0]), ("style", styles[0])] {
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(block));
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{kind}: {csp}");
    }
    assert!(csp.contains("style-src 'self' 'sha256-"), "{csp}");
}

#[tokio::test]
async fn the_embedding_theme_is_in_the_page_as_the_widget_would_set_it() {
    let r = clinic("Lumen Aesthetics");
    let (_, _, html) = page(&r, "/?accent=%23123456&font_size=20", &[]).await;
    let style = candor_receiver::csp::inline_blocks(&html, "style")[0].to_owned();
    assert!(style.contains("--candor-theme-accent:#123456;"), "{style}");
    assert!(style.contains("--candor-theme-text:"), "{style}");
    // A refused option is left out, as the widget leaves it out.
    let (_, _, html) = page(&r, "/?accent=red;x:y", &[]).await;
    let style = candor_receiver::csp::inline_blocks(&html, "style")[0].to_owned();
    assert!(!style.contains("accent"), "{style}");
}

#[tokio::test]
async fn another_profile_or_no_profile_gets_the_page_as_built() {
    let r = clinic("Lumen Aesthetics");
    let (status, _, html) = page(&r, "/?profile=profiles/harbor-skin.json", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html, TEMPLATE);
    // The plain receiver of the other tests has no profile beside its page.
    let plain = crate::common::receiver();
    let (status, _, html) = page(&plain, "/", &[("accept-language", "es")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("data-rendered"), "{html}");
}

#[tokio::test]
async fn the_page_is_compressed_for_a_browser_that_takes_it() {
    let r = clinic("Lumen Aesthetics");
    let (_, headers, _) = page(&r, "/", &[("accept-encoding", "gzip, deflate, br")]).await;
    assert_eq!(headers["content-encoding"], "br");
    let (_, headers, _) = page(&r, "/", &[("accept-encoding", "gzip")]).await;
    assert_eq!(headers["content-encoding"], "gzip");
}
