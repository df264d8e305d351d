//! Incidents (see [`crate::domain::incident`]) as the clinic runs them: a provider
//! records one, edits and grades it and hands it to the medical director, who signs
//! it off, closes it and may reopen it. Every change is one transaction with its audit
//! event (the fields changed by name, never a value). The director sees the incidents
//! not yet signed off first, counts over the last 30 and 90 days, and exports them as
//! CSV; any incident reads as a FHIR `AdverseEvent`. [`open_draft`] opens one inside
//! another service's transaction (an urgent check-in).

use std::collections::BTreeMap;

use crate::domain::appointment::Problem;
use crate::domain::audit::AuditAction;
use crate::domain::incident::{self, Action, Draft, Refusal, Standing, State, step};
use crate::domain::roles::{Permission, allowed};
use crate::service::ServiceError;
use crate::store::Store;
use crate::store::queries::events;
use crate::store::queries::incidents::{self as stored};
pub use crate::store::queries::incidents::{Incident, Links};
use crate::store::sql::Sql;
use crate::store::staff::Staff;

/// The windows the director's counts cover, in days.
pub const WINDOWS: [i64; 2] = [30, 90];

/// Why an incident was not recorded or changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IncidentError {
    /// Not allowed, not found, not in this state, or the database failed.
    Refused(ServiceError),
    /// The fields' problems, by field.
    Fields(Vec<Problem>),
}

impl From<ServiceError> for IncidentError {
    fn from(e: ServiceError) -> Self {
        IncidentError::Refused(e)
    }
}

impl From<crate::store::Error> for IncidentError {
    fn from(e: crate::store::Error) -> Self {
        IncidentError::Refused(e.into())
    }
}

fn may(staff: &Staff, permission: Permission) -> Result<(), ServiceError> {
    allowed(staff.role, permission).map_err(ServiceError::Forbidden)
}

fn refused(refusal: Refusal) -> ServiceError {
    match refusal {
        Refusal::Role(role) => ServiceError::Forbidden(role),
        Refusal::Invalid(field, message) => ServiceError::Invalid(field, message),
    }
}

/// Today in the clinic's time, `YYYY-MM-DD`: the receiver's day, as the Today board
/// takes it (the receiver's clock in UTC).
pub fn today() -> jiff::civil::Date {
    crate::now_rfc3339()
        .get(..10)
        .and_then(|d| d.parse().ok())
        .unwrap_or_default()
}

/// A new incident id: a random (version 4) UUID.
fn new_uuid() -> crate::store::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| crate::store::Error::new(format!("no randomness: {e}")))?;
    Ok(uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .to_string())
}

fn logged(
    tx: &mut dyn Sql,
    staff: Option<&Staff>,
    action: AuditAction,
    detail: serde_json::Value,
) -> crate::store::Result<()> {
    events::record(
        tx,
        &super::audit::event(staff, action, None, Some(detail.to_string())),
    )
}

/// Records `draft` by `staff` (a provider or the director) with `links`, checked
/// against the clinic's `treatments`; the new incident's id. It starts `open`.
///
/// # Errors
/// The role is too low, a field is wrong (each named), or the database failed.
pub fn create(
    store: &Store,
    staff: &Staff,
    draft: &Draft,
    links: &Links,
    treatments: &[String],
) -> Result<String, IncidentError> {
    may(staff, Permission::RecordIncidents)?;
    let link_problems = incident::check_links(&[
        ("appointment_id", links.appointment_id.as_deref()),
        ("submission_id", links.submission_id.as_deref()),
    ]);
    let fields = match incident::check(draft, treatments) {
        Ok(fields) if link_problems.is_empty() => fields,
        Ok(_) => return Err(IncidentError::Fields(link_problems)),
        Err(mut problems) => {
            problems.extend(link_problems);
            return Err(IncidentError::Fields(problems));
        }
    };
    let id = new_uuid()?;
    let (staff, links, kept) = (staff.clone(), links.clone(), id.clone());
    store.write(move |tx| {
        stored::insert(
            tx,
            &kept,
            &fields,
            &links,
            Some(&staff.id),
            &crate::now_rfc3339(),
        )?;
        logged(
            tx,
            Some(&staff),
            AuditAction::IncidentOpened,
            serde_json::json!({ "incident": kept }),
        )
    })?;
    Ok(id)
}

