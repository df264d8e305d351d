//! After the treatment: what was used at a visit marked treated, and its check-ins
//! (scheduled, sent with a token whose hash alone is kept, opened, completed with the
//! patient's answers and photo sealed for their row).

pub use crate::domain::treatment_use::TreatmentUse;
use crate::keys::data_keys::place;
use crate::store::Result;
use crate::store::sql::{Row, Sql, params};

/// Records what was used at appointment `appointment_id` (in the visit's marking
/// transaction).
pub fn record_use(
    tx: &mut dyn Sql,
    appointment_id: &str,
    used: &TreatmentUse,
    now: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO treatment_records (appointment_id, treatment, product, lot, device, settings, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        params![
            appointment_id,
            &used.treatment,
            &used.product,
            &used.lot,
            &used.device,
            &used.settings,
            now
        ],
    )?;
    Ok(())
}

/// What was used at appointment `appointment_id`, by treatment.
pub fn uses(sql: &mut dyn Sql, appointment_id: &str) -> Result<Vec<TreatmentUse>> {
    sql.query(
        "SELECT treatment, product, lot, device, settings FROM treatment_records
         WHERE appointment_id = $1 ORDER BY treatment",
        params![appointment_id],
    )?
    .iter()
    .map(|r| {
        Ok(TreatmentUse {
            treatment: r.text(0)?,
            product: r.text(1)?,
            lot: r.text(2)?,
            device: r.text(3)?,
            settings: r.text(4)?,
        })
    })
    .collect()
}

/// A check-in to schedule.
#[derive(Clone, Copy, Debug)]
pub struct Scheduled<'a> {
    /// Its id.
    pub id: &'a str,
    /// The visit it follows.
    pub appointment_id: &'a str,
    /// The treatment it asks about.
    pub treatment: &'a str,
    /// Which day after the visit.
    pub day: u16,
    /// When it is due.
    pub due_ms: i64,
    /// Now, RFC 3339.
    pub now: &'a str,
}

/// Schedules a check-in (in the caller's transaction).
pub fn schedule(tx: &mut dyn Sql, s: &Scheduled<'_>) -> Result<()> {
    tx.execute(
        "INSERT INTO check_ins (id, appointment_id, treatment, day, due_unix_ms, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        params![
            s.id,
            s.appointment_id,
            s.treatment,
            i64::from(s.day),
            s.due_ms,
            s.now
        ],
    )?;
    Ok(())
}

/// Keeps the hash of the token the check-in's message carries (a message sent again
/// carries a new one: the earlier link no longer opens).
pub fn set_token(tx: &mut dyn Sql, id: &str, token_sha256: &str) -> Result<()> {
    tx.execute(
        "UPDATE check_ins SET token_sha256 = $2 WHERE id = $1",
        params![id, token_sha256],
    )?;
    Ok(())
}

/// A check-in as the receiver keeps it, without the patient's answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckIn {
    /// Its id.
    pub id: String,
    /// The visit it follows.
    pub appointment_id: String,
    /// The treatment it asks about.
    pub treatment: String,
    /// Which day after the visit.
    pub day: u16,
    /// When it is due.
    pub due_ms: i64,
    /// When its link was first opened.
    pub opened_at: Option<String>,
    /// When the patient sent it.
    pub completed_at: Option<String>,
    /// What the receiver made of it (`routine`, `call_clinic`, `emergency`).
    pub urgency: Option<String>,
}

const COLUMNS: &str =
    "id, appointment_id, treatment, day, due_unix_ms, opened_at, completed_at, urgency";

fn check_in(r: &Row) -> Result<CheckIn> {
    Ok(CheckIn {
        id: r.text(0)?,
        appointment_id: r.text(1)?,
        treatment: r.text(2)?,
        day: u16::try_from(r.int(3)?)
            .map_err(|_| crate::store::Error::new("a check-in's day does not read"))?,
        due_ms: r.int(4)?,
        opened_at: r.opt_text(5)?,
        completed_at: r.opt_text(6)?,
        urgency: r.opt_text(7)?,
    })
}

/// The check-in whose link carries the token hashed to `token_sha256`.
pub fn by_token(sql: &mut dyn Sql, token_sha256: &str) -> Result<Option<CheckIn>> {
    sql.query_opt(
        &format!("SELECT {COLUMNS} FROM check_ins WHERE token_sha256 = $1"),
        params![token_sha256],
    )?
    .map(|r| check_in(&r))
    .transpose()
}

