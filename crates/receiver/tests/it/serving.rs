//! Serving under pressure: the same security headers on every answer, and slow or
//! idle clients that cannot take the receiver offline (a real listener on loopback).

use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt;

use crate::common;
use common::receiver;

/// Each request's path and the headers of the receiver's answer.
async fn answers(
    r: &common::Receiver,
    requests: impl IntoIterator<Item = Request<Body>>,
) -> Vec<(String, axum::http::HeaderMap)> {
    let mut out = Vec::new();
    for request in requests {
        let path = request.uri().path().to_owned();
        let response = candor_receiver::app(r.state.clone())
            .oneshot(request)
            .await
            .unwrap();
        out.push((path, response.headers().clone()));
    }
    out
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_hsts_when_asked() {
    let mut r = receiver();
    let requests = || {
        [
            Request::get("/no-such-page").body(Body::empty()).unwrap(),
            Request::post("/api/submissions")
                .body(Body::from("{}"))
                .unwrap(),
            Request::options("/api/submissions")
                .header("origin", "https://www.clinic.example")
                .header("access-control-request-method", "POST")
                .body(Body::empty())
                .unwrap(),
            Request::get("/").body(Body::empty()).unwrap(),
        ]
    };
    for (path, h) in answers(&r, requests()).await {
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert!(!h.contains_key("strict-transport-security"), "{path}");
    }
    std::sync::Arc::get_mut(&mut r.state).unwrap().config.hsts = true;
    for (path, h) in answers(&r, requests()).await {
        assert_eq!(
            h["strict-transport-security"], "max-age=63072000; includeSubDomains",
            "{path}"
        );
    }
}

/// Reads what the server sends until it closes the connection (or 3 s pass).
async fn read_until_closed(stream: &mut TcpStream) -> Option<String> {
    let mut text = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(3), stream.read_to_end(&mut text)).await;
    read.ok()
        .map(|_| String::from_utf8_lossy(&text).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_slow_clients_are_closed_and_a_full_house_answers_503() {
    let r = receiver();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let limits = candor_receiver::serve::Limits {
        max_connections: 4,
        per_address: 8,
        header_timeout: Duration::from_millis(300),
        body: candor_receiver::serve::deadline::Pace {
            deadline: Duration::from_millis(300),
            min_rate: 1024,
            grace: Duration::from_millis(200),
        },
    };
    let app = candor_receiver::app(r.state.clone());
    let server = tokio::spawn(candor_receiver::serve::serve(
        listener,
        app,
        limits,
        std::future::pending(),
    ));

    // Four clients hold every connection: three idle, one stalled mid-headers.
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(TcpStream::connect(address).await.unwrap());
    }
    let mut slow = TcpStream::connect(address).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;

    // A fifth is told, at once, to come back.
    let mut fifth = TcpStream::connect(address).await.unwrap();
    let answer = read_until_closed(&mut fifth)
        .await
        .expect("an answer, then close");
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.to_lowercase().contains("retry-after: 2"), "{answer}");
    assert!(answer.contains("nosniff"), "{answer}");

    // The idle and the slow are closed by the header timeout…
    for stream in held.iter_mut().chain(std::iter::once(&mut slow)) {
        assert!(
            read_until_closed(stream).await.is_some(),
            "closed within the timeout"
        );
    }
    // …and the receiver answers everyone again.
    let mut client = TcpStream::connect(address).await.unwrap();
    client
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let answer = read_until_closed(&mut client).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    // A body sent too slowly is cut off by the body timeout.
    let mut dribble = TcpStream::connect(address).await.unwrap();
    dribble
        .write_all(
            b"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{",
        )
        .await
        .unwrap();
    let answer = read_until_closed(&mut dribble).await.expect("cut off");
    assert!(
        answer.is_empty()
            || answer.starts_with("HTTP/1.1 408")
            || answer.starts_with("HTTP/1.1 400"),
        "{answer}"
    );
    server.abort();
}
