//! Signing a consent: the drawn pad (judged and redrawn from its strokes), what must
//! hold before signing, minors, the decision record, and the summary built from a
//! finished visit.

use std::collections::BTreeSet;

use candor_core::consent::document_hash;
use candor_core::signature::{MIN_INK_PX, Pad, smooth};
use candor_core::signing::{
    SignProblem, SignatureInput, Signing, adopt_signature, decision_record, needs_guardian,
    sign_problems,
};
use candor_core::summary::{
    self, AuditEvent, AuditKind, Decision, DisclosureAcceptance, SignatureEvent, SignatureMethod,
    Signer,
};
use candor_core::{Answer, Answers, CivilDate, ClinicProfile, Lang};

const TODAY: CivilDate = CivilDate {
    year: 2026,
    month: 11,
    day: 22,
};

fn signature_pad() -> Pad {
    let mut pad = Pad::new(320, 160);
    pad.begin(20.0, 120.0, 1000.0);
    for (i, x) in (30..=200).step_by(10).enumerate() {
        pad.extend(
            f64::from(x),
            120.0 - (i as f64 * 3.0),
            1000.0 + i as f64 * 16.0,
        );
    }
    pad.end();
    pad
}

#[test]
fn ink_is_judged_from_the_strokes() {
    let mut pad = Pad::new(320, 160);
    assert!(pad.is_empty());
    pad.begin(10.0, 10.0, 0.0);
    pad.extend(10.0, 10.0, 5.0);
    pad.end();
    assert!(pad.is_empty(), "a tap is not a signature");
    pad.begin(10.0, 10.0, 10.0);
    pad.extend(10.0 + f64::from(MIN_INK_PX) - 1.0, 10.0, 30.0);
    assert!(pad.is_empty(), "a short dash is not a signature");
    pad.extend(10.0 + f64::from(MIN_INK_PX) + 1.0, 10.0, 40.0);
    assert!(!pad.is_empty());
    pad.undo();
    assert!(pad.is_empty(), "undo removes the last stroke");
    let mut pad = signature_pad();
    assert!(!pad.is_empty());
    pad.clear();
    assert_eq!(pad.strokes.len(), 0);
}

#[test]
fn points_keep_hundredths_of_a_pixel_and_time_from_the_stroke_start() {
    let mut pad = Pad::new(320, 160);
    pad.begin(12.345, 67.891, 5000.0);
    pad.extend(13.0, 68.0, 5016.4);
    let points = &pad.strokes[0].points;
    assert_eq!((points[0].x, points[0].y, points[0].t), (1235, 6789, 0));
    assert_eq!((points[1].x, points[1].y, points[1].t), (1300, 6800, 16));
}

#[test]
fn after_a_rotation_the_signature_is_redrawn_from_its_strokes_with_its_shape() {
    let pad = signature_pad();
    let original = pad.polylines(320.0, 160.0);
    // Landscape: wider pad, same height: same scale, centred horizontally.
    let landscape = pad.polylines(640.0, 160.0);
    for (a, b) in original[0].iter().zip(&landscape[0]) {
        assert!((b.0 - (a.0 + 160.0)).abs() < 1e-9 && (b.1 - a.1).abs() < 1e-9);
    }
    // A smaller pad scales the signature down uniformly.
    let small = pad.polylines(160.0, 80.0);
    for (a, b) in original[0].iter().zip(&small[0]) {
        assert!((b.0 - a.0 / 2.0).abs() < 1e-9 && (b.1 - a.1 / 2.0).abs() < 1e-9);
    }
    // Back in portrait nothing has changed: the strokes are the record.
    assert_eq!(pad.polylines(320.0, 160.0), original);
    assert!(!pad.is_empty());
}

#[test]
fn the_newest_piece_of_a_stroke_is_where_the_whole_redraw_puts_it() {
    let mut pad = signature_pad();
    assert!(Pad::new(320, 160).latest_points(3, 320.0, 160.0).is_empty());
    pad.begin(10.0, 10.0, 0.0);
    assert_eq!(pad.latest_points(3, 640.0, 160.0).len(), 1);
    for i in 1..6 {
        pad.extend(10.0 + f64::from(i) * 7.0, 20.0, f64::from(i) * 16.0);
    }
    for (w, h) in [(320.0, 160.0), (640.0, 160.0), (160.0, 80.0)] {
        let whole = pad.polylines(w, h);
        let last = whole.last().unwrap();
        assert_eq!(pad.latest_points(3, w, h), last[last.len() - 3..].to_vec());
    }
}

#[test]
fn smoothing_passes_through_midpoints() {
    assert_eq!(smooth(&[]), vec![]);
    assert_eq!(smooth(&[(1.0, 1.0)]), vec![((1.0, 1.0), (1.0, 1.0))]);
    assert_eq!(
        smooth(&[(0.0, 0.0), (2.0, 2.0), (4.0, 0.0)]),
        vec![
            ((0.0, 0.0), (1.0, 1.0)),
            ((2.0, 2.0), (3.0, 1.0)),
            ((4.0, 0.0), (4.0, 0.0))
        ]
    );
}

