//! Invites: a clinic sends a patient a link ending in `#invite=<token>`. The token is
//! random, stored only as its SHA-256, sent by the widget as a bearer token, and bound
//! to the first signing key used with it; the summary names the invite's id.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::store::Store;

/// A freshly made invite.
#[derive(Debug)]
pub struct NewInvite {
    /// The id, which the summary will name.
    pub id: String,
    /// The secret token, shown once.
    pub token: String,
}

/// Makes and records a new invite.
pub fn create(store: &Store) -> Result<NewInvite, String> {
    let invite = new_token()?;
    store
        .create_invite(
            &invite.id,
            &token_sha256(&invite.token),
            &crate::now_rfc3339(),
        )
        .map_err(|e| e.to_string())?;
    Ok(invite)
}

/// A new invite's id and token, not yet recorded.
pub fn new_token() -> Result<NewInvite, String> {
    let mut bytes = [0u8; 40];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    let token = URL_SAFE_NO_PAD.encode(&bytes[..32]);
    let id = format!("inv-{}", URL_SAFE_NO_PAD.encode(&bytes[32..]));
    Ok(NewInvite { id, token })
}

/// The SHA-256 under which a token is stored.
pub fn token_sha256(token: &str) -> String {
    candor_core::jws::sha256_hex(token.as_bytes())
}

/// A fresh key for an invited visit's draft, to put in the link and nowhere else.
pub fn draft_key() -> Result<candor_core::delivery::invite::DraftKey, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    Ok(candor_core::delivery::invite::DraftKey(bytes))
}
