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
    assert!(out.trim_end().ends_with("6 passed, 0 failed"), "{out}");
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
fn lint_of_the_demo_has_no_errors() {
    let (code, out, _) = tool(&["lint", "--demo"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("lint: 0 errors"), "{out}");
}

#[test]
fn bad_usage_and_broken_files_say_what_is_wrong() {
    let (code, _, err) = tool(&["frobnicate"]);
    assert_eq!(code, 2);
    assert!(err.contains("usage:"));
    let (code, _, err) = tool(&["test", "/nonexistent/profile.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/profile.json"));
}
