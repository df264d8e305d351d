//! Scope of practice (see [`crate::domain::scope`]) as the clinic runs it: the medical
//! director records each member's licence and any exception (each in the audit log);
//! booking, importing, editing and marking a visit treated are checked inside the
//! transaction that writes them ([`permitted`]), refused with the reasons, or let
//! through by an exception whose id the audit log's event then names.

use crate::domain::audit::AuditAction;
use crate::domain::roles::{Permission, allowed};
use crate::domain::scope::{
    self, EXPIRY_NOTICE_DAYS, Exception, LicenceDraft, Member, Performer, Rule,
};
use crate::domain::treatment_use::{self, TreatmentUse};
use crate::service::ServiceError;
use crate::service::appointments::Clinic;
use crate::store::Store;
use crate::store::queries::{appointments, check_ins, events, notify, scope as stored};
use crate::store::sql::Sql;
use crate::store::staff::Staff;

fn may(staff: Option<&Staff>, permission: Permission) -> Result<(), ServiceError> {
    match staff {
        Some(staff) => allowed(staff.role, permission).map_err(ServiceError::Forbidden),
        None => Ok(()),
    }
}

/// Today, `YYYY-MM-DD` (UTC).
fn today() -> String {
    crate::now_rfc3339()[..10].to_owned()
}

/// Whether the member booked as `provider` may perform `treatments` on `day` under
/// `rules`, read in the caller's transaction: the exceptions used, or the reasons.
///
/// # Errors
/// The database failed.
pub(crate) fn permitted(
    sql: &mut dyn Sql,
    rules: &[Rule],
    provider: &str,
    treatments: &[String],
    day: &str,
) -> crate::store::Result<Result<Vec<String>, Vec<String>>> {
    if !limits(rules, treatments) {
        return Ok(Ok(Vec::new()));
    }
    Ok(ScopeBook::read(sql, day)?.permits(rules, provider, treatments, day))
}

/// Whether any of `rules` limits who may perform one of `treatments`.
fn limits(rules: &[Rule], treatments: &[String]) -> bool {
    rules
        .iter()
        .any(|r| !r.performed_by.is_empty() && treatments.contains(&r.treatment))
}

/// The members and the exceptions in force from a day on, read once for every check
/// that follows (an import checks each of its rows against one book).
pub(crate) struct ScopeBook {
    members: Vec<Member>,
    exceptions: Vec<Exception>,
}

impl ScopeBook {
    /// The book for checks on `from_day` or later, read in the caller's transaction.
    ///
    /// # Errors
    /// The database failed.
    pub(crate) fn read(sql: &mut dyn Sql, from_day: &str) -> crate::store::Result<ScopeBook> {
        Ok(ScopeBook {
            members: stored::members(sql)?,
            exceptions: stored::exceptions(sql, from_day)?,
        })
    }

    /// Whether the member booked as `provider` may perform `treatments` on `day` (no
    /// earlier than the book's first day): the exceptions used, or the reasons.
    pub(crate) fn permits(
        &self,
        rules: &[Rule],
        provider: &str,
        treatments: &[String],
        day: &str,
    ) -> Result<Vec<String>, Vec<String>> {
        if !limits(rules, treatments) {
            return Ok(Vec::new());
        }
        let performer = scope::booked_member(&self.members, provider)
            .map_or(Performer::Unknown(provider), Performer::Member);
        scope::check(rules, treatments, performer, day, &self.exceptions)
    }
}

/// A licence expiring soon (or expired), for the director.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expiring {
    /// The member's name.
    pub name: String,
    /// Their credential, in words.
    pub credential: String,
    /// The last day valid.
    pub expires: String,
    /// Days from today (negative: expired).
    pub days: i64,
}

/// What the director's Staff page shows of the scope of practice.
#[derive(Clone, Debug, Default)]
pub struct Overview {
    /// Every active member, with their licence.
    pub members: Vec<Member>,
    /// The exceptions in force today or later.
    pub exceptions: Vec<Exception>,
    /// Licences expired or expiring within [`EXPIRY_NOTICE_DAYS`], soonest first.
    pub expiring: Vec<Expiring>,
}

/// The scope of practice today, for the director.
///
/// # Errors
/// Not the director, or the database failed.
pub fn overview(store: &Store, staff: Option<&Staff>) -> Result<Overview, ServiceError> {
    may(staff, Permission::ManageScope)?;
    let day = today();
    let (members, exceptions) = store.read(move |c| {
        let members = stored::members(c)?;
        Ok((members, stored::exceptions(c, &day)?))
    })?;
    let expiring = expiring(&members, &today());
    Ok(Overview {
        members,
        exceptions,
        expiring,
    })
}

