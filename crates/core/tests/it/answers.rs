//! Answers: which questions are asked, hidden answers removed, scores, round trips.

use candor_core::answers::parse_number;
use candor_core::fitzpatrick::{SCORE_ID, SkinType};
use candor_core::flow::{self, Step};
use candor_core::{
    Allergy, Answer, AnswerProblem, Answers, CivilDate, ClinicProfile, DateParts, Lang, Medication,
    ReactionSeverity,
};

fn today() -> CivilDate {
    CivilDate::new(2026, 11, 22).unwrap()
}

fn choices(ids: &[&str]) -> Answer {
    Answer::Choices(ids.iter().map(|s| s.to_string()).collect())
}

#[test]
fn an_answer_hidden_by_a_changed_answer_is_removed_and_so_are_its_dependents() {
    let p = ClinicProfile::demo();
    let mut a = Answers::new(Lang::En);
    a.set(
        &p,
        "conditions",
        choices(&["neuromuscular", "cold_sores"]),
        today(),
    );
    a.set(
        &p,
        "neuromuscular_which",
        Answer::Choice("myasthenia_gravis".into()),
        today(),
    );
    a.set(
        &p,
        "cold_sore_last",
        Answer::Date(DateParts {
            day: String::new(),
            month: "6".into(),
            year: "2026".into(),
        }),
        today(),
    );
    assert!(a.values.contains_key("neuromuscular_which"));

    a.set(&p, "conditions", choices(&["cold_sores"]), today());
    assert!(
        !a.values.contains_key("neuromuscular_which"),
        "hidden answer removed"
    );
    assert!(
        a.values.contains_key("cold_sore_last"),
        "answers still asked are kept"
    );

    a.set(&p, "doctor_care", Answer::YesNo(true), today());
    a.set(
        &p,
        "doctor_care_what",
        Answer::Text("thyroid".into()),
        today(),
    );
    a.set(&p, "doctor_care", Answer::YesNo(false), today());
    assert!(!a.values.contains_key("doctor_care_what"));
}

#[test]
fn unchoosing_a_treatment_removes_its_section_and_answers() {
    let p = ClinicProfile::demo();
    let mut a = Answers::new(Lang::En);
    a.choose_treatment(&p, "massage", true, today());
    a.choose_treatment(&p, "neurotoxin", true, today());
    assert_eq!(
        a.treatments,
        ["neurotoxin", "massage"],
        "kept in the profile's order"
    );
    a.set(
        &p,
        "massage_pressure",
        Answer::Choice("light".into()),
        today(),
    );
    let massage_section = p.sections.iter().position(|s| s.id == "massage").unwrap();
    assert!(flow::steps(&p, &a, today()).contains(&Step::Section(massage_section)));

    a.choose_treatment(&p, "massage", false, today());
    assert!(!a.values.contains_key("massage_pressure"));
    assert!(!flow::steps(&p, &a, today()).contains(&Step::Section(massage_section)));
}

#[test]
fn sections_follow_treatments_and_age() {
    let p = ClinicProfile::demo();
    let mut a = Answers::new(Lang::En);
    a.choose_treatment(&p, "neurotoxin", true, today());
    let ids = |a: &Answers| -> Vec<String> {
        a.asked_sections(&p, today())
            .into_iter()
            .map(|i| p.sections[i].id.clone())
            .collect()
    };
    assert_eq!(
        ids(&a),
        [
            "health",
            "medications",
            "allergies",
            "pregnancy",
            "aesthetic_history",
            "devices",
            "lifestyle",
            "treatment_details"
        ]
    );
    a.choose_treatment(&p, "laser_hair_removal", true, today());
    assert!(ids(&a).contains(&"skin".to_string()));
    // A ten-year-old is not asked about pregnancy.
    a.details.date_of_birth = DateParts {
        day: "1".into(),
        month: "2".into(),
        year: "2016".into(),
    };
    assert!(!ids(&a).contains(&"pregnancy".to_string()));
}