/// What another part of the receiver knows when it opens a draft incident (an urgent
/// check-in): the patient, the provider, the treatment, the product and lot, and the
/// records it links. Values longer than the fields allow are cut; an empty onset is
/// today; an empty description says where the draft came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DraftFrom {
    /// The patient's name.
    pub patient: String,
    /// The provider who performed the treatment.
    pub provider: String,
    /// Their role or credential, if known.
    pub provider_role: String,
    /// The treatment's id in the clinic's profile.
    pub treatment: String,
    /// The day of the treatment, `YYYY-MM-DD`, if known.
    pub treatment_date: String,
    /// The product, if known.
    pub product: String,
    /// Its lot, if known.
    pub lot: String,
    /// The day it began (`YYYY-MM-DD`; empty: today).
    pub onset_date: String,
    /// What is known of what happened (empty: "Opened from an urgent check-in").
    pub description: String,
    /// The appointment it followed.
    pub appointment_id: Option<String>,
    /// The submission it concerns.
    pub submission_id: Option<String>,
    /// The check-in it is opened from.
    pub checkin_id: Option<String>,
}

fn cut(text: &str, max: usize) -> String {
    text.trim().chars().take(max).collect()
}

/// Opens a draft incident from `from` inside the caller's transaction `tx` (nobody
/// signed in: the audit event names no member, and says where it came from); its id.
/// Ungraded, `open`, for a provider to complete.
///
/// # Errors
/// A field still does not read (a day not written `YYYY-MM-DD`; the text names the
/// field, never the value), or the database failed.
pub fn open_draft(tx: &mut dyn Sql, from: DraftFrom) -> crate::store::Result<String> {
    let line = |t: &str| cut(t, incident::MAX_LINE).replace(['\n', '\r'], " ");
    let onset = if from.onset_date.trim().is_empty() {
        today().to_string()
    } else {
        from.onset_date.clone()
    };
    let description = if from.description.trim().is_empty() {
        "Opened from an urgent check-in: to be completed.".to_owned()
    } else {
        cut(&from.description, incident::MAX_TEXT)
    };
    let draft = Draft {
        patient: line(&from.patient),
        provider: line(&from.provider),
        provider_role: line(&from.provider_role),
        treatment_date: from.treatment_date.clone(),
        onset_date: onset,
        treatment: line(&from.treatment),
        product: line(&from.product),
        lot: line(&from.lot),
        description,
        ..Draft::default()
    };
    let fields = incident::check(&draft, &[]).map_err(|problems| {
        let names: Vec<_> = problems.iter().map(|p| p.field).collect();
        crate::store::Error::new(format!(
            "a draft incident's fields do not read: {}",
            names.join(", ")
        ))
    })?;
    let id = new_uuid()?;
    let links = Links {
        appointment_id: from.appointment_id,
        submission_id: from.submission_id,
        checkin_id: from.checkin_id,
    };
    stored::insert(tx, &id, &fields, &links, None, &crate::now_rfc3339())?;
    let mut detail = serde_json::json!({ "incident": id, "draft": true });
    if let Some(checkin) = &links.checkin_id {
        detail["check_in"] = checkin.as_str().into();
    }
    logged(tx, None, AuditAction::IncidentOpened, detail)?;
    Ok(id)
}

fn standing(incident: &Incident) -> Standing {
    Standing {
        state: incident.state,
        graded: incident.fields.grade.is_some(),
        signed_off: incident.signed_off_at.is_some(),
    }
}

/// Changes incident `id` to `draft`: the fields changed are named in the audit log
/// (never their values), and a sign-off given before no longer stands (the director
/// signs off what is there now). Changing nothing changes nothing.
///
/// # Errors
/// The role is too low, the incident is unknown or closed, a field is wrong, or the
/// database failed.
pub fn update(
    store: &Store,
    staff: &Staff,
    id: &str,
    draft: &Draft,
    treatments: &[String],
) -> Result<(), IncidentError> {
    may(staff, Permission::RecordIncidents)?;
    let fields = incident::check(draft, treatments).map_err(IncidentError::Fields)?;
    let (staff, id) = (staff.clone(), id.to_owned());
    store.write(move |tx| {
        let Some(before) = stored::held(tx, &id)? else {
            return Ok(Err(ServiceError::NotFound("incident").into()));
        };
        if let Err(refusal) = step(staff.role, standing(&before), Action::Edit) {
            return Ok(Err(refused(refusal).into()));
        }
        let changed = before.fields.changed(&fields);
        if changed.is_empty() {
            return Ok(Ok(()));
        }
        let clears = before.signed_off_at.is_some();
        stored::update(tx, &id, &fields, clears, &crate::now_rfc3339())?;
        let mut detail = serde_json::json!({ "incident": id, "fields": changed });
        if clears {
            detail["sign_off_cleared"] = true.into();
        }
        logged(tx, Some(&staff), AuditAction::IncidentUpdated, detail)?;
        Ok(Ok(()))
    })?
}

