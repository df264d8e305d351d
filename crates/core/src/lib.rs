//! Candor's core: everything the widget knows that is not user interface.
//!
//! The clinic profile, the patient's answers, their validation, which questions are
//! asked, the vocabulary and the order of the steps live here. This crate knows
//! nothing of Leptos, web-sys, wasm-bindgen or the DOM: it compiles natively and to
//! wasm, and is tested natively. Anything that needs the browser (the clock, storage,
//! crypto, network) is handed in by the caller as plain data, for example
//! [`date::CivilDate`] for "today".

pub mod answers;
pub mod canonical;
pub mod check_in;
pub mod consent;
pub mod contact;
pub mod date;
pub mod delivery;
pub mod details;
pub mod draft;
pub mod embed;
pub mod fhir;
pub mod fitzpatrick;
pub mod flow;
pub mod formats;
pub mod i18n;
pub mod jws;
pub mod kiosk;
pub mod language;
pub mod profile;
pub mod risk;
pub mod signature;
pub mod signing;
pub mod summary;
pub mod vocabulary;
pub mod welcome;

pub use answers::{
    Allergy, Answer, AnswerProblem, Answers, Medication, QuestionProblem, ReactionSeverity,
};
pub use date::{CivilDate, DatePrecision, PartialDate};
pub use details::{DateParts, DetailsField, FieldProblem, Input, PatientDetails, Problem};
pub use flow::Step;
pub use i18n::{Lang, Localized};
pub use profile::{ClinicProfile, ProfileError, Question, QuestionType, Section, Treatment};
