//! The protocol pages: every clinic profile version the receiver has served, and one
//! version's lint and test results, what changed from the version before it (rule by
//! rule, consent sentence by sentence), its rules and consent texts, and, for the
//! medical director, approving it with a passkey ([`super::approve`]). Providers may
//! read them; the front desk may not.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use candor_core::ClinicProfile;
use candor_core::consent::Block;
use candor_core::profile::diff::{self, SentenceChange};
use candor_core::risk::Assessment;
use maud::{Markup, html};

use super::pages::{ProviderPage, bar, layout};
use super::session;
use crate::AppState;
use crate::protocol::{Served, verified_approvals};
use crate::service::blocking;
use crate::store::protocols::{ProfileVersion, StoredApproval};
use crate::store::staff::{Role, Session};

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// What the store and the served profile say, read together.
struct Governance {
    versions: Vec<ProfileVersion>,
    approvals: Vec<StoredApproval>,
    served: Option<String>,
    file: Option<String>,
}

fn governance(app: &AppState) -> crate::store::Result<Governance> {
    // Reading the file first records a version changed on disk since the last visit.
    let file = app
        .protocols
        .file_version(&app.store)
        .ok()
        .map(|v| v.sha256.clone());
    let served = app
        .protocols
        .served(&app.store)
        .ok()
        .map(|Served { version, .. }| version.sha256.clone());
    Ok(Governance {
        versions: app.store.profile_versions()?,
        approvals: verified_approvals(&app.store)?,
        served,
        file,
    })
}

impl Governance {
    fn approval(&self, hash: &str) -> Option<&StoredApproval> {
        self.approvals.iter().find(|a| a.profile_sha256 == hash)
    }

    fn state(&self, v: &ProfileVersion) -> Markup {
        html! {
            @if let Some(a) = self.approval(&v.sha256) {
                "Approved by " (a.approver) ", " (a.credential) ", " time datetime=(a.approved_at) { (a.approved_at) }
            } @else if v.lint_errors > 0 || v.tests_failed > 0 {
                strong class="warn" { "Cannot be approved: " (v.lint_errors) " lint errors, " (v.tests_failed) " failing protocol tests" }
            } @else {
                strong { "Waiting for the medical director's approval" }
            }
            @if self.served.as_deref() == Some(v.sha256.as_str()) { br; "Served to patients now" }
            @else if self.file.as_deref() == Some(v.sha256.as_str()) { br; "In the profile file; patients get the approved version until this one is approved" }
        }
    }
}

/// `GET /console/protocol`: every version, newest first.
pub async fn list(
    State(app): State<Arc<AppState>>,
    ProviderPage(session): ProviderPage,
) -> Response {
    blocking(move || list_page(&app, &session)).await
}

fn list_page(app: &AppState, session: &Session) -> Response {
    let Ok(g) = governance(app) else {
        return session::refused(session::NoSession::Storage);
    };
    let body = layout(
        "Protocol",
        html! {
            (bar(&session.staff))
            main id="main" data-page="protocol" {
                p { a href="/console" { "← Back to the submissions" } }
                h1 { "Clinic profile versions" }
                p { "Every version of the clinic profile this receiver has served, by the SHA-256 of its canonical form. Patients get the latest approved version; a changed profile waits for the medical director's approval." }
                table id="versions" {
                    caption { "Versions, newest first" }
                    thead { tr {
                        th scope="col" { "Version" }
                        th scope="col" { "First served" }
                        th scope="col" { "Lint" }
                        th scope="col" { "Protocol tests" }
                        th scope="col" { "State" }
                    } }
                    tbody {
                        @for v in g.versions.iter().rev() {
                            tr data-sha256=(v.sha256) {
                                td { a href=(format!("/console/protocol/{}", v.sha256)) { code { (short(&v.sha256)) } } " " (label(v)) }
                                td { time datetime=(v.first_seen) { (v.first_seen) } }
                                td { (v.lint_errors) " errors, " (v.lint_warnings) " warnings" }
                                td { (v.tests_passed) " passed, " (v.tests_failed) " failed" }
                                td { (g.state(v)) }
                            }
                        }
                    }
                }
            }
        },
    );
    Html(body.into_string()).into_response()
}

/// "lumen-demo 2026.11.0, protocol 2026.11": what a version calls itself.
fn label(v: &ProfileVersion) -> String {
    match ClinicProfile::read_unchecked(&v.text) {
        Ok(p) => match &p.protocol {
            Some(r) => format!("{} {}, protocol {}", p.id, p.version, r.version),
            None => format!("{} {}", p.id, p.version),
        },
        Err(_) => "(unreadable)".to_owned(),
    }
}

