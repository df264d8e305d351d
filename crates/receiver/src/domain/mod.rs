//! The receiver's rules as plain Rust: no axum, no SQL, no clock of their own. What a
//! record is called ([`record`]), who may do what ([`roles`]), how a review moves
//! ([`review`]), what a repeated submission is answered ([`idempotency`]) and which
//! events the console's audit log records ([`audit`]) and how that log is chained so
//! an edit shows ([`chain`]), who may perform a treatment ([`scope`]), and
//! what an incident holds and how it is reviewed ([`incident`]), and what suggests
//! that a visit is a returning patient's ([`patient`]). Services (`crate::service`)
//! apply them to the store; handlers only parse and render.

pub mod api_key;
pub mod appointment;
pub mod audit;
pub mod booking_csv;
pub mod chain;
pub mod check_in;
pub mod egress;
pub mod idempotency;
pub mod incident;
pub mod jpeg;
pub mod message;
pub mod patient;
pub mod patient_changes;
pub mod patient_items;
pub mod record;
pub mod review;
pub mod roles;
pub mod scope;
pub mod sms_gateway;
pub mod treatment_use;
pub mod webhook;
