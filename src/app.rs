//! The top of the interface: loading the clinic profile, then the visit's frame:
//! clinic bar, language switcher, progress, the current step, live region.

use candor_core::ClinicProfile;
use candor_core::delivery::invite::Invite;
use candor_core::delivery::lifecycle::{self, Event};
use candor_core::flow::Step;
use leptos::prelude::*;

use crate::browser::boot::Rendered;
use crate::browser::check_in::{self as check_in_link, Current, OpenFailure};
use crate::browser::kiosk::KioskDevice;
use crate::browser::profile_source::{self, LoadFailure, ProfileSource};
use crate::browser::{clock, dom, marks};
use crate::components::{
    language_buttons, language_switch, progress, staff_control, staff_dialogs, still_there,
};
use crate::html::{El, el};
use crate::state::Visit;
use crate::state::check_in::CheckIn;
use crate::state::kiosk::Kiosk;
use crate::steps::check_in as check_in_screens;
use crate::steps::{
    consent_step, details_step, disclosure_step, done_step, enrol_screen, handback_screen,
    paper_screen, review_step, section_step, start_screen, treatments_step, welcome_step,
};
use crate::text::{EN, ES};

/// The clinic profile, or why it cannot be used.
pub type LoadedProfile = Result<ClinicProfile, LoadFailure>;

/// Loads the profile the page asks for: the clinic's `profile.json` beside the page,
/// or the profile named by `?profile=`. The approval shown and recorded is only ever
/// the one the receiver sends with the page's own profile for its exact hash (the
/// `Candor-Approval` header); an `approval` written in the profile file itself is a
/// claim, never shown.
pub async fn load_profile() -> LoadedProfile {
    let span = marks::Span::start("profile");
    let source = profile_source::requested()?;
    let fetched = match &source {
        ProfileSource::Clinic => profile_source::fetch(profile_source::CLINIC_PROFILE).await?,
        ProfileSource::Url(url) => profile_source::fetch(url).await?,
    };
    let mut profile = fetched.profile;
    let approval = match source {
        ProfileSource::Clinic => fetched
            .approval
            .and_then(|doc| candor_core::risk::published_approval(&doc, &profile.sha256)),
        ProfileSource::Url(_) => None,
    };
    if let Some(protocol) = profile.protocol.as_mut() {
        protocol.approval = approval;
    }
    span.end();
    Ok(profile)
}

/// What the page was opened with, besides the profile.
pub struct Opened {
    /// An invite link's invite.
    pub invite: Option<Invite>,
    /// A kiosk enrolment link's code.
    pub enrolment: Option<String>,
    /// This tablet, when the browser is an enrolled kiosk.
    pub kiosk: Option<KioskDevice>,
    /// A check-in link's token: the page shows that check-in instead of a visit.
    pub check_in: Option<String>,
    /// The welcome the receiver rendered into the page, which the widget replaces.
    pub rendered: Option<Rendered>,
}

/// Builds the whole widget into `root` for `loaded`: the visit (or, opened with a
/// kiosk enrolment link, the enrolment screen), or a clear account of why the profile
/// cannot be used. Call inside a reactive owner, which holds the widget's state.
pub fn app(root: El, loaded: LoadedProfile, opened: Opened) -> El {
    match (loaded, opened.enrolment) {
        (Ok(profile), None) if opened.check_in.is_some() => {
            root.children(check_in_view(profile, opened.check_in.unwrap_or_default()))
        }
        (Ok(profile), Some(code)) => {
            let text = crate::text::for_lang(profile.default_language());
            root.child(enrol_screen(code, profile.kiosk.enrol_url.clone(), text))
        }
        (Ok(profile), None) => root.children(visit_view(
            profile,
            opened.invite,
            opened.kiosk,
            opened.rendered.unwrap_or_default(),
        )),
        (Err(failure), _) => root.child(profile_failed(failure)),
    }
}

