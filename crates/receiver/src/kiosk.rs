//! The clinic's kiosks: staff make a one-time enrolment code
//! (`candor-receiver kiosk enrol --name …`), open the widget on the tablet with it
//! (`#kiosk-enrol=<code>`, also printed as a QR code), and the tablet registers the
//! public half of its non-extractable device key at `POST /api/kiosk/enrol`. From
//! then on every summary the tablet signs names the kiosk, and the receiver accepts
//! it only from an enrolled, unrevoked device key (see [`crate::submit`]).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use candor_core::jws::PublicJwk;
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::store::Store;
use crate::store::kiosks::NewKioskError;
use crate::submit::error;

/// A fresh enrolment code (24 characters, 144 random bits), recorded by its SHA-256
/// for the kiosk `name`, valid for 24 hours.
pub fn new_enrolment(store: &Store, name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
        return Err("--name: 1 to 80 characters, no control characters".into());
    }
    let mut bytes = [0u8; 18];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    let code = URL_SAFE_NO_PAD.encode(bytes);
    store
        .create_kiosk(
            name,
            &candor_core::jws::sha256_hex(code.as_bytes()),
            crate::now_unix_ms(),
            &crate::now_rfc3339(),
        )
        .map_err(|e| match e {
            NewKioskError::NameInUse => format!(
                "a kiosk named \"{name}\" is enrolled or waiting to enrol; revoke it first (candor-receiver kiosk revoke)"
            ),
            NewKioskError::Storage(e) => e.to_string(),
        })?;
    Ok(code)
}

/// `link` as a QR code drawn with Unicode half blocks, for a terminal.
pub fn qr_text(link: &str) -> String {
    use qrcode::render::unicode::Dense1x2;
    qrcode::QrCode::new(link.as_bytes())
        .map(|code| {
            code.render::<Dense1x2>()
                .dark_color(Dense1x2::Light)
                .light_color(Dense1x2::Dark)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Enrolment {
    code: String,
    jwk: PublicJwk,
}

/// `POST /api/kiosk/enrol` with `{"code", "jwk"}`: registers the tablet's public key
/// under the name the code was made for, once. Answers `201 {"name"}`; `403
/// enrolment_code` for a code that is unknown, spent or expired (the same answer for
/// each); `400` for a body that is not an enrolment or a key not on P-256.
pub async fn enrol(State(app): State<Arc<AppState>>, body: Bytes) -> Response {
    crate::service::blocking(move || enrol_tablet(&app, &body)).await
}

fn enrol_tablet(app: &AppState, body: &[u8]) -> Response {
    let Ok(enrolment) = serde_json::from_slice::<Enrolment>(body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "request_form",
            "the body is not {\"code\", \"jwk\"}",
        );
    };
    let jwk = enrolment.jwk;
    let point = match (
        candor_core::jws::from_base64url(&jwk.x),
        candor_core::jws::from_base64url(&jwk.y),
    ) {
        (Some(x), Some(y)) if jwk.kty == "EC" && jwk.crv == "P-256" => {
            crate::verify::verifying_key(&x, &y)
        }
        _ => None,
    };
    if point.is_none() {
        return error(
            StatusCode::BAD_REQUEST,
            "jws_key",
            "the key is not an EC P-256 JWK on the curve",
        );
    }
    let kid = candor_core::jws::thumbprint(&jwk);
    let code = candor_core::jws::sha256_hex(enrolment.code.trim().as_bytes());
    match app
        .store
        .enrol_kiosk(&code, &kid, crate::now_unix_ms(), &crate::now_rfc3339())
    {
        Ok(Some(name)) => (
            StatusCode::CREATED,
            axum::Json(json!({ "name": name, "kid": kid })),
        )
            .into_response(),
        Ok(None) => error(
            StatusCode::FORBIDDEN,
            "enrolment_code",
            "this enrolment code is unknown, already used or expired; make a new one with candor-receiver kiosk enrol",
        ),
        Err(_) => error(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage",
            "the tablet could not be enrolled right now; try again shortly",
        ),
    }
}
