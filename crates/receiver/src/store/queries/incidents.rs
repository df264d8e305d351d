//! Incidents (see [`crate::domain::incident`]): kept with what names or describes the
//! patient sealed for its row (the patient's name, the device and settings, the
//! description, the actions, the outcome), and in clear what the medical director's
//! counts group by (the treatment, the product, the lot, the provider, the grade, the
//! onset date, the state).

use crate::domain::incident::{Fields, Reporting, State};
use crate::keys::data_keys::place;
use crate::store::sql::{Dialect, Row, Sql, params};
use crate::store::{Error, Result};

/// A stored incident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incident {
    /// Its id (a UUID).
    pub id: String,
    /// What was recorded.
    pub fields: Fields,
    /// Where it stands.
    pub state: State,
    /// The appointment it followed, if known.
    pub appointment_id: Option<String>,
    /// The submission it concerns, if known.
    pub submission_id: Option<String>,
    /// The check-in it was opened from, if any.
    pub checkin_id: Option<String>,
    /// The director who signed it off (their name), if signed off.
    pub signed_off_by: Option<String>,
    /// When, if signed off.
    pub signed_off_at: Option<String>,
    /// Who recorded it (their name; none when opened by the receiver itself).
    pub recorded_by: Option<String>,
    /// When it was recorded.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
}

/// The links a new incident carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Links {
    /// The appointment it followed.
    pub appointment_id: Option<String>,
    /// The submission it concerns.
    pub submission_id: Option<String>,
    /// The check-in it was opened from.
    pub checkin_id: Option<String>,
}

/// The columns sealed, each for its row.
const SEALED: [&str; 5] = ["patient", "device", "description", "actions", "outcome"];

fn sealed_place(column: &str, id: &str) -> String {
    place(&format!("incidents.{column}"), &[id])
}

const COLUMNS: &str = "i.id, i.patient, i.provider, i.provider_role, i.treatment_date, i.onset_date, i.onset_time,
    i.treatment, i.product, i.lot, i.device, i.description, i.grade, i.actions, i.outcome, i.manufacturer,
    i.manufacturer_filed_on, i.regulator, i.regulator_filed_on, i.appointment_id, i.submission_id, i.checkin_id,
    i.state, d.name, i.signed_off_at, r.name, i.created_at, i.updated_at";

const FROM: &str = "FROM incidents i LEFT JOIN staff d ON d.id = i.signed_off_by
    LEFT JOIN staff r ON r.id = i.recorded_by";

fn unreadable(what: &str) -> Error {
    Error::new(format!("an incident's {what} does not read"))
}

fn incident(sql: &dyn Sql, r: &Row) -> Result<Incident> {
    let id = r.text(0)?;
    let open = |i: usize, column: &str| sql.open(&sealed_place(column, &id), &r.text(i)?);
    let grade = r
        .opt_int(12)?
        .map(|g| u8::try_from(g).map_err(|_| unreadable("grade")))
        .transpose()?;
    let reporting = |i: usize| Reporting::parse(&r.text(i)?).ok_or_else(|| unreadable("reporting"));
    let fields = Fields {
        patient: open(1, "patient")?,
        provider: r.text(2)?,
        provider_role: r.text(3)?,
        treatment_date: r.text(4)?,
        onset_date: r.text(5)?,
        onset_time: r.text(6)?,
        treatment: r.text(7)?,
        product: r.text(8)?,
        lot: r.text(9)?,
        device: open(10, "device")?,
        description: open(11, "description")?,
        grade,
        actions: open(13, "actions")?,
        outcome: open(14, "outcome")?,
        manufacturer: reporting(15)?,
        manufacturer_filed_on: r.text(16)?,
        regulator: reporting(17)?,
        regulator_filed_on: r.text(18)?,
    };
    Ok(Incident {
        fields,
        appointment_id: r.opt_text(19)?,
        submission_id: r.opt_text(20)?,
        checkin_id: r.opt_text(21)?,
        state: State::parse(&r.text(22)?).ok_or_else(|| unreadable("state"))?,
        signed_off_by: r.opt_text(23)?,
        signed_off_at: r.opt_text(24)?,
        recorded_by: r.opt_text(25)?,
        created_at: r.text(26)?,
        updated_at: r.text(27)?,
        id,
    })
}

/// The sealed columns of `fields` for incident `id`, in [`SEALED`]'s order.
fn sealed(tx: &dyn Sql, id: &str, fields: &Fields) -> Result<[String; 5]> {
    let plain = [
        &fields.patient,
        &fields.device,
        &fields.description,
        &fields.actions,
        &fields.outcome,
    ];
    let mut out: [String; 5] = Default::default();
    for ((slot, column), value) in out.iter_mut().zip(SEALED).zip(plain) {
        *slot = tx.seal(&sealed_place(column, id), value)?;
    }
    Ok(out)
}

/// Keeps a new incident `id` in state `open` (in the caller's transaction).
pub fn insert(
    tx: &mut dyn Sql,
    id: &str,
    fields: &Fields,
    links: &Links,
    recorded_by: Option<&str>,
    now: &str,
) -> Result<()> {
    let [patient, device, description, actions, outcome] = sealed(tx, id, fields)?;
    tx.execute(
        "INSERT INTO incidents (id, patient, provider, provider_role, treatment_date, onset_date, onset_time,
             treatment, product, lot, device, description, grade, actions, outcome, manufacturer,
             manufacturer_filed_on, regulator, regulator_filed_on, appointment_id, submission_id, checkin_id,
             state, recorded_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
             $22, 'open', $23, $24, $24)",
        params![
            id,
            patient,
            &fields.provider,
            &fields.provider_role,
            &fields.treatment_date,
            &fields.onset_date,
            &fields.onset_time,
            &fields.treatment,
            &fields.product,
            &fields.lot,
            device,
            description,
            fields.grade.map(i64::from),
            actions,
            outcome,
            fields.manufacturer.as_str(),
            &fields.manufacturer_filed_on,
            fields.regulator.as_str(),
            &fields.regulator_filed_on,
            &links.appointment_id,
            &links.submission_id,
            &links.checkin_id,
            recorded_by,
            now
        ],
    )?;
    Ok(())
}

