//! Where submissions, their audit trails, invites, drafts, kiosks, staff and protocol
//! versions are kept: one storage layer, [`Store`], over either database, chosen by
//! `--db`:
//!
//! - [`sqlite`] (the default, `--db FILE` or `--db sqlite:FILE`): one file, one
//!   receiver, nothing to install. Group commit makes it fast on one machine.
//! - [`postgres`] (`--db postgres://…`): one database shared by several receivers
//!   behind a load balancer.
//!
//! Every query is written once, in [`queries`], over the [`sql::Sql`] connection both
//! drivers implement; only how a submission is claimed and committed exactly once is
//! each engine's own (`sqlite`'s group commit, `postgres`'s one transaction). Calls
//! block: the receiver makes them on its blocking pool, the command line directly.
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
//!
//! Health data is sealed here, on its way in and out ([`sealing`]): every query is
//! handed a connection that carries the database's data keys ([`sql::Keyed`]), so a
//! query seals what it writes and opens what it reads, and nothing above this layer
//! sees a sealed value. The console's audit log is a hash chain ([`queries::events`],
//! `domain::chain`).

mod backfill;
pub mod drafts;
pub mod kiosks;
pub mod places;
pub mod postgres;
pub mod protocols;
pub mod queries;
pub mod query_log;
pub mod sealing;
pub mod sql;
pub mod sqlite;
pub mod staff;

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use self::drafts::Kept;
use self::kiosks::{Device, Kiosk, NewKioskError};
use self::protocols::{ProfileVersion, StoredApproval};
use self::queries as q;
use self::sql::{Keyed, Sql};
use self::staff::{ConsoleEvent, Session, Staff};
use crate::domain::chain::{Break, Head};
use crate::keys::{DataKeys, KeyProvider};

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
pub struct Error {
    message: String,
    /// PostgreSQL gave up waiting for a lock (`lock_timeout`).
    lock_timeout: bool,
}

impl Error {
    /// An error with this description.
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            lock_timeout: false,
        }
    }

    /// Whether the database gave up waiting for a lock another receiver held.
    pub fn lock_not_available(&self) -> bool {
        self.lock_timeout
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::new(e.to_string())
    }
}

impl From<::postgres::Error> for Error {
    fn from(e: ::postgres::Error) -> Self {
        Error {
            lock_timeout: e.code() == Some(&::postgres::error::SqlState::LOCK_NOT_AVAILABLE),
            message: e.to_string(),
        }
    }
}

impl From<refinery::Error> for Error {
    fn from(e: refinery::Error) -> Self {
        Error::new(format!("migration failed: {e}"))
    }
}

/// What storage answers.
pub type Result<T> = std::result::Result<T, Error>;

/// Which engine a store runs on.
enum Engine {
    Sqlite(Box<sqlite::SqliteEngine>),
    Postgres(postgres::PostgresEngine),
}

/// The database: every query the receiver makes, on either engine.
pub struct Store {
    engine: Engine,
    /// What the console's live pages listen to: a record stored or its review changed
    /// (by any receiver sharing the database, on PostgreSQL). Carries nothing of it.
    changes: tokio::sync::broadcast::Sender<()>,
    /// The data keys, unwrapped (`None`: opened without the key, see
    /// [`Store::connect_unsealed`]).
    keys: Option<Arc<DataKeys>>,
}

impl Store {
    /// Opens `database` with the key-encryption key `key`, creating and migrating its
    /// schema as needed: its data keys are unwrapped (the first one made, for a new
    /// database), and rows from before sealing are sealed, in batches that resume
    /// where an interrupted start stopped ([`sealing::migrate`]).
    ///
    /// # Errors
    /// When `key` is not the key the database's data keys are wrapped under (the text
    /// names both keys' ids), or the database fails.
    pub fn connect(database: &Database, key: &dyn KeyProvider) -> Result<Store> {
        Ok(Store::connect_migrating(database, key, usize::MAX)?.0)
    }

