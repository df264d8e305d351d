//! Where submissions, their audit trails, invites, drafts and kiosks are kept: one
//! interface ([`Backend`]) with two implementations, chosen by `--db`:
//!
//! - [`sqlite`] (the default, `--db FILE` or `--db sqlite:FILE`): one file, one
//!   receiver, nothing to install. Group commit makes it fast on one machine.
//! - [`postgres`] (`--db postgres://…`): one database shared by several receivers
//!   behind a load balancer.
//!
//! Both keep each submission exactly once. A submission is stored under its id *and
//! its signer*: the `Idempotency-Key` (the submission id) together with the
//! thumbprint of the key that signed it, and only once the signature was verified.
//! Anyone who learns a submission id can sign something else under it with their own
//! key, but that is another record: it never blocks, replaces or answers for the
//! genuine one (both are kept, and the second signer of an id is there for staff to
//! see). A retry gets the stored response again; the same id and key with a different
//! JWS is a conflict; a retry while the first is still being stored is told to wait.
//!
//! The schemas are versioned migrations in `crates/receiver/migrations/<backend>/`,
//! applied at start by one tool (refinery) for both backends.

mod backend;
pub mod drafts;
pub mod kiosks;
pub mod postgres;
pub mod protocols;
pub mod sqlite;
pub mod staff;

use std::fmt;
use std::path::PathBuf;

pub use backend::Backend;

/// Which database, as given to `--db`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file (created when missing).
    Sqlite(PathBuf),
    /// A PostgreSQL connection string (`postgres://user@host:port/dbname`).
    Postgres(String),
}

impl Database {
    /// Reads `--db`: `postgres://…` or `postgresql://…` is PostgreSQL; `sqlite:FILE`
    /// or a bare path is a SQLite file.
    pub fn parse(value: &str) -> Database {
        if value.starts_with("postgres://") || value.starts_with("postgresql://") {
            Database::Postgres(value.to_owned())
        } else {
            let path = value.strip_prefix("sqlite:").unwrap_or(value);
            Database::Sqlite(PathBuf::from(path))
        }
    }
}

impl fmt::Display for Database {
    /// The file's path, or the connection string without its password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Database::Sqlite(path) => write!(f, "{}", path.display()),
            Database::Postgres(url) => f.write_str(&postgres::without_password(url)),
        }
    }
}

/// A storage failure. Its text is for the operator's terminal; API answers never
/// repeat it.
#[derive(Debug)]
pub struct Error(String);

impl Error {
    /// An error with this description.
    pub fn new(message: impl Into<String>) -> Error {
        Error(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error(e.to_string())
    }
}

impl From<::postgres::Error> for Error {
    fn from(e: ::postgres::Error) -> Self {
        Error(e.to_string())
    }
}

impl From<refinery::Error> for Error {
    fn from(e: refinery::Error) -> Self {
        Error(format!("migration failed: {e}"))
    }
}

/// What storage answers.
pub type Result<T> = std::result::Result<T, Error>;

/// The database, behind the [`Backend`] interface.
pub struct Store {
    backend: Box<dyn Backend>,
}

impl Store {
    /// Opens `database`, creating and migrating its schema as needed.
    pub fn connect(database: &Database) -> Result<Store> {
        let backend: Box<dyn Backend> = match database {
            Database::Sqlite(path) => Box::new(sqlite::SqliteStore::open(path)?),
            Database::Postgres(url) => Box::new(postgres::PostgresStore::connect(url)?),
        };
        Ok(Store { backend })
    }

    /// Opens (creating when missing) the SQLite file at `path`.
    pub fn open(path: &std::path::Path) -> Result<Store> {
        Store::connect(&Database::Sqlite(path.to_owned()))
    }

    /// The JWS stored first for `id`.
    pub fn jws(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .signed_under(id)?
            .into_iter()
            .next()
            .map(|(_, jws)| jws))
    }
}

impl std::ops::Deref for Store {
    type Target = dyn Backend;

    fn deref(&self) -> &Self::Target {
        self.backend.as_ref()
    }
}

/// What became of a submission to store.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Stored now, durably.
    Stored,
    /// Already stored: send this response again.
    Replay {
        /// The status first answered.
        status: u16,
        /// The body first answered.
        body: String,
    },
    /// Same id and key, different JWS.
    DifferentPayload,
    /// Same id and key, being stored right now by another request.
    InProgress,
}

