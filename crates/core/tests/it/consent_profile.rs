//! Consent documents in the clinic profile: read as structured content only, checked
//! for coverage (every treatment, every required topic, the disclosure), translations,
//! and never accepted as markup.

use candor_core::ClinicProfile;
use candor_core::Lang;
use candor_core::consent::{Block, ConsentKind, Mark, Run, document_hash};
use candor_core::profile::DEMO_PROFILE_JSON;
use serde_json::{Value, json};

fn section(id: &str, topic: &str, ack: bool) -> Value {
    let mut s = json!({
        "id": id,
        "topic": topic,
        "heading": {"en": format!("{id} heading"), "es": format!("{id} título")},
        "content": {
            "en": [{"p": ["About ", {"strong": id}, "."]}, {"ul": [["one"], ["two ", {"em": "items"}]]}],
            "es": [{"p": ["Sobre ", {"strong": id}, "."]}, {"ul": [["uno"], ["dos"]]}]
        }
    });
    if ack {
        s["acknowledge"] = json!({"en": "I understand the risks.", "es": "Entiendo los riesgos."});
    }
    s
}

fn treatment_doc(treatment: &str) -> Value {
    let sections: Vec<Value> = [
        "what",
        "benefits",
        "risks",
        "alternatives",
        "aftercare",
        "right_to_refuse",
    ]
    .iter()
    .map(|t| section(t, t, *t == "risks"))
    .collect();
    json!({"id": format!("consent-{treatment}"), "version": "1", "kind": "treatment", "treatment": treatment,
           "title": {"en": format!("Consent: {treatment}"), "es": format!("Consentimiento: {treatment}")},
           "sections": sections})
}

fn with_consents() -> Value {
    let mut v: Value = serde_json::from_str(DEMO_PROFILE_JSON).unwrap();
    let mut docs = vec![json!({"id": "esign", "version": "1", "kind": "disclosure",
        "title": {"en": "Signing electronically", "es": "Firmar electrónicamente"},
        "sections": [section("what", "what", false)]})];
    for t in v["treatments"].as_array().unwrap().clone() {
        docs.push(treatment_doc(t["id"].as_str().unwrap()));
    }
    docs.push(json!({"id": "photos", "version": "1", "kind": "photo",
        "title": {"en": "Photographs", "es": "Fotografías"}, "sections": [section("what", "what", false)]}));
    v["consents"] = Value::Array(docs);
    v
}

