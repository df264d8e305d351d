//! The clinic's console at `/console`: staff sign in with passkeys and review every
//! submission, flagged ones first.
//!
//! Server-rendered (maud templates, which escape every patient and staff text) with
//! one small script for what only a browser can do: the WebAuthn ceremonies, the
//! queue's live refresh and the idle warning. Decision: staff work on clinic PCs and
//! tablets where a page that is whole on arrival, printable and readable by any screen
//! reader serves better than a second wasm application; the widget's bundle budget is
//! untouched, and the console has its own strict policy (`script-src 'self'`).
//!
//! - [`session`]: the cookie, its limits, the Origin check.
//! - [`passkeys`]: registration from a one-time invitation, and sign-in.
//! - [`queue`]: the submissions as each role may see them.
//! - [`pages`]: the HTML.
//! - [`protocol`] and [`approve`]: profile versions, what changed, and the medical
//!   director's approval by passkey.
//! - `patients`: a visit's Patient panel (link, new record, unlink) and a patient's
//!   chart, the visits as a timeline; `patient_record`: what the chart leads with
//!   (what changed since the accepted record) and the endpoint that accepts it.
//! - `incidents`, `incident_api` and `patterns`: incident records, their endpoints,
//!   and the medical director's counts.

pub mod answers;
pub mod approve;
mod booking;
mod check_ins;
pub mod events;
mod incident_api;
mod incidents;
mod integrations;
mod invitation;
pub mod member;
pub mod pages;
pub mod passkeys;
mod patient_record;
mod patients;
mod patterns;
pub mod protocol;
pub mod queue;
pub mod review;
mod scope;
pub mod session;
pub mod submission;
pub mod team;
mod today;
mod treated;
mod webhooks;

use std::net::IpAddr;
use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use candor_core::ClinicProfile;
use serde::{Deserialize, Serialize};
use webauthn_rs::prelude::{DiscoverableAuthentication, PasskeyRegistration, Url};
use webauthn_rs::{Webauthn, WebauthnBuilder};

use crate::AppState;
use crate::store::Store;
use crate::store::queries::ceremonies;

/// How long a WebAuthn ceremony may take, from its options to its answer.
const CEREMONY_MS: i64 = 5 * 60 * 1000;

/// Ceremonies under way at most, from every address together; beyond, `429`.
pub const MAX_CEREMONIES: i64 = 10_000;

/// Refused addresses remembered in memory at most.
const REFUSED_KEPT: usize = 100_000;

/// Ceremonies one address may begin: a burst of this many…
pub const CEREMONIES_PER_ADDRESS: i64 = 20;

/// …then one more every this many milliseconds.
pub const CEREMONY_REFILL_MS: i64 = 3_000;

/// A WebAuthn ceremony under way, kept in the database (never in the browser), so a
/// ceremony begun on one receiver is finished by any other.
#[derive(Serialize, Deserialize)]
enum Ceremony {
    /// Registering the first passkey of an invited member.
    Register {
        token_sha256: String,
        state: PasskeyRegistration,
    },
    /// Signing in with any registered passkey.
    SignIn(DiscoverableAuthentication),
    /// A director approving a profile version: the statement the passkey signs.
    Approve(crate::protocol::approval::Statement),
}

impl Ceremony {
    fn kind(&self) -> &'static str {
        match self {
            Ceremony::Register { .. } => "register",
            Ceremony::SignIn(_) => "sign_in",
            Ceremony::Approve(_) => "approve",
        }
    }
}

/// The console's own state: the relying party, and the clinic profiles it knows.
pub struct Console {
    /// The origin staff use (`https://intake.clinic.example`).
    pub origin: String,
    webauthn: Webauthn,
    /// Addresses the database refused more ceremonies, until when (Unix ms): refused
    /// again here without asking it, since no allowance can refill sooner.
    refused_until: std::sync::Mutex<std::collections::HashMap<IpAddr, i64>>,
    /// The clinic profiles this receiver serves (the demo and `dist/profiles/`), to
    /// show answers with their questions.
    profiles: Vec<ClinicProfile>,
}

impl Console {
    /// The console for staff at `origin` (its host is the passkeys' relying party),
    /// knowing the clinic profiles in `dist/profiles/` besides the demo.
    pub fn new(origin: &str, dist: &std::path::Path) -> Result<Console, String> {
        let url = Url::parse(origin).map_err(|e| format!("--console-origin {origin}: {e}"))?;
        let host = url
            .host_str()
            .ok_or(format!("--console-origin {origin}: no host"))?
            .to_owned();
        let webauthn = WebauthnBuilder::new(&host, &url)
            .and_then(|b| b.rp_name("Candor clinic console").build())
            .map_err(|e| format!("--console-origin {origin}: {e}"))?;
        Ok(Console {
            origin: url.origin().ascii_serialization(),
            webauthn,
            refused_until: std::sync::Mutex::new(std::collections::HashMap::new()),
            profiles: known_profiles(dist),
        })
    }

