//! `/api/v1/submissions`: the records a clinic's systems may follow (the `submissions`
//! scope: metadata only, in the order stored, from a cursor) and read (the
//! `submission_content` scope: the signed JWS, or the FHIR R4 Bundle made from it;
//! each reading in the audit log). Handlers parse and render; what is done is
//! [`crate::service::api`].

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::body::json;
use super::caller::Key;
use super::problem::{KeyRefusals, Problem};
use crate::AppState;
use crate::domain::record::RecordKey;
use crate::service::{ServiceError, api, blocking};

/// A record, without its content.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Submission {
    /// The submission id (the widget's UUID).
    pub id: String,
    /// The signer's key thumbprint: with `id`, what names the record.
    pub kid: String,
    /// When the receiver received it (RFC 3339, UTC).
    pub received_at: String,
    /// `invite`, `kiosk: <name>` or `web`.
    pub source: String,
    /// The highest finding's severity (`stop`, `review`, `caution`, `info`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub highest_severity: Option<String>,
    /// Where its review stands: `to_review`, `reviewed`, `escalated` or
    /// `decided:<decision>`.
    pub review: String,
    /// `declined` (a treatment's consent) or `questions` (asked to talk first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<String>,
    /// The SHA-256 of the clinic profile version the widget applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_sha256: Option<String>,
    /// The appointment its invitation was made for (`apt-…`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appointment: Option<String>,
}

/// A page of the feed.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SubmissionPage {
    /// The records, in the order stored.
    pub data: Vec<Submission>,
    /// Where to continue from: pass it as `cursor` next time (also when this page was
    /// empty or the last: new records appear after it).
    pub next_cursor: String,
    /// Whether more records wait now.
    pub has_more: bool,
}

/// A record's signed summary.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SignedSummary {
    /// The compact JWS (ES256) as the widget signed it.
    pub jws: String,
}

/// A page's place in the feed.
#[derive(Debug, Deserialize)]
pub struct FeedQuery {
    cursor: Option<String>,
    limit: Option<usize>,
}

fn cursor_of(order: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("s{order}"))
}

fn order_of(cursor: &str) -> Option<i64> {
    String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).ok()?)
        .ok()?
        .strip_prefix('s')?
        .parse()
        .ok()
}

fn record_key(id: &str, kid: &str) -> Result<RecordKey, Problem> {
    RecordKey::new(id, kid).ok_or_else(|| Problem::from(ServiceError::NotFound("submission")))
}

/// Follows the submissions, in the order stored, without their content.
#[utoipa::path(
    get,
    path = "/api/v1/submissions",
    operation_id = "listSubmissions",
    tag = "submissions",
    params(
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the page before (absent: from the first record)"),
        ("limit" = Option<usize>, Query, description = "At most this many (1 to 100, default 50)"),
    ),
    responses(
        (status = 200, description = "A page; records join it 10 seconds after they are received", body = SubmissionPage),
        (status = 400, description = "A cursor that does not read", body = Problem, content_type = "application/problem+json"),
        KeyRefusals,
    ),
    security(("api_key" = []))
)]
pub async fn list(
    State(app): State<Arc<AppState>>,
    Key(caller): Key,
    Query(q): Query<FeedQuery>,
) -> Response {
    let after = match q.cursor.as_deref().map(order_of) {
        None => 0,
        Some(Some(order)) => order,
        Some(None) => {
            return Problem::unknown_cursor().into_response();
        }
    };
    let limit = q.limit.unwrap_or(50);
    blocking(move || {
        json(
            api::submissions_page(&app.store, &caller, after, limit, app.config.feed_settle_ms)
                .map(|(page, next, more)| SubmissionPage {
                    data: page
                        .into_iter()
                        .map(|f| Submission {
                            id: f.key.id,
                            kid: f.key.kid,
                            received_at: f.received_at,
                            source: f.source,
                            highest_severity: f.highest_severity,
                            review: f.review,
                            consent: f.consent,
                            profile_sha256: f.profile_sha256,
                            appointment: f.appointment,
                        })
                        .collect(),
                    next_cursor: cursor_of(next),
                    has_more: more,
                }),
        )
    })
    .await
}

/// A record's signed summary, as the widget signed it (health data).
#[utoipa::path(
    get,
    path = "/api/v1/submissions/{id}/{kid}/jws",
    operation_id = "getSubmissionJws",
    tag = "submissions",
    params(
        ("id" = String, Path, description = "The submission id"),
        ("kid" = String, Path, description = "The signer's key thumbprint"),
    ),
    responses(
        (status = 200, description = "The compact JWS; verify it as the README's integrators' section shows", body = SignedSummary),
        (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"),
        KeyRefusals,
    ),
    security(("api_key" = []))
)]
pub async fn jws(
    State(app): State<Arc<AppState>>,
    Key(caller): Key,
    Path((id, kid)): Path<(String, String)>,
) -> Response {
    let key = match record_key(&id, &kid) {
        Ok(key) => key,
        Err(problem) => return problem.into_response(),
    };
    blocking(move || {
        json(
            api::submission_content(&app.store, &caller, &key, "jws")
                .map(|content| SignedSummary { jws: content.jws }),
        )
    })
    .await
}

/// A record as a FHIR R4 transaction Bundle (health data).
#[utoipa::path(
    get,
    path = "/api/v1/submissions/{id}/{kid}/fhir",
    operation_id = "getSubmissionFhir",
    tag = "submissions",
    params(
        ("id" = String, Path, description = "The submission id"),
        ("kid" = String, Path, description = "The signer's key thumbprint"),
    ),
    responses(
        (status = 200, description = "The Bundle (Patient, QuestionnaireResponse, Consents, the signed summary as a Binary), `application/fhir+json`", body = Object, content_type = "application/fhir+json"),
        (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"),
        KeyRefusals,
    ),
    security(("api_key" = []))
)]
pub async fn fhir(
    State(app): State<Arc<AppState>>,
    Key(caller): Key,
    Path((id, kid)): Path<(String, String)>,
) -> Response {
    let key = match record_key(&id, &kid) {
        Ok(key) => key,
        Err(problem) => return problem.into_response(),
    };
    blocking(move || {
        let content = match api::submission_content(&app.store, &caller, &key, "fhir") {
            Ok(content) => content,
            Err(e) => return Problem::from(e).into_response(),
        };
        let profile = match app.profile() {
            Ok(profile) => profile,
            Err(e) => return Problem::from(e).into_response(),
        };
        let bundle =
            candor_core::fhir::transaction_bundle(&profile, &content.summary, &content.jws);
        (
            [(header::CONTENT_TYPE, "application/fhir+json")],
            serde_json::to_string(&bundle).unwrap_or_default(),
        )
            .into_response()
    })
    .await
}
