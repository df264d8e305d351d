//! Health data sealed at rest: what names or describes a patient (the summary, the
//! JWS, the name, the treatments, the audit trail's subjects, staff notes, an
//! incident's patient, description, actions and outcome) is nowhere
//! in clear in the database's files, an online backup or a dump, while the console
//! still lists, filters and opens every record; a database from before sealing is
//! sealed in place, resuming after an interrupted start. On either backend.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use candor_core::summary::Summary;
use candor_receiver::Store;
use candor_receiver::store::Database;
use candor_receiver::store::queries::queue::{self, Filter};
use candor_receiver::store::sql::params;
use candor_receiver::store::staff::{ConsoleEvent, Role, Staff};
use serde_json::json;

use crate::console_http::{call, get, signed_in};
use crate::{common, database, signer};

const FIXTURE: &str = include_str!("../../../core/tests/fixtures/summary-neurotoxin.json");

/// What must never be found in clear: every detail the patient typed (name, preferred
/// name, email, phones, emergency contact), answers (a condition, an allergen and its
/// reaction), a finding's text, an audit subject, a provider's note, an incident's
/// patient and description.
const HEALTH_DATA: [&str; 16] = [
    "Zebulon Quixotica",
    "Zebbyprefers",
    "zq.marker@example.org",
    "555 314 1592",
    "Xanthippe Emergencia",
    "Grandaunt-marker",
    "555 010 9988",
    "myasthenia",
    "xylotrenazine",
    "Wheezing-marker",
    "contraindicated",
    "milk protein",
    "esign-disclosure",
    "warfarin discussed",
    "Incidentpatient Marker",
    "Occlusion-marker",
];

/// A staff member's name: not health data, kept in clear; finding it shows the
/// search reads what the database wrote.
const IN_CLEAR: &str = "Quentin Controlmarker";

fn summary(id: &str, name: &str) -> Summary {
    let mut value: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
    let details = &mut value["answers"]["details"];
    details["preferred_name"] = json!("Zebbyprefers");
    details["email"] = json!("zq.marker@example.org");
    details["mobile_phone"] = json!("555 314 1592");
    details["emergency_name"] = json!("Xanthippe Emergencia");
    details["emergency_relationship"] = json!("Grandaunt-marker");
    let allergy = &mut value["answers"]["values"]["allergies"]["value"][0];
    allergy["substance"] = json!("xylotrenazine");
    allergy["reaction"] = json!("Wheezing-marker");
    let mut summary = Summary::from_json(value.to_string().as_bytes()).unwrap();
    summary.submission_id = id.to_owned();
    summary.answers.details.legal_name = name.to_owned();
    summary
}

/// Every byte the database keeps: the SQLite file with its WAL and shared memory, or
/// a PostgreSQL dump.
pub fn everything_stored(database: &Database) -> Vec<u8> {
    match database {
        Database::Sqlite(path) => ["", "-wal", "-shm"]
            .iter()
            .flat_map(|suffix| {
                std::fs::read(format!("{}{suffix}", path.display())).unwrap_or_default()
            })
            .collect(),
        Database::Postgres(url) => pg_dump(url),
    }
}

fn pg_dump(url: &str) -> Vec<u8> {
    let dump = glob_first("/usr/lib/postgresql", "bin/pg_dump").expect("pg_dump is installed");
    let out = std::process::Command::new(dump).arg(url).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn glob_first(dir: &str, tail: &str) -> Option<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| Some(e.ok()?.path().join(tail)))
        .filter(|p| p.exists())
        .collect();
    found.sort();
    found.pop()
}

