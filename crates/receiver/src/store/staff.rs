//! The clinic's staff: accounts with a role, one-time invitations to register a
//! passkey (stored by the SHA-256 of their token, valid [`INVITE_VALID_MS`]), the
//! passkeys themselves, console sessions (stored by the SHA-256 of their id), and the
//! console's audit log, which the database refuses to change or delete.

/// How long a staff invitation link stays usable.
pub const INVITE_VALID_MS: i64 = 24 * 60 * 60 * 1000;

pub use crate::domain::roles::Role;

/// A staff member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Staff {
    /// Random id (also the passkeys' user handle).
    pub id: String,
    /// Their name, as the director typed it.
    pub name: String,
    /// What they may do.
    pub role: Role,
    /// When they were invited.
    pub created_at: String,
    /// When they were disabled, if they were: a disabled member has no session.
    pub disabled_at: Option<String>,
}

/// A console session, with its staff member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// Who.
    pub staff: Staff,
    /// When it began (for the absolute limit).
    pub created_unix_ms: i64,
    /// When it was last used (for the idle limit).
    pub last_seen_unix_ms: i64,
    /// Whether it was ended (signed out, or every session of the member ended).
    pub ended: bool,
}

/// One entry of the console's audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleEvent {
    /// When.
    pub at: String,
    /// Who (none for the command line).
    pub staff_id: Option<String>,
    /// Their role at the time.
    pub role: Option<String>,
    /// What (`staff_invited`, `passkey_registered`, `signed_in`, `reviewed`, …).
    pub action: String,
    /// The submission it concerns, if any.
    pub submission_id: Option<String>,
    /// The key that signed the record it concerns (with `submission_id`; events from
    /// before records were named so have none, and concern the id's first record).
    pub submission_kid: Option<String>,
    /// More (a note, a decision and its reason).
    pub detail: Option<String>,
}

/// Reads a stored role, for the backends.
pub(super) fn stored_role(text: &str) -> Role {
    // The column's CHECK allows only the three names.
    text.parse().unwrap_or(Role::FrontDesk)
}
