//! One record, as its chart shows it: the stored summary and its signature checked
//! again, where its review stands and what was done, and the other records under the
//! same submission id when another key used it.

use std::collections::HashMap;

use candor_core::summary::Summary;

use crate::domain::record::RecordKey;
use crate::domain::review::ReviewState;
use crate::protocol::Standing;
use crate::service::ServiceError;
use crate::store::queries::{appointments, events, queue, submissions};
use crate::store::staff::ConsoleEvent;
use crate::store::{Store, StoredSubmission};

/// Everything a chart shows of one record.
pub struct Chart {
    /// Which record.
    pub key: RecordKey,
    /// As stored.
    pub stored: StoredSubmission,
    /// The summary it carries.
    pub summary: Summary,
    /// Its signature verifies now (it did on receipt; this checks the stored bytes).
    pub signature_ok: bool,
    /// The kiosk that sent it was revoked since.
    pub kiosk_revoked: bool,
    /// Whether the profile version it ran under was approved when it arrived.
    pub standing: Standing,
    /// Where its review stands.
    pub review: ReviewState,
    /// What staff did with it, oldest first.
    pub events: Vec<ConsoleEvent>,
    /// Staff names by id, for the log.
    pub staff_names: HashMap<String, String>,
    /// The exact profile version it ran under, when this receiver served it.
    pub profile_text: Option<String>,
    /// The other records under the same submission id (another key signed under it).
    pub others: Vec<RecordKey>,
    /// The appointment its invitation was made for, if it was made for one.
    pub appointment: Option<appointments::Appointment>,
}

/// The chart of record `key`.
pub fn chart(store: &Store, key: &RecordKey) -> Result<Chart, ServiceError> {
    let wanted = key.clone();
    let found = store.read(move |c| {
        let Some(stored) = submissions::by_key(c, &wanted)? else {
            return Ok(None);
        };
        let first = submissions::is_first(c, &wanted)?;
        let logged = events::for_record(c, &wanted, first)?;
        let under = queue::under(c, &wanted.id)?;
        Ok(Some((stored, logged, under)))
    })?;
    let Some((stored, logged, under)) = found else {
        return Err(ServiceError::NotFound("record"));
    };
    let summary =
        Summary::from_json(stored.payload.as_bytes()).map_err(|_| ServiceError::Storage)?;
    let appointment = match summary.invite.clone() {
        Some(invite) => store.read(move |c| appointments::of_invite(c, &invite))?,
        None => None,
    };
    let approvals = crate::protocol::verified_approvals(store)?;
    let standing = Standing::of(
        &approvals,
        summary.clinic.profile_sha256.as_deref(),
        &stored.received_at,
    );
    let this = under.iter().find(|r| r.key == *key);
    let profile_text = match summary.clinic.profile_sha256.as_deref() {
        Some(hash) => store
            .profile_versions()?
            .into_iter()
            .find(|v| v.sha256 == hash)
            .map(|v| v.text),
        None => None,
    };
    Ok(Chart {
        signature_ok: crate::verify::verify(&stored.jws).is_ok(),
        kiosk_revoked: this.is_some_and(|r| r.kiosk_revoked),
        review: this.map_or(ReviewState::ToReview, |r| r.review.clone()),
        others: under
            .iter()
            .filter(|r| r.key != *key)
            .map(|r| r.key.clone())
            .collect(),
        staff_names: store
            .staff_list()?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect(),
        key: key.clone(),
        stored,
        summary,
        standing,
        events: logged,
        profile_text,
        appointment,
    })
}
