//! Every word the interface shows that does not come from the clinic profile.
//!
//! Text lives in one [`Text`] table per language so that a translation is a new
//! table, checked by the compiler for completeness, not strings scattered in views.

mod check_in;
mod en;
mod es;
mod kiosk;

use candor_core::answers::AnswerProblem;
use candor_core::welcome::WelcomeText;
use candor_core::{DatePrecision, DetailsField, Lang, PartialDate, Problem, ReactionSeverity};

pub use check_in::{CHECK_IN_EN, CHECK_IN_ES, CheckInText};
pub use en::EN;
pub use es::ES;
pub use kiosk::{KIOSK_EN, KIOSK_ES, KioskText};

/// The table for `lang`.
pub fn for_lang(lang: Lang) -> &'static Text {
    match lang {
        Lang::En => &EN,
        Lang::Es => &ES,
    }
}

/// A check-in's words for `lang`.
pub fn check_in_for(lang: Lang) -> &'static CheckInText {
    match lang {
        Lang::En => &CHECK_IN_EN,
        Lang::Es => &CHECK_IN_ES,
    }
}

/// The interface's words in one language.
pub struct Text {
    /// Kiosk mode's words.
    pub kiosk: &'static KioskText,
    /// The welcome's words and the frame's (title, banners, progress, language
    /// switcher), shared with the receiver, which renders the first screen.
    pub welcome: &'static WelcomeText,
    pub back: &'static str,
    pub continue_: &'static str,
    /// The primary button when the patient came from the review to change an answer.
    pub back_to_review: &'static str,
    pub optional: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub remove: &'static str,
    pub error_summary_title: &'static str,
    /// Announced when Continue is pressed with problems, given their number.
    pub problems_announcement: fn(usize) -> String,
    /// Screen-reader prefix of an inline error.
    pub error_prefix: &'static str,

    // Treatments
    pub treatments_title: &'static str,
    pub treatments_intro: &'static str,
    pub product_legend: fn(&str) -> String,
    pub product_hint: &'static str,
    pub product_not_sure: &'static str,
    pub draft_offer: &'static str,
    pub draft_offer_hint: &'static str,
    pub draft_unavailable: &'static str,
    pub draft_failed: &'static str,
    pub draft_offer_invited: &'static str,
    pub draft_offer_invited_hint: &'static str,
    pub draft_failed_invited: &'static str,
    pub draft_sent_elsewhere: &'static str,
    pub welcome_back_title: &'static str,
    pub welcome_back_intro: fn(&str) -> String,
    pub welcome_back_intro_invited: fn(&str) -> String,
    pub welcome_back_check: &'static str,
    pub welcome_back_continue: &'static str,
    pub welcome_back_start_again: &'static str,
    pub treatments_required: &'static str,

    // Your details
    pub details_title: &'static str,
    pub details_intro: &'static str,
    pub emergency_heading: &'static str,
    pub emergency_hint: &'static str,
    pub label: fn(DetailsField) -> &'static str,
    /// A detail's label on the review, where the emergency contact's rows stand
    /// under their own heading but must still say whose they are.
    pub review_label: fn(DetailsField) -> &'static str,
    pub hint: fn(DetailsField) -> Option<&'static str>,
    pub day: &'static str,
    pub month: &'static str,
    pub year: &'static str,
    pub age: fn(i32) -> String,
    pub problem: fn(DetailsField, Problem) -> &'static str,

    // Questions
    pub answer_problem: fn(AnswerProblem) -> &'static str,
    /// Hint for a date question, by the precision it needs.
    pub date_hint: fn(DatePrecision) -> &'static str,
    pub fitzpatrick_result: fn(&str) -> String,
    pub medication_heading: fn(usize) -> String,
    pub medication_name: &'static str,
    pub medication_current: &'static str,
    pub medication_still: &'static str,
    pub medication_stopped: &'static str,
    pub medication_stopped_when: &'static str,
    pub add_medication: &'static str,
    pub allergy_heading: fn(usize) -> String,
    pub allergy_substance: &'static str,
    pub allergy_reaction: &'static str,
    pub allergy_severity: &'static str,
    pub severity: fn(ReactionSeverity) -> &'static str,
    /// A severity's name alone ("Mild"), as the review lists it.
    pub severity_name: fn(ReactionSeverity) -> &'static str,
    pub add_allergy: &'static str,
    /// Announced when suggestions appear, given their number.
    pub suggestions: fn(usize) -> String,
    pub body_mark_legend: &'static str,
    pub body_front: &'static str,
    pub body_back: &'static str,
    pub body_area: fn(&str) -> &'static str,
    pub body_none_marked: &'static str,
    pub scale_hint: fn(i32, &str, i32, &str) -> String,

    // Review
    pub review_title: &'static str,
    pub review_intro: &'static str,
    pub review_change: &'static str,
    pub review_not_given: &'static str,
    pub review_nothing_sent: &'static str,
    pub treatments_heading: &'static str,
    pub still_taking: &'static str,
    /// When a medicine was stopped, given the date in words and how precise it is
    /// (`None` when the boxes do not make a date yet, so the words are the boxes').
    pub stopped_on: fn(Option<DatePrecision>, &str) -> String,

