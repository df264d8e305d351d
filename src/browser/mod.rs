//! Small adapters over browser APIs, so that components never call them directly.

pub mod address;
pub mod boot;
pub mod check_in;
pub mod clinic_drafts;
pub mod clock;
pub mod crash;
pub mod delivery;
pub mod dom;
pub mod drafts;
pub mod embedding;
pub mod idb;
pub mod invite;
pub mod kiosk;
pub mod leaving;
pub mod marks;
pub mod parent;
pub mod photo;
pub mod pointer;
pub mod profile_source;
pub mod sealed;
pub mod signing;
pub mod tasks;
pub mod vocabulary;
