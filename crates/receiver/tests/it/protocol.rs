//! Protocol governance on either backend: the receiver serves the clinic's profile by
//! the hash the core computes, a medical director's approval is a passkey assertion
//! over that hash which verifies from what is stored, an edited approval row stops
//! verifying, a version whose protocol test fails cannot be approved, patients keep
//! the approved version while a changed one waits, and a submission under a hash
//! with no approval is stored and flagged. (With a real authenticator and a patient:
//! tests/e2e/protocol.spec.ts.)

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use candor_core::jws::sha256_hex;
use candor_receiver::store::Database;
use candor_receiver::store::staff::{INVITE_VALID_MS, Role, Staff};
use p256::ecdsa::SigningKey;
use serde_json::{Value, json};

use crate::common;
use crate::console_http;
use common::{Receiver, receiver, receiver_with};
use console_http::{ORIGIN, call, get};

use crate::passkey::{CREDENTIAL_ID, assertion, director_key, passkey_json};
use crate::signer;

const DIRECTOR: &str = "00000000-0000-4000-8000-000000000003";

/// The receiver, its profile file (the demo clinic's, as a clinic would edit it)
/// and the folder that holds it.
struct Clinic {
    r: Receiver,
    profile: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

fn demo() -> Value {
    serde_json::from_str(candor_core::profile::DEMO_PROFILE_JSON).unwrap()
}

fn clinic() -> Clinic {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("clinic.json");
    write(&profile, &demo());
    let path = profile.clone();
    Clinic {
        r: receiver_with(move |c| c.profile = Some(path)),
        profile,
        _dir: dir,
    }
}

/// Writes a new version of the profile (its length changes, so the receiver sees it).
fn write(path: &std::path::Path, value: &Value) {
    std::fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
}

/// A director with that passkey, and a provider, signed in; their session ids.
fn staff(r: &Receiver) -> (String, String) {
    let store = &r.state.store;
    let mut sessions = Vec::new();
    for (id, role) in [
        (DIRECTOR, Role::Director),
        ("00000000-0000-4000-8000-000000000002", Role::Provider),
    ] {
        let member = Staff {
            id: id.into(),
            name: if role == Role::Director {
                "Ana Ruiz".into()
            } else {
                "Provider".into()
            },
            role,
            created_at: "2026-12-01T08:00:00Z".into(),
            disabled_at: None,
        };
        let token = format!("token-{id}");
        let now = candor_receiver::now_unix_ms();
        store
            .invite_staff(&member, &token, now + INVITE_VALID_MS)
            .unwrap();
        if role == Role::Director {
            store
                .register_passkey(
                    &token,
                    now,
                    CREDENTIAL_ID,
                    &passkey_json(&director_key()),
                    "2026-12-01T08:01:00Z",
                )
                .unwrap()
                .unwrap();
        }
        let session = format!("session-{id}");
        store
            .start_session(&sha256_hex(session.as_bytes()), id, now)
            .unwrap();
        sessions.push(session);
    }
    (sessions[0].clone(), sessions[1].clone())
}

fn post(path: &str, session: &str, body: Value) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ORIGIN, ORIGIN)
        .header(header::COOKIE, format!("__Host-candor-staff={session}"))
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// The hash patients get now (the `ETag` of `/profile.json` names it, then its
/// approval's when it has one).
async fn served_hash(r: &Receiver) -> String {
    let (status, headers, _) = call(r, get("/profile.json", None)).await;
    assert_eq!(status, StatusCode::OK);
    let etag = headers[header::ETAG].to_str().unwrap().trim_matches('"');
    etag.split('.').next().unwrap().to_owned()
}

/// The approval sent with `/profile.json` (its `Candor-Approval` header), decoded.
async fn approval_header(r: &Receiver) -> Option<Value> {
    let (_, headers, _) = call(r, get("/profile.json", None)).await;
    let value = headers.get("candor-approval")?.to_str().unwrap().to_owned();
    Some(serde_json::from_slice(&URL_SAFE_NO_PAD.decode(value).unwrap()).unwrap())
}

/// The director approves version `hash` with `key`; the answer's status and body.
async fn approve(
    r: &Receiver,
    session: &str,
    hash: &str,
    key: &SigningKey,
) -> (StatusCode, String) {
    let path = format!("/console/api/protocol/{hash}/approve");
    let (status, _, body) = call(
        r,
        post(
            &format!("{path}/options"),
            session,
            json!({"credential": "MD"}),
        ),
    )
    .await;
    if status != StatusCode::OK {
        return (status, body);
    }
    let options: Value = serde_json::from_str(&body).unwrap();
    let (status, _, body) = call(
        r,
        post(
            &path,
            session,
            json!({"ceremony": options["ceremony"], "credential": assertion(&options, key)}),
        ),
    )
    .await;
    (status, body)
}

