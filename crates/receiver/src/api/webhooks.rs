//! `/api/v1/webhooks`: a clinic's system registers, lists, reads, rotates and deletes
//! the endpoints it hears of events at (the `webhooks` scope). Handlers parse and
//! render; what is done is [`crate::service::api_webhooks`].

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::body::{answered, json, posted, unreadable};
use super::caller::Key;
use super::problem::{KeyRefusals, Problem};
use crate::AppState;
use crate::service::webhooks::{Registration, WithSecret};
use crate::service::{api_webhooks, blocking};
use crate::store::queries::webhooks::Endpoint;

/// An endpoint to register.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEndpoint {
    /// Where deliveries are posted: https, on the public internet (an internal
    /// address only if the receiver's operator allowed it). Redirects are not followed.
    #[schema(example = "https://ehr.example.org/hooks/candor")]
    pub url: String,
    /// What the clinic calls it (80 characters at most).
    #[serde(default)]
    #[schema(example = "EHR sync")]
    pub description: String,
    /// The events it hears of: `appointment.booked`, `appointment.cancelled`,
    /// `appointment.opened`, `submission.received`, `review.completed`,
    /// `consent.declined`, `checkin.urgent`.
    #[schema(example = json!(["submission.received", "consent.declined"]))]
    pub event_types: Vec<String>,
}

/// A registered endpoint.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct WebhookEndpoint {
    /// Candor's id (`whe-…`).
    pub id: String,
    /// Where deliveries are posted.
    pub url: String,
    /// What the clinic calls it.
    pub description: String,
    /// The events it hears of.
    pub event_types: Vec<String>,
    /// When it was registered.
    pub created_at: String,
    /// `enabled`, or `disabled` (it kept failing for three days, or answered 410: the
    /// medical director enables it again in the console).
    pub status: String,
    /// Why it was disabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled_reason: Option<String>,
    /// After a rotation, until when the previous secret signs too (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_secret_until: Option<String>,
    /// Its secret (`whsec_…`): only in the answer that registers or rotates it, never
    /// again. Verify every delivery with it (Standard Webhooks).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

impl WebhookEndpoint {
    fn of(e: &Endpoint, secret: Option<String>) -> WebhookEndpoint {
        WebhookEndpoint {
            id: e.id.clone(),
            url: e.url.clone(),
            description: e.description.clone(),
            event_types: e
                .event_types
                .iter()
                .map(|t| t.as_str().to_owned())
                .collect(),
            created_at: e.created_at.clone(),
            status: if e.disabled_at.is_some() {
                "disabled"
            } else {
                "enabled"
            }
            .to_owned(),
            disabled_reason: e.disabled_reason.clone(),
            previous_secret_until: e.previous_until_unix_ms.map(|ms| {
                candor_core::summary::Timestamp {
                    unix_ms: ms,
                    offset_minutes: 0,
                }
                .rfc3339()
            }),
            secret,
        }
    }

    fn with_secret(new: &WithSecret) -> String {
        serde_json::to_string(&WebhookEndpoint::of(
            &new.endpoint,
            Some(new.secret.clone()),
        ))
        .unwrap_or_default()
    }
}

/// The endpoints.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct WebhookEndpointList {
    /// Every endpoint not deleted, oldest first.
    pub data: Vec<WebhookEndpoint>,
}

/// Registers an endpoint; the answer holds its secret, once.
#[utoipa::path(
    post,
    path = "/api/v1/webhooks",
    operation_id = "registerWebhook",
    tag = "webhooks",
    request_body = NewEndpoint,
    params(("Idempotency-Key" = String, Header, description = "A new UUID per request; the same one when it is retried (remembered 24 hours)")),
    responses(
        (status = 201, description = "Registered, with its secret (shown this once)", body = WebhookEndpoint),
        (status = 400, description = "No Idempotency-Key, or a body that is not as described", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The URL is refused (an internal address, not https), a field's problem, or an Idempotency-Key used for another request", body = Problem, content_type = "application/problem+json"),
        KeyRefusals,
    ),
    security(("api_key" = []))
)]
pub async fn register(
    State(app): State<Arc<AppState>>,
    Key(caller): Key,
    request: Request<Body>,
) -> Response {
    let (once, bytes) = match posted(request).await {
        Ok(posted) => posted,
        Err(refused) => return refused.into_response(),
    };
    let new: NewEndpoint = match serde_json::from_slice(&bytes) {
        Ok(new) => new,
        Err(e) => return unreadable(&e).into_response(),
    };
    let input = Registration {
        url: new.url,
        description: new.description,
        event_types: new.event_types,
    };
    blocking(move || {
        let allowances = &app.config.webhook_allowances;
        answered(api_webhooks::register(
            &app.store,
            &caller,
            &once,
            &input,
            allowances,
            WebhookEndpoint::with_secret,
        ))
    })
    .await
}

