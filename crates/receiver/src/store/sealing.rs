//! Health data sealed at rest: which data keys a database holds ([`unlock`],
//! [`rotate`]), a record sealed on its way in ([`seal_row`]), and a database from
//! before sealing brought up to date in place ([`migrate`]).
//!
//! What stays in clear is what the queue sorts and filters on and nothing that names
//! or describes the patient: ids, key thumbprints, times, the clinic and profile
//! versions, the language, the source, the highest finding's severity and rank, and
//! the review state. Sealed: the summary, the JWS (kept without its payload, which
//! is the summary: RFC 7515 appendix F), the patient's name, the treatments, each
//! audit event's subject and each console event's detail (notes, decisions).
//!
//! An incident (`queries::incidents`, written sealed from the start, so nothing here
//! migrates it) keeps in clear what the director's counts group by: the treatment,
//! the product, the lot, the provider's name and role, the grade, the days and the
//! state; its patient's name, device and settings, description, actions and outcome
//! are sealed.
//!
//! A patient record (`queries::patients`, also sealed from the start) keeps its name,
//! date of birth and accepted record (one JSON document) sealed; what finds it, its blind index entries (HMAC-SHA-256
//! under a key derived from the first data key, `keys::blind_index`), and the links
//! of visits to records (ids and times) are in clear and name nobody.

use super::places::{detach, record_place, subject_place};
use super::queries::{events, insertion_order, lock_table};
use super::sql::{Sql, params};
use super::{Error, Result, Row, Store};
use crate::keys::data_keys::is_sealed;
use crate::keys::{DataKey, DataKeys, KeyProvider};

/// Rows sealed in one transaction when a database is migrated.
pub const BATCH: i64 = 200;

/// What `seal_state` calls a database whose every row is sealed.
const SEALED_THROUGHOUT: &str = "sealed_throughout";

fn key_error(e: crate::keys::KeyError) -> Error {
    Error::new(e.0)
}

/// The KEK id the data keys are wrapped under, once there are any.
pub fn sealed_under(sql: &mut dyn Sql) -> Result<Option<String>> {
    sql.query_opt(
        "SELECT kek_id FROM data_keys ORDER BY created_at, id LIMIT 1",
        &[],
    )?
    .map(|r| r.text(0))
    .transpose()
}

/// The database's data keys, unwrapped with `key`; the first one is made (and kept
/// wrapped) when the database has none.
///
/// # Errors
/// When the data keys are wrapped under another key (the text names both), or one
/// does not unwrap.
pub fn unlock(store: &Store, key: &dyn KeyProvider) -> Result<DataKeys> {
    let kek = key.id();
    if store.read(sealed_under)?.is_none() {
        let first = DataKey::generate().map_err(key_error)?;
        let wrapped = key.wrap(&first).map_err(key_error)?;
        let mut random = [0u8; 4];
        getrandom::fill(&mut random).map_err(|e| Error::new(format!("no randomness: {e}")))?;
        let id = format!("dk-{}", crate::keys::provider::hex(&random));
        let at = crate::now_rfc3339();
        let under = kek.clone();
        store.write(move |tx| {
            // Several receivers starting on one new database make one key between them.
            lock_table(tx, "data_keys")?;
            if sealed_under(tx)?.is_none() {
                tx.execute(
                    "INSERT INTO data_keys (id, kek_id, wrapped, created_at) VALUES ($1, $2, $3, $4)",
                    params![&id, &under, &wrapped, &at],
                )?;
            }
            Ok(())
        })?;
    }
    let rows = store.read(|c| {
        c.query(
            "SELECT id, kek_id, wrapped FROM data_keys ORDER BY created_at, id",
            &[],
        )
    })?;
    let mut keys = Vec::with_capacity(rows.len());
    for row in &rows {
        let (id, under) = (row.text(0)?, row.text(1)?);
        if under != kek {
            return Err(Error::new(format!(
                "the key given is {kek}, but this database is sealed under the key {under}: start the receiver with that key (a rotated key: the newer one)"
            )));
        }
        keys.push((id, key.unwrap(&row.text(2)?).map_err(key_error)?));
    }
    let current = keys
        .last()
        .map(|(id, _)| id.clone())
        .ok_or_else(|| Error::new("the database holds no data key"))?;
    // Whether clear text is still allowed is [`migrate`]'s to say, which runs next.
    Ok(DataKeys::new(current, keys))
}

