//! A staff member's passkey in the tests: a P-256 key the test holds, registered as
//! webauthn-rs keeps a passkey, and the assertions its authenticator would make.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::console_http::ORIGIN;

/// The director's passkey: a P-256 key this test holds, registered as webauthn-rs
/// keeps a passkey.
pub fn director_key() -> SigningKey {
    SigningKey::from_slice(&[7; 32]).unwrap()
}

pub const CREDENTIAL_ID: &str = "dGVzdC1kaXJlY3Rvci1wYXNza2V5";

pub fn passkey_json(key: &SigningKey) -> String {
    let point = VerifyingKey::from(key).to_sec1_point(false);
    json!({"cred": {
        "cred_id": CREDENTIAL_ID,
        "cred": {"type_": "ES256", "key": {"EC_EC2": {"curve": "SECP256R1",
            "x": URL_SAFE_NO_PAD.encode(point.x().unwrap()),
            "y": URL_SAFE_NO_PAD.encode(point.y().unwrap())}}},
        "counter": 0, "transports": null, "user_verified": true,
        "backup_eligible": false, "backup_state": false, "registration_policy": "required",
        "extensions": {"cred_protect": "Ignored", "hmac_create_secret": "NotRequested",
            "appid": "NotRequested", "cred_props": {"Unsigned": {"rk": true}}},
        "attestation": {"data": "None", "metadata": "None"}, "attestation_format": "none"
    }})
    .to_string()
}

/// What the director's authenticator answers to `options`: an assertion over its
/// challenge, as a browser's `PublicKeyCredential.toJSON()`.
pub fn assertion(options: &Value, key: &SigningKey) -> Value {
    signed_in_as(options, key, None)
}

/// The same, for a sign-in: with the user handle a discoverable passkey returns.
pub fn signed_in_as(options: &Value, key: &SigningKey, user: Option<&str>) -> Value {
    let challenge = options["publicKey"]["challenge"].as_str().unwrap();
    let client_data = json!({"type": "webauthn.get", "challenge": challenge, "origin": ORIGIN, "crossOrigin": false})
        .to_string();
    let mut authenticator_data = Sha256::digest(b"localhost").to_vec();
    authenticator_data.push(0x05); // user present and verified
    authenticator_data.extend_from_slice(&1u32.to_be_bytes());
    let mut signed = authenticator_data.clone();
    signed.extend_from_slice(&Sha256::digest(client_data.as_bytes()));
    let signature: Signature = key.sign(&signed);
    let mut credential = json!({
        "id": CREDENTIAL_ID, "rawId": CREDENTIAL_ID, "type": "public-key",
        "response": {
            "clientDataJSON": URL_SAFE_NO_PAD.encode(client_data),
            "authenticatorData": URL_SAFE_NO_PAD.encode(&authenticator_data),
            "signature": URL_SAFE_NO_PAD.encode(signature.to_der().as_bytes()),
        },
        "extensions": {}
    });
    if let Some(user) = user {
        let handle = uuid::Uuid::parse_str(user).unwrap();
        credential["response"]["userHandle"] = json!(URL_SAFE_NO_PAD.encode(handle.as_bytes()));
    }
    credential
}