/// A visit for a loaded profile (on the clinic's kiosk when `kiosk` is given), in the
/// language of the `rendered` welcome, else the page's `?lang=`, else the profile's
/// default; Start pressed on the rendered welcome moves on.
fn visit_view(
    profile: ClinicProfile,
    invite: Option<Invite>,
    kiosk: Option<KioskDevice>,
    rendered: Rendered,
) -> Vec<El> {
    let span = marks::Span::start("visit-state");
    crate::browser::parent::configure(lifecycle::parent_origins(&profile.delivery));
    let options = crate::browser::embedding::options();
    crate::browser::embedding::apply_theme(&options);
    crate::browser::embedding::report_height();
    let courier = crate::delivery::courier::Courier::start(profile.delivery.clone());
    // The receiver's choice already took `?lang=` into account.
    let lang = (rendered.lang)
        .or(options.lang)
        .filter(|l| profile.languages.contains(l))
        .unwrap_or_else(|| profile.default_language());
    let visit = Visit::new(
        profile,
        clock::today(),
        invite,
        courier,
        lang,
        kiosk.clone(),
    );
    provide_context(visit);
    let kiosk = kiosk.map(|device| Kiosk::start(visit, device));
    if let Some(kiosk) = kiosk {
        provide_context(kiosk);
    } else {
        // A kiosk never asks to stay: its wipe leaves the page, and what must not be
        // lost (the signed forms) is kept in the outbox, or the wipe waits for it.
        crate::browser::leaving::warn_while(move || visit.leaving_loses_work());
    }
    visit.look_for_draft();
    crate::browser::leaving::on_page_hide(move || visit.save_draft());
    span.end();
    let span = marks::Span::start("render");
    Effect::new(move |_| {
        let lang = visit.lang.get();
        dom::set_document_language(lang.code(), visit.text().welcome.page_title);
    });
    let clinic = visit.with_profile(|p| p.name.clone());
    let demo = visit.with_profile(|p| p.demo);
    let unapproved =
        visit.with_profile(|p| p.protocol.as_ref().is_some_and(|r| r.approval.is_none()));
    let approval = visit.with_profile(|p| p.protocol.as_ref().and_then(|r| r.approval.clone()));
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
                .child_opt(kiosk.map(staff_control))
                .child_opt(language_switch()),
        ),
    ];
    if demo {
        out.push(banner(|t| t.welcome.demo_banner));
    }
    if unapproved {
        out.push(banner(|t| t.welcome.protocol_unapproved));
    }
    if let Some(approval) = approval {
        out.push(el("p").class("approval-line").text_with(move || {
            visit
                .text()
                .approval_line(&approval.approver, &approval.credential, &approval.date)
        }));
    }
    // The screen on show: rebuilt when the step changes, never for an answer.
    let screen = Memo::new(move |_| (visit.consents.paper.get(), visit.step.get()));
    out.push(el("main").class("page").child(progress()).children_for(
        screen,
        move |(paper, step)| {
            if paper {
                return vec![match kiosk {
                    Some(kiosk) => handback_screen(kiosk, true),
                    None => paper_screen(),
                }];
            }
            vec![match (step, kiosk) {
                (Step::Welcome, Some(kiosk)) => start_screen(kiosk),
                (Step::Done, Some(kiosk)) => handback_screen(kiosk, false),
                (step, _) => match step {
                    Step::Welcome => welcome_step(),
                    Step::Treatments => treatments_step(),
                    Step::Details => details_step(),
                    Step::Section(index) => section_step(index),
                    Step::Review => review_step(),
                    Step::Disclosure => disclosure_step(),
                    Step::Consent(index) => consent_step(index),
                    Step::Done => done_step(),
                },
            }]
        },
    ));
    if let Some(kiosk) = kiosk {
        out.push(still_there(kiosk));
        out.push(staff_dialogs(kiosk));
    }
    out.push(
        el("div")
            .class("visually-hidden")
            .attr("role", "status")
            .attr("aria-live", "polite")
            .text_with(move || visit.announcement.get()),
    );
    crate::browser::parent::notify(&Event::Ready);
    if rendered.start && kiosk.is_none() {
        visit.next();
    }
    span.end();
    out
}

