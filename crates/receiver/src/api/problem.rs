//! The integration API's errors as RFC 9457 problem details
//! (`application/problem+json`): a `type` naming the kind of problem, a `title`, the
//! `status`, a `detail` in words, and for a request's own problems `errors`, each with
//! a JSON pointer into the request body. No detail ever repeats a value sent.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::appointment::Problem as FieldProblem;
use crate::service::ServiceError;
use crate::service::api::ApiError;
use crate::service::api_keys::Refused;

/// Where the kinds of problem are named (documented in the README).
const TYPES: &str = "https://candor.invalid/problems/";

/// A problem, as RFC 9457 describes it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Problem {
    /// The kind of problem: `https://candor.invalid/problems/<kind>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The kind in a few words.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong here, in words (never a value sent).
    pub detail: String,
    /// The request's problems, each at its place in the body.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// The refusals every endpoint may answer with, for the OpenAPI document.
#[derive(utoipa::IntoResponses)]
pub enum KeyRefusals {
    /// No valid key: none, one that does not read, an unknown or a revoked one
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthenticated(Problem),
    /// The key lacks the scope this needs (named in `detail`)
    #[response(status = 403, content_type = "application/problem+json")]
    OutOfScope(Problem),
    /// Over the key's allowance: wait as `Retry-After` says
    #[response(status = 429, content_type = "application/problem+json")]
    RateLimited(Problem),
}

/// One problem of the request body.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct FieldError {
    /// A JSON pointer to the member (`/patient/email`).
    pub pointer: String,
    /// What is expected there.
    pub detail: String,
}

impl Problem {
    /// A problem of kind `kind`.
    pub fn new(status: StatusCode, kind: &str, title: &str, detail: impl Into<String>) -> Problem {
        Problem {
            kind: format!("{TYPES}{kind}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    /// A cursor this API did not give.
    pub fn unknown_cursor() -> Problem {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "invalid",
            "The request is not as described",
            "the cursor is not one this API gave",
        )
    }

    /// With the request's problems.
    pub fn with(mut self, errors: Vec<FieldError>) -> Problem {
        self.errors = errors;
        self
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response =
            (status, serde_json::to_string(&self).unwrap_or_default()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// Where a field of an appointment is in the API's body.
fn pointer(field: &str) -> String {
    match field {
        "name" | "email" | "mobile" => format!("/patient/{field}"),
        other => format!("/{other}"),
    }
}

impl From<Refused> for Problem {
    fn from(refused: Refused) -> Problem {
        match refused {
            Refused::Unauthenticated => Problem::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "No valid API key",
                "send a key the medical director made in the console, as Authorization: Bearer cnd_live_…; a revoked key is refused",
            ),
            Refused::OutOfScope(scope) => Problem::new(
                StatusCode::FORBIDDEN,
                "out-of-scope",
                "The key lacks a scope",
                format!("this needs a key with the `{scope}` scope"),
            ),
            Refused::Storage => storage(),
        }
    }
}

fn storage() -> Problem {
    Problem::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        "The database did not answer",
        "try again shortly",
    )
}

impl From<ServiceError> for Problem {
    fn from(e: ServiceError) -> Problem {
        match e {
            ServiceError::NotFound(what) => Problem::new(
                StatusCode::NOT_FOUND,
                "not-found",
                "Not found",
                format!("no such {what}"),
            ),
            ServiceError::Forbidden(_) => Problem::new(
                StatusCode::FORBIDDEN,
                "out-of-scope",
                "Not allowed",
                "this key may not do that",
            ),
            ServiceError::Invalid(field, message) => Problem::new(
                StatusCode::BAD_REQUEST,
                "invalid",
                "The request is not as described",
                message,
            )
            .with(vec![FieldError {
                pointer: pointer(field),
                detail: message.to_owned(),
            }]),
            ServiceError::Storage => storage(),
        }
    }
}

/// The problems of an appointment, by field.
pub fn fields(problems: &[FieldProblem]) -> Problem {
    Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-appointment",
        "The appointment has problems",
        "nothing was kept: correct each field listed in errors",
    )
    .with(
        problems
            .iter()
            .map(|p| FieldError {
                pointer: pointer(p.field),
                detail: p.message.to_owned(),
            })
            .collect(),
    )
}

impl From<ApiError> for Problem {
    fn from(e: ApiError) -> Problem {
        match e {
            ApiError::Refused(r) => r.into(),
            ApiError::Service(s) => s.into(),
            ApiError::Fields(problems) => fields(&problems),
            ApiError::Scope(reasons) => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "scope-of-practice",
                "The provider is outside the protocol's scope of practice",
                "nothing was kept: book the treatment with someone the protocol lists, or ask the medical director for an exception",
            )
            .with(
                reasons
                    .into_iter()
                    .map(|detail| FieldError {
                        pointer: "/provider".into(),
                        detail,
                    })
                    .collect(),
            ),
            ApiError::Url(reason) => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "webhook-url-refused",
                "The endpoint's URL is refused",
                "nothing was kept: give an https URL on the public internet (an internal address only if the operator allowed it)",
            )
            .with(vec![FieldError {
                pointer: "/url".into(),
                detail: reason,
            }]),
            ApiError::KeyReused => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency-key-reused",
                "The Idempotency-Key was used for another request",
                "a key names one request: send a new key for a new request",
            ),
        }
    }
}
