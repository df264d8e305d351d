//! The README's authoring guide ("From the demo to your own menu, step by step"), step
//! by step: an injectables-only clinic copies the demo, deletes what it does not offer,
//! changes a product, lints, tests, adds a case of its own and hashes the version.
//! Each step runs the protocol tool as the clinic would and checks what it prints.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

fn tool(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_candor-protocol"))
        .args(args)
        .output()
        .unwrap();
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

fn save(path: &Path, profile: &Value) -> String {
    std::fs::write(path, serde_json::to_string_pretty(profile).unwrap()).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn a_new_clinic_walks_from_the_demo_to_its_own_menu() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sol-y-piel.json");

    // 1. Copy the demo and make it yours.
    let demo = format!("{}/../core/profiles/demo.json", env!("CARGO_MANIFEST_DIR"));
    let mut p: Value = serde_json::from_str(&std::fs::read_to_string(demo).unwrap()).unwrap();
    p["id"] = "sol-y-piel".into();
    p["name"] = "Sol y Piel".into();
    p["front_desk_phone"] = "(555) 010-7788".into();
    p["version"] = "2027.1.0".into();

    // 2. Your menu: the treatments first; the consents left behind are named.
    let gone = [
        "laser_hair_removal",
        "chemical_peel",
        "microneedling",
        "massage",
    ];
    p["treatments"]
        .as_array_mut()
        .unwrap()
        .retain(|t| !gone.contains(&t["id"].as_str().unwrap()));
    let (code, out) = tool(&["lint", &save(&path, &p)]);
    assert_ne!(code, 0, "{out}");
    assert!(
        out.contains("$.consents[4].treatment: unknown treatment `laser_hair_removal`"),
        "{out}"
    );
    p["consents"]
        .as_array_mut()
        .unwrap()
        .retain(|c| !gone.contains(&c["treatment"].as_str().unwrap_or("")));

    // 3. Your products: no Dysport; Jeuveau, with what it contains.
    let toxin = &mut p["treatments"][0];
    assert_eq!(toxin["id"], "neurotoxin");
    let products = toxin["products"].as_array_mut().unwrap();
    products.retain(|product| product["id"] != "dysport");
    products.push(json!({
        "id": "jeuveau", "name": "Jeuveau", "contains": ["botulinum_toxin", "human_albumin"]
    }));
    toxin["name"] = json!({
        "en": "Wrinkle-relaxing injections (Botox, Xeomin, Jeuveau)",
        "es": "Inyecciones para relajar arrugas (Botox, Xeomin, Jeuveau)"
    });

    // 4. Lint: no errors; the questions only the old menu asked are warned of.
    let (code, out) = tool(&["lint", &save(&path, &p)]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("lint: 0 errors"), "{out}");
    assert!(
        out.contains("section `massage` can never be asked here: no treatment offered here has the id or class `massage`"),
        "{out}"
    );
    assert!(
        out.contains("section `skin` can never be asked here"),
        "{out}"
    );
    assert!(
        out.contains("question `gold_therapy_ever` can never be asked here"),
        "{out}"
    );

    // 5. Test: the cases about what the clinic does not offer are skipped, with why.
    let (code, out) = tool(&["test", &save(&path, &p)]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("assumes treatment `massage`, which this profile does not offer"),
        "{out}"
    );
    assert!(
        out.contains(
            "assumes the product `dysport` of `neurotoxin`, which this profile does not stock"
        ),
        "{out}"
    );
    assert!(
        out.trim_end().ends_with("3 passed, 0 failed, 4 skipped"),
        "{out}"
    );

    // 6. A case of your own: Jeuveau and an allergy to human albumin.
    let mut case = p["protocol"]["tests"][0].clone();
    case["name"] = "a human-albumin allergy rules out Jeuveau".into();
    case["assumes"] = json!(["neurotoxin/jeuveau"]);
    let values = &mut case["answers"]["values"];
    values["conditions"] = json!({"type": "choices", "value": ["none"]});
    values
        .as_object_mut()
        .unwrap()
        .remove("neuromuscular_which");
    values["has_allergies"] = json!({"type": "yes_no", "value": true});
    values["allergies"] = json!({"type": "allergies", "value": [{
        "substance": "human albumin", "code": "allergen.human_albumin",
        "reaction": "hives", "severity": "moderate"
    }]});
    case["expect"] = json!(["neurotoxin.albumin@neurotoxin/jeuveau"]);
    case["expect_absent"] = json!([]);
    p["protocol"]["tests"].as_array_mut().unwrap().push(case);
    let (code, out) = tool(&["test", &save(&path, &p)]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("a human-albumin allergy rules out Jeuveau"),
        "{out}"
    );
    assert!(
        out.trim_end().ends_with("4 passed, 0 failed, 4 skipped"),
        "{out}"
    );

    // 7. Hash: the version id the medical director approves.
    let (code, out) = tool(&["hash", &save(&path, &p)]);
    assert_eq!(code, 0, "{out}");
    let id = out.split_whitespace().next().unwrap_or("");
    assert_eq!(id.len(), 64, "{out}");
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()), "{out}");
}