/// `GET /console/protocol/{sha256}`: one version.
pub async fn version(
    State(app): State<Arc<AppState>>,
    Path(hash): Path<String>,
    ProviderPage(session): ProviderPage,
) -> Response {
    blocking(move || version_page(&app, &session, &hash)).await
}

fn version_page(app: &AppState, session: &Session, hash: &str) -> Response {
    let Ok(g) = governance(app) else {
        return session::refused(session::NoSession::Storage);
    };
    let Some(index) = g.versions.iter().position(|v| v.sha256 == hash) else {
        let body = layout(
            "Unknown version",
            html! {
                (bar(&session.staff))
                main id="main" class="narrow" {
                    h1 { "This receiver never served that profile version" }
                    p { a href="/console/protocol" { "All versions" } }
                }
            },
        );
        return (StatusCode::NOT_FOUND, Html(body.into_string())).into_response();
    };
    let v = &g.versions[index];
    let profile = ClinicProfile::read_unchecked(&v.text).ok();
    let assessment = crate::protocol::versions::assessment(&v.text);
    let previous = index
        .checked_sub(1)
        .and_then(|i| g.versions.get(i))
        .and_then(|p| ClinicProfile::read_unchecked(&p.text).ok().map(|r| (p, r)));
    let approval = g.approval(&v.sha256);
    let approvable = assessment.as_ref().is_some_and(Assessment::approvable);
    let body = layout(
        "Profile version",
        html! {
            (bar(&session.staff))
            main id="main" data-page="protocol-version" data-sha256=(v.sha256) {
                p { a href="/console/protocol" { "← All versions" } }
                h1 { "Profile version " code { (short(&v.sha256)) } }
                dl {
                    dt { "SHA-256" } dd { code { (v.sha256) } }
                    dt { "Calls itself" } dd { (label(v)) }
                    dt { "First served" } dd { (v.first_seen) }
                    dt { "State" } dd id="version-state" { (g.state(v)) }
                }
                (checks(assessment.as_ref()))
                section aria-labelledby="h-approve" {
                    h2 id="h-approve" { "Approval" }
                    @if let Some(a) = approval {
                        p id="approval" { "Approved by " (a.approver) ", " (a.credential) ", at " (a.approved_at) ". The approval is the director's passkey signature over this version's hash; it verifies." }
                    } @else if !approvable {
                        p class="warn" { "This version cannot be approved until lint has no errors and every protocol test passes." }
                    } @else if session.staff.role == Role::Director {
                        p { "Approving signs this version's SHA-256, your name and your credential with your passkey. Patients then get this version, with the line “Checks approved by " (session.staff.name) "”." }
                        form id="approve-form" class="filters" {
                            label for="approval-credential" { "Your credential, as patients will read it" }
                            input id="approval-credential" type="text" maxlength="20" value="MD" autocomplete="off";
                            button type="button" id="approve" { "Approve this version with my passkey" }
                        }
                        p id="approve-status" role="status" aria-live="polite" {}
                    } @else {
                        p { "Waiting for the medical director's approval." }
                    }
                }
                (changes(previous.as_ref().map(|(p, r)| (*p, r)), profile.as_ref()))
                @if let Some(p) = &profile { (rules(p)) (scope_of_practice(p)) (consents(p)) }
            }
        },
    );
    Html(body.into_string()).into_response()
}

