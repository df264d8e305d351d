//! Keeping the patient's unfinished visit on their own device, only when they choose
//! to: the core decides what a draft holds and whether one can be taken up again
//! ([`candor_core::draft`]); [`crate::browser::drafts`] seals and stores it.

use candor_core::draft::{Draft, Resumed};
use leptos::prelude::*;

use super::Visit;
use crate::browser::{clock, drafts, idb::StorageError};

/// Where keeping a draft stands in this visit.
#[derive(Clone, Copy)]
pub struct Drafts {
    /// Whether this page can keep a draft at all (`None` until known).
    pub storage: RwSignal<Option<bool>>,
    /// Whether the patient chose to keep their answers on this device.
    pub keeping: RwSignal<bool>,
    /// A draft found when the visit started, offered back on the welcome screen.
    pub offered: RwSignal<Option<Resumed>>,
    /// The last write failed (said once; the visit goes on).
    pub failed: RwSignal<bool>,
}

impl Drafts {
    /// Nothing known yet, nothing kept.
    pub fn new() -> Self {
        Self {
            storage: RwSignal::new(None),
            keeping: RwSignal::new(false),
            offered: RwSignal::new(None),
            failed: RwSignal::new(false),
        }
    }
}

impl Visit {
    /// At the start of a visit: whether this page can keep a draft, and a stored draft
    /// to offer back; an expired or unreadable one is deleted at once.
    pub fn look_for_draft(&self) {
        let visit = *self;
        leptos::task::spawn_local(async move {
            let found = drafts::load().await;
            visit
                .drafts
                .storage
                .try_set(Some(!matches!(found, Err(StorageError::Unavailable))));
            let Ok(Some(json)) = found else { return };
            let resumed = Draft::from_json(&json)
                .and_then(|d| visit.profile.with_value(|p| d.resume(p, visit.today).ok()));
            match resumed {
                Some(r) => {
                    visit.drafts.offered.try_set(Some(r));
                }
                None => {
                    let _ = drafts::delete().await;
                }
            }
        });
    }

    /// The patient's choice to keep (or no longer keep) their answers here.
    pub fn keep_draft(&self, on: bool) {
        self.drafts.keeping.set(on);
        if on {
            self.save_draft();
        } else {
            forget_draft();
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
        let failed = self.drafts.failed;
        leptos::task::spawn_local(async move {
            let saved = drafts::save(&json).await;
            failed.try_set(saved.is_err());
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

    /// Start again: the offered draft is deleted, with its key.
    pub fn discard_draft(&self) {
        self.drafts.offered.set(None);
        forget_draft();
    }
}

/// Deletes any draft on this device (submission, paper, Start again, unticked).
pub fn forget_draft() {
    leptos::task::spawn_local(async {
        let _ = drafts::delete().await;
    });
}
