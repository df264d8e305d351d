//! The console's queue at a year's scale: a fresh database seeded with 1,000, 10,000
//! and 100,000 records (a clinic's year is about the last: 3 % with a stop finding,
//! 10 % with a review finding, most reviewed, a fifth of them with a review in the
//! audit log), then the queue's first page for a provider (with the records waiting
//! for the medical director), a filtered page, the next page, the front desk's page
//! and one record's chart, each timed 40 times (after `ANALYZE`, as PostgreSQL's
//! autovacuum would have run it on a table grown so). Prints p50 and p95 in milliseconds per
//! size, on SQLite and (when `CANDOR_TEST_POSTGRES` names a server, as `./test` sets)
//! PostgreSQL. Figures, not a pass/fail test: a page's cost must not grow with the
//! records stored.
//!
//! `cargo bench -p candor-receiver --bench queue`

use std::time::{Duration, Instant};

use candor_core::summary::Summary;
use candor_receiver::domain::record::RecordKey;
use candor_receiver::service::{queue, records};
use candor_receiver::store::places::record_place;
use candor_receiver::store::sql::Value;
use candor_receiver::store::staff::Role;
use candor_receiver::store::{Database, Record, Store};

#[path = "../../core/tests/it/signer.rs"]
mod signer;

const FIXTURE: &str = include_str!("../../core/tests/fixtures/summary-neurotoxin.json");
const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const RUNS: usize = 40;
/// Rows written by one statement while seeding.
const ROWS: usize = 500;

/// `n` records, as a busy clinic's year would leave them.
fn seed(store: &Store, n: usize) {
    let mut start = 0;
    while start < n {
        let end = (start + 5_000).min(n);
        store
            .write(move |tx| {
                let mut at = start;
                while at < end {
                    let upto = (at + ROWS).min(end);
                    let mut sql = String::from(
                        "INSERT INTO submissions (id, kid, fingerprint, state, started_unix_ms, received_at, clinic_id,
                             patient_name, treatments, highest_severity, flag_rank, source, review_state) VALUES ",
                    );
                    let mut values = Vec::new();
                    for i in at..upto {
                        let p = values.len();
                        if i > at {
                            sql.push_str(", ");
                        }
                        sql.push_str(&format!(
                            "(${}, ${}, 'f', 'done', 0, ${}, 'lumen-demo', ${}, ${}, ${}, ${}, 'web', ${})",
                            p + 1, p + 2, p + 3, p + 4, p + 5, p + 6, p + 7, p + 8
                        ));
                        let (severity, rank, review) = match i % 100 {
                            0..=2 => (Some("stop"), 0, if i % 7 == 0 { "escalated" } else { "decided:proceed" }),
                            3..=12 => (Some("review"), 1, "reviewed"),
                            13..=40 => (Some("caution"), 2, "reviewed"),
                            _ => (None, 4, if i % 5 == 0 { "to_review" } else { "reviewed" }),
                        };
                        // A year, oldest first: one every five minutes.
                        let seconds = 1_735_689_600 + (i as i64) * 300;
                        // Sealed as the receiver seals them, so a page opens real values.
                        let (id, kid) = (format!("{i:08x}-0000-4000-8000-000000000000"), format!("{:043}", i));
                        let name = tx.seal(&record_place("submissions.patient_name", &id, &kid), &format!("Patient {i}"))?;
                        let treatments = tx.seal(&record_place("submissions.treatments", &id, &kid), "neurotoxin")?;
                        values.extend([
                            Value::from(id),
                            Value::from(kid),
                            Value::from(candor_core::summary::Timestamp { unix_ms: seconds * 1000, offset_minutes: 0 }.rfc3339()),
                            Value::from(name),
                            Value::from(treatments),
                            Value::from(severity),
                            Value::Int(rank),
                            Value::from(review),
                        ]);
                    }
                    tx.execute(&sql, &values)?;
                    at = upto;
                }
                Ok(())
            })
            .expect("seeded");
        start = end;
    }
}