/// Takes `action` (hand to review, sign off, close, reopen) on incident `id` as
/// `staff`: the domain's [`step`], the change and its audit event in one transaction;
/// the state after.
///
/// # Errors
/// The role is too low, the incident is unknown, the action does not apply now
/// (closing without a grade or the sign-off), or the database failed.
pub fn act(store: &Store, staff: &Staff, id: &str, action: Action) -> Result<State, ServiceError> {
    let (staff, id) = (staff.clone(), id.to_owned());
    store.write(move |tx| {
        let Some(incident) = stored::held(tx, &id)? else {
            return Ok(Err(ServiceError::NotFound("incident")));
        };
        let next = match step(staff.role, standing(&incident), action) {
            Ok(next) => next,
            Err(refusal) => return Ok(Err(refused(refusal))),
        };
        let now = crate::now_rfc3339();
        match action {
            Action::Edit => {}
            Action::SignOff => {
                stored::sign_off(tx, &id, &staff.id, &now)?;
                logged(
                    tx,
                    Some(&staff),
                    AuditAction::IncidentSignedOff,
                    serde_json::json!({ "incident": id }),
                )?;
            }
            Action::SubmitForReview | Action::Close | Action::Reopen => {
                stored::set_state(tx, &id, next.next, next.clears_sign_off, &now)?;
                let mut detail = serde_json::json!({
                    "incident": id,
                    "from": incident.state.as_str(),
                    "to": next.next.as_str(),
                });
                if next.clears_sign_off && incident.signed_off_at.is_some() {
                    detail["sign_off_cleared"] = true.into();
                }
                logged(tx, Some(&staff), AuditAction::IncidentStateChanged, detail)?;
            }
        }
        Ok(Ok(next.next))
    })?
}

/// Incident `id`, for a provider or the director.
///
/// # Errors
/// The role is too low, no such incident, or the database failed.
pub fn get(store: &Store, staff: &Staff, id: &str) -> Result<Incident, ServiceError> {
    may(staff, Permission::RecordIncidents)?;
    let id = id.to_owned();
    store
        .read(move |c| stored::by_id(c, &id))?
        .ok_or(ServiceError::NotFound("incident"))
}

/// Every incident, for a provider or the director: those not signed off first, then
/// by onset, newest first.
///
/// # Errors
/// The role is too low, or the database failed.
pub fn list(store: &Store, staff: &Staff) -> Result<Vec<Incident>, ServiceError> {
    may(staff, Permission::RecordIncidents)?;
    Ok(store.read(stored::list)?)
}

/// How many incidents, by one thing they share, over one window.
pub type Tally = BTreeMap<String, usize>;

/// The director's counts over the last `days` days: by treatment, product, lot,
/// provider and grade (`not recorded` for an empty value, `not graded` for none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// The window, in days.
    pub days: i64,
    /// Its first day, `YYYY-MM-DD` (today − days + 1).
    pub from: String,
    /// Its last day: today.
    pub to: String,
    /// Incidents in the window.
    pub total: usize,
    /// By treatment id.
    pub treatment: Tally,
    /// By product.
    pub product: Tally,
    /// By lot.
    pub lot: Tally,
    /// By provider.
    pub provider: Tally,
    /// By grade, in words.
    pub grade: Tally,
}

fn or_none(value: &str) -> String {
    if value.is_empty() {
        "not recorded".to_owned()
    } else {
        value.to_owned()
    }
}

/// Counts `rows` whose onset falls in the last `days` days ending `today` (see
/// [`incident::in_last_days`]).
pub fn count(rows: &[stored::Counted], today: jiff::civil::Date, days: i64) -> Counts {
    let mut counts = Counts {
        days,
        from: incident::window_start(today, days)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        to: today.to_string(),
        ..Counts::default()
    };
    for row in rows {
        if incident::in_last_days(&row.onset_date, today, days) != Some(true) {
            continue;
        }
        counts.total += 1;
        *counts.treatment.entry(or_none(&row.treatment)).or_default() += 1;
        *counts.product.entry(or_none(&row.product)).or_default() += 1;
        *counts.lot.entry(or_none(&row.lot)).or_default() += 1;
        *counts.provider.entry(or_none(&row.provider)).or_default() += 1;
        *counts
            .grade
            .entry(incident::grade_words(row.grade).to_owned())
            .or_default() += 1;
    }
    counts
}

/// The director's counts for the last 30 and 90 days ending `today` (by onset date).
///
/// # Errors
/// Not the director, or the database failed.
pub fn counts(
    store: &Store,
    staff: &Staff,
    today: jiff::civil::Date,
) -> Result<Vec<Counts>, ServiceError> {
    may(staff, Permission::ReviewIncidents)?;
    let longest = WINDOWS.iter().copied().max().unwrap_or(90);
    let first = incident::window_start(today, longest)
        .ok_or(ServiceError::Invalid("today", "not a day"))?
        .to_string();
    let last = today.to_string();
    let rows = store.read(move |c| stored::onset_between(c, &first, &last))?;
    Ok(WINDOWS
        .iter()
        .map(|days| count(&rows, today, *days))
        .collect())
}

