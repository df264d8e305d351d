//! The language lint as the protocol tool runs it: a clinic profile's texts in `lint`,
//! with their JSON paths, and the widget's own strings with `language src/text`.

use std::process::Command;

fn tool(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_candor-protocol"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// A path under the repository's root.
fn repo(path: &str) -> String {
    format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))
}

/// A scratch directory of this test's own.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("candor-language-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn lint_fails_on_a_planted_proveedor_and_names_its_json_path() {
    let mut demo: serde_json::Value =
        serde_json::from_str(candor_core::profile::DEMO_PROFILE_JSON).unwrap();
    demo["sections"][0]["intro"]["es"] =
        "Cuéntenos su historia de salud. Así su proveedor puede cuidar de su seguridad.".into();
    let path = scratch("proveedor").join("profile.json");
    std::fs::write(&path, demo.to_string()).unwrap();
    let (code, out, _) = tool(&["lint", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "error   $.sections[0].intro.es: \u{201c}proveedor\u{201d} is a term to avoid in Spanish (glossary: `proveedor*`)"
        ),
        "{out}"
    );
    assert!(out.contains("lint: 1 errors"), "{out}");
}

#[test]
fn a_regional_word_is_a_warning_that_does_not_fail_the_lint() {
    let mut demo: serde_json::Value =
        serde_json::from_str(candor_core::profile::DEMO_PROFILE_JSON).unwrap();
    demo["sections"][0]["title"]["es"] = "Su salud (picor, liga)".into();
    demo["sections"][0]["title"]["en"] = "Your health (skin colour)".into();
    let path = scratch("regional").join("profile.json");
    std::fs::write(&path, demo.to_string()).unwrap();
    let (code, out, _) = tool(&["lint", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    for expected in [
        "warning $.sections[0].title.es: \u{201c}picor\u{201d}",
        "warning $.sections[0].title.es: \u{201c}liga\u{201d}",
        "warning $.sections[0].title.en: \u{201c}colour\u{201d} is a term to avoid in English",
    ] {
        assert!(out.contains(expected), "{expected}: {out}");
    }
}

#[test]
fn the_demo_and_the_second_clinic_have_no_language_findings() {
    for profile in [
        "--demo".to_owned(),
        repo("examples/profiles/harbor-skin.json"),
    ] {
        let (code, out, _) = tool(&["lint", &profile]);
        assert_eq!(code, 0, "{profile}: {out}");
        assert!(
            !out.contains("term to avoid"),
            "{profile} uses a term the glossary says to avoid:\n{out}"
        );
    }
}

#[test]
fn the_widgets_strings_use_no_term_to_avoid() {
    let (code, out, err) = tool(&["language", &repo("src/text")]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(" 0 errors, 0 warnings"), "{out}");
    let strings: usize = out
        .rsplit("language: ")
        .next()
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(strings > 400, "every table was read: {out}");
}

#[test]
fn a_planted_proveedor_in_the_spanish_table_fails_with_the_strings_name() {
    let dir = scratch("ui");
    let es = std::fs::read_to_string(repo("src/text/es.rs")).unwrap();
    let planted = es.replace(
        "\"Temas para hablar con su profesional\"",
        "\"Temas para hablar con su proveedor\"",
    );
    assert_ne!(es, planted, "the string to plant into is still in es.rs");
    std::fs::write(dir.join("es.rs"), planted).unwrap();
    let (code, out, _) = tool(&["language", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("ES.talk_heading: \u{201c}proveedor\u{201d}"),
        "{out}"
    );
    assert!(out.contains("1 errors"), "{out}");
}

#[test]
fn a_directory_without_text_tables_is_refused() {
    let dir = scratch("empty");
    let (code, _, err) = tool(&["language", dir.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("no interface strings"), "{err}");
}
