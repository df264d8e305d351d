//! The review workflow. A provider marks a submission reviewed (with an optional
//! note) or escalates it to the medical director; a submission with a stop finding is
//! escalated from the start. The director records a decision with a reason. Every
//! action is appended to the console's audit log, which nobody can edit: a
//! submission's review state is read from that log, never stored beside it.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::passkeys::record;
use super::session;
use crate::AppState;
use crate::store::staff::{ConsoleEvent, Role};
use crate::submit::error;

/// The director's decisions, as stored and as shown.
pub const DECISIONS: [(&str, &str); 4] = [
    ("proceed", "Proceed"),
    ("proceed_with_changes", "Proceed with changes"),
    ("do_not_treat", "Do not treat"),
    ("physician_consult", "Needs a physician consult"),
];

/// Where a submission's review stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReviewState {
    /// Nobody has reviewed it yet.
    ToReview,
    /// A provider reviewed it.
    Reviewed,
    /// Waiting for the medical director (escalated, or a stop finding).
    Escalated,
    /// The medical director decided (the decision's id).
    Decided(String),
}

impl ReviewState {
    /// The state's id (`to_review`, `reviewed`, `escalated`, `decided`).
    pub fn id(&self) -> &'static str {
        match self {
            ReviewState::ToReview => "to_review",
            ReviewState::Reviewed => "reviewed",
            ReviewState::Escalated => "escalated",
            ReviewState::Decided(_) => "decided",
        }
    }

    /// The state in words.
    pub fn words(&self) -> String {
        match self {
            ReviewState::ToReview => "To review".into(),
            ReviewState::Reviewed => "Reviewed".into(),
            ReviewState::Escalated => "Escalated to the medical director".into(),
            ReviewState::Decided(d) => format!("Decided: {}", decision_words(d)),
        }
    }
}

/// A decision's words.
pub fn decision_words(id: &str) -> &str {
    DECISIONS
        .iter()
        .find(|(d, _)| *d == id)
        .map_or(id, |(_, words)| words)
}

/// The state of a submission given its console events (oldest first) and whether it
/// has a stop finding.
pub fn state_of(events: &[ConsoleEvent], stop: bool) -> ReviewState {
    let mut state = if stop {
        ReviewState::Escalated
    } else {
        ReviewState::ToReview
    };
    for event in events {
        state = match (event.action.as_str(), &state) {
            ("decided", _) => ReviewState::Decided(
                event
                    .detail
                    .as_deref()
                    .and_then(|d| serde_json::from_str::<serde_json::Value>(d).ok())
                    .and_then(|v| v["decision"].as_str().map(str::to_owned))
                    .unwrap_or_default(),
            ),
            ("escalated", ReviewState::ToReview | ReviewState::Reviewed) => ReviewState::Escalated,
            ("reviewed", ReviewState::ToReview) => ReviewState::Reviewed,
            _ => state,
        };
    }
    state
}

/// Every submission's console events, by submission id.
pub fn events_by_submission(
    app: &AppState,
) -> crate::store::Result<HashMap<String, Vec<ConsoleEvent>>> {
    let mut all: HashMap<String, Vec<ConsoleEvent>> = HashMap::new();
    for event in app.store.console_events(None)? {
        if let Some(id) = event.submission_id.clone() {
            all.entry(id).or_default().push(event);
        }
    }
    Ok(all)
}

/// What a member asks to record.
#[derive(Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// A provider's (or director's) review, with an optional note.
    Reviewed {
        /// What the reviewer wants on the record.
        #[serde(default)]
        note: String,
    },
    /// Sent to the medical director, with an optional note.
    Escalated {
        /// Why it goes to the director.
        #[serde(default)]
        note: String,
    },
    /// The director's decision and its reason.
    Decided {
        /// `proceed`, `proceed_with_changes` or `do_not_treat`.
        decision: String,
        /// Why, for the record.
        reason: String,
    },
}

/// The longest note or reason kept.
const MAX_NOTE: usize = 2_000;

