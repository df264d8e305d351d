//! Appointments: a booking system's export imported all or nothing (every row checked
//! first, problems by row and column, then one transaction that adds, updates or
//! leaves each appointment, so an export imported twice adds nothing), with the
//! columns it was read by remembered for the next export from the same system; and
//! the appointments of one day.

use crate::domain::audit::AuditAction;
use crate::domain::booking_csv::{self, Mapping, RowProblem};
use crate::domain::message::{Channel, Kind};
use crate::domain::roles::{Permission, allowed};
use crate::service::ServiceError;
use crate::store::Store;
use crate::store::queries::appointments::{self, Appointment, FormStatus, Upserted};
use crate::store::queries::messages;
use crate::store::queries::{events, lock_table};
use crate::store::staff::{Role, Staff};

/// The largest export taken.
pub const MAX_BYTES: usize = 2_000_000;

/// What the clinic offers, which every appointment is checked against.
#[derive(Clone, Debug)]
pub struct Clinic {
    /// The treatment ids of the clinic's profile.
    pub treatments: Vec<String>,
    /// Their names in the clinic's first language, in the same order (for the console's
    /// booking form).
    pub names: Vec<String>,
    /// Its first language (an appointment's language when none is given).
    pub language: String,
    /// Who may perform each treatment, as the protocol states it.
    pub rules: Vec<crate::domain::scope::Rule>,
    /// Each treatment's check-in days after the visit, as the profile schedules them.
    pub check_in_days: std::collections::BTreeMap<String, Vec<u16>>,
    /// Each treatment's products' names in the first language (what Mark treated
    /// suggests).
    pub products: std::collections::BTreeMap<String, Vec<String>>,
}

impl Clinic {
    /// What `profile` offers.
    pub fn of(profile: &candor_core::profile::ClinicProfile) -> Clinic {
        Clinic {
            treatments: profile.treatments.iter().map(|t| t.id.clone()).collect(),
            names: profile
                .treatments
                .iter()
                .map(|t| {
                    t.name
                        .get(
                            profile
                                .languages
                                .first()
                                .copied()
                                .unwrap_or(candor_core::i18n::Lang::En),
                        )
                        .to_owned()
                })
                .collect(),
            language: profile
                .languages
                .first()
                .map_or("en", |l| l.code())
                .to_owned(),
            rules: profile
                .treatments
                .iter()
                .map(|t| crate::domain::scope::Rule {
                    treatment: t.id.clone(),
                    name: t.name.get(candor_core::i18n::Lang::En).to_owned(),
                    performed_by: t.performed_by.clone(),
                })
                .collect(),
            check_in_days: profile
                .treatments
                .iter()
                .filter_map(|t| Some((t.id.clone(), super::check_ins::days_of(t)?)))
                .collect(),
            products: profile
                .treatments
                .iter()
                .map(|t| {
                    let first = profile.languages.first().copied();
                    let names = t.products.iter().map(|p| {
                        p.name
                            .get(first.unwrap_or(candor_core::i18n::Lang::En))
                            .to_owned()
                    });
                    (t.id.clone(), names.collect())
                })
                .collect(),
        }
    }
}

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// New appointments.
    pub added: usize,
    /// Appointments whose details changed.
    pub updated: usize,
    /// Appointments already as the export has them.
    pub unchanged: usize,
}

/// Why an import kept nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Not allowed, or the request itself is wrong.
    Refused(ServiceError),
    /// The export's problems, by row and column.
    Rows(Vec<RowProblem>),
}

impl From<ServiceError> for ImportError {
    fn from(e: ServiceError) -> Self {
        ImportError::Refused(e)
    }
}

