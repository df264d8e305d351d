//! Load benchmark of the reference receiver: the release binary on loopback with a
//! fresh database (durable commits: SQLite, then PostgreSQL when `CANDOR_TEST_POSTGRES`
//! names a server, as `./test` does), fed distinct, validly signed summaries over
//! keep-alive HTTP/1.1 connections, while a second client loads the widget's page.
//! Prints verified submissions per second, their p50 and p99 latency, and the page's
//! latency idle and under load. Bounded: at most `CANDOR_LOAD_COUNT` submissions
//! (default 6,000) and 20 seconds per run. Figures, not a pass/fail test.
//!
//! `cargo bench -p candor-receiver --bench load`; `CANDOR_LOAD_RECEIVER=PATH` runs
//! another build of the receiver (to compare two, alternating, in one quiet window).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[path = "../../core/tests/it/signer.rs"]
mod signer;
#[path = "../tests/it/wire.rs"]
mod wire;

const LIMIT: Duration = Duration::from_secs(20);

/// One request on a keep-alive connection: the status and the time to the whole answer.
fn exchange(
    stream: &mut TcpStream,
    request: &[u8],
    buffer: &mut Vec<u8>,
) -> Option<(u16, Duration)> {
    let start = Instant::now();
    stream.write_all(request).ok()?;
    buffer.clear();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
        let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = std::str::from_utf8(&buffer[..end]).ok()?;
        let length: usize = head
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse().ok())?
            })
            .unwrap_or(0);
        if buffer.len() >= end + 4 + length {
            let status = head.get(9..12)?.parse().ok()?;
            return Some((status, start.elapsed()));
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn submission_request(port: u16, n: usize) -> Vec<u8> {
    // Distinct keys as distinct phones sign; a few hundred keep the signing quick.
    let id = format!("6b1f0c2e-8d3a-4f5b-9c7d-{n:012x}");
    wire::submission(port, &id, (n % 200 + 1) as u8, false)
}

struct Run {
    stored: usize,
    refused: usize,
    seconds: f64,
    latencies: Vec<Duration>,
    page: Vec<Duration>,
}

fn run(port: u16, requests: &Arc<Vec<Vec<u8>>>, connections: usize) -> Run {
    let next = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + LIMIT;
    let started = Instant::now();
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let prober = {
        let done = done.clone();
        std::thread::spawn(move || {
            let page = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").into_bytes();
            let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            stream.set_nodelay(true).ok();
            let mut buffer = Vec::new();
            let mut seen = Vec::new();
            while !done.load(Ordering::Relaxed) {
                if let Some((_, took)) = exchange(&mut stream, &page, &mut buffer) {
                    seen.push(took);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            seen
        })
    };
    let workers: Vec<_> = (0..connections)
        .map(|_| {
            let (next, requests) = (next.clone(), requests.clone());
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
                stream.set_nodelay(true).ok();
                let mut buffer = Vec::new();
                let (mut stored, mut refused, mut latencies) = (0, 0, Vec::new());
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= requests.len() || Instant::now() > deadline {
                        break;
                    }
                    match exchange(&mut stream, &requests[i], &mut buffer) {
                        Some((201, took)) => {
                            stored += 1;
                            latencies.push(took);
                        }
                        _ => refused += 1,
                    }
                }
                (stored, refused, latencies)
            })
        })
        .collect();
    let mut result = Run {
        stored: 0,
        refused: 0,
        seconds: 0.0,
        latencies: Vec::new(),
        page: Vec::new(),
    };
    for worker in workers {
        let (stored, refused, latencies) = worker.join().expect("worker");
        result.stored += stored;
        result.refused += refused;
        result.latencies.extend(latencies);
    }
    result.seconds = started.elapsed().as_secs_f64();
    done.store(true, Ordering::Relaxed);
    result.page = prober.join().expect("prober");
    result.latencies.sort();
    result.page.sort();
    result
}