pub fn found(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

fn assert_sealed(bytes: &[u8], what: &str) {
    for text in HEALTH_DATA {
        assert!(!found(bytes, text), "{text:?} is in clear in {what}");
    }
    assert!(
        found(bytes, IN_CLEAR),
        "the search must find what is kept in clear in {what}"
    );
}

fn staff_in_clear(store: &Store) {
    let staff = Staff {
        id: "00000000-0000-4000-8000-0000000000c1".into(),
        name: IN_CLEAR.into(),
        role: Role::Provider,
        created_at: "2026-12-06T09:00:00Z".into(),
        disabled_at: None,
    };
    store
        .invite_staff(&staff, "hash-control", i64::MAX)
        .unwrap();
}

/// An incident recorded by a provider: its patient and description typed.
fn incident(store: &Store) {
    let provider = Staff {
        id: "00000000-0000-4000-8000-0000000000c2".into(),
        name: "Provider of the incident".into(),
        role: Role::Provider,
        created_at: "2026-12-06T09:00:00Z".into(),
        disabled_at: None,
    };
    store
        .invite_staff(&provider, "hash-incident", i64::MAX)
        .unwrap();
    let draft = candor_receiver::domain::incident::Draft {
        patient: "Incidentpatient Marker".into(),
        provider: "Nurse Lee".into(),
        onset_date: "2026-12-06".into(),
        description: "Occlusion-marker after filler".into(),
        actions: "warfarin discussed".into(),
        ..Default::default()
    };
    candor_receiver::service::incidents::create(store, &provider, &draft, &Default::default(), &[])
        .unwrap();
}

fn note(store: &Store, id: &str) {
    store
        .record_console_event(&ConsoleEvent {
            at: "2026-12-06T09:30:00Z".into(),
            staff_id: None,
            role: Some("provider".into()),
            action: "reviewed".into(),
            submission_id: Some(id.into()),
            submission_kid: None,
            detail: Some(r#"{"note":"warfarin discussed with the patient"}"#.into()),
        })
        .unwrap();
}

#[tokio::test]
async fn health_data_is_nowhere_in_clear_in_the_files_a_backup_or_a_dump() {
    let r = common::receiver();
    let id = "00000000-0000-4000-8000-00000000a7e5";
    let summary = summary(id, "Zebulon Quixotica");
    let jws = signer::sign(3, &summary.canonical_bytes().unwrap());
    let request = Request::post("/api/submissions")
        .header(header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", id)
        .body(Body::from(
            json!({ "jws": jws, "summary": summary }).to_string(),
        ))
        .unwrap();
    assert_eq!(call(&r, request).await.0, StatusCode::CREATED);
    let store = &r.state.store;
    note(store, id);
    incident(store);
    staff_in_clear(store);

    let database = r.state.config.database.clone();
    assert_sealed(&everything_stored(&database), "the database");
    if let Database::Sqlite(path) = &database {
        // An online backup, taken while the receiver has the file open.
        let backup = path.with_file_name("backup.sqlite");
        rusqlite::Connection::open(path)
            .unwrap()
            .execute("VACUUM INTO ?1", [backup.display().to_string()])
            .unwrap();
        assert_sealed(&std::fs::read(&backup).unwrap(), "an online backup");
    }

    // Everything still works for staff: the record, its JWS, the queue, the notes.
    let stored = store.submission(id).unwrap().unwrap();
    assert_eq!(
        stored.jws, jws,
        "the JWS comes back whole (its payload was kept once)"
    );
    assert_eq!(
        stored.payload.as_bytes(),
        summary.canonical_bytes().unwrap()
    );
    let page = store
        .read(|c| {
            queue::page(
                c,
                &Filter {
                    flag_rank: Some(0),
                    review: None,
                },
                None,
                10,
            )
        })
        .unwrap();
    assert_eq!(page.len(), 1, "filtered on the clear rank");
    assert_eq!(page[0].patient_name, "Zebulon Quixotica");
    assert_eq!(page[0].treatments, ["neurotoxin"]);
    let events = store.console_events(Some(id)).unwrap();
    assert_eq!(
        events[0].detail.as_deref(),
        Some(r#"{"note":"warfarin discussed with the patient"}"#)
    );
    let trail = store.audit(id).unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.subject.as_deref() == Some("esign-disclosure"))
    );

    // And in the console, as staff meet it: the filtered queue, the chart, the export.
    let (_, director) = signed_in(&r, Role::Director, 0);
    let items = |body: &str| {
        let queue: serde_json::Value = serde_json::from_str(body).unwrap();
        queue["items"].to_string()
    };
    let (status, _, stops) = call(&r, get("/console/api/queue?flag=stop", Some(&director))).await;
    assert_eq!(status, StatusCode::OK, "{stops}");
    assert!(items(&stops).contains("Zebulon Quixotica"), "{stops}");
    let (_, _, none) = call(&r, get("/console/api/queue?flag=none", Some(&director))).await;
    assert!(
        !items(&none).contains("Zebulon Quixotica"),
        "the filter still applies: {none}"
    );
    let chart = format!("/console/submission/{id}/{}", stored.kid);
    let (status, _, page) = call(&r, get(&chart, Some(&director))).await;
    assert_eq!(status, StatusCode::OK);
    for shown in [
        "Zebulon Quixotica",
        "xylotrenazine",
        "Xanthippe Emergencia",
        "warfarin discussed",
    ] {
        assert!(page.contains(shown), "the chart shows {shown}");
    }
    let (_, _, csv) = call(&r, get("/console/audit.csv", Some(&director))).await;
    assert!(csv.contains("warfarin discussed with the patient"), "{csv}");
}

#[test]
fn a_sealed_value_changed_outside_the_receiver_is_shown_as_such_not_as_data() {
    let dir = tempfile::tempdir().unwrap();
    let database = database::fresh(dir.path(), "changed.sqlite");
    let store = Store::connect(&database, &database::key()).unwrap();
    seed_clear(&Store::connect_unsealed(&database).unwrap(), 1);
    // Sealed on the next start; then someone swaps in text of their own.
    drop(store);
    let store = Store::connect(&database, &database::key()).unwrap();
    store
        .write(|c| {
            c.execute("UPDATE submissions SET patient_name = 'Forged Name'", &[])?;
            Ok(())
        })
        .unwrap();
    let page = store
        .read(|c| queue::page(c, &Filter::default(), None, 10))
        .unwrap();
    assert_eq!(page[0].patient_name, queue::UNOPENED);
}

/// `count` records, an audit subject each and a note each, written in clear as a
/// receiver from before sealing wrote them.
fn seed_clear(store: &Store, count: usize) -> Vec<(String, String, String)> {
    let mut records = Vec::new();
    for n in 0..count {
        let id = format!("00000000-0000-4000-8000-{n:012}");
        let name = format!("Zebulon Quixotica {n}");
        let summary = summary(&id, &name);
        let payload = String::from_utf8(summary.canonical_bytes().unwrap()).unwrap();
        let jws = signer::sign(4, payload.as_bytes());
        records.push((id, payload, jws));
    }
    let rows = records.clone();
    store
        .write(move |c| {
            let kid = candor_core::jws::thumbprint(&signer::key(4).1);
            for (n, (id, payload, jws)) in rows.iter().enumerate() {
                c.execute(
                    "INSERT INTO submissions (id, kid, fingerprint, state, started_unix_ms, response_status, response_body,
                         received_at, jws, payload, clinic_id, profile_version, language, patient_name, treatments,
                         highest_severity, flag_rank, source, review_state)
                     VALUES ($1, $2, $3, 'done', 0, 201, '{}', $4, $5, $6, 'demo', 'v1', 'en', $7, 'neurotoxin', 'stop', 0, 'web', 'escalated')",
                    params![id, &kid, format!("fp{n}"), format!("2026-12-06T08:{:02}:{:02}Z", n / 60, n % 60), jws, payload, format!("Zebulon Quixotica {n}")],
                )?;
                c.execute(
                    "INSERT INTO audit_events (submission_id, kid, seq, at, event, subject) VALUES ($1, $2, 0, 'x', 'disclosure_accepted', 'esign-disclosure')",
                    params![id, &kid],
                )?;
                c.execute(
                    "INSERT INTO console_events (at, action, submission_id, detail) VALUES ('2026-12-06T09:00:00Z', 'reviewed', $1, 'warfarin discussed')",
                    params![id],
                )?;
            }
            Ok(())
        })
        .unwrap();
    records
}

#[test]
fn a_database_from_before_is_sealed_in_place_and_an_interrupted_start_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let database = database::fresh(dir.path(), "before.sqlite");
    let records = {
        let old = Store::connect_unsealed(&database).unwrap();
        staff_in_clear(&old);
        seed_clear(&old, 450)
    };
    assert!(
        found(&everything_stored(&database), "Zebulon Quixotica"),
        "in clear before"
    );

    // Stopped after one batch of 200.
    let (store, progress) = Store::connect_migrating(&database, &database::key(), 1).unwrap();
    assert_eq!((progress.records, progress.complete), (200, false));
    // Sealed and clear records both open meanwhile.
    for (id, payload, _) in [&records[0], &records[449]] {
        assert_eq!(&store.submission(id).unwrap().unwrap().payload, payload);
    }
    drop(store);

    // The next start finishes, then rewrites the tables.
    let (store, progress) =
        Store::connect_migrating(&database, &database::key(), usize::MAX).unwrap();
    assert_eq!(
        (progress.records, progress.events, progress.complete),
        (250, 450, true)
    );
    assert_sealed(&everything_stored(&database), "the migrated database");
    for (id, payload, jws) in &records {
        let stored = store.submission(id).unwrap().unwrap();
        assert_eq!((&stored.payload, &stored.jws), (payload, jws));
    }
    let page = store
        .read(|c| queue::page(c, &Filter::default(), None, 500))
        .unwrap();
    assert_eq!(page.len(), 450);
    assert!(
        page.iter()
            .all(|row| row.patient_name.starts_with("Zebulon Quixotica "))
    );
    assert_eq!(
        store.verify_audit(None).unwrap().unwrap().n,
        450,
        "the old log is chained"
    );
    assert_eq!(
        store.console_events(Some(&records[7].0)).unwrap()[0]
            .detail
            .as_deref(),
        Some("warfarin discussed")
    );
    // Once sealed throughout, a start costs one query and changes nothing.
    drop(store);
    let (_, progress) = Store::connect_migrating(&database, &database::key(), usize::MAX).unwrap();
    assert_eq!(
        (progress.records, progress.events, progress.complete),
        (0, 0, true)
    );
}
