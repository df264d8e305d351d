//! Keeping the patient's unfinished visit, only when they choose to: the core decides
//! what a draft holds, whether one can be taken up again and who keeps it
//! ([`candor_core::draft`]); [`crate::browser::drafts`] seals it on this device, and
//! [`crate::browser::clinic_drafts`] seals it for the clinic's receiver when the
//! visit came from an invite link with a draft key.

use candor_core::draft::{Draft, Keeper, Resumed};
use leptos::prelude::*;

use super::Visit;
use crate::browser::clinic_drafts::{ClinicDrafts, Kept};
use crate::browser::{clock, drafts, idb::StorageError, marks};

/// Where keeping a draft stands in this visit.
#[derive(Clone, Copy)]
pub struct Drafts {
    /// Who keeps this visit's draft (the patient's device, or the clinic).
    pub keeper: StoredValue<Keeper>,
    /// Whether this page can keep a draft at all (`None` until known).
    pub storage: RwSignal<Option<bool>>,
    /// Whether the patient chose to keep their answers.
    pub keeping: RwSignal<bool>,
    /// A draft found when the visit started, offered back on the welcome screen.
    pub offered: RwSignal<Option<Resumed>>,
    /// The last write failed (said once; the visit goes on).
    pub failed: RwSignal<bool>,
    /// The invitation's forms were already sent from another device.
    pub sent_elsewhere: RwSignal<bool>,
}

impl Drafts {
    /// Nothing known yet, nothing kept; drafts go to `keeper`.
    pub fn new(keeper: Keeper) -> Self {
        Self {
            keeper: StoredValue::new(keeper),
            storage: RwSignal::new(None),
            keeping: RwSignal::new(false),
            offered: RwSignal::new(None),
            failed: RwSignal::new(false),
            sent_elsewhere: RwSignal::new(false),
        }
    }

    /// Whether the clinic keeps the draft (so it can be finished on another device).
    pub fn at_clinic(&self) -> bool {
        self.keeper
            .with_value(|k| matches!(k, Keeper::Clinic { .. }))
    }
}

/// The stored draft, opened.
async fn load(keeper: &Keeper) -> Result<Option<String>, StorageError> {
    match keeper {
        Keeper::Nobody => Ok(None),
        Keeper::Device => drafts::load().await,
        Keeper::Clinic { url, token, key } => ClinicDrafts { url, token, key }.load().await,
    }
}

/// Seals and keeps the draft; resolves once kept.
async fn save(keeper: &Keeper, json: &str) -> Result<Kept, StorageError> {
    match keeper {
        Keeper::Nobody => Ok(Kept::Saved),
        Keeper::Device => drafts::save(json).await.map(|()| Kept::Saved),
        Keeper::Clinic { url, token, key } => ClinicDrafts { url, token, key }.save(json).await,
    }
}

/// Deletes the draft (and, on this device, its key).
async fn delete(keeper: &Keeper) -> Result<(), StorageError> {
    match keeper {
        Keeper::Nobody => Ok(()),
        Keeper::Device => drafts::delete().await,
        Keeper::Clinic { url, token, key } => ClinicDrafts { url, token, key }.delete().await,
    }
}

impl Visit {
    /// At the start of a visit: whether this page can keep a draft, and a stored draft
    /// to offer back; an expired or unreadable one is deleted at once.
    pub fn look_for_draft(&self) {
        let visit = *self;
        let keeper = self.drafts.keeper.get_value();
        if keeper == Keeper::Nobody {
            // A kiosk offers nothing, not even the sentence that drafts are unavailable.
            return;
        }
        leptos::task::spawn_local(async move {
            // An invitation made for an appointment opens with its treatments chosen
            // and in the patient's language, before any draft is offered back.
            if let Keeper::Clinic { url, token, key } = &keeper
                && let Some(booking) = (ClinicDrafts { url, token, key }).booking().await
            {
                visit.take_booking(&booking);
            }
            let found = load(&keeper).await;
            // The clinic keeps an invited visit's draft whether or not this page can
            // store anything; a network failure only means nothing is offered back.
            let storage =
                keeper != Keeper::Device || !matches!(found, Err(StorageError::Unavailable));
            visit.drafts.storage.try_set(Some(storage));
            let Ok(Some(json)) = found else { return };
            let resumed = Draft::from_json(&json)
                .and_then(|d| visit.profile.with_value(|p| d.resume(p, visit.today).ok()));
            match resumed {
                Some(r) => {
                    visit.drafts.offered.try_set(Some(r));
                }
                None => {
                    let _ = delete(&keeper).await;
                }
            }
        });
    }

    /// The patient's choice to keep (or no longer keep) their answers.
    pub fn keep_draft(&self, on: bool) {
        self.drafts.keeping.set(on);
        if on {
            self.save_draft();
        } else {
            self.forget_draft();
        }
    }

    /// Saves the draft now, if the patient chose to keep it.
    pub fn save_draft(&self) {
        if !self.drafts.keeping.get_untracked() || self.consents.paper.get_untracked() {
            return;
        }
        let json = self.answers.with_untracked(|a| {
            self.profile.with_value(|p| {
                Draft::new(
                    p,
                    a,
                    self.step.get_untracked(),
                    &clock::now_rfc3339(),
                    self.today,
                )
                .to_json()
            })
        });
        let (drafts, announcement, lang) = (self.drafts, self.announcement, self.lang);
        let keeper = self.drafts.keeper.get_value();
        // `candor:draft-save` times each write; a measure per start mark also tells the
        // end-to-end tests that every write has settled before they close the page.
        let span = marks::Span::start("draft-save");
        leptos::task::spawn_local(async move {
            let saved = save(&keeper, &json).await;
            span.end();
            drafts.failed.try_set(saved.is_err());
            if saved == Ok(Kept::AlreadySent) {
                drafts.keeping.try_set(false);
                drafts.sent_elsewhere.try_set(true);
                if let Some(lang) = lang.try_get_untracked() {
                    let text = crate::text::for_lang(lang).draft_sent_elsewhere;
                    announcement.try_set(text.to_owned());
                }
            }
        });
    }

    /// Takes up the offered draft: its answers (and language) and its step.
    pub fn resume_draft(&self) {
        let Some(resumed) = self.drafts.offered.get_untracked() else {
            return;
        };
        self.drafts.offered.set(None);
        self.answers.set(resumed.answers);
        self.drafts.keeping.set(true);
        self.go_to(resumed.step);
    }

    /// Start again: the offered draft is deleted.
    pub fn discard_draft(&self) {
        self.drafts.offered.set(None);
        self.forget_draft();
    }

    /// Deletes this visit's draft wherever it is kept (submission, paper, Start
    /// again, unticked).
    pub fn forget_draft(&self) {
        let keeper = self.drafts.keeper.get_value();
        leptos::task::spawn_local(async move {
            let _ = delete(&keeper).await;
        });
    }
}
