//! The day's appointments for the whole team (the front desk and up): by time, with
//! the patient, the provider and the treatments booked; another day by date; and a
//! booking system's export imported from the page (all or nothing, its problems by
//! row and column).

use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::json;

use super::member::{Member, SameOrigin, Watching, refusal};
use super::pages::{bar, layout};
use crate::AppState;
use crate::domain::booking_csv::Mapping;
use crate::domain::roles::{Permission, allowed};
use crate::service::appointments::{self, ImportError, Listed};
use crate::service::blocking;
use crate::store::staff::{Role, Session};

/// `?day=YYYY-MM-DD` (default: today, UTC), `&provider=NAME`, `&status=STAGE` (one of
/// [`appointments::STAGES`]); an empty filter shows everything.
#[derive(Deserialize)]
pub struct DayQuery {
    day: Option<String>,
    #[serde(default)]
    provider: String,
    #[serde(default)]
    status: String,
}

/// `GET /console/today`.
pub async fn page(
    State(app): State<Arc<AppState>>,
    Query(q): Query<DayQuery>,
    Member(session): Member,
) -> Response {
    blocking(move || day_page(&app, &session, q)).await
}

fn day_page(app: &AppState, session: &Session, q: DayQuery) -> Response {
    let day = q
        .day
        .clone()
        .unwrap_or_else(|| crate::now_rfc3339()[..10].to_owned());
    let role = session.staff.role;
    let everyone = match appointments::day(&app.store, Some(&session.staff), &day) {
        Ok(listed) => listed,
        Err(e) => return refusal(e),
    };
    let mut providers: Vec<&str> = everyone
        .iter()
        .map(|l| l.appointment.booked.provider.as_str())
        .collect();
    providers.sort_unstable();
    providers.dedup();
    let stages = appointments::STAGES
        .iter()
        .filter(|(_, _, clinical)| !clinical || allowed(role, Permission::ReadCharts).is_ok());
    // The booking form offers the clinic's treatments (none when the profile does not
    // read: the board still shows the day).
    let offered = app.clinic().ok();
    let expiring =
        crate::service::scope::expiring_for(&app.store, &session.staff).unwrap_or_default();
    let body = layout(
        "Appointments",
        html! {
            (bar(&session.staff))
            main id="main" data-page="today" {
                p { a href="/console" { "← Back to the submissions" } }
                h1 { "Appointments" }
                (super::pages::expiring_notice(&expiring, true))
                (super::webhooks::disabled_notice(app, &session.staff))
                form class="filters" method="get" action="/console/today" {
                    label for="day" { "Day" }
                    input id="day" name="day" type="date" value=(day) required;
                    label for="provider" { "Provider" }
                    select id="provider" name="provider" {
                        option value="" { "Everyone" }
                        @for p in &providers {
                            option value=(p) selected[*p == q.provider] { (p) }
                        }
                    }
                    label for="status" { "Status" }
                    select id="status" name="status" {
                        option value="" { "Any" }
                        @for (key, words, _) in stages {
                            option value=(key) selected[*key == q.status] { (words) }
                        }
                    }
                    button type="submit" { "Show" }
                }
                p id="board-status" role="status" aria-live="polite" class="hint" {
                    "Updates by itself as patients open and send their forms."
                }
                p id="invitation-status" role="status" aria-live="polite" {}
                dialog id="desk-link" aria-labelledby="desk-link-title" {
                    h2 id="desk-link-title" { "Link for the desk" }
                    p { "The patient scans this with their phone's camera, or you send them the link. It is shown once; earlier links keep working." }
                    div id="desk-link-qr" {}
                    p { code id="desk-link-text" {} }
                    button type="button" id="desk-link-close" { "Close" }
                }
                (super::treated::dialog(offered.as_ref()))
                div id="urgent-area" { (urgent_check_ins(app, session)) }
                (board(&day, &everyone, role, &q))
                section aria-labelledby="h-book" {
                    h2 id="h-book" data-new="Book an appointment" { "Book an appointment" }
                    p { "The invitation is sent by email, or by text message when there is only a mobile number. A provider outside the protocol's scope of practice for a treatment is refused with the reason." }
                    form id="book" novalidate {
                        input type="hidden" id="book-id";
                        div class="filters" {
                            label for="book-start" { "Date and time" }
                            input id="book-start" name="start" type="datetime-local" required;
                            label for="book-provider" { "Provider" }
                            input id="book-provider" name="provider" type="text" list="providers" maxlength="120" autocomplete="off" required;
                            datalist id="providers" { @for p in &providers { option value=(p) {} } }
                        }
                        fieldset id="book-treatments" {
                            legend id="book-treatments-legend" { "Treatments" }
                            @if let Some(clinic) = &offered {
                                @for (id, name) in clinic.treatments.iter().zip(&clinic.names) {
                                    label class="choice" { input type="checkbox" name="treatments" value=(id); " " (name) }
                                }
                            }
                        }
                        div class="filters" {
                            label for="book-name" { "Patient's name" }
                            input id="book-name" name="name" type="text" maxlength="120" autocomplete="off" required;
                            label for="book-email" { "Email" }
                            input id="book-email" name="email" type="email" maxlength="254" autocomplete="off";
                            label for="book-mobile" { "Mobile number, with country code" }
                            input id="book-mobile" name="mobile" type="tel" maxlength="32" autocomplete="off";
                            label for="book-language" { "Language" }
                            select id="book-language" name="language" {
                                @let first = offered.as_ref().map_or("en", |c| c.language.as_str());
                                option value="en" selected[first == "en"] { "English" }
                                option value="es" lang="es" selected[first == "es"] { "Español" }
                            }
                        }
                        button type="submit" id="book-submit" { "Book and invite" }
                        " "
                        button type="button" class="secondary" id="book-leave" hidden { "Leave it unchanged" }
                    }
                    p id="book-status" role="status" aria-live="polite" {}
                    ul id="book-problems" {}
                }
                section aria-labelledby="h-import" {
                    h2 id="h-import" { "Import a booking system's export" }
                    p { "A CSV file with a header row. Every row is checked first: if any has a problem, nothing is imported and each problem is listed by row and column. Importing the same export again adds nothing." }
                    div class="filters" {
                        label for="import-source" { "Booking system" }
                        input id="import-source" type="text" maxlength="40" autocomplete="off" placeholder="boulevard";
                        label for="import-file" { "CSV file" }
                        input id="import-file" type="file" accept=".csv,text/csv";
                        button type="button" id="import" { "Import" }
                    }
                    p id="import-status" role="status" aria-live="polite" {}
                    ul id="import-problems" {}
                }
            }
        },
    );
    Html(body.into_string()).into_response()
}

