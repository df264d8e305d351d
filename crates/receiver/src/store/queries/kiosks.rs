//! The clinic's kiosks (see [`crate::store::kiosks`]).

use super::lock_table;
use crate::store::Result;
use crate::store::kiosks::{CODE_VALID_MS, Device, Kiosk, NewKioskError};
use crate::store::sql::{Dialect, Sql, params};

/// The channel receivers sharing a PostgreSQL database hear of each other's changes to
/// the kiosks on (each keeps what a device key is: [`device`] is asked once per key).
pub const KIOSKS_CHANNEL: &str = "candor_kiosks";

/// Tells every receiver sharing the database, when this transaction commits, that
/// what a device key is may have changed (PostgreSQL; on SQLite nothing is kept).
fn changed(tx: &mut dyn Sql) -> Result<()> {
    if tx.dialect() == Dialect::Postgres {
        tx.execute(&format!("NOTIFY {KIOSKS_CHANNEL}"), &[])?;
    }
    Ok(())
}

/// A kiosk waiting to enrol; a revoked kiosk's name is freed for it. In a transaction
/// (the table locked, so two staff naming a kiosk at once get one kiosk and one "name
/// in use").
pub fn create(
    tx: &mut dyn Sql,
    name: &str,
    code_sha256: &str,
    now_ms: i64,
    created_at: &str,
) -> std::result::Result<(), NewKioskError> {
    lock_table(tx, "kiosks")?;
    let existing = tx
        .query_opt(
            "SELECT revoked_at FROM kiosks WHERE name = $1",
            params![name],
        )?
        .map(|r| r.opt_text(0))
        .transpose()?;
    match existing {
        Some(None) => return Err(NewKioskError::NameInUse),
        Some(Some(_)) => {
            // The revoked key is kept under a name of its own, so it stays known (and
            // refused) while the name starts again.
            tx.execute(
                "UPDATE kiosks SET name = name || ' (revoked ' || revoked_at || ')' WHERE name = $1",
                params![name],
            )?;
            changed(tx)?;
        }
        None => {}
    }
    tx.execute(
        "INSERT INTO kiosks (name, code_sha256, code_expires_unix_ms, created_at) VALUES ($1, $2, $3, $4)",
        params![name, code_sha256, now_ms + CODE_VALID_MS, created_at],
    )?;
    Ok(())
}

/// Spends an enrolment code on the device key `kid`. In a transaction.
pub fn enrol(
    tx: &mut dyn Sql,
    code_sha256: &str,
    kid: &str,
    now_ms: i64,
    enrolled_at: &str,
) -> Result<Option<String>> {
    lock_table(tx, "kiosks")?;
    let Some(name) = tx
        .query_opt(
            "SELECT name FROM kiosks WHERE code_sha256 = $1 AND kid IS NULL AND revoked_at IS NULL AND code_expires_unix_ms > $2",
            params![code_sha256, now_ms],
        )?
        .map(|r| r.text(0))
        .transpose()?
    else {
        return Ok(None);
    };
    if tx
        .query_opt("SELECT 1 FROM kiosks WHERE kid = $1", params![kid])?
        .is_some()
    {
        return Ok(None);
    }
    tx.execute(
        "UPDATE kiosks SET kid = $2, enrolled_at = $3, code_sha256 = NULL, code_expires_unix_ms = NULL WHERE name = $1",
        params![name.as_str(), kid, enrolled_at],
    )?;
    changed(tx)?;
    Ok(Some(name))
}

/// What the device key `kid` is, if it is a kiosk's.
pub fn device(sql: &mut dyn Sql, kid: &str) -> Result<Option<Device>> {
    sql.query_opt(
        "SELECT name, revoked_at FROM kiosks WHERE kid = $1",
        params![kid],
    )?
    .map(|r| {
        let name = r.text(0)?;
        Ok(match r.opt_text(1)? {
            Some(_) => Device::Revoked(name),
            None => Device::Enrolled(name),
        })
    })
    .transpose()
}

/// Revokes the kiosk named `name`; false when there is none to revoke. In a
/// transaction (with the notice to every receiver).
pub fn revoke(tx: &mut dyn Sql, name: &str, revoked_at: &str) -> Result<bool> {
    let revoked = tx.execute(
        "UPDATE kiosks SET revoked_at = $2, code_sha256 = NULL, code_expires_unix_ms = NULL WHERE name = $1 AND revoked_at IS NULL",
        params![name, revoked_at],
    )? == 1;
    if revoked {
        changed(tx)?;
    }
    Ok(revoked)
}

/// Every kiosk, by name.
pub fn list(sql: &mut dyn Sql) -> Result<Vec<Kiosk>> {
    sql.query(
        "SELECT name, kid, enrolled_at, revoked_at, last_submission_at FROM kiosks ORDER BY name",
        &[],
    )?
    .iter()
    .map(|r| {
        Ok(Kiosk {
            name: r.text(0)?,
            kid: r.opt_text(1)?,
            enrolled_at: r.opt_text(2)?,
            revoked_at: r.opt_text(3)?,
            last_submission_at: r.opt_text(4)?,
        })
    })
    .collect()
}