/// A booking system's name as the clinic calls it: lower-case letters, digits, `-`
/// and `_`, at most 40.
pub fn valid_source(source: &str) -> bool {
    !source.is_empty()
        && source.len() <= 40
        && source
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Imports `text`, an export of the booking system `source`, read with `given`
/// columns over those remembered for it; by `staff` (`None`: the command line).
///
/// # Errors
/// The role is too low, the source name or the size is wrong, or the export's rows
/// have problems (then nothing is kept).
pub fn import(
    store: &Store,
    staff: Option<&Staff>,
    source: &str,
    text: &str,
    given: &Mapping,
    clinic: &Clinic,
) -> Result<ImportReport, ImportError> {
    if let Some(staff) = staff {
        allowed(staff.role, Permission::ManageAppointments).map_err(ServiceError::Forbidden)?;
    }
    if !valid_source(source) {
        return Err(ServiceError::Invalid(
            "source",
            "name the booking system in lower-case letters, digits, - and _ (at most 40)",
        )
        .into());
    }
    if text.len() > MAX_BYTES {
        return Err(
            ServiceError::Invalid("file", "an export may be at most 2 MB: split it").into(),
        );
    }
    let owned = source.to_owned();
    let mut mapping = store
        .read(move |c| appointments::mapping(c, &owned))
        .map_err(ServiceError::from)?;
    mapping.extend(given.iter().map(|(f, c)| (f.clone(), c.clone())));
    let read = booking_csv::read(text, &mapping, &clinic.treatments, &clinic.language)
        .map_err(ImportError::Rows)?;
    let rows = read.rows.len();
    let file_sha256 = candor_core::jws::sha256_hex(text.as_bytes());
    let (source, staff, rules) = (source.to_owned(), staff.cloned(), clinic.rules.clone());
    let report = store
        .write(move |tx| {
            // One import at a time per database: two at once would race on new ids.
            lock_table(tx, "appointments")?;
            // Every row's provider is checked against the scope of practice before
            // anything is kept.
            let column = read
                .mapping
                .get("provider")
                .cloned()
                .unwrap_or_else(|| "provider".to_owned());
            let mut refused = Vec::new();
            let mut exceptions: Vec<String> = Vec::new();
            let day_of = |checked: &crate::domain::appointment::Checked| -> String {
                checked.start.get(..10).unwrap_or_default().to_owned()
            };
            // The members and exceptions, read once for every row.
            let first = read
                .rows
                .iter()
                .map(|(_, c)| day_of(c))
                .min()
                .unwrap_or_default();
            let book = super::scope::ScopeBook::read(tx, &first)?;
            for (row, checked) in &read.rows {
                let day = day_of(checked);
                match book.permits(&rules, &checked.provider, &checked.treatments, &day) {
                    Ok(used) => exceptions.extend(used),
                    Err(reasons) => refused.extend(reasons.into_iter().map(|message| RowProblem {
                        row: *row,
                        column: column.clone(),
                        message,
                    })),
                }
            }
            if !refused.is_empty() {
                return Ok(Err(ImportError::Rows(refused)));
            }
            exceptions.sort_unstable();
            exceptions.dedup();
            let now = crate::now_rfc3339();
            let mut report = ImportReport::default();
            for (_, checked) in &read.rows {
                let id = super::new_id("apt")?;
                match appointments::upsert(tx, &source, &id, checked, &now)? {
                    Upserted::Added => {
                        report.added += 1;
                        // Its invitation waits in the outbox (sent by `serve`): by
                        // email when there is one, else by text message.
                        super::invitations::queue_invitation(tx, &id, &checked.contact, &now)?;
                        super::webhooks::appointment_booked(
                            tx,
                            &id,
                            &source,
                            &checked.external_id,
                        )?;
                    }
                    Upserted::Updated => report.updated += 1,
                    Upserted::Unchanged => report.unchanged += 1,
                }
            }
            appointments::remember_mapping(tx, &source, &read.mapping, &now)?;
            let mut detail = serde_json::json!({
                "source": source,
                "rows": rows,
                "added": report.added,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "file_sha256": file_sha256,
            });
            if !exceptions.is_empty() {
                detail["exceptions"] = exceptions.into();
            }
            events::record(
                tx,
                &super::audit::event(
                    staff.as_ref(),
                    AuditAction::AppointmentsImported,
                    None,
                    Some(detail.to_string()),
                ),
            )?;
            crate::store::queries::notify(tx)?;
            Ok(Ok(report))
        })
        .map_err(ServiceError::from)??;
    store.announce();
    Ok(report)
}

/// What the patient's widget is told of the visit its invitation was made for: the
/// treatments booked (chosen for the patient, who may change them), the language and
/// the time. Only the holder of the invitation's token is told.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Booking {
    /// The appointment's id (the console names it on the submission's record).
    pub appointment: String,
    /// The treatment ids booked.
    pub treatments: Vec<String>,
    /// `en` or `es`.
    pub language: String,
    /// The start, RFC 3339 with its offset.
    pub start: String,
}

