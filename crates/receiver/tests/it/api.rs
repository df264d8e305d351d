//! The receiver's HTTP behaviour, request by request, against a real SQLite file.
//! Summaries are signed with RustCrypto's `p256` exactly as WebCrypto signs them.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use candor_core::jws;
use candor_core::summary::Summary;
use candor_receiver::store::Database;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

const FIXTURE: &str = include_str!("../../../core/tests/fixtures/summary-neurotoxin.json");

use crate::common;
use common::{Receiver, receiver, receiver_with};

fn summary(id: &str) -> Summary {
    let mut s = Summary::from_json(FIXTURE.as_bytes()).unwrap();
    s.submission_id = id.into();
    s
}

// The core's test signer (RustCrypto `p256`, signing as WebCrypto does).
use crate::signer;

fn sign_bytes(seed: u8, payload: &[u8]) -> String {
    signer::sign(seed, payload)
}

fn sign(seed: u8, summary: &Summary) -> String {
    sign_bytes(seed, &summary.canonical_bytes().unwrap())
}

/// The signer's key thumbprint, as the receiver claims a submission by it.
fn kid_of(jws: &str) -> String {
    jws::ParsedJws::parse(jws).unwrap().header.kid
}

fn body(jws: &str, summary: &Summary) -> String {
    json!({ "jws": jws, "summary": summary }).to_string()
}

