//! Who is asking, as typed extractors: a handler that needs a provider takes a
//! [`Provider`] and cannot be written without one. Each looks the session up on the
//! blocking pool, refuses with the console's answers (`401` signed out or expired,
//! `403` for a role too low, `503` without the database), and is the one place its
//! role is checked (`domain::roles` says which role holds what).
//!
//! - [`Member`]: any signed-in member; the session counts as used.
//! - [`Watching`]: the same for what the page does by itself (the queue's updates),
//!   which must not keep an unattended console signed in.
//! - [`Provider`], [`Director`]: a member whose role is at least that.
//! - [`SameOrigin`]: a state-changing request from the console's own pages.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use super::session::{self, NoSession};
use crate::AppState;
use crate::domain::roles::{Permission, allowed};
use crate::service::{ServiceError, blocking};
use crate::store::staff::{Role, Session};

async fn session_of(parts: &Parts, app: &Arc<AppState>, used: bool) -> Result<Session, Response> {
    if app.console.is_none() {
        return Err(StatusCode::NOT_FOUND.into_response());
    }
    let (app, headers) = (Arc::clone(app), parts.headers.clone());
    blocking(move || {
        let now = crate::now_unix_ms();
        if used {
            session::current(&app, &headers, now)
        } else {
            session::current_unused(&app, &headers, now)
        }
    })
    .await
    .map_err(session::refused)
}

/// Any signed-in member (the session is marked used).
pub struct Member(pub Session);

impl FromRequestParts<Arc<AppState>> for Member {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<AppState>) -> Result<Self, Response> {
        session_of(parts, app, true).await.map(Member)
    }
}

/// Any signed-in member, for what the page does by itself (not marked used).
pub struct Watching(pub Session);

impl FromRequestParts<Arc<AppState>> for Watching {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<AppState>) -> Result<Self, Response> {
        session_of(parts, app, false).await.map(Watching)
    }
}

/// The session when its role holds `permission`; otherwise the least role that does.
fn at_least(session: Session, permission: Permission) -> Result<Session, Role> {
    allowed(session.staff.role, permission).map(|()| session)
}

/// A member who may read charts and review: a provider or the medical director.
pub struct Provider(pub Session);

impl FromRequestParts<Arc<AppState>> for Provider {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<AppState>) -> Result<Self, Response> {
        let session = session_of(parts, app, true).await?;
        at_least(session, Permission::ReadCharts)
            .map(Provider)
            .map_err(session::forbidden)
    }
}

/// The medical director.
pub struct Director(pub Session);

impl FromRequestParts<Arc<AppState>> for Director {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<AppState>) -> Result<Self, Response> {
        let session = session_of(parts, app, true).await?;
        at_least(session, Permission::ManageStaff)
            .map(Director)
            .map_err(session::forbidden)
    }
}

/// A state-changing request that comes from the console's own origin.
pub struct SameOrigin;

impl FromRequestParts<Arc<AppState>> for SameOrigin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<AppState>) -> Result<Self, Response> {
        let Some(console) = app.console.as_ref() else {
            return Err(StatusCode::NOT_FOUND.into_response());
        };
        if session::same_origin(&parts.headers, &console.origin) {
            Ok(SameOrigin)
        } else {
            Err(session::foreign_origin())
        }
    }
}

/// The console's answer to a service's refusal: `{code, message}` as every API error.
pub fn refusal(error: ServiceError) -> Response {
    match error {
        ServiceError::NotFound(what) => crate::submit::error(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no such {what}"),
        ),
        ServiceError::Forbidden(role) => session::forbidden(role),
        ServiceError::Invalid(field, message) => {
            crate::submit::error(StatusCode::BAD_REQUEST, field, message)
        }
        ServiceError::Storage => session::refused(NoSession::Storage),
    }
}
