//! The console's pages, rendered on the server with maud (every text escaped). No
//! health data in any address or page title.

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use super::queue::{Item, Queue, queue};
use super::session;
use crate::AppState;
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
    headers: HeaderMap,
) -> Response {
    let timed_out = uri.query() == Some("timed-out");
    match session::current(&app, &headers, crate::now_unix_ms()) {
        Ok(session) => match queue(&app, session.staff.role) {
            Ok(q) => page(queue_page(&session.staff, &q)),
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

/// A provider's or director's session for a page; otherwise the sign-in page (no
/// session) or, for the front desk, a page that says `heading` (and `why`) with 403.
pub(super) fn provider_session(
    app: &AppState,
    headers: &HeaderMap,
    heading: &str,
    why: Option<&str>,
) -> Result<crate::store::staff::Session, Box<Response>> {
    let Ok(session) = session::current(app, headers, crate::now_unix_ms()) else {
        return Err(Box::new(
            axum::response::Redirect::to("/console").into_response(),
        ));
    };
    if session.staff.role >= Role::Provider {
        return Ok(session);
    }
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
    Err(Box::new(
        (axum::http::StatusCode::FORBIDDEN, Html(body.into_string())).into_response(),
    ))
}

/// The bar at the top of every signed-in page: who, their role, signing out.
pub(super) fn bar(staff: &Staff) -> Markup {
    html! {
        header class="bar" {
            p { span id="who" { (staff.name) } " · " span id="role" { (role_name(staff.role)) } }
            nav aria-label="Session" {
                @if staff.role >= Role::Provider { a href="/console/protocol" { "Protocol" } " " }
                @if staff.role == Role::Director { a href="/console/staff" { "Staff" } " " }
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

fn queue_page(staff: &Staff, q: &Queue) -> Markup {
    let clinical = staff.role >= Role::Provider;
    let mut treatments: Vec<&String> = q
        .items
        .iter()
        .flat_map(|i| i.treatments.iter().flatten())
        .collect();
    treatments.sort();
    treatments.dedup();
    layout(
        "Queue",
        html! {
            (bar(staff))
            main id="main" data-page="queue" data-role=(staff.role.as_str()) {
                h1 { "Submissions" }
                @if clinical {
                    p id="counts" { (counts_text(q)) }
                    form id="filters" class="filters" aria-label="Filter the queue" {
                        label for="filter-treatment" { "Treatment" }
                        select id="filter-treatment" {
                            option value="" { "All" }
                            @for t in &treatments { option value=(t) { (t) } }
                        }
                        label for="filter-severity" { "Highest finding" }
                        select id="filter-severity" {
                            option value="" { "All" }
                            option value="stop" { "Stop" }
                            option value="review" { "Review" }
                            option value="caution" { "Caution" }
                            option value="info" { "Info" }
                            option value="none" { "None" }
                        }
                        label for="filter-review" { "Review" }
                        select id="filter-review" {
                            option value="" { "All" }
                            option value="escalated" { "Escalated to the medical director" }
                            option value="to_review" { "To review" }
                            option value="reviewed" { "Reviewed" }
                            option value="decided" { "Decided by the medical director" }
                        }
                    }
                } @else {
                    p { "Who has sent their forms, and whether the clinic received them. The answers are for providers." }
                }
                p id="queue-status" role="status" aria-live="polite" {}
                table id="queue" {
                    caption { (if clinical { "Latest submissions, flagged first, then newest first" } else { "Latest submissions, newest first" }) }
                    thead { tr {
                        th scope="col" { "Received" }
                        th scope="col" { "Patient" }
                        th scope="col" { "From" }
                        @if clinical {
                            th scope="col" { "Treatments" }
                            th scope="col" { "Highest finding" }
                            th scope="col" { "Review" }
                        }
                        th scope="col" { "Signature" }
                    } }
                    tbody {
                        @for item in &q.items { (row(item, clinical)) }
                    }
                }
                @if q.items.is_empty() { p id="empty" { "No submissions yet." } }
            }
        },
    )
}

/// "2 with a stop finding, 1 to review": the counts line.
pub fn counts_text(q: &Queue) -> String {
    format!(
        "{} with a stop finding (escalated to the medical director), {} with a review finding, {} in all",
        q.stop,
        q.review,
        q.items.len()
    )
}

fn row(item: &Item, clinical: bool) -> Markup {
    let severity = item.severity.clone().unwrap_or_default();
    html! {
        tr data-id=(item.id)
           data-severity=(if severity.is_empty() { "none" } else { severity.as_str() })
           data-review=(item.review.clone().unwrap_or_default())
           data-treatments=(item.treatments.clone().unwrap_or_default().join(" ")) {
            td { time datetime=(item.received_at) { (item.received_at) } }
            td {
                @if clinical { a href=(format!("/console/submission/{}", item.id)) { (item.name) } }
                @else { (item.name) }
            }
            td {
                (item.source)
                @if item.kiosk_revoked { " " strong class="warn" { "(kiosk revoked)" } }
            }
            @if clinical {
                td { (item.treatments.clone().unwrap_or_default().join(", ")) }
                td { @if severity.is_empty() { "none" } @else { strong class=(format!("sev-{severity}")) { (severity) } } }
                td { (item.review_words.clone().unwrap_or_default()) }
            }
            td {
                @if item.signature_ok { "Verified" } @else { strong class="warn" { "Does not verify" } }
                @if item.profile_unapproved == Some(true) { " " strong class="warn flag-unapproved" { "(profile not approved)" } }
            }
        }
    }
}
