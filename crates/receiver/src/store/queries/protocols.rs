//! Profile versions and approvals (see [`crate::store::protocols`]).

use super::insertion_order;
use crate::store::Result;
use crate::store::protocols::{ProfileVersion, StoredApproval};
use crate::store::sql::{Sql, params};

/// Records a version the first time it is served; false when it was already recorded.
pub fn record_version(sql: &mut dyn Sql, v: &ProfileVersion) -> Result<bool> {
    Ok(sql.execute(
        "INSERT INTO profile_versions (sha256, profile, first_seen, lint_errors, lint_warnings, tests_passed, tests_failed)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING",
        params![&v.sha256, &v.text, &v.first_seen, v.lint_errors, v.lint_warnings, v.tests_passed, v.tests_failed],
    )? == 1)
}

/// Every version, in the order first served.
pub fn versions(sql: &mut dyn Sql) -> Result<Vec<ProfileVersion>> {
    let order = insertion_order(sql, "seq");
    sql.query(
        &format!(
            "SELECT sha256, profile, first_seen, lint_errors, lint_warnings, tests_passed, tests_failed
             FROM profile_versions ORDER BY {order}"
        ),
        &[],
    )?
    .iter()
    .map(|r| {
        Ok(ProfileVersion {
            sha256: r.text(0)?,
            text: r.text(1)?,
            first_seen: r.text(2)?,
            lint_errors: r.int(3)?,
            lint_warnings: r.int(4)?,
            tests_passed: r.int(5)?,
            tests_failed: r.int(6)?,
        })
    })
    .collect()
}

/// Keeps a director's approval; false when the version was already approved.
pub fn approve(sql: &mut dyn Sql, a: &StoredApproval) -> Result<bool> {
    Ok(sql.execute(
        "INSERT INTO profile_approvals (profile_sha256, staff_id, approver, credential, approved_at, origin,
             credential_id, authenticator_data, client_data_json, signature)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (profile_sha256) DO NOTHING",
        params![
            &a.profile_sha256,
            &a.staff_id,
            &a.approver,
            &a.credential,
            &a.approved_at,
            &a.origin,
            &a.credential_id,
            &a.authenticator_data,
            &a.client_data_json,
            &a.signature
        ],
    )? == 1)
}

/// Every approval, in the order made.
pub fn approvals(sql: &mut dyn Sql) -> Result<Vec<StoredApproval>> {
    let order = insertion_order(sql, "seq");
    sql.query(
        &format!(
            "SELECT profile_sha256, staff_id, approver, credential, approved_at, origin, credential_id,
                 authenticator_data, client_data_json, signature
             FROM profile_approvals ORDER BY {order}"
        ),
        &[],
    )?
    .iter()
    .map(|r| {
        Ok(StoredApproval {
            profile_sha256: r.text(0)?,
            staff_id: r.text(1)?,
            approver: r.text(2)?,
            credential: r.text(3)?,
            approved_at: r.text(4)?,
            origin: r.text(5)?,
            credential_id: r.text(6)?,
            authenticator_data: r.text(7)?,
            client_data_json: r.text(8)?,
            signature: r.text(9)?,
        })
    })
    .collect()
}