/// Check-in `id`.
pub fn by_id(sql: &mut dyn Sql, id: &str) -> Result<Option<CheckIn>> {
    sql.query_opt(
        &format!("SELECT {COLUMNS} FROM check_ins WHERE id = $1"),
        params![id],
    )?
    .map(|r| check_in(&r))
    .transpose()
}

/// The check-ins of appointment `appointment_id`, by day.
pub fn of_appointment(sql: &mut dyn Sql, appointment_id: &str) -> Result<Vec<CheckIn>> {
    sql.query(
        &format!(
            "SELECT {COLUMNS} FROM check_ins WHERE appointment_id = $1 ORDER BY day, treatment"
        ),
        params![appointment_id],
    )?
    .iter()
    .map(check_in)
    .collect()
}

/// Notes the first opening of check-in `id`.
pub fn opened(tx: &mut dyn Sql, id: &str, at: &str) -> Result<()> {
    tx.execute(
        "UPDATE check_ins SET opened_at = $2 WHERE id = $1 AND opened_at IS NULL",
        params![id, at],
    )?;
    Ok(())
}

/// What a patient sent: the report (JSON) and the photo (a JPEG, base64) sealed for
/// their row, and the urgency the receiver computed.
pub struct Completed<'a> {
    /// The check-in.
    pub id: &'a str,
    /// `routine`, `call_clinic` or `emergency`.
    pub urgency: &'a str,
    /// The report as sent, canonical JSON.
    pub report: &'a str,
    /// The photo, base64 of its JPEG bytes without metadata.
    pub photo: Option<&'a str>,
    /// Now, RFC 3339.
    pub at: &'a str,
}

/// Records check-in `id` completed, once; whether this call did (a second answer
/// changes nothing).
pub fn complete(tx: &mut dyn Sql, c: &Completed<'_>) -> Result<bool> {
    let report = tx.seal(&place("check_ins.report", &[c.id]), c.report)?;
    let photo = tx.seal_opt(&place("check_ins.photo", &[c.id]), c.photo)?;
    Ok(tx.execute(
        "UPDATE check_ins SET completed_at = $2, urgency = $3, report = $4, photo = $5
         WHERE id = $1 AND completed_at IS NULL",
        params![c.id, c.at, c.urgency, report, photo],
    )? == 1)
}

/// The report and photo of check-in `id`, opened.
pub fn answers(sql: &mut dyn Sql, id: &str) -> Result<Option<(String, Option<String>)>> {
    let Some(r) = sql.query_opt(
        "SELECT report, photo FROM check_ins WHERE id = $1 AND completed_at IS NOT NULL",
        params![id],
    )?
    else {
        return Ok(None);
    };
    let report = sql.open(&place("check_ins.report", &[id]), &r.text(0)?)?;
    let photo = sql.open_opt(&place("check_ins.photo", &[id]), r.opt_text(1)?.as_deref())?;
    Ok(Some((report, photo)))
}

/// The completed check-ins, urgent ones first, then the newest: at most `limit`.
pub fn completed(sql: &mut dyn Sql, limit: i64) -> Result<Vec<CheckIn>> {
    sql.query(
        &format!(
            "SELECT {COLUMNS} FROM check_ins WHERE completed_at IS NOT NULL
             ORDER BY CASE urgency WHEN 'emergency' THEN 0 WHEN 'call_clinic' THEN 1 ELSE 2 END,
                      completed_at DESC, id LIMIT $1"
        ),
        params![limit],
    )?
    .iter()
    .map(check_in)
    .collect()
}

/// The check-ins completed since `since` (RFC 3339) that a warning sign made urgent,
/// the most urgent and then the newest first.
pub fn urgent_since(sql: &mut dyn Sql, since: &str) -> Result<Vec<CheckIn>> {
    sql.query(
        &format!(
            "SELECT {COLUMNS} FROM check_ins
             WHERE completed_at IS NOT NULL AND completed_at >= $1 AND urgency IN ('call_clinic', 'emergency')
             ORDER BY CASE urgency WHEN 'emergency' THEN 0 ELSE 1 END, completed_at DESC, id"
        ),
        params![since],
    )?
    .iter()
    .map(check_in)
    .collect()
}

/// The incident opened from check-in `id`, if one was.
pub fn incident_of(sql: &mut dyn Sql, id: &str) -> Result<Option<String>> {
    sql.query_opt(
        "SELECT id FROM incidents WHERE checkin_id = $1 ORDER BY created_at LIMIT 1",
        params![id],
    )?
    .map(|r| r.text(0))
    .transpose()
}