/// The urgent check-ins of the last week (see [`super::check_ins::urgent_notice`]),
/// which the board shows above the day's table and refreshes with it.
fn urgent_check_ins(app: &AppState, session: &Session) -> Markup {
    let urgent =
        crate::service::check_in_review::urgent(&app.store, &session.staff).unwrap_or_default();
    if urgent.is_empty() {
        // The board refreshes on every change for every open console: the profile is
        // read for the treatments' names only when there is something to name.
        return html! {};
    }
    let clinical = allowed(session.staff.role, Permission::ReadCharts).is_ok();
    super::check_ins::urgent_notice(&urgent, app.profile().ok().as_ref(), clinical)
}

/// The day's table: the appointments `q` shows to `role`, by time.
fn board(day: &str, everyone: &[Listed], role: Role, q: &DayQuery) -> Markup {
    let listed: Vec<_> = everyone
        .iter()
        .filter(|l| l.shown_for(role, &q.provider, &q.status))
        .collect();
    html! {
        table id="board" {
            caption { "Appointments on " (day) ", by time" @if listed.len() != everyone.len() { " (" (listed.len()) " of " (everyone.len()) " shown)" } }
            thead { tr {
                th scope="col" { "Time" }
                th scope="col" { "Patient" }
                th scope="col" { "Provider" }
                th scope="col" { "Treatments" }
                th scope="col" { "Status" }
                th scope="col" { "Invitation" }
                th scope="col" { "Forms" }
                th scope="col" { "Actions" }
            } }
            tbody {
                @if everyone.is_empty() {
                    tr { td colspan="8" { "No appointments on this day." } }
                } @else if listed.is_empty() {
                    tr { td colspan="8" { "No appointments match these filters." } }
                }
                @for listed in &listed {
                    @let a = &listed.appointment.booked;
                    tr data-stage=(listed.stage(role)) {
                        td { time datetime=(a.start) { (a.start.get(11..16).unwrap_or(&a.start)) } }
                        td { (a.contact.name) }
                        td { (a.provider) }
                        td { (a.treatments.join(", ")) }
                        td {
                            @if let Some((who, _)) = &listed.treated { "treated by " (who) }
                            @else { (listed.appointment.status) }
                        }
                        td { (listed.invitation_words()) }
                        td { (listed.form_words(role)) }
                        td class="actions" {
                            @let id = &listed.appointment.id;
                            @let who = &a.contact.name;
                            button type="button" data-resend=(id) { "Send again" span class="visually-hidden" { " to " (who) } }
                            " "
                            button type="button" data-desk-link=(id) { "Desk link" span class="visually-hidden" { " for " (who) } }
                            " "
                            button type="button" data-revoke=(id) { "Revoke" span class="visually-hidden" { " " (who) "'s invitation" } }
                            @if listed.appointment.status == "booked" {
                                " "
                                button type="button" data-edit=(id) { "Change" span class="visually-hidden" { " " (who) "'s appointment" } }
                                " "
                                button type="button" data-cancel=(id) { "Cancel" span class="visually-hidden" { " " (who) "'s appointment" } }
                                @if listed.treated.is_none() && allowed(role, Permission::MarkTreated).is_ok() {
                                    " "
                                    button type="button" data-treated=(id) data-treatments=(a.treatments.join(" ")) data-who=(who) { "Mark treated" span class="visually-hidden" { " (" (who) ")" } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `GET /console/api/today?day=&provider=&status=`: the day's table alone, for the
/// page to replace its own when the receiver says something changed. Asking does not
/// count as use of the session.
pub async fn board_api(
    State(app): State<Arc<AppState>>,
    Query(q): Query<DayQuery>,
    Watching(session): Watching,
) -> Response {
    blocking(move || {
        let day = q
            .day
            .clone()
            .unwrap_or_else(|| crate::now_rfc3339()[..10].to_owned());
        match appointments::day(&app.store, Some(&session.staff), &day) {
            Ok(everyone) => {
                // The page finds each part by its id: the table first, as it always was.
                let fragment = html! {
                    (board(&day, &everyone, session.staff.role, &q))
                    div id="urgent-area" { (urgent_check_ins(&app, &session)) }
                };
                Html(fragment.into_string()).into_response()
            }
            Err(e) => refusal(e),
        }
    })
    .await
}

/// What the page sends: the booking system's name and the file's text.
#[derive(Deserialize)]
pub struct Import {
    source: String,
    csv: String,
    #[serde(default)]
    mapping: Mapping,
}

/// `POST /console/api/appointments/import {source, csv, mapping?}`: the counts, or
/// `400` with every problem by row and column.
pub async fn import(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Member(session): Member,
    Json(body): Json<Import>,
) -> Response {
    blocking(move || {
        let clinic = match app.clinic() {
            Ok(clinic) => clinic,
            Err(e) => return refusal(e),
        };
        match appointments::import(&app.store, Some(&session.staff), body.source.trim(), &body.csv, &body.mapping, &clinic) {
            Ok(report) => Json(report).into_response(),
            Err(ImportError::Rows(problems)) => (
                StatusCode::BAD_REQUEST,
                Json(json!({
                    "code": "rows",
                    "message": "Nothing was imported: correct these rows and import the file again.",
                    "problems": problems,
                })),
            )
                .into_response(),
            Err(ImportError::Refused(e)) => refusal(e),
        }
    })
    .await
}
