//! Appointments: kept once per source and booking-system id, the patient's contact
//! and the treatments sealed for their row; and the column mapping each booking
//! system's export was read with.

use crate::domain::appointment::{Checked, Contact};
use crate::domain::booking_csv::Mapping;
use crate::keys::data_keys::place;
use crate::store::sql::{Row, Sql, params};
use crate::store::{Error, Result};

/// A stored appointment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Appointment {
    /// Its id (`apt-…`).
    pub id: String,
    /// Where it came from: `console`, or the booking system's name.
    pub source: String,
    /// What was booked: the booking system's id, the start, the provider, the
    /// treatments, the patient and their language.
    pub booked: Checked,
    /// `booked` or `cancelled`.
    pub status: String,
}

/// What an upsert did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Upserted {
    /// A new appointment.
    Added,
    /// An appointment whose details changed.
    Updated,
    /// Already as given.
    Unchanged,
}

const COLUMNS: &str = "id, source, external_id, start_at, start_unix_ms, provider, treatments, contact, language, status";

fn sealed_place(column: &str, id: &str) -> String {
    place(column, &[id])
}

fn appointment(sql: &dyn Sql, r: &Row) -> Result<Appointment> {
    let id = r.text(0)?;
    let treatments = sql.open(&sealed_place("appointments.treatments", &id), &r.text(6)?)?;
    let contact = sql.open(&sealed_place("appointments.contact", &id), &r.text(7)?)?;
    let contact: Contact = serde_json::from_str(&contact)
        .map_err(|_| Error::new("an appointment's contact does not read"))?;
    Ok(Appointment {
        source: r.text(1)?,
        booked: Checked {
            external_id: r.text(2)?,
            start: r.text(3)?,
            start_unix_ms: r.int(4)?,
            provider: r.text(5)?,
            treatments: treatments
                .split(',')
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            contact,
            language: r.text(8)?,
        },
        status: r.text(9)?,
        id,
    })
}

/// The appointment from `source` with the booking system's id `external_id`.
pub fn by_source(
    sql: &mut dyn Sql,
    source: &str,
    external_id: &str,
) -> Result<Option<Appointment>> {
    let row = sql.query_opt(
        &format!("SELECT {COLUMNS} FROM appointments WHERE source = $1 AND external_id = $2"),
        params![source, external_id],
    )?;
    row.map(|r| appointment(sql, &r)).transpose()
}

/// Keeps `checked` from `source` under a new id `id`, or updates the one already kept
/// under its booking-system id (in the caller's transaction).
pub fn upsert(
    tx: &mut dyn Sql,
    source: &str,
    id: &str,
    checked: &Checked,
    now: &str,
) -> Result<Upserted> {
    let external_id = if checked.external_id.is_empty() {
        id
    } else {
        &checked.external_id
    };
    let existing = by_source(tx, source, external_id)?;
    if existing.as_ref().is_some_and(|old| old.booked == *checked) {
        return Ok(Upserted::Unchanged);
    }
    let row_id = existing.as_ref().map_or(id, |a| a.id.as_str()).to_owned();
    let treatments = tx.seal(
        &sealed_place("appointments.treatments", &row_id),
        &checked.treatments.join(","),
    )?;
    let contact = serde_json::to_string(&checked.contact).map_err(|e| Error::new(e.to_string()))?;
    let contact = tx.seal(&sealed_place("appointments.contact", &row_id), &contact)?;
    if existing.is_some() {
        tx.execute(
            "UPDATE appointments SET start_at = $2, start_unix_ms = $3, provider = $4, treatments = $5, contact = $6,
                 language = $7, updated_at = $8 WHERE id = $1",
            params![&row_id, &checked.start, checked.start_unix_ms, &checked.provider, treatments, contact, &checked.language, now],
        )?;
        Ok(Upserted::Updated)
    } else {
        tx.execute(
            &format!("INSERT INTO appointments ({COLUMNS}, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'booked', $10, $10)"),
            params![&row_id, source, external_id, &checked.start, checked.start_unix_ms, &checked.provider, treatments, contact, &checked.language, now],
        )?;
        Ok(Upserted::Added)
    }
}

/// Marks appointment `id` cancelled; whether it was booked until now.
pub fn cancel(tx: &mut dyn Sql, id: &str, now: &str) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE appointments SET status = 'cancelled', updated_at = $2 WHERE id = $1 AND status = 'booked'",
        params![id, now],
    )? > 0)
}

/// The appointment `id`.
pub fn by_id(sql: &mut dyn Sql, id: &str) -> Result<Option<Appointment>> {
    let row = sql.query_opt(
        &format!("SELECT {COLUMNS} FROM appointments WHERE id = $1"),
        params![id],
    )?;
    row.map(|r| appointment(sql, &r)).transpose()
}

/// The appointment invite `invite_id` was made for, if it was made for one.
pub fn of_invite(sql: &mut dyn Sql, invite_id: &str) -> Result<Option<Appointment>> {
    let row = sql.query_opt(
        &format!(
            "SELECT {COLUMNS} FROM appointments WHERE id = (SELECT appointment_id FROM invites WHERE id = $1)"
        ),
        params![invite_id],
    )?;
    row.map(|r| appointment(sql, &r)).transpose()
}