fn problems(v: &Value) -> Vec<String> {
    match ClinicProfile::from_json(&v.to_string()) {
        Ok(_) => vec![],
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn complete_consents_are_read_as_structured_content() {
    let v = with_consents();
    let profile = ClinicProfile::from_json(&v.to_string()).unwrap();
    assert_eq!(profile.consents.len(), 8);
    assert_eq!(profile.consents[0].kind, ConsentKind::Disclosure);
    let risks = &profile.consents[1].sections[2];
    assert!(risks.acknowledge.is_some());
    assert_eq!(
        risks.content.get(Lang::En)[0],
        Block::P(vec![
            Run::Plain("About ".into()),
            Run::Marked(Mark::Strong("risks".into())),
            Run::Plain(".".into())
        ])
    );
    let by_serde: ClinicProfile = serde_json::from_value(v).unwrap();
    // The derive leaves the hash out (it is computed, never written).
    let by_serde = ClinicProfile {
        sha256: profile.sha256.clone(),
        ..by_serde
    };
    assert_eq!(
        by_serde, profile,
        "the hand-written reader and the serde derive agree"
    );
    let (en, es) = (
        document_hash(&profile.consents[1], Lang::En),
        document_hash(&profile.consents[1], Lang::Es),
    );
    assert_ne!(en, es);
}

#[test]
fn markup_is_refused_not_rendered() {
    let mut v = with_consents();
    v["consents"][1]["sections"][0]["content"]["en"] = json!([
        {"html": "<img src=x onerror=alert(1)>"},
        {"p": ["fine", {"u": "underlined"}, 3]},
    ]);
    assert_eq!(
        problems(&v),
        [
            "$.consents[1].sections[0].content.en[0].html: unknown block `html`; expected p or ul (never HTML)",
            "$.consents[1].sections[0].content.en[1].p[1].u: unknown emphasis `u`; expected em or strong",
            "$.consents[1].sections[0].content.en[1].p[2]: must be text or {\"em\"|\"strong\": text}, not a number",
        ]
    );
}

#[test]
fn hostile_text_inside_a_run_is_kept_as_text() {
    let mut v = with_consents();
    let hostile = "<img src=x onerror=alert(1)></textarea><script>alert(2)</script>";
    v["consents"][1]["sections"][0]["content"]["en"] = json!([{"p": [hostile]}]);
    let profile = ClinicProfile::from_json(&v.to_string()).unwrap();
    assert_eq!(
        profile.consents[1].sections[0].content.get(Lang::En),
        [Block::P(vec![Run::Plain(hostile.into())])]
    );
}

#[test]
fn coverage_topics_and_translations_are_checked() {
    let mut v = with_consents();
    let docs = v["consents"].as_array_mut().unwrap();
    docs[0]["kind"] = json!("general");
    docs[2]["sections"]
        .as_array_mut()
        .unwrap()
        .retain(|s| s["topic"] != "alternatives" && s["topic"] != "aftercare");
    docs[3]["sections"][0]["content"]["es"] = json!([]);
    docs[4]["treatment"] = json!("tattoo_removal");
    docs[7]["treatment"] = json!("massage");
    docs[5]["sections"][2]["acknowledge"] = json!({"en": "I understand."});
    assert_eq!(
        problems(&v),
        [
            "$.consents: needs exactly one `disclosure` document (the electronic-records disclosure), found 0",
            "$.treatments[3]: needs exactly one treatment consent document, found 0",
            "$.consents[2].sections: a treatment consent must cover: alternatives, aftercare",
            "$.consents[3].sections[0].content.es: missing or empty Español content",
            "$.consents[4].treatment: unknown treatment `tattoo_removal`",
            "$.consents[5].sections[2].acknowledge.es: missing the Español translation",
            "$.consents[7].treatment: only treatment consents name a treatment",
        ]
    );
}

#[test]
fn the_demo_ships_a_disclosure_privacy_photo_and_one_consent_per_treatment_in_both_languages() {
    let demo = ClinicProfile::demo();
    let kinds: Vec<ConsentKind> = demo.consents.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == ConsentKind::Disclosure)
            .count(),
        1
    );
    assert_eq!(
        kinds.iter().filter(|k| **k == ConsentKind::Photo).count(),
        1
    );
    for t in &demo.treatments {
        let doc = demo
            .consents
            .iter()
            .find(|d| d.treatment.as_deref() == Some(&t.id))
            .expect("a consent per treatment");
        assert!(doc.missing_topics().is_empty(), "{}", doc.id);
        let risks = doc
            .sections
            .iter()
            .find(|s| s.topic == candor_core::consent::Topic::Risks)
            .unwrap();
        assert!(
            risks.acknowledge.is_some(),
            "{}: the risks need their own acknowledgement",
            doc.id
        );
        assert!(
            doc.sections.iter().any(|s| s.id == "sources"),
            "{}: sourced",
            doc.id
        );
        for lang in [Lang::En, Lang::Es] {
            assert_ne!(document_hash(doc, Lang::En), document_hash(doc, Lang::Es));
            assert!(doc.sections.iter().all(|s| !s.content.get(lang).is_empty()));
        }
    }
    // Nothing in the patient wording tells anyone to stop a prescribed medicine.
    let text = serde_json::to_string(&demo.consents)
        .unwrap()
        .to_lowercase();
    for forbidden in ["stop taking", "deje de tomar", "<", ">"] {
        assert!(!text.contains(forbidden), "{forbidden}");
    }
}

#[test]
fn after_the_review_come_the_disclosure_the_chosen_treatments_consents_the_general_ones_and_the_copy()
 {
    use candor_core::flow::{self, Step};
    let profile = ClinicProfile::demo();
    let today = candor_core::CivilDate::new(2026, 11, 22).unwrap();
    let mut answers = candor_core::Answers::new(Lang::En);
    for t in ["massage", "neurotoxin"] {
        answers.choose_treatment(&profile, t, true, today);
    }
    let steps = flow::steps(&profile, &answers, today);
    let review = steps.iter().position(|s| *s == Step::Review).unwrap();
    let index = |id: &str| profile.consents.iter().position(|d| d.id == id).unwrap();
    let treatments_in_profile_order: Vec<usize> = answers
        .treatments
        .iter()
        .map(|t| {
            profile
                .consents
                .iter()
                .position(|d| d.treatment.as_deref() == Some(t))
                .unwrap()
        })
        .collect();
    let mut expected = vec![Step::Disclosure];
    expected.extend(treatments_in_profile_order.into_iter().map(Step::Consent));
    expected.extend([
        Step::Consent(index("privacy-acknowledgement")),
        Step::Consent(index("photo-consent")),
        Step::Done,
    ]);
    assert_eq!(&steps[review + 1..], expected.as_slice());
}
