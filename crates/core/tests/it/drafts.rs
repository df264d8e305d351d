//! Drafts: what a patient's unfinished visit keeps, when it expires, and how it follows
//! the clinic's profile when that changes.

use crate::support;

use candor_core::draft::{DRAFT_DAYS, Draft, DraftRefused};
use candor_core::{Answer, CivilDate, ClinicProfile, Step};
use support::*;

fn days_after(n: i64) -> CivilDate {
    let mut d = today();
    for _ in 0..n {
        d = match CivilDate::new(d.year, d.month, d.day + 1) {
            Some(next) => next,
            None => CivilDate::new(d.year, d.month + 1, 1)
                .unwrap_or_else(|| CivilDate::new(d.year + 1, 1, 1).unwrap()),
        };
    }
    d
}

fn health_section(p: &ClinicProfile) -> usize {
    p.sections.iter().position(|s| s.id == "health").unwrap()
}

#[test]
fn a_draft_keeps_the_answers_the_step_and_the_language_and_reads_back() {
    let (p, mut a) = patient(&["neurotoxin"]);
    set(&p, &mut a, "conditions", choices(&["heart"]));
    a.language = candor_core::Lang::Es;
    let step = Step::Section(health_section(&p));
    let json = Draft::new(&p, &a, step, "2026-11-22T10:15:00-05:00", today()).to_json();
    assert!(
        !json.contains("signature"),
        "a draft never holds a signature"
    );
    let resumed = Draft::from_json(&json)
        .unwrap()
        .resume(&p, today())
        .unwrap();
    assert_eq!(resumed.answers, a);
    assert_eq!(resumed.step, step);
    assert_eq!(resumed.saved_at, "2026-11-22T10:15:00-05:00");
    assert!(resumed.check_again.is_empty());
}

#[test]
fn a_draft_expires_after_three_days_and_never_comes_from_the_future() {
    let (p, a) = patient(&["massage"]);
    let draft = Draft::new(&p, &a, Step::Details, "t", today());
    assert_eq!(DRAFT_DAYS, 3);
    assert!(draft.clone().resume(&p, days_after(3)).is_ok());
    assert_eq!(
        draft.clone().resume(&p, days_after(4)),
        Err(DraftRefused::Expired)
    );
    let later = Draft::new(&p, &a, Step::Details, "t", days_after(2));
    assert_eq!(
        later.resume(&p, today()),
        Err(DraftRefused::Expired),
        "dated after today"
    );
}

#[test]
fn another_clinics_draft_or_an_unknown_format_is_not_offered() {
    let (p, a) = patient(&["massage"]);
    let mut draft = Draft::new(&p, &a, Step::Details, "t", today());
    draft.profile_id = "another-clinic".into();
    assert_eq!(
        draft.resume(&p, today()),
        Err(DraftRefused::NotForThisVisit)
    );
    let json = Draft::new(&p, &a, Step::Details, "t", today())
        .to_json()
        .replace("\"format\":1", "\"format\":99");
    assert!(Draft::from_json(&json).is_none());
    assert!(Draft::from_json("not json").is_none());
}

#[test]
fn a_draft_made_under_an_earlier_profile_drops_what_changed_and_names_those_sections() {
    let (p, mut a) = patient(&["neurotoxin"]);
    set(&p, &mut a, "conditions", choices(&["heart", "seizures"]));
    set(&p, &mut a, "wind_instrument", Answer::YesNo(true));
    let draft = Draft::new(&p, &a, Step::Review, "t", today());

    // The clinic's next version: "heart" became two options, and the wind-instrument
    // question is gone.
    let mut next = ClinicProfile::demo();
    next.version = "2027.1.0".into();
    let (_, conditions) = next.question("conditions").unwrap();
    let index = conditions
        .options
        .iter()
        .position(|o| o.id == "heart")
        .unwrap();
    let health = next.sections.iter_mut().find(|s| s.id == "health").unwrap();
    let q = health
        .questions
        .iter_mut()
        .find(|q| q.id == "conditions")
        .unwrap();
    q.options[index].id = "heart_rhythm".into();
    for section in next.sections.iter_mut() {
        section.questions.retain(|q| q.id != "wind_instrument");
    }

    let resumed = draft.resume(&next, today()).unwrap();
    assert!(
        !resumed.answers.values.contains_key("conditions"),
        "an answer whose options changed is asked again"
    );
    assert!(!resumed.answers.values.contains_key("wind_instrument"));
    assert!(
        resumed.answers.values.contains_key("takes_medications"),
        "the rest is kept"
    );
    assert_eq!(resumed.check_again, ["health"]);
    // The review still exists, but "conditions" must be answered again: the flow
    // decides what comes next from the answers; the draft's step is kept.
    assert_eq!(resumed.step, Step::Review);
}

