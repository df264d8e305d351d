//! Profile versions and approvals in the SQLite file (see [`crate::store::protocols`]).

use rusqlite::{Connection, params};

use crate::store::Result;
use crate::store::protocols::{ProfileVersion, StoredApproval};

pub(super) fn record_version(db: &Connection, v: &ProfileVersion) -> Result<bool> {
    Ok(db.execute(
        "INSERT INTO profile_versions (sha256, profile, first_seen, lint_errors, lint_warnings, tests_passed, tests_failed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (sha256) DO NOTHING",
        params![v.sha256, v.text, v.first_seen, v.lint_errors, v.lint_warnings, v.tests_passed, v.tests_failed],
    )? == 1)
}

pub(super) fn versions(db: &Connection) -> Result<Vec<ProfileVersion>> {
    let mut statement = db.prepare(
        "SELECT sha256, profile, first_seen, lint_errors, lint_warnings, tests_passed, tests_failed
         FROM profile_versions ORDER BY rowid",
    )?;
    let rows = statement.query_map([], |r| {
        Ok(ProfileVersion {
            sha256: r.get(0)?,
            text: r.get(1)?,
            first_seen: r.get(2)?,
            lint_errors: r.get(3)?,
            lint_warnings: r.get(4)?,
            tests_passed: r.get(5)?,
            tests_failed: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn approve(db: &Connection, a: &StoredApproval) -> Result<bool> {
    Ok(db.execute(
        "INSERT INTO profile_approvals (profile_sha256, staff_id, approver, credential, approved_at, origin,
             credential_id, authenticator_data, client_data_json, signature)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (profile_sha256) DO NOTHING",
        params![
            a.profile_sha256,
            a.staff_id,
            a.approver,
            a.credential,
            a.approved_at,
            a.origin,
            a.credential_id,
            a.authenticator_data,
            a.client_data_json,
            a.signature
        ],
    )? == 1)
}

pub(super) fn approvals(db: &Connection) -> Result<Vec<StoredApproval>> {
    let mut statement = db.prepare(
        "SELECT profile_sha256, staff_id, approver, credential, approved_at, origin, credential_id,
             authenticator_data, client_data_json, signature
         FROM profile_approvals ORDER BY rowid",
    )?;
    let rows = statement.query_map([], |r| {
        Ok(StoredApproval {
            profile_sha256: r.get(0)?,
            staff_id: r.get(1)?,
            approver: r.get(2)?,
            credential: r.get(3)?,
            approved_at: r.get(4)?,
            origin: r.get(5)?,
            credential_id: r.get(6)?,
            authenticator_data: r.get(7)?,
            client_data_json: r.get(8)?,
            signature: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
