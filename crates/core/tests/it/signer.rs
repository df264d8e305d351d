//! Signing as WebCrypto does, with RustCrypto's `p256`, for tests of the JWS.

use candor_core::jws::{self, ProtectedHeader, PublicJwk};
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};

/// A fixed key made from `seed`, and its public JWK.
pub fn key(seed: u8) -> (SigningKey, PublicJwk) {
    let key = SigningKey::from_slice(&[seed; 32]).unwrap();
    let point = VerifyingKey::from(&key).to_sec1_point(false);
    let jwk = PublicJwk {
        kty: "EC".into(),
        crv: "P-256".into(),
        x: jws::base64url(point.x().unwrap()),
        y: jws::base64url(point.y().unwrap()),
    };
    (key, jwk)
}

/// `payload` as a compact JWS signed by the key from `seed`.
pub fn sign(seed: u8, payload: &[u8]) -> String {
    let (key, jwk) = key(seed);
    let input = jws::signing_input(&ProtectedHeader::for_key(jwk), payload);
    let signature: Signature = key.sign(input.as_bytes());
    jws::compact(&input, &signature.to_bytes())
}
