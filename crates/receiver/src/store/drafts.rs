//! Invited visits' drafts: at most one per invite, ciphertext only (the key is in the
//! patient's link and never reaches the receiver), gone on submission (see
//! [`Store::complete`]) and [`DRAFT_DAYS`](candor_core::draft::DRAFT_DAYS) days after
//! the last save.

use rusqlite::{OptionalExtension, params};

use super::Store;

/// How long a draft is kept after its last save, in milliseconds.
pub const KEPT_FOR_MS: i64 = candor_core::draft::DRAFT_DAYS * 24 * 60 * 60 * 1000;

/// What became of a draft to keep.
#[derive(Debug, PartialEq, Eq)]
pub enum Kept {
    /// Stored, replacing the invite's earlier draft.
    Saved,
    /// The invite's visit was already submitted: there is nothing left to finish.
    AlreadySubmitted,
}

impl Store {
    /// Keeps `ciphertext` as the draft of invite `invite_id`, replacing any earlier
    /// one, unless the invite was already used; expired drafts are deleted first.
    pub fn keep_draft(
        &self,
        invite_id: &str,
        ciphertext: &[u8],
        now_ms: i64,
    ) -> rusqlite::Result<Kept> {
        let mut db = self.db();
        let tx = db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM drafts WHERE expires_unix_ms <= ?1", [now_ms])?;
        let used: Option<String> = tx
            .query_row("SELECT kid FROM invites WHERE id = ?1", [invite_id], |r| {
                r.get(0)
            })
            .optional()?
            .flatten();
        if used.is_some() {
            return Ok(Kept::AlreadySubmitted);
        }
        tx.execute(
            "INSERT INTO drafts (invite_id, ciphertext, saved_unix_ms, expires_unix_ms) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (invite_id) DO UPDATE SET ciphertext = excluded.ciphertext,
                 saved_unix_ms = excluded.saved_unix_ms, expires_unix_ms = excluded.expires_unix_ms",
            params![invite_id, ciphertext, now_ms, now_ms + KEPT_FOR_MS],
        )?;
        tx.commit()?;
        Ok(Kept::Saved)
    }

    /// The draft of invite `invite_id`, unless there is none or it has expired (an
    /// expired one is deleted).
    pub fn draft(&self, invite_id: &str, now_ms: i64) -> rusqlite::Result<Option<Vec<u8>>> {
        let db = self.db();
        db.execute(
            "DELETE FROM drafts WHERE invite_id = ?1 AND expires_unix_ms <= ?2",
            params![invite_id, now_ms],
        )?;
        db.query_row(
            "SELECT ciphertext FROM drafts WHERE invite_id = ?1",
            [invite_id],
            |r| r.get(0),
        )
        .optional()
    }

    /// Deletes the draft of invite `invite_id`, if there is one.
    pub fn delete_draft(&self, invite_id: &str) -> rusqlite::Result<()> {
        self.db()
            .execute("DELETE FROM drafts WHERE invite_id = ?1", [invite_id])?;
        Ok(())
    }

    /// How many drafts are kept (for tests and `status`).
    pub fn draft_count(&self) -> rusqlite::Result<u64> {
        self.db()
            .query_row("SELECT COUNT(*) FROM drafts", [], |r| r.get(0))
    }
}
