//! Where a clinic's submissions go: one or several delivery targets.

use serde::{Deserialize, Serialize};

/// A place the signed summary is delivered to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum DeliveryTarget {
    /// HTTPS POST of `{"jws", "summary"}` with `Idempotency-Key` (see the reference
    /// receiver). `url` is `https://…`, or a path on the widget's own origin such as
    /// `/api/submissions`.
    Https {
        /// The target's id (the outbox tracks each target by it).
        id: String,
        /// Where to POST.
        url: String,
        /// Where an invited visit's encrypted draft is kept so the patient can finish
        /// on another device (`PUT`, `GET`, `DELETE` with the invite's bearer token;
        /// the reference receiver's is `/api/drafts`). Without it, drafts stay on the
        /// patient's device.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        drafts_url: Option<String>,
    },
    /// A FHIR R4 server: a transaction Bundle POSTed to `base_url`.
    Fhir {
        /// The target's id.
        id: String,
        /// The server's base URL, `https://…`.
        base_url: String,
    },
    /// The embedding page, by postMessage to exactly `origin`: lifecycle events and the
    /// submission id only, never health data.
    ParentPage {
        /// The target's id.
        id: String,
        /// The page's origin, such as `https://www.clinic.example`.
        origin: String,
    },
}

impl DeliveryTarget {
    /// Where this target keeps invited visits' drafts, if it does.
    pub fn drafts_url(&self) -> Option<&str> {
        match self {
            DeliveryTarget::Https { drafts_url, .. } => drafts_url.as_deref(),
            _ => None,
        }
    }

    /// The target's id.
    pub fn id(&self) -> &str {
        match self {
            DeliveryTarget::Https { id, .. }
            | DeliveryTarget::Fhir { id, .. }
            | DeliveryTarget::ParentPage { id, .. } => id,
        }
    }
}

/// Why a URL or origin is not acceptable for delivery, if it is not.
pub fn endpoint_problem(url: &str, allow_path: bool) -> Option<&'static str> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("must not contain spaces or control characters");
    }
    if allow_path && url.starts_with('/') && !url.starts_with("//") {
        return None;
    }
    let Some(rest) = url.strip_prefix("https://").or_else(|| local_http(url)) else {
        return Some(if allow_path {
            "must start with https:// (or be a path on the widget's own origin, such as /api/submissions)"
        } else {
            "must start with https://"
        });
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() {
        return Some("has no host");
    }
    if authority.contains('@') {
        return Some("must not contain a user name or password");
    }
    if url.contains('?') || url.contains('#') {
        return Some("must not have a query or fragment (health data never goes in URLs)");
    }
    None
}

/// Plain HTTP is accepted for the local machine only (development and tests).
fn local_http(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("http://")?;
    let host = rest.split(['/', ':']).next()?;
    matches!(host, "127.0.0.1" | "localhost" | "[::1]").then_some(rest)
}

/// Why `origin` is not an exact web origin (`https://host[:port]`), if it is not.
pub fn origin_problem(origin: &str) -> Option<&'static str> {
    if origin == "*" || origin == "null" {
        return Some("must name one exact origin, never * or null");
    }
    if let Some(problem) = endpoint_problem(origin, false) {
        return Some(problem);
    }
    let after_scheme = origin.split_once("://").map(|(_, r)| r).unwrap_or_default();
    if after_scheme.contains('/') {
        return Some("is an origin: scheme, host and port only, no path");
    }
    None
}
