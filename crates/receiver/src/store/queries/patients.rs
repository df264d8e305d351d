//! Patient records and the visits staff linked to them (issue 31, part 1). A record's
//! name and date of birth are sealed for its row; what finds a record is the blind
//! index (`patient_index`: entries keyed by the database's index key, computed here
//! from the terms `domain::patient` makes, so nothing above the store sees an entry
//! or a key). Each entry is kept with the visit it came from (none for the record's
//! own), so unlinking a visit removes what it added.

use crate::domain::patient::{Kind, Term};
use crate::domain::record::RecordKey;
use crate::keys::data_keys::place;
use crate::store::Result;
use crate::store::sql::{Sql, Value, params};

/// A patient record as staff read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Patient {
    /// Its opaque id (`pat-` and 24 hex digits).
    pub id: String,
    /// The legal name, as on the visit it was made from.
    pub legal_name: String,
    /// The date of birth, `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// When it was made.
    pub created_at: String,
}

/// A visit linked to a patient: which record, and when it was received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visit {
    /// The record.
    pub key: RecordKey,
    /// When the receiver received it.
    pub received_at: String,
}

fn sealed_place(column: &str, id: &str) -> String {
    place(&format!("patients.{column}"), &[id])
}

/// Keeps a new patient record (in the caller's transaction).
pub fn insert(
    tx: &mut dyn Sql,
    id: &str,
    legal_name: &str,
    date_of_birth: &str,
    at: &str,
    by: Option<&str>,
) -> Result<()> {
    let name = tx.seal(&sealed_place("legal_name", id), legal_name)?;
    let dob = tx.seal(&sealed_place("date_of_birth", id), date_of_birth)?;
    tx.execute(
        "INSERT INTO patients (id, legal_name, date_of_birth, created_at, created_by) VALUES ($1, $2, $3, $4, $5)",
        params![id, name, dob, at, by],
    )?;
    Ok(())
}

/// Patient `id`, opened.
pub fn by_id(sql: &mut dyn Sql, id: &str) -> Result<Option<Patient>> {
    let Some(r) = sql.query_opt(
        "SELECT id, legal_name, date_of_birth, created_at FROM patients WHERE id = $1",
        params![id],
    )?
    else {
        return Ok(None);
    };
    let id = r.text(0)?;
    Ok(Some(Patient {
        legal_name: sql.open(&sealed_place("legal_name", &id), &r.text(1)?)?,
        date_of_birth: sql.open(&sealed_place("date_of_birth", &id), &r.text(2)?)?,
        created_at: r.text(3)?,
        id,
    }))
}

/// Adds `terms` to patient `id`'s index, as coming from visit `from` (none: the
/// record's own). An entry already there is kept once.
pub fn index(tx: &mut dyn Sql, id: &str, terms: &[Term], from: Option<&RecordKey>) -> Result<()> {
    let (sub, kid) = from.map_or(("", ""), |k| (k.id.as_str(), k.kid.as_str()));
    for term in terms {
        let entry = tx.index_entry(term.kind.as_str(), &term.text)?;
        tx.execute(
            "INSERT INTO patient_index (patient_id, kind, entry, submission_id, submission_kid)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            params![id, term.kind.as_str(), entry, sub, kid],
        )?;
    }
    Ok(())
}

/// The patients some of whose entries equal those of `terms`, each with every kind
/// that matched.
pub fn matching(sql: &mut dyn Sql, terms: &[Term]) -> Result<Vec<(String, Kind)>> {
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let mut values = Vec::with_capacity(terms.len());
    for term in terms {
        values.push(Value::from(
            sql.index_entry(term.kind.as_str(), &term.text)?,
        ));
    }
    let list: Vec<String> = (1..=values.len()).map(|i| format!("${i}")).collect();
    let rows = sql.query(
        &format!(
            "SELECT DISTINCT patient_id, kind FROM patient_index WHERE entry IN ({}) ORDER BY patient_id, kind",
            list.join(", ")
        ),
        &values,
    )?;
    rows.iter()
        .filter_map(|r| match (r.text(0), r.text(1)) {
            (Ok(id), Ok(kind)) => Kind::from_stored(&kind).map(|k| Ok((id, k))),
            (Err(e), _) | (_, Err(e)) => Some(Err(e)),
        })
        .collect()
}

