//! The medicine and allergy vocabulary, which the widget does not carry in its wasm:
//! fetched when the patient leaves the first screen, used only when its SHA-256 is
//! the one the clinic profile names (so the medical director's approval covers it),
//! then installed in the core for every lookup.
//!
//! Until it has arrived the lists take free text (kept as typed) and the review waits
//! for it before showing what to talk about; offline, the patient is told plainly and
//! it is fetched again when the network returns. A file that is not the one named is
//! never used: the review then says the provider will go over the medicines and
//! allergies, and every entry reaches the provider as unrecognised.

use candor_core::profile::VocabularyRef;
use candor_core::vocabulary::data::{self, Vocabulary};
use leptos::prelude::*;

use crate::browser::vocabulary::{self as file, FetchFailure};

/// Where the vocabulary stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Not asked for yet.
    NotRequested,
    /// On its way.
    Loading,
    /// The network failed; asked again when it returns.
    Offline,
    /// Installed: lookups and the risk check use it.
    Ready,
    /// The file beside the page is not the one the profile names, or is unreadable:
    /// not used.
    Unusable,
}

/// The vocabulary's status, held by the visit.
#[derive(Clone, Copy)]
pub struct VocabularyLoader {
    /// Where it stands (reactive).
    pub status: RwSignal<Status>,
    named: StoredValue<Option<VocabularyRef>>,
}

impl VocabularyLoader {
    /// A loader for the vocabulary `named` by the profile (`None`: the profile asks
    /// for no medicines or allergies, and nothing is fetched).
    pub fn new(named: Option<VocabularyRef>) -> Self {
        let status = if data::is_loaded() {
            Status::Ready
        } else {
            Status::NotRequested
        };
        let loader = Self {
            status: RwSignal::new(status),
            named: StoredValue::new(named),
        };
        file::on_online(move || {
            if loader.status.get_untracked() == Status::Offline {
                loader.fetch();
            }
        });
        loader
    }

    /// Starts fetching, once.
    pub fn request(&self) {
        if self.status.get_untracked() == Status::NotRequested {
            self.fetch();
        }
    }

    /// Whether the risk check may run: the vocabulary is installed, or known to be
    /// unusable (every entry then goes to the provider as unrecognised).
    pub fn settled(&self) -> bool {
        matches!(
            self.status.get_untracked(),
            Status::Ready | Status::Unusable
        )
    }

    /// Fetches again after a network failure (a tap on Continue while offline), or
    /// for the first time.
    pub fn retry(&self) {
        if matches!(
            self.status.get_untracked(),
            Status::NotRequested | Status::Offline
        ) {
            self.fetch();
        }
    }

    /// Whether lookups may be trusted now (reactive).
    pub fn ready(&self) -> bool {
        self.status.get() == Status::Ready
    }

    fn fetch(&self) {
        let Some(named) = self.named.get_value() else {
            return;
        };
        let loader = *self;
        loader.status.set(Status::Loading);
        leptos::task::spawn_local(async move {
            let status = match file::fetch().await {
                Err(FetchFailure::Network) => Status::Offline,
                Err(FetchFailure::Refused) => Status::Unusable,
                Ok(bytes) if !named.matches(&bytes) => Status::Unusable,
                Ok(bytes) => match Vocabulary::read(&bytes) {
                    Ok(vocabulary) => {
                        data::install(vocabulary);
                        Status::Ready
                    }
                    Err(_) => Status::Unusable,
                },
            };
            loader.status.set(status);
        });
    }
}
