//! `/console/incidents/patterns`: the medical director's counts of incidents by
//! treatment, product, lot, provider and grade over the last 30 and 90 days (by onset
//! date, today included), each as a table and as a bar chart drawn here as inline SVG
//! (no script, no image request; its title and description say what it shows, and the
//! table beside it holds the same numbers).

use std::sync::Arc;

use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};

use super::incidents::{refused_page, treatment_name};
use super::pages::{ProviderPage, bar, layout};
use crate::AppState;
use crate::service::appointments::Clinic;
use crate::service::blocking;
use crate::service::incidents::{self, Counts, Tally};

/// `GET /console/incidents/patterns`.
pub async fn page(
    State(app): State<Arc<AppState>>,
    ProviderPage(session): ProviderPage,
) -> Response {
    blocking(move || {
        let staff = &session.staff;
        let windows = match incidents::counts(&app.store, staff, incidents::today()) {
            Ok(windows) => windows,
            Err(e) => return refused_page(staff, e),
        };
        let clinic = app.clinic().ok();
        let body = layout(
            "Incident patterns",
            html! {
                (bar(staff))
                main id="main" data-page="incident-patterns" {
                    p { a href="/console/incidents" { "← Back to the incidents" } }
                    h1 { "Incident patterns" }
                    p { "Incidents counted by the day they began. \"The last 30 days\" are the 30 calendar days ending today, today included; an onset on a later day is not counted." }
                    @for w in &windows { (window(w, clinic.as_ref())) }
                }
            },
        );
        Html(body.into_string()).into_response()
    })
    .await
}

fn window(w: &Counts, clinic: Option<&Clinic>) -> Markup {
    let named: Tally = w
        .treatment
        .iter()
        .map(|(id, n)| (treatment_name(clinic, id).to_owned(), *n))
        .collect();
    let dimensions: [(&str, &str, &str, &Tally); 5] = [
        ("treatment", "By treatment", "Treatment", &named),
        ("product", "By product", "Product", &w.product),
        ("lot", "By lot", "Lot", &w.lot),
        ("provider", "By provider", "Provider", &w.provider),
        ("grade", "By grade", "Grade", &w.grade),
    ];
    let heading = format!("h-last-{}", w.days);
    html! {
        section aria-labelledby=(heading) {
            h2 id=(heading) { "The last " (w.days) " days (" (w.from) " to " (w.to) "): " (super::incidents::how_many(w.total)) }
            @for (key, title, column, tally) in dimensions {
                @let id = format!("{key}-{}", w.days);
                h3 id={ "h-" (id) } { (title) ", last " (w.days) " days" }
                (chart(&id, &format!("{title}, last {} days", w.days), tally))
                table aria-labelledby={ "h-" (id) } {
                    thead { tr { th scope="col" { (column) } th scope="col" { "Incidents" } } }
                    tbody {
                        @if tally.is_empty() { tr { td colspan="2" { "None." } } }
                        @for (what, n) in tally { tr { td { (what) } td { (n) } } }
                    }
                }
            }
        }
    }
}

/// Rows of the chart at most (the table has them all).
const MAX_BARS: usize = 12;

/// A horizontal bar chart of `tally`, most first, as inline SVG.
fn chart(id: &str, title: &str, tally: &Tally) -> Markup {
    let mut bars: Vec<(&String, &usize)> = tally.iter().collect();
    bars.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    bars.truncate(MAX_BARS);
    let most = bars.first().map_or(1, |(_, n)| **n).max(1);
    let (label_w, bar_w, row_h) = (220usize, 300usize, 24usize);
    let height = (bars.len().max(1) * row_h) + 8;
    let width = label_w + bar_w + 60;
    let description = if bars.is_empty() {
        "No incidents.".to_owned()
    } else {
        bars.iter()
            .map(|(what, n)| format!("{what}: {n}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    html! {
        svg class="chart" role="img" aria-labelledby={ "t-" (id) " d-" (id) }
            width=(width) height=(height) viewBox={ "0 0 " (width) " " (height) } {
            title id={ "t-" (id) } { (title) }
            desc id={ "d-" (id) } { (description) }
            @for (row, (what, n)) in bars.iter().enumerate() {
                @let y = row * row_h + 4;
                @let w = (**n * bar_w).div_ceil(most);
                @let label: String = what.chars().take(30).collect();
                text x=(label_w - 8) y=(y + 16) text-anchor="end" fill="currentColor" font-size="14" { (label) }
                rect x=(label_w) y=(y + 2) width=(w) height=(row_h - 6) fill="#1d4f6e" {}
                text x=(label_w + w + 6) y=(y + 16) fill="currentColor" font-size="14" { (n) }
            }
        }
    }
}