fn demo() -> ClinicProfile {
    ClinicProfile::demo()
}

/// A pad with one stroke of `length` CSS pixels.
fn pad_with_ink(length: f64) -> Pad {
    let mut pad = Pad::new(300, 100);
    pad.begin(10.0, 50.0, 0.0);
    pad.extend(10.0 + length, 50.0, 100.0);
    pad.end();
    pad
}

fn signing<'a>(
    signature: SignatureInput<'a>,
    printed_name: &'a str,
    guardian_relationship: Option<&'a str>,
) -> Signing<'a> {
    Signing {
        signature,
        printed_name,
        guardian_relationship,
    }
}

/// The demo's neurotoxin consent (one acknowledged section, `risks`).
fn neurotoxin_consent() -> candor_core::consent::ConsentDocument {
    demo()
        .consents
        .into_iter()
        .find(|d| d.id == "consent-neurotoxin")
        .unwrap()
}

#[test]
fn every_acknowledgement_a_signature_and_a_name_are_needed() {
    let doc = &neurotoxin_consent();
    let none = BTreeSet::new();
    let tap = pad_with_ink(3.0);
    assert_eq!(
        sign_problems(doc, &none, &signing(SignatureInput::Drawn(&tap), " ", None)),
        [
            SignProblem::Acknowledge("risks".into()),
            SignProblem::EmptySignature,
            SignProblem::PrintedName
        ],
        "a tap is not a signature"
    );
    let acked: BTreeSet<String> = ["risks".to_owned()].into();
    let typed = signing(
        SignatureInput::Typed("Ana María Núñez"),
        "Ana María Núñez",
        None,
    );
    assert_eq!(sign_problems(doc, &acked, &typed), []);
    assert_eq!(
        sign_problems(
            doc,
            &acked,
            &signing(SignatureInput::Typed(" A "), "Ana", None)
        ),
        [SignProblem::EmptySignature]
    );
    let inked = pad_with_ink(f64::from(MIN_INK_PX) + 1.0);
    assert_eq!(
        sign_problems(
            doc,
            &acked,
            &signing(SignatureInput::Drawn(&inked), "Marta Núñez", Some(""))
        ),
        [SignProblem::GuardianRelationship]
    );
}

#[test]
fn adopting_a_signature_records_who_how_and_what_it_means() {
    let doc = &neurotoxin_consent();
    let acked: BTreeSet<String> = ["risks".to_owned()].into();
    let typed = signing(
        SignatureInput::Typed("  Ana María Núñez "),
        " Ana María Núñez ",
        None,
    );
    let event = adopt_signature(
        doc,
        &acked,
        &typed,
        "I consent.".into(),
        "2026-11-22T10:42:00-08:00".into(),
    )
    .unwrap();
    assert_eq!(event.signer, Signer::Patient);
    assert_eq!(event.printed_name, "Ana María Núñez");
    assert_eq!(
        event.method,
        SignatureMethod::Typed {
            text: "Ana María Núñez".into()
        },
        "a typed signature is recorded as typed, trimmed"
    );
    let inked = pad_with_ink(80.0);
    let guardian = signing(
        SignatureInput::Drawn(&inked),
        "Rosa Delgado",
        Some(" Mother "),
    );
    let event = adopt_signature(doc, &acked, &guardian, "m".into(), "t".into()).unwrap();
    assert_eq!(
        event.signer,
        Signer::Guardian {
            relationship: "Mother".into()
        }
    );
    assert_eq!(
        event.method,
        inked.method(),
        "drawn: the strokes themselves"
    );
    assert_eq!(
        adopt_signature(doc, &BTreeSet::new(), &guardian, "m".into(), "t".into()),
        Err(vec![SignProblem::Acknowledge("risks".into())])
    );
}

#[test]
fn a_minor_needs_a_parent_or_guardian_from_the_date_of_birth() {
    let mut answers = Answers::new(Lang::En);
    assert!(
        !needs_guardian(&answers, TODAY),
        "unknown age: not treated as a minor"
    );
    answers.details.date_of_birth = candor_core::DateParts {
        day: "23".into(),
        month: "11".into(),
        year: "2008".into(),
    };
    assert!(needs_guardian(&answers, TODAY), "17 until tomorrow");
    answers.details.date_of_birth.day = "22".into();
    assert!(!needs_guardian(&answers, TODAY), "18 today");
}

