//! Check-ins as staff read them: the list (urgent first), one check-in's answers with
//! what was used at the visit, its photo, and the urgent ones of the last week that
//! the day's board shows everyone (the front desk sees who, not what).

use candor_core::check_in::CheckInReport;

use crate::domain::roles::{Permission, allowed};
use crate::service::ServiceError;
use crate::store::Store;
use crate::store::queries::appointments;
use crate::store::queries::check_ins::{self, CheckIn, TreatmentUse};
use crate::store::sql::Sql;
use crate::store::staff::Staff;

/// How far back the board's urgent check-ins go.
const URGENT_FOR_DAYS: i64 = 7;

/// The most check-ins the list shows.
const LISTED: i64 = 200;

/// A check-in as listed: which patient, treatment and day, how urgent, when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// The check-in.
    pub check_in: CheckIn,
    /// The patient's name as booked.
    pub patient: String,
}

fn may(staff: &Staff, permission: Permission) -> Result<(), ServiceError> {
    allowed(staff.role, permission).map_err(ServiceError::Forbidden)
}

fn with_patients(sql: &mut dyn Sql, found: Vec<CheckIn>) -> crate::store::Result<Vec<Listed>> {
    found
        .into_iter()
        .map(|check_in| {
            let patient = appointments::by_id(sql, &check_in.appointment_id)?
                .map(|a| a.booked.contact.name)
                .unwrap_or_default();
            Ok(Listed { check_in, patient })
        })
        .collect()
}

/// The completed check-ins, urgent first, then the newest (providers and the director).
///
/// # Errors
/// Not allowed, or the database failed.
pub fn list(store: &Store, staff: &Staff) -> Result<Vec<Listed>, ServiceError> {
    may(staff, Permission::ReadCharts)?;
    Ok(store.read(|c| {
        let found = check_ins::completed(c, LISTED)?;
        with_patients(c, found)
    })?)
}

/// The urgent check-ins of the last week, for the day's board (everyone who sees it).
///
/// # Errors
/// Not allowed, or the database failed.
pub fn urgent(store: &Store, staff: &Staff) -> Result<Vec<Listed>, ServiceError> {
    may(staff, Permission::SeeArrivals)?;
    let since = candor_core::summary::Timestamp {
        unix_ms: crate::now_unix_ms() - URGENT_FOR_DAYS * crate::domain::check_in::DAY_MS,
        offset_minutes: 0,
    }
    .rfc3339();
    Ok(store.read(move |c| {
        let found = check_ins::urgent_since(c, &since)?;
        with_patients(c, found)
    })?)
}

/// One check-in, whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detail {
    /// Who, what, when.
    pub listed: Listed,
    /// What the patient answered.
    pub report: CheckInReport,
    /// Whether a photo was sent.
    pub photo: bool,
    /// What was used at the visit, by treatment.
    pub used: Vec<TreatmentUse>,
    /// The incident opened from it (an urgent one's draft).
    pub incident: Option<String>,
}

/// Check-in `id` with its answers (providers and the director).
///
/// # Errors
/// Not allowed, not found (or not yet sent), or the database failed.
pub fn detail(store: &Store, staff: &Staff, id: &str) -> Result<Detail, ServiceError> {
    may(staff, Permission::ReadCharts)?;
    let id = id.to_owned();
    let found = store.read(move |c| {
        let Some(check_in) = check_ins::by_id(c, &id)? else {
            return Ok(None);
        };
        let Some((report, photo)) = check_ins::answers(c, &id)? else {
            return Ok(None);
        };
        let used = check_ins::uses(c, &check_in.appointment_id)?;
        let incident = check_ins::incident_of(c, &id)?;
        let listed = with_patients(c, vec![check_in])?.remove(0);
        Ok(Some((listed, report, photo.is_some(), used, incident)))
    })?;
    let Some((listed, report, photo, used, incident)) = found else {
        return Err(ServiceError::NotFound("check-in"));
    };
    let report: CheckInReport = serde_json::from_str(&report)
        .map_err(|_| crate::store::Error::new("a kept check-in does not read"))?;
    Ok(Detail {
        listed,
        report,
        photo,
        used,
        incident,
    })
}

/// Check-in `id`'s photo, a JPEG without metadata (providers and the director).
///
/// # Errors
/// Not allowed, no such photo, or the database failed.
pub fn photo(store: &Store, staff: &Staff, id: &str) -> Result<Vec<u8>, ServiceError> {
    use base64::Engine as _;
    may(staff, Permission::ReadCharts)?;
    let id = id.to_owned();
    let kept = store
        .read(move |c| check_ins::answers(c, &id))?
        .and_then(|(_, photo)| photo)
        .ok_or(ServiceError::NotFound("photo"))?;
    Ok(base64::engine::general_purpose::STANDARD
        .decode(kept)
        .map_err(|_| crate::store::Error::new("a kept photo does not read"))?)
}
