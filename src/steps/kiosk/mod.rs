//! Kiosk mode's own screens: enrolling a tablet, the start screen in the clinic's
//! branding, and the hand-back screen that returns to the start by itself.

mod enrol;
mod handback;
mod start;

pub use enrol::enrol_screen;
pub use handback::handback_screen;
pub use start::start_screen;
