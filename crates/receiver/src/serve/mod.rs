//! Serving connections so that slow, idle or greedy clients cannot take the receiver
//! offline: a cap on open connections and a smaller one per client address (beyond
//! either, a short `503` with `Retry-After`, then the connection is closed), a time
//! limit on reading each request's headers (which also ends an idle keep-alive
//! connection), and a paced body (see [`deadline`]): the whole body within a deadline
//! counted from its headers, at a minimum average rate once it has had time to start.
//!
//! `axum::serve` has none of these; this is its loop with them, over hyper's HTTP/1
//! connection builder.

pub mod deadline;

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// The address a request came from, as a request extension, and as an extractor (a
/// request handed to the routes directly, as the tests do, has none: it counts as
/// coming from the loopback address).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<ClientAddress>()
            .copied()
            .unwrap_or(ClientAddress(IpAddr::from([127, 0, 0, 1]))))
    }
}

/// How much of the machine one client may hold.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Open connections at most (each holds a file descriptor: the operating system's
    /// limit must allow them, `ulimit -n`).
    pub max_connections: usize,
    /// Open connections at most from one client address (a waiting room behind one
    /// address needs a few; one address cannot hold the receiver).
    pub per_address: usize,
    /// To send a request's headers, or to start the next request on a kept-alive
    /// connection.
    pub header_timeout: Duration,
    /// The pace a request's body must keep, from its headers (see [`deadline`]).
    pub body: deadline::Pace,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 2048,
            per_address: 64,
            header_timeout: Duration::from_secs(10),
            body: deadline::Pace {
                deadline: Duration::from_secs(20),
                min_rate: 1024,
                grace: Duration::from_secs(2),
            },
        }
    }
}

/// Open connections by client address.
#[derive(Default)]
struct PerAddress(Mutex<HashMap<IpAddr, usize>>);

impl PerAddress {
    /// Counts one more from `address`, unless it has `limit` open already.
    fn admit(&self, address: IpAddr, limit: usize) -> bool {
        let mut open = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let count = open.entry(address).or_insert(0);
        if *count >= limit {
            return false;
        }
        *count += 1;
        true
    }

    /// One fewer from `address`.
    fn leave(&self, address: IpAddr) {
        let mut open = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(count) = open.get_mut(&address) {
            *count -= 1;
            if *count == 0 {
                open.remove(&address);
            }
        }
    }
}

/// What a client over the cap is told before its connection is closed.
const BUSY_BODY: &str =
    r#"{"error":"busy","message":"the receiver is busy; try again in 2 seconds"}"#;

fn busy_answer() -> Vec<u8> {
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 2\r\n\
         cache-control: no-store\r\nx-content-type-options: nosniff\r\nreferrer-policy: no-referrer\r\n\
         content-security-policy: default-src 'none'; frame-ancestors 'none'\r\n\
         connection: close\r\ncontent-length: {}\r\n\r\n{BUSY_BODY}",
        BUSY_BODY.len()
    )
    .into_bytes()
}

/// Serves `app` on `listener` within `limits` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let per_address = Arc::new(PerAddress::default());
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => return,
        };
        let Ok((mut stream, peer)) = accepted else {
            // Out of descriptors, or a connection reset before it was accepted:
            // breathe, then go on accepting.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let admitted = permits
            .clone()
            .try_acquire_owned()
            .ok()
            .filter(|_| per_address.admit(peer.ip(), limits.per_address));
        let Some(permit) = admitted else {
            tokio::spawn(async move {
                let answer = busy_answer();
                let _ =
                    tokio::time::timeout(Duration::from_secs(1), stream.write_all(&answer)).await;
                let _ = stream.shutdown().await;
            });
            continue;
        };
        // Answers go out as soon as they are written: without this, a response written
        // in two parts (head, then body) waits for the client's delayed ACK (40 ms).
        let _ = stream.set_nodelay(true);
        // Each request knows the address it came from (for the rate limits).
        let app = app.clone();
        // …and its body keeps the pace, counted from its headers.
        let service = TowerToHyperService::new(tower::service_fn(
            move |request: axum::http::Request<hyper::body::Incoming>| {
                let mut request = request.map(|body| {
                    axum::body::Body::new(deadline::Paced::new(
                        axum::body::Body::new(body),
                        limits.body,
                    ))
                });
                request.extensions_mut().insert(ClientAddress(peer.ip()));
                tower::ServiceExt::oneshot(app.clone(), request)
            },
        ));
        let per_address = Arc::clone(&per_address);
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .keep_alive(true);
            let _ = builder
                .serve_connection(TokioIo::new(stream), service)
                .await;
            per_address.leave(peer.ip());
            drop(permit);
        });
    }
}

/// How many files this process may open (the soft limit, read on Linux from
/// `/proc/self/limits`); `None` elsewhere.
pub fn open_files_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// The connection cap that leaves the process room for its other files (the
/// database, the widget's assets, logs): at most the limit less 128.
pub fn connection_room(wanted: usize) -> usize {
    match open_files_limit() {
        Some(limit) => wanted.min(limit.saturating_sub(128)).max(16),
        None => wanted,
    }
}