    /// The profile of clinic `id`, if this receiver knows it.
    pub fn profile(&self, id: &str) -> Option<&ClinicProfile> {
        self.profiles.iter().find(|p| p.id == id)
    }

    /// Keeps a ceremony begun from `address` for five minutes; its id, or the answer
    /// that it may not begin (`429` with `Retry-After` when the address began too many
    /// or too many are under way, `503` without the database).
    fn keep(
        &self,
        store: &Store,
        ceremony: Ceremony,
        address: IpAddr,
        now_ms: i64,
    ) -> Result<String, Box<Response>> {
        let unavailable = || Box::new(session::refused(session::NoSession::Storage));
        if let Some(until) = self.refused_until(address, now_ms) {
            return Err(Box::new(too_many(until - now_ms)));
        }
        let id = session::new_id().map_err(|_| unavailable())?;
        let state = serde_json::to_string(&ceremony).map_err(|_| unavailable())?;
        let (kind, from, kept_id) = (ceremony.kind(), address.to_string(), id.clone());
        let kept = store.write_volatile(move |tx| {
            let allowance = format!("ceremony:{from}");
            if let Some(wait_ms) = ceremonies::take_allowance(
                tx,
                &allowance,
                CEREMONIES_PER_ADDRESS,
                CEREMONY_REFILL_MS,
                now_ms,
            )? {
                return Ok(Err(wait_ms));
            }
            let ceremony = ceremonies::NewCeremony {
                id: &kept_id,
                kind,
                address: &from,
                state: &state,
                expires_unix_ms: now_ms + CEREMONY_MS,
            };
            let kept = ceremonies::keep(tx, &ceremony, now_ms, MAX_CEREMONIES)?;
            Ok(if kept { Ok(()) } else { Err(CEREMONY_MS) })
        });
        match kept {
            Ok(Ok(())) => Ok(id),
            Ok(Err(wait_ms)) => {
                self.refuse(address, now_ms + wait_ms, now_ms);
                Err(Box::new(too_many(wait_ms)))
            }
            Err(_) => Err(unavailable()),
        }
    }

    /// Until when `address` is refused, if it still is.
    fn refused_until(&self, address: IpAddr, now_ms: i64) -> Option<i64> {
        let refused = self.refused_until.lock().unwrap_or_else(|p| p.into_inner());
        refused
            .get(&address)
            .copied()
            .filter(|until| *until > now_ms)
    }

    /// Remembers that `address` is refused until `until` (at most [`REFUSED_KEPT`]
    /// addresses: the expired are forgotten first, then all, which only costs a
    /// database question each).
    fn refuse(&self, address: IpAddr, until: i64, now_ms: i64) {
        let mut refused = self.refused_until.lock().unwrap_or_else(|p| p.into_inner());
        if refused.len() >= REFUSED_KEPT {
            refused.retain(|_, u| *u > now_ms);
            if refused.len() >= REFUSED_KEPT {
                refused.clear();
            }
        }
        refused.insert(address, until);
    }

    /// Takes ceremony `id` (once), if it has not expired.
    fn take(&self, store: &Store, id: &str, now_ms: i64) -> Option<Ceremony> {
        let id = id.to_owned();
        let (_, state) = store
            .write_volatile(move |c| ceremonies::take(c, &id, now_ms))
            .ok()??;
        serde_json::from_str(&state).ok()
    }
}