    // Risk findings
    pub talk_heading: &'static str,
    pub talk_intro: &'static str,
    pub talk_none: &'static str,
    /// The review, while the clinic's medicine list is on its way.
    pub talk_checking: &'static str,
    /// The review, offline before the medicine list arrived.
    pub talk_offline: &'static str,
    /// The review, when the medicine list beside the page could not be used.
    pub talk_unchecked: &'static str,
    /// The form's profile could not be downloaded: the patient's connection may be at fault.
    pub profile_failed_network: &'static str,

    // Loading a clinic profile
    pub profile_failed_title: &'static str,
    pub profile_failed_patient: &'static str,
    pub profile_failed_staff: fn(&str) -> String,

    // Consent and signature
    pub review_continue: &'static str,
    pub disclosure_agree: &'static str,
    pub disclosure_paper: &'static str,
    pub paper_title: &'static str,
    pub paper_body: &'static str,
    pub sign_heading: &'static str,
    pub sign_pad_label: &'static str,
    pub sign_draw: &'static str,
    pub sign_type_instead: &'static str,
    pub sign_typed_label: &'static str,
    pub sign_undo: &'static str,
    pub sign_clear: &'static str,
    pub sign_printed_name: &'static str,
    pub guardian_heading: &'static str,
    pub guardian_relationship: &'static str,
    pub questions_first: &'static str,
    pub decline_treatment: &'static str,
    pub decline_other: &'static str,
    pub problem_ack: &'static str,
    pub problem_signature: &'static str,
    pub problem_printed_name: &'static str,
    pub problem_guardian: &'static str,
    pub done_title: &'static str,
    pub done_intro: &'static str,
    pub print: &'static str,
    pub decision_consented: &'static str,
    pub decision_questions: &'static str,
    pub decision_declined: &'static str,
    pub manifest_signed_by: &'static str,
    pub manifest_patient: &'static str,
    pub manifest_when: &'static str,
    pub manifest_meaning: &'static str,
    pub manifest_drawn: &'static str,
    pub manifest_typed: &'static str,
    pub acknowledged: &'static str,
    /// The primary button of a treatment consent (the document's title is the
    /// heading just above it, so the button stays one short line on a phone).
    pub sign_and_consent: &'static str,
    /// The primary button of a general or photo consent.
    pub sign_and_agree: &'static str,
    /// What a consent signature means, given the document's title.
    pub meaning_consent: fn(&str) -> String,
    /// How a guardian signs, given the relationship.
    pub manifest_guardian: fn(&str) -> String,
    /// The button that signs and sends again after signing failed.
    pub try_again: &'static str,
    pub sending: &'static str,
    pub saved_on_device: &'static str,
    pub keep_open: &'static str,
    pub cannot_sign: &'static str,
    /// The receipt, given the clinic's time of receipt on the device's clock, when the
    /// receipt gave one.
    pub received_at: fn(Option<ClockTime>) -> String,
    /// A refusal that retrying cannot fix, given the HTTP status.
    pub needs_staff: fn(u16) -> String,
    /// The submission id shown with any status.
    pub reference: fn(&str) -> String,
    /// A date in the language's usual order and words.
    pub format_date: fn(&Text, PartialDate) -> String,
}

impl Text {
    /// `date` in this language's words.
    pub fn date(&self, date: PartialDate) -> String {
        (self.format_date)(self, date)
    }

    /// An RFC 3339 time (`2026-11-22T10:38:40-05:00`) as a date and a time of day
    /// with its offset from UTC, as the manifestation of a signature shows it.
    pub fn timestamp(&self, rfc3339: &str) -> String {
        let date = rfc3339.get(..10).and_then(|d| {
            let mut parts = d.split('-');
            let (y, m, day) = (parts.next()?, parts.next()?, parts.next()?);
            PartialDate::from_parts(day, m, y).ok()
        });
        let time = rfc3339.get(11..16).unwrap_or("");
        let zone = match rfc3339.get(19..) {
            Some("Z") => "UTC".to_owned(),
            Some(offset) => format!("UTC{offset}"),
            None => String::new(),
        };
        match date {
            Some(date) => format!("{}, {time} ({zone})", self.date(date)),
            None => rfc3339.to_owned(),
        }
    }

    /// The approval line of the checks, for an approval dated `YYYY-MM-DD`.
    pub fn approval_line(&self, approver: &str, credential: &str, date: &str) -> String {
        self.welcome.approval_line(approver, credential, date)
    }

    /// The month's name, for `month` 1 to 12.
    pub fn month_name(&self, month: u8) -> &'static str {
        self.welcome.month_name(month)
    }
}

/// A time of day on the device's clock, as the receipt lines show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockTime {
    /// 0 to 23.
    pub hour: u32,
    /// 0 to 59.
    pub minute: u32,
}

impl ClockTime {
    /// "1:05 PM": the 12-hour clock US patients read.
    pub fn twelve_hour(self) -> String {
        let suffix = if self.hour < 12 { "AM" } else { "PM" };
        let hour = match self.hour % 12 {
            0 => 12,
            h => h,
        };
        format!("{hour}:{:02} {suffix}", self.minute)
    }

