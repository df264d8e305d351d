//! The core's integration tests, in one test binary (one link instead of one per
//! subject; `cargo test -p candor-core --test it SUBJECT` runs one subject, such as
//! `recall` or `risk_rules`). Each module tests one subject through the public API.

mod signer;
mod support;

mod answers;
mod authoring_traps;
mod canonical;
mod check_ins;
mod check_ins_profile;
mod consent_hash;
mod consent_profile;
mod delivery;
mod details;
mod drafts;
mod fhir;
mod fuzz_corpus;
mod jws;
mod language;
mod patient_phrasings;
mod patient_text;
mod products;
mod profile;
mod profile_diff;
mod properties;
mod recall;
mod risk_properties;
mod risk_rules;
mod rule_matrix;
mod schema;
mod signing;
mod skipped_questions;
mod summary;
mod typed_conditions;
mod unreachable_questions;
mod vocabulary;
mod vocabulary_data;
mod vocabulary_file;
mod welcome;
