//! A patient's accepted record and what changed since (issue 31, part 4): the
//! risk-relevant answers of the patient's latest linked visit compared with the
//! record staff accepted, or, before anything is accepted, with the previous linked
//! visit's (`domain::patient_changes`); and staff accepting the latest visit's
//! answers into the record, sealed, in one transaction with its audit event (the
//! record's id and the visit's, never what was accepted). Nothing else writes the
//! accepted record.
//!
//! Reading needs [`Permission::ReadCharts`], accepting
//! [`Permission::AcceptPatientRecords`]; both are checked here, whoever calls.

use candor_core::ClinicProfile;
use candor_core::summary::Summary;

use crate::domain::audit::AuditAction;
use crate::domain::patient::is_patient_id;
use crate::domain::patient_changes::{Accepted, Change, Item, VisitRef, diff};
use crate::domain::patient_items::items;
use crate::domain::record::RecordKey;
use crate::domain::roles::{Permission, allowed};
use crate::service::{ServiceError, audit};
use crate::store::Store;
use crate::store::queries::patients::{self as stored, Visit};
use crate::store::queries::{events, submissions};
use crate::store::sql::Sql;
use crate::store::staff::Staff;

/// The record staff accepted, with who accepted it and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceptedRecord {
    /// What was accepted, from which visit.
    pub record: Accepted,
    /// When it was accepted (RFC 3339).
    pub at: String,
    /// The name of the staff member who accepted it (their id if no longer known).
    pub by: String,
}

/// What the chart leads with: the accepted record and the latest visit's changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatientRecord {
    /// The accepted record, once staff accepted one.
    pub accepted: Option<AcceptedRecord>,
    /// The latest linked visit and when it was received, if any visit is linked.
    pub latest: Option<Visit>,
    /// When the visit compared with was received (the accepted one's, or the
    /// previous visit's); none when there is nothing to compare with.
    pub since: Option<String>,
    /// The differences from that to the latest visit.
    pub changes: Vec<Change>,
}

impl PatientRecord {
    /// Whether the latest visit can be accepted: there is one, and it is not the
    /// accepted one.
    pub fn pending(&self) -> bool {
        self.latest.as_ref().is_some_and(|v| {
            self.accepted
                .as_ref()
                .is_none_or(|a| a.record.visit.id != v.key.id || a.record.visit.kid != v.key.kid)
        })
    }
}

fn may(staff: &Staff, permission: Permission) -> Result<(), ServiceError> {
    allowed(staff.role, permission).map_err(ServiceError::Forbidden)
}

fn summary_of(sql: &mut dyn Sql, key: &RecordKey) -> crate::store::Result<Option<Summary>> {
    let Some(stored) = submissions::by_key(sql, key)? else {
        return Ok(None);
    };
    Summary::from_json(stored.payload.as_bytes())
        .map(Some)
        .map_err(|_| crate::store::Error::new("a stored summary does not read"))
}

/// A visit's items, named by `profile` when it is the visit's clinic's.
fn items_of(summary: &Summary, profile: Option<&ClinicProfile>) -> Vec<Item> {
    let profile = profile.filter(|p| p.id == summary.clinic.id);
    items(&summary.answers.values, profile)
}

fn accepted_of(sql: &mut dyn Sql, id: &str) -> crate::store::Result<Option<(Accepted, String)>> {
    stored::accepted(sql, id)?
        .map(|(document, at)| {
            serde_json::from_str(&document)
                .map(|a| (a, at))
                .map_err(|_| crate::store::Error::new("an accepted record does not read"))
        })
        .transpose()
}

/// What was read for a record, in one read.
struct Read {
    accepted: Option<(Accepted, String)>,
    latest: Option<(Visit, Summary)>,
    previous: Option<(Visit, Summary)>,
}

fn read(sql: &mut dyn Sql, id: &str) -> crate::store::Result<Option<Read>> {
    if stored::by_id(sql, id)?.is_none() {
        return Ok(None);
    }
    let mut visits = Vec::new();
    for v in stored::visits(sql, id)?.into_iter().take(2) {
        if let Some(s) = summary_of(sql, &v.key)? {
            visits.push((v, s));
        }
    }
    let mut visits = visits.into_iter();
    Ok(Some(Read {
        accepted: accepted_of(sql, id)?,
        latest: visits.next(),
        previous: visits.next(),
    }))
}

