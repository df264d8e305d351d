//! Signing a summary with WebCrypto: ECDSA P-256 (ES256) with a non-extractable key.
//!
//! The private key never exists outside the browser's crypto implementation: it is
//! generated with `extractable: false`, so no script (ours included) can read it,
//! only use it. The public key is exported as a JWK for the JWS header. The JWS itself
//! (header, thumbprint, signing input, compact form) is built by the core's
//! [`candor_core::jws`]; this adapter only makes keys and signatures.
//!
//! Keys: one per visit by default ([`visit_key`]); on a clinic-owned device, one per
//! device kept in IndexedDB ([`device_key`]; enrolment arrives with kiosk mode).
//!
//! WebCrypto exists only in secure contexts (HTTPS, localhost): elsewhere
//! [`visit_key`] refuses with [`SigningError::InsecureContext`], and the widget says
//! why instead of sending an unsigned summary.

use candor_core::jws::{self, ProtectedHeader, PublicJwk};
use candor_core::summary::Summary;
use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, EcKeyGenParams, EcdsaParams, SubtleCrypto};

/// Why a summary could not be signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SigningError {
    /// Not HTTPS or localhost: the browser offers no WebCrypto here.
    InsecureContext,
    /// The browser refused an operation (named), for example an unsupported curve.
    Refused(&'static str),
    /// The summary has no canonical form (a number with a fraction slipped in).
    NotCanonical,
}

/// A signing key for one visit. Dropping it forgets the key.
pub struct VisitKey {
    private: CryptoKey,
    /// The public half, for the JWS header.
    pub public: PublicJwk,
}

fn subtle() -> Result<SubtleCrypto, SigningError> {
    let window = web_sys::window().ok_or(SigningError::InsecureContext)?;
    if !window.is_secure_context() {
        return Err(SigningError::InsecureContext);
    }
    let crypto = window.crypto().map_err(|_| SigningError::InsecureContext)?;
    Ok(crypto.subtle())
}

/// Whether this page may sign (a secure context with WebCrypto).
pub fn can_sign() -> bool {
    subtle().is_ok()
}

/// A random version-4 UUID from the browser (`crypto.randomUUID()`), for a submission id.
pub fn random_uuid() -> Result<String, SigningError> {
    subtle()?;
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or(SigningError::InsecureContext)?;
    Ok(crypto.random_uuid())
}

async fn call(
    promise: Result<js_sys::Promise, JsValue>,
    what: &'static str,
) -> Result<JsValue, SigningError> {
    let promise = promise.map_err(|_| SigningError::Refused(what))?;
    JsFuture::from(promise)
        .await
        .map_err(|_| SigningError::Refused(what))
}

fn text(object: &JsValue, name: &str) -> Option<String> {
    Reflect::get(object, &JsValue::from_str(name))
        .ok()?
        .as_string()
}

/// Makes a new non-extractable P-256 key for this visit.
pub async fn visit_key() -> Result<VisitKey, SigningError> {
    let pair = new_pair().await?;
    from_pair(&pair).await
}

async fn new_pair() -> Result<JsValue, SigningError> {
    let subtle = subtle()?;
    let params = EcKeyGenParams::new("ECDSA", "P-256");
    let usages = Array::of2(&JsValue::from_str("sign"), &JsValue::from_str("verify"));
    call(
        subtle.generate_key_with_object(&params, false, &usages),
        "generateKey",
    )
    .await
}

/// Where a clinic-owned device keeps its key pair. IndexedDB stores `CryptoKey`s
/// as they are, so the private key stays non-extractable on disk too.
pub(super) const DEVICE_KEY: super::idb::Place = super::idb::Place {
    database: "candor-device",
    store: "keys",
};

/// The signing key of a clinic-owned device (a registered kiosk): made once,
/// non-extractable, and kept in IndexedDB, so every summary from the device is signed
/// by the key the clinic enrolled. Patients' own phones use [`visit_key`] instead.
/// Fails where IndexedDB is unavailable: a device key that could not be kept would
/// be a different key on every visit.
pub async fn device_key() -> Result<VisitKey, SigningError> {
    let stored = super::idb::get(DEVICE_KEY, "device")
        .await
        .map_err(|_| SigningError::Refused("indexedDB"))?;
    if !stored.is_undefined() {
        return from_pair(&stored).await;
    }
    let pair = new_pair().await?;
    super::idb::put(DEVICE_KEY, "device", &pair)
        .await
        .map_err(|_| SigningError::Refused("indexedDB"))?;
    from_pair(&pair).await
}

/// The key of a `CryptoKeyPair`, with its public half exported as a JWK.
async fn from_pair(pair: &JsValue) -> Result<VisitKey, SigningError> {
    let subtle = subtle()?;
    let key = |name| {
        Reflect::get(pair, &JsValue::from_str(name))
            .ok()
            .and_then(|k| k.dyn_into::<CryptoKey>().ok())
    };
    let (private, public) = match (key("privateKey"), key("publicKey")) {
        (Some(private), Some(public)) => (private, public),
        _ => return Err(SigningError::Refused("generateKey")),
    };
    let jwk = call(subtle.export_key("jwk", &public), "exportKey").await?;
    let public = match (text(&jwk, "x"), text(&jwk, "y")) {
        (Some(x), Some(y)) => PublicJwk {
            kty: "EC".into(),
            crv: "P-256".into(),
            x,
            y,
        },
        _ => return Err(SigningError::Refused("exportKey")),
    };
    Ok(VisitKey { private, public })
}

/// Signs `summary` as a compact JWS (ES256, `typ` `intake-summary+jws`, `jwk`, `kid`).
pub async fn sign(key: &VisitKey, summary: &Summary) -> Result<String, SigningError> {
    let subtle = subtle()?;
    let payload = summary
        .canonical_bytes()
        .map_err(|_| SigningError::NotCanonical)?;
    let input = jws::signing_input(&ProtectedHeader::for_key(key.public.clone()), &payload);
    let params = EcdsaParams::new("ECDSA", &JsValue::from_str("SHA-256"));
    let signature = call(
        subtle.sign_with_object_and_u8_array(&params, &key.private, input.as_bytes()),
        "sign",
    )
    .await?;
    let signature = Uint8Array::new(&signature).to_vec();
    Ok(jws::compact(&input, &signature))
}

/// Tries to export the private key; used by tests to prove it is not extractable.
pub async fn try_export_private(key: &VisitKey) -> Result<(), SigningError> {
    let subtle = subtle()?;
    call(subtle.export_key("pkcs8", &key.private), "exportKey")
        .await
        .map(|_| ())
}
