//! Abusive clients are bounded. Slow bodies: hundreds of connections that each send a
//! request's headers and then one body byte every few seconds (from one address, or
//! from hundreds), reconnecting whenever they are cut, leave a patient's submission
//! answered before any slow client could be cut (the
//! grace a slow body gets, two seconds). Sign-in ceremonies: sixty thousand requests for sign-in
//! options are answered `429` with `Retry-After` past an address's allowance and past
//! the cap on ceremonies under way, and what is kept stays bounded.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use candor_receiver::console::{CEREMONIES_PER_ADDRESS, CEREMONY_REFILL_MS, MAX_CEREMONIES};
use candor_receiver::serve::{ClientAddress, Limits};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpSocket;
use tower::ServiceExt;

use crate::common::receiver;
use crate::console_http::ORIGIN;
use crate::{database, process, wire};

/// Slow clients at once.
const SLOW: usize = 512;

/// Opens a connection from `from`, sends headers announcing a large body, then one
/// byte every five seconds; reconnects when cut, until `stop`. Counts the cuts.
async fn drip(port: u16, from: IpAddr, stop: Arc<AtomicBool>, cut: Arc<AtomicUsize>) {
    while !stop.load(Ordering::Relaxed) {
        let socket = TcpSocket::new_v4().unwrap();
        if socket.bind(SocketAddr::new(from, 0)).is_err() {
            return;
        }
        let Ok(mut stream) = socket
            .connect(SocketAddr::from(([127, 0, 0, 1], port)))
            .await
        else {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let head = "POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nIdempotency-Key: \"x\"\r\nContent-Length: 100000\r\n\r\n{";
        if stream.write_all(head.as_bytes()).await.is_err() {
            continue;
        }
        let mut buffer = [0u8; 512];
        loop {
            tokio::select! {
                // An answer, or a close: the receiver cut this one.
                _ = stream.read(&mut buffer) => {
                    cut.fetch_add(1, Ordering::Relaxed);
                    break;
                }
                () = tokio::time::sleep(Duration::from_secs(5)) => {
                    if stream.write_all(b" ").await.is_err() {
                        cut.fetch_add(1, Ordering::Relaxed);
                        break;
                    }
                }
            }
            if stop.load(Ordering::Relaxed) {
                return;
            }
        }
    }
}

/// A patient's submission from 127.0.0.1 while the slow clients drip: its status and
/// how long the answer took.
fn patient(port: u16, n: u32) -> (Option<u16>, Duration) {
    let id = format!("7a0c1e2d-3f4b-4a5c-9d6e-{n:012}");
    let request = wire::submission(port, &id, 60 + n as u8, true);
    let started = Instant::now();
    let status = process::send(port, &request);
    (status, started.elapsed())
}

async fn patients_answered_while(port: u16, from: &[IpAddr], what: &str) {
    let (stop, cut) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicUsize::new(0)),
    );
    let slow: Vec<_> = (0..SLOW)
        .map(|i| tokio::spawn(drip(port, from[i % from.len()], stop.clone(), cut.clone())))
        .collect();
    // Every slow client has connected, and the first have been cut and come back.
    tokio::time::sleep(Duration::from_secs(4)).await;
    for n in 0..3u32 {
        let base = if what == "one address" { 0 } else { 10 };
        let (status, took) = tokio::task::spawn_blocking(move || patient(port, base + n))
            .await
            .unwrap();
        assert_eq!(
            status,
            Some(201),
            "{what}: a patient's submission is stored"
        );
        // The bound is the grace a slow body gets before it is cut: a patient who had
        // to wait for a slow client's slot would wait at least that long. (A bound of
        // one second measured the 2-core machine's load: 1.03 s was seen once in CI
        // with the drip's 512 tasks on the same cores.)
        println!("{what}: patient {n} answered in {took:?}");
        assert!(
            took < Limits::default().body.grace,
            "{what}: answered in {took:?}, not before a slow client could be cut"
        );
        tokio::time::sleep(Duration::from_millis(700)).await;
    }
    stop.store(true, Ordering::Relaxed);
    for task in slow {
        task.abort();
    }
    assert!(
        cut.load(Ordering::Relaxed) >= SLOW,
        "{what}: the slow clients were cut ({:?})",
        cut
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_bodies_from_one_address_or_from_hundreds_leave_a_patient_answered_within_a_second() {
    // The connection loop is the same on either database: SQLite's run proves it.
    if database::postgres_server().is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    process::widget(dir.path());
    let port = process::free_port();
    let _receiver = process::start(
        port,
        dir.path(),
        &database::fresh(dir.path(), "slow.sqlite"),
    );
    let one = [IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2))];
    patients_answered_while(port, &one, "one address").await;
    let many: Vec<IpAddr> = (0..SLOW)
        .map(|i| {
            IpAddr::V4(Ipv4Addr::new(
                127,
                0,
                1 + (i / 250) as u8,
                1 + (i % 250) as u8,
            ))
        })
        .collect();
    patients_answered_while(port, &many, "hundreds of addresses").await;
}

fn options_from(address: IpAddr) -> Request<Body> {
    let mut request = Request::post("/console/api/signin/options")
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    request.extensions_mut().insert(ClientAddress(address));
    request
}

/// The resident set size of this process, in kilobytes (Linux).
fn resident_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_thousand_sign_in_requests_are_answered_429_and_what_is_kept_stays_bounded() {
    let r = receiver();
    let app = candor_receiver::app(r.state.clone());
    let before = resident_kb();
    let started = Instant::now();
    // One address: its allowance, then 429 with Retry-After.
    let one = IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7));
    let (mut ok, mut refused) = (0, 0);
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move {
                let (mut ok, mut refused) = (0, 0);
                for _ in 0..60_000 / 8 {
                    let response = app.clone().oneshot(options_from(one)).await.unwrap();
                    match response.status() {
                        StatusCode::OK => ok += 1,
                        StatusCode::TOO_MANY_REQUESTS => {
                            assert!(response.headers().contains_key(header::RETRY_AFTER));
                            refused += 1;
                        }
                        other => panic!("unexpected {other}"),
                    }
                }
                (ok, refused)
            })
        })
        .collect();
    for task in tasks {
        let (o, f) = task.await.unwrap();
        ok += o;
        refused += f;
    }
    // The allowance, and what refilled while the requests went on.
    let refilled = started.elapsed().as_millis() as usize / CEREMONY_REFILL_MS as usize;
    assert!(
        ok <= CEREMONIES_PER_ADDRESS as usize + refilled + 1,
        "{ok} ceremonies begun from one address in {:?}",
        started.elapsed()
    );
    assert_eq!(ok + refused, 60_000);
    // Many addresses: the cap on ceremonies under way (the same statements on either
    // database; SQLite's run keeps the PostgreSQL suite's time for what differs).
    if database::postgres_server().is_some() {
        return;
    }
    let mut over_cap = 0;
    for i in 0..(MAX_CEREMONIES as u32 + 50) {
        let address = IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + i));
        let response = app.clone().oneshot(options_from(address)).await.unwrap();
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            over_cap += 1;
        }
    }
    assert!(over_cap >= 50, "{over_cap} refused past the cap");
    let kept = r
        .state
        .store
        .read(candor_receiver::store::queries::ceremonies::count)
        .unwrap();
    assert!(kept <= MAX_CEREMONIES as u64, "{kept} ceremonies kept");
    let grown = resident_kb().saturating_sub(before);
    assert!(grown < 64 * 1024, "the process grew by {grown} KB");
}
