//! Delivering webhooks: each due delivery claimed (one receiver per delivery), signed
//! at this attempt's time with the endpoint's secrets (two during a rotation), posted
//! with the address checked again as it is connected to, and marked delivered, tried
//! again on [`crate::domain::webhook::RETRY_WAITS_S`] with a little jitter, or failed
//! for good. An endpoint whose delivery failed every attempt (three days) or that
//! answered `410 Gone` is disabled, in the audit log and on the director's console.

use crate::domain::audit::AuditAction;
use crate::domain::webhook::{self, Verdict};
use crate::egress::{Posted, WebhookPoster};
use crate::store::queries::webhook_deliveries::{self as deliveries, Attempt, Due};
use crate::store::queries::webhooks as endpoints;
use crate::store::queries::{events, notify};
use crate::store::{Result, Store};

/// How long a claimed delivery is a receiver's own before another may take it: longer
/// than an attempt may last ([`TIMEOUT`]).
pub const LEASE_MS: i64 = 60_000;

/// How long an endpoint has to answer.
pub const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// Deliveries made by one pass.
const BATCH: i64 = 20;

/// How deliveries are made: the client, and the first retry's wait (the schedule
/// scaled to it).
pub struct Deliverer<'a> {
    /// The HTTP client with the address guard.
    pub poster: &'a WebhookPoster,
    /// The first wait after a failure, in milliseconds (5,000; the tests shorten it).
    pub first_retry_ms: i64,
}

/// Makes the deliveries due at `now_ms`; how many were delivered.
///
/// # Errors
/// When the database fails (an endpoint that fails is not an error: its delivery is
/// tried again later, with the reason kept).
pub fn deliver_due(store: &Store, deliverer: &Deliverer<'_>, now_ms: i64) -> Result<usize> {
    let due = store.write(move |tx| deliveries::claim_due(tx, now_ms, LEASE_MS, BATCH))?;
    let mut delivered = 0;
    for d in due {
        if deliver_one(store, deliverer, &d)? {
            delivered += 1;
        }
    }
    Ok(delivered)
}

fn deliver_one(store: &Store, deliverer: &Deliverer<'_>, d: &Due) -> Result<bool> {
    let endpoint = d.endpoint_id.clone();
    let now_ms = crate::now_unix_ms();
    let secrets = store.read(move |c| endpoints::secrets(c, &endpoint, now_ms))?;
    let keys: Vec<Vec<u8>> = secrets
        .iter()
        .filter_map(|s| webhook::secret_bytes(s))
        .collect();
    let keys: Vec<&[u8]> = keys.iter().map(Vec::as_slice).collect();
    let timestamp = now_ms / 1000;
    let headers = [
        ("webhook-id", d.event_id.clone()),
        ("webhook-timestamp", timestamp.to_string()),
        (
            "webhook-signature",
            webhook::signature_header(&keys, &d.event_id, timestamp, &d.body),
        ),
    ];
    let posted = deliverer.poster.post(&d.url, &headers, &d.body);
    let attempts = d.attempts + 1;
    let (status, verdict, error) = outcome(&posted);
    let next_ms = match verdict {
        Verdict::Failed => webhook::retry_wait_ms(attempts, deliverer.first_retry_ms)
            .map(|wait| crate::now_unix_ms() + wait + jitter(wait)),
        Verdict::Delivered | Verdict::Gone => None,
    };
    let disable = match (verdict, next_ms) {
        (Verdict::Gone, _) => Some("the endpoint answered 410 Gone"),
        (Verdict::Failed, None) => Some("every attempt over three days failed"),
        _ => None,
    };
    let (event_id, endpoint_id, at) = (
        d.event_id.clone(),
        d.endpoint_id.clone(),
        crate::now_rfc3339(),
    );
    store.write(move |tx| {
        deliveries::attempted(
            tx,
            &Attempt {
                event_id: &event_id,
                endpoint_id: &endpoint_id,
                attempts,
                status,
                error: error.as_deref(),
                next_ms,
                at: &at,
            },
        )?;
        if let Some(reason) = disable
            && endpoints::disable(tx, &endpoint_id, &at, reason)?
        {
            let detail = serde_json::json!({ "endpoint": endpoint_id, "reason": reason });
            events::record(
                tx,
                &super::audit::event(
                    None,
                    AuditAction::WebhookDisabled,
                    None,
                    Some(detail.to_string()),
                ),
            )?;
            notify(tx)?;
        }
        Ok(())
    })?;
    if disable.is_some() {
        store.announce();
    }
    Ok(verdict == Verdict::Delivered)
}

/// The status, what it means, and why it failed in words.
fn outcome(posted: &Posted) -> (Option<u16>, Verdict, Option<String>) {
    match posted {
        Posted::Answered { status } => {
            let verdict = webhook::verdict(*status);
            let error = match verdict {
                Verdict::Delivered => None,
                Verdict::Gone => Some("answered 410 Gone".to_owned()),
                Verdict::Failed if (300..400).contains(status) => {
                    Some(format!("answered {status}, a redirect (never followed)"))
                }
                Verdict::Failed => Some(format!("answered {status}")),
            };
            (Some(*status), verdict, error)
        }
        Posted::Refused(refusal) => (None, Verdict::Failed, Some(refusal.words())),
        Posted::Unreachable => (None, Verdict::Failed, Some("could not connect".to_owned())),
        Posted::TimedOut => (
            None,
            Verdict::Failed,
            Some(format!("no answer within {} seconds", TIMEOUT.as_secs())),
        ),
    }
}

/// Up to a tenth of `wait` more, at random (so endpoints that failed together are
/// not all tried again in the same second).
fn jitter(wait: i64) -> i64 {
    let mut bytes = [0u8; 4];
    if getrandom::fill(&mut bytes).is_err() {
        return 0;
    }
    i64::from(u32::from_le_bytes(bytes) % 1_000) * (wait / 10) / 1_000
}
