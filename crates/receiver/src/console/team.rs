//! Staff management for the medical director: invite a member (the one-time link is
//! shown once), see everyone and their state, disable a member (their sessions end at
//! once). The first director is invited from the command line (`staff invite`).

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::html;
use serde::Deserialize;
use serde_json::json;

use super::member::{Director, SameOrigin};
use super::pages::{bar, layout};
use super::passkeys::record;
use super::session;
use crate::AppState;
use crate::domain::audit::AuditAction;
use crate::service::blocking;
use crate::store::staff::{Role, Session};
use crate::submit::error;

/// `GET /console/staff`.
pub async fn page(State(app): State<Arc<AppState>>, Director(session): Director) -> Response {
    blocking(move || staff_page(&app, &session)).await
}

fn staff_page(app: &AppState, session: &Session) -> Response {
    let (Ok(members), Ok(head)) = (app.store.staff_list(), app.store.audit_head()) else {
        return session::refused(session::NoSession::Storage);
    };
    let body = layout(
        "Staff",
        html! {
            (bar(&session.staff))
            main id="main" data-page="staff" {
                p { a href="/console" { "← Back to the submissions" } }
                h1 { "Staff" }
                section aria-labelledby="h-invite" {
                    h2 id="h-invite" { "Invite a member" }
                    form id="invite-form" class="filters" {
                        label for="staff-name" { "Name" }
                        input id="staff-name" type="text" maxlength="120" autocomplete="off";
                        label for="staff-role" { "Role" }
                        select id="staff-role" {
                            option value="front_desk" { "Front desk: who submitted and delivery, not the answers" }
                            option value="provider" { "Provider: reads submissions, records reviews" }
                            option value="director" { "Medical director: everything, decisions, staff" }
                        }
                        button type="button" id="invite-staff" { "Make the invitation link" }
                    }
                    p id="staff-status" role="status" aria-live="polite" {}
                    p id="new-link" hidden { code id="new-link-text" {} }
                }
                section aria-labelledby="h-audit" {
                    h2 id="h-audit" { "Audit log" }
                    p { "Every console event is chained to the one before it. Keep a copy of this head away from the receiver (each export ends with it too): "
                        code { "candor-receiver audit verify --head" } " then shows any later change to the log, even one made with the database owner's rights." }
                    p { "Chain head: " code id="chain-head" { (head) } }
                    p { a href="/console/audit.csv" download { "Export the whole audit log (CSV)" } }
                }
                table {
                    caption { "Everyone with access to the console" }
                    thead { tr { th scope="col" { "Name" } th scope="col" { "Role" } th scope="col" { "State" } th scope="col" { span class="visually-hidden" { "Actions" } } } }
                    tbody {
                        @for m in &members {
                            tr {
                                td { (m.name) }
                                td { (m.role.as_str().replace('_', " ")) }
                                td { @if let Some(at) = &m.disabled_at { "Disabled " (at) } @else { "Active" } }
                                td {
                                    @if m.disabled_at.is_none() && m.id != session.staff.id {
                                        button type="button" class="secondary" data-disable=(m.id) aria-label=(format!("Disable {}", m.name)) { "Disable" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    );
    Html(body.into_string()).into_response()
}

/// What a director types to invite a member.
#[derive(Deserialize)]
pub struct NewMember {
    name: String,
    role: String,
}

/// `POST /console/api/staff {name, role}`: a new member and their one-time link.
pub async fn invite(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Director(session): Director,
    Json(body): Json<NewMember>,
) -> Response {
    blocking(move || invite_member(&app, &session, &body)).await
}

fn invite_member(app: &AppState, session: &Session, body: &NewMember) -> Response {
    let Ok(role) = body.role.parse::<Role>() else {
        return error(
            StatusCode::BAD_REQUEST,
            "role",
            "choose front desk, provider or medical director",
        );
    };
    let origin = app.config.console_origin();
    match crate::staff::invite(&app.store, &body.name, role, &origin) {
        Ok(member) => {
            let _ = record(
                app,
                Some(&session.staff),
                AuditAction::StaffInvited,
                Some(json!({ "member": member.staff.id, "name": member.staff.name, "role": role.as_str() }).to_string()),
            );
            Json(json!({ "id": member.staff.id, "name": member.staff.name, "link": member.link }))
                .into_response()
        }
        Err(message) => error(StatusCode::BAD_REQUEST, "name", message),
    }
}

/// `POST /console/api/staff/{id}/disable`: disables a member; their sessions end.
pub async fn disable(
    State(app): State<Arc<AppState>>,
    Path(id): Path<String>,
    _: SameOrigin,
    Director(session): Director,
) -> Response {
    blocking(move || disable_member(&app, &session, &id)).await
}

fn disable_member(app: &AppState, session: &Session, id: &str) -> Response {
    if id == session.staff.id {
        return error(
            StatusCode::BAD_REQUEST,
            "self",
            "another director must disable you",
        );
    }
    match app.store.disable_staff(id, &crate::now_rfc3339()) {
        Ok(true) => {
            let _ = record(
                app,
                Some(&session.staff),
                AuditAction::StaffDisabled,
                Some(json!({ "member": id }).to_string()),
            );
            StatusCode::NO_CONTENT.into_response()
        }
        Ok(false) => error(
            StatusCode::NOT_FOUND,
            "no_member",
            "no active member with that id",
        ),
        Err(_) => session::refused(session::NoSession::Storage),
    }
}