/// Patient `id`'s accepted record and the latest visit's changes since it (or since
/// the previous visit, before anything is accepted). `profile` is the clinic's
/// served profile: it names the answers and says which are risk-relevant for the
/// visits made under it.
///
/// # Errors
/// The role may not read charts, no such patient, or the database failed.
pub fn record(
    store: &Store,
    staff: &Staff,
    id: &str,
    profile: Option<&ClinicProfile>,
) -> Result<PatientRecord, ServiceError> {
    may(staff, Permission::ReadCharts)?;
    if !is_patient_id(id) {
        return Err(ServiceError::NotFound("patient"));
    }
    let owned = id.to_owned();
    let Some(read) = store.read(move |c| read(c, &owned))? else {
        return Err(ServiceError::NotFound("patient"));
    };
    let (before, since) = match (&read.accepted, &read.previous) {
        (Some((a, _)), _) => (a.items(), Some(a.visit_received_at.clone())),
        (None, Some((v, s))) => (items_of(s, profile), Some(v.received_at.clone())),
        (None, None) => (Vec::new(), None),
    };
    let changes = read
        .latest
        .as_ref()
        .map(|(_, s)| diff(&before, &items_of(s, profile)))
        .unwrap_or_default();
    let accepted = match read.accepted {
        Some((record, at)) => {
            let by = store
                .staff_list()?
                .into_iter()
                .find(|s| s.id == record.by)
                .map_or_else(|| record.by.clone(), |s| s.name);
            Some(AcceptedRecord { record, at, by })
        }
        None => None,
    };
    Ok(PatientRecord {
        accepted,
        latest: read.latest.map(|(v, _)| v),
        since,
        changes,
    })
}

/// Accepts the risk-relevant answers of visit `visit`, patient `id`'s latest linked
/// visit, as the patient's record (each item confirmed on that visit's day), as
/// `staff` chose; whether anything was written (accepted from that visit already:
/// nothing is, and nothing is logged).
///
/// # Errors
/// The role may not accept, no such patient, the visit is not the patient's latest
/// linked visit (a newer one was linked meanwhile: the page is stale), or the
/// database failed.
pub fn accept(
    store: &Store,
    staff: &Staff,
    id: &str,
    visit: &RecordKey,
    profile: Option<&ClinicProfile>,
) -> Result<bool, ServiceError> {
    may(staff, Permission::AcceptPatientRecords)?;
    if !is_patient_id(id) {
        return Err(ServiceError::NotFound("patient"));
    }
    let (staff, id, visit) = (staff.clone(), id.to_owned(), visit.clone());
    let profile = profile.cloned();
    store.write(move |tx| {
        if !stored::lock(tx, &id)? {
            return Ok(Err(ServiceError::NotFound("patient")));
        }
        let Some(read) = read(tx, &id)? else {
            return Ok(Err(ServiceError::NotFound("patient")));
        };
        let Some((latest, summary)) = read.latest.filter(|(v, _)| v.key == visit) else {
            return Ok(Err(ServiceError::Invalid(
                "visit",
                "this is not the patient's latest visit: reload the page",
            )));
        };
        if read
            .accepted
            .is_some_and(|(a, _)| a.visit.id == visit.id && a.visit.kid == visit.kid)
        {
            return Ok(Ok(false));
        }
        let record = Accepted::from_visit(
            VisitRef {
                id: visit.id.clone(),
                kid: visit.kid.clone(),
            },
            &latest.received_at,
            &staff.id,
            items_of(&summary, profile.as_ref()),
        );
        let document = serde_json::to_string(&record)
            .map_err(|_| crate::store::Error::new("an accepted record does not write"))?;
        stored::set_accepted(tx, &id, &document, &crate::now_rfc3339())?;
        let detail = serde_json::json!({ "patient": id }).to_string();
        events::record(
            tx,
            &audit::event(
                Some(&staff),
                AuditAction::PatientRecordAccepted,
                Some(&visit),
                Some(detail),
            ),
        )?;
        Ok(Ok(true))
    })?
}
