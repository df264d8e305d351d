//! Candor's core: everything the widget knows that is not user interface.
//!
//! The form model, the patient's answers, their validation, the order of the steps
//! and the clinic profile live here. This crate knows nothing of Leptos, web-sys,
//! wasm-bindgen or the DOM: it compiles natively and to wasm, and is tested natively.
//! Anything that needs the browser (the clock, storage, crypto, network) is handed in
//! by the caller as plain data, for example [`date::CivilDate`] for "today".

pub mod clinic;
pub mod contact;
pub mod date;
pub mod details;
pub mod flow;

pub use clinic::{ClinicProfile, ProfileError};
pub use date::CivilDate;
pub use details::{DetailsField, FieldProblem, Input, PatientDetails, Problem};
pub use flow::Step;
