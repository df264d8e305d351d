//! The console's pages, rendered on the server with maud (every text escaped). No
//! health data in any address or page title.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use super::queue::{QueueQuery, page_data};
use super::session;
use crate::AppState;
use crate::domain::roles::{Permission, allowed};
use crate::service::blocking;
use crate::service::queue::Queue;
use crate::store::staff::{Role, Staff};

/// The frame every page shares.
pub(super) fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " · Candor console" }
                link rel="icon" href="/console/icon.svg" type="image/svg+xml";
                link rel="stylesheet" href="/console/console.css";
                script src="/console/console.js" defer {}
            }
            body {
                a class="skip" href="#main" { "Skip to the main content" }
                (body)
            }
        }
    }
}

fn page(markup: Markup) -> Response {
    Html(markup.into_string()).into_response()
}

/// `GET /console`: the queue for a signed-in member, the sign-in page otherwise.
pub async fn home(
    State(app): State<Arc<AppState>>,
    uri: axum::http::Uri,
    Query(query): Query<QueueQuery>,
    headers: HeaderMap,
) -> Response {
    let timed_out = uri.query() == Some("timed-out");
    let (found, app_for_session) = (Arc::clone(&app), headers);
    let session =
        blocking(move || session::current(&found, &app_for_session, crate::now_unix_ms())).await;
    match session {
        Ok(session) => match page_data(app.clone(), session.staff.role, query.clone()).await {
            Ok(q) => {
                let staff = session.staff.clone();
                let notice = blocking(move || super::webhooks::disabled_notice(&app, &staff)).await;
                page(queue_page(&session.staff, &q, &query, &notice))
            }
            Err(
                crate::service::ServiceError::Invalid(..)
                | crate::service::ServiceError::Forbidden(_),
            ) => page(queue_page(
                &session.staff,
                &Queue::default(),
                &QueueQuery::default(),
                &html! {},
            )),
            Err(_) => page(problem_page()),
        },
        Err(why) => page(sign_in_page(
            timed_out || why == session::NoSession::Expired,
        )),
    }
}

/// `GET /console/register`: registering a passkey from an invitation link (its token
/// is in the address's fragment, which the script reads and removes).
pub async fn register() -> Response {
    page(layout(
        "Create your passkey",
        html! {
            main id="main" class="narrow" data-page="register" {
                h1 { "Create your passkey" }
                p { "A passkey lets you sign in to the clinic's console with this device's screen lock or a security key: no password to remember or steal." }
                p { "Your invitation link works once, for 24 hours." }
                button type="button" id="create-passkey" { "Create my passkey" }
                p id="status" role="status" aria-live="polite" {}
            }
        },
    ))
}

fn sign_in_page(expired: bool) -> Markup {
    layout(
        "Sign in",
        html! {
            main id="main" class="narrow" data-page="sign-in" {
                h1 { "Clinic console" }
                @if expired {
                    p class="notice" { "Your session ended after 15 minutes without use (or 8 hours in all). Sign in again." }
                }
                p { "Sign in with the passkey you created from your invitation." }
                button type="button" id="sign-in" { "Sign in with a passkey" }
                p id="status" role="status" aria-live="polite" {}
            }
        },
    )
}

fn problem_page() -> Markup {
    layout(
        "Unavailable",
        html! {
            main id="main" class="narrow" {
                h1 { "The console cannot reach its database" }
                p { "Nothing was lost. Try again in a moment; if it goes on, tell whoever runs the receiver." }
            }
        },
    )
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::FrontDesk => "Front desk",
        Role::Provider => "Provider",
        Role::Director => "Medical director",
    }
}

/// A provider's or the director's session, for a page: without a session, the sign-in
/// page; for the front desk, a page that says what is for providers, with 403. The
/// one place a page's role is checked (`domain::roles` says which role reads charts).
pub struct ProviderPage(pub crate::store::staff::Session);

