//! The medical director approves a profile version with a passkey.
//!
//! `options` writes the approval's statement (the version's hash, the director, their
//! credential, the time, the console origin) and asks the browser for an assertion
//! whose challenge is the statement's SHA-256 ([`crate::protocol::approval`]); the
//! statement waits in this receiver's memory for five minutes, like every ceremony.
//! `finish` verifies the assertion exactly as it will be verified later, from what is
//! stored, and keeps it. A version with lint errors or failing protocol tests cannot
//! be approved; the checks run again at both steps on the stored document.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use serde_json::{Value, json};

use super::member::{Director, SameOrigin};
use super::passkeys::record;
use super::{Ceremony, session};
use crate::AppState;
use crate::domain::audit::AuditAction;
use crate::protocol::approval::Statement;
use crate::serve::ClientAddress;
use crate::service::blocking;
use crate::store::protocols::StoredApproval;
use crate::store::staff::Session;
use crate::submit::error;
use std::net::IpAddr;

fn refused(status: StatusCode, code: &str, message: &str) -> Response {
    error(status, code, message)
}

/// Why version `hash` cannot be approved now, if it cannot.
fn not_approvable(app: &AppState, hash: &str) -> Option<Response> {
    let versions = match app.store.profile_versions() {
        Ok(v) => v,
        Err(_) => return Some(session::refused(session::NoSession::Storage)),
    };
    let Some(version) = versions.into_iter().find(|v| v.sha256 == hash) else {
        return Some(refused(
            StatusCode::NOT_FOUND,
            "unknown_version",
            "this receiver never served that profile version",
        ));
    };
    let assessment = crate::protocol::versions::assessment(&version.text);
    if !assessment.as_ref().is_some_and(|a| a.approvable()) {
        let (errors, failed) = assessment.map_or((1, 0), |a| (a.errors(), a.failed()));
        return Some(refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_approvable",
            &format!(
                "this version cannot be approved: {errors} lint errors and {failed} failing protocol tests; correct the profile, then approve the new version"
            ),
        ));
    }
    match app.store.profile_approvals() {
        Err(_) => Some(session::refused(session::NoSession::Storage)),
        Ok(all) if all.iter().any(|a| a.profile_sha256 == hash) => Some(refused(
            StatusCode::CONFLICT,
            "approved",
            "this version is approved already",
        )),
        Ok(_) => None,
    }
}

/// What the director types.
#[derive(Deserialize)]
pub struct Request {
    credential: String,
}

/// A credential as patients will read it: 1 to 20 letters, with dots, commas,
/// hyphens and spaces between.
fn credential(text: &str) -> Option<String> {
    let text = text.trim();
    let ok = !text.is_empty()
        && text.chars().count() <= 20
        && text
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | ',' | '-' | ' '));
    ok.then(|| text.to_owned())
}

/// `POST /console/api/protocol/{sha256}/approve/options {credential}`.
pub async fn options(
    State(app): State<Arc<AppState>>,
    Path(hash): Path<String>,
    _: SameOrigin,
    Director(session): Director,
    ClientAddress(address): ClientAddress,
    Json(body): Json<Request>,
) -> Response {
    blocking(move || start(&app, &session, address, hash, &body)).await
}

fn start(
    app: &AppState,
    session: &Session,
    address: IpAddr,
    hash: String,
    body: &Request,
) -> Response {
    let Some(console) = app.console.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(credential) = credential(&body.credential) else {
        return refused(
            StatusCode::BAD_REQUEST,
            "credential",
            "write your credential as patients will read it, such as MD or DO (letters, up to 20)",
        );
    };
    if let Some(why) = not_approvable(app, &hash) {
        return why;
    }
    let statement = Statement {
        profile_sha256: hash,
        staff_id: session.staff.id.clone(),
        approver: session.staff.name.clone(),
        credential,
        approved_at: crate::now_rfc3339(),
        origin: console.origin.clone(),
    };
    let challenge = URL_SAFE_NO_PAD.encode(statement.challenge());
    let rp_id = webauthn_rs::prelude::Url::parse(&console.origin)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default();
    match console.keep(
        &app.store,
        Ceremony::Approve(statement),
        address,
        crate::now_unix_ms(),
    ) {
        Ok(id) => Json(json!({
            "ceremony": id,
            "publicKey": {
                "challenge": challenge,
                "rpId": rp_id,
                "timeout": 300_000,
                "userVerification": "required",
                "allowCredentials": [],
            }
        }))
        .into_response(),
        Err(refused) => *refused,
    }
}

/// The browser's assertion (`PublicKeyCredential.toJSON()`).
#[derive(Deserialize)]
pub struct Assertion {
    ceremony: String,
    credential: Value,
}

/// `POST /console/api/protocol/{sha256}/approve {ceremony, credential}`: verifies the
/// assertion over the statement and keeps the approval.
pub async fn finish(
    State(app): State<Arc<AppState>>,
    Path(hash): Path<String>,
    _: SameOrigin,
    Director(session): Director,
    Json(body): Json<Assertion>,
) -> Response {
    blocking(move || complete(&app, &session, &hash, &body)).await
}

fn complete(app: &AppState, session: &Session, hash: &str, body: &Assertion) -> Response {
    let Some(console) = app.console.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(Ceremony::Approve(statement)) =
        console.take(&app.store, &body.ceremony, crate::now_unix_ms())
    else {
        return refused(
            StatusCode::BAD_REQUEST,
            "ceremony",
            "this approval request has expired; start again",
        );
    };
    if statement.profile_sha256 != hash || statement.staff_id != session.staff.id {
        return refused(
            StatusCode::BAD_REQUEST,
            "ceremony",
            "this approval request is for another version or member",
        );
    }
    if let Some(why) = not_approvable(app, hash) {
        return why;
    }
    let part = |path: &[&str]| {
        let mut v = &body.credential;
        for key in path {
            v = v.get(key).unwrap_or(&Value::Null);
        }
        v.as_str().unwrap_or_default().to_owned()
    };
    let approval = StoredApproval {
        profile_sha256: statement.profile_sha256,
        staff_id: statement.staff_id,
        approver: statement.approver,
        credential: statement.credential,
        approved_at: statement.approved_at,
        origin: statement.origin,
        credential_id: part(&["id"]),
        authenticator_data: part(&["response", "authenticatorData"]),
        client_data_json: part(&["response", "clientDataJSON"]),
        signature: part(&["response", "signature"]),
    };
    if let Err(why) = crate::protocol::check(&app.store, &approval) {
        return refused(
            StatusCode::BAD_REQUEST,
            "passkey",
            &format!("the approval was not kept: {why}. Use your own passkey and try again"),
        );
    }
    match app.store.approve_profile(&approval) {
        Err(_) => session::refused(session::NoSession::Storage),
        Ok(false) => refused(
            StatusCode::CONFLICT,
            "approved",
            "this version is approved already",
        ),
        Ok(true) => {
            let _ = record(
                app,
                Some(&session.staff),
                AuditAction::ProtocolApproved,
                Some(json!({ "profile_sha256": approval.profile_sha256, "credential": approval.credential }).to_string()),
            );
            Json(json!({ "approved_at": approval.approved_at })).into_response()
        }
    }
}