/// Lists the endpoints (never a secret).
#[utoipa::path(
    get,
    path = "/api/v1/webhooks",
    operation_id = "listWebhooks",
    tag = "webhooks",
    responses(
        (status = 200, description = "The endpoints", body = WebhookEndpointList),
        KeyRefusals,
    ),
    security(("api_key" = []))
)]
pub async fn list(State(app): State<Arc<AppState>>, Key(caller): Key) -> Response {
    blocking(move || {
        json(
            api_webhooks::list(&app.store, &caller).map(|all| WebhookEndpointList {
                data: all.iter().map(|e| WebhookEndpoint::of(e, None)).collect(),
            }),
        )
    })
    .await
}

/// Reads one endpoint (never its secret).
#[utoipa::path(
    get,
    path = "/api/v1/webhooks/{id}",
    operation_id = "getWebhook",
    tag = "webhooks",
    params(("id" = String, Path, description = "The endpoint's id (`whe-…`)")),
    responses(
        (status = 200, description = "The endpoint", body = WebhookEndpoint),
        (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
        KeyRefusals,
    ),
    security(("api_key" = []))
)]
pub async fn get_one(
    State(app): State<Arc<AppState>>,
    Key(caller): Key,
    Path(id): Path<String>,
) -> Response {
    blocking(move || {
        json(api_webhooks::get(&app.store, &caller, &id).map(|e| WebhookEndpoint::of(&e, None)))
    })
    .await
}

/// Gives an endpoint a new secret (in the answer, once); the previous one signs beside
/// it for 24 hours, so deliveries verify with either while the new one is deployed.
#[utoipa::path(
    post,
    path = "/api/v1/webhooks/{id}/rotate",
    operation_id = "rotateWebhookSecret",
    tag = "webhooks",
    params(
        ("id" = String, Path, description = "The endpoint's id (`whe-…`)"),
        ("Idempotency-Key" = String, Header, description = "A new UUID per request; the same one when it is retried"),
    ),
    responses(
        (status = 200, description = "Rotated, with the new secret (shown this once)", body = WebhookEndpoint),
        (status = 400, description = "No Idempotency-Key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An Idempotency-Key used for another request", body = Problem, content_type = "application/problem+json"),
        KeyRefusals,
    ),
    security(("api_key" = []))
)]
pub async fn rotate(
    State(app): State<Arc<AppState>>,
    Key(caller): Key,
    Path(id): Path<String>,
    request: Request<Body>,
) -> Response {
    let (once, _) = match posted(request).await {
        Ok(posted) => posted,
        Err(refused) => return refused.into_response(),
    };
    blocking(move || {
        answered(api_webhooks::rotate(
            &app.store,
            &caller,
            &once,
            &id,
            WebhookEndpoint::with_secret,
        ))
    })
    .await
}

/// Deletes an endpoint: nothing more is delivered to it.
#[utoipa::path(
    delete,
    path = "/api/v1/webhooks/{id}",
    operation_id = "deleteWebhook",
    tag = "webhooks",
    params(("id" = String, Path, description = "The endpoint's id (`whe-…`)")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such endpoint (or deleted before)", body = Problem, content_type = "application/problem+json"),
        KeyRefusals,
    ),
    security(("api_key" = []))
)]
pub async fn delete(
    State(app): State<Arc<AppState>>,
    Key(caller): Key,
    Path(id): Path<String>,
) -> Response {
    blocking(
        move || match api_webhooks::delete(&app.store, &caller, &id) {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(e) => Problem::from(e).into_response(),
        },
    )
    .await
}