/// Replaces incident `id`'s fields; `clear_sign_off` also clears the director's
/// sign-off (in the caller's transaction).
pub fn update(
    tx: &mut dyn Sql,
    id: &str,
    fields: &Fields,
    clear_sign_off: bool,
    now: &str,
) -> Result<()> {
    let [patient, device, description, actions, outcome] = sealed(tx, id, fields)?;
    let sign_off = if clear_sign_off {
        ", signed_off_by = NULL, signed_off_at = NULL"
    } else {
        ""
    };
    tx.execute(
        &format!(
            "UPDATE incidents SET patient = $2, provider = $3, provider_role = $4, treatment_date = $5,
                 onset_date = $6, onset_time = $7, treatment = $8, product = $9, lot = $10, device = $11,
                 description = $12, grade = $13, actions = $14, outcome = $15, manufacturer = $16,
                 manufacturer_filed_on = $17, regulator = $18, regulator_filed_on = $19, updated_at = $20{sign_off}
             WHERE id = $1"
        ),
        params![
            id,
            patient,
            &fields.provider,
            &fields.provider_role,
            &fields.treatment_date,
            &fields.onset_date,
            &fields.onset_time,
            &fields.treatment,
            &fields.product,
            &fields.lot,
            device,
            description,
            fields.grade.map(i64::from),
            actions,
            outcome,
            fields.manufacturer.as_str(),
            &fields.manufacturer_filed_on,
            fields.regulator.as_str(),
            &fields.regulator_filed_on,
            now
        ],
    )?;
    Ok(())
}

/// Moves incident `id` to `state`; `clear_sign_off` also clears the sign-off.
pub fn set_state(
    tx: &mut dyn Sql,
    id: &str,
    state: State,
    clear_sign_off: bool,
    now: &str,
) -> Result<()> {
    let sign_off = if clear_sign_off {
        ", signed_off_by = NULL, signed_off_at = NULL"
    } else {
        ""
    };
    tx.execute(
        &format!("UPDATE incidents SET state = $2, updated_at = $3{sign_off} WHERE id = $1"),
        params![id, state.as_str(), now],
    )?;
    Ok(())
}

/// Records the director `staff_id`'s sign-off of incident `id`.
pub fn sign_off(tx: &mut dyn Sql, id: &str, staff_id: &str, now: &str) -> Result<()> {
    tx.execute(
        "UPDATE incidents SET signed_off_by = $2, signed_off_at = $3, updated_at = $3 WHERE id = $1",
        params![id, staff_id, now],
    )?;
    Ok(())
}

/// Incident `id`.
pub fn by_id(sql: &mut dyn Sql, id: &str) -> Result<Option<Incident>> {
    one(sql, id, "")
}

/// Incident `id`, its row held until the transaction ends (PostgreSQL; a SQLite write
/// transaction holds the database), for a change decided on what it holds now.
pub fn held(tx: &mut dyn Sql, id: &str) -> Result<Option<Incident>> {
    let lock = match tx.dialect() {
        Dialect::Postgres => " FOR UPDATE OF i",
        Dialect::Sqlite => "",
    };
    one(tx, id, lock)
}

fn one(sql: &mut dyn Sql, id: &str, lock: &str) -> Result<Option<Incident>> {
    let row = sql.query_opt(
        &format!("SELECT {COLUMNS} {FROM} WHERE i.id = $1{lock}"),
        params![id],
    )?;
    row.map(|r| incident(sql, &r)).transpose()
}

/// Every incident: those not signed off first, then by onset, newest first.
pub fn list(sql: &mut dyn Sql) -> Result<Vec<Incident>> {
    let rows = sql.query(
        &format!(
            "SELECT {COLUMNS} {FROM}
             ORDER BY CASE WHEN i.signed_off_at IS NULL THEN 0 ELSE 1 END, i.onset_date DESC,
                 i.onset_time DESC, i.created_at DESC, i.id"
        ),
        &[],
    )?;
    rows.iter().map(|r| incident(sql, r)).collect()
}

/// What the counts group by, for one incident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counted {
    /// The onset date.
    pub onset_date: String,
    /// The treatment's id.
    pub treatment: String,
    /// The product.
    pub product: String,
    /// The lot.
    pub lot: String,
    /// The provider.
    pub provider: String,
    /// The grade.
    pub grade: Option<u8>,
}

/// The clear columns of the incidents whose onset is from `first` to `last`
/// (`YYYY-MM-DD`, both included); nothing sealed is read.
pub fn onset_between(sql: &mut dyn Sql, first: &str, last: &str) -> Result<Vec<Counted>> {
    sql.query(
        "SELECT onset_date, treatment, product, lot, provider, grade FROM incidents
         WHERE onset_date >= $1 AND onset_date <= $2",
        params![first, last],
    )?
    .iter()
    .map(|r| {
        Ok(Counted {
            onset_date: r.text(0)?,
            treatment: r.text(1)?,
            product: r.text(2)?,
            lot: r.text(3)?,
            provider: r.text(4)?,
            grade: r.opt_int(5)?.and_then(|g| u8::try_from(g).ok()),
        })
    })
    .collect()
}
