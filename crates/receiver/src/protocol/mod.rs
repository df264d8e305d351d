//! Protocol governance: which clinic profile patients get, and the medical director's
//! approval of each version.
//!
//! The clinic's profile is a file (`serve --profile FILE`, by default the demo
//! clinic's `dist/profile.json`), read again whenever it changes on disk. Every
//! version the receiver sees is recorded in the store by the SHA-256 of its canonical
//! form ([`candor_core::profile::fingerprint`]) with its lint and protocol-test
//! counts ([`versions`]). A director approves a version in the console with a passkey
//! assertion over that hash ([`approval`]). Patients get:
//!
//! - the file's version, when it is approved;
//! - otherwise the latest approved version, once any version has been approved (a
//!   changed file waits for its approval, and patients keep the approved one);
//! - otherwise the file's version, as a demonstration: the widget then says its checks
//!   are not approved.
//!
//! With it, the `Candor-Approval` header carries the approval of the version served
//! (base64url of its JSON; absent when there is none), which the widget shows and
//! records; `/profile-approval.json` publishes the same document (`{}` when there is
//! none) for integrators. Only approvals that
//! verify count; a submission whose profile hash has no approval (or only one made
//! after it was received) is flagged in the console.

pub mod approval;
mod compress;
pub mod versions;
pub mod vocabulary;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use webauthn_rs::prelude::Passkey;

use crate::AppState;
use crate::store::Store;
use crate::store::protocols::StoredApproval;
use crate::store::staff::Role;
use versions::{FileCache, Version};

/// The profile patients get and what it is checked against.
pub struct Protocols {
    /// The clinic's profile file.
    pub path: PathBuf,
    file: FileCache,
    /// Approved versions served from the store, kept once read (with their
    /// compressed form).
    stored: Mutex<HashMap<String, Arc<Version>>>,
}

/// The version patients get now, with its approval if it has one.
pub struct Served {
    /// The version.
    pub version: Arc<Version>,
    /// Its verified approval.
    pub approval: Option<StoredApproval>,
}

impl Protocols {
    /// Governance of the profile at `path`.
    pub fn new(path: PathBuf) -> Protocols {
        Protocols {
            path,
            file: FileCache::default(),
            stored: Mutex::new(HashMap::new()),
        }
    }

    /// The file's current version, recorded in `store` the first time it is seen.
    pub fn file_version(&self, store: &Store) -> Result<Arc<Version>, String> {
        self.file.current(&self.path, store)
    }

    /// The version patients get (see the module's documentation).
    pub fn served(&self, store: &Store) -> Result<Served, String> {
        let file = self.file_version(store)?;
        let approvals = verified_approvals(store).map_err(|e| e.to_string())?;
        if let Some(approval) = approvals.iter().find(|a| a.profile_sha256 == file.sha256) {
            return Ok(Served {
                version: file,
                approval: Some(approval.clone()),
            });
        }
        // The store lists approvals in the order they were made.
        let Some(latest) = approvals.last() else {
            return Ok(Served {
                version: file,
                approval: None,
            });
        };
        let mut kept = self.stored.lock().unwrap_or_else(|p| p.into_inner());
        let version = match kept.get(&latest.profile_sha256) {
            Some(v) => v.clone(),
            None => {
                let stored = store
                    .profile_versions()
                    .map_err(|e| e.to_string())?
                    .into_iter()
                    .find(|v| v.sha256 == latest.profile_sha256)
                    .ok_or("the approved version is missing from the store")?;
                let version = Arc::new(Version::of(stored.sha256, stored.text));
                kept.insert(version.sha256.clone(), version.clone());
                version
            }
        };
        Ok(Served {
            version,
            approval: Some(latest.clone()),
        })
    }
}

/// Every stored approval that verifies against its director's registered passkey.
pub fn verified_approvals(store: &Store) -> crate::store::Result<Vec<StoredApproval>> {
    Ok(store
        .profile_approvals()?
        .into_iter()
        .filter(|a| check(store, a).is_ok())
        .collect())
}

/// Whether a stored approval verifies: its passkey is a director's, the one who
/// approved, and the assertion signs its statement ([`approval::verify`]).
pub fn check(store: &Store, approval: &StoredApproval) -> Result<(), String> {
    let (staff, json) = store
        .passkey(&approval.credential_id)
        .map_err(|e| e.to_string())?
        .ok_or("the passkey it names is not registered")?;
    if staff.id != approval.staff_id || staff.role != Role::Director {
        return Err("the passkey is not the approving director's".into());
    }
    let passkey: Passkey =
        serde_json::from_str(&json).map_err(|_| "the stored passkey cannot be read")?;
    approval::verify(approval, &passkey).map_err(|e| e.to_string())
}

/// The approval published beside the page, as the widget reads it.
pub fn published(approval: Option<&StoredApproval>) -> serde_json::Value {
    match approval {
        None => serde_json::json!({}),
        Some(a) => serde_json::json!({
            "profile_sha256": a.profile_sha256,
            "approver": a.approver,
            "credential": a.credential,
            "approved_at": a.approved_at,
        }),
    }
}

