//! `/api/drafts`: where an invited visit's unfinished answers wait, encrypted, so the
//! patient can finish on another device by opening the same link.
//!
//! Every request carries the invite's token as `Authorization: Bearer <token>`; the
//! invite it belongs to names the one draft it may read or write. The body is
//! `application/octet-stream`: a 12-byte AES-GCM IV followed by the ciphertext, made
//! in the patient's browser with the key in the link's fragment, which never reaches
//! this server. The receiver cannot read what it keeps.
//!
//! | request | answer |
//! |---|---|
//! | `PUT` | 204 kept (replacing the earlier draft); 410 `invite_used` once the visit was submitted; 413 above [`MAX_DRAFT_BYTES`]; 400 when too short to be ciphertext |
//! | `GET` | 200 the bytes; 204 when there is none or it expired (an invited visit asks at every start, and "nothing yet" is no error) |
//! | `DELETE` | 204 |
//! | `GET /api/drafts/booking` | 200 `{appointment, treatments, language, start}` of the invite's appointment; 204 when it has none |
//! | any, without a known token | 401 `invite_token` |

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::service::blocking;
use crate::store::drafts::Kept;
use crate::submit::{bearer, error};

/// The largest draft kept: 64 KiB of ciphertext (a full demo visit is about 6 KB).
pub const MAX_DRAFT_BYTES: usize = 64 * 1024;

/// IV (12 bytes) and GCM tag (16 bytes): anything shorter is not a sealed draft.
const MIN_DRAFT_BYTES: usize = 12 + 16;

fn storage(_: crate::store::Error) -> Response {
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        "storage",
        "the draft could not be kept right now; try again shortly",
    )
}

/// Why a request's invite could not be found.
enum NoInvite {
    /// No token, or one of no invite.
    Unknown,
    /// The database did not answer.
    Storage(crate::store::Error),
}

impl IntoResponse for NoInvite {
    fn into_response(self) -> Response {
        match self {
            NoInvite::Unknown => error(
                StatusCode::UNAUTHORIZED,
                "invite_token",
                "drafts are kept only for invited visits, with the invite's token",
            ),
            NoInvite::Storage(e) => storage(e),
        }
    }
}

/// The id of the invite whose token the request carries.
fn invite_of(app: &AppState, headers: &HeaderMap) -> Result<String, NoInvite> {
    let token = bearer(headers).ok_or(NoInvite::Unknown)?;
    app.store
        .invite_by_token(&crate::invite::token_sha256(token))
        .map_err(NoInvite::Storage)?
        .map(|invite| invite.id)
        .ok_or(NoInvite::Unknown)
        .and_then(|id| {
            // The day's list shows the visit's invitation as opened from now on.
            app.store
                .invite_opened(&id, &crate::now_rfc3339())
                .map_err(NoInvite::Storage)?;
            Ok(id)
        })
}

/// `PUT /api/drafts`: keeps the invite's draft.
pub async fn put(State(app): State<Arc<AppState>>, headers: HeaderMap, body: Bytes) -> Response {
    blocking(move || keep(&app, &headers, &body)).await
}

fn keep(app: &AppState, headers: &HeaderMap, body: &[u8]) -> Response {
    let invite = match invite_of(app, headers) {
        Ok(invite) => invite,
        Err(refused) => return refused.into_response(),
    };
    if body.len() < MIN_DRAFT_BYTES {
        return error(
            StatusCode::BAD_REQUEST,
            "not_sealed",
            "a draft is a 12-byte IV followed by AES-GCM ciphertext",
        );
    }
    match app.store.keep_draft(&invite, body, crate::now_unix_ms()) {
        Ok(Kept::Started | Kept::Saved) => StatusCode::NO_CONTENT.into_response(),
        Ok(Kept::AlreadySubmitted) => error(
            StatusCode::GONE,
            "invite_used",
            "this invitation's forms were already sent; nothing is kept any more",
        ),
        Err(e) => storage(e),
    }
}

/// `GET /api/drafts`: the invite's draft, as kept.
pub async fn get(State(app): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    blocking(move || read(&app, &headers)).await
}

fn read(app: &AppState, headers: &HeaderMap) -> Response {
    let invite = match invite_of(app, headers) {
        Ok(invite) => invite,
        Err(refused) => return refused.into_response(),
    };
    match app.store.draft(&invite, crate::now_unix_ms()) {
        Ok(Some(bytes)) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            )],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => storage(e),
    }
}

/// `GET /api/drafts/booking`: what was booked for the invite's visit (the treatments,
/// the language and the time), so the widget opens with them chosen; 204 when the
/// invite was made without an appointment. Opening it counts as opening the invitation.
pub async fn booking(State(app): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    blocking(move || {
        let invite = match invite_of(&app, &headers) {
            Ok(invite) => invite,
            Err(refused) => return refused.into_response(),
        };
        match crate::service::appointments::booking_of_invite(&app.store, &invite) {
            Ok(Some(booking)) => (
                [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
                axum::Json(booking),
            )
                .into_response(),
            Ok(None) => StatusCode::NO_CONTENT.into_response(),
            Err(_) => error(
                StatusCode::SERVICE_UNAVAILABLE,
                "storage",
                "the booking could not be read right now; try again shortly",
            ),
        }
    })
    .await
}

/// `DELETE /api/drafts`: the patient started again, or chose paper.
pub async fn delete(State(app): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    blocking(move || forget(&app, &headers)).await
}

fn forget(app: &AppState, headers: &HeaderMap) -> Response {
    let invite = match invite_of(app, headers) {
        Ok(invite) => invite,
        Err(refused) => return refused.into_response(),
    };
    match app.store.delete_draft(&invite) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => storage(e),
    }
}
