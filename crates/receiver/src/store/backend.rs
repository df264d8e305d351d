//! The storage interface both backends implement.

use super::drafts::Kept;
use super::kiosks::{Device, Kiosk, NewKioskError};
use super::protocols::{ProfileVersion, StoredApproval};
use super::staff::{ConsoleEvent, Session, Staff};
use super::{Invite, Outcome, Result, Row, StoredEvent, StoredSubmission};

/// Everything the receiver keeps. Calls block; the receiver makes them from its
/// blocking pool or from the command line.
pub trait Backend: Send + Sync {
    /// What is already stored for submission `id` signed by `kid`: a replay of its
    /// answer, or a conflict when `fingerprint` differs; `None` when nothing is (an
    /// unfinished attempt is not an answer).
    fn earlier(&self, id: &str, kid: &str, fingerprint: &str) -> Result<Option<Outcome>>;

    /// Stores the submission, its audit trail and the response in one durable
    /// transaction, exactly once per id and signer, and returns once committed.
    fn store(&self, row: Row, now_ms: i64) -> Result<Outcome>;

    /// Forgets attempts a crashed receiver left unfinished, where the backend keeps
    /// such state (SQLite: called by `serve` at start, when no request can be in
    /// flight). Returns how many.
    fn release_claims(&self) -> Result<usize>;

    /// How many submissions are stored.
    fn count(&self) -> Result<u64>;

    /// The ids of the stored submissions, oldest first (an id twice when two keys
    /// signed something under it).
    fn ids(&self) -> Result<Vec<String>>;

    /// Every record stored under `id` as (key thumbprint, JWS), first received first.
    fn signed_under(&self, id: &str) -> Result<Vec<(String, String)>>;

    /// The submission stored first under `id`.
    fn submission(&self, id: &str) -> Result<Option<StoredSubmission>>;

    /// The `limit` submissions received last, newest first.
    fn recent_submissions(&self, limit: u32) -> Result<Vec<StoredSubmission>>;

    /// The audit trail stored for `id` (the first record under it), in order.
    fn audit(&self, id: &str) -> Result<Vec<StoredEvent>>;

    /// The kiosk recorded with submission `id` (its first record), if a kiosk sent it.
    fn submission_kiosk(&self, id: &str) -> Result<Option<String>>;

    /// Records a new invite by the SHA-256 of its token (the token itself is never stored).
    fn create_invite(&self, id: &str, token_sha256: &str, created_at: &str) -> Result<()>;

    /// The invite whose token has this SHA-256.
    fn invite_by_token(&self, token_sha256: &str) -> Result<Option<Invite>>;

    /// Binds an unused invite to the key first used with it; false when it is
    /// already bound to another key.
    fn bind_invite(&self, id: &str, kid: &str) -> Result<bool>;

    /// Keeps `ciphertext` as the draft of invite `invite_id`, replacing any earlier
    /// one, unless the invite was already used; expired drafts are deleted first.
    fn keep_draft(&self, invite_id: &str, ciphertext: &[u8], now_ms: i64) -> Result<Kept>;

    /// The draft of invite `invite_id`, unless there is none or it has expired (an
    /// expired one is deleted).
    fn draft(&self, invite_id: &str, now_ms: i64) -> Result<Option<Vec<u8>>>;

    /// Deletes the draft of invite `invite_id`, if there is one.
    fn delete_draft(&self, invite_id: &str) -> Result<()>;

    /// How many drafts are kept.
    fn draft_count(&self) -> Result<u64>;

    /// Records a kiosk waiting to enrol with the code whose SHA-256 is given (the
    /// code itself is never stored). A revoked kiosk's name may be used again; its
    /// old key stays refused (it is no longer any kiosk's key).
    fn create_kiosk(
        &self,
        name: &str,
        code_sha256: &str,
        now_ms: i64,
        created_at: &str,
    ) -> std::result::Result<(), NewKioskError>;

