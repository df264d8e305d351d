//! A check-in after a treatment, opened from the link in the clinic's message: the
//! patient's answers as signals, what they mean at once (the core's [`assess`] and
//! [`problems`]), and sending the report, retried by the core's rules while the page
//! is open.
//!
//! Few reactive types on purpose: each signal or memo of a new type costs its own
//! copy of the reactive system's code in the wasm.

use candor_core::check_in::{
    CHECK_IN_FORMAT, CheckInAnswers, CheckInProblem, CheckInReport, Urgency, assess, problems,
};
use candor_core::delivery::retry::classify;
use candor_core::delivery::{Backoff, Outcome};
use candor_core::profile::CheckIns;
use candor_core::{ClinicProfile, Lang};
use leptos::prelude::*;

use crate::browser::check_in as link;
use crate::browser::photo::{Photo, PhotoProblem};
use crate::browser::{clock, kiosk, signing};
use crate::text::{self, CheckInText};

/// Where the answers stand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Not sent yet.
    Idle,
    /// Being sent.
    Sending,
    /// No answer (or one retrying can fix): tried again by itself.
    Waiting,
    /// Received by the clinic.
    Received,
    /// Refused in a way retrying cannot fix, with the status (0: this browser could
    /// not make the report).
    Refused(u16),
}

/// The photo field's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhotoState {
    /// No photo.
    None,
    /// Being made smaller.
    Preparing,
    /// Ready to send.
    Ready(Photo),
    /// The chosen file cannot be sent.
    Refused(PhotoProblem),
}

/// What does not change while the check-in is open, and what sending keeps.
struct Fixed {
    treatment: String,
    day: u16,
    asks: CheckIns,
    token: String,
    /// The report's id and finishing time, fixed at the first send so a retry sends
    /// the same report.
    sent_as: Option<(String, String)>,
    /// The next automatic attempt, while one waits.
    retry: Option<i32>,
}

/// One check-in's state.
#[derive(Clone, Copy)]
pub struct CheckIn {
    /// The clinic's profile.
    pub profile: StoredValue<ClinicProfile>,
    fixed: StoredValue<Fixed>,
    /// The language shown.
    pub lang: RwSignal<Lang>,
    /// Pain, the ticked signs (in the order ticked) and the note; `photo` is set
    /// from [`CheckIn::photo`] when sending.
    pub answers: RwSignal<CheckInAnswers>,
    /// The photo.
    pub photo: RwSignal<PhotoState>,
    /// Where the answers stand.
    pub delivery: RwSignal<Delivery>,
    /// The answers' urgency, by the core's [`assess`]: the local, immediate one.
    pub urgency: Memo<Urgency>,
}

impl CheckIn {
    /// The check-in `current` (whose treatment asks `asks`), shown in `lang`.
    pub fn new(
        profile: StoredValue<ClinicProfile>,
        asks: CheckIns,
        current: &link::Current,
        token: String,
        lang: RwSignal<Lang>,
    ) -> CheckIn {
        let fixed = StoredValue::new(Fixed {
            treatment: current.treatment.clone(),
            day: current.day,
            asks,
            token,
            sent_as: None,
            retry: None,
        });
        let answers = RwSignal::new(CheckInAnswers::default());
        let delivery = RwSignal::new(Delivery::Idle);
        // Leaving while the answers are on their way asks first.
        crate::browser::leaving::warn_while(move || {
            delivery
                .try_with_untracked(|d| matches!(d, Delivery::Sending | Delivery::Waiting))
                .unwrap_or(false)
        });
        CheckIn {
            profile,
            fixed,
            lang,
            answers,
            photo: RwSignal::new(PhotoState::None),
            delivery,
            urgency: Memo::new(move |_| {
                answers.with(|a| fixed.with_value(|f| assess(&f.asks, a).act))
            }),
        }
    }

