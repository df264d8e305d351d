//! The welcome in English.

use super::WelcomeText;

/// The welcome's words in English.
pub static WELCOME_EN: WelcomeText = WelcomeText {
    page_title: "Before your visit",
    demo_banner: "Demonstration clinic: please do not enter real health information.",
    protocol_unapproved: "Demonstration only: the health checks in this form are not yet approved by a medical director.",
    // The name as the director wrote it and the credential as given: no "Dr." added,
    // which would misstate an NP's or an RN's credential.
    protocol_approved: |name, credential, date| {
        format!("Checks approved by {name}, {credential}, on {date}")
    },
    language_label: "Language",
    step_of: |n, total| format!("Step {n} of {total}"),
    title: |clinic| format!("Welcome to {clinic}"),
    intro: "Before your visit, please tell us about yourself and your health. Your answers help your provider plan safe care for you.",
    asks_heading: "What we will ask",
    treatments_summary: "Which treatments you are interested in",
    details_summary: "Your name, date of birth and contact details, and someone to call in an emergency",
    treatment_questions: "A few questions about the treatments you choose",
    duration: |m| {
        if m == 1 {
            "It takes about 1 minute.".into()
        } else {
            format!("It takes about {m} minutes.")
        }
    },
    privacy_heading: "Your privacy",
    privacy_points: |clinic| {
        [
            format!("Only the care team at {clinic} sees your answers."),
            "Nothing is sent until you sign at the end. You can go back and change any answer before then.".into(),
            // Each promise here is shown by tests/e2e/promises.spec.ts (and the save and
            // resume ones by drafts.spec.ts).
            "While you fill in the form, your answers stay only in this browser tab, unless you choose to keep them to finish later. Once you sign, your signed forms go straight to the clinic; if you are offline, they wait on this device, encrypted, until they can be sent.".into(),
        ]
    },
    start: "Start",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    full_date: |month, day, year| format!("{month} {day}, {year}"),
};
