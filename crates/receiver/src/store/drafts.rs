//! Invited visits' drafts: at most one per invite, ciphertext only (the key is in the
//! patient's link and never reaches the receiver), gone on submission (in the same
//! transaction as the record) and [`DRAFT_DAYS`](candor_core::draft::DRAFT_DAYS) days
//! after the last save.

/// How long a draft is kept after its last save, in milliseconds.
pub const KEPT_FOR_MS: i64 = candor_core::draft::DRAFT_DAYS * 24 * 60 * 60 * 1000;

/// What became of a draft to keep.
#[derive(Debug, PartialEq, Eq)]
pub enum Kept {
    /// Stored: the invite's first draft (the day's boards were told the visit is in
    /// progress).
    Started,
    /// Stored, replacing the invite's earlier draft.
    Saved,
    /// The invite's visit was already submitted: there is nothing left to finish.
    AlreadySubmitted,
}