    /// [`Store::connect`], sealing at most `max_batches` batches of rows from before
    /// sealing (what an interrupted start leaves; the next start resumes).
    ///
    /// # Errors
    /// As [`Store::connect`].
    pub fn connect_migrating(
        database: &Database,
        key: &dyn KeyProvider,
        max_batches: usize,
    ) -> Result<(Store, sealing::Progress)> {
        let mut store = Store::connect_unsealed(database)?;
        store.keys = Some(Arc::new(sealing::unlock(&store, key)?));
        backfill::fill_listings(&store)?;
        let progress = sealing::migrate(&store, max_batches)?;
        Ok((store, progress))
    }

    /// Opens `database` without its key: what needs no health data (the audit
    /// chain's check, which key a database is sealed under) works; anything that
    /// reads or writes a sealed value fails.
    ///
    /// # Errors
    /// When the database fails.
    pub fn connect_unsealed(database: &Database) -> Result<Store> {
        let (changes, _) = tokio::sync::broadcast::channel(64);
        let engine = match database {
            Database::Sqlite(path) => Engine::Sqlite(Box::new(sqlite::SqliteEngine::open(path)?)),
            Database::Postgres(url) => {
                Engine::Postgres(postgres::PostgresEngine::connect(url, changes.clone())?)
            }
        };
        Ok(Store {
            engine,
            changes,
            keys: None,
        })
    }

    /// Opens (creating when missing) the SQLite file at `path` with the key `key`.
    ///
    /// # Errors
    /// As [`Store::connect`].
    pub fn open(path: &std::path::Path, key: &dyn KeyProvider) -> Result<Store> {
        Store::connect(&Database::Sqlite(path.to_owned()), key)
    }

    /// The id of the key-encryption key this database's data keys are wrapped under,
    /// once it has any.
    ///
    /// # Errors
    /// When the database fails.
    pub fn sealed_under(&self) -> Result<Option<String>> {
        self.read(sealing::sealed_under)
    }

    /// Re-wraps every data key from `old` to `new` in one transaction. Records are
    /// not touched, and receivers already running keep their unwrapped data keys, so
    /// nothing stops; each receiver started afterwards needs `new`.
    ///
    /// # Errors
    /// When `old` is not the key the data keys are wrapped under, or the database fails.
    pub fn rotate_key(&self, old: &dyn KeyProvider, new: &dyn KeyProvider) -> Result<usize> {
        sealing::rotate(self, old, new)
    }

    /// The audit chain's head as the database keeps it.
    ///
    /// # Errors
    /// When the database fails.
    pub fn audit_head(&self) -> Result<Head> {
        self.read(q::events::head)
    }

    /// Walks the console's audit log against its chain (and a head kept elsewhere,
    /// when given): its head when every event is as written, else the first break.
    ///
    /// # Errors
    /// When the database fails.
    pub fn verify_audit(
        &self,
        elsewhere: Option<&Head>,
    ) -> Result<std::result::Result<Head, Break>> {
        let elsewhere = elsewhere.cloned();
        self.read(move |c| q::events::verify(c, elsewhere.as_ref()))
    }

    /// Listens for changes to the queue: a record stored, a review recorded, here or
    /// (on PostgreSQL) at any receiver sharing the database.
    pub fn changes(&self) -> tokio::sync::broadcast::Receiver<()> {
        self.changes.subscribe()
    }

    /// Says that a transaction which changed the queue has committed. On SQLite the
    /// listeners are told here; on PostgreSQL the transaction said so itself
    /// ([`queries::notify`]), or, for a stored submission, the engine did after its
    /// commit (coalesced: `postgres::notifier`), and every receiver's listener tells
    /// its own.
    pub fn announce(&self) {
        if let Engine::Sqlite(_) = self.engine {
            let _ = self.changes.send(());
        }
    }

