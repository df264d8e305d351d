//! Webhook endpoints: where a clinic's systems hear of events, each with its secret
//! (sealed at rest: it signs what those systems trust) and, for a day after a
//! rotation, the previous one (see [`crate::service::webhooks`]).

use crate::domain::webhook::EventType;
use crate::keys::data_keys::place;
use crate::store::Result;
use crate::store::sql::{Row, Sql, params};

/// A registered endpoint (never its secret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// Its id (`whe-` and 24 hex digits).
    pub id: String,
    /// Where deliveries are posted.
    pub url: String,
    /// What the clinic calls it ("EHR sync").
    pub description: String,
    /// The events it hears of.
    pub event_types: Vec<EventType>,
    /// When it was registered.
    pub created_at: String,
    /// Until when the previous secret signs too (a rotation's overlap).
    pub previous_until_unix_ms: Option<i64>,
    /// When it was disabled (it kept failing, or answered 410).
    pub disabled_at: Option<String>,
    /// Why, in words.
    pub disabled_reason: Option<String>,
}

/// Who registered an endpoint: a member in the console or an API key.
#[derive(Clone, Copy, Debug)]
pub struct RegisteredBy<'a> {
    /// The member's id.
    pub staff: Option<&'a str>,
    /// The key's id.
    pub key: Option<&'a str>,
}

const COLUMNS: &str = "id, url, description, event_types, created_at, previous_until_unix_ms, disabled_at, disabled_reason";

fn endpoint_at(r: &Row) -> Result<Endpoint> {
    Ok(Endpoint {
        id: r.text(0)?,
        url: r.text(1)?,
        description: r.text(2)?,
        event_types: r
            .text(3)?
            .split(',')
            .filter_map(|t| t.parse().ok())
            .collect(),
        created_at: r.text(4)?,
        previous_until_unix_ms: r.opt_int(5)?,
        disabled_at: r.opt_text(6)?,
        disabled_reason: r.opt_text(7)?,
    })
}

fn secret_place(id: &str) -> String {
    place("webhook_endpoints.secret", &[id])
}

fn previous_place(id: &str) -> String {
    place("webhook_endpoints.previous_secret", &[id])
}

/// The event types as stored: `,a.b,c.d,` (commas around each, so one is found with
/// `LIKE '%,a.b,%'`).
fn stored_types(types: &[EventType]) -> String {
    let names: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
    format!(",{},", names.join(","))
}

/// Keeps a new endpoint with its secret (`whsec_…`, sealed).
pub fn create(
    tx: &mut dyn Sql,
    endpoint: &Endpoint,
    secret: &str,
    by: RegisteredBy<'_>,
) -> Result<()> {
    let sealed = tx.seal(&secret_place(&endpoint.id), secret)?;
    tx.execute(
        "INSERT INTO webhook_endpoints (id, url, description, event_types, secret, created_by, created_by_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        params![
            &endpoint.id,
            &endpoint.url,
            &endpoint.description,
            stored_types(&endpoint.event_types),
            sealed,
            by.staff,
            by.key,
            &endpoint.created_at
        ],
    )?;
    Ok(())
}

/// Every endpoint not deleted, oldest first.
pub fn list(sql: &mut dyn Sql) -> Result<Vec<Endpoint>> {
    sql.query(
        &format!(
            "SELECT {COLUMNS} FROM webhook_endpoints WHERE deleted_at IS NULL ORDER BY created_at, id"
        ),
        &[],
    )?
    .iter()
    .map(endpoint_at)
    .collect()
}

/// Endpoint `id`, unless deleted.
pub fn by_id(sql: &mut dyn Sql, id: &str) -> Result<Option<Endpoint>> {
    sql.query_opt(
        &format!("SELECT {COLUMNS} FROM webhook_endpoints WHERE id = $1 AND deleted_at IS NULL"),
        params![id],
    )?
    .map(|r| endpoint_at(&r))
    .transpose()
}

