//! Reusable pieces of the interface. They present state; they decide nothing.

mod date_input;
mod error_summary;
mod field_messages;
mod progress;
mod step_heading;
mod step_nav;
mod text_input;

pub use date_input::DateInput;
pub use error_summary::ErrorSummary;
pub use field_messages::{FieldMessages, described_by};
pub use progress::Progress;
pub use step_heading::StepHeading;
pub use step_nav::StepNav;
pub use text_input::TextInput;
