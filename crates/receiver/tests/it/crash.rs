//! Group commit keeps the receiver's promise: a submission answered `201` is stored,
//! even when the process is killed (`SIGKILL`) in the middle of a burst. The real
//! binary on loopback, its database on disk, killed three times while 16 connections
//! send distinct signed summaries; after each restart every acknowledged submission is
//! there, exactly once, and the senders' retries of the rest are stored once too. On
//! either backend (see `database`).

#![cfg(unix)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::wire;

use crate::database;
use crate::process;

use candor_receiver::store::Store;
use process::{free_port, send, start, widget};

fn request(port: u16, n: usize) -> Vec<u8> {
    let id = format!("0c1a2b3c-4d5e-4f60-8a7b-{n:012x}");
    wire::submission(port, &id, (n % 50 + 1) as u8, true)
}

#[test]
fn nothing_acknowledged_is_lost_when_the_receiver_is_killed_mid_burst() {
    let dir = tempfile::tempdir().unwrap();
    widget(dir.path());
    let port = free_port();
    let database = database::fresh(dir.path(), "crash.sqlite");
    let total = 600;
    let requests: Arc<Vec<Vec<u8>>> = Arc::new((0..total).map(|n| request(port, n)).collect());
    let acknowledged = Arc::new(Mutex::new(vec![false; total]));
    for round in 0..3 {
        let mut receiver = start(port, dir.path(), &database);
        let workers: Vec<_> = (0..16)
            .map(|w| {
                let (requests, acknowledged) = (requests.clone(), acknowledged.clone());
                std::thread::spawn(move || {
                    for n in (w..total).step_by(16) {
                        if acknowledged.lock().unwrap()[n] {
                            continue;
                        }
                        match send(port, &requests[n]) {
                            Some(201 | 200) => acknowledged.lock().unwrap()[n] = true,
                            Some(status) => assert!(
                                status == 409 || status == 503,
                                "only a wait or a retry, never {status}"
                            ),
                            None => return,
                        }
                    }
                })
            })
            .collect();
        // Let the burst get going, then kill without warning.
        std::thread::sleep(Duration::from_millis(150 + 100 * round));
        receiver.kill();
        for worker in workers {
            worker.join().unwrap();
        }
        let acked: Vec<usize> = (0..total)
            .filter(|&n| acknowledged.lock().unwrap()[n])
            .collect();
        let store = Store::connect(&database, &database::key()).unwrap();
        let ids = store.ids().unwrap();
        for n in &acked {
            let id = format!("0c1a2b3c-4d5e-4f60-8a7b-{n:012x}");
            assert_eq!(
                ids.iter().filter(|i| **i == id).count(),
                1,
                "round {round}: acknowledged {id} is stored exactly once"
            );
        }
        assert!(ids.len() >= acked.len());
        eprintln!(
            "round {round}: {} of {total} acknowledged so far, {} stored",
            acked.len(),
            ids.len()
        );
        assert!(acked.len() < total, "killed mid-burst, not after it");
    }
    // Afterwards the senders retry what was never acknowledged: all of it, once each.
    let mut receiver = start(port, dir.path(), &database);
    for n in 0..total {
        if !acknowledged.lock().unwrap()[n] {
            let status = send(port, &requests[n]);
            assert!(
                matches!(status, Some(200 | 201)),
                "retry of {n}: {status:?}"
            );
        }
    }
    receiver.kill();
    let store = Store::connect(&database, &database::key()).unwrap();
    assert_eq!(store.count().unwrap(), total as u64);
}