/// The secrets that sign for endpoint `id` at `now_ms`: the current one, then the
/// previous one while its overlap lasts.
pub fn secrets(sql: &mut dyn Sql, id: &str, now_ms: i64) -> Result<Vec<String>> {
    let Some(row) = sql.query_opt(
        "SELECT secret, previous_secret, previous_until_unix_ms FROM webhook_endpoints WHERE id = $1",
        params![id],
    )?
    else {
        return Ok(Vec::new());
    };
    let mut secrets = vec![sql.open(&secret_place(id), &row.text(0)?)?];
    if let (Some(previous), Some(until)) = (row.opt_text(1)?, row.opt_int(2)?)
        && until > now_ms
    {
        secrets.push(sql.open(&previous_place(id), &previous)?);
    }
    Ok(secrets)
}

/// Makes `secret` endpoint `id`'s secret, the one it replaces signing beside it until
/// `until_ms`; whether the endpoint exists.
pub fn rotate(tx: &mut dyn Sql, id: &str, secret: &str, until_ms: i64) -> Result<bool> {
    let Some(row) = tx.query_opt(
        "SELECT secret FROM webhook_endpoints WHERE id = $1 AND deleted_at IS NULL",
        params![id],
    )?
    else {
        return Ok(false);
    };
    let current = tx.open(&secret_place(id), &row.text(0)?)?;
    let previous = tx.seal(&previous_place(id), &current)?;
    let sealed = tx.seal(&secret_place(id), secret)?;
    tx.execute(
        "UPDATE webhook_endpoints SET secret = $2, previous_secret = $3, previous_until_unix_ms = $4 WHERE id = $1",
        params![id, sealed, previous, until_ms],
    )?;
    Ok(true)
}

/// Deletes endpoint `id` (kept for the delivery log, never delivered to again); its
/// waiting deliveries fail. Whether it existed.
pub fn delete(tx: &mut dyn Sql, id: &str, at: &str) -> Result<bool> {
    let deleted = tx.execute(
        "UPDATE webhook_endpoints SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL",
        params![id, at],
    )? > 0;
    if deleted {
        tx.execute(
            "UPDATE webhook_deliveries SET state = 'failed', claimed_until_unix_ms = NULL,
                 last_error = 'the endpoint was deleted'
             WHERE endpoint_id = $1 AND state = 'pending'",
            params![id],
        )?;
    }
    Ok(deleted)
}

/// Disables endpoint `id` for `reason`; whether it was enabled until now (its waiting
/// deliveries wait until it is enabled again).
pub fn disable(tx: &mut dyn Sql, id: &str, at: &str, reason: &str) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE webhook_endpoints SET disabled_at = $2, disabled_reason = $3
         WHERE id = $1 AND disabled_at IS NULL AND deleted_at IS NULL",
        params![id, at, reason],
    )? > 0)
}

/// Enables endpoint `id` again, its waiting deliveries due at `now_ms`; whether it was
/// disabled.
pub fn enable(tx: &mut dyn Sql, id: &str, now_ms: i64) -> Result<bool> {
    let enabled = tx.execute(
        "UPDATE webhook_endpoints SET disabled_at = NULL, disabled_reason = NULL
         WHERE id = $1 AND disabled_at IS NOT NULL AND deleted_at IS NULL",
        params![id],
    )? > 0;
    if enabled {
        tx.execute(
            "UPDATE webhook_deliveries SET next_attempt_unix_ms = $2 WHERE endpoint_id = $1 AND state = 'pending'",
            params![id, now_ms],
        )?;
    }
    Ok(enabled)
}

/// The endpoints disabled, for the director's notice.
pub fn disabled(sql: &mut dyn Sql) -> Result<Vec<Endpoint>> {
    sql.query(
        &format!(
            "SELECT {COLUMNS} FROM webhook_endpoints WHERE disabled_at IS NOT NULL AND deleted_at IS NULL ORDER BY disabled_at"
        ),
        &[],
    )?
    .iter()
    .map(endpoint_at)
    .collect()
}
