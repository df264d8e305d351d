//! Session ids never reach a log: the receiver's binary on loopback, a member's
//! session used for every kind of console request, and its standard error searched
//! for the id afterwards.

#![cfg(unix)]

use std::io::{Read, Write};
use std::net::TcpStream;

use crate::database;
use crate::process;

use candor_core::jws::sha256_hex;
use candor_receiver::store::Store;
use candor_receiver::store::staff::{INVITE_VALID_MS, Role, Staff};
use process::{free_port, start_logging, widget};

fn request(port: u16, text: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(text.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

#[test]
fn no_session_id_is_written_to_the_receivers_log() {
    let dir = tempfile::tempdir().unwrap();
    widget(dir.path());
    let database = database::fresh(dir.path(), "logs.sqlite");
    let port = free_port();
    let id = "a-session-id-that-must-never-be-logged-7f3c9e";
    {
        let store = Store::connect(&database, &database::key()).unwrap();
        let staff = Staff {
            id: "00000000-0000-4000-8000-00000000000a".into(),
            name: "Dr. Log".into(),
            role: Role::Director,
            created_at: "2027-01-15T08:00:00Z".into(),
            disabled_at: None,
        };
        store
            .invite_staff(
                &staff,
                "hash",
                candor_receiver::now_unix_ms() + INVITE_VALID_MS,
            )
            .unwrap();
        store
            .start_session(
                &sha256_hex(id.as_bytes()),
                &staff.id,
                candor_receiver::now_unix_ms(),
            )
            .unwrap();
    }
    let log = dir.path().join("receiver.log");
    let mut receiver = start_logging(
        port,
        dir.path(),
        &database,
        std::fs::File::create(&log).unwrap(),
    );
    let cookie = format!("Cookie: __Host-candor-staff={id}\r\n");
    let origin = format!("Origin: http://localhost:{port}\r\n");
    let answers = [
        request(
            port,
            &format!("GET /console HTTP/1.1\r\nHost: x\r\n{cookie}Connection: close\r\n\r\n"),
        ),
        request(
            port,
            &format!(
                "GET /console/api/queue HTTP/1.1\r\nHost: x\r\n{cookie}Connection: close\r\n\r\n"
            ),
        ),
        request(
            port,
            &format!(
                "GET /console/submission/nope HTTP/1.1\r\nHost: x\r\n{cookie}Connection: close\r\n\r\n"
            ),
        ),
        request(
            port,
            &format!(
                "POST /console/api/signout HTTP/1.1\r\nHost: x\r\n{cookie}{origin}Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
            ),
        ),
    ];
    assert!(answers[1].starts_with("HTTP/1.1 200"), "{}", answers[1]);
    assert!(answers[3].starts_with("HTTP/1.1 204"), "{}", answers[3]);
    receiver.kill();
    let written = std::fs::read_to_string(&log).unwrap();
    assert!(
        written.contains("candor-receiver: serving"),
        "the log was captured: {written}"
    );
    assert!(
        !written.contains(id),
        "the session id is in the log: {written}"
    );
    for answer in &answers {
        let body = answer.split("\r\n\r\n").nth(1).unwrap_or("");
        assert!(!body.contains(id), "no answer repeats the session id");
    }
}
