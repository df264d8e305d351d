//! Passkeys: a member registers their first passkey from the one-time invitation
//! link, then signs in with it (a discoverable credential: no name to type). Each
//! ceremony's state stays on the server; a finished one starts a session.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use candor_core::jws::sha256_hex;
use serde::Deserialize;
use serde_json::{Value, json};
use webauthn_rs::prelude::{Passkey, PublicKeyCredential, RegisterPublicKeyCredential, Uuid};

use super::Ceremony;
use super::member::{Member, SameOrigin};
use super::session;
use crate::AppState;
use crate::domain::audit::AuditAction;
use crate::serve::ClientAddress;
use crate::service::blocking;
use crate::store::staff::Staff;
use crate::submit::error;
use std::net::IpAddr;

fn unavailable() -> Response {
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        "storage",
        "the console cannot reach its database; try again shortly",
    )
}

fn refused(code: &str, message: &str) -> Response {
    error(StatusCode::BAD_REQUEST, code, message)
}

/// Appends to the console's audit log (see [`crate::service::audit`]).
pub fn record(
    app: &AppState,
    staff: Option<&Staff>,
    action: AuditAction,
    detail: Option<String>,
) -> bool {
    crate::service::audit::record(&app.store, staff, action, None, detail)
}

/// Starts a session for `staff` and answers `204` with its cookie.
fn signed_in(app: &AppState, staff: &Staff) -> Response {
    let Ok(id) = session::new_id() else {
        return unavailable();
    };
    let now = crate::now_unix_ms();
    if app
        .store
        .start_session(&sha256_hex(id.as_bytes()), &staff.id, now)
        .is_err()
    {
        return unavailable();
    }
    if !record(app, Some(staff), AuditAction::SignedIn, None) {
        return unavailable();
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session::cookie(&id));
    response
}

/// The options a browser needs, with the ceremony's id.
fn options(ceremony: String, challenge: impl serde::Serialize) -> Response {
    let mut value = serde_json::to_value(challenge).unwrap_or(Value::Null);
    let public_key = value
        .get_mut("publicKey")
        .map(Value::take)
        .unwrap_or(Value::Null);
    Json(json!({ "ceremony": ceremony, "publicKey": public_key })).into_response()
}

/// The body of a request that names a one-time staff invitation.
#[derive(Deserialize)]
pub struct InviteToken {
    token: String,
}

/// `POST /console/api/register/options {token}`: the passkey creation options for
/// the member the invitation is for.
pub async fn register_options(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    ClientAddress(address): ClientAddress,
    Json(body): Json<InviteToken>,
) -> Response {
    blocking(move || begin_registration(&app, address, &body)).await
}

fn begin_registration(app: &AppState, address: IpAddr, body: &InviteToken) -> Response {
    let Some(console) = app.console.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let now = crate::now_unix_ms();
    let token_sha256 = sha256_hex(body.token.as_bytes());
    let staff = match app.store.staff_invite(&token_sha256, now) {
        Err(_) => return unavailable(),
        Ok(None) => {
            return error(
                StatusCode::GONE,
                "invite_used",
                "this invitation was used already, has expired or was withdrawn; ask the medical director for a new one",
            );
        }
        Ok(Some(s)) => s,
    };
    let Ok(user) = Uuid::parse_str(&staff.id) else {
        return unavailable();
    };
    let Ok((mut challenge, state)) =
        console
            .webauthn
            .start_passkey_registration(user, &staff.name, &staff.name, None)
    else {
        return unavailable();
    };
    // A passkey the authenticator keeps (discoverable), so signing in needs no name.
    if let Some(selection) = challenge.public_key.authenticator_selection.as_mut() {
        selection.require_resident_key = true;
        selection.resident_key = Some(webauthn_rs_proto::ResidentKeyRequirement::Required);
    }
    match console.keep(
        &app.store,
        Ceremony::Register {
            token_sha256,
            state,
        },
        address,
        now,
    ) {
        Ok(id) => options(id, challenge),
        Err(refused) => *refused,
    }
}

/// The browser's answer to a registration ceremony.
#[derive(Deserialize)]
pub struct Registration {
    ceremony: String,
    credential: RegisterPublicKeyCredential,
}

/// `POST /console/api/register {ceremony, credential}`: keeps the passkey, spends
/// the invitation, and signs the member in.
pub async fn register(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Json(body): Json<Registration>,
) -> Response {
    blocking(move || finish_registration(&app, &body)).await
}