#[test]
fn required_questions_and_invalid_answers_are_problems() {
    let p = ClinicProfile::demo();
    let mut a = Answers::new(Lang::En);
    a.choose_treatment(&p, "laser_hair_removal", true, today());
    let meds = p.sections.iter().find(|s| s.id == "medications").unwrap();
    let problems: Vec<(String, AnswerProblem)> = a
        .section_problems(&p, meds, today())
        .into_iter()
        .map(|q| (q.question, q.problem))
        .collect();
    assert_eq!(
        problems,
        [
            ("takes_medications".to_string(), AnswerProblem::Required),
            ("gold_therapy_ever".to_string(), AnswerProblem::Required)
        ]
    );

    a.set(&p, "takes_medications", Answer::YesNo(true), today());
    a.set(&p, "gold_therapy_ever", Answer::YesNo(false), today());
    a.set(
        &p,
        "medications",
        Answer::Medications(vec![
            Medication {
                name: "isotretinoin".into(),
                code: Some("med.isotretinoin".into()),
                current: false,
                stopped: DateParts {
                    day: String::new(),
                    month: "8".into(),
                    year: "2026".into(),
                },
            },
            Medication {
                name: String::new(),
                code: None,
                current: true,
                stopped: DateParts::default(),
            },
            Medication {
                name: "Accutane".into(),
                code: None,
                current: false,
                stopped: DateParts::default(),
            },
        ]),
        today(),
    );
    let problems: Vec<(Option<usize>, AnswerProblem)> = a
        .section_problems(&p, meds, today())
        .into_iter()
        .map(|q| (q.entry, q.problem))
        .collect();
    assert_eq!(
        problems,
        [
            (Some(1), AnswerProblem::MedicationName),
            (Some(2), AnswerProblem::MedicationStopped)
        ]
    );
}

#[test]
fn allergy_entries_need_a_substance_and_a_severity() {
    let p = ClinicProfile::demo();
    let mut a = Answers::new(Lang::Es);
    a.set(&p, "has_allergies", Answer::YesNo(true), today());
    a.set(
        &p,
        "allergies",
        Answer::Allergies(vec![
            Allergy {
                substance: "leche".into(),
                code: Some("allergen.cow_milk_protein".into()),
                reaction: "urticaria".into(),
                severity: Some(ReactionSeverity::Moderate),
            },
            Allergy {
                substance: "latex".into(),
                code: None,
                reaction: String::new(),
                severity: None,
            },
        ]),
        today(),
    );
    let section = p.sections.iter().find(|s| s.id == "allergies").unwrap();
    let problems: Vec<(Option<usize>, AnswerProblem)> = a
        .section_problems(&p, section, today())
        .into_iter()
        .map(|q| (q.entry, q.problem))
        .collect();
    assert_eq!(problems, [(Some(1), AnswerProblem::AllergySeverity)]);
}

#[test]
fn dates_in_answers_must_not_be_in_the_future_or_too_vague() {
    let p = ClinicProfile::demo();
    let mut a = Answers::new(Lang::En);
    a.set(&p, "previous_treatments", choices(&["filler"]), today());
    let section = p
        .sections
        .iter()
        .find(|s| s.id == "aesthetic_history")
        .unwrap();
    let problem_for = |a: &Answers| {
        a.section_problems(&p, section, today())
            .into_iter()
            .map(|q| q.problem)
            .collect::<Vec<_>>()
    };
    for (parts, expected) in [
        (("", "", "2025"), vec![AnswerProblem::DateIncomplete]),
        (("", "12", "2026"), vec![AnswerProblem::DateInFuture]),
        (("", "13", "2026"), vec![AnswerProblem::DateNotReal]),
        (("", "3", "2025"), vec![]),
    ] {
        a.set(
            &p,
            "last_filler",
            Answer::Date(DateParts {
                day: parts.0.into(),
                month: parts.1.into(),
                year: parts.2.into(),
            }),
            today(),
        );
        assert_eq!(problem_for(&a), expected, "{parts:?}");
    }
}

#[test]
fn fitzpatrick_score_needs_every_item_and_maps_to_a_type() {
    let p = ClinicProfile::demo();
    let mut a = Answers::new(Lang::En);
    a.choose_treatment(&p, "laser_hair_removal", true, today());
    let items: Vec<String> = p
        .questions()
        .filter(|q| q.score.as_deref() == Some(SCORE_ID))
        .map(|q| q.id.clone())
        .collect();
    assert_eq!(items.len(), 10);
    for (i, id) in items.iter().enumerate() {
        assert_eq!(
            a.score(&p, SCORE_ID, today()),
            None,
            "incomplete after {i} items"
        );
        a.set(&p, id, Answer::Choice("s2".into()), today());
    }
    assert_eq!(a.score(&p, SCORE_ID, today()), Some(20));
    assert_eq!(SkinType::from_score(20), SkinType::III);
}