impl axum::extract::FromRequestParts<Arc<AppState>> for ProviderPage {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        app: &Arc<AppState>,
    ) -> Result<Self, Response> {
        let (found, headers) = (Arc::clone(app), parts.headers.clone());
        let Ok(session) =
            blocking(move || session::current(&found, &headers, crate::now_unix_ms())).await
        else {
            return Err(axum::response::Redirect::to("/console").into_response());
        };
        if allowed(session.staff.role, Permission::ReadCharts).is_ok() {
            return Ok(ProviderPage(session));
        }
        let (heading, why) = if parts.uri.path().starts_with("/console/protocol") {
            ("The protocol is for providers", None)
        } else if parts.uri.path().starts_with("/console/incidents") {
            (
                "Incidents are for providers",
                Some("Incident records are kept by providers and the medical director."),
            )
        } else {
            (
                "Answers are for providers",
                Some(
                    "The front desk sees who has sent their forms and whether they arrived, not what patients answered.",
                ),
            )
        };
        let body = layout(
            "Not for this role",
            html! {
                (bar(&session.staff))
                main id="main" class="narrow" {
                    h1 { (heading) }
                    @if let Some(why) = why { p { (why) } }
                    p { a href="/console" { "Back to the submissions" } }
                }
            },
        );
        Err((axum::http::StatusCode::FORBIDDEN, Html(body.into_string())).into_response())
    }
}

/// The bar at the top of every signed-in page: who, their role, signing out.
pub(super) fn bar(staff: &Staff) -> Markup {
    html! {
        header class="bar" {
            p { span id="who" { (staff.name) } " · " span id="role" { (role_name(staff.role)) } }
            nav aria-label="Session" {
                @if allowed(staff.role, Permission::ManageAppointments).is_ok() { a href="/console/today" { "Appointments" } " " }
                @if allowed(staff.role, Permission::ReadCharts).is_ok() { a href="/console/check-ins" { "Check-ins" } " " }
                @if allowed(staff.role, Permission::ReadProtocol).is_ok() { a href="/console/protocol" { "Protocol" } " " }
                @if allowed(staff.role, Permission::RecordIncidents).is_ok() { a href="/console/incidents" { "Incidents" } " " }
                @if allowed(staff.role, Permission::ManageStaff).is_ok() { a href="/console/staff" { "Staff" } " " }
                @if allowed(staff.role, Permission::ManageIntegrations).is_ok() { a href="/console/integrations" { "Integrations" } " " }
                button type="button" id="sign-out" { "Sign out" }
                button type="button" id="sign-out-everywhere" { "Sign out everywhere" }
            }
        }
        dialog id="idle-warning" aria-labelledby="idle-title" {
            h2 id="idle-title" { "Still there?" }
            p { "For patients' privacy you will be signed out in 2 minutes without use." }
            button type="button" id="stay" { "Stay signed in" }
        }
    }
}

fn queue_page(staff: &Staff, q: &Queue, query: &QueueQuery, notice: &Markup) -> Markup {
    layout(
        "Queue",
        html! {
            (bar(staff))
            main id="main" data-page="queue" data-role=(staff.role.as_str()) {
                (notice)
                (super::queue::section(staff.role, q, query))
            }
        },
    )
}

/// The licences expired or expiring within 30 days, for the director (nothing when
/// none); `link` adds the way to the Staff page.
pub(super) fn expiring_notice(expiring: &[crate::service::scope::Expiring], link: bool) -> Markup {
    html! {
        @if !expiring.is_empty() {
            section id="expiring" class="notice" aria-labelledby="h-expiring" {
                h2 id="h-expiring" { "Licences to renew" }
                ul {
                    @for e in expiring {
                        li {
                            (e.name) " (" (e.credential) "): "
                            @if e.days < 0 { "expired on " (e.expires) }
                            @else if e.days == 0 { "expires today" }
                            @else { "expires on " (e.expires) ", in " (e.days) @if e.days == 1 { " day" } @else { " days" } }
                        }
                    }
                }
                @if link { p { a href="/console/staff" { "Record a renewed licence on the Staff page" } } }
            }
        }
    }
}
