//! The clinic's kiosks: tablets enrolled once with a one-time code, known afterwards
//! by the thumbprint of their device key, revocable by name.

use rusqlite::{OptionalExtension, params};

use super::Store;

/// How long an enrolment code stays usable.
pub const CODE_VALID_MS: i64 = 24 * 60 * 60 * 1000;

/// A kiosk as listed for staff.
#[derive(Debug, PartialEq, Eq)]
pub struct Kiosk {
    /// The name staff gave it.
    pub name: String,
    /// Its device key's thumbprint, once enrolled.
    pub kid: Option<String>,
    /// When it enrolled.
    pub enrolled_at: Option<String>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
    /// When its last submission was received.
    pub last_submission_at: Option<String>,
}

/// What a device key is to this clinic.
#[derive(Debug, PartialEq, Eq)]
pub enum Device {
    /// The key of an enrolled kiosk, by name.
    Enrolled(String),
    /// The key of a kiosk the clinic revoked.
    Revoked(String),
}

/// Why a kiosk could not be made.
#[derive(Debug)]
pub enum NewKioskError {
    /// A kiosk of that name is enrolled or waiting to enrol: revoke it first.
    NameInUse,
    /// The database failed.
    Storage(rusqlite::Error),
}

impl From<rusqlite::Error> for NewKioskError {
    fn from(e: rusqlite::Error) -> Self {
        NewKioskError::Storage(e)
    }
}

impl Store {
    /// Records a kiosk waiting to enrol with the code whose SHA-256 is given (the
    /// code itself is never stored). A revoked kiosk's name may be used again; its
    /// old key stays refused (it is no longer any kiosk's key).
    pub fn create_kiosk(
        &self,
        name: &str,
        code_sha256: &str,
        now_ms: i64,
        created_at: &str,
    ) -> Result<(), NewKioskError> {
        let mut db = self.db();
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
                // The revoked key is kept under a name of its own, so it stays known
                // (and refused) while the name starts again.
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

    /// Enrols the kiosk waiting with this code under the device key `kid`, once:
    /// the code is spent. `None` when the code is unknown, spent or expired.
    pub fn enrol_kiosk(
        &self,
        code_sha256: &str,
        kid: &str,
        now_ms: i64,
        enrolled_at: &str,
    ) -> rusqlite::Result<Option<String>> {
        let mut db = self.db();
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

    /// What the device key `kid` is to this clinic, if it is a kiosk's.
    pub fn device(&self, kid: &str) -> rusqlite::Result<Option<Device>> {
        self.db()
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
            .optional()
    }

    /// Revokes the kiosk named `name` (enrolled or waiting); false when there is none
    /// to revoke.
    pub fn revoke_kiosk(&self, name: &str, revoked_at: &str) -> rusqlite::Result<bool> {
        let changed = self.db().execute(
            "UPDATE kiosks SET revoked_at = ?2, code_sha256 = NULL, code_expires_unix_ms = NULL WHERE name = ?1 AND revoked_at IS NULL",
            params![name, revoked_at],
        )?;
        Ok(changed == 1)
    }

    /// Every kiosk, by name.
    pub fn kiosks(&self) -> rusqlite::Result<Vec<Kiosk>> {
        let db = self.db();
        let mut statement = db.prepare(
            "SELECT name, kid, enrolled_at, revoked_at, last_submission_at FROM kiosks ORDER BY name",
        )?;
        statement
            .query_map([], |r| {
                Ok(Kiosk {
                    name: r.get(0)?,
                    kid: r.get(1)?,
                    enrolled_at: r.get(2)?,
                    revoked_at: r.get(3)?,
                    last_submission_at: r.get(4)?,
                })
            })?
            .collect()
    }

    /// The kiosk recorded with submission `id` (its first record), if a kiosk sent it.
    pub fn submission_kiosk(&self, id: &str) -> rusqlite::Result<Option<String>> {
        Ok(self
            .db()
            .query_row(
                "SELECT kiosk FROM submissions WHERE id = ?1 AND state = 'done' ORDER BY received_at, rowid LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }
}
