//! The protected header and the strict reading of a compact JWS.

use serde::{Deserialize, Serialize};

use super::{ALGORITHM, JWS_TYPE, from_base64url, thumbprint};
use crate::canonical::canonicalize;

/// An EC P-256 public key as a JWK (never a private key: no `d`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicJwk {
    /// Always `EC`.
    pub kty: String,
    /// Always `P-256`.
    pub crv: String,
    /// The x coordinate, base64url (32 bytes).
    pub x: String,
    /// The y coordinate, base64url (32 bytes).
    pub y: String,
}

/// The JWS protected header of a summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtectedHeader {
    /// Always [`ALGORITHM`].
    pub alg: String,
    /// Always [`JWS_TYPE`].
    pub typ: String,
    /// The RFC 7638 thumbprint of `jwk`.
    pub kid: String,
    /// The signer's public key.
    pub jwk: PublicJwk,
}

impl ProtectedHeader {
    /// The header for a summary signed with `jwk`.
    pub fn for_key(jwk: PublicJwk) -> ProtectedHeader {
        ProtectedHeader {
            alg: ALGORITHM.into(),
            typ: JWS_TYPE.into(),
            kid: thumbprint(&jwk),
            jwk,
        }
    }

    /// Canonical JSON of the header (the widget's header bytes are always these).
    pub fn canonical_bytes(&self) -> Vec<u8> {
        canonicalize(self).expect("a header holds only strings")
    }
}

/// Why a JWS is refused before its signature is even checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JwsError {
    /// Not three base64url parts separated by dots.
    NotCompact,
    /// The header is not the JSON this format requires.
    BadHeader(String),
    /// `alg` is not ES256 (the header never chooses the algorithm).
    Algorithm(String),
    /// `typ` is not `intake-summary+jws`.
    Type(String),
    /// The key is not an EC P-256 public key with 32-byte coordinates.
    Key,
    /// `kid` is not the thumbprint of `jwk`.
    KeyId,
    /// The signature is not 64 bytes.
    SignatureLength(usize),
}

impl std::fmt::Display for JwsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JwsError::NotCompact => write!(f, "not a compact JWS (three base64url parts)"),
            JwsError::BadHeader(e) => write!(f, "protected header is not valid: {e}"),
            JwsError::Algorithm(a) => write!(f, "algorithm {a:?} is not accepted (only ES256)"),
            JwsError::Type(t) => write!(f, "typ {t:?} is not {JWS_TYPE:?}"),
            JwsError::Key => write!(f, "jwk is not an EC P-256 public key"),
            JwsError::KeyId => write!(f, "kid is not the RFC 7638 thumbprint of jwk"),
            JwsError::SignatureLength(n) => write!(f, "signature is {n} bytes, ES256 needs 64"),
        }
    }
}

/// A compact JWS whose form has been checked; its signature has not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedJws {
    /// The protected header.
    pub header: ProtectedHeader,
    /// The payload bytes (the canonical summary).
    pub payload: Vec<u8>,
    /// The signature, `R || S`.
    pub signature: Vec<u8>,
    /// The exact text the signature covers.
    pub signing_input: String,
    /// The public key's coordinates, decoded (32 bytes each).
    pub key_x: Vec<u8>,
    /// See `key_x`.
    pub key_y: Vec<u8>,
}

impl ParsedJws {
    /// Reads a compact JWS strictly: ES256 only, the summary `typ`, an EC P-256 `jwk`,
    /// `kid` equal to its thumbprint, unknown header members refused (no `crit`).
    pub fn parse(text: &str) -> Result<ParsedJws, JwsError> {
        let mut parts = text.trim().split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(JwsError::NotCompact);
        };
        let decode = |part: &str| from_base64url(part).ok_or(JwsError::NotCompact);
        let (header_bytes, payload, signature) = (decode(h)?, decode(p)?, decode(s)?);
        let raw: serde_json::Value = serde_json::from_slice(&header_bytes)
            .map_err(|e| JwsError::BadHeader(e.to_string()))?;
        if let Some(alg) = raw
            .get("alg")
            .and_then(|a| a.as_str())
            .filter(|a| *a != ALGORITHM)
        {
            return Err(JwsError::Algorithm(alg.to_owned()));
        }
        if let Some(typ) = raw
            .get("typ")
            .and_then(|t| t.as_str())
            .filter(|t| *t != JWS_TYPE)
        {
            return Err(JwsError::Type(typ.to_owned()));
        }
        let header: ProtectedHeader =
            serde_json::from_value(raw).map_err(|e| JwsError::BadHeader(e.to_string()))?;
        let (key_x, key_y) = match (from_base64url(&header.jwk.x), from_base64url(&header.jwk.y)) {
            (Some(x), Some(y))
                if header.jwk.kty == "EC"
                    && header.jwk.crv == "P-256"
                    && x.len() == 32
                    && y.len() == 32 =>
            {
                (x, y)
            }
            _ => return Err(JwsError::Key),
        };
        if header.kid != thumbprint(&header.jwk) {
            return Err(JwsError::KeyId);
        }
        if signature.len() != 64 {
            return Err(JwsError::SignatureLength(signature.len()));
        }
        let signing_input = format!("{h}.{p}");
        Ok(ParsedJws {
            header,
            payload,
            signature,
            signing_input,
            key_x,
            key_y,
        })
    }
}
