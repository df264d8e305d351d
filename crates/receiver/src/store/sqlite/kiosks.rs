//! The clinic's kiosks in the SQLite file (see [`crate::store::kiosks`]).

use rusqlite::{Connection, OptionalExtension, params};

use crate::store::Result;
use crate::store::kiosks::{CODE_VALID_MS, Device, Kiosk, NewKioskError};

/// A kiosk waiting to enrol; a revoked kiosk's name is freed for it.
pub(super) fn create(
    db: &mut Connection,
    name: &str,
    code_sha256: &str,
    now_ms: i64,
    created_at: &str,
) -> std::result::Result<(), NewKioskError> {
    let tx = db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let existing: Option<Option<String>> = tx
        .query_row(
            "SELECT revoked_at FROM kiosks WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    match existing {
        Some(None) => return Err(NewKioskError::NameInUse),
        Some(Some(_)) => {
            // The revoked key is kept under a name of its own, so it stays known (and
            // refused) while the name starts again.
            tx.execute(
                "UPDATE kiosks SET name = name || ' (revoked ' || revoked_at || ')' WHERE name = ?1",
                [name],
            )?;
        }
        None => {}
    }
    tx.execute(
        "INSERT INTO kiosks (name, code_sha256, code_expires_unix_ms, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![name, code_sha256, now_ms + CODE_VALID_MS, created_at],
    )?;
    tx.commit()?;
    Ok(())
}

/// Spends an enrolment code on the device key `kid`.
pub(super) fn enrol(
    db: &mut Connection,
    code_sha256: &str,
    kid: &str,
    now_ms: i64,
    enrolled_at: &str,
) -> Result<Option<String>> {
    let tx = db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let name: Option<String> = tx
        .query_row(
            "SELECT name FROM kiosks WHERE code_sha256 = ?1 AND kid IS NULL AND revoked_at IS NULL AND code_expires_unix_ms > ?2",
            params![code_sha256, now_ms],
            |r| r.get(0),
        )
        .optional()?;
    let Some(name) = name else {
        return Ok(None);
    };
    let key_in_use: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM kiosks WHERE kid = ?1)",
        [kid],
        |r| r.get(0),
    )?;
    if key_in_use {
        return Ok(None);
    }
    tx.execute(
        "UPDATE kiosks SET kid = ?2, enrolled_at = ?3, code_sha256 = NULL, code_expires_unix_ms = NULL WHERE name = ?1",
        params![name, kid, enrolled_at],
    )?;
    tx.commit()?;
    Ok(Some(name))
}

/// What the device key `kid` is, if it is a kiosk's.
pub(super) fn device(db: &Connection, kid: &str) -> Result<Option<Device>> {
    Ok(db
        .query_row(
            "SELECT name, revoked_at FROM kiosks WHERE kid = ?1",
            [kid],
            |r| {
                let name: String = r.get(0)?;
                let revoked: Option<String> = r.get(1)?;
                Ok(match revoked {
                    Some(_) => Device::Revoked(name),
                    None => Device::Enrolled(name),
                })
            },
        )
        .optional()?)
}

/// Every kiosk, by name.
pub(super) fn list(db: &Connection) -> Result<Vec<Kiosk>> {
    let mut statement = db.prepare(
        "SELECT name, kid, enrolled_at, revoked_at, last_submission_at FROM kiosks ORDER BY name",
    )?;
    Ok(statement
        .query_map([], |r| {
            Ok(Kiosk {
                name: r.get(0)?,
                kid: r.get(1)?,
                enrolled_at: r.get(2)?,
                revoked_at: r.get(3)?,
                last_submission_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
