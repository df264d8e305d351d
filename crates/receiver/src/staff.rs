//! Staff accounts from the command line: `staff invite` makes a member and prints
//! their one-time link (valid 24 hours) to register a passkey at
//! `/console/register#invite=<token>`; `staff list` and `staff disable` manage them.
//! The token is random, shown once, and stored only as its SHA-256.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::store::Store;
use crate::store::staff::{INVITE_VALID_MS, Role, Staff};

/// A member just invited, and the link that registers their passkey.
#[derive(Debug)]
pub struct NewMember {
    /// The member.
    pub staff: Staff,
    /// The one-time link: `<console origin>/console/register#invite=<token>`.
    pub link: String,
}

/// Records a new member with `role` and their one-time invitation.
pub fn invite(
    store: &Store,
    name: &str,
    role: Role,
    console_origin: &str,
) -> Result<NewMember, String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err("--name: the member's name, 1 to 120 characters".into());
    }
    let mut bytes = [0u8; 48];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    let token = URL_SAFE_NO_PAD.encode(&bytes[..32]);
    let id = uuid::Builder::from_random_bytes(bytes[32..].try_into().map_err(|_| "uuid")?)
        .into_uuid()
        .to_string();
    let staff = Staff {
        id,
        name: name.to_owned(),
        role,
        created_at: crate::now_rfc3339(),
        disabled_at: None,
    };
    store
        .invite_staff(
            &staff,
            &crate::invite::token_sha256(&token),
            crate::now_unix_ms() + INVITE_VALID_MS,
        )
        .map_err(|e| e.to_string())?;
    let link = format!(
        "{}/console/register#invite={token}",
        console_origin.trim_end_matches('/')
    );
    Ok(NewMember { staff, link })
}
