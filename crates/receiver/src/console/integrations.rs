//! The medical director's Integrations page: the integration API's keys
//! ([`crate::service::api_keys`]) and the webhook endpoints ([`super::webhooks`]). A key is made with a name and its scopes and shown
//! once; the list shows each key's id, scopes, when it was made and last used, and
//! whether it was revoked; Revoke stops it at once.
//!
//! | request | answer |
//! |---|---|
//! | `GET /console/integrations` | the page |
//! | `POST /console/api/integrations/keys {name, scopes}` | `201 {"id", "key"}`, the key shown once |
//! | `POST /console/api/integrations/keys/{id}/revoke` | `204` |

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::html;
use serde::Deserialize;
use serde_json::json;

use super::invitation::done;
use super::member::{Director, SameOrigin, refusal};
use super::pages::{bar, layout};
use crate::AppState;
use crate::domain::api_key::SCOPES;
use crate::service::{api_keys, blocking, webhooks};
use crate::store::staff::Session;

/// `GET /console/integrations`.
pub async fn page(State(app): State<Arc<AppState>>, Director(session): Director) -> Response {
    blocking(move || integrations_page(&app, &session)).await
}

fn integrations_page(app: &AppState, session: &Session) -> Response {
    let keys = match api_keys::list(&app.store, Some(&session.staff)) {
        Ok(keys) => keys,
        Err(e) => return refusal(e),
    };
    let endpoints = match webhooks::list(&app.store, Some(&session.staff)) {
        Ok(endpoints) => endpoints,
        Err(e) => return refusal(e),
    };
    let body = layout(
        "Integrations",
        html! {
            (bar(&session.staff))
            main id="main" data-page="integrations" {
                p { a href="/console" { "← Back to the submissions" } }
                h1 { "Integrations" }
                (super::webhooks::disabled_notice(app, &session.staff))
                p { "The clinic's own systems (a booking system, an EHR) call Candor's API with a key made here. Each key reaches only its scopes; give each system its own, and revoke one that is lost. The API is described at " a href="/api/v1/openapi.json" { "/api/v1/openapi.json" } "." }
                section aria-labelledby="h-new-key" {
                    h2 id="h-new-key" { "Make a key" }
                    form id="key-form" novalidate {
                        label for="key-name" { "What uses it" }
                        input id="key-name" type="text" maxlength="80" autocomplete="off" placeholder="Boulevard sync";
                        fieldset {
                            legend { "Scopes" }
                            @for scope in SCOPES {
                                label class="choice" { input type="checkbox" name="scopes" value=(scope.as_str()); " " (scope.words()) }
                            }
                        }
                        button type="submit" { "Make the key" }
                    }
                    p id="key-status" role="status" aria-live="polite" {}
                    div id="new-key" hidden {
                        p { "Copy it now into the system that uses it: it is shown once, and Candor keeps only its hash." }
                        p { code id="new-key-text" {} }
                    }
                }
                table id="keys" {
                    caption { "Keys" }
                    thead { tr {
                        th scope="col" { "What uses it" }
                        th scope="col" { "Key" }
                        th scope="col" { "Scopes" }
                        th scope="col" { "Made" }
                        th scope="col" { "Last used" }
                        th scope="col" { "State" }
                        th scope="col" { span class="visually-hidden" { "Actions" } }
                    } }
                    tbody {
                        @if keys.is_empty() { tr { td colspan="7" { "No keys yet." } } }
                        @for key in &keys {
                            tr {
                                td { (key.name) }
                                td { code { "cnd_live_" (key.id) "_…" } }
                                td { (key.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")) }
                                td { (key.created_at.get(..16).unwrap_or(&key.created_at).replace('T', " ")) }
                                td { @match &key.last_used_at { Some(at) => (at.get(..16).unwrap_or(at).replace('T', " ")), None => "never" } }
                                td { @match &key.revoked_at { Some(at) => { "revoked " (at.get(..10).unwrap_or(at)) }, None => "in use" } }
                                td {
                                    @if key.revoked_at.is_none() {
                                        button type="button" class="secondary" data-revoke-key=(key.id) { "Revoke" span class="visually-hidden" { " the key for " (key.name) } }
                                    }
                                }
                            }
                        }
                    }
                }
                (super::webhooks::section(&endpoints))
            }
            script src="/console/integrations.js" defer {}
        },
    );
    Html(body.into_string()).into_response()
}

/// What the page sends to make a key.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewKey {
    name: String,
    #[serde(default)]
    scopes: Vec<String>,
}

/// `POST /console/api/integrations/keys`.
pub async fn create(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Director(session): Director,
    Json(body): Json<NewKey>,
) -> Response {
    blocking(move || {
        match api_keys::create(&app.store, Some(&session.staff), &body.name, &body.scopes) {
            Ok(made) => (
                StatusCode::CREATED,
                Json(json!({ "id": made.key.id, "key": made.text })),
            )
                .into_response(),
            Err(e) => refusal(e),
        }
    })
    .await
}

/// `POST /console/api/integrations/keys/{id}/revoke`.
pub async fn revoke(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Director(session): Director,
    Path(id): Path<String>,
) -> Response {
    blocking(move || done(api_keys::revoke(&app.store, Some(&session.staff), &id))).await
}
