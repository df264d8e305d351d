//! The outbox: completed, signed submissions waiting for their targets.
//!
//! Only a submission that was signed enters it, with its JWS, readable summary and
//! delivery targets, and leaves it when every target acknowledged it or when it
//! expires. The storage adapter persists the whole outbox (serde JSON) after every
//! change and before the patient is told "saved on this device"; where storage is
//! unavailable the outbox lives in memory only and the patient is told to keep the
//! page open.

use serde::{Deserialize, Serialize};

use super::DeliveryStatus;
use super::retry::{Attempt, Backoff, Outcome, classify};

/// How long a submission waits at most: seven days.
pub const DEFAULT_LIFETIME_MS: i64 = 7 * 24 * 3_600_000;

/// The queue.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outbox {
    /// Waiting submissions, oldest first.
    pub items: Vec<OutboxItem>,
    /// Submissions every target acknowledged since this page started, with the
    /// clinic's receipt time when a target gave one. Not stored: once received,
    /// nothing of a submission is kept on the device.
    #[serde(skip)]
    pub received: Vec<Received>,
}

/// A submission every target acknowledged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Received {
    /// Its id.
    pub submission_id: String,
    /// The receipt's `received_at`, as the clinic's server wrote it.
    pub received_at: Option<String>,
}

/// One submission and its progress per target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutboxItem {
    /// The submission id, sent as `Idempotency-Key` to every target, every time.
    pub submission_id: String,
    /// The compact JWS.
    pub jws: String,
    /// The readable summary (canonical JSON), sent beside the JWS.
    pub summary: String,
    /// When it was queued.
    pub queued_ms: i64,
    /// When it is given up (and deleted) if still not delivered.
    pub expires_ms: i64,
    /// Progress per target, by the target's id in the clinic profile.
    pub targets: Vec<TargetState>,
    /// The invite token of an invited visit, sent as `Authorization: Bearer` to the
    /// clinic's HTTPS targets; deleted with the submission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bearer: Option<String>,
    /// The FHIR transaction Bundle, for a clinic with a FHIR target (built once, at
    /// signing, so every retry sends the same Bundle).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fhir_bundle: Option<String>,
}

/// A signed submission as it enters the outbox.
#[derive(Clone, Copy, Debug)]
pub struct Signed<'a> {
    /// The submission id.
    pub submission_id: &'a str,
    /// The compact JWS.
    pub jws: &'a str,
    /// The readable summary (canonical JSON).
    pub summary: &'a str,
    /// The invite token of an invited visit.
    pub bearer: Option<&'a str>,
    /// The FHIR transaction Bundle, when a target needs one.
    pub fhir_bundle: Option<&'a str>,
}

impl<'a> Signed<'a> {
    /// A submission with no invite and no FHIR Bundle.
    pub fn new(submission_id: &'a str, jws: &'a str, summary: &'a str) -> Self {
        Signed {
            submission_id,
            jws,
            summary,
            bearer: None,
            fhir_bundle: None,
        }
    }
}

/// Where one target stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetState {
    /// The target's id.
    pub target: String,
    /// Attempts made so far.
    pub attempts: u32,
    /// When the next attempt is due (ignored once settled).
    pub next_ms: i64,
    /// The receipt, once delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<String>,
    /// The status of a refusal that retrying cannot fix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<u16>,
    /// What went wrong last time, as a code for staff (see [`error_code`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

/// What an attempt that did not deliver says, as a code for staff: the target's own
/// `error` code when it gave one (the reference receiver always does; codes never
/// carry a value sent), `http_<status>` otherwise, `no_answer` when offline.
pub fn error_code(attempt: &Attempt) -> String {
    match attempt {
        Attempt::NoAnswer => "no_answer".into(),
        Attempt::Answered { status, body, .. } => serde_json::from_str::<serde_json::Value>(body)
            .ok()
            .and_then(|v| v.get("error")?.as_str().map(str::to_owned))
            .filter(|code| {
                code.len() <= 40 && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            })
            .unwrap_or_else(|| format!("http_{status}")),
    }
}

/// What the clinic's staff see of a device's outbox: counts, ages and codes only,
/// never a name or an answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StaffView {
    /// Signed submissions not yet received by every target.
    pub waiting: usize,
    /// Of those, how many were refused for good (they wait for staff).
    pub refused: usize,
    /// When the oldest of them was queued.
    pub oldest_queued_ms: Option<i64>,
    /// The most recent error code, if any.
    pub last_error: Option<String>,
}

impl TargetState {
    /// Delivered or refused for good.
    pub fn settled(&self) -> bool {
        self.receipt.is_some() || self.refused.is_some()
    }
}

