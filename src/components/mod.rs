//! Reusable pieces of the interface. They present state; they decide nothing.

mod choice_group;
mod date_boxes;
mod delivery_status;
mod document;
mod draft_offer;
mod error_summary;
mod field_messages;
mod language_switch;
mod progress;
mod signature_pad;
mod staff;
mod step_heading;
mod step_nav;
mod still_there;
mod text_box;
mod text_input;

pub use choice_group::{ChoiceSpec, Layout, OptionSpec, choice_group};
pub use date_boxes::{DateSpec, date_boxes};
pub(crate) use delivery_status::local_time;
pub use delivery_status::status_view;
pub use document::document_sections;
pub use draft_offer::draft_offer;
pub use error_summary::{error_summary, summary_box};
pub use field_messages::{described_by, field_messages, optional_mark};
pub use language_switch::{language_buttons, language_switch};
pub use progress::progress;
pub use signature_pad::{NAME_ID, PAD_ID, RELATIONSHIP_ID, TYPED_ID, signature_block};
pub use staff::{staff_control, staff_dialogs};
pub use step_heading::step_heading;
pub use step_nav::{back_button, step_nav};
pub use still_there::still_there;
pub use text_box::{TextBoxSpec, text_box};
pub use text_input::text_input;