/// Runs `sql` on the receiver's database directly, as someone with database access.
fn raw_sql(database: &Database, sql: &str) {
    match database {
        Database::Sqlite(path) => {
            rusqlite::Connection::open(path)
                .unwrap()
                .execute_batch(sql)
                .unwrap();
        }
        Database::Postgres(_) => {
            let mut client = crate::database::postgres_client(database);
            let sql = sql.to_owned();
            std::thread::spawn(move || client.batch_execute(&sql).unwrap())
                .join()
                .unwrap();
        }
    }
}

async fn approval_document(r: &Receiver) -> Value {
    let (status, _, body) = call(r, get("/profile-approval.json", None)).await;
    assert_eq!(status, StatusCode::OK);
    serde_json::from_str(&body).unwrap()
}

#[tokio::test]
async fn the_profile_is_served_under_the_hash_the_core_and_the_tool_compute() {
    let c = clinic();
    let text = std::fs::read_to_string(&c.profile).unwrap();
    let core = candor_core::ClinicProfile::from_json(&text).unwrap().sha256;
    assert_eq!(
        core,
        candor_core::ClinicProfile::demo().sha256,
        "indentation does not count"
    );
    assert_eq!(served_hash(&c.r).await, core);
    let (_, headers, body) = call(&c.r, get("/profile.json", None)).await;
    assert_eq!(body, text, "the file as written");
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    // Compressed once, off the request path; sent compressed once ready.
    let mut encoding = None;
    for _ in 0..600 {
        let request = Request::get("/profile.json")
            .header(header::ACCEPT_ENCODING, "gzip, br")
            .body(Body::empty())
            .unwrap();
        let (_, headers, _) = call(&c.r, request).await;
        encoding = headers.get(header::CONTENT_ENCODING).cloned();
        if encoding.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(encoding.unwrap(), "br");
    // A client that takes gzip and not brotli gets gzip, which reads back as the file.
    let request = Request::get("/profile.json")
        .header(header::ACCEPT_ENCODING, "gzip, deflate")
        .body(Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(candor_receiver::app(c.r.state.clone()), request)
        .await
        .unwrap();
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    let mut unzipped = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut unzipped)
        .unwrap();
    assert_eq!(unzipped, text);
    assert!(
        bytes.len() * 4 < text.len(),
        "{} of {}",
        bytes.len(),
        text.len()
    );
    let request = Request::get("/profile.json")
        .header(header::IF_NONE_MATCH, format!("\"{core}\""))
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&c.r, request).await.0, StatusCode::NOT_MODIFIED);
    assert_eq!(
        approval_document(&c.r).await,
        json!({}),
        "nothing approved yet"
    );
    let versions = c.r.state.store.profile_versions().unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].sha256, core);
    assert_eq!(versions[0].lint_errors, 0);
    assert_eq!(versions[0].tests_failed, 0);
    assert!(versions[0].tests_passed > 0);
}

