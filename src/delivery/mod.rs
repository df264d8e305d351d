//! The delivery path's carrier: the page's [`courier`] takes a signed submission
//! (stored in the outbox, encrypted at rest, before the first attempt), sends it to
//! every target and retries as the core's retry policy decides. It knows nothing of
//! the visit: the last consent decision starts `state::submit`, which builds and
//! signs the summary and hands it over, and `components::status_view` shows the
//! patient where it stands.
//!
//! The network and storage calls themselves are adapters in `crate::browser`
//! (`delivery`, `idb`, `sealed`, `signing`, `parent`).

pub mod courier;
