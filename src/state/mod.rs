//! The widget's state: a handful of signals shared through context, the transitions
//! the interface may make, and everything else derived from them with memos.

pub mod check_in;
mod consent;
mod draft;
mod ids;
mod issues;
pub mod kiosk;
mod submit;
pub mod vocabulary;

use candor_core::delivery::invite::Invite;
use candor_core::delivery::lifecycle::Event;
use candor_core::draft::Keeper;
use candor_core::flow::{self, Step};
use candor_core::{Answer, Answers, CivilDate, ClinicProfile, Input, Lang, Localized};
use leptos::prelude::*;

use crate::browser::kiosk::KioskDevice;
use crate::browser::{dom, parent};
use crate::delivery::courier::Courier;
use crate::text::{self, Text};

pub use consent::Consents;
pub use draft::Drafts;
pub use ids::{ERROR_SUMMARY_ID, entry_id, focus_target, question_id, treatment_id};
pub use issues::{Issue, IssueKey};

/// Shared state of one visit. Answers live in memory, never in the URL; only when the
/// patient chooses to keep them on their device are they stored, sealed ([`Drafts`]).
#[derive(Clone, Copy)]
pub struct Visit {
    /// The clinic's profile.
    pub profile: StoredValue<ClinicProfile>,
    /// Today's date on the patient's device, fixed when the visit starts.
    pub today: CivilDate,
    /// Everything answered so far, including the language.
    pub answers: RwSignal<Answers>,
    /// The step on screen.
    pub step: RwSignal<Step>,
    /// Steps on which the patient has pressed Continue; their problems are shown from
    /// then on, kept up to date as they type.
    attempted: RwSignal<Vec<Step>>,
    /// Whether the patient came from the review to change an answer.
    pub returning_to_review: RwSignal<bool>,
    /// Whether the patient has moved between steps, so the new heading takes focus.
    /// False on first load, so an embedding page is not scrolled to the widget.
    pub navigated: RwSignal<bool>,
    /// Text for the polite live region, for messages that focus does not convey.
    pub announcement: RwSignal<String>,
    /// The steps for the answers so far.
    pub steps: Memo<Vec<Step>>,
    /// The language in use.
    pub lang: Memo<Lang>,
    /// Problems on the current step, whether shown yet or not.
    pub issues: Memo<Vec<Issue>>,
    /// Disclosure, consent decisions, signatures and the audit trail.
    pub consents: Consents,
    /// The patient's draft (on this device, or sealed at the clinic for an invited
    /// visit), if they chose to keep one.
    pub drafts: Drafts,
    /// The invite this visit was opened with (`#invite=…`), if any.
    pub invite: StoredValue<Option<Invite>>,
    /// The clinic's kiosk this visit runs on, if it does (see [`kiosk`]).
    pub kiosk: StoredValue<Option<KioskDevice>>,
    /// The page's courier, which carries the signed summary to the clinic. It holds
    /// browser objects, so it is kept in the local arena.
    pub courier: StoredValue<Courier, LocalStorage>,
    /// The medicine and allergy vocabulary, fetched once the visit leaves the welcome
    /// screen (see [`vocabulary`]).
    pub vocabulary: vocabulary::VocabularyLoader,
}

impl Visit {
    /// A fresh visit for `profile` on `today`, in `lang` (the profile's default, or
    /// the one the embedding page asked for), opened with `invite` if there was one.
    pub fn new(
        profile: ClinicProfile,
        today: CivilDate,
        invite: Option<Invite>,
        courier: Courier,
        lang: Lang,
        kiosk: Option<KioskDevice>,
    ) -> Self {
        let answers = RwSignal::new(Answers::new(lang));
        let profile = StoredValue::new(profile);
        let step = RwSignal::new(Step::Welcome);
        let lang = Memo::new(move |_| answers.with(|a| a.language));
        Self {
            profile,
            today,
            answers,
            step,
            attempted: RwSignal::new(Vec::new()),
            returning_to_review: RwSignal::new(false),
            navigated: RwSignal::new(false),
            announcement: RwSignal::new(String::new()),
            steps: Memo::new(move |_| {
                answers.with(|a| profile.with_value(|p| flow::steps(p, a, today)))
            }),
            lang,
            issues: Memo::new(move |_| {
                let text = text::for_lang(lang.get());
                answers.with(|a| {
                    profile.with_value(|p| issues::for_step(step.get(), p, a, today, text))
                })
            }),
            consents: Consents::new(),
            drafts: Drafts::new(
                profile.with_value(|p| Keeper::for_visit(p, invite.as_ref(), kiosk.is_some())),
            ),
            kiosk: StoredValue::new(kiosk),
            invite: StoredValue::new(invite),
            courier: StoredValue::new_local(courier),
            vocabulary: vocabulary::VocabularyLoader::new(
                profile.with_value(|p| p.vocabulary.clone()),
            ),
        }
    }