/// The appointments starting between `from_ms` (inclusive) and `to_ms` (exclusive),
/// by time.
pub fn between(sql: &mut dyn Sql, from_ms: i64, to_ms: i64) -> Result<Vec<Appointment>> {
    let rows = sql.query(
        &format!("SELECT {COLUMNS} FROM appointments WHERE start_unix_ms >= $1 AND start_unix_ms < $2 ORDER BY start_unix_ms, id"),
        params![from_ms, to_ms],
    )?;
    rows.iter().map(|r| appointment(sql, r)).collect()
}

/// Up to `limit` appointments by start then id, after `after` (a start and an id),
/// for a cursor-paged list.
pub fn page(sql: &mut dyn Sql, after: Option<(i64, &str)>, limit: i64) -> Result<Vec<Appointment>> {
    let (start, id) = after.unwrap_or((i64::MIN, ""));
    let rows = sql.query(
        &format!(
            "SELECT {COLUMNS} FROM appointments WHERE start_unix_ms > $1 OR (start_unix_ms = $1 AND id > $2)
             ORDER BY start_unix_ms, id LIMIT $3"
        ),
        params![start, id, limit],
    )?;
    rows.iter().map(|r| appointment(sql, r)).collect()
}

/// How many appointments are kept.
pub fn count(sql: &mut dyn Sql) -> Result<u64> {
    Ok(sql
        .query_one("SELECT COUNT(*) FROM appointments", &[])?
        .int(0)?
        .unsigned_abs())
}

/// The mapping remembered for `source`'s exports.
pub fn mapping(sql: &mut dyn Sql, source: &str) -> Result<Mapping> {
    match sql.query_opt(
        "SELECT mapping FROM import_mappings WHERE source = $1",
        params![source],
    )? {
        Some(r) => serde_json::from_str(&r.text(0)?)
            .map_err(|_| Error::new("a remembered column mapping does not read")),
        None => Ok(Mapping::new()),
    }
}

/// Remembers `mapping` for `source`'s exports.
pub fn remember_mapping(
    tx: &mut dyn Sql,
    source: &str,
    mapping: &Mapping,
    now: &str,
) -> Result<()> {
    let text = serde_json::to_string(mapping).map_err(|e| Error::new(e.to_string()))?;
    tx.execute(
        "INSERT INTO import_mappings (source, mapping, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (source) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
        params![source, text, now],
    )?;
    Ok(())
}

/// Where an appointment's forms stand, from its invitations, their drafts and the
/// submission that names one of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormStatus {
    /// No invitation of it was opened.
    NotOpened,
    /// An invitation was opened; nothing submitted yet.
    Opened,
    /// The patient's answers so far are kept as a draft (sealed in their browser).
    InProgress,
    /// Submitted: its highest finding (if any), where its review stands, and what the
    /// patient decided about the consents.
    Submitted {
        /// `stop`, `review`, `caution` or `info`.
        highest: Option<String>,
        /// The stored review state (`to_review`, `reviewed`, `escalated`, `decided:…`).
        review: String,
        /// `declined`, `questions` (asked to talk first), or none.
        consent: Option<String>,
    },
}

/// Where the forms of appointment `id` stand.
///
/// The appointment's invitations first, then the records each brought, by index
/// (`invites_appointment`, `submissions_invite`), newest chosen here: written as one
/// query ordered by `received_at`, both planners preferred walking every record newest
/// first until one matched, which read all of them for an appointment with none (the
/// console-at-scale benchmark measured 600,000 SQLite steps per appointment at 100,000
/// records).
pub fn form_status(sql: &mut dyn Sql, id: &str) -> Result<FormStatus> {
    let invites = sql.query(
        "SELECT id FROM invites WHERE appointment_id = $1",
        params![id],
    )?;
    let mut newest: Option<(String, Row)> = None;
    for invite in &invites {
        for r in sql.query(
            "SELECT received_at, highest_severity, review_state, consent_outcome FROM submissions
             WHERE invite = $1 AND state = 'done'",
            params![invite.text(0)?],
        )? {
            let at = r.text(0)?;
            if newest.as_ref().is_none_or(|(seen, _)| at > *seen) {
                newest = Some((at, r));
            }
        }
    }
    if let Some((_, r)) = newest {
        return Ok(FormStatus::Submitted {
            highest: r.opt_text(1)?,
            review: r.opt_text(2)?.unwrap_or_default(),
            consent: r.opt_text(3)?,
        });
    }
    let r = sql
        .query_opt(
            "SELECT MAX(CASE WHEN d.invite_id IS NULL THEN 0 ELSE 1 END) FROM invites i
             LEFT JOIN drafts d ON d.invite_id = i.id
             WHERE i.appointment_id = $1 AND i.opened_at IS NOT NULL",
            params![id],
        )?
        .map(|r| r.opt_int(0))
        .transpose()?
        .flatten();
    Ok(match r {
        Some(1) => FormStatus::InProgress,
        Some(_) => FormStatus::Opened,
        None => FormStatus::NotOpened,
    })
}