/// The booking of invite `invite_id`: `None` when it was made without an appointment
/// (`candor-receiver invite`).
///
/// # Errors
/// When the database fails.
pub fn booking_of_invite(store: &Store, invite_id: &str) -> Result<Option<Booking>, ServiceError> {
    let invite = invite_id.to_owned();
    let appointment = store.read(move |c| appointments::of_invite(c, &invite))?;
    Ok(appointment.map(|a| Booking {
        appointment: a.id,
        treatments: a.booked.treatments,
        language: a.booked.language,
        start: a.booked.start,
    }))
}

/// The board's status filter: each stage's key and its words, in the order a visit
/// goes through them; `clinical` stages are offered to providers and the director only.
pub const STAGES: [(&str, &str, bool); 9] = [
    ("not_opened", "Not opened", false),
    ("opened", "Opened", false),
    ("in_progress", "In progress", false),
    ("submitted", "Submitted", false),
    ("flagged", "Flagged", true),
    ("reviewed", "Reviewed", true),
    ("declined", "Consent declined", false),
    ("questions", "Questions first", false),
    ("not_sent", "Invitation not sent", false),
];

/// An appointment on the day's list, with where its invitation stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// The appointment.
    pub appointment: Appointment,
    /// Its invitation's latest message (`None`: none, such as without an email).
    pub invitation: Option<messages::Status>,
    /// Where its forms stand.
    pub form: FormStatus,
    /// Who marked the visit treated (their name), and when.
    pub treated: Option<(String, String)>,
}

impl Listed {
    /// `appointment` with where its invitation, its forms and its visit stand, read
    /// in the caller's connection (the day's board and the API both show it so).
    ///
    /// # Errors
    /// The database failed.
    pub(crate) fn read(
        sql: &mut dyn crate::store::sql::Sql,
        appointment: Appointment,
    ) -> crate::store::Result<Listed> {
        Ok(Listed {
            invitation: messages::latest(sql, &appointment.id)?,
            form: appointments::form_status(sql, &appointment.id)?,
            treated: crate::store::queries::scope::treated(sql, &appointment.id)?,
            appointment,
        })
    }

    /// Where the forms stand, in words for `role`: the front desk sees whether they
    /// were opened, saved, submitted and what was decided about the consents, never
    /// what the answers raised.
    pub fn form_words(&self, role: Role) -> String {
        match &self.form {
            FormStatus::NotOpened => "not opened yet".to_owned(),
            FormStatus::Opened => "opened, not submitted yet".to_owned(),
            FormStatus::InProgress => "in progress (answers saved), not submitted yet".to_owned(),
            FormStatus::Submitted {
                highest,
                review,
                consent,
            } => {
                let mut words = vec!["submitted".to_owned()];
                match consent.as_deref() {
                    Some("declined") => words.push("a treatment's consent declined".to_owned()),
                    Some("questions") => words.push("questions first".to_owned()),
                    _ => {}
                }
                if allowed(role, Permission::ReadCharts).is_ok() {
                    words.push(
                        highest
                            .as_deref()
                            .map_or("no findings".to_owned(), |h| format!("flagged: {h}")),
                    );
                    words.push(
                        match review.as_str() {
                            "reviewed" => "reviewed",
                            "escalated" => "with the medical director",
                            r if r.starts_with("decided") => "decided",
                            _ => "to review",
                        }
                        .to_owned(),
                    );
                }
                words.join("; ")
            }
        }
    }