/// The patient record visit `key` is linked to, if any.
pub fn patient_of(sql: &mut dyn Sql, key: &RecordKey) -> Result<Option<String>> {
    sql.query_opt(
        "SELECT patient_id FROM patient_visits WHERE submission_id = $1 AND submission_kid = $2",
        params![&key.id, &key.kid],
    )?
    .map(|r| r.text(0))
    .transpose()
}

/// Links visit `key` to patient `id`; false when the visit is linked already (the
/// caller checked, but another member of staff may have linked it since: on
/// PostgreSQL the insert waits for their transaction and then does nothing).
pub fn link(tx: &mut dyn Sql, key: &RecordKey, id: &str, at: &str, by: &str) -> Result<bool> {
    let added = tx.execute(
        "INSERT INTO patient_visits (submission_id, submission_kid, patient_id, linked_at, linked_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (submission_id, submission_kid) DO NOTHING",
        params![&key.id, &key.kid, id, at, by],
    )?;
    Ok(added == 1)
}

/// Removes patient record `id` made in this transaction, before anything refers to it
/// (its visit was linked elsewhere meanwhile).
pub fn forget_new(tx: &mut dyn Sql, id: &str) -> Result<()> {
    tx.execute("DELETE FROM patients WHERE id = $1", params![id])?;
    Ok(())
}

/// Unlinks visit `key` and removes the index entries it added; the patient it was
/// linked to, if it was.
pub fn unlink(tx: &mut dyn Sql, key: &RecordKey) -> Result<Option<String>> {
    let lock = super::for_update(tx);
    let Some(id) = tx
        .query_opt(
            &format!("SELECT patient_id FROM patient_visits WHERE submission_id = $1 AND submission_kid = $2{lock}"),
            params![&key.id, &key.kid],
        )?
        .map(|r| r.text(0))
        .transpose()?
    else {
        return Ok(None);
    };
    tx.execute(
        "DELETE FROM patient_index WHERE patient_id = $1 AND submission_id = $2 AND submission_kid = $3",
        params![&id, &key.id, &key.kid],
    )?;
    tx.execute(
        "DELETE FROM patient_visits WHERE submission_id = $1 AND submission_kid = $2",
        params![&key.id, &key.kid],
    )?;
    Ok(Some(id))
}

/// Patient `id`'s visits, newest first (in the order stored within a second).
pub fn visits(sql: &mut dyn Sql, id: &str) -> Result<Vec<Visit>> {
    let order = super::insertion_order(sql, "stored_order");
    let rows = sql.query(
        &format!(
            "SELECT v.submission_id, v.submission_kid, s.received_at
             FROM patient_visits v JOIN submissions s ON s.id = v.submission_id AND s.kid = v.submission_kid
             WHERE v.patient_id = $1
             ORDER BY s.received_at DESC, s.{order} DESC"
        ),
        params![id],
    )?;
    rows.iter()
        .map(|r| {
            Ok(Visit {
                key: RecordKey {
                    id: r.text(0)?,
                    kid: r.text(1)?,
                },
                received_at: r.opt_text(2)?.unwrap_or_default(),
            })
        })
        .collect()
}

/// Patient `id`'s accepted record (the JSON document, opened) and when it was
/// accepted; none until staff accept one.
pub fn accepted(sql: &mut dyn Sql, id: &str) -> Result<Option<(String, String)>> {
    let Some(r) = sql.query_opt(
        "SELECT accepted, accepted_at FROM patients WHERE id = $1 AND accepted IS NOT NULL",
        params![id],
    )?
    else {
        return Ok(None);
    };
    let document = sql.open(&sealed_place("accepted", id), &r.text(0)?)?;
    Ok(Some((document, r.opt_text(1)?.unwrap_or_default())))
}

/// Keeps `document` (JSON) sealed as patient `id`'s accepted record, accepted at `at`
/// (in the caller's transaction; the caller checked who may).
pub fn set_accepted(tx: &mut dyn Sql, id: &str, document: &str, at: &str) -> Result<()> {
    let sealed = tx.seal(&sealed_place("accepted", id), document)?;
    tx.execute(
        "UPDATE patients SET accepted = $1, accepted_at = $2 WHERE id = $3",
        params![sealed, at, id],
    )?;
    Ok(())
}

/// Locks patient `id`'s row until the caller's transaction ends (PostgreSQL), so two
/// acceptances are one after the other; whether it exists.
pub fn lock(tx: &mut dyn Sql, id: &str) -> Result<bool> {
    let lock = super::for_update(tx);
    Ok(tx
        .query_opt(
            &format!("SELECT id FROM patients WHERE id = $1{lock}"),
            params![id],
        )?
        .is_some())
}