impl Receiver {
    async fn post(
        &self,
        key: Option<&str>,
        bearer: Option<&str>,
        body: String,
    ) -> (StatusCode, Value, bool) {
        let mut request =
            Request::post("/api/submissions").header("content-type", "application/json");
        if let Some(key) = key {
            request = request.header("idempotency-key", format!("\"{key}\""));
        }
        if let Some(token) = bearer {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let response = candor_receiver::app(self.state.clone())
            .oneshot(request.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let replayed = response.headers().contains_key("idempotent-replayed");
        assert_eq!(response.headers()["cache-control"], "no-store");
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            replayed,
        )
    }

    async fn submit(&self, s: &Summary, seed: u8) -> (StatusCode, Value, bool) {
        self.post(Some(&s.submission_id), None, body(&sign(seed, s), s))
            .await
    }

    fn count(&self) -> u64 {
        self.state.store.count().unwrap()
    }
}

const ID: &str = "6b1f0c2e-8d3a-4f5b-9c7d-0e1f2a3b4c5d";
const ID2: &str = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

#[tokio::test]
async fn a_signed_summary_is_stored_once_with_its_audit_trail_and_a_receipt() {
    let r = receiver();
    let s = summary(ID);
    let jws = sign(1, &s);
    let (status, receipt, replayed) = r.post(Some(ID), None, body(&jws, &s)).await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    assert!(!replayed);
    assert_eq!(receipt["submission_id"], ID);
    assert_eq!(receipt["jws_sha256"], jws::sha256_hex(jws.as_bytes()));
    assert!(candor_core::summary::is_rfc3339(
        receipt["received_at"].as_str().unwrap()
    ));
    assert_eq!(r.count(), 1);
    assert_eq!(
        r.state.store.jws(ID).unwrap().as_deref(),
        Some(jws.as_str())
    );
    let audit: Vec<String> = r
        .state
        .store
        .audit(ID)
        .unwrap()
        .into_iter()
        .map(|e| e.event)
        .collect();
    assert_eq!(
        audit,
        [
            "started",
            "step_completed",
            "disclosure_accepted",
            "signed",
            "consent_decided",
            "consent_decided",
            "submitted",
            "received"
        ]
    );
}

#[tokio::test]
async fn a_retry_gets_the_original_receipt_and_stores_nothing_new() {
    let r = receiver();
    let s = summary(ID);
    let jws = sign(1, &s);
    let (_, first, _) = r.post(Some(ID), None, body(&jws, &s)).await;
    let (status, again, replayed) = r.post(Some(ID), None, body(&jws, &s)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(replayed);
    assert_eq!(again, first);
    assert_eq!(r.count(), 1);
}

/// A receiver without the allowances of anonymous phones, shared by concurrent tasks.
fn unlimited() -> std::sync::Arc<Receiver> {
    std::sync::Arc::new(receiver_with(|c| {
        c.rate_limits.per_key = 1_000;
        c.rate_limits.per_address = 1_000;
    }))
}

/// Sends every body in `bodies` under `ID` at once; the answers, in the same order.
async fn all_at_once(
    r: &std::sync::Arc<Receiver>,
    bodies: Vec<String>,
) -> Vec<(StatusCode, Value, bool)> {
    let sending: Vec<_> = bodies
        .into_iter()
        .map(|b| {
            let r = r.clone();
            tokio::spawn(async move { r.post(Some(ID), None, b).await })
        })
        .collect();
    let mut answers = Vec::new();
    for task in sending {
        answers.push(task.await.unwrap());
    }
    answers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_submission_sent_many_times_at_once_is_stored_once_with_one_receipt() {
    let r = unlimited();
    let s = summary(ID);
    let jws = sign(1, &s);
    for round in 0..3 {
        let answers = all_at_once(&r, vec![body(&jws, &s); 24]).await;
        let fresh = answers.iter().filter(|(_, _, replayed)| !replayed).count();
        for (status, receipt, _) in &answers {
            assert_eq!(*status, StatusCode::CREATED, "{receipt}");
            assert_eq!(receipt, &answers[0].1, "one receipt for every copy");
        }
        // Stored by one of the first round's copies; every other is its receipt again.
        assert_eq!(fresh, usize::from(round == 0), "round {round}");
        assert_eq!(r.count(), 1);
        assert_eq!(r.state.store.audit(ID).unwrap().len(), 8, "one audit trail");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_contents_under_one_id_and_key_at_once_keep_one_and_refuse_the_other() {
    let r = unlimited();
    let s = summary(ID);
    let mut changed = s.clone();
    changed.answers.details.legal_name = "Someone Else".into();
    let (a, b) = (body(&sign(1, &s), &s), body(&sign(1, &changed), &changed));
    let bodies: Vec<String> = (0..16)
        .map(|n| if n % 2 == 0 { a.clone() } else { b.clone() })
        .collect();
    let answers = all_at_once(&r, bodies).await;
    let kept: Vec<_> = answers
        .iter()
        .filter(|(status, _, _)| *status == StatusCode::CREATED)
        .collect();
    assert_eq!(kept.len(), 8, "{answers:?}");
    assert_eq!(kept.iter().filter(|(_, _, replayed)| !replayed).count(), 1);
    assert!(kept.iter().all(|(_, receipt, _)| receipt == &kept[0].1));
    for (status, error, _) in &answers {
        if *status != StatusCode::CREATED {
            assert_eq!(*status, StatusCode::UNPROCESSABLE_ENTITY);
            assert_eq!(error["error"], "idempotency_conflict");
        }
    }
    assert_eq!(r.count(), 1);
}

#[tokio::test]
async fn the_same_id_with_different_content_is_a_conflict() {
    let r = receiver();
    let s = summary(ID);
    r.submit(&s, 1).await;
    let mut changed = s.clone();
    changed.answers.details.legal_name = "Someone Else".into();
    let (status, error, _) = r.submit(&changed, 1).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"], "idempotency_conflict");
    assert_eq!(r.count(), 1);
}

/// Another request is storing the submission right now: on SQLite, its claim row is
/// `processing`; on PostgreSQL, its transaction holds the row, uncommitted.
enum Busy {
    Sqlite,
    Postgres(Box<postgres::Client>),
}

/// Starts storing `jws` for `s` as another request would, without finishing; on
/// SQLite the claim is dated `started_unix_ms`.
fn busy_with(r: &Receiver, s: &Summary, jws: &str, started_unix_ms: i64) -> Busy {
    let (kid, fingerprint) = (kid_of(jws), jws::sha256_hex(jws.as_bytes()));
    match &r.state.config.database {
        Database::Sqlite(path) => {
            rusqlite::Connection::open(path)
                .unwrap()
                .execute(
                    "INSERT INTO submissions (id, kid, fingerprint, state, started_unix_ms) VALUES (?1, ?2, ?3, 'processing', ?4)",
                    rusqlite::params![s.submission_id, kid, fingerprint, started_unix_ms],
                )
                .unwrap();
            Busy::Sqlite
        }
        database @ Database::Postgres(_) => {
            let id = s.submission_id.clone();
            let mut client = crate::database::postgres_client(database);
            std::thread::spawn(move || {
                client
                    .batch_execute(&format!(
                        "BEGIN; INSERT INTO submissions (id, kid, fingerprint, state, started_unix_ms) VALUES ('{id}', '{kid}', '{fingerprint}', 'done', {started_unix_ms})"
                    ))
                    .unwrap();
                client
            })
            .join()
            .map(|client| Busy::Postgres(Box::new(client)))
            .unwrap()
        }
    }
}

/// The other request dies: on PostgreSQL its connection closes (off the async
/// thread: the synchronous client cannot be dropped inside a runtime), which rolls
/// its transaction back.
fn die(busy: Busy) {
    if let Busy::Postgres(client) = busy {
        std::thread::spawn(move || drop(client)).join().unwrap();
    }
}

#[tokio::test]
async fn a_submission_being_stored_by_another_request_is_told_to_wait() {
    let r = receiver();
    let s = summary(ID);
    let jws = sign(1, &s);
    let busy = busy_with(&r, &s, &jws, candor_receiver::now_unix_ms());
    let (status, error, _) = r.post(Some(ID), None, body(&jws, &s)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    assert_eq!(error["error"], "in_progress");
    die(busy);
    assert_eq!(r.count(), 0);
}

#[tokio::test]
async fn an_attempt_that_died_mid_request_is_taken_over() {
    let r = receiver();
    let s = summary(ID);
    let jws = sign(1, &s);
    // SQLite: a claim older than the abandonment limit. PostgreSQL: the other
    // receiver's connection dropped mid-transaction, which rolls it back.
    let long_ago =
        candor_receiver::now_unix_ms() - candor_receiver::store::sqlite::ABANDONED_AFTER_MS - 1;
    die(busy_with(&r, &s, &jws, long_ago));
    let (status, _, _) = r.post(Some(ID), None, body(&jws, &s)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(r.count(), 1);
}

#[tokio::test]
async fn a_tampered_payload_is_refused_and_nothing_is_kept() {
    let r = receiver();
    let s = summary(ID);
    let jws = sign(1, &s);
    let mut parts: Vec<String> = jws.split('.').map(str::to_owned).collect();
    let mut tampered = s.clone();
    tampered.findings.clear();
    parts[1] = jws::base64url(&tampered.canonical_bytes().unwrap());
    let (status, error, _) = r
        .post(Some(ID), None, body(&parts.join("."), &tampered))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["error"], "jws_signature");
    assert_eq!(r.count(), 0);
    // The genuine one still goes through afterwards.
    assert_eq!(
        r.post(Some(ID), None, body(&jws, &s)).await.0,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn malformed_requests_say_what_is_wrong() {
    let r = receiver();
    let s = summary(ID);
    let jws = sign(1, &s);
    let (status, error, _) = r.post(None, None, body(&jws, &s)).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("idempotency_key"))
    );
    let (status, error, _) = r.post(Some(ID2), None, body(&jws, &s)).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("idempotency_key"))
    );
    let (status, error, _) = r.post(Some(ID), None, "not json".into()).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("request_form"))
    );
    let mut readable = s.clone();
    readable.language = candor_core::Lang::Es;
    let (status, error, _) = r.post(Some(ID), None, body(&jws, &readable)).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("summary_mismatch"))
    );
    let pretty = serde_json::to_vec_pretty(&s).unwrap();
    let (status, error, _) = r
        .post(Some(ID), None, body(&sign_bytes(1, &pretty), &s))
        .await;
    assert_eq!(
        (status, error["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("summary_not_canonical"))
    );
    let mut unsound = s.clone();
    unsound.consents[0].signature = None;
    let (status, error, _) = r.submit(&unsound, 1).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("summary_content"))
    );
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("$.consents[0].signature")
    );
    assert_eq!(r.count(), 0);
}

