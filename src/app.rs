//! The top of the interface: loading the clinic profile, then the visit's frame:
//! clinic bar, language switcher, progress, the current step, live region.

use candor_core::ClinicProfile;
use candor_core::delivery::invite::Invite;
use candor_core::delivery::lifecycle::{self, Event};
use candor_core::flow::Step;
use leptos::prelude::*;

use crate::browser::profile_source::{self, LoadFailure, ProfileSource};
use crate::browser::{clock, dom, marks};
use crate::components::{language_switch, progress};
use crate::html::{El, el};
use crate::state::Visit;
use crate::steps::{
    consent_step, details_step, disclosure_step, done_step, paper_screen, review_step,
    section_step, treatments_step, welcome_step,
};
use crate::text::{EN, ES};

/// The clinic profile, or why it cannot be used.
pub type LoadedProfile = Result<ClinicProfile, LoadFailure>;

/// Loads the profile the page asks for: the embedded demo clinic, or the profile named
/// by `?profile=`.
pub async fn load_profile() -> LoadedProfile {
    match profile_source::requested()? {
        ProfileSource::Embedded => {
            let span = marks::Span::start("profile");
            let profile = ClinicProfile::demo();
            span.end();
            Ok(profile)
        }
        ProfileSource::Url(url) => profile_source::fetch(&url).await,
    }
}

/// Builds the whole widget into `root` for `loaded`: the visit, or a clear account of
/// why the profile cannot be used. Call inside a reactive owner, which holds the
/// widget's state.
pub fn app(root: El, loaded: LoadedProfile, invite: Option<Invite>) -> El {
    match loaded {
        Ok(profile) => root.children(visit_view(profile, invite)),
        Err(failure) => root.child(profile_failed(failure)),
    }
}

/// A visit for a loaded profile.
fn visit_view(profile: ClinicProfile, invite: Option<Invite>) -> Vec<El> {
    let span = marks::Span::start("visit-state");
    crate::browser::parent::configure(lifecycle::parent_origins(&profile.delivery));
    let options = crate::browser::embedding::options();
    crate::browser::embedding::apply_theme(&options);
    crate::browser::embedding::report_height();
    let courier = crate::delivery::courier::Courier::start(profile.delivery.clone());
    let lang = options
        .lang
        .filter(|l| profile.languages.contains(l))
        .unwrap_or_else(|| profile.default_language());
    let visit = Visit::new(profile, clock::today(), invite, courier, lang);
    provide_context(visit);
    crate::browser::leaving::warn_while(move || visit.leaving_loses_work());
    visit.look_for_draft();
    crate::browser::leaving::on_page_hide(move || visit.save_draft());
    span.end();
    let span = marks::Span::start("render");
    Effect::new(move |_| {
        let lang = visit.lang.get();
        dom::set_document_language(lang.code(), visit.text().page_title);
    });
    let clinic = visit.with_profile(|p| p.name.clone());
    let demo = visit.with_profile(|p| p.demo);
    let unapproved =
        visit.with_profile(|p| p.protocol.as_ref().is_some_and(|r| r.approval.is_none()));
    let banner = |pick: fn(&crate::text::Text) -> &'static str| {
        el("p")
            .class("demo-banner")
            .text_with(move || pick(visit.text()).to_owned())
    };
    let mut out = vec![
        el("header").class("clinic-bar").child(
            el("div")
                .class("clinic-bar-inner")
                .child(el("p").class("clinic-name").text(&clinic))
                .child_opt(language_switch()),
        ),
    ];
    if demo {
        out.push(banner(|t| t.demo_banner));
    }
    if unapproved {
        out.push(banner(|t| t.protocol_unapproved));
    }
    // The screen on show: rebuilt when the step changes, never for an answer.
    let screen = Memo::new(move |_| (visit.consents.paper.get(), visit.step.get()));
    out.push(el("main").class("page").child(progress()).children_for(
        screen,
        move |(paper, step)| {
            if paper {
                return vec![paper_screen()];
            }
            vec![match step {
                Step::Welcome => welcome_step(),
                Step::Treatments => treatments_step(),
                Step::Details => details_step(),
                Step::Section(index) => section_step(index),
                Step::Review => review_step(),
                Step::Disclosure => disclosure_step(),
                Step::Consent(index) => consent_step(index),
                Step::Done => done_step(),
            }]
        },
    ));
    out.push(
        el("div")
            .class("visually-hidden")
            .attr("role", "status")
            .attr("aria-live", "polite")
            .text_with(move || visit.announcement.get()),
    );
    crate::browser::parent::notify(&Event::Ready);
    span.end();
    out
}

/// Shown when the requested profile cannot be used: a calm line for the patient in
/// both languages, and exactly what is wrong for the clinic's staff.
fn profile_failed(failure: LoadFailure) -> El {
    let problems: Vec<El> = failure
        .problems
        .into_iter()
        .map(|p| el("li").child(el("code").text(&p)))
        .collect();
    el("main")
        .class("page profile-failed")
        .child(el("h1").text(EN.profile_failed_title))
        .child(el("p").text(EN.profile_failed_patient))
        .child(el("p").attr("lang", "es").text(ES.profile_failed_patient))
        .child(
            el("section")
                .class("staff-details")
                .attr("aria-labelledby", "staff-details-title")
                .child(
                    el("h2")
                        .id("staff-details-title")
                        .text(&(EN.profile_failed_staff)(&failure.source)),
                )
                .child(el("ul").children(problems)),
        )
}
