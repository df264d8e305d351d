//! Patients as records across visits (issue 31, part 1): for a visit, the patient it
//! is linked to or the records it may be (suggested by the blind index of name and
//! date of birth, with why; never linked by the receiver); staff link it, make a new
//! record from it, or unlink it, each in one transaction with its audit event (the
//! record's opaque id, never a name); and a patient's chart, the visits as a timeline.
//!
//! Reading needs [`Permission::ReadCharts`], changing a link
//! [`Permission::LinkPatients`]; both are checked here, whoever calls.

use candor_core::risk::Severity;
use candor_core::summary::Summary;

use crate::domain::audit::AuditAction;
use crate::domain::patient::{Kind, dob_text, is_patient_id, terms};
use crate::domain::record::RecordKey;
use crate::domain::roles::{Permission, allowed};
use crate::service::{ServiceError, audit, new_id};
use crate::store::Store;
pub use crate::store::queries::patients::Patient;
use crate::store::queries::patients::{self as stored};
use crate::store::queries::{events, submissions};
use crate::store::sql::Sql;
use crate::store::staff::Staff;

/// Suggestions shown at most.
pub const MAX_SUGGESTIONS: usize = 10;

/// A patient record the visit may be: who, why, and how often they came.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The record.
    pub patient: Patient,
    /// The strongest reason it matched.
    pub why: Kind,
    /// Its visits linked so far.
    pub visits: usize,
    /// When the latest of them was received.
    pub last_visit: Option<String>,
}

/// The Patient panel of a visit's chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Panel {
    /// Linked to this record.
    Linked(Patient),
    /// Not linked; the records it may be, strongest reason first (none: nothing like
    /// it, or no valid date of birth to compare).
    Unlinked(Vec<Suggestion>),
}

/// One visit on a patient's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineVisit {
    /// The record.
    pub key: RecordKey,
    /// When it was received.
    pub received_at: String,
    /// The treatments chosen.
    pub treatments: Vec<String>,
    /// How many findings of each severity, most severe first (those with none left out).
    pub findings: Vec<(Severity, usize)>,
    /// Each consent's document, its treatment if any, and the decision (`consented`,
    /// `questions_first`, `declined`).
    pub consents: Vec<(String, Option<String>, String)>,
}

/// A patient's chart: the record and its visits, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chart {
    /// Who.
    pub patient: Patient,
    /// The visits linked, newest first.
    pub visits: Vec<TimelineVisit>,
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

/// The Patient panel for visit `key`: its patient, or suggestions. Nothing is linked.
///
/// # Errors
/// The role may not read charts, no such record, or the database failed.
pub fn panel(store: &Store, staff: &Staff, key: &RecordKey) -> Result<Panel, ServiceError> {
    may(staff, Permission::ReadCharts)?;
    let key = key.clone();
    store.read(move |c| {
        let Some(summary) = summary_of(c, &key)? else {
            return Ok(Err(ServiceError::NotFound("record")));
        };
        if let Some(id) = stored::patient_of(c, &key)? {
            return Ok(match stored::by_id(c, &id)? {
                Some(p) => Ok(Panel::Linked(p)),
                None => Err(ServiceError::NotFound("patient")),
            });
        }
        let details = &summary.answers.details;
        let found = stored::matching(c, &terms(&details.legal_name, &details.date_of_birth))?;
        let mut best: Vec<(String, Kind)> = Vec::new();
        for (id, kind) in found {
            match best.iter_mut().find(|(b, _)| *b == id) {
                Some((_, k)) => *k = (*k).min(kind),
                None => best.push((id, kind)),
            }
        }
        let mut suggestions = Vec::with_capacity(best.len());
        for (id, why) in best {
            let Some(patient) = stored::by_id(c, &id)? else {
                continue;
            };
            let visits = stored::visits(c, &id)?;
            suggestions.push(Suggestion {
                patient,
                why,
                last_visit: visits.first().map(|v| v.received_at.clone()),
                visits: visits.len(),
            });
        }
        suggestions.sort_by(|a, b| {
            a.why
                .cmp(&b.why)
                .then_with(|| b.last_visit.cmp(&a.last_visit))
        });
        suggestions.truncate(MAX_SUGGESTIONS);
        Ok(Ok(Panel::Unlinked(suggestions)))
    })?
}

fn logged(
    tx: &mut dyn Sql,
    staff: &Staff,
    action: AuditAction,
    key: &RecordKey,
    patient: &str,
) -> crate::store::Result<()> {
    let detail = serde_json::json!({ "patient": patient }).to_string();
    events::record(
        tx,
        &audit::event(Some(staff), action, Some(key), Some(detail)),
    )
}

const ALREADY_LINKED: &str = "this visit is already linked to a patient record: unlink it first";

