//! `GET /vocabulary.json`: the medicine and allergy vocabulary built into this
//! receiver, the very file its lint checks profiles against, so the SHA-256 an approved
//! profile names is the one the widget receives. Revalidated on every visit (a new
//! vocabulary comes with a new receiver), compressed once, on a thread of its own.

use std::sync::OnceLock;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use candor_core::vocabulary::data::{BUILTIN_FILE, builtin};

/// The file brotli-compressed (quality 11) and gzip-compressed (level 9).
struct Compressed {
    brotli: Vec<u8>,
    gzip: Vec<u8>,
}

static COMPRESSED: OnceLock<Compressed> = OnceLock::new();

/// Compresses the file in the background, so the first patient gets it compressed.
pub fn prepare() {
    std::thread::spawn(|| COMPRESSED.get_or_init(compress));
}

fn compress() -> Compressed {
    Compressed {
        brotli: super::compress::brotli(BUILTIN_FILE).unwrap_or_default(),
        gzip: super::compress::gzip(BUILTIN_FILE).unwrap_or_default(),
    }
}

/// `GET /vocabulary.json`.
pub async fn vocabulary(headers: HeaderMap) -> Response {
    let etag = builtin().sha256.as_str();
    if super::not_modified(&headers, etag) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        super::public_json(&mut response, etag);
        return response;
    }
    let accepts = |coding: &str| {
        headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with(coding)))
    };
    let compressed = COMPRESSED.get().and_then(|c| {
        if accepts("br") && !c.brotli.is_empty() {
            Some((&c.brotli, "br"))
        } else if accepts("gzip") && !c.gzip.is_empty() {
            Some((&c.gzip, "gzip"))
        } else {
            None
        }
    });
    let mut response = match compressed {
        Some((bytes, coding)) => {
            let mut r = axum::body::Bytes::from_static(bytes.as_slice()).into_response();
            r.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
            r
        }
        None => axum::body::Bytes::from_static(BUILTIN_FILE).into_response(),
    };
    super::public_json(&mut response, etag);
    response
}