#[test]
fn a_step_the_profile_no_longer_asks_resumes_at_the_treatments() {
    let (p, a) = patient(&["massage"]);
    let massage = p.sections.iter().position(|s| s.id == "massage").unwrap();
    let draft = Draft::new(&p, &a, Step::Section(massage), "t", today());
    let mut next = ClinicProfile::demo();
    next.sections.retain(|s| s.id != "massage");
    assert_eq!(draft.resume(&next, today()).unwrap().step, Step::Treatments);
}

#[test]
fn the_widgets_answers_reader_agrees_with_serde_on_every_kind_of_answer() {
    use candor_core::{Allergy, Answers, DateParts, Medication, ReactionSeverity};
    let (p, mut a) = patient(&["neurotoxin", "massage"]);
    a.products.insert("neurotoxin".into(), "xeomin".into());
    a.details.legal_name = "Ana María \u{201c}Ani\u{201d} López".into();
    let date = DateParts {
        day: "".into(),
        month: "3".into(),
        year: "2026".into(),
    };
    for (id, answer) in [
        ("t", Answer::Text("línea\nnueva".into())),
        ("y", Answer::YesNo(true)),
        ("c", Answer::Choice("x".into())),
        ("cs", Answer::Choices(vec!["a".into(), "b".into()])),
        ("d", Answer::Date(date.clone())),
        ("n", Answer::Number("1,5".into())),
        (
            "m",
            Answer::Medications(vec![Medication {
                name: "Eliquis".into(),
                code: Some("med.apixaban".into()),
                current: false,
                stopped: date.clone(),
            }]),
        ),
        (
            "al",
            Answer::Allergies(vec![
                Allergy {
                    substance: "leche".into(),
                    code: None,
                    reaction: "hives".into(),
                    severity: Some(ReactionSeverity::Anaphylaxis),
                },
                Allergy {
                    substance: "latex".into(),
                    code: None,
                    reaction: String::new(),
                    severity: None,
                },
            ]),
        ),
        (
            "b",
            Answer::BodyAreas([("neck".to_string(), "avoid".to_string())].into()),
        ),
        ("s", Answer::Scale(-3)),
    ] {
        a.values.insert(id.into(), answer);
    }
    let value = serde_json::to_value(&a).unwrap();
    assert_eq!(Answers::from_value(&value).as_ref(), Some(&a));
    // The personas' summaries, as the receiver stores them.
    for name in ["neurotoxin", "laser", "massage"] {
        let path = format!(
            "{}/tests/fixtures/summary-{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let summary: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let by_serde: Answers = serde_json::from_value(summary["answers"].clone()).unwrap();
        assert_eq!(
            Answers::from_value(&summary["answers"]),
            Some(by_serde),
            "{name}"
        );
    }
    // Anything else is refused, not half-read.
    let mut broken = value.clone();
    broken["values"]["y"]["value"] = serde_json::json!("yes");
    assert_eq!(Answers::from_value(&broken), None);
    let _ = p;
}

#[test]
fn the_clinic_keeps_the_draft_only_for_an_invite_link_with_a_key_and_a_target_that_keeps_drafts() {
    use candor_core::delivery::invite::{DraftKey, fragment, fragment_with_draft, from_fragment};
    use candor_core::draft::Keeper;
    let token = "q3J8xv2N0bWf6yR1tLk9PzA4sD7uE5hG";
    let key = DraftKey([9; 32]);
    let with_key = from_fragment(&fragment_with_draft("inv-1", token, &key)).unwrap();
    let without_key = from_fragment(&fragment("inv-1", token)).unwrap();
    let demo = ClinicProfile::demo();
    assert_eq!(
        Keeper::for_visit(&demo, Some(&with_key), false),
        Keeper::Clinic {
            url: "/api/drafts".into(),
            token: token.into(),
            key: key.clone()
        }
    );
    assert_eq!(
        Keeper::for_visit(&demo, Some(&without_key), false),
        Keeper::Device
    );
    assert_eq!(Keeper::for_visit(&demo, None, false), Keeper::Device);
    let mut no_drafts = demo.clone();
    for target in &mut no_drafts.delivery {
        if let candor_core::profile::DeliveryTarget::Https { drafts_url, .. } = target {
            *drafts_url = None;
        }
    }
    assert_eq!(
        Keeper::for_visit(&no_drafts, Some(&with_key), false),
        Keeper::Device
    );
}