    /// Runs `f` on a connection (for reads and single statements).
    pub fn read<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn Sql) -> Result<R> + Send + 'static,
    ) -> Result<R> {
        let f = with_keys(self.keys.clone(), f);
        match &self.engine {
            Engine::Sqlite(e) => e.run(f),
            Engine::Postgres(e) => e.run(f),
        }
    }

    /// Runs `f` in a transaction, committed when it succeeds.
    pub fn write<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn Sql) -> Result<R> + Send + 'static,
    ) -> Result<R> {
        let f = with_keys(self.keys.clone(), f);
        match &self.engine {
            Engine::Sqlite(e) => e.run_tx(f),
            Engine::Postgres(e) => e.run_tx(f),
        }
    }

    /// Runs `f` in a transaction whose loss in a crash would cost nothing but a retry
    /// (a sign-in ceremony, an allowance): on SQLite without waiting for the disk.
    pub fn write_volatile<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn Sql) -> Result<R> + Send + 'static,
    ) -> Result<R> {
        let f = with_keys(self.keys.clone(), f);
        match &self.engine {
            Engine::Sqlite(e) => e.run_volatile_tx(f),
            Engine::Postgres(e) => e.run_tx(f),
        }
    }

    /// What is already stored for submission `id` signed by `kid`: a replay of its
    /// answer, or a conflict when `fingerprint` differs; `None` when nothing is (an
    /// unfinished attempt is not an answer).
    pub fn earlier(&self, id: &str, kid: &str, fingerprint: &str) -> Result<Option<Outcome>> {
        let (id, kid, fingerprint) = (id.to_owned(), kid.to_owned(), fingerprint.to_owned());
        self.read(move |c| q::submissions::earlier(c, &id, &kid, &fingerprint))
    }

    /// Stores the submission, its audit trail and the response in one durable
    /// transaction, exactly once per id and signer, and returns once committed.
    pub fn store(&self, row: Row, now_ms: i64) -> Result<Outcome> {
        let keys = self
            .keys
            .as_deref()
            .ok_or_else(|| Error::new("the database was opened without its key"))?;
        let row = sealing::seal_row(keys, row)?;
        match &self.engine {
            Engine::Sqlite(e) => e.store(row, now_ms),
            Engine::Postgres(e) => e.store(row, now_ms),
        }
    }

    /// Forgets attempts a crashed receiver left unfinished, where the engine keeps
    /// such state (SQLite: called by `serve` at start, when no request can be in
    /// flight). Returns how many.
    pub fn release_claims(&self) -> Result<usize> {
        match &self.engine {
            Engine::Sqlite(e) => {
                // And the outbox's claims: no other receiver sends from this file.
                self.write(|tx| {
                    q::messages::release_claims(tx)?;
                    q::webhook_deliveries::release_claims(tx)
                })?;
                e.release_claims()
            }
            // An unfinished transaction leaves nothing behind.
            Engine::Postgres(_) => Ok(0),
        }
    }

    /// How many submissions are stored.
    pub fn count(&self) -> Result<u64> {
        self.read(q::submissions::count)
    }

    /// The ids of the stored submissions, oldest first (an id twice when two keys
    /// signed something under it).
    pub fn ids(&self) -> Result<Vec<String>> {
        self.read(q::submissions::ids)
    }

    /// Every record stored under `id` as (key thumbprint, JWS), first received first.
    pub fn signed_under(&self, id: &str) -> Result<Vec<(String, String)>> {
        let id = id.to_owned();
        self.read(move |c| q::submissions::signed_under(c, &id))
    }

    /// The JWS stored first for `id`.
    pub fn jws(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .signed_under(id)?
            .into_iter()
            .next()
            .map(|(_, jws)| jws))
    }

    /// The submission stored first under `id`.
    pub fn submission(&self, id: &str) -> Result<Option<StoredSubmission>> {
        let id = id.to_owned();
        self.read(move |c| q::submissions::first_under(c, &id))
    }

    /// The `limit` submissions received last, newest first.
    pub fn recent_submissions(&self, limit: u32) -> Result<Vec<StoredSubmission>> {
        self.read(move |c| q::submissions::recent(c, limit))
    }

    /// The audit trail stored for `id` (the first record under it), in order.
    pub fn audit(&self, id: &str) -> Result<Vec<StoredEvent>> {
        let id = id.to_owned();
        self.read(move |c| q::submissions::audit(c, &id))
    }

    /// The kiosk recorded with submission `id` (its first record), if a kiosk sent it.
    pub fn submission_kiosk(&self, id: &str) -> Result<Option<String>> {
        Ok(self.submission(id)?.and_then(|s| s.kiosk))
    }

    /// Records a new invite by the SHA-256 of its token (the token itself is never stored).
    pub fn create_invite(&self, id: &str, token_sha256: &str, created_at: &str) -> Result<()> {
        let (id, token, at) = (
            id.to_owned(),
            token_sha256.to_owned(),
            created_at.to_owned(),
        );
        self.read(move |c| q::invites::create(c, &id, &token, &at))
    }

    /// The invite whose token has this SHA-256.
    pub fn invite_by_token(&self, token_sha256: &str) -> Result<Option<Invite>> {
        let token = token_sha256.to_owned();
        self.read(move |c| q::invites::by_token(c, &token))
    }

    /// Notes that the invite `id` was opened (its first time only).
    pub fn invite_opened(&self, id: &str, at: &str) -> Result<()> {
        let (id, at) = (id.to_owned(), at.to_owned());
        let opened = self.write(move |c| {
            let first = q::invites::opened(c, &id, &at)?;
            if first {
                q::webhook_deliveries::emit_opened(c, &id, &at)?;
            }
            Ok(first)
        })?;
        if opened {
            self.announce();
        }
        Ok(())
    }

    /// Binds an unused invite to the key first used with it; false when it is
    /// already bound to another key.
    pub fn bind_invite(&self, id: &str, kid: &str) -> Result<bool> {
        let (id, kid) = (id.to_owned(), kid.to_owned());
        self.write(move |c| q::invites::bind(c, &id, &kid))
    }

    /// Keeps `ciphertext` as the draft of invite `invite_id`, replacing any earlier
    /// one, unless the invite was already used; expired drafts are deleted first.
    pub fn keep_draft(&self, invite_id: &str, ciphertext: &[u8], now_ms: i64) -> Result<Kept> {
        let (invite, bytes) = (invite_id.to_owned(), ciphertext.to_owned());
        let kept = self.write(move |c| q::drafts::keep(c, &invite, &bytes, now_ms))?;
        if kept == Kept::Started {
            self.announce();
        }
        Ok(kept)
    }

    /// The draft of invite `invite_id`, unless there is none or it has expired (an
    /// expired one is deleted).
    pub fn draft(&self, invite_id: &str, now_ms: i64) -> Result<Option<Vec<u8>>> {
        let invite = invite_id.to_owned();
        self.read(move |c| q::drafts::get(c, &invite, now_ms))
    }

    /// Deletes the draft of invite `invite_id`, if there is one.
    pub fn delete_draft(&self, invite_id: &str) -> Result<()> {
        let invite = invite_id.to_owned();
        self.read(move |c| q::drafts::delete(c, &invite))
    }

    /// How many drafts are kept.
    pub fn draft_count(&self) -> Result<u64> {
        self.read(q::drafts::count)
    }

    /// Records a kiosk waiting to enrol with the code whose SHA-256 is given (the
    /// code itself is never stored). A revoked kiosk's name may be used again; its
    /// old key stays refused (it is no longer any kiosk's key).
    pub fn create_kiosk(
        &self,
        name: &str,
        code_sha256: &str,
        now_ms: i64,
        created_at: &str,
    ) -> std::result::Result<(), NewKioskError> {
        let (name, code, at) = (
            name.to_owned(),
            code_sha256.to_owned(),
            created_at.to_owned(),
        );
        // A taken name rolls the transaction back and travels out as its own answer.
        let taken = self.write(
            move |c| match q::kiosks::create(c, &name, &code, now_ms, &at) {
                Ok(()) => Ok(false),
                Err(NewKioskError::NameInUse) => Ok(true),
                Err(NewKioskError::Storage(e)) => Err(e),
            },
        )?;
        if taken {
            Err(NewKioskError::NameInUse)
        } else {
            Ok(())
        }
    }

    /// Enrols the kiosk waiting with this code under the device key `kid`, once:
    /// the code is spent. `None` when the code is unknown, spent or expired.
    pub fn enrol_kiosk(
        &self,
        code_sha256: &str,
        kid: &str,
        now_ms: i64,
        enrolled_at: &str,
    ) -> Result<Option<String>> {
        let (code, kid, at) = (
            code_sha256.to_owned(),
            kid.to_owned(),
            enrolled_at.to_owned(),
        );
        self.write(move |c| q::kiosks::enrol(c, &code, &kid, now_ms, &at))
    }

    /// What the device key `kid` is to this clinic, if it is a kiosk's (on PostgreSQL
    /// as each receiver keeps it, told of every change: `postgres::devices`).
    pub fn device(&self, kid: &str) -> Result<Option<Device>> {
        let read = || {
            let kid = kid.to_owned();
            self.read(move |c| q::kiosks::device(c, &kid))
        };
        match &self.engine {
            Engine::Sqlite(_) => read(),
            Engine::Postgres(e) => e.device(kid, read),
        }
    }

    /// Revokes the kiosk named `name` (enrolled or waiting); false when there is none
    /// to revoke.
    pub fn revoke_kiosk(&self, name: &str, revoked_at: &str) -> Result<bool> {
        let (name, at) = (name.to_owned(), revoked_at.to_owned());
        self.write(move |c| q::kiosks::revoke(c, &name, &at))
    }

    /// Every kiosk, by name.
    pub fn kiosks(&self) -> Result<Vec<Kiosk>> {
        self.read(q::kiosks::list)
    }

    /// Records a new staff member and their one-time invitation (by the SHA-256 of
    /// its token, usable until `expires_unix_ms`).
    pub fn invite_staff(
        &self,
        staff: &Staff,
        token_sha256: &str,
        expires_unix_ms: i64,
    ) -> Result<()> {
        let (staff, token) = (staff.clone(), token_sha256.to_owned());
        self.write(move |c| q::staff::invite(c, &staff, &token, expires_unix_ms))
    }

    /// The staff member an unused, unexpired invitation is for (not if disabled).
    pub fn staff_invite(&self, token_sha256: &str, now_ms: i64) -> Result<Option<Staff>> {
        let token = token_sha256.to_owned();
        self.read(move |c| q::staff::invited(c, &token, now_ms))
    }

    /// Spends the invitation and keeps its member's first passkey, in one
    /// transaction; `None` (nothing kept) when the invitation is not usable.
    pub fn register_passkey(
        &self,
        token_sha256: &str,
        now_ms: i64,
        credential_id: &str,
        passkey_json: &str,
        at: &str,
    ) -> Result<Option<Staff>> {
        let (token, credential, passkey, at) = (
            token_sha256.to_owned(),
            credential_id.to_owned(),
            passkey_json.to_owned(),
            at.to_owned(),
        );
        self.write(move |c| {
            q::staff::register_passkey(c, &token, now_ms, &credential, &passkey, &at)
        })
    }

    /// The passkey with this credential id, and whose it is.
    pub fn passkey(&self, credential_id: &str) -> Result<Option<(Staff, String)>> {
        let credential = credential_id.to_owned();
        self.read(move |c| q::staff::passkey(c, &credential))
    }

    /// Keeps a passkey's new state (its signature counter) after a sign-in.
    pub fn update_passkey(&self, credential_id: &str, passkey_json: &str, at: &str) -> Result<()> {
        let (credential, passkey, at) = (
            credential_id.to_owned(),
            passkey_json.to_owned(),
            at.to_owned(),
        );
        self.read(move |c| q::staff::update_passkey(c, &credential, &passkey, &at))
    }

    /// A staff member by id.
    pub fn staff_member(&self, id: &str) -> Result<Option<Staff>> {
        let id = id.to_owned();
        self.read(move |c| q::staff::member(c, &id))
    }

    /// Every staff member, by name.
    pub fn staff_list(&self) -> Result<Vec<Staff>> {
        self.read(q::staff::list)
    }

    /// Disables a member and ends their sessions at once; false when there is no
    /// enabled member with that id.
    pub fn disable_staff(&self, id: &str, at: &str) -> Result<bool> {
        let (id, at) = (id.to_owned(), at.to_owned());
        self.write(move |c| q::staff::disable(c, &id, &at))
    }

    /// Starts a session (by the SHA-256 of its id) for a member.
    pub fn start_session(&self, id_sha256: &str, staff_id: &str, now_ms: i64) -> Result<()> {
        let (id, staff) = (id_sha256.to_owned(), staff_id.to_owned());
        self.read(move |c| q::staff::start_session(c, &id, &staff, now_ms))
    }

    /// The session with this id's SHA-256, with its member.
    pub fn session(&self, id_sha256: &str) -> Result<Option<Session>> {
        let id = id_sha256.to_owned();
        self.read(move |c| q::staff::session(c, &id))
    }

    /// Marks the session used now.
    pub fn touch_session(&self, id_sha256: &str, now_ms: i64) -> Result<()> {
        let id = id_sha256.to_owned();
        self.read(move |c| q::staff::touch_session(c, &id, now_ms))
    }

    /// Ends one session.
    pub fn end_session(&self, id_sha256: &str, at: &str) -> Result<()> {
        let (id, at) = (id_sha256.to_owned(), at.to_owned());
        self.read(move |c| q::staff::end_session(c, &id, &at))
    }

    /// Ends every session of a member ("sign out everywhere"); returns how many.
    pub fn end_sessions(&self, staff_id: &str, at: &str) -> Result<usize> {
        let (id, at) = (staff_id.to_owned(), at.to_owned());
        self.read(move |c| q::staff::end_sessions(c, &id, &at))
    }

    /// Appends to the console's audit log.
    pub fn record_console_event(&self, event: &ConsoleEvent) -> Result<()> {
        let event = event.clone();
        self.write(move |c| q::events::record(c, &event))
    }

    /// The console's audit log, oldest first; only one submission's when given.
    pub fn console_events(&self, submission_id: Option<&str>) -> Result<Vec<ConsoleEvent>> {
        let id = submission_id.map(str::to_owned);
        self.read(move |c| q::events::list(c, id.as_deref()))
    }

    /// Records a profile version the first time it is served; false when it was
    /// already recorded.
    pub fn record_profile_version(&self, version: &ProfileVersion) -> Result<bool> {
        let version = version.clone();
        self.read(move |c| q::protocols::record_version(c, &version))
    }

    /// Every profile version recorded, in the order they were first served.
    pub fn profile_versions(&self) -> Result<Vec<ProfileVersion>> {
        self.read(q::protocols::versions)
    }

    /// Keeps a director's approval of a version; false when it was already approved.
    pub fn approve_profile(&self, approval: &StoredApproval) -> Result<bool> {
        let approval = approval.clone();
        self.read(move |c| q::protocols::approve(c, &approval))
    }

    /// Every approval, in the order they were made (verify each before trusting it).
    pub fn profile_approvals(&self) -> Result<Vec<StoredApproval>> {
        self.read(q::protocols::approvals)
    }
}

