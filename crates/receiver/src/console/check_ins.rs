//! Check-ins after treatments in the console ([`crate::service::check_in_review`]):
//! the list, urgent first, live (the page asks for its table again when the receiver
//! says something changed); one check-in with the patient's answers in the clinic's
//! words, the photo and what was used at the visit; and the urgent ones of the last
//! week at the top of the day's board.
//!
//! | request | answer |
//! |---|---|
//! | `GET /console/check-ins` | the page (providers and the director) |
//! | `GET /console/api/check-ins` | its table alone |
//! | `GET /console/check-ins/{id}` | one check-in |
//! | `GET /console/check-ins/{id}/photo` | its photo, `image/jpeg` |

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use candor_core::i18n::Lang;
use candor_core::profile::ClinicProfile;
use maud::{Markup, html};

use super::member::{Member, Watching, refusal};
use super::pages::{bar, layout};
use crate::AppState;
use crate::service::blocking;
use crate::service::check_in_review::{self, Detail, Listed};

/// A treatment's name in English, or its id when the profile no longer has it.
fn treatment_name(profile: Option<&ClinicProfile>, id: &str) -> String {
    profile
        .and_then(|p| p.treatment(id))
        .map_or_else(|| id.to_owned(), |t| t.name.get(Lang::En).to_owned())
}

/// What an urgency means, in words for staff.
pub fn urgency_words(urgency: Option<&str>) -> &'static str {
    match urgency {
        Some("emergency") => "Urgent: told to call emergency services",
        Some("call_clinic") => "Urgent: told to call the clinic",
        _ => "Routine",
    }
}

