//! Staff management for the medical director: invite a member (the one-time link is
//! shown once), see everyone and their state, disable a member (their sessions end at
//! once). The first director is invited from the command line (`staff invite`). And
//! the scope of practice: each member's credential and licence (expiring ones shown
//! first), and the director's exceptions ([`super::scope`] takes what is sent).

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::json;

use super::member::{Director, SameOrigin};
use super::pages::{bar, layout};
use super::passkeys::record;
use super::session;
use crate::AppState;
use crate::domain::audit::AuditAction;
use crate::domain::scope::{Member, credential_words};
use crate::service::blocking;
use crate::service::scope::{self, Overview};
use crate::store::staff::{Role, Session};
use crate::submit::error;

/// `GET /console/staff`.
pub async fn page(State(app): State<Arc<AppState>>, Director(session): Director) -> Response {
    blocking(move || staff_page(&app, &session)).await
}

fn staff_page(app: &AppState, session: &Session) -> Response {
    let (Ok(members), Ok(head), Ok(overview)) = (
        app.store.staff_list(),
        app.store.audit_head(),
        scope::overview(&app.store, Some(&session.staff)),
    ) else {
        return session::refused(session::NoSession::Storage);
    };
    // The exception form offers the clinic's treatments (none when the profile does
    // not read).
    let clinic = app.clinic().ok();
    let body = layout(
        "Staff",
        html! {
            (bar(&session.staff))
            main id="main" data-page="staff" {
                p { a href="/console" { "← Back to the submissions" } }
                h1 { "Staff" }
                (super::pages::expiring_notice(&overview.expiring, false))
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
                    thead { tr { th scope="col" { "Name" } th scope="col" { "Role" } th scope="col" { "State" } th scope="col" { "Credential and licence" } th scope="col" { span class="visually-hidden" { "Actions" } } } }
                    tbody {
                        @for m in &members {
                            tr {
                                td { (m.name) }
                                td { (m.role.as_str().replace('_', " ")) }
                                td { @if let Some(at) = &m.disabled_at { "Disabled " (at) } @else { "Active" } }
                                td { (licence_cell(overview.members.iter().find(|l| l.staff_id == m.id))) }
                                td {
                                    @if m.disabled_at.is_none() {
                                        button type="button" class="secondary" data-licence=(m.id) data-name=(m.name) aria-label=(format!("Licence of {}", m.name)) { "Licence" }
                                        " "
                                    }
                                    @if m.disabled_at.is_none() && m.id != session.staff.id {
                                        button type="button" class="secondary" data-disable=(m.id) aria-label=(format!("Disable {}", m.name)) { "Disable" }
                                    }
                                }
                            }
                        }
                    }
                }
                (scope_section(&overview, clinic.as_ref()))
            }
        },
    );
    Html(body.into_string()).into_response()
}

/// A licence in a cell: credential, number, last day valid.
fn licence_cell(member: Option<&Member>) -> Markup {
    match member.and_then(|m| m.licence.as_ref()) {
        None => html! { "none recorded" },
        Some(l) => html! {
            (credential_words(&l.credential)) ", " (l.number) ", valid through " (l.expires)
            @if !l.booked_as.is_empty() { br; span class="hint" { "Booked as: " (l.booked_as.join("; ")) } }
        },
    }
}

/// The scope of practice: the licence form, the exceptions in force and the form to
/// grant one.
fn scope_section(
    overview: &Overview,
    clinic: Option<&crate::service::appointments::Clinic>,
) -> Markup {
    let name_of = |id: &str| {
        overview
            .members
            .iter()
            .find(|m| m.staff_id == id)
            .map_or_else(|| id.to_owned(), |m| m.name.clone())
    };
    let treatment_of = |id: &str| {
        clinic
            .and_then(|c| {
                c.treatments
                    .iter()
                    .position(|t| t == id)
                    .map(|i| c.names[i].clone())
            })
            .unwrap_or_else(|| id.to_owned())
    };
    html! {
        dialog id="licence-dialog" aria-labelledby="licence-title" {
            h2 id="licence-title" { "Licence" }
            form id="licence-form" novalidate {
                input type="hidden" id="licence-member";
                p id="licence-who" {}
                div class="filters" {
                    label for="licence-credential" { "Credential" }
                    select id="licence-credential" {
                        @for (id, words) in candor_core::profile::CREDENTIALS { option value=(id) { (words) } }
                    }
                    label for="licence-number" { "Licence number" }
                    input id="licence-number" type="text" maxlength="40" autocomplete="off";
                    label for="licence-expires" { "Valid through" }
                    input id="licence-expires" type="date";
                }
                label for="licence-booked-as" { "Booked as in the booking system (one per line)" }
                textarea id="licence-booked-as" rows="3" {}
                p id="licence-status" role="status" aria-live="polite" {}
                button type="submit" { "Save the licence" }
                " "
                button type="button" class="secondary" id="licence-close" { "Close" }
            }
        }
        section aria-labelledby="h-scope" {
            h2 id="h-scope" { "Exceptions to the scope of practice" }
            p { "The protocol states which credentials may perform each treatment. An appointment booked with, or a visit marked treated by, anyone else, or with an expired licence, is refused with the reason, unless an exception below covers that member and treatment on that day. Each exception is in the audit log, and so is every booking it lets through." }
            @if overview.exceptions.is_empty() {
                p { "No exceptions in force." }
            } @else {
                table id="exceptions" {
                    caption { "Exceptions in force" }
                    thead { tr { th scope="col" { "Member" } th scope="col" { "Treatment" } th scope="col" { "Through" } th scope="col" { "Reason" } th scope="col" { span class="visually-hidden" { "Actions" } } } }
                    tbody {
                        @for e in &overview.exceptions {
                            tr {
                                td { (name_of(&e.staff_id)) }
                                td { (treatment_of(&e.treatment)) }
                                td { (e.until) }
                                td { (e.reason) }
                                td { button type="button" class="secondary" data-withdraw=(e.id) { "Withdraw" span class="visually-hidden" { " the exception for " (name_of(&e.staff_id)) } } }
                            }
                        }
                    }
                }
            }
            h3 { "Record an exception" }
            form id="exception-form" novalidate {
                div class="filters" {
                    label for="exception-member" { "Member" }
                    select id="exception-member" {
                        @for m in &overview.members { option value=(m.staff_id) { (m.name) } }
                    }
                    label for="exception-treatment" { "Treatment" }
                    select id="exception-treatment" {
                        @if let Some(c) = clinic {
                            @for (id, name) in c.treatments.iter().zip(&c.names) { option value=(id) { (name) } }
                        }
                    }
                    label for="exception-until" { "Through" }
                    input id="exception-until" type="date";
                }
                label for="exception-reason" { "Reason (no patient's details)" }
                textarea id="exception-reason" rows="2" maxlength="500" {}
                button type="submit" { "Record the exception" }
            }
            p id="exception-status" role="status" aria-live="polite" {}
        }
    }
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