/// `f`, handed a connection that carries the data keys (when the store has them).
fn with_keys<R>(
    keys: Option<Arc<DataKeys>>,
    f: impl FnOnce(&mut dyn Sql) -> Result<R> + Send + 'static,
) -> impl FnOnce(&mut dyn Sql) -> Result<R> + Send + 'static {
    move |c| match keys.as_deref() {
        Some(keys) => f(&mut Keyed { inner: c, keys }),
        None => f(c),
    }
}

/// What became of a submission to store (the rule is `domain::idempotency`'s).
pub use crate::domain::idempotency::Outcome;

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
    /// What the console lists, sorts and filters on, written once with the record.
    pub listing: Listing,
}

/// What the console's queue shows of a record and orders and filters it by, read from
/// the summary once, when the record is stored (so a queue page never parses one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    /// The patient's legal name.
    pub patient_name: String,
    /// The treatment ids chosen, comma-separated.
    pub treatments: String,
    /// The highest finding's severity (`stop`, `review`, `caution`, `info`), if any.
    pub highest_severity: Option<&'static str>,
    /// The highest finding as a number the queue filters on: 0 stop, 1 review,
    /// 2 caution, 3 info, 4 none.
    pub flag_rank: i64,
    /// `kiosk: NAME`, `invite` or `web`.
    pub source: String,
    /// The clinic profile version the widget applied, when the summary names it.
    pub profile_sha256: Option<String>,
    /// Where its review starts: `escalated` with a stop finding, else `to_review`.
    pub review_state: &'static str,
    /// `declined` when a treatment's consent was declined, else `questions` when the
    /// patient asked to talk first, else none (see [`consent_outcome`]).
    pub consent_outcome: Option<&'static str>,
}

