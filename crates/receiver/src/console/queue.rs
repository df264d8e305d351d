//! The queue's endpoint and its HTML: one page of records as the member's role may see
//! them (`service::queue`), with the records waiting for the medical director first for
//! clinical staff. The page updates itself when the receiver announces a change
//! (`events`), without counting as use of the session.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::member::{Watching, refusal};
use crate::AppState;
use crate::domain::roles::{Permission, allowed};
use crate::service::blocking;
use crate::service::queue::{Item, Queue, Request, view};
use crate::store::staff::Role;

/// The queue's query: `?flag=stop&review=escalated&after=…`.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct QueueQuery {
    flag: Option<String>,
    review: Option<String>,
    after: Option<String>,
}

impl From<QueueQuery> for Request {
    fn from(q: QueueQuery) -> Request {
        Request {
            flag: q.flag,
            review: q.review,
            after: q.after,
        }
    }
}

/// `GET /console/api/queue`: the page as JSON, for the page's own updates.
pub async fn api(
    State(app): State<Arc<AppState>>,
    Query(query): Query<QueueQuery>,
    Watching(session): Watching,
) -> Response {
    let role = session.staff.role;
    match blocking(move || view(&app.store, role, &query.into())).await {
        Ok(q) => Json(q).into_response(),
        Err(e) => refusal(e),
    }
}

/// The queue for the home page, or why not.
pub async fn page_data(
    app: Arc<AppState>,
    role: Role,
    query: QueueQuery,
) -> Result<Queue, crate::service::ServiceError> {
    blocking(move || view(&app.store, role, &query.into())).await
}

/// "2 wait for the medical director, 5 to review": the counts line.
pub fn counts_text(q: &Queue) -> String {
    let count = |n: u64| {
        if n >= crate::service::queue::COUNTED as u64 {
            format!("{n} or more")
        } else {
            n.to_string()
        }
    };
    format!(
        "{} waiting for the medical director, {} to review",
        count(q.waiting_for_director),
        count(q.to_review)
    )
}

const FLAGS: [(&str, &str); 5] = [
    ("stop", "Stop"),
    ("review", "Review"),
    ("caution", "Caution"),
    ("info", "Info"),
    ("none", "None"),
];

const REVIEWS: [(&str, &str); 4] = [
    ("escalated", "Escalated to the medical director"),
    ("to_review", "To review"),
    ("reviewed", "Reviewed"),
    ("decided", "Decided by the medical director"),
];

/// The queue's part of the home page.
pub fn section(role: Role, q: &Queue, query: &QueueQuery) -> Markup {
    let clinical = allowed(role, Permission::ReadCharts).is_ok();
    let chosen = |value: &Option<String>, option: &str| value.as_deref() == Some(option);
    html! {
        h1 { "Submissions" }
        @if clinical {
            p id="counts" { (counts_text(q)) }
            form id="filters" class="filters" method="get" action="/console" aria-label="Filter the submissions" {
                label for="filter-severity" { "Highest finding" }
                select id="filter-severity" name="flag" {
                    option value="" { "All" }
                    @for (value, words) in FLAGS { option value=(value) selected[chosen(&query.flag, value)] { (words) } }
                }
                label for="filter-review" { "Review" }
                select id="filter-review" name="review" {
                    option value="" { "All" }
                    @for (value, words) in REVIEWS { option value=(value) selected[chosen(&query.review, value)] { (words) } }
                }
                button type="submit" { "Show" }
            }
            @if !q.escalated.is_empty() || query.after.is_none() {
                table id="escalated" {
                    caption { "Waiting for the medical director, newest first" }
                    (head(true))
                    tbody { @for item in &q.escalated { (row(item, true)) } }
                }
            }
        } @else {
            p { "Who has sent their forms, and whether the clinic received them. The answers are for providers." }
        }
        p id="queue-status" role="status" aria-live="polite" {}
        table id="queue" {
            caption { (if clinical { "Submissions, newest first" } else { "Latest submissions, newest first" }) }
            (head(clinical))
            tbody { @for item in &q.items { (row(item, clinical)) } }
        }
        @if q.items.is_empty() { p id="empty" { "No submissions yet." } }
        @if let Some(next) = &q.next {
            p { a id="older" href=(older_link(next, query)) { "Older submissions" } }
        }
    }
}

fn older_link(next: &str, query: &QueueQuery) -> String {
    let mut link = format!("/console?after={next}");
    for (name, value) in [("flag", &query.flag), ("review", &query.review)] {
        if let Some(v) = value
            .as_deref()
            .filter(|v| v.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        {
            link.push_str(&format!("&{name}={v}"));
        }
    }
    link
}

fn head(clinical: bool) -> Markup {
    html! {
        thead { tr {
            th scope="col" { "Received" }
            th scope="col" { "Patient" }
            th scope="col" { "From" }
            @if clinical {
                th scope="col" { "Treatments" }
                th scope="col" { "Highest finding" }
                th scope="col" { "Review" }
            }
            th scope="col" { "Checks" }
        } }
    }
}

/// One record's row (the page's script builds the same from the JSON).
pub fn row(item: &Item, clinical: bool) -> Markup {
    let severity = item.severity.clone().unwrap_or_default();
    html! {
        tr data-id=(item.id) data-kid=(item.kid)
           data-severity=(if severity.is_empty() { "none" } else { severity.as_str() })
           data-review=(item.review.clone().unwrap_or_default()) {
            td { time datetime=(item.received_at) { (item.received_at) } }
            td {
                @if clinical { a href=(format!("/console/submission/{}/{}", item.id, item.kid)) { (item.name) } }
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
                "Verified on receipt"
                @if item.collision { " " strong class="warn flag-collision" { "(another key used this id)" } }
                @if item.profile_unapproved == Some(true) { " " strong class="warn flag-unapproved" { "(profile not approved)" } }
            }
        }
    }
}
