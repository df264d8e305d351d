//! "Your details" validation, as the patient meets it.

use candor_core::{CivilDate, DetailsField, FieldProblem, Input, PatientDetails, Problem};

fn today() -> CivilDate {
    CivilDate::new(2026, 11, 22).unwrap()
}

fn complete() -> PatientDetails {
    let mut d = PatientDetails::default();
    for (input, text) in [
        (Input::LegalName, "Ana María López"),
        (Input::BirthDay, "14"),
        (Input::BirthMonth, "5"),
        (Input::BirthYear, "1990"),
        (Input::MobilePhone, "(555) 010-2030"),
        (Input::Email, "ana@example.com"),
        (Input::EmergencyName, "Luis López"),
        (Input::EmergencyPhone, "555 010 9988"),
    ] {
        d.set(input, text.to_string());
    }
    d
}

fn problem(field: DetailsField, problem: Problem) -> FieldProblem {
    FieldProblem { field, problem }
}

#[test]
fn complete_details_have_no_problems_and_optional_fields_may_stay_empty() {
    let d = complete();
    assert!(d.preferred_name.is_empty() && d.emergency_relationship.is_empty());
    assert_eq!(d.problems(today()), []);
    assert_eq!(d.age_on(today()), Some(36));
}

#[test]
fn empty_form_lists_required_fields_in_screen_order() {
    let problems = PatientDetails::default().problems(today());
    assert_eq!(
        problems,
        [
            problem(DetailsField::LegalName, Problem::Required),
            problem(DetailsField::DateOfBirth, Problem::Required),
            problem(DetailsField::MobilePhone, Problem::Required),
            problem(DetailsField::EmergencyName, Problem::Required),
            problem(DetailsField::EmergencyPhone, Problem::Required),
        ]
    );
}

#[test]
fn blank_text_counts_as_empty() {
    let mut d = complete();
    d.set(Input::LegalName, "   ".into());
    assert_eq!(
        d.problems(today()),
        [problem(DetailsField::LegalName, Problem::Required)]
    );
}

#[test]
fn email_is_optional_but_checked_when_given() {
    let mut d = complete();
    d.set(Input::Email, String::new());
    assert_eq!(d.problems(today()), []);
    d.set(Input::Email, "ana@example".into());
    assert_eq!(
        d.problems(today()),
        [problem(DetailsField::Email, Problem::EmailFormat)]
    );
}

#[test]
fn date_of_birth_must_be_real_complete_and_not_in_the_future() {
    let cases = [
        (("", "5", "1990"), Some(Problem::DateIncomplete)),
        (("31", "4", "1990"), Some(Problem::DateNotReal)),
        (("23", "11", "2026"), Some(Problem::DateInFuture)),
        (("22", "11", "2026"), None),
        (("1", "1", "1900"), Some(Problem::DateTooLongAgo)),
        (("23", "11", "1906"), None),
    ];
    for ((day, month, year), expected) in cases {
        let mut d = complete();
        d.set(Input::BirthDay, day.into());
        d.set(Input::BirthMonth, month.into());
        d.set(Input::BirthYear, year.into());
        let got = d.problems(today()).first().map(|p| p.problem);
        assert_eq!(got, expected, "{day}/{month}/{year}");
    }
}

#[test]
fn age_is_none_until_the_date_is_real() {
    let mut d = complete();
    d.set(Input::BirthYear, "19".into());
    assert_eq!(d.age_on(today()), None);
}

#[test]
fn phones_are_checked_for_both_patient_and_emergency_contact() {
    let mut d = complete();
    d.set(Input::MobilePhone, "12".into());
    d.set(Input::EmergencyPhone, "ring my sister".into());
    assert_eq!(
        d.problems(today()),
        [
            problem(DetailsField::MobilePhone, Problem::PhoneFormat),
            problem(DetailsField::EmergencyPhone, Problem::PhoneFormat)
        ]
    );
}

#[test]
fn overly_long_answers_are_refused() {
    let mut d = complete();
    d.set(Input::PreferredName, "x".repeat(61));
    assert_eq!(
        d.problems(today()),
        [problem(DetailsField::PreferredName, Problem::TooLong)]
    );
}

#[test]
fn every_input_reads_back_what_was_set_and_has_a_unique_id() {
    use std::collections::HashSet;
    let inputs = [
        Input::LegalName,
        Input::PreferredName,
        Input::BirthDay,
        Input::BirthMonth,
        Input::BirthYear,
        Input::MobilePhone,
        Input::Email,
        Input::EmergencyName,
        Input::EmergencyRelationship,
        Input::EmergencyPhone,
    ];
    let mut d = PatientDetails::default();
    for (i, input) in inputs.iter().enumerate() {
        d.set(*input, format!("value {i}"));
    }
    for (i, input) in inputs.iter().enumerate() {
        assert_eq!(d.get(*input), format!("value {i}"));
    }
    let ids: HashSet<_> = inputs.iter().map(|i| i.id()).collect();
    assert_eq!(ids.len(), inputs.len());
    for field in DetailsField::ALL {
        assert_eq!(field.first_input().field(), field);
    }
}

#[test]
fn details_survive_a_serde_round_trip() {
    let d = complete();
    let json = serde_json::to_string(&d).unwrap();
    assert_eq!(serde_json::from_str::<PatientDetails>(&json).unwrap(), d);
}