#[tokio::test]
async fn an_approval_verifies_from_what_is_stored_and_an_edited_row_does_not() {
    let c = clinic();
    let (director, provider) = staff(&c.r);
    let hash = served_hash(&c.r).await;
    // Only the director approves, and only with their own passkey.
    let (status, _) = approve(&c.r, &provider, &hash, &director_key()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let stranger = SigningKey::from_slice(&[9; 32]).unwrap();
    let (status, body) = approve(&c.r, &director, &hash, &stranger).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("signature does not verify"), "{body}");
    assert_eq!(approval_document(&c.r).await, json!({}));

    let (_, before, _) = call(&c.r, get("/profile.json", None)).await;
    assert_eq!(approval_header(&c.r).await, None);
    let (status, body) = approve(&c.r, &director, &hash, &director_key()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let published = approval_document(&c.r).await;
    assert_eq!(
        approval_header(&c.r).await,
        Some(published.clone()),
        "sent with the profile"
    );
    let (_, after, _) = call(&c.r, get("/profile.json", None)).await;
    assert_ne!(
        before[header::ETAG],
        after[header::ETAG],
        "a new approval is a new ETag"
    );
    assert_eq!(
        after[header::ACCESS_CONTROL_EXPOSE_HEADERS],
        "candor-approval"
    );
    assert_eq!(published["profile_sha256"], hash.as_str());
    assert_eq!(published["approver"], "Ana Ruiz");
    assert_eq!(published["credential"], "MD");
    let stored = &c.r.state.store.profile_approvals().unwrap()[0];
    assert!(candor_receiver::protocol::check(&c.r.state.store, stored).is_ok());

    // Someone with database access writes another name into the row: the stored
    // assertion no longer signs its statement, so the approval is gone.
    raw_sql(
        &c.r.state.config.database,
        "UPDATE profile_approvals SET approver = 'Dr. Mallory'",
    );
    let forged = &c.r.state.store.profile_approvals().unwrap()[0];
    let why = candor_receiver::protocol::check(&c.r.state.store, forged).unwrap_err();
    assert!(why.contains("signs another statement"), "{why}");
    assert_eq!(approval_document(&c.r).await, json!({}));
    assert_eq!(approval_header(&c.r).await, None);
    // The same for a date moved back, and for a signature copied from elsewhere.
    raw_sql(
        &c.r.state.config.database,
        "UPDATE profile_approvals SET approver = 'Ana Ruiz', approved_at = '2020-01-01T00:00:00Z'",
    );
    assert_eq!(approval_document(&c.r).await, json!({}));
    raw_sql(
        &c.r.state.config.database,
        &format!(
            "UPDATE profile_approvals SET approved_at = '{}'",
            stored.approved_at
        ),
    );
    assert_eq!(
        approval_document(&c.r).await["approver"],
        "Ana Ruiz",
        "restored, it verifies again"
    );
    raw_sql(
        &c.r.state.config.database,
        "UPDATE profile_approvals SET signature = 'MEUCIQ'",
    );
    assert_eq!(approval_document(&c.r).await, json!({}));
}

#[tokio::test]
async fn a_changed_profile_waits_for_approval_and_one_whose_test_fails_cannot_be_approved() {
    let c = clinic();
    let (director, provider) = staff(&c.r);
    let first = served_hash(&c.r).await;
    assert_eq!(
        approve(&c.r, &director, &first, &director_key()).await.0,
        StatusCode::OK
    );

    // A new version whose own protocol test now fails.
    let mut failing = demo();
    failing["protocol"]["tests"][0]["expect"] = json!(["no.such.finding"]);
    write(&c.profile, &failing);
    assert_eq!(
        served_hash(&c.r).await,
        first,
        "patients keep the approved version"
    );
    let versions = c.r.state.store.profile_versions().unwrap();
    let second = versions.last().unwrap();
    assert_ne!(second.sha256, first);
    assert_eq!(second.tests_failed, 1);
    let (status, body) = approve(&c.r, &director, &second.sha256, &director_key()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("1 failing protocol tests"), "{body}");
    let (_, _, page) = call(
        &c.r,
        get(
            &format!("/console/protocol/{}", second.sha256),
            Some(&provider),
        ),
    )
    .await;
    assert!(page.contains("cannot be approved"), "{page}");
    assert!(
        page.contains("protocol.tests"),
        "the report names what changed: {page}"
    );

    // A corrected version with a changed rule: approvable, shown rule by rule.
    let mut changed = demo();
    changed["protocol"]["rules"][0]["provider"] = json!("Changed wording for the provider.");
    write(&c.profile, &changed);
    assert_eq!(served_hash(&c.r).await, first, "still the approved one");
    let third =
        c.r.state
            .store
            .profile_versions()
            .unwrap()
            .last()
            .unwrap()
            .sha256
            .clone();
    let (_, _, page) = call(
        &c.r,
        get(&format!("/console/protocol/{third}"), Some(&director)),
    )
    .await;
    assert!(page.contains("neurotoxin.toxin_allergy"), "{page}");
    assert!(page.contains("Changed wording for the provider."), "{page}");
    assert!(
        page.contains("Approve this version with my passkey"),
        "{page}"
    );
    assert_eq!(
        approve(&c.r, &director, &third, &director_key()).await.0,
        StatusCode::OK
    );
    assert_eq!(
        served_hash(&c.r).await,
        third,
        "approved, it reaches patients"
    );
    assert_eq!(
        approve(&c.r, &director, &third, &director_key()).await.0,
        StatusCode::CONFLICT
    );
}

async fn submit_under(r: &Receiver, profile_sha256: Option<&str>, seed: u8) -> String {
    let mut summary = candor_core::summary::Summary::from_json(
        include_str!("../../../core/tests/fixtures/summary-neurotoxin.json").as_bytes(),
    )
    .unwrap();
    summary.submission_id = format!("00000000-0000-4000-8000-0000000000{seed:02}");
    summary.clinic.profile_sha256 = profile_sha256.map(str::to_owned);
    let jws = signer::sign(seed, &summary.canonical_bytes().unwrap());
    let request = Request::post("/api/submissions")
        .header(header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", summary.submission_id.clone())
        .body(Body::from(
            json!({ "jws": jws, "summary": summary }).to_string(),
        ))
        .unwrap();
    let (status, _, body) = call(r, request).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    summary.submission_id
}

#[tokio::test]
async fn a_submission_under_an_unapproved_hash_is_stored_and_flagged() {
    let c = clinic();
    let (director, _) = staff(&c.r);
    let approved = served_hash(&c.r).await;
    assert_eq!(
        approve(&c.r, &director, &approved, &director_key()).await.0,
        StatusCode::OK
    );
    let fine = submit_under(&c.r, Some(&approved), 11).await;
    let unknown = submit_under(&c.r, Some(&"ab".repeat(32)), 12).await;
    let (_, _, body) = call(&c.r, get("/console/api/queue", Some(&director))).await;
    let queue: Value = serde_json::from_str(&body).unwrap();
    let flag = |id: &str| {
        queue["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .map(|i| i["profile_unapproved"].clone())
            .unwrap()
    };
    assert_eq!(flag(&fine), json!(false));
    assert_eq!(flag(&unknown), json!(true));
    let record = |id: &str| {
        let (kid, _) = c.r.state.store.signed_under(id).unwrap().remove(0);
        format!("{id}/{kid}")
    };
    let (_, _, page) = call(
        &c.r,
        get(
            &format!("/console/submission/{}", record(&unknown)),
            Some(&director),
        ),
    )
    .await;
    assert!(
        page.contains("not approved: no medical director approved this profile version"),
        "{page}"
    );
    let (_, _, page) = call(
        &c.r,
        get(
            &format!("/console/submission/{}", record(&fine)),
            Some(&director),
        ),
    )
    .await;
    assert!(page.contains("approved by Ana Ruiz, MD"), "{page}");
}

#[tokio::test]
async fn without_a_profile_file_patients_get_a_clear_refusal_not_a_broken_form() {
    // This receiver's dist/ has no profile.json and no --profile was given.
    let r = receiver();
    let (status, headers, body) = call(&r, get("/profile.json", None)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert!(
        body.contains("the clinic profile cannot be served now"),
        "{body}"
    );
    assert_eq!(
        call(&r, get("/profile-approval.json", None)).await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
}

/// The vocabulary the widget fetches is the one the receiver lints profiles against:
/// its SHA-256 is the one the served (approved) profile names, it is revalidated on
/// every visit rather than cached for a year, and it arrives compressed.
#[tokio::test]
async fn the_vocabulary_served_is_the_one_the_served_profile_names() {
    let c = clinic();
    let text = std::fs::read_to_string(&c.profile).unwrap();
    let profile = candor_core::ClinicProfile::from_json(&text).unwrap();
    let named = profile
        .vocabulary
        .expect("the demo profile names its vocabulary");
    let (status, headers, body) = call(&c.r, get("/vocabulary.json", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        named.matches(body.as_bytes()),
        "the digest the profile names"
    );
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    assert_eq!(headers[header::ETAG], format!("\"{}\"", named.sha256));
    let request = Request::get("/vocabulary.json")
        .header(header::IF_NONE_MATCH, format!("\"{}\"", named.sha256))
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&c.r, request).await.0, StatusCode::NOT_MODIFIED);
    let mut compressed = None;
    for _ in 0..600 {
        let request = Request::get("/vocabulary.json")
            .header(header::ACCEPT_ENCODING, "gzip")
            .body(Body::empty())
            .unwrap();
        let response = tower::ServiceExt::oneshot(candor_receiver::app(c.r.state.clone()), request)
            .await
            .unwrap();
        if response.headers().get(header::CONTENT_ENCODING).is_some() {
            compressed = Some(
                http_body_util::BodyExt::collect(response.into_body())
                    .await
                    .unwrap()
                    .to_bytes(),
            );
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let compressed = compressed.expect("sent gzip-compressed once ready");
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&compressed[..]),
        &mut unzipped,
    )
    .unwrap();
    assert!(named.matches(&unzipped));
    assert!(compressed.len() * 3 < unzipped.len());
}