    /// "a las 13:05", or "a la 1:05" at one o'clock: the 24-hour clock with its article.
    pub fn spanish(self) -> String {
        let article = if self.hour == 1 { "a la" } else { "a las" };
        format!("{article} {}:{:02}", self.hour, self.minute)
    }
}

/// The body areas a body-map question offers, head to foot, front then back.
pub const BODY_AREAS_FRONT: [&str; 10] = [
    "head",
    "neck",
    "shoulders",
    "chest",
    "arms",
    "abdomen",
    "hands",
    "hips",
    "thighs",
    "feet",
];
/// Areas on the back of the body map.
pub const BODY_AREAS_BACK: [&str; 6] = [
    "upper_back",
    "lower_back",
    "glutes",
    "hamstrings",
    "calves",
    "heels",
];

// The text tables' own rules, run in the browser tests (`cargo test --target
// wasm32-unknown-unknown -p candor --lib`, a layer of ./test): the widget is never
// compiled natively.
#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn receipt_times_read_as_each_language_tells_the_time() {
        let at = |hour, minute| Some(ClockTime { hour, minute });
        assert_eq!(
            (EN.received_at)(at(13, 5)),
            "Received by the clinic at 1:05 PM."
        );
        assert_eq!(
            (EN.received_at)(at(0, 30)),
            "Received by the clinic at 12:30 AM."
        );
        assert_eq!(
            (EN.received_at)(at(12, 0)),
            "Received by the clinic at 12:00 PM."
        );
        assert_eq!(
            (ES.received_at)(at(13, 5)),
            "La clínica recibió sus formularios a las 13:05."
        );
        assert_eq!(
            (ES.received_at)(at(1, 5)),
            "La clínica recibió sus formularios a la 1:05."
        );
        assert_eq!(
            (KIOSK_EN.handback_received)(at(9, 41)),
            "Your forms were received by the clinic at 9:41 AM."
        );
    }

    #[wasm_bindgen_test]
    fn one_second_and_one_refused_form_are_singular() {
        assert_eq!(
            (KIOSK_EN.handback_countdown)(1),
            "This screen clears itself in 1 second."
        );
        assert_eq!(
            (KIOSK_ES.handback_countdown)(1),
            "Esta pantalla se borra sola en 1 segundo."
        );
        assert!((KIOSK_EN.still_there_body)(1).ends_with("cleared in 1 second."));
        assert!((KIOSK_ES.still_there_body)(1).ends_with("se borrará en 1 segundo."));
        assert!((KIOSK_EN.still_there_cap)(1).contains("in 1 second unless"));
        assert!((KIOSK_ES.still_there_cap)(1).contains("en 1 segundo si no"));
        assert!((KIOSK_EN.staff_pin_wait)(1).ends_with("in 1 second."));
        assert!((KIOSK_ES.staff_pin_wait)(1).ends_with("en 1 segundo."));
        assert_eq!(
            (KIOSK_EN.handback_countdown)(20),
            "This screen clears itself in 20 seconds."
        );
        assert_eq!(
            (KIOSK_ES.staff_refused)(1),
            "1 rechazado por el servidor de la clínica"
        );
        assert_eq!(
            (KIOSK_ES.staff_refused)(2),
            "2 rechazados por el servidor de la clínica"
        );
    }

    #[wasm_bindgen_test]
    fn check_in_words_never_reassure_and_name_the_number_to_call() {
        for t in [&CHECK_IN_EN, &CHECK_IN_ES] {
            let all = [
                t.title,
                t.pain_hint,
                t.signs_hint,
                t.alert_because,
                t.sent_body,
                t.sent_urgent,
                t.completed_body,
                t.worried,
                t.not_sent_yet,
            ]
            .join(" ")
            .to_lowercase();
            for reassuring in [
                "normal",
                "nothing to worry",
                "no se preocupe",
                "is fine",
                "está bien",
            ] {
                assert!(!all.contains(reassuring), "{reassuring}");
            }
        }
        assert_eq!((CHECK_IN_EN.alert_emergency_title)("911"), "Call 911 now");
        assert_eq!(
            (CHECK_IN_ES.alert_emergency_title)("911"),
            "Llame al 911 ahora"
        );
        assert_eq!(
            (CHECK_IN_EN.call_clinic)("(555) 010-4477"),
            "Call the clinic: (555) 010-4477"
        );
        assert!((CHECK_IN_ES.note_too_long)(2001).contains("2001"));
    }

    #[wasm_bindgen_test]
    fn a_receipt_without_a_time_still_reads_as_a_sentence() {
        assert_eq!((EN.received_at)(None), "Received by the clinic.");
        assert_eq!(
            (ES.received_at)(None),
            "La clínica recibió sus formularios."
        );
        assert_eq!(
            (KIOSK_EN.handback_received)(None),
            "Your forms were received by the clinic."
        );
        assert_eq!(
            (KIOSK_ES.handback_received)(None),
            "La clínica recibió sus formularios."
        );
    }
}
