//! Delivery decisions: backoff with full jitter, Retry-After, which answers are
//! retried, the outbox, and, under random faults, reloads and double taps, exactly
//! one stored record per submission and an empty outbox at the end.

use std::collections::BTreeMap;

use candor_core::delivery::retry::{MAX_RETRY_AFTER_MS, classify, http_date_ms, retry_after_ms};
use candor_core::delivery::{
    Attempt, Backoff, DeliveryStatus, Outbox, Outcome, Signed, receipt_time,
};
use proptest::prelude::*;

fn answered(status: u16, retry_after: Option<&str>) -> Attempt {
    Attempt::Answered {
        status,
        retry_after: retry_after.map(str::to_owned),
        body: format!("{{\"status\":{status}}}"),
    }
}

#[test]
fn ceilings_double_up_to_the_cap_and_delays_stay_below_them() {
    let b = Backoff::DEFAULT;
    let ceilings: Vec<u64> = (0..9).map(|n| b.ceiling(n)).collect();
    assert_eq!(
        ceilings,
        [
            1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000
        ]
    );
    assert_eq!(b.ceiling(200), 60_000);
    assert_eq!(b.delay(3, 0), 0);
    assert_eq!(b.delay(3, u32::MAX), 7_999);
    assert_eq!(b.delay(3, 1 << 31), 4_000);
}

#[test]
fn which_answers_are_retried() {
    let b = Backoff::DEFAULT;
    let half = 1 << 31;
    assert_eq!(
        classify(&answered(201, None), 0, b, half, 0),
        Outcome::Delivered {
            receipt: "{\"status\":201}".into()
        }
    );
    for status in [400, 401, 403, 404, 405, 410, 413, 422, 501] {
        assert_eq!(
            classify(&answered(status, None), 0, b, half, 0),
            Outcome::NeedsStaff { status },
            "{status}"
        );
    }
    for status in [408, 409, 425, 429, 500, 502, 503, 504] {
        assert_eq!(
            classify(&answered(status, None), 2, b, half, 0),
            Outcome::RetryIn(2_000),
            "{status}"
        );
    }
    assert_eq!(
        classify(&Attempt::NoAnswer, 1, b, half, 0),
        Outcome::RetryIn(1_000)
    );
}

#[test]
fn retry_after_is_honoured_in_seconds_or_as_a_date() {
    let b = Backoff::DEFAULT;
    let now = http_date_ms("Sun, 22 Nov 2026 10:42:00 GMT").unwrap();
    assert_eq!(now, 1_795_344_120_000);
    assert_eq!(
        classify(&answered(503, Some("5")), 0, b, 0, now),
        Outcome::RetryIn(5_000)
    );
    assert_eq!(
        classify(
            &answered(429, Some("Sun, 22 Nov 2026 10:42:30 GMT")),
            0,
            b,
            0,
            now
        ),
        Outcome::RetryIn(30_000)
    );
    assert_eq!(
        retry_after_ms("Sun, 22 Nov 2026 10:41:00 GMT", now),
        Some(0),
        "a date in the past means now"
    );
    assert_eq!(
        classify(&answered(503, Some("999999")), 0, b, 0, now),
        Outcome::RetryIn(MAX_RETRY_AFTER_MS)
    );
    for garbage in [
        "soon",
        "-5",
        "5.5",
        "Sun, 31 Nov 2026 10:00:00 GMT",
        "Sun, 22 Nov 2026 10:42:00 PST",
        "",
    ] {
        assert_eq!(retry_after_ms(garbage, now), None, "{garbage}");
        assert_eq!(
            classify(&answered(503, Some(garbage)), 0, b, 1 << 31, now),
            Outcome::RetryIn(500),
            "{garbage}: falls back to backoff"
        );
    }
}

const ID: &str = "6b1f0c2e-8d3a-4f5b-9c7d-0e1f2a3b4c5d";