fn unavailable(why: &str) -> Response {
    eprintln!("candor-receiver: the clinic profile cannot be served: {why}");
    crate::submit::error(
        StatusCode::SERVICE_UNAVAILABLE,
        "profile",
        "the clinic profile cannot be served now; try again shortly",
    )
}

/// Headers both documents carry: public to any page (a sandboxed frame has an
/// opaque origin, so the approval header is exposed to it), revalidated on every
/// visit (a new approval must reach patients).
fn public_json(response: &mut Response, etag: &str) {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(APPROVAL_HEADER),
    );
    if let Ok(tag) = HeaderValue::from_str(&format!("\"{etag}\"")) {
        headers.insert(header::ETAG, tag);
    }
}

/// The header that carries the served version's approval with the profile.
pub const APPROVAL_HEADER: &str = "candor-approval";

fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().trim_matches('"') == etag))
}

/// What patients get now, decided on the blocking pool (it reads the store), or the
/// answer that it cannot be served.
async fn served_now(app: &Arc<AppState>) -> Result<Served, Box<Response>> {
    let app = app.clone();
    match tokio::task::spawn_blocking(move || app.protocols.served(&app.store)).await {
        Ok(Ok(served)) => Ok(served),
        Ok(Err(why)) => Err(Box::new(unavailable(&why))),
        Err(_) => Err(Box::new(unavailable("the task failed"))),
    }
}

/// `GET /profile.json`: the version patients get, brotli-compressed for browsers that
/// accept it (made once per version, at quality 11), else gzip for those that take it.
pub async fn profile(State(app): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let served = match served_now(&app).await {
        Ok(s) => s,
        Err(refusal) => return *refusal,
    };
    let version = served.version;
    // The ETag names the version and its approval: approving the version patients
    // already get must reach the next visit.
    let approval = served.approval.as_ref().map(|a| {
        let document = published(Some(a)).to_string();
        base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            document.as_bytes(),
        )
    });
    let etag = match &approval {
        Some(doc) => format!(
            "{}.{}",
            version.sha256,
            &candor_core::jws::sha256_hex(doc.as_bytes())[..16]
        ),
        None => version.sha256.clone(),
    };
    let with_approval = |response: &mut Response| {
        if let Some(value) = approval
            .as_deref()
            .and_then(|d| HeaderValue::from_str(d).ok())
        {
            response.headers_mut().insert(APPROVAL_HEADER, value);
        }
    };
    if not_modified(&headers, &etag) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        public_json(&mut response, &etag);
        with_approval(&mut response);
        return response;
    }
    let accepts = |coding: &str| {
        headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with(coding)))
    };
    // Brotli where the client takes it, else gzip (216 KB of JSON is 28 KB as brotli,
    // 37 KB as gzip), else the text as it is.
    let compressed = if accepts("br") {
        version.brotli().map(|bytes| (bytes, "br"))
    } else if accepts("gzip") {
        version.gzip().map(|bytes| (bytes, "gzip"))
    } else {
        None
    };
    let mut response = match compressed {
        Some((bytes, coding)) => {
            let mut r = axum::body::Bytes::copy_from_slice(&bytes).into_response();
            r.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
            r
        }
        None => version.text.to_string().into_response(),
    };
    public_json(&mut response, &etag);
    with_approval(&mut response);
    response
}

/// `GET /profile-approval.json`: the approval of the version patients get, or `{}`.
pub async fn approval_document(State(app): State<Arc<AppState>>) -> Response {
    let served = match served_now(&app).await {
        Ok(s) => s,
        Err(refusal) => return *refusal,
    };
    let body = published(served.approval.as_ref()).to_string();
    let tag = candor_core::jws::sha256_hex(body.as_bytes());
    let mut response = body.into_response();
    public_json(&mut response, &tag);
    response
}

/// Whether the profile version a submission ran under was approved when it arrived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Approved (by a verified approval) before the submission was received.
    Approved(StoredApproval),
    /// Approved only after the submission was received.
    ApprovedLater(StoredApproval),
    /// No verified approval of its hash (or the summary names no hash).
    Unapproved,
}

impl Standing {
    /// The standing of a submission received at `received_at` under the profile whose
    /// hash is `profile_sha256`, among verified `approvals`.
    pub fn of(
        approvals: &[StoredApproval],
        profile_sha256: Option<&str>,
        received_at: &str,
    ) -> Standing {
        let Some(hash) = profile_sha256 else {
            return Standing::Unapproved;
        };
        match approvals.iter().find(|a| a.profile_sha256 == hash) {
            Some(a) if a.approved_at.as_str() <= received_at => Standing::Approved(a.clone()),
            Some(a) => Standing::ApprovedLater(a.clone()),
            None => Standing::Unapproved,
        }
    }

    /// Whether the console flags it.
    pub fn flagged(&self) -> bool {
        !matches!(self, Standing::Approved(_))
    }

    /// The standing in words, for the chart.
    pub fn words(&self) -> String {
        match self {
            Standing::Approved(a) => format!(
                "approved by {}, {}, on {}",
                a.approver, a.credential, a.approved_at
            ),
            Standing::ApprovedLater(a) => format!(
                "not approved when received (approved later, by {} on {})",
                a.approver, a.approved_at
            ),
            Standing::Unapproved => {
                "not approved: no medical director approved this profile version".to_owned()
            }
        }
    }
}