/// The licences of `members` expired or expiring within [`EXPIRY_NOTICE_DAYS`] of
/// `today`, soonest first.
pub fn expiring(members: &[Member], today: &str) -> Vec<Expiring> {
    let mut soon: Vec<Expiring> = members
        .iter()
        .filter_map(|m| {
            let licence = m.licence.as_ref()?;
            let days = scope::days_until(today, &licence.expires)?;
            (days <= EXPIRY_NOTICE_DAYS).then(|| Expiring {
                name: m.name.clone(),
                credential: scope::credential_words(&licence.credential).to_owned(),
                expires: licence.expires.clone(),
                days,
            })
        })
        .collect();
    soon.sort_by_key(|e| e.days);
    soon
}

/// The licences expiring soon, for the director's other pages (empty for anyone else).
///
/// # Errors
/// The database failed.
pub fn expiring_for(store: &Store, staff: &Staff) -> Result<Vec<Expiring>, ServiceError> {
    if allowed(staff.role, Permission::ManageScope).is_err() {
        return Ok(Vec::new());
    }
    let members = store.read(stored::members)?;
    Ok(expiring(&members, &today()))
}

/// Records the licence of member `member_id`, replacing any earlier one.
///
/// # Errors
/// Not the director, a field is wrong, no active member has that id, or the database
/// failed.
pub fn record_licence(
    store: &Store,
    staff: Option<&Staff>,
    member_id: &str,
    draft: &LicenceDraft,
) -> Result<(), ServiceError> {
    may(staff, Permission::ManageScope)?;
    let licence = scope::check_licence(draft)
        .map_err(|(field, message)| ServiceError::Invalid(field, message))?;
    let (staff, id) = (staff.cloned(), member_id.to_owned());
    store.write(move |tx| {
        if !stored::members(tx)?.iter().any(|m| m.staff_id == id) {
            return Ok(Err(ServiceError::NotFound("member")));
        }
        stored::record_licence(tx, &id, &licence, &crate::now_rfc3339())?;
        let detail = serde_json::json!({
            "member": id,
            "credential": licence.credential,
            "expires": licence.expires,
        });
        events::record(
            tx,
            &super::audit::event(
                staff.as_ref(),
                AuditAction::LicenceRecorded,
                None,
                Some(detail.to_string()),
            ),
        )?;
        Ok(Ok(()))
    })?
}

/// An exception as the director types it.
#[derive(Clone, Debug, Default)]
pub struct ExceptionDraft {
    /// The member's staff id.
    pub member: String,
    /// The treatment id.
    pub treatment: String,
    /// The last day it holds, `YYYY-MM-DD`.
    pub until: String,
    /// Why (no patient's details).
    pub reason: String,
}

/// The longest an exception may run, in days: a year, then the director looks again.
pub const MAX_EXCEPTION_DAYS: i64 = 366;

/// Records the director's exception; its id.
///
/// # Errors
/// Not the director, a field is wrong (the member, the treatment, the day, the
/// reason), or the database failed.
pub fn record_exception(
    store: &Store,
    staff: Option<&Staff>,
    draft: &ExceptionDraft,
    clinic: &Clinic,
) -> Result<String, ServiceError> {
    may(staff, Permission::ManageScope)?;
    if !clinic.treatments.contains(&draft.treatment) {
        return Err(ServiceError::Invalid(
            "treatment",
            "choose one of the clinic's treatments",
        ));
    }
    let until = draft.until.trim().to_owned();
    match scope::days_until(&today(), &until) {
        Some(days) if (0..=MAX_EXCEPTION_DAYS).contains(&days) && until.len() == 10 => {}
        _ => {
            return Err(ServiceError::Invalid(
                "until",
                "the last day it holds, as YYYY-MM-DD, from today to a year ahead",
            ));
        }
    }
    let reason = draft.reason.trim().to_owned();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(ServiceError::Invalid(
            "reason",
            "say why, in 1 to 500 characters (no patient's details)",
        ));
    }
    let exception = Exception {
        id: super::new_id("exc")?,
        staff_id: draft.member.clone(),
        treatment: draft.treatment.clone(),
        until,
        reason,
    };
    let staff = staff.cloned();
    store.write(move |tx| {
        if !stored::members(tx)?
            .iter()
            .any(|m| m.staff_id == exception.staff_id)
        {
            return Ok(Err(ServiceError::Invalid(
                "member",
                "choose an active member of staff",
            )));
        }
        let now = crate::now_rfc3339();
        stored::record_exception(tx, &exception, staff.as_ref().map(|s| s.id.as_str()), &now)?;
        let detail = serde_json::json!({
            "exception": exception.id,
            "member": exception.staff_id,
            "treatment": exception.treatment,
            "until": exception.until,
            "reason": exception.reason,
        });
        events::record(
            tx,
            &super::audit::event(
                staff.as_ref(),
                AuditAction::ScopeExceptionRecorded,
                None,
                Some(detail.to_string()),
            ),
        )?;
        Ok(Ok(exception.id.clone()))
    })?
}

