//! The clinic's profile file as versions: read when it changes on disk, hashed,
//! linted and tested once ([`candor_core::risk::assess`]), and recorded in the store.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use candor_core::ClinicProfile;
use candor_core::risk::Assessment;

use crate::store::Store;
use crate::store::protocols::ProfileVersion;

/// One version of the profile, as served.
pub struct Version {
    /// SHA-256 of its canonical form.
    pub sha256: String,
    /// The document.
    pub text: Arc<str>,
    compressed: OnceLock<Arc<[u8]>>,
    gzipped: OnceLock<Arc<[u8]>>,
    compressing: AtomicBool,
    profile: OnceLock<Option<Arc<ClinicProfile>>>,
}

impl Version {
    /// The version of the document `text`, whose hash is `sha256`.
    pub fn of(sha256: String, text: String) -> Version {
        Version {
            sha256,
            text: text.into(),
            compressed: OnceLock::new(),
            gzipped: OnceLock::new(),
            compressing: AtomicBool::new(false),
            profile: OnceLock::new(),
        }
    }

    /// The document read as a profile (read once), or `None` when it does not read.
    pub fn profile(&self) -> Option<Arc<ClinicProfile>> {
        self.profile
            .get_or_init(|| ClinicProfile::from_json(&self.text).ok().map(Arc::new))
            .clone()
    }

    /// The document brotli-compressed at quality 11, once it is ready. The first call
    /// starts compressing on a thread of its own (a quarter of a second for the demo
    /// profile in a release build), so no request waits for it: until then the
    /// document is sent as it is.
    pub fn brotli(self: &Arc<Self>) -> Option<Arc<[u8]>> {
        if let Some(ready) = self.compressed.get() {
            return Some(ready.clone());
        }
        self.start_compressing();
        None
    }

    /// The document gzip-compressed at level 9, once it is ready (made beside the
    /// brotli copy), for a client that does not take brotli.
    pub fn gzip(self: &Arc<Self>) -> Option<Arc<[u8]>> {
        if let Some(ready) = self.gzipped.get() {
            return Some(ready.clone());
        }
        self.start_compressing();
        None
    }

    /// Compresses the document both ways on a thread of its own, once.
    fn start_compressing(self: &Arc<Self>) {
        if self.compressing.swap(true, Ordering::SeqCst) {
            return;
        }
        let version = self.clone();
        std::thread::spawn(move || {
            if let Some(out) = super::compress::gzip(version.text.as_bytes()) {
                let _ = version.gzipped.set(out.into());
            }
            if let Some(out) = super::compress::brotli(version.text.as_bytes()) {
                let _ = version.compressed.set(out.into());
            }
        });
    }
}

/// The lint findings and test outcomes of a profile document; `None` when it cannot
/// be read at all.
pub fn assessment(text: &str) -> Option<Assessment> {
    let profile = ClinicProfile::read_unchecked(text).ok()?;
    Some(candor_core::risk::assess(&profile, today()))
}

/// Today's date in UTC, from the receiver's clock.
pub fn today() -> candor_core::CivilDate {
    let now = crate::now_rfc3339();
    let mut parts = now.get(..10).unwrap_or("1970-01-01").split('-');
    let mut next = || {
        parts
            .next()
            .and_then(|p| p.parse::<i32>().ok())
            .unwrap_or(1)
    };
    let (y, m, d) = (next(), next(), next());
    candor_core::CivilDate::new(y, m as u8, d as u8)
        .unwrap_or_else(|| candor_core::CivilDate::new(1970, 1, 1).expect("a date"))
}

/// The record of `text` (hash `sha256`) for the store, with its counts.
pub fn record_of(sha256: &str, text: &str) -> ProfileVersion {
    let (errors, warnings, passed, failed) = match assessment(text) {
        Some(a) => {
            let errors = a.errors();
            let failed = a.failed();
            (
                errors,
                a.issues.len() - errors,
                a.tests.len() - failed,
                failed,
            )
        }
        None => (1, 0, 0, 0),
    };
    ProfileVersion {
        sha256: sha256.to_owned(),
        text: text.to_owned(),
        first_seen: crate::now_rfc3339(),
        lint_errors: errors as i64,
        lint_warnings: warnings as i64,
        tests_passed: passed as i64,
        tests_failed: failed as i64,
    }
}

/// The file's last version read, by its modification time and length.
#[derive(Default)]
pub struct FileCache {
    last: Mutex<Option<(SystemTime, u64, Arc<Version>)>>,
}

impl FileCache {
    /// The current version of the file at `path`, read again when it changed and
    /// recorded in `store` when new.
    pub fn current(&self, path: &Path, store: &Store) -> Result<Arc<Version>, String> {
        let shown = path.display();
        let meta = std::fs::metadata(path).map_err(|e| format!("{shown}: {e}"))?;
        let stamp = (
            meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
            meta.len(),
        );
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((modified, len, version)) = last.as_ref()
            && (*modified, *len) == stamp
        {
            return Ok(version.clone());
        }
        let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
        let sha256 = candor_core::profile::fingerprint::sha256_of_text(&text)
            .map_err(|e| format!("{shown}: {e}"))?;
        store
            .record_profile_version(&record_of(&sha256, &text))
            .map_err(|e| e.to_string())?;
        let version = Arc::new(Version::of(sha256, text));
        version.brotli();
        *last = Some((stamp.0, stamp.1, version.clone()));
        Ok(version)
    }
}