#[test]
fn numbers_follow_the_locale() {
    assert_eq!(parse_number("1.5", Lang::En), Some(1.5));
    assert_eq!(parse_number("1,5", Lang::Es), Some(1.5));
    assert_eq!(
        parse_number("1,500", Lang::En),
        None,
        "no thousands separators"
    );
    assert_eq!(parse_number("12", Lang::Es), Some(12.0));
    assert_eq!(parse_number("twelve", Lang::En), None);
    assert_eq!(parse_number("1.2.3", Lang::En), None);
}

#[test]
fn answers_round_trip_through_serde() {
    let p = ClinicProfile::demo();
    let mut a = Answers::new(Lang::Es);
    a.choose_treatment(&p, "massage", true, today());
    a.set(
        &p,
        "massage_pressure",
        Answer::Choice("light".into()),
        today(),
    );
    a.set(
        &p,
        "massage_areas",
        Answer::BodyAreas([("lower_back".to_string(), "avoid".to_string())].into()),
        today(),
    );
    a.set(&p, "alcohol_drinks", Answer::Number("3".into()), today());
    a.set(&p, "goals", Answer::Text("Relajarme".into()), today());
    let json = serde_json::to_string(&a).unwrap();
    assert_eq!(serde_json::from_str::<Answers>(&json).unwrap(), a);
    assert!(json.contains(r#""language":"es""#), "{json}");
}

#[test]
fn empty_answers_are_not_stored() {
    let p = ClinicProfile::demo();
    let mut a = Answers::new(Lang::En);
    a.set(&p, "goals", Answer::Text("   ".into()), today());
    a.set(&p, "conditions", choices(&[]), today());
    assert!(a.values.is_empty());
}

#[test]
fn none_of_these_is_exclusive() {
    let p = ClinicProfile::demo();
    let (_, conditions) = p.question("conditions").unwrap();
    let chosen = conditions.toggle(&[], "keloid", true);
    let chosen = conditions.toggle(&chosen, "cold_sores", true);
    assert_eq!(chosen, ["cold_sores", "keloid"], "profile order");
    assert_eq!(conditions.toggle(&chosen, "none", true), ["none"]);
    assert_eq!(
        conditions.toggle(&["none".to_string()], "diabetes", true),
        ["diabetes"]
    );
    assert_eq!(conditions.toggle(&chosen, "keloid", false), ["cold_sores"]);
}

#[test]
fn a_section_whose_questions_are_all_hidden_is_not_a_step() {
    let p = ClinicProfile::demo();
    let mut a = Answers::new(Lang::En);
    a.choose_treatment(&p, "massage", true, today());
    let ids: Vec<String> = a
        .asked_sections(&p, today())
        .into_iter()
        .map(|i| p.sections[i].id.clone())
        .collect();
    assert!(!ids.contains(&"treatment_details".to_string()), "{ids:?}");
    assert!(ids.contains(&"massage".to_string()));
    a.choose_treatment(&p, "microneedling", true, today());
    let ids: Vec<String> = a
        .asked_sections(&p, today())
        .into_iter()
        .map(|i| p.sections[i].id.clone())
        .collect();
    assert!(ids.contains(&"treatment_details".to_string()));
}

#[test]
fn still_taking_a_medicine_clears_the_date_it_was_stopped() {
    let mut m = Medication {
        name: "Accutane".into(),
        code: None,
        current: false,
        stopped: DateParts {
            day: String::new(),
            month: "8".into(),
            year: "2026".into(),
        },
    };
    m.set_current(false);
    assert_eq!(m.stopped.month, "8", "stopped: the date is kept");
    m.set_current(true);
    assert!(m.current);
    assert_eq!(m.stopped, DateParts::default());
}

#[test]
fn scale_questions_default_to_zero_to_ten() {
    let profile = ClinicProfile::demo();
    let mut scale = profile
        .sections
        .iter()
        .flat_map(|s| &s.questions)
        .find(|q| q.kind == candor_core::QuestionType::Scale)
        .expect("the demo asks a scale question")
        .clone();
    scale.min = None;
    scale.max = None;
    assert_eq!(scale.scale_range(), (0, 10));
    scale.min = Some(1.0);
    scale.max = Some(5.0);
    assert_eq!(scale.scale_range(), (1, 5));
}
