//! PostgreSQL, for several receivers behind a load balancer sharing one database.
//!
//! Exactly once rests on the database alone: a submission's row, its audit trail, its
//! kiosk's last-seen time, the end of its draft and the answer kept for retries are
//! written in one transaction whose insert is guarded by the unique (id, signer) key.
//! A second receiver storing the same submission at the same moment waits on that key
//! until the first commits (then answers with the stored receipt) or rolls back (then
//! stores it itself); a receiver that dies mid-transaction leaves nothing behind, so
//! nothing needs releasing and no lock lives in any one process. A wait longer than
//! [`LOCK_WAIT`] answers "in progress" (409), which the widget retries.
//!
//! The schema is `migrations/postgres/`, applied at start by refinery under an
//! advisory lock, so receivers starting together migrate once.
//!
//! Connections are plain TCP or a Unix socket (`host=/var/run/postgresql`): run the
//! database on the same host or a private network, as a clinic group's database
//! would be; TLS to the database is not built in.

mod drafts;
mod kiosks;
mod pool;
mod protocols;
mod staff;

use postgres::Client;
use postgres::error::SqlState;

use super::drafts::Kept;
use super::kiosks::{Device, Kiosk, NewKioskError};
use super::protocols::{ProfileVersion, StoredApproval};
use super::staff::{ConsoleEvent, Session, Staff};
use super::{Invite, Outcome, Result, Row, StoredEvent, StoredSubmission};

mod embedded {
    refinery::embed_migrations!("migrations/postgres");
}

/// Connections per receiver.
const CONNECTIONS: usize = 8;

/// How long storing a submission waits for another receiver storing the same one
/// (every connection's `lock_timeout`, set as it opens).
pub const LOCK_WAIT: &str = "5s";

/// The advisory lock receivers take while migrating (any constant shared by all).
const MIGRATION_LOCK: i64 = 0x0000_6361_6e64_6f72; // "candor"

/// The connection string with any password replaced by `***`, for messages.
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_once('/').unwrap_or((rest, ""));
    let Some((user_info, host)) = authority.rsplit_once('@') else {
        return url.to_owned();
    };
    let user = user_info.split(':').next().unwrap_or("");
    let hidden = if user_info.contains(':') {
        format!("{user}:***")
    } else {
        user.to_owned()
    };
    let slash = if rest.contains('/') { "/" } else { "" };
    format!("{scheme}://{hidden}@{host}{slash}{tail}")
}

/// The database, through a few connections (see [`pool`]).
pub struct PostgresStore {
    pool: pool::Pool,
}

impl PostgresStore {
    /// Connects to `url` and applies the migrations not yet applied.
    pub fn connect(url: &str) -> Result<PostgresStore> {
        let pool = pool::Pool::start(url, CONNECTIONS)?;
        pool.run(|client| {
            // Another receiver migrating is waited for, however long it takes.
            client.batch_execute("SET lock_timeout = 0")?;
            client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
            let migrated = embedded::migrations::runner().run(client);
            client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])?;
            client.batch_execute(&format!("SET lock_timeout = '{LOCK_WAIT}'"))?;
            migrated?;
            Ok(())
        })?;
        Ok(PostgresStore { pool })
    }
}

