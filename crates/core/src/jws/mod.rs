//! The signed form of a summary: JWS compact serialisation (RFC 7515) with ES256.
//!
//! The widget signs through WebCrypto with a non-extractable key (an adapter in the
//! widget crate); this module builds and reads everything around the signature:
//! the protected header `{"alg":"ES256","typ":"intake-summary+jws","kid":…,"jwk":…}`
//! where `kid` is the RFC 7638 thumbprint of the public key, the signing input, the
//! compact string, and a strict parser for receivers. Verifying the ECDSA signature
//! itself is left to the receiver's crypto library.

mod header;

pub use header::{JwsError, ParsedJws, ProtectedHeader, PublicJwk};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// The `typ` every summary JWS carries, so it cannot be mistaken for another token.
pub const JWS_TYPE: &str = "intake-summary+jws";
/// The one algorithm accepted: ECDSA on P-256 with SHA-256.
pub const ALGORITHM: &str = "ES256";

/// Base64url without padding, as JOSE writes it.
pub fn base64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url without padding; `None` for anything else.
pub fn from_base64url(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}

/// RFC 7638 thumbprint of an EC public key: base64url SHA-256 of its required members
/// in lexicographic order, with no whitespace.
pub fn thumbprint(jwk: &PublicJwk) -> String {
    let input = format!(
        r#"{{"crv":"{}","kty":"{}","x":"{}","y":"{}"}}"#,
        jwk.crv, jwk.kty, jwk.x, jwk.y
    );
    base64url(&Sha256::digest(input.as_bytes()))
}

/// `BASE64URL(header) . BASE64URL(payload)`: the bytes the signature covers.
pub fn signing_input(header: &ProtectedHeader, payload: &[u8]) -> String {
    format!(
        "{}.{}",
        base64url(&header.canonical_bytes()),
        base64url(payload)
    )
}

/// The compact JWS: the signing input, a dot, and the base64url signature
/// (64 bytes `R || S` for ES256, as WebCrypto returns it).
pub fn compact(signing_input: &str, signature: &[u8]) -> String {
    format!("{signing_input}.{}", base64url(signature))
}

/// Lower-case hex SHA-256 of `bytes` (receipts name the JWS by this).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
