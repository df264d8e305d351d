//! Two receivers, one PostgreSQL database: exactly once rests on the database, not on
//! either process. Each submission is sent to both receivers at the same moment, and
//! a sender that gets "in progress" or loses its connection tries the other one; then
//! one receiver is killed mid-burst while the other carries on.
//!
//! Runs when the suite runs on PostgreSQL (`CANDOR_TEST_POSTGRES`, as `./test` sets
//! for its second run); a SQLite file belongs to one receiver.

#![cfg(unix)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::database;
use crate::process;
use crate::wire;

use candor_receiver::store::Store;
use process::{free_port, send, start, widget};

fn id(n: usize) -> String {
    format!("2a2b2c2d-4d5e-4f60-8a7b-{n:012x}")
}

/// Sends `bytes` to the first port, then to the other, until one acknowledges it
/// (`201`, fresh or replayed); every other answer must be a wait (409) or a dead
/// connection, never a server error. Gives up after `tries`.
fn deliver(ports: [u16; 2], bytes: &[u8], tries: usize) -> bool {
    for attempt in 0..tries {
        match send(ports[attempt % 2], bytes) {
            Some(201) => return true,
            Some(409) | None => std::thread::sleep(Duration::from_millis(20)),
            Some(status) => panic!("only a receipt, a wait or a dead connection, never {status}"),
        }
    }
    false
}

#[test]
fn each_submission_sent_to_two_receivers_at_once_is_stored_once() {
    let Some(_) = database::postgres_server() else {
        eprintln!("two receivers share PostgreSQL: set CANDOR_TEST_POSTGRES (./test does)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    widget(dir.path());
    let database = database::fresh(dir.path(), "unused.sqlite");
    let ports = [free_port(), free_port()];
    let _a = start(ports[0], dir.path(), &database);
    let _b = start(ports[1], dir.path(), &database);
    let total = 200;
    let answers = Arc::new(Mutex::new(Vec::new()));
    let senders: Vec<_> = (0..8)
        .map(|w| {
            let answers = answers.clone();
            std::thread::spawn(move || {
                for n in (w..total).step_by(8) {
                    let bytes =
                        Arc::new(wire::submission(ports[0], &id(n), (n % 20 + 1) as u8, true));
                    // The same submission to both receivers at once.
                    let both: Vec<_> = ports
                        .iter()
                        .map(|&port| {
                            let bytes = bytes.clone();
                            std::thread::spawn(move || send(port, &bytes))
                        })
                        .collect();
                    for (k, sent) in both.into_iter().enumerate() {
                        let status = sent.join().unwrap();
                        answers.lock().unwrap().push(status);
                        if status != Some(201) {
                            // A wait: the sender retries across the two.
                            assert!(
                                deliver([ports[1 - k], ports[k]], &bytes, 50),
                                "submission {n} delivered in the end"
                            );
                        }
                    }
                }
            })
        })
        .collect();
    for sender in senders {
        sender.join().unwrap();
    }
    let answers = answers.lock().unwrap();
    for status in answers.iter() {
        assert!(
            matches!(status, Some(201 | 409)),
            "a receipt (new or replayed) or a wait, never {status:?}"
        );
    }
    let replayed_or_waited = answers.len() - total;
    eprintln!(
        "{total} submissions, each to both receivers: {} answers, {} of them 201, {} told to wait",
        answers.len(),
        answers.iter().filter(|s| **s == Some(201)).count(),
        answers.iter().filter(|s| **s == Some(409)).count()
    );
    assert!(replayed_or_waited > 0);
    let store = Store::connect(&database, &database::key()).unwrap();
    let ids = store.ids().unwrap();
    assert_eq!(ids.len(), total, "exactly one record each");
    for n in 0..total {
        assert_eq!(ids.iter().filter(|i| **i == id(n)).count(), 1, "{}", id(n));
        assert_eq!(
            store.audit(&id(n)).unwrap().last().unwrap().event,
            "received"
        );
    }
}

#[test]
fn a_receiver_killed_mid_burst_loses_nothing_it_acknowledged_and_the_other_takes_over() {
    let Some(_) = database::postgres_server() else {
        eprintln!("two receivers share PostgreSQL: set CANDOR_TEST_POSTGRES (./test does)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    widget(dir.path());
    let database = database::fresh(dir.path(), "unused.sqlite");
    let ports = [free_port(), free_port()];
    let mut a = start(ports[0], dir.path(), &database);
    let _b = start(ports[1], dir.path(), &database);
    let total = 400;
    let acknowledged = Arc::new(Mutex::new(vec![false; total]));
    let senders: Vec<_> = (0..16)
        .map(|w| {
            let acknowledged = acknowledged.clone();
            std::thread::spawn(move || {
                for n in (w..total).step_by(16) {
                    let bytes = wire::submission(ports[0], &id(n), (n % 20 + 1) as u8, true);
                    // Receiver A first; when it dies, the sender goes on to B.
                    if deliver(ports, &bytes, 200) {
                        acknowledged.lock().unwrap()[n] = true;
                    }
                }
            })
        })
        .collect();
    // Once the burst is well under way, A dies without warning.
    let since = std::time::Instant::now();
    while acknowledged.lock().unwrap().iter().filter(|a| **a).count() < 50 {
        assert!(
            since.elapsed() < Duration::from_secs(30),
            "the burst got going"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    a.kill();
    let at_kill = acknowledged.lock().unwrap().iter().filter(|a| **a).count();
    eprintln!("receiver A killed with {at_kill} of {total} acknowledged");
    assert!(
        at_kill > 0 && at_kill < total,
        "killed mid-burst, not before or after it"
    );
    for sender in senders {
        sender.join().unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap();
    assert!(
        acknowledged.iter().all(|a| *a),
        "every submission acknowledged by one or the other"
    );
    let store = Store::connect(&database, &database::key()).unwrap();
    let ids = store.ids().unwrap();
    assert_eq!(ids.len(), total, "each stored exactly once");
    for n in 0..total {
        assert_eq!(ids.iter().filter(|i| **i == id(n)).count(), 1, "{}", id(n));
    }
}