/// Writes the submission in one transaction, or says why not.
fn store_row(client: &mut Client, row: &Row, now_ms: i64) -> Result<Outcome> {
    let mut tx = client.transaction()?;
    let inserted = tx.execute(
        "INSERT INTO submissions (id, kid, fingerprint, state, started_unix_ms, response_status, response_body,
             received_at, jws, payload, clinic_id, profile_version, protocol_version, language, invite, kiosk)
         VALUES ($1, $2, $3, 'done', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (id, kid) DO NOTHING",
        &[
            &row.id,
            &row.kid,
            &row.fingerprint,
            &now_ms,
            &i32::from(row.status),
            &row.body,
            &row.received_at,
            &row.jws,
            &row.payload,
            &row.clinic_id,
            &row.profile_version,
            &row.protocol_version,
            &row.language,
            &row.invite,
            &row.kiosk,
        ],
    );
    let inserted = match inserted {
        Ok(n) => n,
        Err(e) if e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) => {
            return Ok(Outcome::InProgress);
        }
        Err(e) => return Err(e.into()),
    };
    if inserted == 0 {
        // Stored already (by this receiver or another): the transaction is dropped.
        let found = tx.query_one(
            "SELECT fingerprint, response_status, response_body FROM submissions WHERE id = $1 AND kid = $2",
            &[&row.id, &row.kid],
        )?;
        return Ok(
            decided(found.get(0), found.get(1), found.get(2), &row.fingerprint)
                .unwrap_or(Outcome::InProgress),
        );
    }
    // The whole audit trail in one statement (one round trip, however long it is).
    let count =
        i32::try_from(row.audit.len()).map_err(|_| super::Error::new("audit trail too long"))?;
    let seqs: Vec<i32> = (0..count).collect();
    let ats: Vec<&str> = row.audit.iter().map(|(at, _, _)| at.as_str()).collect();
    let events: Vec<&str> = row.audit.iter().map(|(_, e, _)| e.as_str()).collect();
    let subjects: Vec<Option<&str>> = row.audit.iter().map(|(_, _, s)| s.as_deref()).collect();
    tx.execute(
        "INSERT INTO audit_events (submission_id, kid, seq, at, event, subject)
         SELECT $1, $2, * FROM unnest($3::integer[], $4::text[], $5::text[], $6::text[])",
        &[&row.id, &row.kid, &seqs, &ats, &events, &subjects],
    )?;
    if let Some(kiosk) = &row.kiosk {
        tx.execute(
            "UPDATE kiosks SET last_submission_at = $2 WHERE name = $1",
            &[kiosk, &row.received_at],
        )?;
    }
    // An invited visit's draft goes with its submission, in the same transaction.
    if let Some(invite) = &row.invite {
        tx.execute("DELETE FROM drafts WHERE invite_id = $1", &[invite])?;
    }
    tx.commit()?;
    Ok(Outcome::Stored)
}

/// The answer a stored row gives a request with `fingerprint`.
fn decided(
    stored: String,
    status: Option<i32>,
    body: Option<String>,
    fingerprint: &str,
) -> Option<Outcome> {
    if stored != fingerprint {
        return Some(Outcome::DifferentPayload);
    }
    let status = u16::try_from(status?).ok()?;
    Some(Outcome::Replay {
        status,
        body: body?,
    })
}

/// A stored submission from `id, kid, received_at, jws, payload, kiosk`.
fn stored_submission(r: &postgres::Row) -> StoredSubmission {
    StoredSubmission {
        id: r.get(0),
        kid: r.get(1),
        received_at: r.get(2),
        jws: r.get(3),
        payload: r.get(4),
        kiosk: r.get(5),
    }
}

impl super::Backend for PostgresStore {
    fn earlier(&self, id: &str, kid: &str, fingerprint: &str) -> Result<Option<Outcome>> {
        let (id, kid, fingerprint) = (id.to_owned(), kid.to_owned(), fingerprint.to_owned());
        self.pool.run(move |c| {
            let found = c.query_opt(
                "SELECT fingerprint, response_status, response_body FROM submissions WHERE id = $1 AND kid = $2",
                &[&id, &kid],
            )?;
            Ok(found.and_then(|r| decided(r.get(0), r.get(1), r.get(2), &fingerprint)))
        })
    }

    fn store(&self, row: Row, now_ms: i64) -> Result<Outcome> {
        self.pool.run(move |c| store_row(c, &row, now_ms))
    }

    fn release_claims(&self) -> Result<usize> {
        // Nothing to release: an unfinished transaction leaves nothing behind.
        Ok(0)
    }

    fn count(&self) -> Result<u64> {
        self.pool.run(|c| {
            let n: i64 = c.query_one("SELECT COUNT(*) FROM submissions", &[])?.get(0);
            Ok(n.unsigned_abs())
        })
    }

