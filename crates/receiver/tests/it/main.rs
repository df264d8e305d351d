//! The receiver's integration tests, in one test binary (one link instead of one per
//! subject; `cargo test -p candor-receiver --test it SUBJECT` runs one, such as
//! `crash`). Every subject runs on SQLite, or on PostgreSQL when
//! `CANDOR_TEST_POSTGRES` names a server (see `database`).

mod api_client;
mod common;
mod console_http;
mod database;
mod passkey;
mod process;
#[path = "../../../core/tests/it/signer.rs"]
mod signer;
mod sink;
mod wire;

mod abuse;
mod api;
mod appointments;
mod at_rest;
mod audit_chain;
mod booking;
mod check_ins;
mod console;
mod console_logs;
mod crash;
mod drafts;
mod first_page;
mod incidents;
mod integration_api;
mod invitations;
mod keys;
mod kiosks;
mod patient_record;
mod patients;
mod protocol;
mod records;
mod reminders;
mod scope;
mod serving;
mod shared;
mod site;
mod staff;
mod two_receivers;
mod webhooks;
