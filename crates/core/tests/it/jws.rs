//! The JWS around a summary: header, thumbprint, signing input, and the strict
//! parser's refusals. Signing here uses RustCrypto's `p256` as WebCrypto would.

use candor_core::jws::{self, JwsError, ParsedJws, ProtectedHeader, PublicJwk};
use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};

use crate::signer;

fn key() -> (SigningKey, PublicJwk) {
    signer::key(7)
}

fn signed(payload: &[u8]) -> String {
    signer::sign(7, payload)
}

/// A compact JWS with this header JSON, signed properly, so only the header is at fault.
fn with_header(header: serde_json::Value) -> String {
    let (key, _) = key();
    let input = format!(
        "{}.{}",
        jws::base64url(header.to_string().as_bytes()),
        jws::base64url(b"{}")
    );
    let signature: Signature = key.sign(input.as_bytes());
    jws::compact(&input, &signature.to_bytes())
}

fn header_json() -> serde_json::Value {
    serde_json::to_value(ProtectedHeader::for_key(key().1)).unwrap()
}

#[test]
fn a_signed_summary_parses_and_verifies() {
    let payload = br#"{"schema_version":1}"#;
    let token = signed(payload);
    let parsed = ParsedJws::parse(&token).unwrap();
    assert_eq!(parsed.payload, payload);
    assert_eq!(parsed.header.typ, "intake-summary+jws");
    let key = VerifyingKey::from_sec1_bytes(&[&[4u8][..], &parsed.key_x, &parsed.key_y].concat())
        .unwrap();
    let signature = Signature::from_slice(&parsed.signature).unwrap();
    assert!(
        key.verify(parsed.signing_input.as_bytes(), &signature)
            .is_ok()
    );
}

#[test]
fn the_header_is_canonical_json_in_a_fixed_order() {
    let (_, jwk) = key();
    let header = ProtectedHeader::for_key(jwk.clone());
    let text = String::from_utf8(header.canonical_bytes()).unwrap();
    let expected = format!(
        r#"{{"alg":"ES256","jwk":{{"crv":"P-256","kty":"EC","x":"{}","y":"{}"}},"kid":"{}","typ":"intake-summary+jws"}}"#,
        jwk.x, jwk.y, header.kid
    );
    assert_eq!(text, expected);
}

#[test]
fn the_thumbprint_is_rfc_7638() {
    // Computed independently: base64url(SHA-256) of the required members in order.
    let jwk = PublicJwk {
        kty: "EC".into(),
        crv: "P-256".into(),
        x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU".into(),
        y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0".into(),
    };
    // printf '{"crv":"P-256","kty":"EC","x":"f83O…VEU","y":"x_FE…5a0"}' | sha256sum | xxd -r -p | base64,
    // then + and / as - and _ without padding (coreutils, not our code).
    assert_eq!(
        jws::thumbprint(&jwk),
        "oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U"
    );
}

#[test]
fn the_algorithm_is_pinned_and_the_type_checked() {
    let mut h = header_json();
    h["alg"] = "none".into();
    assert_eq!(
        ParsedJws::parse(&with_header(h)),
        Err(JwsError::Algorithm("none".into()))
    );
    let mut h = header_json();
    h["alg"] = "HS256".into();
    assert_eq!(
        ParsedJws::parse(&with_header(h)),
        Err(JwsError::Algorithm("HS256".into()))
    );
    let mut h = header_json();
    h["typ"] = "JWT".into();
    assert_eq!(
        ParsedJws::parse(&with_header(h)),
        Err(JwsError::Type("JWT".into()))
    );
}

#[test]
fn kid_must_be_the_thumbprint_and_the_key_public_p256() {
    let mut h = header_json();
    h["kid"] = "someone-else".into();
    assert_eq!(ParsedJws::parse(&with_header(h)), Err(JwsError::KeyId));
    let mut h = header_json();
    h["jwk"]["crv"] = "P-384".into();
    assert_eq!(ParsedJws::parse(&with_header(h)), Err(JwsError::Key));
    let mut h = header_json();
    h["jwk"]["d"] = "private".into();
    assert!(matches!(
        ParsedJws::parse(&with_header(h)),
        Err(JwsError::BadHeader(_))
    ));
    let mut h = header_json();
    h["crit"] = serde_json::json!(["exp"]);
    assert!(matches!(
        ParsedJws::parse(&with_header(h)),
        Err(JwsError::BadHeader(_))
    ));
}

#[test]
fn malformed_tokens_are_refused() {
    let token = signed(b"{}");
    for bad in [
        "",
        "a.b",
        "a.b.c.d",
        &format!("{token}.x"),
        &token.replace('.', "!"),
    ] {
        assert_eq!(ParsedJws::parse(bad), Err(JwsError::NotCompact), "{bad}");
    }
    let short = format!(
        "{}.{}",
        token.rsplit_once('.').unwrap().0,
        jws::base64url(&[0; 63])
    );
    assert_eq!(ParsedJws::parse(&short), Err(JwsError::SignatureLength(63)));
}
