//! The clinic's kiosks: tablets enrolled once with a one-time code, known afterwards
//! by the thumbprint of their device key, revocable by name.

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
#[derive(Clone, Debug, PartialEq, Eq)]
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
    Storage(super::Error),
}

impl From<super::Error> for NewKioskError {
    fn from(e: super::Error) -> Self {
        NewKioskError::Storage(e)
    }
}

impl From<rusqlite::Error> for NewKioskError {
    fn from(e: rusqlite::Error) -> Self {
        NewKioskError::Storage(e.into())
    }
}

impl From<::postgres::Error> for NewKioskError {
    fn from(e: ::postgres::Error) -> Self {
        NewKioskError::Storage(e.into())
    }
}