#[test]
fn the_outbox_keeps_one_item_per_submission_until_every_target_acknowledges() {
    let mut outbox = Outbox::default();
    outbox.add(Signed::new(ID, "jws", "{}"), &["clinic", "fhir"], 1_000);
    outbox.add(Signed::new(ID, "other jws", "{}"), &["clinic"], 2_000);
    assert_eq!(outbox.items.len(), 1, "a double tap queues nothing new");
    assert_eq!(outbox.items[0].jws, "jws");
    assert_eq!(outbox.due(1_000).len(), 2);
    let receipt = r#"{"submission_id":"x","received_at":"2026-11-22T15:42:00Z","jws_sha256":"00"}"#;
    let ok = Attempt::Answered {
        status: 201,
        retry_after: None,
        body: receipt.into(),
    };
    outbox.record(ID, "clinic", &ok, Backoff::DEFAULT, 0, 1_000);
    assert_eq!(outbox.status(ID, true), DeliveryStatus::SavedOnDevice);
    assert_eq!(
        outbox.status(ID, false),
        DeliveryStatus::SendingKeepPageOpen
    );
    outbox.record(
        ID,
        "fhir",
        &Attempt::NoAnswer,
        Backoff::DEFAULT,
        u32::MAX,
        1_000,
    );
    assert_eq!(outbox.due(1_500), vec![]);
    assert_eq!(outbox.next_due(), Some(1_999));
    outbox.retry_now(1_600);
    assert_eq!(outbox.due(1_600), vec![(ID.to_owned(), "fhir".to_owned())]);
    assert_eq!(
        outbox.record(ID, "fhir", &ok, Backoff::DEFAULT, 0, 1_600),
        Some(Outcome::Delivered {
            receipt: receipt.into()
        })
    );
    assert!(outbox.items.is_empty());
    assert_eq!(
        outbox.status(ID, true),
        DeliveryStatus::Received {
            received_at: Some("2026-11-22T15:42:00Z".into())
        },
        "received once every target acknowledged, with the clinic's receipt time"
    );
    assert_eq!(
        serde_json::to_string(&outbox).unwrap(),
        r#"{"items":[]}"#,
        "nothing of a received submission is stored"
    );
    assert_eq!(outbox.status("another id", true), DeliveryStatus::Unknown);
    assert_eq!(
        receipt_time(receipt).as_deref(),
        Some("2026-11-22T15:42:00Z")
    );
}

#[test]
fn a_refusal_is_kept_for_staff_and_never_retried() {
    let mut outbox = Outbox::default();
    outbox.add(Signed::new(ID, "jws", "{}"), &["clinic"], 0);
    let outcome = outbox.record(ID, "clinic", &answered(422, None), Backoff::DEFAULT, 0, 0);
    assert_eq!(outcome, Some(Outcome::NeedsStaff { status: 422 }));
    assert_eq!(
        outbox.status(ID, true),
        DeliveryStatus::NeedsStaff { status: 422 }
    );
    assert_eq!(outbox.due(i64::MAX - 1), vec![]);
    outbox.retry_now(10);
    assert_eq!(
        outbox.due(10),
        vec![],
        "try again does not resend a refused submission"
    );
    assert_eq!(outbox.items.len(), 1);
}

#[test]
fn staff_see_counts_ages_and_error_codes_never_content() {
    use candor_core::delivery::{StaffView, error_code};
    let mut outbox = Outbox::default();
    assert_eq!(outbox.staff_view(), StaffView::default());
    outbox.add(
        Signed::new(ID, "jws", r#"{"legal_name":"Rosa"}"#),
        &["clinic"],
        1_000,
    );
    outbox.add(Signed::new("second", "jws", "{}"), &["clinic"], 5_000);
    outbox.record(ID, "clinic", &Attempt::NoAnswer, Backoff::DEFAULT, 0, 2_000);
    let view = outbox.staff_view();
    assert_eq!(
        view,
        StaffView {
            waiting: 2,
            refused: 0,
            oldest_queued_ms: Some(1_000),
            last_error: Some("no_answer".into()),
        }
    );
    let revoked = Attempt::Answered {
        status: 403,
        retry_after: None,
        body: r#"{"error":"kiosk_revoked","message":"…"}"#.into(),
    };
    outbox.record("second", "clinic", &revoked, Backoff::DEFAULT, 0, 6_000);
    let view = outbox.staff_view();
    assert_eq!((view.waiting, view.refused), (2, 1));
    assert_eq!(error_code(&revoked), "kiosk_revoked");
    assert_eq!(error_code(&answered(502, None)), "http_502");
    let hostile = Attempt::Answered {
        status: 400,
        retry_after: None,
        body: r#"{"error":"Rosa Delgado <script>"}"#.into(),
    };
    assert_eq!(
        error_code(&hostile),
        "http_400",
        "a code is a code, never text sent back"
    );
}

#[test]
fn expired_items_leave() {
    let mut outbox = Outbox::default();
    outbox.add(Signed::new(ID, "jws", "{}"), &["clinic"], 0);
    let lifetime = candor_core::delivery::outbox::DEFAULT_LIFETIME_MS;
    assert!(outbox.expire(lifetime - 1).is_empty());
    assert_eq!(outbox.expire(lifetime), vec![ID.to_owned()]);
    assert!(outbox.items.is_empty());
}

/// What the server does with one request.
#[derive(Clone, Copy, Debug)]
enum Fault {
    /// Stores (or replays) and answers 201.
    Ok,
    /// Stores, then the connection drops before the answer arrives.
    CommitThenDrop,
    /// 500 without storing.
    ServerError,
    /// 503 with `Retry-After` seconds.
    Unavailable(u8),
    /// The device is offline.
    Offline,
}

#[derive(Clone, Copy, Debug)]
enum Client {
    Reload,
    DoubleSubmit,
    Nothing,
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        Just(Fault::Ok),
        Just(Fault::CommitThenDrop),
        Just(Fault::ServerError),
        (0u8..30).prop_map(Fault::Unavailable),
        Just(Fault::Offline),
    ]
}