fn finish_registration(app: &AppState, body: &Registration) -> Response {
    let Some(console) = app.console.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let now = crate::now_unix_ms();
    let Some(Ceremony::Register {
        token_sha256,
        state,
    }) = console.take(&app.store, &body.ceremony, now)
    else {
        return refused("ceremony", "this passkey request has expired; start again");
    };
    let Ok(passkey) = console
        .webauthn
        .finish_passkey_registration(&body.credential, &state)
    else {
        return refused("passkey", "the passkey could not be verified; try again");
    };
    let credential_id =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(passkey.cred_id().as_slice());
    let Ok(json) = serde_json::to_string(&passkey) else {
        return unavailable();
    };
    let at = crate::now_rfc3339();
    match app
        .store
        .register_passkey(&token_sha256, now, &credential_id, &json, &at)
    {
        Err(_) => unavailable(),
        Ok(None) => error(
            StatusCode::GONE,
            "invite_used",
            "this invitation was used already, has expired or was withdrawn; ask the medical director for a new one",
        ),
        Ok(Some(staff)) => {
            let _ = record(app, Some(&staff), AuditAction::PasskeyRegistered, None);
            signed_in(app, &staff)
        }
    }
}

/// `POST /console/api/signin/options`: the options to sign in with any passkey.
pub async fn sign_in_options(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    ClientAddress(address): ClientAddress,
) -> Response {
    blocking(move || begin_sign_in(&app, address)).await
}

fn begin_sign_in(app: &AppState, address: IpAddr) -> Response {
    let Some(console) = app.console.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok((challenge, state)) = console.webauthn.start_discoverable_authentication() else {
        return unavailable();
    };
    match console.keep(
        &app.store,
        Ceremony::SignIn(state),
        address,
        crate::now_unix_ms(),
    ) {
        Ok(id) => options(id, challenge),
        Err(refused) => *refused,
    }
}

/// The browser's answer to a sign-in ceremony.
#[derive(Deserialize)]
pub struct SignIn {
    ceremony: String,
    credential: PublicKeyCredential,
}

/// `POST /console/api/signin {ceremony, credential}`: checks the passkey's
/// signature and starts a session for its (enabled) member.
pub async fn sign_in(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    Json(body): Json<SignIn>,
) -> Response {
    blocking(move || finish_sign_in(&app, &body)).await
}

fn finish_sign_in(app: &AppState, body: &SignIn) -> Response {
    let Some(console) = app.console.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let not_known = || {
        error(
            StatusCode::UNAUTHORIZED,
            "passkey_unknown",
            "this passkey is not one of this clinic's staff passkeys, or its owner was disabled",
        )
    };
    let Some(Ceremony::SignIn(state)) =
        console.take(&app.store, &body.ceremony, crate::now_unix_ms())
    else {
        return refused("ceremony", "this sign-in request has expired; start again");
    };
    let Ok((user, credential_id)) = console
        .webauthn
        .identify_discoverable_authentication(&body.credential)
    else {
        return not_known();
    };
    let credential_id = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(credential_id);
    let (staff, json) = match app.store.passkey(&credential_id) {
        Err(_) => return unavailable(),
        Ok(None) => return not_known(),
        Ok(Some(found)) => found,
    };
    if staff.id != user.to_string() || staff.disabled_at.is_some() {
        return not_known();
    }
    let Ok(mut passkey) = serde_json::from_str::<Passkey>(&json) else {
        return unavailable();
    };
    let Ok(result) =
        console
            .webauthn
            .finish_discoverable_authentication_v2(&body.credential, state, &passkey)
    else {
        return not_known();
    };
    if result.needs_update()
        && passkey.update_credential(&result).is_some()
        && let Ok(json) = serde_json::to_string(&passkey)
    {
        let _ = app
            .store
            .update_passkey(&credential_id, &json, &crate::now_rfc3339());
    }
    signed_in(app, &staff)
}

/// A sign-out request: this session, or every session of the member.
#[derive(Deserialize, Default)]
pub struct SignOut {
    #[serde(default)]
    everywhere: bool,
}

/// `POST /console/api/signout {everywhere}`: ends this session, or every session
/// of the member.
pub async fn sign_out(
    State(app): State<Arc<AppState>>,
    _: SameOrigin,
    headers: HeaderMap,
    body: Option<Json<SignOut>>,
) -> Response {
    let everywhere = body.is_some_and(|Json(b)| b.everywhere);
    blocking(move || end(&app, &headers, everywhere)).await
}

fn end(app: &AppState, headers: &HeaderMap, everywhere: bool) -> Response {
    let at = crate::now_rfc3339();
    if let Ok(session) = session::current(app, headers, crate::now_unix_ms()) {
        if everywhere {
            let _ = app.store.end_sessions(&session.staff.id, &at);
        } else if let Some(id) = session::id_of(headers) {
            let _ = app.store.end_session(&sha256_hex(id.as_bytes()), &at);
        }
        let action = if everywhere {
            AuditAction::SignedOutEverywhere
        } else {
            AuditAction::SignedOut
        };
        let _ = record(app, Some(&session.staff), action, None);
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session::removed_cookie());
    response
}

/// `POST /console/api/session`: "Stay signed in" after the idle warning; answers how
/// long the session may stay idle.
pub async fn keep_alive(_: SameOrigin, Member(_): Member) -> Response {
    Json(json!({ "idle_ms": session::IDLE_MS })).into_response()
}