    fn ids(&self) -> Result<Vec<String>> {
        self.pool.run(|c| {
            let rows = c.query("SELECT id FROM submissions ORDER BY received_at, id", &[])?;
            Ok(rows.iter().map(|r| r.get(0)).collect())
        })
    }

    fn signed_under(&self, id: &str) -> Result<Vec<(String, String)>> {
        let id = id.to_owned();
        self.pool.run(move |c| {
            let rows = c.query(
                "SELECT kid, jws FROM submissions WHERE id = $1 ORDER BY received_at, stored_order",
                &[&id],
            )?;
            Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
        })
    }

    fn submission(&self, id: &str) -> Result<Option<StoredSubmission>> {
        let id = id.to_owned();
        self.pool.run(move |c| {
            let row = c.query_opt(
                "SELECT id, kid, received_at, jws, payload, kiosk FROM submissions WHERE id = $1
                 ORDER BY received_at, stored_order LIMIT 1",
                &[&id],
            )?;
            Ok(row.as_ref().map(stored_submission))
        })
    }

    fn recent_submissions(&self, limit: u32) -> Result<Vec<StoredSubmission>> {
        self.pool.run(move |c| {
            let rows = c.query(
                "SELECT id, kid, received_at, jws, payload, kiosk FROM submissions
                 ORDER BY received_at DESC, stored_order DESC LIMIT $1",
                &[&i64::from(limit)],
            )?;
            Ok(rows.iter().map(stored_submission).collect())
        })
    }

    fn audit(&self, id: &str) -> Result<Vec<StoredEvent>> {
        let id = id.to_owned();
        self.pool.run(move |c| {
            let rows = c.query(
                "SELECT a.at, a.event, a.subject FROM audit_events a
                 WHERE a.submission_id = $1 AND a.kid = (
                     SELECT kid FROM submissions WHERE id = $1 ORDER BY received_at, stored_order LIMIT 1)
                 ORDER BY a.seq",
                &[&id],
            )?;
            Ok(rows
                .iter()
                .map(|r| StoredEvent {
                    at: r.get(0),
                    event: r.get(1),
                    subject: r.get(2),
                })
                .collect())
        })
    }

    fn submission_kiosk(&self, id: &str) -> Result<Option<String>> {
        let id = id.to_owned();
        self.pool.run(move |c| {
            let row = c.query_opt(
                "SELECT kiosk FROM submissions WHERE id = $1 ORDER BY received_at, stored_order LIMIT 1",
                &[&id],
            )?;
            Ok(row.and_then(|r| r.get(0)))
        })
    }

    fn create_invite(&self, id: &str, token_sha256: &str, created_at: &str) -> Result<()> {
        let (id, token, at) = (
            id.to_owned(),
            token_sha256.to_owned(),
            created_at.to_owned(),
        );
        self.pool.run(move |c| {
            c.execute(
                "INSERT INTO invites (id, token_sha256, created_at) VALUES ($1, $2, $3)",
                &[&id, &token, &at],
            )?;
            Ok(())
        })
    }

    fn invite_by_token(&self, token_sha256: &str) -> Result<Option<Invite>> {
        let token = token_sha256.to_owned();
        self.pool.run(move |c| {
            let row = c.query_opt(
                "SELECT id, kid FROM invites WHERE token_sha256 = $1",
                &[&token],
            )?;
            Ok(row.map(|r| Invite {
                id: r.get(0),
                kid: r.get(1),
            }))
        })
    }

    fn bind_invite(&self, id: &str, kid: &str) -> Result<bool> {
        let (id, kid) = (id.to_owned(), kid.to_owned());
        self.pool.run(move |c| {
            c.execute(
                "UPDATE invites SET kid = $2 WHERE id = $1 AND kid IS NULL",
                &[&id, &kid],
            )?;
            let bound: Option<String> = c
                .query_one("SELECT kid FROM invites WHERE id = $1", &[&id])?
                .get(0);
            Ok(bound.as_deref() == Some(kid.as_str()))
        })
    }