/// `n` loads of the widget's page, one after another, sorted by latency.
fn page_latency(port: u16, n: usize) -> Vec<Duration> {
    let page = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").into_bytes();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_nodelay(true).ok();
    let mut buffer = Vec::new();
    let mut seen: Vec<Duration> = (0..n)
        .filter_map(|_| exchange(&mut stream, &page, &mut buffer).map(|(_, took)| took))
        .collect();
    seen.sort();
    seen
}

/// A fresh database on the PostgreSQL server `server` (the receiver migrates it).
fn fresh_postgres(server: &str) -> String {
    let name = format!("candor_load_{}", std::process::id());
    let mut admin = postgres::Client::connect(&format!("{server}/postgres"), postgres::NoTls)
        .expect("the PostgreSQL server answers");
    for statement in [
        format!("DROP DATABASE IF EXISTS {name}"),
        format!("CREATE DATABASE {name}"),
    ] {
        admin.batch_execute(&statement).expect("a fresh database");
    }
    format!("{server}/{name}")
}

fn main() {
    let count: usize = std::env::var("CANDOR_LOAD_COUNT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).expect("dist");
    let page = std::fs::read("dist/index.html")
        .or_else(|_| std::fs::read("../../dist/index.html"))
        .unwrap_or_else(|_| b"<!doctype html><title>Candor</title><p>widget".to_vec());
    std::fs::write(dist.join("index.html"), page).expect("index");
    let sqlite = dir.path().join("load.sqlite").display().to_string();
    bench("SQLite", &sqlite, &dist, count);
    // The second backend when the test run has a PostgreSQL server (./test starts one).
    match std::env::var("CANDOR_TEST_POSTGRES") {
        Ok(server) if !server.is_empty() => {
            let url = fresh_postgres(server.trim_end_matches('/'));
            bench("PostgreSQL", &url, &dist, count);
        }
        _ => println!("receiver load (PostgreSQL): skipped, CANDOR_TEST_POSTGRES is not set"),
    }
}

/// Starts the receiver on `database`, sends it `count` distinct signed summaries over
/// 32 connections while loading the widget's page, and prints the figures.
fn bench(backend: &str, database: &str, dist: &std::path::Path, count: usize) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let binary = std::env::var_os("CANDOR_LOAD_RECEIVER")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_candor-receiver").into());
    let mut receiver = std::process::Command::new(binary)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--dist")
        .arg(dist)
        .args(["--db", database])
        // The key that seals health data: made by the receiver beside the widget.
        .arg("--key-file")
        .arg(dist.with_file_name(format!("load-{}.key", backend.to_lowercase())))
        .args(["--max-connections", "512"])
        // Every request comes from one address and a few hundred keys: lift the limits
        // meant for anonymous phones so the benchmark measures storing, not refusing.
        .args(["--rate-per-key", "1000000", "--rate-per-address", "1000000"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("receiver");
    let ready = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            ready.elapsed() < Duration::from_secs(10),
            "the receiver did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let signing = Instant::now();
    let requests = Arc::new(
        (0..count)
            .map(|n| submission_request(port, n))
            .collect::<Vec<_>>(),
    );
    println!(
        "receiver load ({backend}): {count} distinct signed summaries prepared in {:.1} s",
        signing.elapsed().as_secs_f64()
    );
    let idle = page_latency(port, 50);
    println!(
        "widget page, idle: p50 {:.1} ms, p99 {:.1} ms",
        percentile(&idle, 0.5),
        percentile(&idle, 0.99)
    );
    {
        let connections = 32;
        let r = run(port, &requests, connections);
        println!(
            "receiver load ({backend}, durable commits, {connections} connections): {} stored in {:.2} s = {:.0} verified submissions/s; latency p50 {:.1} ms, p99 {:.1} ms; {} refused",
            r.stored,
            r.seconds,
            r.stored as f64 / r.seconds,
            percentile(&r.latencies, 0.5),
            percentile(&r.latencies, 0.99),
            r.refused
        );
        println!(
            "widget page under that load: p50 {:.1} ms, p99 {:.1} ms ({} loads)",
            percentile(&r.page, 0.5),
            percentile(&r.page, 0.99),
            r.page.len()
        );
    }
    let _ = receiver.kill();
    let _ = receiver.wait();
}
