//! The queue: the latest submissions, those with a stop or review finding first, then
//! newest first, each as its reader's role may see it. A front-desk member sees who
//! submitted and that it was received, never the answers or findings.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use candor_core::risk::Severity;
use candor_core::summary::Summary;
use serde::Serialize;

use super::session;
use crate::AppState;
use crate::store::kiosks::Device;
use crate::store::staff::Role;

/// How many submissions the queue shows.
pub const SHOWN: u32 = 200;

/// One submission in the queue.
#[derive(Clone, Debug, Serialize)]
pub struct Item {
    /// The submission id.
    pub id: String,
    /// When the receiver received it.
    pub received_at: String,
    /// The patient's legal name.
    pub name: String,
    /// Where it came from: `invite`, `kiosk` (with its name) or `web`.
    pub source: String,
    /// The kiosk that sent it was revoked since.
    pub kiosk_revoked: bool,
    /// Its signature verifies now (it did on receipt; this re-checks the stored bytes).
    pub signature_ok: bool,
    /// The treatments chosen (not for the front desk).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub treatments: Option<Vec<String>>,
    /// The highest finding's severity (not for the front desk).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// Where its review stands: `to_review`, `reviewed`, `escalated` (a stop finding
    /// is escalated from the start) or `decided` (not for the front desk).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<String>,
    /// The review state in words (not for the front desk).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_words: Option<String>,
    /// Its profile version had no verified approval when it was received (not for the
    /// front desk).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_unapproved: Option<bool>,
}

/// The queue and its counts.
#[derive(Debug, Serialize)]
pub struct Queue {
    /// The submissions, flagged first, then newest first.
    pub items: Vec<Item>,
    /// How many have a stop finding.
    pub stop: usize,
    /// How many have a review finding (and no stop).
    pub review: usize,
}

fn severity_name(s: Severity) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The queue as `role` may see it.
pub fn queue(app: &AppState, role: Role) -> crate::store::Result<Queue> {
    let mut ranked = Vec::new();
    let events = super::review::events_by_submission(app)?;
    let approvals = crate::protocol::verified_approvals(&app.store)?;
    for stored in app.store.recent_submissions(SHOWN)? {
        let summary = Summary::from_json(stored.payload.as_bytes()).ok();
        let highest = summary
            .as_ref()
            .and_then(|s| s.findings.iter().map(|f| f.severity).max());
        let source = match (
            &stored.kiosk,
            summary.as_ref().and_then(|s| s.invite.as_ref()),
        ) {
            (Some(kiosk), _) => format!("kiosk: {kiosk}"),
            (None, Some(_)) => "invite".to_owned(),
            (None, None) => "web".to_owned(),
        };
        let kiosk_revoked = stored.kiosk.is_some()
            && matches!(app.store.device(&stored.kid), Ok(Some(Device::Revoked(_))));
        let clinical = role >= Role::Provider;
        let review = clinical.then(|| {
            let history = events.get(&stored.id).map(Vec::as_slice).unwrap_or(&[]);
            super::review::state_of(history, highest == Some(Severity::Stop))
        });
        let item = Item {
            id: stored.id.clone(),
            received_at: stored.received_at.clone(),
            name: summary
                .as_ref()
                .map(|s| s.answers.details.legal_name.trim().to_owned())
                .unwrap_or_else(|| "(unreadable summary)".to_owned()),
            source,
            kiosk_revoked,
            signature_ok: crate::verify::verify(&stored.jws).is_ok(),
            treatments: clinical.then(|| {
                summary
                    .as_ref()
                    .map(|s| s.answers.treatments.clone())
                    .unwrap_or_default()
            }),
            severity: clinical.then(|| highest.map(severity_name).unwrap_or_default()),
            review: review.as_ref().map(|r| r.id().to_owned()),
            review_words: review.as_ref().map(super::review::ReviewState::words),
            profile_unapproved: clinical.then(|| {
                crate::protocol::Standing::of(
                    &approvals,
                    summary
                        .as_ref()
                        .and_then(|s| s.clinic.profile_sha256.as_deref()),
                    &stored.received_at,
                )
                .flagged()
            }),
        };
        ranked.push((highest, item));
    }
    // Flagged first (stop, then review), newest first within each (the store's order).
    // The front desk gets the store's order alone: a row's place would tell them what
    // the answers raised.
    let rank = |s: &Option<Severity>| match s {
        Some(Severity::Stop) => 0,
        Some(Severity::Review) => 1,
        _ => 2,
    };
    let show_counts = role >= Role::Provider;
    if show_counts {
        ranked.sort_by_key(|(s, _)| rank(s));
    }
    let stop = ranked.iter().filter(|(s, _)| rank(s) == 0).count();
    let review = ranked.iter().filter(|(s, _)| rank(s) == 1).count();
    Ok(Queue {
        items: ranked.into_iter().map(|(_, item)| item).collect(),
        stop: if show_counts { stop } else { 0 },
        review: if show_counts { review } else { 0 },
    })
}

/// `GET /console/api/queue`: the queue as JSON, for the page's live refresh (which
/// does not count as use: an unattended console still times out).
pub async fn api(State(app): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let session = match session::current_unused(&app, &headers, crate::now_unix_ms()) {
        Ok(s) => s,
        Err(why) => return session::refused(why),
    };
    match queue(&app, session.staff.role) {
        Ok(q) => Json(q).into_response(),
        Err(_) => session::refused(session::NoSession::Storage),
    }
}