    fn keep_draft(&self, invite_id: &str, ciphertext: &[u8], now_ms: i64) -> Result<Kept> {
        let (invite, bytes) = (invite_id.to_owned(), ciphertext.to_owned());
        self.pool
            .run(move |c| drafts::keep(c, &invite, &bytes, now_ms))
    }

    fn draft(&self, invite_id: &str, now_ms: i64) -> Result<Option<Vec<u8>>> {
        let invite = invite_id.to_owned();
        self.pool.run(move |c| drafts::get(c, &invite, now_ms))
    }

    fn delete_draft(&self, invite_id: &str) -> Result<()> {
        let invite = invite_id.to_owned();
        self.pool.run(move |c| {
            c.execute("DELETE FROM drafts WHERE invite_id = $1", &[&invite])?;
            Ok(())
        })
    }

    fn draft_count(&self) -> Result<u64> {
        self.pool.run(|c| {
            let n: i64 = c.query_one("SELECT COUNT(*) FROM drafts", &[])?.get(0);
            Ok(n.unsigned_abs())
        })
    }

    fn create_kiosk(
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
        self.pool
            .run(move |c| Ok(kiosks::create(c, &name, &code, now_ms, &at)))?
    }

    fn enrol_kiosk(
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
        self.pool
            .run(move |c| kiosks::enrol(c, &code, &kid, now_ms, &at))
    }

    fn device(&self, kid: &str) -> Result<Option<Device>> {
        let kid = kid.to_owned();
        self.pool.run(move |c| {
            let row = c.query_opt(
                "SELECT name, revoked_at FROM kiosks WHERE kid = $1",
                &[&kid],
            )?;
            Ok(row.map(|r| {
                let name: String = r.get(0);
                match r.get::<_, Option<String>>(1) {
                    Some(_) => Device::Revoked(name),
                    None => Device::Enrolled(name),
                }
            }))
        })
    }

    fn revoke_kiosk(&self, name: &str, revoked_at: &str) -> Result<bool> {
        let (name, at) = (name.to_owned(), revoked_at.to_owned());
        self.pool.run(move |c| {
            let changed = c.execute(
                "UPDATE kiosks SET revoked_at = $2, code_sha256 = NULL, code_expires_unix_ms = NULL WHERE name = $1 AND revoked_at IS NULL",
                &[&name, &at],
            )?;
            Ok(changed == 1)
        })
    }

    fn kiosks(&self) -> Result<Vec<Kiosk>> {
        self.pool.run(|c| {
            let rows = c.query(
                "SELECT name, kid, enrolled_at, revoked_at, last_submission_at FROM kiosks ORDER BY name",
                &[],
            )?;
            Ok(rows
                .iter()
                .map(|r| Kiosk {
                    name: r.get(0),
                    kid: r.get(1),
                    enrolled_at: r.get(2),
                    revoked_at: r.get(3),
                    last_submission_at: r.get(4),
                })
                .collect())
        })
    }

    fn invite_staff(&self, staff: &Staff, token_sha256: &str, expires_unix_ms: i64) -> Result<()> {
        let (staff, token) = (staff.clone(), token_sha256.to_owned());
        self.pool
            .run(move |c| staff::invite(c, &staff, &token, expires_unix_ms))
    }

    fn staff_invite(&self, token_sha256: &str, now_ms: i64) -> Result<Option<Staff>> {
        let token = token_sha256.to_owned();
        self.pool
            .run(move |c| staff::invited(c, &token, now_ms, false))
    }

    fn register_passkey(
        &self,
        token_sha256: &str,
        now_ms: i64,
        credential_id: &str,
        passkey_json: &str,
        at: &str,
    ) -> Result<Option<Staff>> {
        let owned = [token_sha256, credential_id, passkey_json, at].map(str::to_owned);
        self.pool.run(move |c| {
            let [token, credential, passkey, at] = &owned;
            staff::register_passkey(c, token, now_ms, credential, passkey, at)
        })
    }

    fn passkey(&self, credential_id: &str) -> Result<Option<(Staff, String)>> {
        let credential = credential_id.to_owned();
        self.pool.run(move |c| staff::passkey(c, &credential))
    }