    /// Whether leaving the page now would lose the patient's work (the core decides,
    /// from where the visit stands and what the courier says of the submission).
    pub fn leaving_loses_work(&self) -> bool {
        let started = self.step.get_untracked() != Step::Welcome;
        let paper = self.consents.paper.get_untracked();
        let delivery = self
            .courier
            .with_value(|c| c.status.get_untracked())
            .delivery_status();
        candor_core::delivery::leaving_loses_work(started && !paper, delivery.as_ref())
    }

    /// Whether this visit runs on the clinic's kiosk.
    pub fn on_kiosk(&self) -> bool {
        self.kiosk.with_value(Option::is_some)
    }

    /// The `autocomplete` token for a patient field: none on a kiosk, so the browser
    /// never learns one patient's details to offer the next.
    pub fn autocomplete(&self, token: &'static str) -> &'static str {
        if self.on_kiosk() { "off" } else { token }
    }

    /// The visit provided by [`crate::app::App`].
    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// The interface's words in the current language (reactive).
    pub fn text(&self) -> &'static Text {
        text::for_lang(self.lang.get())
    }

    /// Text the interface composes (with a name or a number) that follows the language.
    pub fn t_with(
        &self,
        compose: impl Fn(&'static Text) -> String + Send + Sync + 'static,
    ) -> Signal<String> {
        let lang = self.lang;
        Signal::derive(move || compose(text::for_lang(lang.get())))
    }

    /// Clinic-written text in the patient's language.
    pub fn localized(&self, text: Localized) -> Signal<String> {
        let lang = self.lang;
        Signal::derive(move || text.get(lang.get()).to_owned())
    }

    /// Reads the profile.
    pub fn with_profile<T>(&self, f: impl FnOnce(&ClinicProfile) -> T) -> T {
        self.profile.with_value(f)
    }

    /// Switches language; every answer is kept and the answers record the language.
    pub fn set_language(&self, lang: Lang) {
        self.answers.update(|a| a.language = lang);
    }

    /// Whether problems are shown on the current step.
    pub fn showing_issues(&self) -> bool {
        let step = self.step.get();
        self.attempted.with(|a| a.contains(&step))
    }

    /// The shown problem with `key`, as words.
    pub fn shown_issue(&self, key: &IssueKey) -> Option<String> {
        if !self.showing_issues() {
            return None;
        }
        self.issues.with(|issues| {
            issues
                .iter()
                .find(|i| &i.key == key)
                .map(|i| i.message.clone())
        })
    }

    /// Records an answer to a profile question (hidden answers are pruned at once).
    pub fn answer(&self, question: &str, answer: Answer) {
        let today = self.today;
        self.profile
            .with_value(|p| self.answers.update(|a| a.set(p, question, answer, today)));
    }

    /// The current answer to `question`.
    pub fn answer_of(&self, question: &str) -> Option<Answer> {
        self.answers.with(|a| a.values.get(question).cloned())
    }

    /// Replaces one "Your details" text box; answers that depend on age are re-checked.
    pub fn set_detail(&self, input: Input, text: String) {
        let today = self.today;
        self.profile.with_value(|p| {
            self.answers.update(|a| {
                a.details.set(input, text);
                a.prune(p, today);
            })
        });
    }

    /// Chooses or unchooses a treatment.
    pub fn choose_treatment(&self, id: &str, chosen: bool) {
        let today = self.today;
        self.profile.with_value(|p| {
            self.answers
                .update(|a| a.choose_treatment(p, id, chosen, today))
        });
    }

    /// Takes up what was booked for an invited visit: its language (when the clinic
    /// offers it) and its treatments, unless the patient already chose some.
    pub fn take_booking(&self, booking: &candor_core::delivery::booking::Booking) {
        let today = self.today;
        self.profile.with_value(|p| {
            let lang = booking.lang(p);
            self.answers.update(|a| {
                if let Some(lang) = lang {
                    a.language = lang;
                }
                booking.choose_for(p, a, today);
            });
        });
    }

    /// Records the product chosen for `treatment`, or that the patient does not know.
    pub fn choose_product(&self, treatment: &str, product: Option<&str>) {
        self.profile.with_value(|p| {
            self.answers
                .update(|a| a.choose_product(p, treatment, product))
        });
    }

    /// Moves to the step after the current one (consent steps decide for themselves
    /// when they are done, so they move on through here). Deciding the last consent
    /// sends the signed summary at once: nothing more to tap, and a reload or a closed
    /// tab after that point loses nothing.
    pub fn advance(&self) {
        let steps = self.steps.get_untracked();
        if let Some(next) = flow::next(&steps, self.step.get_untracked()) {
            if next == Step::Done {
                self.send();
                // Signed and on its way (the outbox keeps it sealed): the draft goes.
                self.drafts.keeping.set(false);
                self.forget_draft();
            }
            self.go_to(next);
        }
    }

    /// Continue on the review: only once the risk check has its vocabulary (or the
    /// vocabulary is known to be unusable, when every entry goes to the provider as
    /// unrecognised), so what is signed was checked; until then the waiting message
    /// is announced and the vocabulary asked for again.
    pub fn advance_from_review(&self) {
        let loader = self.vocabulary;
        if loader.settled() {
            self.advance();
        } else {
            let text = text::for_lang(self.lang.get_untracked());
            let message = match loader.status.get_untracked() {
                vocabulary::Status::Offline => text.talk_offline,
                _ => text.talk_checking,
            };
            self.announcement.set(message.to_owned());
            loader.retry();
        }
    }

    /// Builds, signs and sends the visit's summary (once: again while one is under way
    /// or after it was handed over does nothing); "Try again" calls it too.
    pub fn send(&self) {
        leptos::task::spawn_local(submit::send(*self));
    }

    /// The patient would rather use paper: nothing is sent, every answer is cleared.
    pub fn choose_paper(&self) {
        self.forget_draft();
        self.drafts.keeping.set(false);
        let lang = self.lang.get_untracked();
        self.answers.set(Answers::new(lang));
        self.consents.paper.set(true);
        parent::notify(&Event::PaperChosen);
    }

    /// Shows `step`, moving focus to its heading.
    pub fn go_to(&self, step: Step) {
        self.announcement.set(String::new());
        self.navigated.set(true);
        self.step.set(step);
        // The vocabulary is not in the first visit's bytes: it comes once the patient
        // has started, while they choose and type.
        self.vocabulary.request();
        // After each step, if the patient chose to keep their answers here.
        self.save_draft();
        // The embedding page brings the frame's top into view.
        parent::notify(&Event::StepShown);
    }

    /// Moves back one step; answers are kept.
    pub fn back(&self) {
        self.returning_to_review.set(false);
        let steps = self.steps.get_untracked();
        if let Some(previous) = flow::previous(&steps, self.step.get_untracked()) {
            self.go_to(previous);
        }
    }

    /// Moves on if the step's answers are complete (to the review when the patient
    /// came from there). Otherwise shows the problems, announces how many there are
    /// and moves focus to the error summary.
    #[inline(never)]
    pub fn next(&self) {
        let step = self.step.get_untracked();
        self.attempted.update(|a| {
            if !a.contains(&step) {
                a.push(step);
            }
        });
        let count = self.issues.with_untracked(Vec::len);
        if count > 0 {
            let text = text::for_lang(self.lang.get_untracked());
            self.announcement.set((text.problems_announcement)(count));
            request_animation_frame(|| dom::focus_and_reveal(ERROR_SUMMARY_ID));
            return;
        }
        let target = if self.returning_to_review.get_untracked() {
            Some(Step::Review)
        } else {
            flow::next(&self.steps.get_untracked(), step)
        };
        self.returning_to_review.set(false);
        if step == Step::Welcome {
            parent::notify(&Event::Started);
        }
        if let Some(target) = target {
            let subject = match step {
                Step::Welcome => "welcome".to_owned(),
                Step::Treatments => "treatments".to_owned(),
                Step::Details => "details".to_owned(),
                Step::Section(i) => self.with_profile(|p| p.sections[i].id.clone()),
                _ => String::new(),
            };
            self.consents.log(
                candor_core::summary::AuditKind::StepCompleted,
                Some(subject),
            );
            self.go_to(target);
        }
    }

    /// From the review: goes to `step` to change an answer, focusing `target`;
    /// Continue there comes back to the review.
    pub fn change(&self, step: Step, target: String) {
        self.go_to(step);
        self.returning_to_review.set(true);
        request_animation_frame(move || dom::focus_and_reveal(&target));
    }
}