    /// The words in the language shown.
    pub fn text(&self) -> &'static CheckInText {
        text::check_in_for(self.lang.get())
    }

    /// What the clinic asks after this treatment.
    pub fn with_asks<T>(&self, f: impl FnOnce(&CheckIns) -> T) -> T {
        self.fixed.with_value(|fixed| f(&fixed.asks))
    }

    /// The treatment's name in the language shown.
    pub fn treatment_name(&self) -> String {
        let lang = self.lang.get();
        let id = self.fixed.with_value(|f| f.treatment.clone());
        self.profile.with_value(|p| {
            p.treatment(&id)
                .map(|t| t.name.get(lang).to_owned())
                .unwrap_or_default()
        })
    }

    /// The answers' problems, by the core's [`problems`].
    pub fn problems(&self) -> Vec<CheckInProblem> {
        self.answers
            .with(|a| self.with_asks(|asks| problems(asks, a)))
    }

    /// Ticks or unticks a sign.
    pub fn toggle_sign(&self, id: String, ticked: bool) {
        self.answers.update(|a| {
            a.signs.retain(|t| *t != id);
            if ticked {
                a.signs.push(id);
            }
        });
    }

    /// Sends the answers (while under way, once received, or with a problem, this
    /// does nothing).
    pub fn send(self) {
        if matches!(
            self.delivery.get_untracked(),
            Delivery::Sending | Delivery::Received
        ) || !untrack(|| self.problems()).is_empty()
        {
            return;
        }
        if let Some(handle) = self.fixed.with_value(|f| f.retry) {
            kiosk::cancel(handle);
        }
        leptos::task::spawn_local(self.deliver(0));
    }

    /// The report's JSON (canonical) and the photo, as they stand.
    fn report(&self) -> Option<(String, Option<String>)> {
        let sent_as = match self.fixed.with_value(|f| f.sent_as.clone()) {
            Some(fixed) => fixed,
            None => {
                let made = (signing::random_uuid().ok()?, clock::now_rfc3339());
                self.fixed.update_value(|f| f.sent_as = Some(made.clone()));
                made
            }
        };
        let photo = self.photo.with_untracked(|p| match p {
            PhotoState::Ready(photo) => Some(photo.base64().to_owned()),
            _ => None,
        });
        let (id, completed_at) = sent_as;
        let report = CheckInReport {
            format: CHECK_IN_FORMAT,
            id,
            treatment: self.fixed.with_value(|f| f.treatment.clone()),
            day: self.fixed.with_value(|f| f.day),
            profile_version: self.profile.with_value(|p| p.version.clone()),
            profile_sha256: self.profile.with_value(|p| p.sha256.clone()),
            language: self.lang.get_untracked(),
            answers: CheckInAnswers {
                photo: photo.is_some(),
                ..self.answers.get_untracked()
            },
            urgency: self.urgency.get_untracked(),
            completed_at,
        };
        let json = String::from_utf8(report.canonical_bytes().ok()?).ok()?;
        Some((json, photo))
    }

    /// One attempt, then, when retrying can help, the next after the core's backoff.
    async fn deliver(self, attempt: u32) {
        self.delivery.set(Delivery::Sending);
        let Some((json, photo)) = self.report() else {
            self.delivery.set(Delivery::Refused(0));
            return;
        };
        let token = self.fixed.with_value(|f| f.token.clone());
        let result = link::send(&token, &json, photo.as_deref()).await;
        let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
        let now = js_sys::Date::now() as i64;
        match classify(&result, attempt, Backoff::DEFAULT, random, now) {
            Outcome::Delivered { .. } => self.delivery.set(Delivery::Received),
            Outcome::NeedsStaff { status } => self.delivery.set(Delivery::Refused(status)),
            Outcome::RetryIn(ms) => {
                self.delivery.set(Delivery::Waiting);
                let wait = i32::try_from(ms.max(1_000)).unwrap_or(60_000);
                let handle = kiosk::after(wait, move || {
                    self.fixed.update_value(|f| f.retry = None);
                    if self.delivery.get_untracked() == Delivery::Waiting {
                        leptos::task::spawn_local(self.deliver(attempt + 1));
                    }
                });
                self.fixed.update_value(|f| f.retry = handle);
            }
        }
    }
}
