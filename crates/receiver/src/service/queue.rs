//! The console's queue as each role may see it: read from the columns kept with each
//! record (no summary parsed, no signature verified per row), filtered and paginated
//! in the database. Clinical staff get, above the list, the records waiting for the
//! medical director (stop findings start there); the front desk gets who sent their
//! forms and when, newest first, and nothing the answers raised.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;

use crate::domain::roles::{Permission, allowed};
use crate::protocol::Standing;
use crate::service::ServiceError;
use crate::store::Store;
use crate::store::protocols::StoredApproval;
use crate::store::queries::queue::{self, Cursor, Filter, QueueRow};
use crate::store::staff::Role;

/// Records on one page.
pub const PAGE: i64 = 50;

/// Waiting records counted at most (the page says "1000 or more" beyond).
pub const COUNTED: i64 = 1_000;

/// One record as the queue shows it.
#[derive(Clone, Debug, Serialize)]
pub struct Item {
    /// The submission id.
    pub id: String,
    /// The signer's key thumbprint: with the id, what the record is called.
    pub kid: String,
    /// When the receiver received it.
    pub received_at: String,
    /// The patient's legal name.
    pub name: String,
    /// Where it came from: `invite`, `kiosk: NAME` or `web`.
    pub source: String,
    /// The kiosk that sent it was revoked since.
    pub kiosk_revoked: bool,
    /// Another key signed something under the same id (both records are listed).
    pub collision: bool,
    /// The treatments chosen (not for the front desk).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub treatments: Option<Vec<String>>,
    /// The highest finding's severity (not for the front desk).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// Where its review stands (not for the front desk).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<String>,
    /// The review state in words (not for the front desk).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_words: Option<String>,
    /// The profile version it ran under had no approval when it arrived (not for the
    /// front desk).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_unapproved: Option<bool>,
}

/// A page of the queue.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Queue {
    /// Waiting for the medical director, newest first (clinical staff, first page).
    pub escalated: Vec<Item>,
    /// The records, newest first, as the filter says.
    pub items: Vec<Item>,
    /// Where the next page starts, if there is one.
    pub next: Option<String>,
    /// How many wait for the medical director, up to [`COUNTED`] (clinical staff).
    pub waiting_for_director: u64,
    /// How many no one has reviewed yet, up to [`COUNTED`] (clinical staff).
    pub to_review: u64,
}

/// What a member asks the queue for.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// `stop`, `review`, `caution`, `info` or `none`: only records whose highest finding
    /// is that.
    pub flag: Option<String>,
    /// `to_review`, `reviewed`, `escalated` or `decided`.
    pub review: Option<String>,
    /// The `next` of the page before.
    pub after: Option<String>,
}

/// The cursor after `row`, as the client carries it.
fn cursor_of(row: &QueueRow) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}|{}", row.received_at, row.order))
}

fn cursor(text: &str) -> Result<Cursor, ServiceError> {
    let invalid = ServiceError::Invalid("after", "not a page of this queue");
    let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| invalid.clone())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid.clone())?;
    let Some((at, order)) = text.split_once('|') else {
        return Err(invalid);
    };
    let order = order.parse().map_err(|_| invalid.clone())?;
    if !candor_core::summary::is_rfc3339(at) {
        return Err(invalid);
    }
    Ok(Cursor {
        received_at: at.to_owned(),
        order,
    })
}

fn filter(request: &Request, role: Role) -> Result<Filter, ServiceError> {
    let clinical = allowed(role, Permission::ReadCharts).is_ok();
    if !clinical && (request.flag.is_some() || request.review.is_some()) {
        return Err(ServiceError::Forbidden(Role::Provider));
    }
    let flag_rank = match request.flag.as_deref() {
        None | Some("") => None,
        Some("stop") => Some(0),
        Some("review") => Some(1),
        Some("caution") => Some(2),
        Some("info") => Some(3),
        Some("none") => Some(4),
        Some(_) => {
            return Err(ServiceError::Invalid(
                "flag",
                "stop, review, caution, info or none",
            ));
        }
    };
    let review = match request.review.as_deref() {
        None | Some("") => None,
        Some(state @ ("to_review" | "reviewed" | "escalated" | "decided")) => {
            Some(state.to_owned())
        }
        Some(_) => {
            return Err(ServiceError::Invalid(
                "review",
                "to_review, reviewed, escalated or decided",
            ));
        }
    };
    Ok(Filter { flag_rank, review })
}

fn item(row: QueueRow, clinical: bool, approvals: &[StoredApproval]) -> Item {
    Item {
        profile_unapproved: clinical.then(|| {
            Standing::of(approvals, row.profile_sha256.as_deref(), &row.received_at).flagged()
        }),
        treatments: clinical.then(|| row.treatments.clone()),
        severity: clinical.then(|| row.highest_severity.clone().unwrap_or_default()),
        review: clinical.then(|| row.review.id().to_owned()),
        review_words: clinical.then(|| row.review.words()),
        id: row.key.id,
        kid: row.key.kid,
        received_at: row.received_at,
        name: row.patient_name,
        source: row.source,
        kiosk_revoked: row.kiosk_revoked,
        collision: row.collision,
    }
}

/// One page of the queue as `role` may see it.
pub fn view(store: &Store, role: Role, request: &Request) -> Result<Queue, ServiceError> {
    allowed(role, Permission::SeeArrivals).map_err(ServiceError::Forbidden)?;
    let clinical = allowed(role, Permission::ReadCharts).is_ok();
    let filter = filter(request, role)?;
    let after = request.after.as_deref().map(cursor).transpose()?;
    let first_page = after.is_none();
    let (escalated, mut rows, waiting, to_review) = store.read(move |c| {
        let escalated = if clinical && first_page {
            let waiting = Filter {
                flag_rank: None,
                review: Some("escalated".into()),
            };
            queue::page(c, &waiting, None, PAGE)?
        } else {
            Vec::new()
        };
        let rows = queue::page(c, &filter, after.as_ref(), PAGE + 1)?;
        let (waiting, to_review) = if clinical {
            (
                queue::waiting(c, "escalated", COUNTED)?,
                queue::waiting(c, "to_review", COUNTED)?,
            )
        } else {
            (0, 0)
        };
        Ok((escalated, rows, waiting, to_review))
    })?;
    let next = (rows.len() as i64 > PAGE).then(|| {
        rows.truncate(PAGE as usize);
        rows.last().map(cursor_of)
    });
    let approvals = if clinical {
        crate::protocol::verified_approvals(store)?
    } else {
        Vec::new()
    };
    Ok(Queue {
        escalated: escalated
            .into_iter()
            .map(|r| item(r, clinical, &approvals))
            .collect(),
        items: rows
            .into_iter()
            .map(|r| item(r, clinical, &approvals))
            .collect(),
        next: next.flatten(),
        waiting_for_director: waiting,
        to_review,
    })
}
