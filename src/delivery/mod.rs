//! The delivery path, in one place: the last consent decision starts [`submit`]
//! (the core builds the summary, WebCrypto signs it), which hands it to the page's
//! [`courier`] (stored in the outbox, encrypted at rest, before the first attempt;
//! sent to every target; retried as the core's retry policy decides), and
//! [`status_view`] shows the patient where it stands.
//!
//! The network and storage calls themselves are adapters in `crate::browser`
//! (`delivery`, `idb`, `sealed`, `signing`, `parent`).

pub mod courier;
pub(crate) mod status;
pub mod submit;

pub use status::status_view;