/// Links visit `key` to patient `patient`, as `staff` chose (linked to it already:
/// nothing changes). The visit's name and date of birth join the record's index, so
/// the patient's next visit is suggested under either name.
///
/// # Errors
/// The role may not link, no such record or patient, the visit is linked to another
/// patient, or the database failed.
pub fn link(
    store: &Store,
    staff: &Staff,
    key: &RecordKey,
    patient: &str,
) -> Result<(), ServiceError> {
    may(staff, Permission::LinkPatients)?;
    if !is_patient_id(patient) {
        return Err(ServiceError::NotFound("patient"));
    }
    let (staff, key, patient) = (staff.clone(), key.clone(), patient.to_owned());
    store.write(move |tx| {
        let Some(summary) = summary_of(tx, &key)? else {
            return Ok(Err(ServiceError::NotFound("record")));
        };
        if stored::by_id(tx, &patient)?.is_none() {
            return Ok(Err(ServiceError::NotFound("patient")));
        }
        match stored::patient_of(tx, &key)? {
            Some(linked) if linked == patient => return Ok(Ok(())),
            Some(_) => return Ok(Err(ServiceError::Invalid("patient", ALREADY_LINKED))),
            None => {}
        }
        let details = &summary.answers.details;
        if !stored::link(tx, &key, &patient, &crate::now_rfc3339(), &staff.id)? {
            // Linked by someone else since the check above.
            return Ok(match stored::patient_of(tx, &key)? {
                Some(linked) if linked == patient => Ok(()),
                _ => Err(ServiceError::Invalid("patient", ALREADY_LINKED)),
            });
        }
        stored::index(
            tx,
            &patient,
            &terms(&details.legal_name, &details.date_of_birth),
            Some(&key),
        )?;
        logged(tx, &staff, AuditAction::PatientLinked, &key, &patient)?;
        Ok(Ok(()))
    })?
}

/// Makes a new patient record from visit `key` (its legal name and date of birth)
/// and links the visit to it; the record's id.
///
/// # Errors
/// The role may not link, no such record, the visit is linked already or has no
/// valid date of birth, or the database failed.
pub fn create_from(store: &Store, staff: &Staff, key: &RecordKey) -> Result<String, ServiceError> {
    may(staff, Permission::LinkPatients)?;
    let id = new_id("pat")?;
    let (staff, key, made) = (staff.clone(), key.clone(), id.clone());
    store.write(move |tx| {
        let Some(summary) = summary_of(tx, &key)? else {
            return Ok(Err(ServiceError::NotFound("record")));
        };
        if stored::patient_of(tx, &key)?.is_some() {
            return Ok(Err(ServiceError::Invalid("patient", ALREADY_LINKED)));
        }
        let details = &summary.answers.details;
        let Some(dob) = dob_text(&details.date_of_birth) else {
            return Ok(Err(ServiceError::Invalid(
                "date_of_birth",
                "this visit has no valid date of birth to make a patient record from",
            )));
        };
        let at = crate::now_rfc3339();
        let terms = terms(&details.legal_name, &details.date_of_birth);
        stored::insert(
            tx,
            &made,
            details.legal_name.trim(),
            &dob,
            &at,
            Some(&staff.id),
        )?;
        if !stored::link(tx, &key, &made, &at, &staff.id)? {
            // Linked by someone else since the check above: no record made.
            stored::forget_new(tx, &made)?;
            return Ok(Err(ServiceError::Invalid("patient", ALREADY_LINKED)));
        }
        stored::index(tx, &made, &terms, None)?;
        stored::index(tx, &made, &terms, Some(&key))?;
        logged(tx, &staff, AuditAction::PatientCreated, &key, &made)?;
        logged(tx, &staff, AuditAction::PatientLinked, &key, &made)?;
        Ok(Ok(()))
    })??;
    Ok(id)
}

/// Unlinks visit `key` from its patient record (what it added to the record's index
/// goes with it); the record's id.
///
/// # Errors
/// The role may not link, the visit is not linked, or the database failed.
pub fn unlink(store: &Store, staff: &Staff, key: &RecordKey) -> Result<String, ServiceError> {
    may(staff, Permission::LinkPatients)?;
    let (staff, key) = (staff.clone(), key.clone());
    store.write(move |tx| {
        let Some(patient) = stored::unlink(tx, &key)? else {
            return Ok(Err(ServiceError::NotFound("link")));
        };
        logged(tx, &staff, AuditAction::PatientUnlinked, &key, &patient)?;
        Ok(Ok(patient))
    })?
}

fn timeline_visit(key: RecordKey, received_at: String, summary: &Summary) -> TimelineVisit {
    let mut findings: Vec<(Severity, usize)> = Vec::new();
    for f in &summary.findings {
        match findings.iter_mut().find(|(s, _)| *s == f.severity) {
            Some((_, n)) => *n += 1,
            None => findings.push((f.severity, 1)),
        }
    }
    findings.sort_by_key(|f| std::cmp::Reverse(f.0));
    let consents = summary
        .consents
        .iter()
        .map(|c| {
            let decision = serde_json::to_value(c.decision)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            (c.document.clone(), c.treatment.clone(), decision)
        })
        .collect();
    TimelineVisit {
        key,
        received_at,
        treatments: summary.answers.treatments.clone(),
        findings,
        consents,
    }
}

/// Patient `id`'s chart: the record and its visits as a timeline, newest first.
///
/// # Errors
/// The role may not read charts, no such patient, or the database failed.
pub fn chart(store: &Store, staff: &Staff, id: &str) -> Result<Chart, ServiceError> {
    may(staff, Permission::ReadCharts)?;
    if !is_patient_id(id) {
        return Err(ServiceError::NotFound("patient"));
    }
    let id = id.to_owned();
    store.read(move |c| {
        let Some(patient) = stored::by_id(c, &id)? else {
            return Ok(Err(ServiceError::NotFound("patient")));
        };
        let mut visits = Vec::new();
        for v in stored::visits(c, &id)? {
            if let Some(summary) = summary_of(c, &v.key)? {
                visits.push(timeline_visit(v.key, v.received_at, &summary));
            }
        }
        Ok(Ok(Chart { patient, visits }))
    })?
}