fn is_sealed_throughout(sql: &mut dyn Sql) -> Result<bool> {
    Ok(sql
        .query_opt(
            "SELECT 1 FROM seal_state WHERE name = $1",
            params![SEALED_THROUGHOUT],
        )?
        .is_some())
}

/// Re-wraps every data key from `old` to `new`, in one transaction.
///
/// # Errors
/// When a data key is not wrapped under `old`.
pub fn rotate(store: &Store, old: &dyn KeyProvider, new: &dyn KeyProvider) -> Result<usize> {
    let rows = store.read(|c| c.query("SELECT id, kek_id, wrapped FROM data_keys", &[]))?;
    let (old_id, new_id) = (old.id(), new.id());
    let mut rewrapped = Vec::with_capacity(rows.len());
    for row in &rows {
        let (id, under) = (row.text(0)?, row.text(1)?);
        if under == new_id {
            continue;
        }
        if under != old_id {
            return Err(Error::new(format!(
                "the current key given is {old_id}, but this database is sealed under the key {under}"
            )));
        }
        let key = old.unwrap(&row.text(2)?).map_err(key_error)?;
        rewrapped.push((id, under, new.wrap(&key).map_err(key_error)?));
    }
    let count = rewrapped.len();
    store.write(move |tx| {
        lock_table(tx, "data_keys")?;
        for (id, under, wrapped) in &rewrapped {
            let changed = tx.execute(
                "UPDATE data_keys SET kek_id = $3, wrapped = $4 WHERE id = $1 AND kek_id = $2",
                params![id, under, &new_id, wrapped],
            )?;
            if changed != 1 {
                return Err(Error::new(
                    "the data keys changed during rotation: try again",
                ));
            }
        }
        Ok(())
    })?;
    Ok(count)
}

/// `row` with everything that names or describes the patient sealed.
///
/// # Errors
/// When a value cannot be sealed (no randomness).
pub fn seal_row(keys: &DataKeys, mut row: Row) -> Result<Row> {
    let (id, kid) = (row.id.clone(), row.kid.clone());
    let at = |column: &str| record_place(column, &id, &kid);
    row.jws = keys
        .seal(&at("submissions.jws"), &detach(&row.jws, &row.payload))
        .map_err(key_error)?;
    row.payload = keys
        .seal(&at("submissions.payload"), &row.payload)
        .map_err(key_error)?;
    row.listing.patient_name = keys
        .seal(&at("submissions.patient_name"), &row.listing.patient_name)
        .map_err(key_error)?;
    row.listing.treatments = keys
        .seal(&at("submissions.treatments"), &row.listing.treatments)
        .map_err(key_error)?;
    for (seq, event) in row.audit.iter_mut().enumerate() {
        event.2 = keys
            .seal_opt(&subject_place(&id, &kid, seq as i64), event.2.as_deref())
            .map_err(key_error)?;
    }
    Ok(row)
}

/// How far [`migrate`] got.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Records sealed.
    pub records: usize,
    /// Console events sealed and chained.
    pub events: usize,
    /// Every row is sealed (and the tables rewritten, so no clear copy is left).
    pub complete: bool,
}

/// Seals what a database from before sealing holds in clear, at most `max_batches`
/// transactions of [`BATCH`] rows (each committed: an interrupted migration resumes
/// where it stopped), then rewrites the tables so the clear copies are gone from the
/// files. A database sealed throughout costs one query.
///
/// # Errors
/// When the database fails.
pub fn migrate(store: &Store, max_batches: usize) -> Result<Progress> {
    let mut progress = Progress::default();
    if store.read(|c| is_sealed_throughout(c))? {
        if let Some(keys) = store.keys.as_deref() {
            keys.set_sealed_throughout();
        }
        progress.complete = true;
        return Ok(progress);
    }
    let mut batches = 0;
    loop {
        if batches == max_batches {
            return Ok(progress);
        }
        let sealed = store.write(seal_records)?;
        batches += 1;
        if sealed == 0 {
            break;
        }
        progress.records += sealed;
    }
    loop {
        if batches == max_batches {
            return Ok(progress);
        }
        let chained = store.write(|tx| events::chain_unchained(tx, BATCH))?;
        batches += 1;
        if chained == 0 {
            break;
        }
        progress.events += chained;
    }
    if progress.records + progress.events > 0 || store.read(had_clear_rows)? {
        rewrite_tables(store)?;
    }
    store.write(|tx| {
        tx.execute(
            "INSERT INTO seal_state (name, value) VALUES ($1, 'yes') ON CONFLICT (name) DO NOTHING",
            params![SEALED_THROUGHOUT],
        )?;
        Ok(())
    })?;
    if let Some(keys) = store.keys.as_deref() {
        keys.set_sealed_throughout();
    }
    progress.complete = true;
    Ok(progress)
}