#[test]
fn a_decision_records_the_hash_of_the_text_read_and_a_refusal_has_no_signature() {
    let profile = demo();
    let doc = profile
        .consents
        .iter()
        .find(|d| d.id == "consent-laser-hair-removal")
        .unwrap();
    let acked: BTreeSet<String> = ["risks".to_owned(), "not-a-section".to_owned()].into();
    let yes = decision_record(
        doc,
        Lang::Es,
        Decision::Consented,
        &acked,
        "2026-11-22T10:00:00-05:00".into(),
        Some(0),
    );
    assert_eq!(yes.sha256, document_hash(doc, Lang::Es));
    assert_eq!(
        yes.acknowledged,
        ["risks"],
        "only the document's own sections, in its order"
    );
    assert_eq!(yes.signature, Some(0));
    let no = decision_record(
        doc,
        Lang::Es,
        Decision::Declined,
        &BTreeSet::new(),
        "2026-11-22T10:00:00-05:00".into(),
        Some(0),
    );
    assert_eq!(no.signature, None);
    assert_eq!(no.treatment.as_deref(), Some("laser_hair_removal"));
}

fn fixture_answers() -> Answers {
    let text = include_str!("../fixtures/summary-neurotoxin.json");
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    serde_json::from_value(value["answers"].clone()).unwrap()
}

#[test]
fn a_finished_visit_becomes_a_sound_summary_without_hidden_answers() {
    let profile = demo();
    let mut answers = fixture_answers();
    // An answer to a question that is not asked (no cold sores were ticked).
    answers.values.insert(
        "cold_sore_last".into(),
        Answer::Date(candor_core::DateParts {
            day: String::new(),
            month: "3".into(),
            year: "2026".into(),
        }),
    );
    let doc = profile
        .consents
        .iter()
        .find(|d| d.id == "consent-neurotoxin")
        .unwrap();
    let disclosure_doc = profile
        .consents
        .iter()
        .find(|d| d.id == "esign-disclosure")
        .unwrap();
    let at = "2026-11-22T10:38:40-05:00".to_owned();
    let acked: BTreeSet<String> = ["risks".to_owned()].into();
    let visit = summary::Visit {
        profile: &profile,
        answers: &answers,
        today: TODAY,
        submission_id: "0f8e2c1a-5b7d-4e3f-9a1b-2c3d4e5f6a7b".into(),
        invite: None,
        kiosk: None,
        disclosure: DisclosureAcceptance {
            document: disclosure_doc.id.clone(),
            version: disclosure_doc.version.clone(),
            sha256: document_hash(disclosure_doc, Lang::En),
            language: Lang::En,
            accepted_at: at.clone(),
        },
        consents: vec![decision_record(
            doc,
            Lang::En,
            Decision::Consented,
            &acked,
            at.clone(),
            Some(0),
        )],
        signatures: vec![SignatureEvent {
            signer: Signer::Patient,
            printed_name: "Ana María Núñez".into(),
            meaning: "I consent to neurotoxin injections as described above.".into(),
            signed_at: at.clone(),
            method: signature_pad().method(),
        }],
        audit: vec![AuditEvent {
            at,
            event: AuditKind::Signed,
            subject: None,
        }],
    };
    let built = summary::build(visit).unwrap();
    assert!(
        !built.answers.values.contains_key("cold_sore_last"),
        "a hidden answer is never sent"
    );
    let rules: Vec<&str> = built.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(
        rules.contains(&"neurotoxin.neuromuscular") && rules.contains(&"neurotoxin.dysport_milk"),
        "{rules:?}"
    );
    assert_eq!(built.protocol.as_ref().unwrap().version, "2026.12.1");
    assert_eq!(built.clinic.id, "lumen-demo");
    let bytes = built.canonical_bytes().unwrap();
    assert_eq!(summary::Summary::from_json(&bytes).unwrap(), built);
}

#[test]
fn an_unsound_visit_is_refused_with_paths() {
    let profile = demo();
    let answers = fixture_answers();
    let doc = profile
        .consents
        .iter()
        .find(|d| d.id == "consent-neurotoxin")
        .unwrap();
    let visit = summary::Visit {
        profile: &profile,
        answers: &answers,
        today: TODAY,
        submission_id: "not-a-uuid".into(),
        invite: None,
        kiosk: None,
        disclosure: DisclosureAcceptance {
            document: "esign-disclosure".into(),
            version: "1".into(),
            sha256: "00".into(),
            language: Lang::En,
            accepted_at: "now".into(),
        },
        consents: vec![decision_record(
            doc,
            Lang::En,
            Decision::Consented,
            &BTreeSet::new(),
            "2026-11-22T10:00:00Z".into(),
            None,
        )],
        signatures: vec![],
        audit: vec![],
    };
    let paths: Vec<String> = summary::build(visit)
        .unwrap_err()
        .into_iter()
        .map(|p| p.path)
        .collect();
    assert_eq!(
        paths,
        [
            "$.submission_id",
            "$.disclosure.sha256",
            "$.disclosure.accepted_at",
            "$.consents[0].signature"
        ]
    );
}