/// `POST /console/api/submissions/{id}/review`: records a review, an escalation or a
/// decision, as the member's role allows.
pub async fn act(
    State(app): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(action): Json<Action>,
) -> Response {
    let Some(console) = app.console.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !session::same_origin(&headers, &console.origin) {
        return session::foreign_origin();
    }
    let session = match session::current(&app, &headers, crate::now_unix_ms()) {
        Ok(s) => s,
        Err(why) => return session::refused(why),
    };
    let staff = &session.staff;
    match app.store.submission(&id) {
        Ok(Some(_)) => {}
        Ok(None) => return error(StatusCode::NOT_FOUND, "no_submission", "no such submission"),
        Err(_) => return session::refused(session::NoSession::Storage),
    }
    let too_long = |text: &str| text.chars().count() > MAX_NOTE;
    let (kind, detail) = match action {
        Action::Reviewed { note } | Action::Escalated { note } if too_long(&note) => {
            return error(
                StatusCode::BAD_REQUEST,
                "note",
                "a note is at most 2,000 characters",
            );
        }
        Action::Reviewed { note } => {
            if staff.role < Role::Provider {
                return session::forbidden(Role::Provider);
            }
            ("reviewed", json!({ "note": note.trim() }))
        }
        Action::Escalated { note } => {
            if staff.role < Role::Provider {
                return session::forbidden(Role::Provider);
            }
            ("escalated", json!({ "note": note.trim() }))
        }
        Action::Decided { decision, reason } => {
            if staff.role < Role::Director {
                return session::forbidden(Role::Director);
            }
            if !DECISIONS.iter().any(|(d, _)| *d == decision) {
                return error(
                    StatusCode::BAD_REQUEST,
                    "decision",
                    "choose one of the four decisions",
                );
            }
            if reason.trim().is_empty() || too_long(&reason) {
                return error(
                    StatusCode::BAD_REQUEST,
                    "reason",
                    "give the reason for the decision (at most 2,000 characters)",
                );
            }
            (
                "decided",
                json!({ "decision": decision, "reason": reason.trim() }),
            )
        }
    };
    if record(&app, Some(staff), kind, Some(&id), Some(detail.to_string())) {
        StatusCode::NO_CONTENT.into_response()
    } else {
        session::refused(session::NoSession::Storage)
    }
}

/// `?submission=<id>`: one submission's log (providers); without it, the whole log
/// (the medical director).
#[derive(Deserialize)]
pub struct ExportOf {
    submission: Option<String>,
}

/// A CSV field, quoted, with formula characters neutralised for spreadsheets.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// `GET /console/audit.csv`: the console's audit log as CSV (who, role, when, what).
pub async fn export(
    State(app): State<Arc<AppState>>,
    axum::extract::Query(of): axum::extract::Query<ExportOf>,
    headers: HeaderMap,
) -> Response {
    let session = match session::current(&app, &headers, crate::now_unix_ms()) {
        Ok(s) => s,
        Err(why) => return session::refused(why),
    };
    let needs = if of.submission.is_some() {
        Role::Provider
    } else {
        Role::Director
    };
    if session.staff.role < needs {
        return session::forbidden(needs);
    }
    let Ok(events) = app.store.console_events(of.submission.as_deref()) else {
        return session::refused(session::NoSession::Storage);
    };
    let names: HashMap<String, String> = app
        .store
        .staff_list()
        .unwrap_or_default()
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let mut csv = String::from("at,staff,role,action,submission,detail\r\n");
    for e in &events {
        let who = e
            .staff_id
            .as_ref()
            .and_then(|id| names.get(id))
            .map_or("", String::as_str);
        let fields = [
            e.at.as_str(),
            who,
            e.role.as_deref().unwrap_or(""),
            e.action.as_str(),
            e.submission_id.as_deref().unwrap_or(""),
            e.detail.as_deref().unwrap_or(""),
        ];
        csv.push_str(&fields.map(csv_field).join(","));
        csv.push_str("\r\n");
    }
    let _ = record(
        &app,
        Some(&session.staff),
        "audit_exported",
        of.submission.as_deref(),
        None,
    );
    (
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"candor-audit.csv\"",
            ),
        ],
        csv,
    )
        .into_response()
}
