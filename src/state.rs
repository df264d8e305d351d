//! The widget's state: a handful of signals shared through context, and the few
//! transitions the interface may make. Everything else is derived from them with memos.

use candor_core::{
    CivilDate, ClinicProfile, DetailsField, FieldProblem, PatientDetails, Problem, Step,
};
use leptos::prelude::*;

use crate::browser::dom;
use crate::text::{EN, Text};

/// Shared state of one visit. Answers live only in memory: never in the URL, never
/// in storage, so closing the tab forgets them.
#[derive(Clone, Copy)]
pub struct Visit {
    /// The clinic's profile.
    pub clinic: StoredValue<ClinicProfile>,
    /// Today's date on the patient's device, fixed when the visit starts.
    pub today: CivilDate,
    /// The step on screen.
    pub step: RwSignal<Step>,
    /// "Your details" as typed.
    pub details: RwSignal<PatientDetails>,
    /// Whether the patient has pressed Continue on "Your details"; problems are shown
    /// only from then on, and then kept up to date as they type.
    pub details_attempted: RwSignal<bool>,
    /// Problems with the details, derived.
    pub details_problems: Memo<Vec<FieldProblem>>,
    /// Whether the patient has moved between steps, so the new heading takes focus.
    /// False on first load, so an embedding page is not scrolled to the widget.
    pub navigated: RwSignal<bool>,
    /// Text for the polite live region, for messages that focus does not convey.
    pub announcement: RwSignal<String>,
}

impl Visit {
    /// A fresh visit for `clinic` on `today`.
    pub fn new(clinic: ClinicProfile, today: CivilDate) -> Self {
        let details = RwSignal::new(PatientDetails::default());
        Self {
            clinic: StoredValue::new(clinic),
            today,
            step: RwSignal::new(Step::Welcome),
            details,
            details_attempted: RwSignal::new(false),
            details_problems: Memo::new(move |_| details.with(|d| d.problems(today))),
            navigated: RwSignal::new(false),
            announcement: RwSignal::new(String::new()),
        }
    }

    /// The visit provided by [`crate::app::App`].
    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// The interface's words.
    pub fn text(&self) -> &'static Text {
        &EN
    }

    /// The problem to show beside `field`, once the patient has tried to continue.
    pub fn shown_problem(&self, field: DetailsField) -> Option<Problem> {
        if !self.details_attempted.get() {
            return None;
        }
        self.details_problems
            .with(|ps| ps.iter().find(|p| p.field == field).map(|p| p.problem))
    }

    /// Shows `step`, moving focus to its heading.
    pub fn go_to(&self, step: Step) {
        self.announcement.set(String::new());
        self.navigated.set(true);
        self.step.set(step);
    }

    /// Moves back one step; answers are kept.
    pub fn back(&self) {
        if let Some(previous) = candor_core::flow::previous(&STEPS, self.step.get_untracked()) {
            self.go_to(previous);
        }
    }

    /// Leaves "Your details" if every answer is valid. Otherwise shows the problems,
    /// announces how many there are and moves focus to the error summary.
    pub fn continue_from_details(&self) {
        self.details_attempted.set(true);
        let count = self.details_problems.with_untracked(Vec::len);
        if count == 0 {
            self.go_to(Step::Review);
        } else {
            self.announcement
                .set((self.text().problems_announcement)(count));
            request_animation_frame(|| dom::focus_and_reveal(ERROR_SUMMARY_ID));
        }
    }

    /// Returns to "Your details" from the review and focuses the field to change.
    pub fn change(&self, field: DetailsField) {
        self.go_to(Step::Details);
        request_animation_frame(move || dom::focus_and_reveal(field.first_input().id()));
    }
}

/// The screens this release shows, in order. The core's flow also knows the
/// treatment and health-history steps, which this interface does not show yet.
pub const STEPS: [Step; 3] = [Step::Welcome, Step::Details, Step::Review];

/// Position of `step` among [`STEPS`], counting from 1.
pub fn step_number(step: Step) -> usize {
    STEPS.iter().position(|s| *s == step).map_or(1, |i| i + 1)
}

/// Element id of the error summary, so focus can move to it.
pub const ERROR_SUMMARY_ID: &str = "error-summary";