/// `429` with `Retry-After` (in seconds, rounded up).
fn too_many(wait_ms: i64) -> Response {
    let mut response = crate::submit::error(
        axum::http::StatusCode::TOO_MANY_REQUESTS,
        "too_many_ceremonies",
        "too many sign-in attempts; wait a moment and try again",
    );
    let seconds = (wait_ms + 999) / 1000;
    if let Ok(value) = HeaderValue::from_str(&seconds.max(1).to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// The demo profile and every readable profile in `dist/profiles/`.
fn known_profiles(dist: &std::path::Path) -> Vec<ClinicProfile> {
    let mut profiles = vec![ClinicProfile::demo()];
    let files = std::fs::read_dir(dist.join("profiles"))
        .into_iter()
        .flatten()
        .flatten();
    for file in files {
        let path = file.path();
        if path.extension().is_some_and(|e| e == "json")
            && let Ok(text) = std::fs::read_to_string(&path)
            && let Ok(profile) = ClinicProfile::from_json(&text)
        {
            profiles.push(profile);
        }
    }
    profiles
}

/// The console's routes, with its headers on every answer.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/console", get(pages::home))
        .route("/console/", get(pages::home))
        .route("/console/register", get(pages::register))
        .route("/console/console.js", get(script))
        .route("/console/console.css", get(style))
        .route("/console/integrations.js", get(integrations_script))
        .route("/console/icon.svg", get(icon))
        .route(
            "/console/api/register/options",
            post(passkeys::register_options),
        )
        .route("/console/api/register", post(passkeys::register))
        .route(
            "/console/api/signin/options",
            post(passkeys::sign_in_options),
        )
        .route("/console/api/signin", post(passkeys::sign_in))
        .route("/console/api/signout", post(passkeys::sign_out))
        .route("/console/api/queue", get(queue::api))
        .route("/console/api/events", get(events::stream))
        .route("/console/submission/{id}/{kid}", get(submission::page))
        .route(
            "/console/api/submissions/{id}/{kid}/review",
            post(review::act),
        )
        .route(
            "/console/api/submissions/{id}/{kid}/patient",
            post(patients::act),
        )
        .route("/console/patients/{id}", get(patients::page))
        .route(
            "/console/api/patients/{id}/accept",
            post(patient_record::accept),
        )
        .route("/console/audit.csv", get(review::export))
        .route("/console/staff", get(team::page))
        .route("/console/incidents", get(incidents::list))
        .route("/console/incidents/new", get(incidents::new))
        .route("/console/incidents/patterns", get(patterns::page))
        .route("/console/incidents.csv", get(incident_api::csv))
        .route("/console/incidents/{id}", get(incidents::one))
        .route("/console/incidents/{id}/fhir", get(incident_api::fhir))
        .route("/console/api/incidents", post(incident_api::create))
        .route(
            "/console/api/incidents/{id}",
            axum::routing::put(incident_api::change),
        )
        .route("/console/api/incidents/{id}/step", post(incident_api::step))
        .route("/console/today", get(today::page))
        .route("/console/api/today", get(today::board_api))
        .route("/console/check-ins", get(check_ins::page))
        .route("/console/api/check-ins", get(check_ins::table_api))
        .route("/console/check-ins/{id}", get(check_ins::detail))
        .route("/console/check-ins/{id}/photo", get(check_ins::photo))
        .route("/console/api/appointments", post(booking::create))
        .route(
            "/console/api/appointments/{id}",
            get(booking::one).put(booking::change),
        )
        .route(
            "/console/api/appointments/{id}/treated",
            post(scope::treated),
        )
        .route("/console/api/staff/{id}/licence", post(scope::licence))
        .route("/console/api/scope-exceptions", post(scope::grant))
        .route(
            "/console/api/scope-exceptions/{id}/withdraw",
            post(scope::withdraw),
        )
        .route(
            "/console/api/appointments/{id}/cancel",
            post(booking::cancel_one),
        )
        .route("/console/api/appointments/import", post(today::import))
        .route(
            "/console/api/appointments/{id}/resend",
            post(invitation::resend),
        )
        .route(
            "/console/api/appointments/{id}/revoke",
            post(invitation::revoke),
        )
        .route(
            "/console/api/appointments/{id}/desk-link",
            post(invitation::desk_link),
        )
        .route("/console/integrations", get(integrations::page))
        .route("/console/api/integrations/keys", post(integrations::create))
        .route("/console/api/webhooks", post(webhooks::register))
        .route("/console/api/webhooks/{id}/rotate", post(webhooks::rotate))
        .route("/console/api/webhooks/{id}/delete", post(webhooks::delete))
        .route("/console/api/webhooks/{id}/enable", post(webhooks::enable))
        .route(
            "/console/api/webhooks/{id}/deliveries/{event}/replay",
            post(webhooks::replay),
        )
        .route("/console/webhooks/{id}", get(webhooks::page))
        .route(
            "/console/api/integrations/keys/{id}/revoke",
            post(integrations::revoke),
        )
        .route("/console/api/staff", post(team::invite))
        .route("/console/api/staff/{id}/disable", post(team::disable))
        .route("/console/api/session", post(passkeys::keep_alive))
        .route("/console/protocol", get(protocol::list))
        .route("/console/protocol/{sha256}", get(protocol::version))
        .route(
            "/console/api/protocol/{sha256}/approve/options",
            post(approve::options),
        )
        .route(
            "/console/api/protocol/{sha256}/approve",
            post(approve::finish),
        )
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
        .layer(axum::middleware::map_response(console_headers))
        .with_state(state)
}

/// What every console answer carries: its policy (scripts and styles from this
/// origin only, no framing), and `no-store` (health data, never kept by a cache).
async fn console_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../../console/console.js"),
    )
        .into_response()
}

async fn integrations_script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../../console/integrations.js"),
    )
        .into_response()
}

async fn style() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../../console/console.css"),
    )
        .into_response()
}

async fn icon() -> Response {
    (
        [(header::CONTENT_TYPE, "image/svg+xml")],
        include_str!("../../console/icon.svg"),
    )
        .into_response()
}
