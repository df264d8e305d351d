//! Scope of practice (see [`crate::domain::scope`]): each member's licence, the
//! director's exceptions, and who marked a visit treated.

use crate::domain::scope::{Exception, Licence, Member};
use crate::store::Result;
use crate::store::sql::{Row, Sql, params};

fn licence_at(r: &Row, from: usize) -> Result<Option<Licence>> {
    let Some(credential) = r.opt_text(from)? else {
        return Ok(None);
    };
    Ok(Some(Licence {
        credential,
        number: r.text(from + 1)?,
        expires: r.text(from + 2)?,
        booked_as: r
            .text(from + 3)?
            .lines()
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect(),
    }))
}

/// Every active member, by name, with their licence if one is recorded.
pub fn members(sql: &mut dyn Sql) -> Result<Vec<Member>> {
    sql.query(
        "SELECT s.id, s.name, l.credential, l.number, l.expires, l.booked_as
         FROM staff s LEFT JOIN staff_licences l ON l.staff_id = s.id
         WHERE s.disabled_at IS NULL ORDER BY s.name, s.id",
        &[],
    )?
    .iter()
    .map(|r| {
        Ok(Member {
            staff_id: r.text(0)?,
            name: r.text(1)?,
            licence: licence_at(r, 2)?,
        })
    })
    .collect()
}

/// Records (or replaces) the licence of member `staff_id`. In a transaction.
pub fn record_licence(
    tx: &mut dyn Sql,
    staff_id: &str,
    licence: &Licence,
    now: &str,
) -> Result<()> {
    let booked_as = licence.booked_as.join("\n");
    tx.execute(
        "DELETE FROM staff_licences WHERE staff_id = $1",
        params![staff_id],
    )?;
    tx.execute(
        "INSERT INTO staff_licences (staff_id, credential, number, expires, booked_as, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        params![
            staff_id,
            &licence.credential,
            &licence.number,
            &licence.expires,
            booked_as,
            now
        ],
    )?;
    Ok(())
}

/// The exceptions not withdrawn that hold on `day` or later, by member and treatment.
pub fn exceptions(sql: &mut dyn Sql, day: &str) -> Result<Vec<Exception>> {
    sql.query(
        "SELECT id, staff_id, treatment, valid_until, reason FROM scope_exceptions
         WHERE withdrawn_at IS NULL AND valid_until >= $1 ORDER BY staff_id, treatment, valid_until DESC, id",
        params![day],
    )?
    .iter()
    .map(|r| {
        Ok(Exception {
            id: r.text(0)?,
            staff_id: r.text(1)?,
            treatment: r.text(2)?,
            until: r.text(3)?,
            reason: r.text(4)?,
        })
    })
    .collect()
}

/// Records an exception made by `created_by`. In a transaction.
pub fn record_exception(
    tx: &mut dyn Sql,
    exception: &Exception,
    created_by: Option<&str>,
    now: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO scope_exceptions (id, staff_id, treatment, valid_until, reason, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        params![&exception.id, &exception.staff_id, &exception.treatment, &exception.until, &exception.reason, created_by, now],
    )?;
    Ok(())
}

/// Withdraws exception `id`; whether it was in force.
pub fn withdraw_exception(tx: &mut dyn Sql, id: &str, now: &str) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE scope_exceptions SET withdrawn_at = $2 WHERE id = $1 AND withdrawn_at IS NULL",
        params![id, now],
    )? > 0)
}

/// Marks appointment `id` treated by `staff_id`; whether it was booked and not yet
/// marked.
pub fn mark_treated(tx: &mut dyn Sql, id: &str, staff_id: &str, now: &str) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE appointments SET treated_by = $2, treated_at = $3, updated_at = $3
         WHERE id = $1 AND status = 'booked' AND treated_at IS NULL",
        params![id, staff_id, now],
    )? > 0)
}

/// Who marked appointment `id` treated (their name) and when, if anyone did.
pub fn treated(sql: &mut dyn Sql, id: &str) -> Result<Option<(String, String)>> {
    sql.query_opt(
        "SELECT s.name, a.treated_at FROM appointments a JOIN staff s ON s.id = a.treated_by WHERE a.id = $1",
        params![id],
    )?
    .map(|r| Ok((r.text(0)?, r.text(1)?)))
    .transpose()
}