/// What the patient decided about the treatments' consents, as the day's list shows it:
/// a decline outweighs questions first, which outweighs consent. Only consents for a
/// treatment count (declining the optional photographs changes nothing about the day).
pub fn consent_outcome(summary: &candor_core::summary::Summary) -> Option<&'static str> {
    use candor_core::summary::Decision;
    let decided = |d: Decision| {
        summary
            .consents
            .iter()
            .any(|c| c.treatment.is_some() && c.decision == d)
    };
    if decided(Decision::Declined) {
        Some("declined")
    } else if decided(Decision::QuestionsFirst) {
        Some("questions")
    } else {
        None
    }
}

/// The queue's number for a highest finding: 0 stop, 1 review, 2 caution, 3 info,
/// 4 none.
pub fn flag_rank(highest: Option<candor_core::risk::Severity>) -> i64 {
    use candor_core::risk::Severity;
    match highest {
        Some(Severity::Stop) => 0,
        Some(Severity::Review) => 1,
        Some(Severity::Caution) => 2,
        Some(Severity::Info) => 3,
        None => 4,
    }
}

impl Listing {
    /// The listing of `summary`, sent by `kiosk` (its enrolled name) when a kiosk did.
    pub fn of(summary: &candor_core::summary::Summary, kiosk: Option<&str>) -> Listing {
        use candor_core::risk::Severity;
        let highest = summary.findings.iter().map(|f| f.severity).max();
        let source = match (kiosk, &summary.invite) {
            (Some(kiosk), _) => format!("kiosk: {kiosk}"),
            (None, Some(_)) => "invite".to_owned(),
            (None, None) => "web".to_owned(),
        };
        Listing {
            patient_name: summary.answers.details.legal_name.trim().to_owned(),
            treatments: summary.answers.treatments.join(","),
            highest_severity: highest.map(Severity::as_str),
            flag_rank: flag_rank(highest),
            source,
            profile_sha256: summary.clinic.profile_sha256.clone(),
            review_state: if highest == Some(Severity::Stop) {
                "escalated"
            } else {
                "to_review"
            },
            consent_outcome: consent_outcome(summary),
        }
    }
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
            listing: Listing::of(s, self.kiosk),
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