impl Outbox {
    /// Queues a signed submission for `targets`, due now. Queuing a submission id that
    /// is already there changes nothing (a double tap, a second tab).
    pub fn add(&mut self, signed: Signed<'_>, targets: &[&str], now_ms: i64) {
        if self
            .items
            .iter()
            .any(|i| i.submission_id == signed.submission_id)
        {
            return;
        }
        let targets = targets
            .iter()
            .map(|t| TargetState {
                target: (*t).to_owned(),
                attempts: 0,
                next_ms: now_ms,
                receipt: None,
                refused: None,
                last_error: None,
            })
            .collect();
        self.items.push(OutboxItem {
            submission_id: signed.submission_id.to_owned(),
            jws: signed.jws.to_owned(),
            summary: signed.summary.to_owned(),
            queued_ms: now_ms,
            expires_ms: now_ms + DEFAULT_LIFETIME_MS,
            targets,
            bearer: signed.bearer.map(str::to_owned),
            fhir_bundle: signed.fhir_bundle.map(str::to_owned),
        });
    }

    /// The (submission id, target) pairs due for an attempt at `now_ms`.
    pub fn due(&self, now_ms: i64) -> Vec<(String, String)> {
        self.items
            .iter()
            .flat_map(|i| {
                i.targets
                    .iter()
                    .filter(|t| !t.settled() && t.next_ms <= now_ms)
                    .map(|t| (i.submission_id.clone(), t.target.clone()))
            })
            .collect()
    }

    /// When the next attempt is due, if any is pending.
    pub fn next_due(&self) -> Option<i64> {
        self.items
            .iter()
            .flat_map(|i| i.targets.iter())
            .filter(|t| !t.settled())
            .map(|t| t.next_ms)
            .min()
    }

    /// Records how an attempt ended and returns what it meant. Items whose targets
    /// have all acknowledged are removed.
    pub fn record(
        &mut self,
        submission_id: &str,
        target: &str,
        result: &Attempt,
        backoff: Backoff,
        random: u32,
        now_ms: i64,
    ) -> Option<Outcome> {
        let item = self
            .items
            .iter_mut()
            .find(|i| i.submission_id == submission_id)?;
        let state = item
            .targets
            .iter_mut()
            .find(|t| t.target == target && !t.settled())?;
        let outcome = classify(result, state.attempts, backoff, random, now_ms);
        state.attempts += 1;
        if !matches!(outcome, Outcome::Delivered { .. }) {
            state.last_error = Some(error_code(result));
        }
        match &outcome {
            Outcome::Delivered { receipt } => state.receipt = Some(receipt.clone()),
            Outcome::RetryIn(ms) => state.next_ms = now_ms.saturating_add(*ms as i64),
            Outcome::NeedsStaff { status } => state.refused = Some(*status),
        }
        if item.targets.iter().all(|t| t.receipt.is_some()) {
            let received_at = item
                .targets
                .iter()
                .filter_map(|t| t.receipt.as_deref())
                .find_map(super::receipt_time);
            self.received.push(Received {
                submission_id: submission_id.to_owned(),
                received_at,
            });
            self.items.retain(|i| i.submission_id != submission_id);
        }
        Some(outcome)
    }

    /// Makes every pending target due now (the device came back online, the page
    /// was reloaded, the patient pressed "try again").
    pub fn retry_now(&mut self, now_ms: i64) {
        for t in self
            .items
            .iter_mut()
            .flat_map(|i| i.targets.iter_mut())
            .filter(|t| !t.settled())
        {
            t.next_ms = t.next_ms.min(now_ms);
        }
    }

    /// What staff see of this outbox (see [`StaffView`]).
    pub fn staff_view(&self) -> StaffView {
        let last = self
            .items
            .iter()
            .flat_map(|i| i.targets.iter())
            .filter(|t| t.last_error.is_some())
            .max_by_key(|t| (t.attempts, t.next_ms));
        StaffView {
            waiting: self.items.len(),
            refused: self
                .items
                .iter()
                .filter(|i| i.targets.iter().any(|t| t.refused.is_some()))
                .count(),
            oldest_queued_ms: self.items.iter().map(|i| i.queued_ms).min(),
            last_error: last.and_then(|t| t.last_error.clone()),
        }
    }

    /// Removes expired items and returns their submission ids.
    pub fn expire(&mut self, now_ms: i64) -> Vec<String> {
        let expired = self
            .items
            .iter()
            .filter(|i| i.expires_ms <= now_ms)
            .map(|i| i.submission_id.clone())
            .collect();
        self.items.retain(|i| i.expires_ms > now_ms);
        expired
    }

    /// What to tell the patient about `submission_id`. `persisted` says whether the
    /// storage adapter confirmed that the outbox is saved on this device. `receipt`
    /// is the first receipt kept by the caller once an item left the outbox.
    pub fn status(&self, submission_id: &str, persisted: bool) -> DeliveryStatus {
        let Some(item) = self.items.iter().find(|i| i.submission_id == submission_id) else {
            return match self
                .received
                .iter()
                .find(|r| r.submission_id == submission_id)
            {
                Some(r) => DeliveryStatus::Received {
                    received_at: r.received_at.clone(),
                },
                None => DeliveryStatus::Unknown,
            };
        };
        if let Some(status) = item.targets.iter().find_map(|t| t.refused) {
            return DeliveryStatus::NeedsStaff { status };
        }
        if persisted {
            DeliveryStatus::SavedOnDevice
        } else {
            DeliveryStatus::SendingKeepPageOpen
        }
    }
}