#[tokio::test]
async fn an_invite_binds_to_the_first_key_used_with_it() {
    let r = receiver();
    let invite = candor_receiver::invite::create(&r.state.store).unwrap();
    let mut s = summary(ID);
    s.invite = Some(invite.id.clone());
    let (status, error, _) = r.submit(&s, 1).await;
    assert_eq!(
        (status, error["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invite_token"))
    );
    let (status, _, _) = r
        .post(Some(ID), Some("not-the-token"), body(&sign(1, &s), &s))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = r
        .post(Some(ID), Some(&invite.token), body(&sign(1, &s), &s))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let mut other = summary(ID2);
    other.invite = Some(invite.id.clone());
    let (status, error, _) = r
        .post(
            Some(ID2),
            Some(&invite.token),
            body(&sign(2, &other), &other),
        )
        .await;
    assert_eq!(
        (status, error["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("invite_bound"))
    );
    assert_eq!(r.count(), 1);
}

#[tokio::test]
async fn another_key_under_the_same_id_never_blocks_or_replaces_the_genuine_submission() {
    let r = receiver();
    // Someone who learnt the submission id signs something else under it, first.
    let mut forged = summary(ID);
    forged.answers.details.legal_name = "Someone Else".into();
    let (status, theirs, _) = r.submit(&forged, 9).await;
    assert_eq!(status, StatusCode::CREATED, "{theirs}");
    // The patient's own submission still goes in, with a receipt of its own.
    let genuine = summary(ID);
    let (status, ours, replayed) = r.submit(&genuine, 1).await;
    assert_eq!(status, StatusCode::CREATED, "{ours}");
    assert!(!replayed, "not the other signer's receipt");
    assert_ne!(ours["jws_sha256"], theirs["jws_sha256"]);
    // Its retry replays its own receipt.
    let (status, again, replayed) = r.submit(&genuine, 1).await;
    assert_eq!((status, replayed), (StatusCode::CREATED, true));
    assert_eq!(again, ours);
    // Both are kept, each with its signer, for staff to see.
    let records = r.state.store.signed_under(ID).unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[1].1, sign(1, &genuine));
    assert_ne!(records[0].0, records[1].0);
}

#[tokio::test]
async fn requests_are_verified_before_any_idempotency_answer() {
    let r = receiver();
    let s = summary(ID);
    r.submit(&s, 1).await;
    // Garbage, or a forged signature, under a known id: refused as such, saying
    // nothing about whether the id exists.
    let (status, error, _) = r
        .post(Some(ID), None, "{\"jws\":\"a.b.c\",\"summary\":{}}".into())
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    let (status, unknown, _) = r
        .post(Some(ID2), None, "{\"jws\":\"a.b.c\",\"summary\":{}}".into())
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error, unknown,
        "the same answer for a known and an unknown id"
    );
    let mut changed = s.clone();
    changed.answers.details.legal_name = "Someone Else".into();
    let tampered = {
        let good = sign(1, &s);
        let forged_payload = sign(1, &changed);
        let parts: Vec<&str> = good.split('.').collect();
        let other: Vec<&str> = forged_payload.split('.').collect();
        format!("{}.{}.{}", parts[0], other[1], parts[2])
    };
    let (status, error, _) = r.post(Some(ID), None, body(&tampered, &changed)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert_eq!(error["error"], "jws_signature");
    assert_eq!(r.count(), 1);
}

#[tokio::test]
async fn error_messages_name_the_problem_never_the_value() {
    let r = receiver();
    for body in [
        r#"{"jws": 19900514, "summary": {}}"#.to_owned(),
        r#"{"jws": "x", "summary": {}, "Ana María Núñez": 1}"#.to_owned(),
        r#"{"jws": "lidocaine allergy"#.to_owned(),
    ] {
        let (status, error, _) = r.post(Some(ID), None, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let text = error.to_string();
        for value in ["19900514", "Ana", "lidocaine"] {
            assert!(!text.contains(value), "{value} echoed in {text}");
        }
        assert!(text.contains("line 1, column"), "where: {text}");
    }
}

/// The file is at the last version before versioned migrations, and every migration
/// is applied.
fn assert_migrated(path: &std::path::Path) {
    let db = rusqlite::Connection::open(path).unwrap();
    let version: i64 = db
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        version,
        candor_receiver::store::sqlite::legacy::LAST_LEGACY_VERSION
    );
    let applied: Vec<i64> = db
        .prepare("SELECT version FROM refinery_schema_history ORDER BY version")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite"))
        .unwrap()
        .count() as i64;
    assert_eq!(
        applied,
        (1..=migrations).collect::<Vec<_>>(),
        "every migration in migrations/sqlite"
    );
    let unlisted: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM submissions WHERE state = 'done' AND (flag_rank IS NULL OR patient_name IS NULL OR review_state IS NULL)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        unlisted, 0,
        "every record from before has its queue listing"
    );
}