fn checks(assessment: Option<&Assessment>) -> Markup {
    html! {
        section aria-labelledby="h-checks" {
            h2 id="h-checks" { "Lint and protocol tests" }
            @match assessment {
                None => p class="warn" { "The document cannot be read as a clinic profile." },
                Some(a) => {
                    p id="checks-summary" {
                        (a.errors()) " lint errors, " (a.issues.len() - a.errors()) " warnings; "
                        (a.tests.len() - a.failed()) " protocol tests passed or skipped, " (a.failed()) " failed"
                    }
                    @if !a.issues.is_empty() {
                        ul {
                            @for i in &a.issues {
                                li { @if i.error { strong class="warn" { "Error" } } @else { "Warning" } " " code { (i.path) } ": " (i.message) }
                            }
                        }
                    }
                    @let failed: Vec<_> = a.tests.iter().filter(|t| !t.passed()).collect();
                    @if !failed.is_empty() {
                        ul id="failing-tests" {
                            @for t in failed {
                                li { strong class="warn" { "Fails" } " " (t.name) ": " (t.failures.join("; ")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn changes(
    previous: Option<(&ProfileVersion, &ClinicProfile)>,
    profile: Option<&ClinicProfile>,
) -> Markup {
    html! {
        section aria-labelledby="h-changes" {
            h2 id="h-changes" { "What changed from the previous version" }
            @match (previous, profile) {
                (None, _) => p { "This is the first version this receiver served." },
                (_, None) => p { "This version cannot be read, so it cannot be compared." },
                (Some((p, old)), Some(new)) => {
                    @let d = diff::diff(old, new);
                    p { "Compared with " a href=(format!("/console/protocol/{}", p.sha256)) { code { (short(&p.sha256)) } } "." }
                    @if d.is_empty() { p { "No difference in rules, consent texts or other parts." } }
                    @if !d.rules.is_empty() {
                        h3 { "Risk rules" }
                        ul id="rule-changes" {
                            @for r in &d.rules {
                                li {
                                    code { (r.id) } ": " (r.change.word())
                                    @if !r.members.is_empty() { " (" (r.members.join(", ")) ")" }
                                    @for (sign, value) in [("Before", &r.before), ("After", &r.after)] {
                                        @if let Some(v) = value {
                                            br; (sign) ": " code { (shown_members(v, &r.members)) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if !d.consents.is_empty() {
                        h3 { "Consent texts" }
                        @for c in &d.consents {
                            h4 { (c.document) " (" (c.language.code()) "): " (c.change.word()) }
                            ul class="sentence-changes" {
                                @for s in &c.sentences {
                                    @match s {
                                        SentenceChange::Removed(t) => li { del { "Removed: " (t) } },
                                        SentenceChange::Added(t) => li { ins { "Added: " (t) } },
                                    }
                                }
                            }
                        }
                    }
                    @if !d.other.is_empty() { p { "Other parts changed: " (d.other.join(", ")) } }
                }
            }
        }
    }
}

/// A rule's changed members only (all of it when added or removed).
fn shown_members(value: &serde_json::Value, members: &[String]) -> String {
    match value.as_object() {
        Some(o) if !members.is_empty() => serde_json::Value::Object(
            o.iter()
                .filter(|(k, _)| members.contains(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
        .to_string(),
        _ => value.to_string(),
    }
}

fn rules(profile: &ClinicProfile) -> Markup {
    let lang = profile.default_language();
    html! {
        section aria-labelledby="h-rules" {
            @match &profile.protocol {
                None => h2 id="h-rules" { "No risk protocol" },
                Some(protocol) => {
                    h2 id="h-rules" { "Risk rules (" (protocol.rules.len()) "), protocol version " (protocol.version) }
                    table {
                        caption { "Each rule, as the widget applies it" }
                        thead { tr { th scope="col" { "Rule" } th scope="col" { "Severity" } th scope="col" { "Treatments" } th scope="col" { "For the provider" } th scope="col" { "The patient reads" } th scope="col" { "Source" } } }
                        tbody {
                            @for r in &protocol.rules {
                                tr {
                                    td { code { (r.id) } }
                                    td { (serde_json::to_value(r.severity).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()) }
                                    td { @if r.treatments.is_empty() { "all" } @else { (r.treatments.join(", ")) } }
                                    td { (r.provider.as_ref()) }
                                    td { (r.patient.get(lang)) }
                                    td class="source" { (r.source.as_ref()) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Who may perform each treatment, as this version states it.
fn scope_of_practice(profile: &ClinicProfile) -> Markup {
    let lang = profile.default_language();
    html! {
        section aria-labelledby="h-scope" {
            h2 id="h-scope" { "Scope of practice" }
            table {
                caption { "Who may perform each treatment (an appointment with anyone else is refused unless the medical director records an exception)" }
                thead { tr { th scope="col" { "Treatment" } th scope="col" { "May be performed by" } } }
                tbody {
                    @for t in &profile.treatments {
                        tr {
                            td { (t.name.get(lang)) }
                            td {
                                @if t.performed_by.is_empty() { "not limited by the protocol" }
                                @else { (t.performed_by.iter().map(|c| crate::domain::scope::credential_words(c)).collect::<Vec<_>>().join(", ")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn consents(profile: &ClinicProfile) -> Markup {
    html! {
        section aria-labelledby="h-consents" {
            h2 id="h-consents" { "Consent texts" }
            @for doc in &profile.consents {
                @for (i, lang) in profile.languages.iter().enumerate() {
                    details open[i == 0] {
                        summary { (doc.title.get(*lang)) " (" (lang.code()) "), version " (doc.version) }
                        @for s in &doc.sections {
                            h4 { (s.heading.get(*lang)) }
                            @for block in s.content.get(*lang) {
                                @match block {
                                    Block::P(runs) => p { (diff::plain(runs)) },
                                    Block::Ul(items) => ul { @for item in items { li { (diff::plain(item)) } } },
                                }
                            }
                            @if let Some(ack) = &s.acknowledge { p { "The patient ticks: “" (ack.get(*lang)) "”" } }
                        }
                    }
                }
            }
        }
    }
}