/// Whether an earlier, interrupted migration sealed anything (so the files may still
/// hold clear copies).
fn had_clear_rows(sql: &mut dyn Sql) -> Result<bool> {
    Ok(sql
        .query_opt("SELECT 1 FROM seal_state WHERE name = 'submissions'", &[])?
        .is_some())
}

/// One batch of records: those after the watermark, in the order they were stored.
fn seal_records(tx: &mut dyn Sql) -> Result<usize> {
    let order = insertion_order(tx, "stored_order");
    let after = tx
        .query_opt(
            "SELECT value FROM seal_state WHERE name = 'submissions'",
            &[],
        )?
        .map(|r| r.text(0))
        .transpose()?
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(0);
    let rows = tx.query(
        &format!(
            "SELECT {order}, id, kid, jws, payload, patient_name, treatments FROM submissions
             WHERE {order} > $1 AND state = 'done' ORDER BY {order} LIMIT $2"
        ),
        params![after, BATCH],
    )?;
    let Some(last) = rows.last().map(|r| r.int(0)).transpose()? else {
        return Ok(0);
    };
    for r in &rows {
        let (id, kid) = (r.text(1)?, r.text(2)?);
        let at = |column: &str| record_place(column, &id, &kid);
        let jws = r.opt_text(3)?.unwrap_or_default();
        let payload = r.opt_text(4)?.unwrap_or_default();
        let seal = |tx: &dyn Sql, column: &str, value: &str| -> Result<String> {
            if is_sealed(value) {
                Ok(value.to_owned())
            } else {
                tx.seal(&at(column), value)
            }
        };
        let (jws, name, treatments) = if is_sealed(&payload) {
            (jws, r.opt_text(5)?, r.opt_text(6)?)
        } else {
            (
                seal(tx, "submissions.jws", &detach(&jws, &payload))?,
                r.opt_text(5)?
                    .map(|v| seal(tx, "submissions.patient_name", &v))
                    .transpose()?,
                r.opt_text(6)?
                    .map(|v| seal(tx, "submissions.treatments", &v))
                    .transpose()?,
            )
        };
        let payload = seal(tx, "submissions.payload", &payload)?;
        tx.execute(
            "UPDATE submissions SET jws = $3, payload = $4, patient_name = $5, treatments = $6 WHERE id = $1 AND kid = $2",
            params![&id, &kid, jws, payload, name, treatments],
        )?;
        for event in tx.query(
            "SELECT seq, subject FROM audit_events WHERE submission_id = $1 AND kid = $2 AND subject IS NOT NULL",
            params![&id, &kid],
        )? {
            let (seq, subject) = (event.int(0)?, event.text(1)?);
            if !is_sealed(&subject) {
                let sealed = tx.seal(&subject_place(&id, &kid, seq), &subject)?;
                tx.execute(
                    "UPDATE audit_events SET subject = $4 WHERE submission_id = $1 AND kid = $2 AND seq = $3",
                    params![&id, &kid, seq, sealed],
                )?;
            }
        }
    }
    tx.execute(
        "INSERT INTO seal_state (name, value) VALUES ('submissions', $1)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        params![last.to_string()],
    )?;
    Ok(rows.len())
}

/// Rewrites the tables that held clear text, so no copy of it is left in the
/// database's files (SQLite's free pages; PostgreSQL's dead tuples).
fn rewrite_tables(store: &Store) -> Result<()> {
    store.read(|c| match c.dialect() {
        super::sql::Dialect::Sqlite => {
            c.execute("VACUUM", &[])?;
            c.query("PRAGMA wal_checkpoint(TRUNCATE)", &[])?;
            Ok(())
        }
        super::sql::Dialect::Postgres => {
            c.execute("VACUUM FULL submissions, audit_events, console_events", &[])?;
            Ok(())
        }
    })
}
