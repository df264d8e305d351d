//! The review workflow's endpoints: a review, an escalation or a decision on one record
//! (`domain::review` says what each role may do; `service::review` records it), and
//! the audit log's CSV export.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::member::{Member, Provider, SameOrigin, refusal};
use crate::AppState;
use crate::domain::record::RecordKey;
use crate::domain::review::Action;
pub use crate::domain::review::{DECISIONS, ReviewState, decision_words};
use crate::service::review::{ExportOf, act as record_action, export_csv};
use crate::service::{ServiceError, blocking};

/// The answer to a path that names no record.
fn no_record() -> Response {
    refusal(ServiceError::NotFound("record"))
}

/// `POST /console/api/submissions/{id}/{kid}/review`: records a review, an
/// escalation or a decision, as the member's role allows.
pub async fn act(
    State(app): State<Arc<AppState>>,
    Path((id, kid)): Path<(String, String)>,
    _: SameOrigin,
    Provider(session): Provider,
    Json(action): Json<Action>,
) -> Response {
    let Some(key) = RecordKey::new(&id, &kid) else {
        return no_record();
    };
    match blocking(move || record_action(&app.store, &session.staff, &key, action)).await {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => refusal(e),
    }
}

/// `?submission=<id>&kid=<kid>`: one record's log (providers); without them, the
/// whole log (the medical director).
#[derive(Deserialize)]
pub struct Export {
    submission: Option<String>,
    kid: Option<String>,
}

/// `GET /console/audit.csv`: the console's audit log as CSV (who, role, when, what).
pub async fn export(
    State(app): State<Arc<AppState>>,
    Query(of): Query<Export>,
    Member(session): Member,
) -> Response {
    let of = match (of.submission, of.kid) {
        (Some(id), Some(kid)) => match RecordKey::new(&id, &kid) {
            Some(key) => ExportOf::Record(key),
            None => return no_record(),
        },
        (None, None) => ExportOf::All,
        _ => {
            return refusal(ServiceError::Invalid(
                "submission",
                "name a record by its submission id and its signer's key, or neither",
            ));
        }
    };
    match blocking(move || export_csv(&app.store, &session.staff, &of)).await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"candor-audit.csv\"",
                ),
            ],
            csv,
        )
            .into_response(),
        Err(e) => refusal(e),
    }
}