fn client() -> impl Strategy<Value = Client> {
    prop_oneof![
        Just(Client::Reload),
        Just(Client::DoubleSubmit),
        Just(Client::Nothing),
        Just(Client::Nothing)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn exactly_once_under_faults_reloads_and_double_taps(
        faults in prop::collection::vec(fault(), 0..24),
        events in prop::collection::vec(client(), 0..24),
        submissions in 1usize..4,
        randoms in prop::collection::vec(any::<u32>(), 64),
    ) {
        let ids: Vec<String> = (0..submissions).map(|i| format!("00000000-0000-4000-8000-00000000000{i}")).collect();
        let mut server: BTreeMap<String, String> = BTreeMap::new();
        let mut keys_seen: Vec<(String, String)> = Vec::new();
        let mut outbox = Outbox::default();
        let mut now = 0i64;
        for id in &ids {
            outbox.add(Signed::new(id, &format!("jws-{id}"), "{}"), &["clinic"], now);
        }
        let (mut faults, mut events, mut step) = (faults.into_iter(), events.into_iter(), 0usize);
        while !outbox.items.is_empty() {
            step += 1;
            prop_assert!(step < 500, "the outbox never drained");
            match events.next().unwrap_or(Client::Nothing) {
                Client::Reload => {
                    let saved = serde_json::to_string(&outbox).unwrap();
                    outbox = serde_json::from_str(&saved).unwrap();
                    outbox.retry_now(now);
                }
                Client::DoubleSubmit => {
                    let id = &ids[step % ids.len()];
                    outbox.add(Signed::new(id, &format!("jws-{id}"), "{}"), &["clinic"], now);
                }
                Client::Nothing => {}
            }
            now = now.max(outbox.next_due().unwrap_or(now));
            for (id, target) in outbox.due(now) {
                let jws = outbox.items.iter().find(|i| i.submission_id == id).unwrap().jws.clone();
                keys_seen.push((id.clone(), jws.clone()));
                let result = match faults.next().unwrap_or(Fault::Ok) {
                    Fault::Ok => {
                        let stored = server.entry(id.clone()).or_insert(jws.clone());
                        prop_assert_eq!(&*stored, &jws, "same key, same payload");
                        Attempt::Answered { status: 201, retry_after: None, body: format!("{{\"submission_id\":\"{id}\"}}") }
                    }
                    Fault::CommitThenDrop => {
                        server.entry(id.clone()).or_insert(jws.clone());
                        Attempt::NoAnswer
                    }
                    Fault::ServerError => Attempt::Answered { status: 500, retry_after: None, body: String::new() },
                    Fault::Unavailable(s) => Attempt::Answered { status: 503, retry_after: Some(s.to_string()), body: String::new() },
                    Fault::Offline => Attempt::NoAnswer,
                };
                let random = randoms[step % randoms.len()];
                outbox.record(&id, &target, &result, Backoff::DEFAULT, random, now);
            }
        }
        prop_assert_eq!(server.len(), ids.len(), "exactly one record per submission");
        for id in &ids {
            prop_assert_eq!(server.get(id), Some(&format!("jws-{id}")));
        }
        prop_assert!(keys_seen.iter().all(|(id, jws)| jws == &format!("jws-{id}")), "a submission is always sent with its own key and payload");
    }
}

#[test]
fn leaving_warns_while_work_would_be_lost() {
    use candor_core::delivery::leaving_loses_work;
    assert!(!leaving_loses_work(false, None), "nothing answered yet");
    assert!(leaving_loses_work(true, None), "answers only in memory");
    assert!(
        leaving_loses_work(true, Some(&DeliveryStatus::Unknown)),
        "signed, not stored yet"
    );
    assert!(leaving_loses_work(
        true,
        Some(&DeliveryStatus::SendingKeepPageOpen)
    ));
    assert!(leaving_loses_work(
        true,
        Some(&DeliveryStatus::NeedsStaff { status: 422 })
    ));
    assert!(!leaving_loses_work(
        true,
        Some(&DeliveryStatus::SavedOnDevice)
    ));
    assert!(!leaving_loses_work(
        true,
        Some(&DeliveryStatus::Received { received_at: None })
    ));
}
