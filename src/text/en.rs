//! English.

use super::Text;
use candor_core::{DetailsField as F, Problem as P};

/// The interface in English.
pub static EN: Text = Text {
    lang: "en",
    demo_banner: "Demonstration clinic: please do not enter real health information.",
    step_of: |n, total| format!("Step {n} of {total}"),
    welcome_title: |clinic| format!("Welcome to {clinic}"),
    welcome_intro: "Before your visit, please tell us about yourself. Your answers help your provider plan safe care for you.",
    welcome_asks_heading: "What we will ask",
    welcome_duration: |minutes| {
        if minutes == 1 {
            "It takes about 1 minute.".into()
        } else {
            format!("It takes about {minutes} minutes.")
        }
    },
    privacy_heading: "Your privacy",
    privacy_points: |clinic| {
        [
            format!("Only the care team at {clinic} sees your answers."),
            "Nothing is sent until you sign at the end. You can go back and change any answer before then.".into(),
            "Your answers are kept only in this browser tab while you fill in the form.".into(),
        ]
    },
    start: "Start",
    back: "Back",
    continue_: "Continue",
    details_title: "Your details",
    details_summary: "Your name, date of birth and contact details, and someone to call in an emergency",
    details_intro: "We use these to recognise you at the clinic and to reach you about your visit.",
    emergency_heading: "Emergency contact",
    emergency_hint: "Someone we can call if you feel unwell during your visit.",
    optional: "(optional)",
    label: |field| match field {
        F::LegalName => "Full legal name",
        F::PreferredName => "Name you would like us to use",
        F::DateOfBirth => "Date of birth",
        F::MobilePhone => "Mobile phone number",
        F::Email => "Email address",
        F::EmergencyName => "Their name",
        F::EmergencyRelationship => "How they are related to you",
        F::EmergencyPhone => "Their phone number",
    },
    hint: |field| match field {
        F::LegalName => Some("As it appears on your ID."),
        F::DateOfBirth => Some("For example, 5 14 1990."),
        F::MobilePhone => Some("We text you only about your appointment."),
        F::EmergencyRelationship => Some("For example, partner, parent or friend."),
        _ => None,
    },
    birth_day: "Day",
    birth_month: "Month",
    birth_year: "Year",
    age: |age| format!("Age: {age}"),
    problem: |field, problem| match (field, problem) {
        (F::LegalName, P::Required) => "Enter your full legal name",
        (F::EmergencyName, P::Required) => "Enter your emergency contact's name",
        (F::MobilePhone, P::Required) => "Enter your mobile phone number",
        (F::EmergencyPhone, P::Required) => "Enter your emergency contact's phone number",
        (F::MobilePhone | F::EmergencyPhone, _) => {
            "Enter a phone number with 7 to 15 digits, like (555) 010-2030"
        }
        (F::Email, _) => "Enter an email address like name@example.com",
        (F::DateOfBirth, P::Required) => "Enter your date of birth",
        (F::DateOfBirth, P::DateIncomplete) => "Date of birth must include a day, month and year",
        (F::DateOfBirth, P::DateInFuture) => "Date of birth must be today or in the past",
        (F::DateOfBirth, P::DateTooLongAgo) => "Check the year of your date of birth",
        (F::DateOfBirth, _) => "Date of birth must be a real date, with a four-digit year",
        (_, P::TooLong) => "This answer is too long: please shorten it",
        (_, _) => "Check this answer",
    },
    error_summary_title: "There is a problem",
    problems_announcement: |n| {
        if n == 1 {
            "1 answer needs fixing.".into()
        } else {
            format!("{n} answers need fixing.")
        }
    },
    review_title: "Check your answers",
    review_intro: "Make sure everything is right. You can change any answer.",
    review_change: "Change",
    review_not_given: "Not given",
    review_nothing_sent: "Nothing has been sent yet.",
    your_details_heading: "Your details",
};
