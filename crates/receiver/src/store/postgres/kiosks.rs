//! The clinic's kiosks in PostgreSQL (see [`crate::store::kiosks`]).

use postgres::Client;

use crate::store::Result;
use crate::store::kiosks::{CODE_VALID_MS, NewKioskError};

/// A kiosk waiting to enrol; a revoked kiosk's name is freed for it.
pub(super) fn create(
    client: &mut Client,
    name: &str,
    code_sha256: &str,
    now_ms: i64,
    created_at: &str,
) -> std::result::Result<(), NewKioskError> {
    let mut tx = client.transaction()?;
    // The whole table is locked for this short write: two staff making kiosks of
    // the same name at once get one kiosk and one "name in use", never two rows.
    tx.batch_execute("LOCK TABLE kiosks IN SHARE ROW EXCLUSIVE MODE")?;
    let existing: Option<Option<String>> = tx
        .query_opt("SELECT revoked_at FROM kiosks WHERE name = $1", &[&name])?
        .map(|r| r.get(0));
    match existing {
        Some(None) => return Err(NewKioskError::NameInUse),
        Some(Some(_)) => {
            // The revoked key is kept under a name of its own, so it stays known (and
            // refused) while the name starts again.
            tx.execute(
                "UPDATE kiosks SET name = name || ' (revoked ' || revoked_at || ')' WHERE name = $1",
                &[&name],
            )?;
        }
        None => {}
    }
    tx.execute(
        "INSERT INTO kiosks (name, code_sha256, code_expires_unix_ms, created_at) VALUES ($1, $2, $3, $4)",
        &[&name, &code_sha256, &(now_ms + CODE_VALID_MS), &created_at],
    )?;
    tx.commit()?;
    Ok(())
}

/// Spends an enrolment code on the device key `kid`.
pub(super) fn enrol(
    client: &mut Client,
    code_sha256: &str,
    kid: &str,
    now_ms: i64,
    enrolled_at: &str,
) -> Result<Option<String>> {
    let mut tx = client.transaction()?;
    let name: Option<String> = tx
        .query_opt(
            "SELECT name FROM kiosks WHERE code_sha256 = $1 AND kid IS NULL AND revoked_at IS NULL AND code_expires_unix_ms > $2 FOR UPDATE",
            &[&code_sha256, &now_ms],
        )?
        .map(|r| r.get(0));
    let Some(name) = name else {
        return Ok(None);
    };
    let key_in_use: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM kiosks WHERE kid = $1)",
            &[&kid],
        )?
        .get(0);
    if key_in_use {
        return Ok(None);
    }
    tx.execute(
        "UPDATE kiosks SET kid = $2, enrolled_at = $3, code_sha256 = NULL, code_expires_unix_ms = NULL WHERE name = $1",
        &[&name, &kid, &enrolled_at],
    )?;
    tx.commit()?;
    Ok(Some(name))
}
