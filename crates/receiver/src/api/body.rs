//! What every POST of the API shares: its body read (16 KB at most) with its
//! `Idempotency-Key`, a body that does not read as a problem that says where, and a
//! service's answer sent as JSON (or its error as a problem).

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::caller::once;
use super::problem::Problem;
use crate::service::api::{Answer, ApiError, Once};

/// The largest body taken.
const MAX_BODY: usize = 16 * 1024;

/// A service's answer, as JSON with its status; its error as a problem.
pub fn answered(result: Result<Answer, ApiError>) -> Response {
    match result {
        Ok(answer) => {
            let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
            (
                status,
                [(header::CONTENT_TYPE, "application/json")],
                answer.body,
            )
                .into_response()
        }
        Err(e) => Problem::from(e).into_response(),
    }
}

/// What a service found, as JSON (`200`); its error as a problem.
pub fn json<T: serde::Serialize>(result: Result<T, ApiError>) -> Response {
    match result {
        Ok(found) => axum::Json(found).into_response(),
        Err(e) => Problem::from(e).into_response(),
    }
}

/// A body that does not read as `T`: where, never what.
/// A body that does not read, said with where.
pub fn unreadable(e: &serde_json::Error) -> Problem {
    let what = match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            "the body is not JSON"
        }
        _ => "the body does not have the members described (see the OpenAPI document)",
    };
    Problem::new(
        StatusCode::BAD_REQUEST,
        "invalid",
        "The request is not as described",
        format!("{what} (line {}, column {})", e.line(), e.column()),
    )
}

async fn body_of(body: Body) -> Result<axum::body::Bytes, Problem> {
    axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            "The body is too large",
            format!("a body may be at most {} KB", MAX_BODY / 1024),
        )
    })
}

/// The request's `Idempotency-Key` (required) and body.
///
/// # Errors
/// No key, or a body too large.
pub async fn posted(request: Request<Body>) -> Result<(Once, axum::body::Bytes), Problem> {
    let (parts, body) = request.into_parts();
    let bytes = body_of(body).await?;
    Ok((once(&parts, &bytes)?, bytes))
}
