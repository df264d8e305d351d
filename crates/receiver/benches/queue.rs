//! The console at a year's scale: a fresh database seeded with 1,000, 10,000 and
//! 100,000 records (a clinic's year is about the last: 3 % with a stop finding, 10 %
//! with a review finding, most reviewed, a fifth of them with a review in the audit
//! log) and a fifth as many appointments (20,000 at a year), then the queue's first
//! page for a provider (with the records waiting for the medical director), a filtered
//! page, the next page, the front desk's page, one record's chart, a busy day's Today
//! board, one record's audit trail as CSV, the live update (a record stored, then the
//! first page read again, as every open console does on the event) and the whole
//! audit log's export, each timed 40 times (after `ANALYZE`, as PostgreSQL's autovacuum
//! would have run it on a table grown so). Prints p50 and p95 in milliseconds per size,
//! on SQLite and (when `CANDOR_TEST_POSTGRES` names a server, as `./test` sets)
//! PostgreSQL. Figures, not a timed test; but at the largest size every query of every
//! page is planned again by its database, and a page whose plan scans a large table
//! whole fails the run, naming the query (the whole log's export reads every event by
//! definition, and is exempt).
//!
//! `cargo bench -p candor-receiver --bench queue`

use std::time::{Duration, Instant};

use candor_core::summary::Summary;
use candor_receiver::domain::record::RecordKey;
use candor_receiver::service::review::{self, ExportOf};
use candor_receiver::service::{appointments, queue, records};
use candor_receiver::store::places::record_place;
use candor_receiver::store::sql::Value;
use candor_receiver::store::staff::{Role, Staff};
use candor_receiver::store::{Database, Record, Store};

#[path = "scale/plans.rs"]
mod plans;
#[path = "../../core/tests/it/signer.rs"]
mod signer;
#[path = "scale/year.rs"]
mod year;

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

/// A signed record as a widget sends it: summary, JWS, payload and key id.
struct Signed(Summary, String, String, String);

/// The `i`th real record, signed (its chart is timed; later ones are the live update's,
/// signed before the clock starts).
fn signed(i: usize) -> Signed {
    let mut summary = Summary::from_json(FIXTURE.as_bytes()).unwrap();
    summary.submission_id = format!("ffffffff-0000-4000-8000-{i:012}");
    let jws = signer::sign(9, &summary.canonical_bytes().unwrap());
    let payload = String::from_utf8(summary.canonical_bytes().unwrap()).unwrap();
    let kid = candor_core::jws::thumbprint(&signer::key(9).1);
    Signed(summary, jws, payload, kid)
}

/// Stores `signed` as the receiver does; its key.
fn store_signed(store: &Store, Signed(summary, jws, payload, kid): &Signed) -> RecordKey {
    let received_at = candor_receiver::now_rfc3339();
    let record = Record {
        id: &summary.submission_id,
        jws,
        payload,
        kid,
        summary,
        received_at: &received_at,
        kiosk: None,
    };
    store
        .store(
            record.row("fingerprint", 201, "{}"),
            candor_receiver::now_unix_ms(),
        )
        .unwrap();
    RecordKey::new(&summary.submission_id, kid).unwrap()
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
        let records = seeding.elapsed();
        year::reviews(&store, n);
        let reviews = seeding.elapsed() - records;
        year::appointments(&store, n / 5);
        let appointments_took = seeding.elapsed() - records - reviews;
        let key = store_signed(&store, &signed(1));
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
        let director = Staff {
            id: "director-1".into(),
            name: "Director".into(),
            role: Role::Director,
            created_at: String::new(),
            disabled_at: None,
        };
        let trail = ExportOf::Record(key.clone());
        // Twice the runs: the plan check stores some too.
        let incoming: Vec<Signed> = (2..2 + 2 * RUNS + 2).map(signed).collect();
        let fresh = std::cell::Cell::new(0);
        let live = || {
            store_signed(&store, &incoming[fresh.get()]);
            fresh.set(fresh.get() + 1);
            drop(queue::view(&store, Role::Provider, &first).unwrap());
        };
        // A busy day in the middle of the year, with its appointments.
        let busy = year::busy_day(n / 5);
        let busy = busy.as_str();
        assert_eq!(
            appointments::day(&store, None, busy).unwrap().len(),
            55,
            "the day has its appointments"
        );
        let pages: [(&str, &dyn Fn()); 9] = [
            ("queue (provider, first page)", &|| {
                drop(queue::view(&store, Role::Provider, &first).unwrap())
            }),
            ("queue filtered (stop findings)", &|| {
                drop(queue::view(&store, Role::Provider, &stop).unwrap())
            }),
            ("queue, next page", &|| {
                drop(queue::view(&store, Role::Provider, &later).unwrap())
            }),
            ("queue (front desk)", &|| {
                drop(queue::view(&store, Role::FrontDesk, &first).unwrap())
            }),
            ("a chart", &|| drop(records::chart(&store, &key).unwrap())),
            ("Today board (a busy day)", &|| {
                drop(appointments::day(&store, None, busy).unwrap())
            }),
            ("a record's audit trail (CSV)", &|| {
                drop(review::export_csv(&store, &director, &trail).unwrap())
            }),
            ("live update (stored, page again)", &live),
            ("the whole audit log (CSV)", &|| {
                drop(review::export_csv(&store, &director, &ExportOf::All).unwrap())
            }),
        ];
        let figures: Vec<(&str, (f64, f64))> = pages
            .iter()
            .map(|(what, page)| (*what, timed(page)))
            .collect();
        println!(
            "console at {n} records and {} appointments ({backend}; seeded in {:.1} s: records {:.1} s, reviews {:.1} s, appointments {:.1} s):",
            n / 5,
            seeded.as_secs_f64(),
            records.as_secs_f64(),
            reviews.as_secs_f64(),
            appointments_took.as_secs_f64()
        );
        for (what, (p50, p95)) in figures {
            println!("  {what:<34} p50 {p50:6.2} ms   p95 {p95:6.2} ms");
        }
        if n == SIZES[SIZES.len() - 1] {
            let file = match &db {
                Database::Sqlite(path) => Some(path.as_path()),
                Database::Postgres(_) => None,
            };
            plan_check(&store, backend, file, &pages[..pages.len() - 1]);
        }
    }
}

/// Every query of every page run again where its database says how much it read; a
/// query that reads more than `plans::MOST_ROWS` rows fails the run, named.
fn plan_check(
    store: &Store,
    backend: &str,
    file: Option<&std::path::Path>,
    pages: &[(&str, &dyn Fn())],
) {
    let mut heavy = Vec::new();
    let mut queries = 0;
    for (what, page) in pages {
        let (found, ran) = plans::heavy_queries(store, file, page);
        queries += ran;
        heavy.extend(found.into_iter().map(|f| format!("  {what}: {f}")));
    }
    assert!(
        heavy.is_empty(),
        "{backend}: a page reads most of a table:\n{}",
        heavy.join("\n")
    );
    println!(
        "  rows read ({backend}): none of the {queries} queries of these pages reads more than {} rows (measured by the database); the whole log's export reads every event, as an export must",
        plans::MOST_ROWS
    );
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