/// One real record (its chart is timed).
fn real_record(store: &Store) -> RecordKey {
    let mut summary = Summary::from_json(FIXTURE.as_bytes()).unwrap();
    summary.submission_id = "ffffffff-0000-4000-8000-000000000001".into();
    let jws = signer::sign(9, &summary.canonical_bytes().unwrap());
    let payload = String::from_utf8(summary.canonical_bytes().unwrap()).unwrap();
    let kid = candor_core::jws::thumbprint(&signer::key(9).1);
    let received_at = candor_receiver::now_rfc3339();
    let record = Record {
        id: &summary.submission_id,
        jws: &jws,
        payload: &payload,
        kid: &kid,
        summary: &summary,
        received_at: &received_at,
        kiosk: None,
    };
    store
        .store(
            record.row("fingerprint", 201, "{}"),
            candor_receiver::now_unix_ms(),
        )
        .unwrap();
    RecordKey::new(&summary.submission_id, &kid).unwrap()
}

fn timed(mut f: impl FnMut()) -> (f64, f64) {
    let mut runs: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    runs.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(runs[RUNS / 2]), ms(runs[RUNS * 95 / 100]))
}

fn bench(backend: &str, database: &dyn Fn(usize) -> Database) {
    for n in SIZES {
        let db = database(n);
        let key = candor_receiver::keys::LocalKey::new([0x5a; 32]);
        let store = Store::connect(&db, &key).expect("the database opens");
        let seeding = Instant::now();
        seed(&store, n);
        let key = real_record(&store);
        // As PostgreSQL's autovacuum does after a table grows (and SQLite's planner
        // reads the same statistics): the planner knows the table it plans for.
        store.read(|c| c.execute("ANALYZE", &[])).expect("analysed");
        let seeded = seeding.elapsed();
        let first = queue::Request::default();
        let page = queue::view(&store, Role::Provider, &first).unwrap();
        // The names are sealed: a page that does not open them measures nothing real.
        assert!(
            page.items
                .iter()
                .filter(|i| i.name.starts_with("Patient "))
                .count()
                >= 40,
            "the seeded names open"
        );
        let next = page.next;
        let stop = queue::Request {
            flag: Some("stop".into()),
            ..queue::Request::default()
        };
        let later = queue::Request {
            after: next,
            ..queue::Request::default()
        };
        let figures = [
            (
                "queue (provider, first page)",
                timed(|| drop(queue::view(&store, Role::Provider, &first).unwrap())),
            ),
            (
                "queue filtered (stop findings)",
                timed(|| drop(queue::view(&store, Role::Provider, &stop).unwrap())),
            ),
            (
                "queue, next page",
                timed(|| drop(queue::view(&store, Role::Provider, &later).unwrap())),
            ),
            (
                "queue (front desk)",
                timed(|| drop(queue::view(&store, Role::FrontDesk, &first).unwrap())),
            ),
            (
                "a chart",
                timed(|| drop(records::chart(&store, &key).unwrap())),
            ),
        ];
        println!(
            "console at {n} records ({backend}; seeded in {:.1} s):",
            seeded.as_secs_f64()
        );
        for (what, (p50, p95)) in figures {
            println!("  {what:<32} p50 {p50:6.2} ms   p95 {p95:6.2} ms");
        }
    }
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().to_owned();
    bench("SQLite", &|n| {
        Database::Sqlite(path.join(format!("queue-{n}.sqlite")))
    });
    match std::env::var("CANDOR_TEST_POSTGRES")
        .ok()
        .filter(|u| !u.is_empty())
    {
        Some(server) => {
            let server = server.trim_end_matches('/').to_owned();
            bench("PostgreSQL", &move |n| {
                let name = format!("candor_queue_bench_{n}_{}", std::process::id());
                let (admin, made) = (format!("{server}/postgres"), name.clone());
                std::thread::spawn(move || {
                    let mut client = postgres::Client::connect(&admin, postgres::NoTls)
                        .expect("the server answers");
                    for statement in [
                        format!("DROP DATABASE IF EXISTS {made}"),
                        format!("CREATE DATABASE {made}"),
                    ] {
                        client.batch_execute(&statement).expect("a fresh database");
                    }
                })
                .join()
                .unwrap();
                Database::Postgres(format!("{server}/{name}"))
            });
        }
        None => println!("console at scale (PostgreSQL): skipped, CANDOR_TEST_POSTGRES is not set"),
    }
}