#[tokio::test]
async fn a_version_1_database_is_brought_up_to_date_with_its_submissions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.sqlite");
    {
        let db = rusqlite::Connection::open(&path).unwrap();
        db.execute_batch(
            "CREATE TABLE submissions (id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL,
                state TEXT NOT NULL, started_unix_ms INTEGER NOT NULL, response_status INTEGER,
                response_body TEXT, received_at TEXT, jws TEXT, payload TEXT, kid TEXT,
                clinic_id TEXT, profile_version TEXT, protocol_version TEXT, language TEXT,
                invite TEXT);
             CREATE TABLE audit_events (submission_id TEXT NOT NULL REFERENCES submissions (id),
                seq INTEGER NOT NULL, at TEXT NOT NULL, event TEXT NOT NULL, subject TEXT,
                PRIMARY KEY (submission_id, seq));
             CREATE TABLE invites (id TEXT PRIMARY KEY, token_sha256 TEXT NOT NULL UNIQUE,
                kid TEXT, created_at TEXT NOT NULL);
             INSERT INTO submissions VALUES ('old-id', 'f', 'done', 1, 201, '{}', '2026-11-01T10:00:00Z',
                'h.p.s', '{}', 'kid-1', 'c', '1', '1', 'en', NULL);
             INSERT INTO submissions (id, fingerprint, state, started_unix_ms) VALUES ('half', 'f', 'processing', 1);
             INSERT INTO audit_events VALUES ('old-id', 0, '2026-11-01T10:00:00Z', 'received', 'kid-1');",
        )
        .unwrap();
    }
    let store = candor_receiver::store::Store::open(&path, &crate::database::key()).unwrap();
    assert_eq!(store.ids().unwrap(), ["old-id"]);
    assert_eq!(
        store.signed_under("old-id").unwrap(),
        [("kid-1".to_owned(), "h.p.s".to_owned())]
    );
    assert_eq!(store.audit("old-id").unwrap().len(), 1);
    drop(store);
    assert_migrated(&path);
    // Opening again changes nothing.
    let store = candor_receiver::store::Store::open(&path, &crate::database::key()).unwrap();
    assert_eq!(store.count().unwrap(), 1);
}