/// A check-in opened from the clinic's message: the clinic bar with the language
/// switch, then the check-in the receiver describes for the link's token.
fn check_in_view(profile: ClinicProfile, token: String) -> Vec<El> {
    let lang = RwSignal::new(
        crate::browser::embedding::options()
            .lang
            .filter(|l| profile.languages.contains(l))
            .unwrap_or_else(|| profile.default_language()),
    );
    Effect::new(move |_| {
        let lang = lang.get();
        dom::set_document_language(lang.code(), crate::text::check_in_for(lang).page_title);
    });
    let switch = language_buttons(
        profile.languages.clone(),
        lang.into(),
        Callback::new(move |l| lang.set(l)),
        Signal::derive(move || {
            crate::text::for_lang(lang.get())
                .welcome
                .language_label
                .to_owned()
        }),
    );
    let header = el("header").class("clinic-bar").child(
        el("div")
            .class("clinic-bar-inner")
            .child(el("p").class("clinic-name").text(&profile.name))
            .child_opt(switch),
    );
    let demo = profile.demo.then(|| {
        el("p").class("demo-banner").text_with(move || {
            crate::text::for_lang(lang.get())
                .welcome
                .demo_banner
                .to_owned()
        })
    });
    let profile = StoredValue::new(profile);
    let token = StoredValue::new(token);
    let opened: RwSignal<Option<Result<Current, OpenFailure>>> = RwSignal::new(None);
    let open = move || {
        opened.set(None);
        leptos::task::spawn_local(async move {
            let current = check_in_link::current(&token.get_value()).await;
            if let Ok(Some(l)) = current.as_ref().map(|c| c.language)
                && profile.with_value(|p| p.languages.contains(&l))
            {
                lang.set(l);
            }
            opened.set(Some(current));
        });
    };
    open();
    let clinic_link = move || {
        profile
            .with_value(|p| check_in_screens::clinic_link(p, crate::text::check_in_for(lang.get())))
    };
    let failed = move |failure| {
        check_in_screens::failed_screen(failure, lang, clinic_link, Callback::new(move |()| open()))
    };
    // Rebuilt when the receiver's answer arrives (never for the language).
    let main = el("main").class("page").children_with(move || {
        let opened = opened.get();
        untrack(|| {
            vec![match opened {
                None => check_in_screens::opening_screen(lang),
                Some(Err(failure)) => failed(failure),
                Some(Ok(current)) if current.completed => {
                    check_in_screens::completed_screen(lang, clinic_link)
                }
                Some(Ok(current)) => {
                    let asks = profile.with_value(|p| {
                        p.treatment(&current.treatment)
                            .and_then(|t| t.check_ins.clone())
                    });
                    match asks {
                        Some(asks) => check_in_screens::check_in_screen(CheckIn::new(
                            profile,
                            asks,
                            &current,
                            token.get_value(),
                            lang,
                        )),
                        None => failed(OpenFailure::Unknown),
                    }
                }
            }]
        })
    });
    let mut out = vec![header];
    out.extend(demo);
    out.push(main);
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
    let retry = |text: &crate::text::Text| {
        el("p")
            .text(text.profile_failed_network)
            .text(" ")
            .child(el("a").attr("href", "").text(text.try_again))
    };
    let retry_en = failure.retry.then(|| retry(&EN));
    let retry_es = failure.retry.then(|| retry(&ES).attr("lang", "es"));
    el("main")
        .class("page profile-failed")
        .child(el("h1").text(EN.profile_failed_title))
        .child_opt(retry_en)
        .child(el("p").text(EN.profile_failed_patient))
        .child_opt(retry_es)
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
