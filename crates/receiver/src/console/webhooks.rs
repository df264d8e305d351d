//! The webhook endpoints on the medical director's Integrations page
//! ([`crate::service::webhooks`]): registering one (its secret shown once), rotating
//! its secret, deleting one, enabling one that was disabled; its page with the latest
//! deliveries and Send again; and the notice of disabled endpoints the director sees
//! on the console's pages.
//!
//! | request | answer |
//! |---|---|
//! | `POST /console/api/webhooks {url, description, event_types}` | `201 {"id", "secret"}` |
//! | `POST /console/api/webhooks/{id}/rotate` | `200 {"secret"}` |
//! | `POST /console/api/webhooks/{id}/delete` | `204` |
//! | `POST /console/api/webhooks/{id}/enable` | `204` |
//! | `GET /console/webhooks/{id}` | the endpoint's page: its deliveries |
//! | `POST /console/api/webhooks/{id}/deliveries/{event}/replay` | `204` |

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::json;

use super::invitation::done;
use super::member::{Director, SameOrigin, refusal};
use super::pages::{bar, layout};
use crate::AppState;
use crate::domain::webhook::EVENT_TYPES;
use crate::service::blocking;
use crate::service::webhooks::{self, Registration, WebhookError};
use crate::store::queries::webhooks::Endpoint;
use crate::store::staff::Staff;