/// The CSV's columns, in order.
pub const CSV_COLUMNS: [&str; 29] = [
    "id",
    "state",
    "patient",
    "provider",
    "provider_role",
    "treatment_date",
    "onset_date",
    "onset_time",
    "treatment",
    "product",
    "lot",
    "device",
    "description",
    "grade",
    "actions",
    "outcome",
    "manufacturer",
    "manufacturer_filed_on",
    "regulator",
    "regulator_filed_on",
    "appointment_id",
    "submission_id",
    "checkin_id",
    "signed_off_by",
    "signed_off_at",
    "recorded_by",
    "created_at",
    "updated_at",
    "grade_words",
];

/// Every incident as CSV (RFC 4180: every field quoted, `\r\n` rows, formulas
/// neutralised for spreadsheets as the audit log's export does), for the director;
/// the export itself is logged.
///
/// # Errors
/// Not the director, or the database failed.
pub fn export_csv(store: &Store, staff: &Staff) -> Result<String, ServiceError> {
    may(staff, Permission::ReviewIncidents)?;
    let all = store.read(stored::list)?;
    let mut csv = CSV_COLUMNS.map(super::review::csv_field).join(",");
    csv.push_str("\r\n");
    for i in &all {
        let f = &i.fields;
        let none = String::new();
        let fields: [&str; 29] = [
            &i.id,
            i.state.as_str(),
            &f.patient,
            &f.provider,
            &f.provider_role,
            &f.treatment_date,
            &f.onset_date,
            &f.onset_time,
            &f.treatment,
            &f.product,
            &f.lot,
            &f.device,
            &f.description,
            &f.grade.map(|g| g.to_string()).unwrap_or_default(),
            &f.actions,
            &f.outcome,
            f.manufacturer.as_str(),
            &f.manufacturer_filed_on,
            f.regulator.as_str(),
            &f.regulator_filed_on,
            i.appointment_id.as_ref().unwrap_or(&none),
            i.submission_id.as_ref().unwrap_or(&none),
            i.checkin_id.as_ref().unwrap_or(&none),
            i.signed_off_by.as_ref().unwrap_or(&none),
            i.signed_off_at.as_ref().unwrap_or(&none),
            i.recorded_by.as_ref().unwrap_or(&none),
            &i.created_at,
            &i.updated_at,
            incident::grade_words(f.grade),
        ];
        csv.push_str(&fields.map(super::review::csv_field).join(","));
        csv.push_str("\r\n");
    }
    let staff = staff.clone();
    let count = all.len();
    store.write(move |tx| {
        logged(
            tx,
            Some(&staff),
            AuditAction::IncidentsExported,
            serde_json::json!({ "format": "csv", "incidents": count }),
        )
    })?;
    Ok(csv)
}

/// What [`candor_core::fhir::adverse_event`] is made from, for `incident`, naming its
/// treatment with `treatment_name` (the id when the clinic does not offer it).
pub fn adverse_event_input(
    incident: &Incident,
    treatment_name: &str,
) -> candor_core::fhir::adverse_event::AdverseEventInput {
    let f = &incident.fields;
    candor_core::fhir::adverse_event::AdverseEventInput {
        id: incident.id.clone(),
        patient: f.patient.clone(),
        provider: f.provider.clone(),
        provider_role: f.provider_role.clone(),
        recorder: incident.recorded_by.clone().unwrap_or_default(),
        signed_off_by: incident.signed_off_by.clone(),
        onset_date: f.onset_date.clone(),
        onset_time: f.onset_time.clone(),
        recorded: incident.created_at.clone(),
        treatment: treatment_name.to_owned(),
        description: f.description.clone(),
        grade: f.grade,
        outcome: f.outcome.clone(),
        product: f.product.clone(),
        lot: f.lot.clone(),
        device: f.device.clone(),
    }
}

/// Incident `id` as a FHIR R4 `AdverseEvent`, for a provider or the director; its
/// treatment named by `names` (treatment id to its name). The reading is logged.
///
/// # Errors
/// The role is too low, no such incident, or the database failed.
pub fn fhir(
    store: &Store,
    staff: &Staff,
    id: &str,
    names: &[(String, String)],
) -> Result<serde_json::Value, ServiceError> {
    let incident = get(store, staff, id)?;
    let treatment = &incident.fields.treatment;
    let name = names
        .iter()
        .find(|(t, _)| t == treatment)
        .map_or(treatment.as_str(), |(_, n)| n.as_str());
    let event =
        candor_core::fhir::adverse_event::adverse_event(&adverse_event_input(&incident, name));
    let (staff, id) = (staff.clone(), id.to_owned());
    store.write(move |tx| {
        logged(
            tx,
            Some(&staff),
            AuditAction::IncidentsExported,
            serde_json::json!({ "format": "fhir", "incident": id }),
        )
    })?;
    Ok(event)
}