#[cfg(unix)]
#[tokio::test]
async fn the_database_files_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let r = receiver();
    r.submit(&summary(ID), 1).await;
    let Database::Sqlite(database) = r.state.config.database.clone() else {
        eprintln!("owner-only files: the SQLite backend's concern (PostgreSQL keeps its own)");
        return;
    };
    let mut seen = 0;
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", database.display());
        if let Ok(meta) = std::fs::metadata(&path) {
            seen += 1;
            assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{path}");
        }
    }
    assert!(seen >= 2, "the database and its write-ahead log");
}

#[tokio::test]
async fn oversized_fields_and_bodies_are_refused_and_nothing_is_kept() {
    let r = receiver();
    // A name over the limit, validly signed: refused by its path, never echoed.
    let mut s = summary(ID);
    s.answers.details.legal_name = "Ana ".repeat(1_500);
    let (status, error, _) = r.submit(&s, 1).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert_eq!(error["error"], "summary_content");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("$.answers.details.legal_name"),
        "{message}"
    );
    assert!(!message.contains("Ana"), "{message}");
    // A 700,000-character name makes a body over the limit: refused before reading.
    s.answers.details.legal_name = "A".repeat(700_000);
    let (status, _, _) = r.submit(&s, 1).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.count(), 0);
}

