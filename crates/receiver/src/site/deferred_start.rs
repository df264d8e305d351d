//! On the page with the welcome rendered in it, the widget's downloads begin once the
//! welcome has been painted, not while the page is still being read.
//!
//! The page as built preloads the widget's JavaScript glue, its wasm and the clinic
//! profile in the head, and its module script imports the glue at once: right for a
//! page whose first screen is the widget's, since nothing can be shown before they
//! arrive. With the welcome already in the page, those downloads only compete with the
//! page's stylesheet for a slow connection before the first paint (and Lighthouse's
//! simulated slow 4G charges every request begun before the largest paint to it: with
//! them in the head it put that paint at 2.9 s, with the page painted at 1.0 s). So
//! here the preload links move into an inert `<template>`, and the module script first
//! waits for a painted frame, then puts the links in the head (each downloads as it
//! would have) and imports the glue. Start pressed meanwhile is remembered by the boot
//! script and honoured when the widget runs, as before.
//!
//! The page is left as it is when it does not have the shape Trunk builds (one module
//! script importing `init` from the glue, and the preload links); the widget then
//! starts as it does from static files.

/// The `id` of the template holding the preload links until the first paint.
const TEMPLATE_ID: &str = "deferred-preloads";

/// What the module script does first: wait for a painted frame (a task after the
/// animation frame runs after that frame), then start the preloads.
const AFTER_PAINT: &str = "await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted)));\n\
     document.head.append(document.getElementById(\"deferred-preloads\").content.cloneNode(true));\n";

/// `page` with the widget's downloads begun after the first paint, or `None` when it
/// does not have the expected shape.
pub fn after_first_paint(page: &str) -> Option<String> {
    let (links, page) = take_preloads(page)?;
    let script_at = page.find("<script type=\"module\">")?;
    let import_at = script_at + page[script_at..].find("import init, * as bindings from ")?;
    let import_end = import_at + page[import_at..].find(';')? + 1;
    let glue = page[import_at..import_end]
        .trim_start_matches("import init, * as bindings from ")
        .trim_end_matches(';');
    if !(glue.starts_with('\'') && glue.ends_with('\'') && !glue[1..glue.len() - 1].contains('\''))
    {
        return None;
    }
    let import = format!(
        "{AFTER_PAINT}const bindings = await import({glue});\nconst init = bindings.default;"
    );
    let head_end = page.find("</head>")?;
    if import_end > head_end {
        return None;
    }
    Some(
        [
            &page[..import_at],
            &import,
            &page[import_end..head_end],
            &format!("<template id=\"{TEMPLATE_ID}\">{links}</template>\n  "),
            &page[head_end..],
        ]
        .concat(),
    )
}

/// The page without its preload links (`modulepreload`, and `preload` of the wasm and
/// the profile), and those links; `None` when it has none.
fn take_preloads(page: &str) -> Option<(String, String)> {
    let mut links = String::new();
    let mut rest = String::with_capacity(page.len());
    let mut from = 0;
    while let Some(at) = page[from..].find("<link ").map(|i| from + i) {
        let end = at + page[at..].find('>')? + 1;
        let tag = &page[at..end];
        rest.push_str(&page[from..at]);
        if tag.contains("rel=\"modulepreload\"") || tag.contains("rel=\"preload\"") {
            links.push_str(tag);
        } else {
            rest.push_str(tag);
        }
        from = end;
    }
    rest.push_str(&page[from..]);
    (!links.is_empty()).then_some((links, rest))
}

#[cfg(test)]
mod tests {
    use super::after_first_paint;

    const BUILT: &str = r#"<html><head>
<link rel="stylesheet" href="./c.css" integrity="sha384-x"/>
<link rel="preload" href="profile.json" as="fetch" crossorigin="anonymous" />
<link rel="modulepreload" href="./w.js" crossorigin="anonymous" integrity="sha384-y">
<link rel="preload" href="./w_bg.wasm" crossorigin="anonymous" as="fetch" type="application/wasm">
<script type="module">
import init, * as bindings from './w.js';
const wasm = await init({ module_or_path: './w_bg.wasm' });
</script>
</head><body><div id="app"></div></body></html>"#;

    #[test]
    fn the_preloads_wait_in_a_template_and_the_glue_is_imported_after_a_painted_frame() {
        let page = after_first_paint(BUILT).unwrap();
        let head = &page[..page.find("</head>").unwrap()];
        let template_at = head.find("<template id=\"deferred-preloads\">").unwrap();
        for link in [
            "href=\"profile.json\"",
            "href=\"./w.js\"",
            "href=\"./w_bg.wasm\"",
        ] {
            assert!(
                head.find(link).unwrap() > template_at,
                "{link} only in the template"
            );
        }
        assert!(head.contains(r#"<link rel="stylesheet" href="./c.css" integrity="sha384-x"/>"#));
        assert!(!page.contains("import init, * as bindings"));
        let wait = page.find("requestAnimationFrame").unwrap();
        let import = page.find("await import('./w.js')").unwrap();
        let init = page.find("await init(").unwrap();
        assert!(wait < import && import < init);
    }

    #[test]
    fn a_page_of_another_shape_is_left_alone() {
        assert!(after_first_paint("<html><head></head><body></body></html>").is_none());
        let no_import = BUILT.replace("import init, * as bindings from './w.js';", "");
        assert!(after_first_paint(&no_import).is_none());
        let odd_glue = BUILT.replace("'./w.js'", "'./w.js' + x");
        assert!(after_first_paint(&odd_glue).is_none());
    }
}