    fn update_passkey(&self, credential_id: &str, passkey_json: &str, at: &str) -> Result<()> {
        let owned = [credential_id, passkey_json, at].map(str::to_owned);
        self.pool.run(move |c| {
            c.execute(
                "UPDATE passkeys SET passkey = $2, last_used_at = $3 WHERE credential_id = $1",
                &[&owned[0], &owned[1], &owned[2]],
            )?;
            Ok(())
        })
    }

    fn staff_member(&self, id: &str) -> Result<Option<Staff>> {
        let id = id.to_owned();
        self.pool.run(move |c| staff::member(c, &id))
    }

    fn staff_list(&self) -> Result<Vec<Staff>> {
        self.pool.run(staff::list)
    }

    fn disable_staff(&self, id: &str, at: &str) -> Result<bool> {
        let (id, at) = (id.to_owned(), at.to_owned());
        self.pool.run(move |c| staff::disable(c, &id, &at))
    }

    fn start_session(&self, id_sha256: &str, staff_id: &str, now_ms: i64) -> Result<()> {
        let (id, staff) = (id_sha256.to_owned(), staff_id.to_owned());
        self.pool.run(move |c| {
            c.execute(
                "INSERT INTO staff_sessions (id_sha256, staff_id, created_unix_ms, last_seen_unix_ms) VALUES ($1, $2, $3, $3)",
                &[&id, &staff, &now_ms],
            )?;
            Ok(())
        })
    }

    fn session(&self, id_sha256: &str) -> Result<Option<Session>> {
        let id = id_sha256.to_owned();
        self.pool.run(move |c| staff::session(c, &id))
    }

    fn touch_session(&self, id_sha256: &str, now_ms: i64) -> Result<()> {
        let id = id_sha256.to_owned();
        self.pool.run(move |c| {
            c.execute(
                "UPDATE staff_sessions SET last_seen_unix_ms = $2 WHERE id_sha256 = $1",
                &[&id, &now_ms],
            )?;
            Ok(())
        })
    }

    fn end_session(&self, id_sha256: &str, at: &str) -> Result<()> {
        let (id, at) = (id_sha256.to_owned(), at.to_owned());
        self.pool.run(move |c| {
            c.execute(
                "UPDATE staff_sessions SET ended_at = $2 WHERE id_sha256 = $1 AND ended_at IS NULL",
                &[&id, &at],
            )?;
            Ok(())
        })
    }

    fn end_sessions(&self, staff_id: &str, at: &str) -> Result<usize> {
        let (staff, at) = (staff_id.to_owned(), at.to_owned());
        self.pool.run(move |c| {
            let n = c.execute(
                "UPDATE staff_sessions SET ended_at = $2 WHERE staff_id = $1 AND ended_at IS NULL",
                &[&staff, &at],
            )?;
            Ok(usize::try_from(n).unwrap_or(usize::MAX))
        })
    }

    fn record_console_event(&self, event: &ConsoleEvent) -> Result<()> {
        let event = event.clone();
        self.pool.run(move |c| staff::record(c, &event))
    }

    fn console_events(&self, submission_id: Option<&str>) -> Result<Vec<ConsoleEvent>> {
        let submission = submission_id.map(str::to_owned);
        self.pool
            .run(move |c| staff::events(c, submission.as_deref()))
    }

    fn record_profile_version(&self, version: &ProfileVersion) -> Result<bool> {
        let version = version.clone();
        self.pool
            .run(move |c| protocols::record_version(c, &version))
    }

    fn profile_versions(&self) -> Result<Vec<ProfileVersion>> {
        self.pool.run(protocols::versions)
    }

    fn approve_profile(&self, approval: &StoredApproval) -> Result<bool> {
        let approval = approval.clone();
        self.pool.run(move |c| protocols::approve(c, &approval))
    }

    fn profile_approvals(&self) -> Result<Vec<StoredApproval>> {
        self.pool.run(protocols::approvals)
    }
}
