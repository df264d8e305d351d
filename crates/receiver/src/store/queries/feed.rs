//! The submissions' feed for the integration API: records in the order they were
//! stored, after a cursor, with what a clinic's systems may know of each without its
//! content (ids, when, where from, the highest finding, the review, the consent
//! outcome, the profile version, the appointment). Only records stored a while ago are
//! listed, so a record stored in a transaction that commits after a later one's is
//! never passed over by a cursor.

use super::insertion_order;
use crate::domain::record::RecordKey;
use crate::store::Result;
use crate::store::sql::{Sql, params};

/// A record as the feed lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fed {
    /// Which record.
    pub key: RecordKey,
    /// When the receiver received it.
    pub received_at: String,
    /// `kiosk: NAME`, `invite` or `web`.
    pub source: String,
    /// The highest finding's severity, if any.
    pub highest_severity: Option<String>,
    /// Where its review stands, as stored (`to_review`, `reviewed`, `escalated`,
    /// `decided:<decision>`).
    pub review: String,
    /// `declined` or `questions`, when a treatment's consent was.
    pub consent: Option<String>,
    /// The clinic profile version the widget applied.
    pub profile_sha256: Option<String>,
    /// The appointment its invitation was made for.
    pub appointment: Option<String>,
    /// Its place in the order records were stored (the next page's cursor).
    pub order: i64,
}

/// Up to `limit` records stored after `after` (in the order stored) and received no
/// later than `settled` (RFC 3339).
pub fn since(sql: &mut dyn Sql, after: i64, settled: &str, limit: i64) -> Result<Vec<Fed>> {
    let order = insertion_order(sql, "stored_order");
    let rows = sql.query(
        &format!(
            "SELECT s.id, s.kid, s.received_at, s.source, s.highest_severity, s.review_state, s.consent_outcome,
                    s.profile_sha256, i.appointment_id, s.{order}
             FROM submissions s LEFT JOIN invites i ON i.id = s.invite
             WHERE s.state = 'done' AND s.{order} > $1 AND s.received_at <= $2
             ORDER BY s.{order} LIMIT $3"
        ),
        params![after, settled, limit],
    )?;
    rows.iter()
        .map(|r| {
            Ok(Fed {
                key: RecordKey {
                    id: r.text(0)?,
                    kid: r.text(1)?,
                },
                received_at: r.text(2)?,
                source: r.opt_text(3)?.unwrap_or_default(),
                highest_severity: r.opt_text(4)?,
                review: r.opt_text(5)?.unwrap_or_else(|| "to_review".to_owned()),
                consent: r.opt_text(6)?,
                profile_sha256: r.opt_text(7)?,
                appointment: r.opt_text(8)?,
                order: r.int(9)?,
            })
        })
        .collect()
}
