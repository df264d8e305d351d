//! The protocol tool as a medical director runs it.

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

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn check_prints_findings_as_json_with_the_overall_result() {
    let (code, out, err) = tool(&[
        "check",
        "--demo",
        &fixture("neurotoxin-myasthenia-milk.json"),
        "--today",
        "2026-11-22",
    ]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        report["overall"][0],
        serde_json::json!(["neurotoxin", "stop"])
    );
    assert_eq!(report["approved"], false);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"neurotoxin.neuromuscular") && rules.contains(&"neurotoxin.dysport_milk"),
        "{rules:?}"
    );
    let milk = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "neurotoxin.dysport_milk")
        .unwrap();
    assert_eq!(milk["product"], "dysport");
    assert!(milk["source"].as_str().unwrap().contains("Dysport"));
}

#[test]
fn test_runs_the_protocols_own_cases() {
    let (code, out, _) = tool(&["test", "--demo"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("pass an aspirin allergy stops salicylic and Jessner's peels, not glycolic"),
        "{out}"
    );
    assert!(
        out.trim_end().ends_with("7 passed, 0 failed, 0 skipped"),
        "{out}"
    );
}

#[test]
fn test_fails_when_a_case_fails() {
    let mut demo: serde_json::Value =
        serde_json::from_str(candor_core::profile::DEMO_PROFILE_JSON).unwrap();
    demo["protocol"]["tests"][0]["expect"] = serde_json::json!(["neurotoxin.heart@neurotoxin"]);
    let path = std::env::temp_dir().join(format!("candor-failing-{}.json", std::process::id()));
    std::fs::write(&path, demo.to_string()).unwrap();
    let (code, out, _) = tool(&["test", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL neurotoxin patient with myasthenia gravis")
            && out.contains("expected neurotoxin.heart@neurotoxin"),
        "{out}"
    );
}

#[test]
fn lint_reports_unknown_references_never_firing_rules_and_duplicates() {
    let mut demo: serde_json::Value =
        serde_json::from_str(candor_core::profile::DEMO_PROFILE_JSON).unwrap();
    let rules = demo["protocol"]["rules"].as_array_mut().unwrap();
    rules[0]["when"] =
        serde_json::json!({"answer": {"includes": {"question": "conditons", "option": "x"}}});
    rules[1]["when"] = serde_json::json!({"medication": {"class": "anticoagulants"}});
    let copy = rules[2].clone();
    let mut dup = copy.clone();
    dup["id"] = serde_json::json!("neurotoxin.copy");
    rules.push(dup);
    let path = std::env::temp_dir().join(format!("candor-lint-{}.json", std::process::id()));
    std::fs::write(&path, demo.to_string()).unwrap();
    let (code, out, _) = tool(&["lint", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error   $.protocol.rules[0].when.answer.includes.question: unknown question `conditons`"), "{out}");
    assert!(out.contains("$.protocol.rules[1].when.medication.class: no medication in the vocabulary has the class `anticoagulants`"), "{out}");
    assert!(
        out.contains("duplicates rule `neurotoxin.neuromuscular`"),
        "{out}"
    );
    assert!(
        out.contains("applies to no treatment this clinic offers"),
        "{out}"
    );
}

#[test]
fn lint_prints_each_problem_once_with_the_id_meant() {
    let mut demo: serde_json::Value =
        serde_json::from_str(candor_core::profile::DEMO_PROFILE_JSON).unwrap();
    // An ingredient nearly right on a product: a lint error that is also one of the
    // profile's problems (it was printed twice).
    demo["treatments"][0]["products"][0]["contains"]
        .as_array_mut()
        .unwrap()
        .push("lactose".into());
    let path = std::env::temp_dir().join(format!("candor-lint-once-{}.json", std::process::id()));
    std::fs::write(&path, demo.to_string()).unwrap();
    let (code, out, _) = tool(&["lint", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let line = "error   $.treatments[0].products[0].contains[2]: `lactose` is no ingredient or class of the allergy vocabulary (did you mean `lactose_intolerance`?)";
    assert_eq!(out.lines().filter(|l| *l == line).count(), 1, "{out}");
    let mut lines: Vec<&str> = out.lines().collect();
    let all = lines.len();
    lines.sort_unstable();
    lines.dedup();
    assert_eq!(lines.len(), all, "a line printed twice: {out}");
    assert!(out.contains("lint: 1 errors"), "{out}");
}

#[test]
fn lint_of_the_demo_has_no_errors() {
    let (code, out, _) = tool(&["lint", "--demo"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("lint: 0 errors"), "{out}");
}

#[test]
fn bad_usage_and_broken_files_say_what_is_wrong() {
    let (code, _, err) = tool(&["frobnicate"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("Usage:") && err.contains("frobnicate"),
        "{err}"
    );
    let (code, _, err) = tool(&["test", "/nonexistent/profile.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/profile.json"));
}

/// The fixture's answers changed by `edit`, written to a file of their own.
fn answers_with(name: &str, edit: impl FnOnce(&mut serde_json::Value)) -> std::path::PathBuf {
    let mut answers: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("neurotoxin-myasthenia-milk.json")).unwrap(),
    )
    .unwrap();
    edit(&mut answers);
    let path = std::env::temp_dir().join(format!("candor-{name}-{}.json", std::process::id()));
    std::fs::write(&path, answers.to_string()).unwrap();
    path
}

#[test]
fn check_refuses_every_unknown_id_with_its_path() {
    let path = answers_with("unknown-ids", |a| {
        a["treatments"] = serde_json::json!(["neurotoxin", "neurotoxn"]);
        a["values"]["conditons"] = serde_json::json!({"type": "yes_no", "value": true});
        a["values"]["conditions"]["value"] = serde_json::json!(["neuromuscular", "neuromusclar"]);
        a["products"] = serde_json::json!({"neurotoxin": "dysprot"});
    });
    let (code, out, err) = tool(&["check", "--demo", path.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    for line in [
        "$.treatments[1]: unknown treatment `neurotoxn`",
        "$.values.conditons: unknown question `conditons`",
        "$.values.conditions.value[1]: `neuromusclar` is not an option of `conditions`",
        "$.products.neurotoxin: treatment `neurotoxin` offers no product `dysprot`",
    ] {
        assert!(err.contains(line), "{line} in {err}");
    }
}

#[test]
fn check_names_the_json_path_of_a_format_error() {
    let path = answers_with("format", |a| {
        a["values"]["conditions"]["value"] = serde_json::json!(5);
    });
    let (code, _, err) = tool(&["check", "--demo", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("at $.values.conditions"), "{err}");
}

#[test]
fn check_prunes_answers_the_widget_would_not_have_kept() {
    // `last_neurotoxin` is asked only after "previous treatments: neurotoxin".
    let path = answers_with("hidden", |a| {
        a["values"]["previous_treatments"] =
            serde_json::json!({"type": "choices", "value": ["none"]});
        a["values"]["last_neurotoxin"] = serde_json::json!({"type": "date", "value": {"day": "", "month": "10", "year": "2026"}});
    });
    let (code, out, err) = tool(&[
        "check",
        "--demo",
        path.to_str().unwrap(),
        "--today",
        "2026-11-22",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("neurotoxin.recent_toxin"), "{out}");
    let path = answers_with("shown", |a| {
        a["values"]["previous_treatments"] =
            serde_json::json!({"type": "choices", "value": ["neurotoxin"]});
        a["values"]["last_neurotoxin"] = serde_json::json!({"type": "date", "value": {"day": "", "month": "10", "year": "2026"}});
    });
    let (_, out, _) = tool(&[
        "check",
        "--demo",
        path.to_str().unwrap(),
        "--today",
        "2026-11-22",
    ]);
    assert!(
        out.contains("neurotoxin.recent_toxin"),
        "the same date, asked, is found: {out}"
    );
}

#[test]
fn cases_skip_when_the_profile_lacks_what_they_assume_and_never_pass_without_evaluating() {
    let mut demo: serde_json::Value =
        serde_json::from_str(candor_core::profile::DEMO_PROFILE_JSON).unwrap();
    let tests = demo["protocol"]["tests"].as_array_mut().unwrap();
    // Another clinic's copy: it renamed the peel treatment.
    tests[4]["assumes"] = serde_json::json!(["peel_menu"]);
    // A case that expects nothing, and one about a treatment it does not choose.
    let mut empty = tests[0].clone();
    empty["name"] = serde_json::json!("expects nothing");
    empty["expect"] = serde_json::json!([]);
    empty["expect_absent"] = serde_json::json!([]);
    let mut elsewhere = tests[0].clone();
    elsewhere["name"] = serde_json::json!("about a treatment not chosen");
    elsewhere["expect"] = serde_json::json!([]);
    elsewhere["expect_absent"] = serde_json::json!(["filler.lidocaine@ha_filler/juvederm"]);
    tests.push(empty);
    tests.push(elsewhere);
    let path = std::env::temp_dir().join(format!("candor-vacuous-{}.json", std::process::id()));
    std::fs::write(&path, demo.to_string()).unwrap();
    let (code, out, _) = tool(&["test", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("skip an aspirin allergy stops salicylic and Jessner's peels, not glycolic: assumes treatment `peel_menu`, which this profile does not offer"), "{out}");
    assert!(
        out.contains("FAIL expects nothing")
            && out.contains("expects nothing, so it can never fail"),
        "{out}"
    );
    assert!(
        out.contains("FAIL about a treatment not chosen")
            && out.contains("the answers do not choose `ha_filler`"),
        "{out}"
    );
    assert!(
        out.trim_end().ends_with("6 passed, 2 failed, 1 skipped"),
        "{out}"
    );
}

/// The demo profile as a file, written as the widget's build copies it.
fn demo_file(
    dir: &std::path::Path,
    name: &str,
    edit: impl FnOnce(&mut serde_json::Value),
) -> String {
    let mut value: serde_json::Value =
        serde_json::from_str(candor_core::profile::DEMO_PROFILE_JSON).unwrap();
    edit(&mut value);
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn hash_prints_the_same_version_id_as_the_profile_reader() {
    let dir = tempfile::tempdir().unwrap();
    let pretty = demo_file(dir.path(), "demo.json", |_| {});
    let (code, out, err) = tool(&["hash", &pretty]);
    assert_eq!(code, 0, "{err}");
    let demo = candor_core::ClinicProfile::demo();
    assert_eq!(
        out.trim(),
        demo.sha256,
        "indentation does not change the hash"
    );
    let (_, embedded, _) = tool(&["hash", "--demo"]);
    assert_eq!(embedded.trim(), demo.sha256);
    let (code, _, err) = tool(&["hash", &fixture("neurotoxin-myasthenia-milk.json")]);
    assert_eq!(code, 0, "any JSON document has a hash: {err}");
    std::fs::write(dir.path().join("broken.json"), "{").unwrap();
    let (code, _, err) = tool(&["hash", &dir.path().join("broken.json").to_string_lossy()]);
    assert_eq!(code, 2);
    assert!(err.contains("not valid JSON"), "{err}");
}

#[test]
fn diff_reports_rules_and_consent_sentences_and_exits_1_when_they_differ() {
    let dir = tempfile::tempdir().unwrap();
    let old = demo_file(dir.path(), "old.json", |_| {});
    let new = demo_file(dir.path(), "new.json", |v| {
        v["protocol"]["rules"][0]["severity"] = serde_json::json!("review");
        v["protocol"]["rules"].as_array_mut().unwrap().remove(1);
    });
    let (code, out, err) = tool(&["diff", &old, &new]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("rule neurotoxin.toxin_allergy: changed (severity)"),
        "{out}"
    );
    assert!(out.contains("  - {\"severity\":\"stop\"}"), "{out}");
    assert!(out.contains("  + {\"severity\":\"review\"}"), "{out}");
    assert!(out.contains(": removed"), "{out}");
    let (code, out, _) = tool(&["diff", &old, "--demo"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("No differences"), "{out}");
}
