//! The integration API under `/api/v1/`, for the clinic's own systems (a booking
//! system, an EHR): keys the medical director makes in the console, each scoped
//! (`appointments`, `submissions`, `submission_content`, `webhooks`), sent as
//! `Authorization: Bearer cnd_live_…`; an `Idempotency-Key` on every POST; cursor
//! pagination; errors as RFC 9457 problem details; an allowance per key. The OpenAPI
//! 3.1 document is generated from these handlers and types ([`ApiDoc`]) and served at
//! `/api/v1/openapi.json` (and printed by `candor-receiver openapi`).
//!
//! - [`caller`]: the key, its allowance, a POST's `Idempotency-Key`.
//! - [`problem`]: problem details.
//! - [`appointments`]: the appointments endpoints.
//! - [`submissions`]: the submissions' feed and content.

pub mod appointments;
pub mod body;
pub mod caller;
pub mod problem;
pub mod submissions;
pub mod webhooks;

use std::sync::Arc;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::AppState;

/// The OpenAPI document, generated from the handlers' annotations and the types.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Candor integration API",
        description = "For the clinic's own systems: appointments and their invitations, the submissions, and webhook endpoints. Keys are made by the medical director in the console (Integrations) and sent as `Authorization: Bearer cnd_live_…`. Every POST carries an `Idempotency-Key`. Errors are RFC 9457 problem details.",
        version = "1"
    ),
    paths(
        appointments::create,
        appointments::list,
        appointments::get_one,
        appointments::cancel,
        submissions::list,
        submissions::jws,
        submissions::fhir,
        webhooks::register,
        webhooks::list,
        webhooks::get_one,
        webhooks::rotate,
        webhooks::delete,
    ),
    components(schemas(problem::Problem, problem::FieldError)),
    modifiers(&BearerKeys),
    tags(
        (name = "appointments", description = "Appointments and their invitations (scope `appointments`)"),
        (name = "submissions", description = "The submissions: metadata in the order stored (scope `submissions`), and one record's content (scope `submission_content`)"),
        (name = "webhooks", description = "Endpoints that hear of events, signed per Standard Webhooks (scope `webhooks`)")
    )
)]
pub struct ApiDoc;

/// Adds the API keys' security scheme.
struct BearerKeys;

impl Modify for BearerKeys {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            let mut scheme = Http::new(HttpAuthScheme::Bearer);
            scheme.description = Some(
                "A key the medical director made in the console: cnd_live_<id>_<secret><check>"
                    .to_owned(),
            );
            components.add_security_scheme("api_key", SecurityScheme::Http(scheme));
        }
    }
}

/// The OpenAPI document as pretty JSON.
pub fn openapi_json() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_default()
}

/// The API's routes.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route(
            "/api/v1/openapi.json",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "application/json"),
                        (header::CACHE_CONTROL, "no-cache"),
                    ],
                    openapi_json(),
                )
                    .into_response()
            }),
        )
        .route(
            "/api/v1/appointments",
            post(appointments::create).get(appointments::list),
        )
        .route("/api/v1/appointments/{id}", get(appointments::get_one))
        .route(
            "/api/v1/appointments/{id}/cancel",
            post(appointments::cancel),
        )
        .route("/api/v1/submissions", get(submissions::list))
        .route(
            "/api/v1/webhooks",
            post(webhooks::register).get(webhooks::list),
        )
        .route(
            "/api/v1/webhooks/{id}",
            get(webhooks::get_one).delete(webhooks::delete),
        )
        .route("/api/v1/webhooks/{id}/rotate", post(webhooks::rotate))
        .route("/api/v1/submissions/{id}/{kid}/jws", get(submissions::jws))
        .route(
            "/api/v1/submissions/{id}/{kid}/fhir",
            get(submissions::fhir),
        )
        .with_state(state)
}
