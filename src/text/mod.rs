//! Every word the interface shows that does not come from the clinic profile.
//!
//! Text lives in one [`Text`] table per language so that a translation is a new
//! table, checked by the compiler for completeness, not strings scattered in views.

mod en;

use candor_core::{DetailsField, Problem};

pub use en::EN;

/// The interface's words in one language.
pub struct Text {
    /// BCP 47 tag of the language, for `lang` attributes.
    pub lang: &'static str,
    /// Banner on every screen of a demonstration profile.
    pub demo_banner: &'static str,
    /// "Step 2 of 3".
    pub step_of: fn(usize, usize) -> String,
    /// Welcome heading, given the clinic's name.
    pub welcome_title: fn(&str) -> String,
    pub welcome_intro: &'static str,
    pub welcome_asks_heading: &'static str,
    /// How long the visit takes, given whole minutes.
    pub welcome_duration: fn(u32) -> String,
    pub privacy_heading: &'static str,
    /// The privacy statement's sentences, given the clinic's name.
    pub privacy_points: fn(&str) -> [String; 3],
    pub start: &'static str,
    pub back: &'static str,
    pub continue_: &'static str,
    /// Heading of the "Your details" step.
    pub details_title: &'static str,
    /// What the "Your details" step asks, for the welcome screen's list.
    pub details_summary: &'static str,
    pub details_intro: &'static str,
    pub emergency_heading: &'static str,
    pub emergency_hint: &'static str,
    pub optional: &'static str,
    /// A field's label.
    pub label: fn(DetailsField) -> &'static str,
    /// A field's hint, where it has one.
    pub hint: fn(DetailsField) -> Option<&'static str>,
    pub birth_day: &'static str,
    pub birth_month: &'static str,
    pub birth_year: &'static str,
    /// "Age: 36", shown once the date of birth is valid.
    pub age: fn(i32) -> String,
    /// What is wrong and how to fix it.
    pub problem: fn(DetailsField, Problem) -> &'static str,
    pub error_summary_title: &'static str,
    /// Announced when Continue is pressed with problems, given their number.
    pub problems_announcement: fn(usize) -> String,
    pub review_title: &'static str,
    pub review_intro: &'static str,
    pub review_change: &'static str,
    pub review_not_given: &'static str,
    pub review_nothing_sent: &'static str,
    pub your_details_heading: &'static str,
}