/// The urgent check-ins of the last week, for the top of the day's board (an empty
/// fragment when there are none).
pub fn urgent_notice(urgent: &[Listed], profile: Option<&ClinicProfile>, clinical: bool) -> Markup {
    html! {
        @if !urgent.is_empty() {
            section id="urgent-check-ins" class="notice" aria-labelledby="h-urgent" {
                h2 id="h-urgent" { "Urgent check-ins" }
                ul {
                    @for l in urgent {
                        li {
                            strong { (urgency_words(l.check_in.urgency.as_deref())) } ": " (l.patient)
                            ", day " (l.check_in.day) " after " (treatment_name(profile, &l.check_in.treatment))
                            @if clinical {
                                " " a href={ "/console/check-ins/" (l.check_in.id) } { "Open" span class="visually-hidden" { " " (l.patient) "'s check-in" } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn table(listed: &[Listed], profile: Option<&ClinicProfile>) -> Markup {
    html! {
        table id="check-in-table" {
            caption class="visually-hidden" { "Check-ins sent by patients, urgent first" }
            thead { tr {
                th scope="col" { "Patient" }
                th scope="col" { "Treatment" }
                th scope="col" { "Day" }
                th scope="col" { "Urgency" }
                th scope="col" { "Sent" }
            } }
            tbody {
                @if listed.is_empty() {
                    tr { td colspan="5" { "No check-in has been sent yet." } }
                }
                @for l in listed {
                    @let c = &l.check_in;
                    tr data-urgency=(c.urgency.as_deref().unwrap_or("routine")) {
                        td { a href={ "/console/check-ins/" (c.id) } { (l.patient) } }
                        td { (treatment_name(profile, &c.treatment)) }
                        td { (c.day) }
                        td { (urgency_words(c.urgency.as_deref())) }
                        td { (c.completed_at.as_deref().unwrap_or("")) }
                    }
                }
            }
        }
    }
}

/// `GET /console/check-ins`.
pub async fn page(State(app): State<Arc<AppState>>, Member(session): Member) -> Response {
    blocking(move || {
        let listed = match check_in_review::list(&app.store, &session.staff) {
            Ok(listed) => listed,
            Err(e) => return refusal(e),
        };
        let profile = app.profile().ok();
        let body = layout(
            "Check-ins",
            html! {
                (bar(&session.staff))
                main id="main" data-page="check-ins" {
                    h1 { "Check-ins after treatments" }
                    p class="hint" { "What patients sent on the days after their treatment, urgent ones first. Updates by itself." }
                    div id="check-in-list" { (table(&listed, profile.as_ref())) }
                }
            },
        );
        Html(body.into_string()).into_response()
    })
    .await
}

/// `GET /console/api/check-ins`: the table alone. Asking does not count as use.
pub async fn table_api(State(app): State<Arc<AppState>>, Watching(session): Watching) -> Response {
    blocking(
        move || match check_in_review::list(&app.store, &session.staff) {
            Ok(listed) => {
                Html(table(&listed, app.profile().ok().as_ref()).into_string()).into_response()
            }
            Err(e) => refusal(e),
        },
    )
    .await
}

fn detail_page(d: &Detail, profile: Option<&ClinicProfile>) -> Markup {
    let c = &d.listed.check_in;
    let answers = &d.report.answers;
    let signs = profile
        .and_then(|p| p.treatment(&c.treatment))
        .and_then(|t| t.check_ins.as_ref());
    let sign_words = |id: &str| {
        signs
            .and_then(|s| s.signs.iter().find(|s| s.id == id))
            .map_or_else(|| id.to_owned(), |s| s.text.get(Lang::En).to_owned())
    };
    html! {
        h1 { "Check-in: " (d.listed.patient) }
        p { "Day " (c.day) " after " (treatment_name(profile, &c.treatment)) ", sent " (c.completed_at.as_deref().unwrap_or("")) " (answered in " (d.report.language.code()) ")." }
        p class={ "urgency " (c.urgency.as_deref().unwrap_or("routine")) } { strong { (urgency_words(c.urgency.as_deref())) } }
        @if let Some(incident) = &d.incident {
            p { "A draft incident was opened from it: " a href={ "/console/incidents/" (incident) } { "open the incident" } "." }
        }
        h2 { "What the patient answered" }
        dl {
            dt { "Pain (0 to 10)" }
            dd { @match answers.pain { Some(p) => (p), None => "Not given" } }
            dt { "Signs ticked" }
            dd {
                @if answers.signs.is_empty() { "None" }
                @else { ul { @for s in &answers.signs { li { (sign_words(s)) } } } }
            }
            dt { "Anything else" }
            dd class="note" { @if answers.note.is_empty() { "Nothing" } @else { (answers.note) } }
            dt { "Photo" }
            dd {
                @if d.photo {
                    img src={ "/console/check-ins/" (c.id) "/photo" } alt={ "The photo " (d.listed.patient) " sent" } class="check-in-photo";
                } @else { "None" }
            }
        }
        h2 { "What was used at the visit" }
        @if d.used.is_empty() {
            p { "Nothing was recorded when the visit was marked treated." }
        } @else {
            table {
                thead { tr { th scope="col" { "Treatment" } th scope="col" { "Product" } th scope="col" { "Lot" } th scope="col" { "Device" } th scope="col" { "Settings or amount" } } }
                tbody {
                    @for u in &d.used {
                        tr { td { (treatment_name(profile, &u.treatment)) } td { (u.product) } td { (u.lot) } td { (u.device) } td { (u.settings) } }
                    }
                }
            }
        }
    }
}

/// `GET /console/check-ins/{id}`.
pub async fn detail(
    State(app): State<Arc<AppState>>,
    Member(session): Member,
    Path(id): Path<String>,
) -> Response {
    blocking(move || {
        let d = match check_in_review::detail(&app.store, &session.staff, &id) {
            Ok(d) => d,
            Err(e) => return refusal(e),
        };
        let profile = app.profile().ok();
        let body = layout(
            "Check-in",
            html! {
                (bar(&session.staff))
                main id="main" data-page="check-in" {
                    p { a href="/console/check-ins" { "← Back to the check-ins" } }
                    (detail_page(&d, profile.as_ref()))
                }
            },
        );
        Html(body.into_string()).into_response()
    })
    .await
}

/// `GET /console/check-ins/{id}/photo`.
pub async fn photo(
    State(app): State<Arc<AppState>>,
    Member(session): Member,
    Path(id): Path<String>,
) -> Response {
    blocking(
        move || match check_in_review::photo(&app.store, &session.staff, &id) {
            Ok(bytes) => ([(header::CONTENT_TYPE, "image/jpeg")], bytes).into_response(),
            Err(e) => refusal(e),
        },
    )
    .await
}