    /// Enrols the kiosk waiting with this code under the device key `kid`, once:
    /// the code is spent. `None` when the code is unknown, spent or expired.
    fn enrol_kiosk(
        &self,
        code_sha256: &str,
        kid: &str,
        now_ms: i64,
        enrolled_at: &str,
    ) -> Result<Option<String>>;

    /// What the device key `kid` is to this clinic, if it is a kiosk's.
    fn device(&self, kid: &str) -> Result<Option<Device>>;

    /// Revokes the kiosk named `name` (enrolled or waiting); false when there is none
    /// to revoke.
    fn revoke_kiosk(&self, name: &str, revoked_at: &str) -> Result<bool>;

    /// Every kiosk, by name.
    fn kiosks(&self) -> Result<Vec<Kiosk>>;

    /// Records a new staff member and their one-time invitation (by the SHA-256 of
    /// its token, usable until `expires_unix_ms`).
    fn invite_staff(&self, staff: &Staff, token_sha256: &str, expires_unix_ms: i64) -> Result<()>;

    /// The staff member an unused, unexpired invitation is for (not if disabled).
    fn staff_invite(&self, token_sha256: &str, now_ms: i64) -> Result<Option<Staff>>;

    /// Spends the invitation and keeps its member's first passkey, in one
    /// transaction; `None` (nothing kept) when the invitation is not usable.
    fn register_passkey(
        &self,
        token_sha256: &str,
        now_ms: i64,
        credential_id: &str,
        passkey_json: &str,
        at: &str,
    ) -> Result<Option<Staff>>;

    /// The passkey with this credential id, and whose it is.
    fn passkey(&self, credential_id: &str) -> Result<Option<(Staff, String)>>;

    /// Keeps a passkey's new state (its signature counter) after a sign-in.
    fn update_passkey(&self, credential_id: &str, passkey_json: &str, at: &str) -> Result<()>;

    /// A staff member by id.
    fn staff_member(&self, id: &str) -> Result<Option<Staff>>;

    /// Every staff member, by name.
    fn staff_list(&self) -> Result<Vec<Staff>>;

    /// Disables a member and ends their sessions at once; false when there is no
    /// enabled member with that id.
    fn disable_staff(&self, id: &str, at: &str) -> Result<bool>;

    /// Starts a session (by the SHA-256 of its id) for a member.
    fn start_session(&self, id_sha256: &str, staff_id: &str, now_ms: i64) -> Result<()>;

    /// The session with this id's SHA-256, with its member.
    fn session(&self, id_sha256: &str) -> Result<Option<Session>>;

    /// Marks the session used now.
    fn touch_session(&self, id_sha256: &str, now_ms: i64) -> Result<()>;

    /// Ends one session.
    fn end_session(&self, id_sha256: &str, at: &str) -> Result<()>;

    /// Ends every session of a member ("sign out everywhere"); returns how many.
    fn end_sessions(&self, staff_id: &str, at: &str) -> Result<usize>;

    /// Appends to the console's audit log.
    fn record_console_event(&self, event: &ConsoleEvent) -> Result<()>;

    /// The console's audit log, oldest first; only one submission's when given.
    fn console_events(&self, submission_id: Option<&str>) -> Result<Vec<ConsoleEvent>>;

    /// Records a profile version the first time it is served; false when it was
    /// already recorded.
    fn record_profile_version(&self, version: &ProfileVersion) -> Result<bool>;

    /// Every profile version recorded, in the order they were first served.
    fn profile_versions(&self) -> Result<Vec<ProfileVersion>>;

    /// Keeps a director's approval of a version; false when it was already approved.
    fn approve_profile(&self, approval: &StoredApproval) -> Result<bool>;

    /// Every approval, in the order they were made (verify each before trusting it).
    fn profile_approvals(&self) -> Result<Vec<StoredApproval>>;
}