/// The Integrations page's section on webhook endpoints.
pub(super) fn section(endpoints: &[Endpoint]) -> Markup {
    html! {
        section aria-labelledby="h-webhooks" {
            h2 id="h-webhooks" { "Webhooks" }
            p { "Candor tells the clinic's systems what happens, signed per the Standard Webhooks specification: each delivery carries ids and states, never a patient's answers. A delivery that fails is tried again for three days; an endpoint that fails all that time, or answers 410, is disabled and shown here." }
            form id="webhook-form" novalidate {
                label for="webhook-url" { "Endpoint URL (https)" }
                input id="webhook-url" type="url" inputmode="url" autocomplete="off" placeholder="https://ehr.example.org/hooks/candor";
                label for="webhook-description" { "What it is" }
                input id="webhook-description" type="text" maxlength="80" autocomplete="off" placeholder="EHR sync";
                fieldset {
                    legend { "Events" }
                    @for kind in EVENT_TYPES {
                        label class="choice" { input type="checkbox" name="event_types" value=(kind.as_str()); " " code { (kind.as_str()) } ": " (kind.words()) }
                    }
                }
                button type="submit" { "Register the endpoint" }
            }
            p id="webhook-status" role="status" aria-live="polite" {}
            div id="new-secret" hidden {
                p { "Copy the signing secret now into the system that receives the deliveries: it is shown once." }
                p { code id="new-secret-text" {} }
            }
            table id="webhooks" {
                caption { "Endpoints" }
                thead { tr {
                    th scope="col" { "What it is" }
                    th scope="col" { "URL" }
                    th scope="col" { "Events" }
                    th scope="col" { "State" }
                    th scope="col" { span class="visually-hidden" { "Actions" } }
                } }
                tbody {
                    @if endpoints.is_empty() { tr { td colspan="5" { "No endpoints yet." } } }
                    @for e in endpoints {
                        tr {
                            td { a href={ "/console/webhooks/" (e.id) } { @if e.description.is_empty() { (e.id) } @else { (e.description) } } }
                            td { code { (e.url) } }
                            td { (e.event_types.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ")) }
                            td { @match &e.disabled_reason { Some(why) => { strong { "Disabled" } ": " (why) }, None => "Enabled" } }
                            td class="actions" {
                                @if e.disabled_at.is_some() {
                                    button type="button" data-enable-webhook=(e.id) { "Enable" span class="visually-hidden" { " " (e.url) } }
                                }
                                button type="button" class="secondary" data-rotate-webhook=(e.id) { "Rotate secret" span class="visually-hidden" { " of " (e.url) } }
                                button type="button" class="secondary" data-delete-webhook=(e.id) { "Delete" span class="visually-hidden" { " " (e.url) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The notice of disabled endpoints for the medical director (nothing for anyone
/// else, or when none is disabled).
pub(super) fn disabled_notice(app: &AppState, staff: &Staff) -> Markup {
    let may = crate::domain::roles::allowed(
        staff.role,
        crate::domain::roles::Permission::ManageIntegrations,
    )
    .is_ok();
    let disabled = if may {
        webhooks::disabled(&app.store).unwrap_or_default()
    } else {
        Vec::new()
    };
    html! {
        @if !disabled.is_empty() {
            section id="webhooks-disabled" class="notice" role="alert" aria-labelledby="h-webhooks-disabled" {
                h2 id="h-webhooks-disabled" { "Webhook endpoints disabled" }
                ul {
                    @for e in &disabled {
                        li { code { (e.url) } ": " (e.disabled_reason.as_deref().unwrap_or("kept failing")) ". Nothing is delivered to it until it is enabled again." }
                    }
                }
                p { a href="/console/integrations#h-webhooks" { "See the endpoints on the Integrations page" } }
            }
        }
    }
}

/// What the page sends to register an endpoint.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewEndpoint {
    url: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    event_types: Vec<String>,
}

/// `POST /console/api/webhooks`.
pub async fn register(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Director(session): Director,
    Json(body): Json<NewEndpoint>,
) -> Response {
    let input = Registration {
        url: body.url,
        description: body.description,
        event_types: body.event_types,
    };
    blocking(move || {
        match webhooks::register(
            &app.store,
            &session.staff,
            &input,
            &app.config.webhook_allowances,
        ) {
            Ok(new) => (
                StatusCode::CREATED,
                Json(json!({ "id": new.endpoint.id, "secret": new.secret })),
            )
                .into_response(),
            Err(WebhookError::Service(e)) => refusal(e),
            Err(WebhookError::Url(reason)) => {
                crate::submit::error(StatusCode::BAD_REQUEST, "url", reason)
            }
        }
    })
    .await
}

/// `POST /console/api/webhooks/{id}/rotate`.
pub async fn rotate(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Director(session): Director,
    Path(id): Path<String>,
) -> Response {
    blocking(
        move || match webhooks::rotate(&app.store, &session.staff, &id) {
            Ok(rotated) => Json(json!({ "secret": rotated.secret })).into_response(),
            Err(e) => refusal(e),
        },
    )
    .await
}

/// `POST /console/api/webhooks/{id}/delete`.
pub async fn delete(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Director(session): Director,
    Path(id): Path<String>,
) -> Response {
    blocking(move || done(webhooks::delete(&app.store, &session.staff, &id))).await
}

/// `POST /console/api/webhooks/{id}/enable`.
pub async fn enable(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Director(session): Director,
    Path(id): Path<String>,
) -> Response {
    blocking(move || done(webhooks::enable(&app.store, &session.staff, &id))).await
}

/// `POST /console/api/webhooks/{id}/deliveries/{event}/replay`.
pub async fn replay(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Director(session): Director,
    Path((id, event)): Path<(String, String)>,
) -> Response {
    blocking(move || done(webhooks::replay(&app.store, &session.staff, &id, &event))).await
}

/// `GET /console/webhooks/{id}`: the endpoint and its latest deliveries.
pub async fn page(
    State(app): State<Arc<AppState>>,
    Director(session): Director,
    Path(id): Path<String>,
) -> Response {
    blocking(move || {
        let endpoint = match webhooks::get(&app.store, Some(&session.staff), &id) {
            Ok(e) => e,
            Err(e) => return refusal(e),
        };
        let log = match webhooks::log(&app.store, &session.staff, &id) {
            Ok(log) => log,
            Err(e) => return refusal(e),
        };
        let title = if endpoint.description.is_empty() {
            endpoint.url.clone()
        } else {
            endpoint.description.clone()
        };
        let body = layout(
            "Webhook deliveries",
            html! {
                (bar(&session.staff))
                main id="main" data-page="webhook" {
                    p { a href="/console/integrations" { "← Back to Integrations" } }
                    h1 { "Deliveries to " (title) }
                    p { code { (endpoint.url) } " · " @match &endpoint.disabled_reason { Some(why) => { strong { "Disabled" } ": " (why) }, None => "Enabled" } }
                    p id="webhook-status" role="status" aria-live="polite" {}
                    table id="deliveries" {
                        caption { "The latest " (webhooks::LOG_LENGTH) " deliveries, newest first" }
                        thead { tr {
                            th scope="col" { "Event" }
                            th scope="col" { "Id (webhook-id)" }
                            th scope="col" { "State" }
                            th scope="col" { "Attempts" }
                            th scope="col" { "Last answer" }
                            th scope="col" { "Last tried" }
                            th scope="col" { span class="visually-hidden" { "Actions" } }
                        } }
                        tbody {
                            @if log.is_empty() { tr { td colspan="7" { "Nothing delivered yet." } } }
                            @for d in &log {
                                tr {
                                    td { code { (d.event_type) } }
                                    td { code { (d.event_id) } }
                                    td { (match d.state.as_str() { "delivered" => "Delivered", "pending" => "Waiting to be tried again", _ => "Failed" }) }
                                    td { (d.attempts) }
                                    td { @match (&d.last_status, &d.last_error) { (_, Some(why)) => (why), (Some(status), None) => { "answered " (status) }, (None, None) => "—" } }
                                    td { (d.last_attempt_at.as_deref().map(|at| at.get(..19).unwrap_or(at).replace('T', " ")).unwrap_or_default()) }
                                    td { button type="button" class="secondary" data-replay=(d.event_id) data-endpoint=(endpoint.id) { "Send again" span class="visually-hidden" { " " (d.event_id) } } }
                                }
                            }
                        }
                    }
                }
                script src="/console/integrations.js" defer {}
            },
        );
        Html(body.into_string()).into_response()
    })
    .await
}