    /// Where the forms stand, as one of [`STAGES`] (the board's status filter), for
    /// `role`: only the clinical roles are told which records are flagged.
    pub fn stage(&self, role: Role) -> &'static str {
        let clinical = allowed(role, Permission::ReadCharts).is_ok();
        match &self.form {
            FormStatus::NotOpened => "not_opened",
            FormStatus::Opened => "opened",
            FormStatus::InProgress => "in_progress",
            FormStatus::Submitted { consent, .. } if consent.as_deref() == Some("declined") => {
                "declined"
            }
            FormStatus::Submitted { consent, .. } if consent.as_deref() == Some("questions") => {
                "questions"
            }
            FormStatus::Submitted { review, .. } if clinical && review == "reviewed" => "reviewed",
            FormStatus::Submitted {
                highest: Some(_), ..
            } if clinical => "flagged",
            FormStatus::Submitted { .. } => "submitted",
        }
    }

    /// Whether the board shows this appointment to `role` under the filters (empty: any):
    /// its provider, and its stage or `not_sent` for an invitation that failed.
    pub fn shown_for(&self, role: Role, provider: &str, stage: &str) -> bool {
        let provider_ok = provider.is_empty() || self.appointment.booked.provider == provider;
        let stage_ok = match stage {
            "" => true,
            "not_sent" => self
                .invitation
                .as_ref()
                .is_some_and(|s| s.state != "sent" && s.last_error.is_some()),
            stage => self.stage(role) == stage,
        };
        provider_ok && stage_ok
    }

    /// Where the invitation (or, once there is one, the reminder) stands, in words for
    /// the front desk.
    pub fn invitation_words(&self) -> String {
        let Some(status) = &self.invitation else {
            return "no email or mobile number to send it to".to_owned();
        };
        let what = match status.kind {
            Kind::Invitation => "",
            Kind::Reminder => "reminder ",
            Kind::CheckIn => "check-in ",
            Kind::OnCall => "on-call alert ",
        };
        let by = match status.channel {
            Channel::Email => "by email",
            Channel::Sms => "by text message",
        };
        match status {
            s if s.state == "sent" => format!("{what}sent {by}"),
            s if s.state == "cancelled" => "revoked: its links no longer open".to_owned(),
            messages::Status {
                last_error: Some(why),
                ..
            } => format!("{what}not sent: {why}"),
            _ => format!("{what}waiting to be sent {by}"),
        }
    }
}

/// The appointments whose start, in the offset it was given with, falls on `day`
/// (`YYYY-MM-DD`), by time, each with its invitation.
///
/// # Errors
/// The role is too low, the day is not a date, or the database failed.
pub fn day(store: &Store, staff: Option<&Staff>, day: &str) -> Result<Vec<Listed>, ServiceError> {
    if let Some(staff) = staff {
        allowed(staff.role, Permission::ManageAppointments).map_err(ServiceError::Forbidden)?;
    }
    let date: jiff::civil::Date = day
        .parse()
        .map_err(|_| ServiceError::Invalid("day", "a day is written YYYY-MM-DD"))?;
    let midnight = date
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map_err(|_| ServiceError::Invalid("day", "a day is written YYYY-MM-DD"))?
        .timestamp()
        .as_millisecond();
    // Every offset in use is within 14 hours of UTC.
    let (from, to) = (midnight - 14 * 3_600_000, midnight + 38 * 3_600_000);
    let day = day.to_owned();
    Ok(store.read(move |c| {
        let mut listed = Vec::new();
        for appointment in appointments::between(c, from, to)? {
            if appointment.booked.start.starts_with(&day) {
                listed.push(Listed::read(c, appointment)?);
            }
        }
        Ok(listed)
    })?)
}
