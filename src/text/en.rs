//! English.

use super::Text;
use candor_core::answers::AnswerProblem as A;
use candor_core::{DatePrecision, DetailsField as F, Problem as P, ReactionSeverity as S};

/// The interface in English.
pub static EN: Text = Text {
    kiosk: &super::KIOSK_EN,
    welcome: &candor_core::welcome::WELCOME_EN,
    back: "Back",
    continue_: "Continue",
    back_to_review: "Save and go back to the review",
    optional: "(optional)",
    yes: "Yes",
    no: "No",
    remove: "Remove",
    error_summary_title: "There is a problem",
    problems_announcement: |n| {
        if n == 1 {
            "1 answer needs fixing.".into()
        } else {
            format!("{n} answers need fixing.")
        }
    },
    error_prefix: "Error: ",

    treatments_title: "What are you coming in for?",
    treatments_intro: "Choose every treatment you are booked for or would like to talk about. You can change this later.",
    product_legend: |treatment| format!("{treatment}: which product, if you know?"),
    product_hint: "Some products suit some people better. If you are not sure, your provider will choose with you.",
    product_not_sure: "Not sure: my provider will choose",
    draft_offer: "Keep my answers on this device for 3 days so I can finish later",
    draft_offer_hint: "They are kept encrypted on this device only, and deleted when you send your forms, choose paper or start again, or after 3 days. Do not choose this on a device other people use.",
    draft_unavailable: "This browser cannot keep your answers on this device, so please finish in one go: they are not kept if you close the page.",
    draft_failed: "Your answers could not be kept on this device just now. You can carry on: they stay here while this page is open.",
    draft_offer_invited: "Keep my answers for 3 days so I can finish later, on this or another device, with my invitation link",
    draft_offer_invited_hint: "They are locked with a key that is only in your link, so the clinic cannot read them until you send your forms. They are deleted when you send your forms, choose paper or start again, or after 3 days.",
    draft_sent_elsewhere: "The forms for this invitation were already sent, from another device, so your answers are no longer kept. Ask the front desk if anything needs changing.",
    draft_failed_invited: "Your answers could not be kept for later just now (no connection?). You can carry on: they stay here while this page is open.",
    welcome_back_title: "Welcome back",
    welcome_back_intro: |saved| {
        format!("Continue where you left off? Your answers were kept on this device on {saved}.")
    },
    welcome_back_intro_invited: |saved| {
        format!(
            "Continue where you left off? Your answers were kept for your invitation link on {saved}."
        )
    },
    welcome_back_check: "The clinic has changed some questions since. Please check these again:",
    welcome_back_continue: "Continue",
    welcome_back_start_again: "Start again",
    treatments_required: "Choose at least one treatment",

    details_title: "Your details",
    details_intro: "We use these to recognize you at the clinic and to reach you about your visit.",
    emergency_heading: "Emergency contact",
    emergency_hint: "Someone we can call if you feel unwell during your visit.",
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
    review_label: |field| match field {
        F::EmergencyName => "Emergency contact's name",
        F::EmergencyRelationship => "Their relationship to you",
        F::EmergencyPhone => "Emergency contact's phone number",
        other => (EN.label)(other),
    },
    hint: |field| match field {
        F::LegalName => Some("As it appears on your ID."),
        F::DateOfBirth => Some("For example, 5 14 1990."),
        F::MobilePhone => Some("We text you only about your appointment."),
        F::EmergencyRelationship => Some("For example, partner, parent or friend."),
        _ => None,
    },
    day: "Day",
    month: "Month",
    year: "Year",
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

    answer_problem: |problem| match problem {
        A::Required => "Answer this question",
        A::DateIncomplete => "Give at least the month and year",
        A::DateNotReal => "Enter a real date, with a four-digit year",
        A::DateInFuture => "The date must be today or in the past",
        A::NotANumber => "Enter a number, like 3 or 2.5",
        A::OutOfRange => "Enter a number in the allowed range",
        A::MedicationName => "Enter the medicine's name, or remove this entry",
        A::MedicationStopped => "Say when you stopped: at least the month and year",
        A::AllergySubstance => "Enter what you are allergic to, or remove this entry",
        A::AllergySeverity => "Choose how bad the reaction was",
    },
    date_hint: |precision| match precision {
        DatePrecision::Year => "Give the year. Add the month and day if you know them.",
        DatePrecision::Month => {
            "Give the month and year, for example 3 2025. Add the day if you know it."
        }
        DatePrecision::Day => "For example, 3 14 2025.",
    },
    fitzpatrick_result: |numeral| {
        format!(
            "Your estimated skin type is Fitzpatrick type {numeral} (a scale from I to VI of how skin reacts to the sun). Your provider will confirm it with you."
        )
    },
    medication_heading: |n| format!("Medicine {n}"),
    medication_name: "Name of the medicine or supplement",
    medication_current: "Do you still take it?",
    medication_still: "Yes, I still take it",
    medication_stopped: "No, I have stopped",
    medication_stopped_when: "When did you stop?",
    add_medication: "Add a medicine",
    allergy_heading: |n| format!("Allergy {n}"),
    allergy_substance: "What are you allergic to?",
    allergy_reaction: "What happened? (optional)",
    allergy_severity: "How bad was the reaction?",
    severity: |s| match s {
        S::Mild => "Mild (for example, an itchy rash)",
        S::Moderate => "Moderate (for example, hives or swelling)",
        S::Severe => "Severe (needed urgent medical care)",
        S::Anaphylaxis => {
            "Anaphylaxis (trouble breathing, collapse, or needed an epinephrine (adrenaline) shot, such as an EpiPen)"
        }
    },
    severity_name: |s| match s {
        S::Mild => "Mild",
        S::Moderate => "Moderate",
        S::Severe => "Severe",
        S::Anaphylaxis => "Anaphylaxis",
    },
    add_allergy: "Add an allergy",
    suggestions: |n| match n {
        0 => "No suggestions. You can keep what you typed.".into(),
        1 => "1 suggestion. Use the down arrow to choose it.".into(),
        n => format!("{n} suggestions. Use the up and down arrows to choose."),
    },
    body_mark_legend: "What do you want to mark?",
    body_front: "Front of body",
    body_back: "Back of body",
    body_area: |id| match id {
        "head" => "Head and face",
        "neck" => "Neck",
        "shoulders" => "Shoulders",
        "chest" => "Chest",
        "arms" => "Arms",
        "abdomen" => "Abdomen",
        "hands" => "Hands",
        "hips" => "Hips",
        "thighs" => "Front of thighs",
        "feet" => "Feet",
        "upper_back" => "Upper back",
        "lower_back" => "Lower back",
        "glutes" => "Buttocks",
        "hamstrings" => "Back of thighs",
        "calves" => "Calves",
        "heels" => "Heels and soles",
        _ => "Other area",
    },
    body_none_marked: "No areas marked.",
    scale_hint: |min, min_label, max, max_label| {
        format!("{min} means “{min_label}” and {max} means “{max_label}”.")
    },

    review_title: "Check your answers",
    review_intro: "Make sure everything is right. You can change any answer.",
    review_change: "Change",
    review_not_given: "Not given",
    review_nothing_sent: "Nothing has been sent yet.",
    treatments_heading: "Treatments",
    still_taking: "still taking",
    stopped_on: |precision, date| match precision {
        Some(DatePrecision::Day) => format!("stopped on {date}"),
        Some(_) => format!("stopped in {date}"),
        None => format!("stopped: {date}"),
    },

    talk_heading: "Things to talk about with your provider",
    talk_intro: "Based on your answers. This is not a diagnosis: your provider will go over each point with you before any treatment.",
    talk_none: "The form found nothing to point out. Your provider will still go over all your answers with you before any treatment.",
    talk_checking: "Checking your answers against the clinic's list of medicines and allergies\u{2026}",
    talk_offline: "You are offline. To check your medicines and allergies, the form needs the clinic's list, which has not arrived yet. Your answers are kept on this page; the check runs as soon as you are back online, and then you can continue.",
    talk_unchecked: "The form could not check your medicines and allergies on this device. Your provider will go over each of them with you before any treatment.",
    profile_failed_network: "Check your internet connection, then try again.",

    profile_failed_title: "This form is not available right now",
    profile_failed_patient: "Please ask at the front desk for help or a paper form. Nothing you type here has been sent.",
    profile_failed_staff: |source| {
        format!("For clinic staff: the clinic profile at {source} could not be used.")
    },

    review_continue: "Continue to the consent forms",
    disclosure_agree: "I agree to use electronic records",
    disclosure_paper: "I would rather use paper",
    paper_title: "Please ask the front desk for paper forms",
    paper_body: "Nothing you entered was sent, and your answers have been cleared from this device. Thank you.",
    sign_heading: "Your signature",
    sign_pad_label: "Signature pad: draw your signature with your finger, a stylus or a mouse. To sign with the keyboard, choose Type my name instead.",
    sign_draw: "Draw my signature",
    sign_type_instead: "Type my name instead",
    sign_typed_label: "Type your full name to adopt it as your signature",
    sign_undo: "Undo",
    sign_clear: "Clear",
    sign_printed_name: "Full name of the person signing",
    guardian_heading: "The patient is under 18, so a parent or guardian signs.",
    guardian_relationship: "Relationship to the patient",
    questions_first: "I have questions for my provider first",
    decline_treatment: "I do not want this treatment",
    decline_other: "No, thank you",
    problem_ack: "Check the box to confirm you have read this section",
    problem_signature: "Draw your signature, or type your full name instead",
    problem_printed_name: "Enter the full name of the person signing",
    problem_guardian: "Enter the relationship of the parent or guardian to the patient",
    done_title: "Your signed forms",
    done_intro: "Below is a copy of exactly what you read and decided. You can print it or save it as a PDF.",
    print: "Print or save a copy",
    decision_consented: "Signed and agreed",
    decision_questions: "Questions for the provider first: not signed",
    decision_declined: "Declined: not signed",
    manifest_signed_by: "Signed by",
    manifest_patient: "the patient",
    manifest_when: "Date and time",
    manifest_meaning: "Meaning of this signature",
    manifest_drawn: "Signature drawn on screen",
    manifest_typed: "Typed name adopted as signature",
    acknowledged: "Acknowledged",
    sign_and_consent: "Sign and consent",
    sign_and_agree: "Sign and agree",
    meaning_consent: |title| format!("I have read “{title}” and I consent."),
    manifest_guardian: |rel| format!("parent or guardian ({rel})"),
    try_again: "Try again",
    sending: "Sending…",
    saved_on_device: "Your signed forms are saved on this device, encrypted, and will be sent to the clinic as soon as there is a connection. If you close this page first, open this form again on this device to send them.",
    keep_open: "Sending… Please keep this page open until it says the clinic received your forms.",
    cannot_sign: "Your forms could not be signed on this device. Try again; if it happens again, please tell the front desk.",
    received_at: |at| match at {
        Some(at) => format!("Received by the clinic at {}.", at.twelve_hour()),
        None => "Received by the clinic.".into(),
    },
    needs_staff: |code| {
        format!("Could not be sent: please show this screen at the front desk (error {code}).")
    },
    reference: |id| format!("Reference: {id}"),
    format_date: |t, d| match (d.month, d.day) {
        (Some(m), Some(day)) => (t.welcome.full_date)(t.month_name(m), day, d.year),
        (Some(m), None) => format!("{} {}", t.month_name(m), d.year),
        _ => d.year.to_string(),
    },
};