/// A verified submission, ready to store.
pub struct Record<'a> {
    /// The submission id (the idempotency key).
    pub id: &'a str,
    /// The compact JWS as received.
    pub jws: &'a str,
    /// The payload (canonical summary JSON).
    pub payload: &'a str,
    /// The signer's key thumbprint.
    pub kid: &'a str,
    /// The summary itself, for the indexed columns and the audit trail.
    pub summary: &'a candor_core::summary::Summary,
    /// When the receiver received it.
    pub received_at: &'a str,
    /// The enrolled name of the kiosk that signed it, if a kiosk did.
    pub kiosk: Option<&'a str>,
}

/// A submission as written: every column, owned (a backend may write it on another
/// thread).
#[derive(Clone, Debug)]
pub struct Row {
    /// The submission id.
    pub id: String,
    /// The signer's key thumbprint.
    pub kid: String,
    /// SHA-256 of the JWS: what tells a retry from different content.
    pub fingerprint: String,
    /// The compact JWS.
    pub jws: String,
    /// The canonical summary JSON.
    pub payload: String,
    /// The answer given, sent again to retries.
    pub status: u16,
    /// Its body (the receipt).
    pub body: String,
    /// When the receiver received it.
    pub received_at: String,
    /// The clinic the summary names.
    pub clinic_id: String,
    /// The clinic profile's version the widget applied.
    pub profile_version: String,
    /// The protocol's version, when the profile has one.
    pub protocol_version: Option<String>,
    /// The patient's language.
    pub language: &'static str,
    /// The invite, for an invited visit (its draft goes with the submission).
    pub invite: Option<String>,
    /// The kiosk that signed it, by enrolled name.
    pub kiosk: Option<String>,
    /// The audit trail: when, what, about what; the receiver's `received` last.
    pub audit: Vec<(String, String, Option<String>)>,
}

impl Record<'_> {
    /// The row to write, with the answer `status` and `body` kept for retries.
    pub fn row(&self, fingerprint: &str, status: u16, body: &str) -> Row {
        let s = self.summary;
        let mut audit: Vec<(String, String, Option<String>)> = s
            .audit
            .iter()
            .map(|event| {
                let kind = serde_json::to_value(event.event)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                (event.at.clone(), kind, event.subject.clone())
            })
            .collect();
        audit.push((
            self.received_at.to_owned(),
            "received".to_owned(),
            Some(self.kid.to_owned()),
        ));
        Row {
            id: self.id.to_owned(),
            kid: self.kid.to_owned(),
            fingerprint: fingerprint.to_owned(),
            jws: self.jws.to_owned(),
            payload: self.payload.to_owned(),
            status,
            body: body.to_owned(),
            received_at: self.received_at.to_owned(),
            clinic_id: s.clinic.id.clone(),
            profile_version: s.clinic.profile_version.clone(),
            protocol_version: s.protocol.as_ref().map(|p| p.version.clone()),
            language: s.language.code(),
            invite: s.invite.clone(),
            kiosk: self.kiosk.map(str::to_owned),
            audit,
        }
    }
}

/// One stored audit event.
#[derive(Debug, PartialEq, Eq)]
pub struct StoredEvent {
    /// When.
    pub at: String,
    /// What (`received` for the receiver's own event).
    pub event: String,
    /// About what.
    pub subject: Option<String>,
}

/// A stored submission, as the console lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSubmission {
    /// The submission id.
    pub id: String,
    /// The signer's key thumbprint.
    pub kid: String,
    /// When the receiver received it.
    pub received_at: String,
    /// The compact JWS as received.
    pub jws: String,
    /// The canonical summary JSON.
    pub payload: String,
    /// The kiosk that sent it, by enrolled name.
    pub kiosk: Option<String>,
}

/// An invite a clinic issued.
#[derive(Debug, PartialEq, Eq)]
pub struct Invite {
    /// Its id, which the summary names.
    pub id: String,
    /// The key it was first used with, once used.
    pub kid: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::Database;

    #[test]
    fn db_names_a_sqlite_file_by_default_and_postgres_by_its_scheme() {
        assert_eq!(
            Database::parse("candor.sqlite"),
            Database::Sqlite("candor.sqlite".into())
        );
        assert_eq!(
            Database::parse("sqlite:/var/lib/candor/c.sqlite"),
            Database::Sqlite("/var/lib/candor/c.sqlite".into())
        );
        for url in [
            "postgres://candor@db/candor",
            "postgresql://candor@db/candor",
        ] {
            assert_eq!(Database::parse(url), Database::Postgres(url.into()));
        }
    }

    #[test]
    fn a_connection_string_is_shown_without_its_password() {
        let shown = Database::parse("postgres://candor:s3cret@db.internal:5432/candor").to_string();
        assert_eq!(shown, "postgres://candor:***@db.internal:5432/candor");
        assert!(!shown.contains("s3cret"));
        assert_eq!(
            Database::parse("postgres://candor@db/candor").to_string(),
            "postgres://candor@db/candor"
        );
    }
}
