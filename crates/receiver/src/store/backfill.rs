//! Records stored before the queue's columns existed (migration V4) get them at start:
//! each summary read once, its listing written, its review state replayed from the
//! console's audit log. In batches, each its own transaction, so an interrupted start
//! resumes where it stopped; a database with nothing to fill costs one indexed query.

use candor_core::summary::Summary;

use super::places::record_place;
use super::queries::events;
use super::sql::{Sql, params};
use super::{Listing, Result, Store};
use crate::domain::review::{ReviewState, replay};

/// Records filled in one transaction.
const BATCH: i64 = 500;

/// Fills every record still without its listing; how many it filled.
pub fn fill_listings(store: &Store) -> Result<usize> {
    let mut filled = 0;
    // Read first: a database with nothing to fill is opened without a write (the
    // command line opens it while a receiver serves).
    while store.read(|c| {
        Ok(c.query_opt(
            "SELECT 1 FROM submissions WHERE state = 'done' AND flag_rank IS NULL LIMIT 1",
            &[],
        )?
        .is_some())
    })? {
        filled += store.write(|c| fill_batch(c))?;
    }
    Ok(filled)
}

fn fill_batch(tx: &mut dyn Sql) -> Result<usize> {
    let rows = tx.query(
        "SELECT id, kid, payload, kiosk FROM submissions WHERE state = 'done' AND flag_rank IS NULL LIMIT $1",
        params![BATCH],
    )?;
    for row in &rows {
        let (id, kid) = (row.text(0)?, row.text(1)?);
        let kiosk = row.opt_text(3)?;
        let payload = tx.open(
            &record_place("submissions.payload", &id, &kid),
            &row.text(2)?,
        )?;
        let listing = match Summary::from_json(payload.as_bytes()) {
            Ok(summary) => Listing::of(&summary, kiosk.as_deref()),
            // Stored only after verification, so unreadable only if edited since:
            // listed under that name rather than hidden.
            Err(_) => Listing {
                patient_name: "(unreadable summary)".into(),
                treatments: String::new(),
                highest_severity: None,
                flag_rank: 4,
                source: "web".into(),
                profile_sha256: None,
                review_state: "to_review",
                consent_outcome: None,
            },
        };
        // Events from before records were named by their key concern the id's record.
        let logged = events::for_submission(tx, &id)?;
        let state = replay(
            ReviewState::from_stored(listing.review_state),
            logged
                .iter()
                .map(|e| (e.action.as_str(), e.detail.as_deref())),
        );
        tx.execute(
            "UPDATE submissions SET patient_name = $3, treatments = $4, highest_severity = $5, flag_rank = $6,
                 source = $7, profile_sha256 = $8, review_state = $9 WHERE id = $1 AND kid = $2",
            params![
                id.as_str(),
                kid.as_str(),
                tx.seal(&record_place("submissions.patient_name", &id, &kid), &listing.patient_name)?,
                tx.seal(&record_place("submissions.treatments", &id, &kid), &listing.treatments)?,
                listing.highest_severity,
                listing.flag_rank,
                listing.source,
                listing.profile_sha256,
                state.stored()
            ],
        )?;
    }
    tx.execute(
        "UPDATE submissions SET collision = 1 WHERE state = 'done' AND collision = 0
         AND id IN (SELECT id FROM submissions WHERE state = 'done' GROUP BY id HAVING COUNT(*) > 1)",
        &[],
    )?;
    Ok(rows.len())
}
