//! Signed submissions as raw HTTP/1.1 requests, for the tests and the benchmark that
//! drive the receiver's binary over loopback.

use crate::signer;

use candor_core::summary::Summary;

const FIXTURE: &str = include_str!("../../../core/tests/fixtures/summary-neurotoxin.json");

/// `POST /api/submissions` of the fixture summary under submission `id`, signed by
/// the test key made from `seed`; `close` asks the receiver to close the connection
/// after answering.
pub fn submission(port: u16, id: &str, seed: u8, close: bool) -> Vec<u8> {
    let mut summary = Summary::from_json(FIXTURE.as_bytes()).expect("fixture");
    summary.submission_id = id.to_owned();
    let jws = signer::sign(seed, &summary.canonical_bytes().expect("canonical"));
    let body = serde_json::json!({ "jws": jws, "summary": summary }).to_string();
    let connection = if close { "Connection: close\r\n" } else { "" };
    format!(
        "POST /api/submissions HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nIdempotency-Key: \"{id}\"\r\nContent-Length: {}\r\n{connection}\r\n{body}",
        body.len()
    )
    .into_bytes()
}
