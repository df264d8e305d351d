//! One component per step of the flow.

mod details;
mod review;
mod welcome;

pub use details::DetailsStep;
pub use review::ReviewStep;
pub use welcome::WelcomeStep;