/// Withdraws exception `id`: what it let through is checked again from now on.
///
/// # Errors
/// Not the director, no exception in force has that id, or the database failed.
pub fn withdraw_exception(
    store: &Store,
    staff: Option<&Staff>,
    id: &str,
) -> Result<(), ServiceError> {
    may(staff, Permission::ManageScope)?;
    let (staff, id) = (staff.cloned(), id.to_owned());
    store.write(move |tx| {
        if !stored::withdraw_exception(tx, &id, &crate::now_rfc3339())? {
            return Ok(Err(ServiceError::NotFound("exception")));
        }
        let detail = serde_json::json!({ "exception": id });
        events::record(
            tx,
            &super::audit::event(
                staff.as_ref(),
                AuditAction::ScopeExceptionWithdrawn,
                None,
                Some(detail.to_string()),
            ),
        )?;
        Ok(Ok(()))
    })?
}

/// Why a visit was not marked treated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TreatError {
    /// Not allowed, not found, or the database failed.
    Refused(ServiceError),
    /// The member may not perform a treatment booked: the reasons.
    Scope(Vec<String>),
    /// What was used does not hold: each field and what is wrong with it.
    Used(Vec<treatment_use::Problem>),
}

impl From<ServiceError> for TreatError {
    fn from(e: ServiceError) -> Self {
        TreatError::Refused(e)
    }
}

/// Marks appointment `id` treated by `staff` (the member signed in), checked against
/// the protocol's scope of practice today, with what was used for each treatment
/// (`uses`: product, lot, device and settings), and schedules its check-ins (the
/// profile's days after, a day being `day_ms`); marking one already marked changes
/// nothing.
///
/// # Errors
/// Not a provider, the appointment is unknown or cancelled, what was used does not
/// hold (each problem by field), the member may not perform a treatment booked (the
/// reasons), or the database failed.
pub fn mark_treated(
    store: &Store,
    staff: &Staff,
    id: &str,
    clinic: &Clinic,
    uses: Vec<TreatmentUse>,
    day_ms: i64,
) -> Result<(), TreatError> {
    may(Some(staff), Permission::MarkTreated)?;
    let uses = treatment_use::trimmed(uses);
    let plan = crate::service::check_ins::Plan {
        days: clinic.check_in_days.clone(),
        day_ms,
    };
    let (staff, id, rules) = (staff.clone(), id.to_owned(), clinic.rules.clone());
    store
        .write(move |tx| {
            let Some(appointment) = appointments::by_id(tx, &id)? else {
                return Ok(Err(TreatError::Refused(ServiceError::NotFound(
                    "appointment",
                ))));
            };
            if appointment.status != "booked" {
                return Ok(Err(TreatError::Refused(ServiceError::Invalid(
                    "appointment",
                    "a cancelled appointment cannot be marked treated",
                ))));
            }
            if stored::treated(tx, &id)?.is_some() {
                return Ok(Ok(()));
            }
            let problems = treatment_use::check(&uses, &appointment.booked.treatments);
            if !problems.is_empty() {
                return Ok(Err(TreatError::Used(problems)));
            }
            let members = stored::members(tx)?;
            let day = today();
            let exceptions = stored::exceptions(tx, &day)?;
            let Some(me) = members.iter().find(|m| m.staff_id == staff.id) else {
                return Ok(Err(TreatError::Refused(ServiceError::NotFound("member"))));
            };
            let used = match scope::check(
                &rules,
                &appointment.booked.treatments,
                Performer::Member(me),
                &day,
                &exceptions,
            ) {
                Ok(used) => used,
                Err(reasons) => return Ok(Err(TreatError::Scope(reasons))),
            };
            let (now_ms, now) = (crate::now_unix_ms(), crate::now_rfc3339());
            stored::mark_treated(tx, &id, &staff.id, &now)?;
            for used in &uses {
                check_ins::record_use(tx, &id, used, &now)?;
            }
            let scheduled =
                crate::service::check_ins::schedule(tx, &appointment, &plan, now_ms, &now)?;
            let mut detail = serde_json::json!({ "appointment": id, "check_ins": scheduled });
            if !used.is_empty() {
                detail["exceptions"] = used.into();
            }
            events::record(
                tx,
                &super::audit::event(
                    Some(&staff),
                    AuditAction::VisitTreated,
                    None,
                    Some(detail.to_string()),
                ),
            )?;
            notify(tx)?;
            Ok(Ok(()))
        })
        .map_err(ServiceError::from)??;
    store.announce();
    Ok(())
}
