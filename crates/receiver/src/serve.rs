//! Serving connections so that slow or idle clients cannot take the receiver offline:
//! a cap on open connections (beyond it, a short `503` with `Retry-After`, then the
//! connection is closed), a time limit on reading each request's headers (which also
//! ends an idle keep-alive connection), and one on reading its body.
//!
//! `axum::serve` has none of these; this is its loop with them, over hyper's HTTP/1
//! connection builder.

use std::sync::Arc;
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
pub struct ClientAddress(pub std::net::IpAddr);

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
            .unwrap_or(ClientAddress(std::net::IpAddr::from([127, 0, 0, 1]))))
    }
}

/// How much of the machine one client may hold.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Open connections at most; well under the usual 1,024 file descriptors.
    pub max_connections: usize,
    /// To send a request's headers, or to start the next request on a kept-alive
    /// connection.
    pub header_timeout: Duration,
    /// To send a request's body.
    pub body_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 512,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
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
    let app = app.layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
        limits.body_timeout,
    ));
    let permits = Arc::new(Semaphore::new(limits.max_connections));
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
        let Ok(permit) = permits.clone().try_acquire_owned() else {
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
        let service = TowerToHyperService::new(tower::service_fn(
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ClientAddress(peer.ip()));
                tower::ServiceExt::oneshot(app.clone(), request)
            },
        ));
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .keep_alive(true);
            let _ = builder
                .serve_connection(TokioIo::new(stream), service)
                .await;
            drop(permit);
        });
    }
}
