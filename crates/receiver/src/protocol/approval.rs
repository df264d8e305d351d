//! A medical director's approval of one profile version, as a WebAuthn assertion.
//!
//! The console asks the director's passkey to sign a challenge that is the SHA-256
//! of the approval's *statement*: the canonical JSON of what is approved (the
//! profile hash), by whom (staff id, name, credential), when and at which console
//! origin. The receiver keeps the statement's fields with the assertion's
//! authenticator data, client data and signature. [`verify`] checks, from what is
//! stored alone plus the director's registered passkey, that the client data's
//! challenge is this statement's, that it was made for this console's relying party
//! with the director present and verified, and that the passkey's public key signed
//! it. Editing any stored field (the hash, the name, the time) breaks the challenge;
//! a signature cannot be made without the director's authenticator.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use webauthn_rs::prelude::Passkey;

use crate::store::protocols::StoredApproval;

/// What the challenge of an approval binds.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Statement {
    /// The version approved.
    pub profile_sha256: String,
    /// The director's staff id.
    pub staff_id: String,
    /// Their name as patients will read it.
    pub approver: String,
    /// Their credential.
    pub credential: String,
    /// When (RFC 3339, the receiver's clock).
    pub approved_at: String,
    /// The console's origin.
    pub origin: String,
}

impl Statement {
    /// The statement of a stored approval.
    pub fn of(approval: &StoredApproval) -> Statement {
        Statement {
            profile_sha256: approval.profile_sha256.clone(),
            staff_id: approval.staff_id.clone(),
            approver: approval.approver.clone(),
            credential: approval.credential.clone(),
            approved_at: approval.approved_at.clone(),
            origin: approval.origin.clone(),
        }
    }

    /// The challenge the passkey signs: SHA-256 of the statement's canonical JSON.
    pub fn challenge(&self) -> Vec<u8> {
        let statement = json!({
            "purpose": "candor-protocol-approval",
            "profile_sha256": self.profile_sha256,
            "staff_id": self.staff_id,
            "approver": self.approver,
            "credential": self.credential,
            "approved_at": self.approved_at,
            "origin": self.origin,
        });
        let bytes = candor_core::canonical::to_canonical_bytes(&statement)
            .expect("a statement holds only text");
        Sha256::digest(bytes).to_vec()
    }
}

/// Why a stored approval does not verify.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// A stored part is not base64url or the client data is not JSON.
    Unreadable(&'static str),
    /// The client data is not an assertion, or not for this statement or origin.
    ClientData(&'static str),
    /// The authenticator data is not for this relying party, or the director was not
    /// present and verified.
    AuthenticatorData(&'static str),
    /// The passkey is not the one named, or its signature does not verify.
    Signature,
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Invalid::Unreadable(what) => write!(f, "the stored {what} cannot be read"),
            Invalid::ClientData(what) => write!(f, "the client data {what}"),
            Invalid::AuthenticatorData(what) => write!(f, "the authenticator data {what}"),
            Invalid::Signature => f.write_str("the passkey's signature does not verify"),
        }
    }
}

fn decode(text: &str, what: &'static str) -> Result<Vec<u8>, Invalid> {
    URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|_| Invalid::Unreadable(what))
}

/// Checks `approval` against the director's registered `passkey` (the caller checks
/// that the passkey is a director's, and the one whose id the approval names).
pub fn verify(approval: &StoredApproval, passkey: &Passkey) -> Result<(), Invalid> {
    let client_data = decode(&approval.client_data_json, "client data")?;
    let authenticator_data = decode(&approval.authenticator_data, "authenticator data")?;
    let signature = decode(&approval.signature, "signature")?;
    let client: Value =
        serde_json::from_slice(&client_data).map_err(|_| Invalid::Unreadable("client data"))?;
    if client.get("type").and_then(Value::as_str) != Some("webauthn.get") {
        return Err(Invalid::ClientData("is not an assertion"));
    }
    let challenge = URL_SAFE_NO_PAD.encode(Statement::of(approval).challenge());
    if client.get("challenge").and_then(Value::as_str) != Some(challenge.as_str()) {
        return Err(Invalid::ClientData("signs another statement"));
    }
    if client.get("origin").and_then(Value::as_str) != Some(approval.origin.as_str()) {
        return Err(Invalid::ClientData("comes from another origin"));
    }
    let rp_id = webauthn_rs::prelude::Url::parse(&approval.origin)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .ok_or(Invalid::ClientData("names an origin without a host"))?;
    if authenticator_data.len() < 37 {
        return Err(Invalid::AuthenticatorData("is too short"));
    }
    if authenticator_data[..32] != Sha256::digest(rp_id.as_bytes())[..] {
        return Err(Invalid::AuthenticatorData("is for another relying party"));
    }
    const USER_PRESENT: u8 = 0x01;
    const USER_VERIFIED: u8 = 0x04;
    if authenticator_data[32] & (USER_PRESENT | USER_VERIFIED) != USER_PRESENT | USER_VERIFIED {
        return Err(Invalid::AuthenticatorData(
            "does not say the director was present and verified",
        ));
    }
    if URL_SAFE_NO_PAD.encode(passkey.cred_id().as_slice()) != approval.credential_id {
        return Err(Invalid::Signature);
    }
    let mut signed = authenticator_data;
    signed.extend_from_slice(&Sha256::digest(&client_data));
    match passkey
        .get_public_key()
        .verify_signature(&signature, &signed)
    {
        Ok(true) => Ok(()),
        _ => Err(Invalid::Signature),
    }
}