#[tokio::test]
async fn too_many_new_uninvited_submissions_from_one_key_wait_and_retries_do_not_count() {
    let r = receiver_with(|c| {
        c.rate_limits = candor_receiver::rate::RateLimits {
            per_key: 2,
            per_address: 100,
            window: std::time::Duration::from_secs(3600),
        }
    });
    let ids = [
        "0b7a5d1e-3c2f-4a9b-8e6d-1f2a3b4c5d61",
        "0b7a5d1e-3c2f-4a9b-8e6d-1f2a3b4c5d62",
        "0b7a5d1e-3c2f-4a9b-8e6d-1f2a3b4c5d63",
    ];
    for id in &ids[..2] {
        let (status, _, _) = r.submit(&summary(id), 1).await;
        assert_eq!(status, StatusCode::CREATED);
        // Retries while allowance is left: each replays and gives back what it took.
        for _ in 0..3 {
            let (status, _, replayed) = r.submit(&summary(id), 1).await;
            assert_eq!((status, replayed), (StatusCode::CREATED, true));
        }
    }
    // A retry of a stored one, the allowance spent, replays its receipt all the same.
    let (status, _, replayed) = r.submit(&summary(ids[0]), 1).await;
    assert_eq!((status, replayed), (StatusCode::CREATED, true));
    let s = summary(ids[2]);
    let response = candor_receiver::app(r.state.clone())
        .oneshot(
            Request::post("/api/submissions")
                .header("content-type", "application/json")
                .header("idempotency-key", format!("\"{}\"", ids[2]))
                .body(Body::from(body(&sign(1, &s), &s)))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=1800).contains(&wait), "{wait}");
    assert_eq!(r.count(), 2, "nothing kept of the refused one");
    // Another key (another phone) is not held back by this one.
    let (status, _, _) = r.submit(&s, 2).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_receiver_that_requires_invites_refuses_uninvited_submissions() {
    let r = receiver_with(|c| c.require_invite = true);
    let (status, error, _) = r.submit(&summary(ID), 1).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{error}");
    assert_eq!(error["error"], "invite_required");
    assert_eq!(r.count(), 0);
}

#[tokio::test]
async fn opening_an_up_to_date_database_writes_nothing_so_export_never_blocks_the_receiver() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("busy.sqlite");
    drop(candor_receiver::store::Store::open(&path, &crate::database::key()).unwrap());
    // Another process holds the write lock (the running receiver, mid-submission).
    let writer = rusqlite::Connection::open(&path).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = std::time::Instant::now();
    let store = candor_receiver::store::Store::open(&path, &crate::database::key())
        .expect("opens while another writes");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(1),
        "without waiting for the lock"
    );
    assert_eq!(store.count().unwrap(), 0);
    writer.execute_batch("COMMIT").unwrap();
}

#[tokio::test]
async fn a_version_2_database_gains_drafts_kiosks_and_the_kiosk_column_and_keeps_working() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.sqlite");
    {
        let db = rusqlite::Connection::open(&path).unwrap();
        db.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE submissions (id TEXT NOT NULL, kid TEXT NOT NULL, fingerprint TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('processing', 'done')), started_unix_ms INTEGER NOT NULL,
                response_status INTEGER, response_body TEXT, received_at TEXT, jws TEXT, payload TEXT,
                clinic_id TEXT, profile_version TEXT, protocol_version TEXT, language TEXT, invite TEXT,
                PRIMARY KEY (id, kid));
             CREATE TABLE audit_events (submission_id TEXT NOT NULL, kid TEXT NOT NULL, seq INTEGER NOT NULL,
                at TEXT NOT NULL, event TEXT NOT NULL, subject TEXT, PRIMARY KEY (submission_id, kid, seq),
                FOREIGN KEY (submission_id, kid) REFERENCES submissions (id, kid));
             CREATE TABLE invites (id TEXT PRIMARY KEY, token_sha256 TEXT NOT NULL UNIQUE, kid TEXT,
                created_at TEXT NOT NULL);
             INSERT INTO submissions VALUES ('old-id', 'kid-1', 'f', 'done', 1, 201, '{}',
                '2026-11-01T10:00:00Z', 'h.p.s', '{}', 'c', '1', '1', 'en', NULL);
             PRAGMA user_version = 2;",
        )
        .unwrap();
    }
    let r = receiver_with(|c| c.database = Database::Sqlite(path.clone()));
    assert_eq!(r.state.store.ids().unwrap(), ["old-id"]);
    assert_eq!(r.state.store.submission_kiosk("old-id").unwrap(), None);
    let (status, _, _) = r.submit(&summary(ID), 1).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(r.count(), 2);
    let invite = candor_receiver::invite::create(&r.state.store).unwrap();
    r.state
        .store
        .keep_draft(&invite.id, &[0; 40], candor_receiver::now_unix_ms())
        .unwrap();
    assert_eq!(r.state.store.draft_count().unwrap(), 1);
    let code = candor_receiver::kiosk::new_enrolment(&r.state.store, "Tablet").unwrap();
    assert!(!code.is_empty());
    assert_migrated(&path);
}
