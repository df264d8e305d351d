//! Webhooks as a clinic's EHR hears them: endpoints registered through the API (once
//! per `Idempotency-Key`, the secret in that answer only) and refused for a missing,
//! revoked or wrongly scoped key and for a URL reaching an internal address; every
//! event a thin body of ids with none of the patient's texts, signed per Standard
//! Webhooks (both secrets during a rotation); the address checked again at delivery;
//! an endpoint that fails every attempt, or answers 410, disabled with a notice to the
//! director, enabled again and a delivery sent again from the console. On either
//! backend. (The official `standardwebhooks` library verifies the real binary's
//! deliveries in `tests/interop/webhooks.test.mjs`.)

use std::time::Duration;

use axum::http::{Method, StatusCode};
use candor_receiver::domain::egress::Allowed;
use candor_receiver::domain::webhook;
use candor_receiver::egress::WebhookPoster;
use candor_receiver::service::webhook_delivery::{Deliverer, deliver_due};
use candor_receiver::store::staff::Role;
use serde_json::{Value, json};

use crate::api_client::{api, key, problem, revoke, submitted_with};
use crate::common;
use crate::console_http::{ORIGIN, call, get, post, signed_in};
use crate::sink::{Got, Sink};

pub(crate) fn loopback() -> Allowed {
    Allowed::parse(&["127.0.0.1".to_owned()]).unwrap()
}

/// A receiver with the demo clinic, webhooks allowed to loopback.
fn receiver() -> common::Receiver {
    common::receiver_with(|config| {
        std::fs::write(
            config.dist.join("profile.json"),
            candor_core::profile::DEMO_PROFILE_JSON,
        )
        .unwrap();
        config.webhook_allowances = loopback();
    })
}

/// Makes every delivery due, `passes` times, with the retries' waits at zero;
/// `allowed` is what the sender may reach.
pub(crate) fn deliver(r: &common::Receiver, allowed: Allowed, passes: usize) {
    let poster = WebhookPoster::new(allowed, Duration::from_secs(5));
    let deliverer = Deliverer {
        poster: &poster,
        first_retry_ms: 0,
    };
    for _ in 0..passes {
        deliver_due(&r.state.store, &deliverer, candor_receiver::now_unix_ms()).unwrap();
    }
}

/// Registers `url` for `events` with `hooks`; the answer.
pub(crate) async fn register(
    r: &common::Receiver,
    hooks: &str,
    once: &str,
    url: &str,
    events: &[&str],
) -> (StatusCode, Value) {
    let body = json!({ "url": url, "description": "EHR", "event_types": events });
    let (status, _, text) = call(
        r,
        api(
            Method::POST,
            "/api/v1/webhooks",
            Some(hooks),
            Some(once),
            Some(&body),
        ),
    )
    .await;
    (status, serde_json::from_str(&text).unwrap())
}

/// Whether `got` is signed by `secret` (`whsec_…`), by the specification's rule.
pub(crate) fn signed_by(got: &Got, secret: &str) -> bool {
    let key = webhook::secret_bytes(secret).unwrap();
    let (id, timestamp) = (
        &got.headers["webhook-id"],
        &got.headers["webhook-timestamp"],
    );
    let expected = webhook::sign(&key, id, timestamp.parse().unwrap(), &got.body);
    got.headers["webhook-signature"]
        .split(' ')
        .any(|s| s == expected)
}

#[tokio::test]
async fn endpoints_refuse_wrong_keys_and_urls_that_reach_internal_addresses() {
    let r = common::receiver();
    let (_, boss) = signed_in(&r, Role::Director, 0);
    let hooks = key(&r, &boss, "EHR hooks", &["webhooks"]).await;
    let other = key(
        &r,
        &boss,
        "Everything else",
        &["appointments", "submissions", "submission_content"],
    )
    .await;
    let revoked = key(&r, &boss, "Lost laptop", &["webhooks"]).await;
    revoke(&r, &boss, &revoked).await;
    let body =
        json!({ "url": "https://ehr.example.org/hooks", "event_types": ["submission.received"] });
    for (method, path) in [
        (Method::POST, "/api/v1/webhooks"),
        (Method::GET, "/api/v1/webhooks"),
        (Method::GET, "/api/v1/webhooks/whe-0"),
        (Method::POST, "/api/v1/webhooks/whe-0/rotate"),
        (Method::DELETE, "/api/v1/webhooks/whe-0"),
    ] {
        for (key, status) in [
            (None, StatusCode::UNAUTHORIZED),
            (Some(revoked.as_str()), StatusCode::UNAUTHORIZED),
            (Some(other.as_str()), StatusCode::FORBIDDEN),
        ] {
            let (got, headers, text) =
                call(&r, api(method.clone(), path, key, Some("k-1"), Some(&body))).await;
            assert_eq!(got, status, "{method} {path}: {text}");
            let p = problem(status, &headers, &text);
            if status == StatusCode::FORBIDDEN {
                assert!(
                    p["detail"].as_str().unwrap().contains("`webhooks`"),
                    "{text}"
                );
            }
        }
    }
    // Internal addresses, however written, and a name that resolves to one: refused
    // at registration, saying which address, and nothing kept.
    for (i, url) in [
        "http://127.0.0.1/hooks",
        "https://127.0.0.1/hooks",
        "http://[::1]/hooks",
        "http://10.0.0.1/hooks",
        "http://169.254.169.254/latest/meta-data/",
        "http://2130706433/hooks",
        "http://0x7f000001/hooks",
        "http://0x7f.1/hooks",
        "http://[::ffff:127.0.0.1]/hooks",
        "http://localhost:9/hooks",
    ]
    .into_iter()
    .enumerate()
    {
        let (status, p) = register(
            &r,
            &hooks,
            &format!("ssrf-{i}"),
            url,
            &["submission.received"],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {p}");
        assert!(
            p["type"]
                .as_str()
                .unwrap()
                .ends_with("/webhook-url-refused"),
            "{p}"
        );
        assert_eq!(p["errors"][0]["pointer"], "/url");
        let why = p["errors"][0]["detail"].as_str().unwrap();
        assert!(why.contains("internal"), "{url}: {why}");
    }
    // Plain http to the public internet is refused too; an unknown event type names the field.
    let (status, p) = register(
        &r,
        &hooks,
        "plain",
        "http://93.184.216.34/hooks",
        &["submission.received"],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert!(
        p["errors"][0]["detail"].as_str().unwrap().contains("https"),
        "{p}"
    );
    let (status, p) = register(
        &r,
        &hooks,
        "types",
        "https://93.184.216.34/hooks",
        &["everything"],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{p}");
    assert_eq!(p["errors"][0]["pointer"], "/event_types");
    // The director in the console is refused the same way.
    let (status, _, text) = call(
        &r,
        post(
            "/console/api/webhooks",
            Some(ORIGIN),
            Some(&boss),
            json!({ "url": "http://169.254.169.254/", "event_types": ["review.completed"] }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert!(
        text.contains("169.254.169.254") && text.contains("internal"),
        "{text}"
    );
    let (_, _, text) = call(
        &r,
        api(Method::GET, "/api/v1/webhooks", Some(&hooks), None, None),
    )
    .await;
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap()["data"],
        json!([])
    );
}

#[tokio::test]
async fn events_are_thin_signed_and_delivered_with_both_secrets_during_a_rotation() {
    let sink = Sink::start();
    let r = receiver();
    let (_, boss) = signed_in(&r, Role::Director, 0);
    let hooks = key(&r, &boss, "EHR hooks", &["webhooks"]).await;
    let booking = key(&r, &boss, "Booking", &["appointments"]).await;
    let every: Vec<&str> = webhook::EVENT_TYPES.iter().map(|t| t.as_str()).collect();
    let (status, first) = register(&r, &hooks, "reg-1", &sink.url("/hooks"), &every).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let secret = first["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("whsec_"), "{first}");
    // The same request again is the same endpoint, the same answer; one is listed,
    // without its secret.
    let (status, again) = register(&r, &hooks, "reg-1", &sink.url("/hooks"), &every).await;
    assert_eq!((status, &again), (StatusCode::CREATED, &first));
    let id = first["id"].as_str().unwrap().to_owned();
    let (_, _, text) = call(
        &r,
        api(Method::GET, "/api/v1/webhooks", Some(&hooks), None, None),
    )
    .await;
    let listed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(listed["data"].as_array().unwrap().len(), 1, "{listed}");
    assert!(!text.contains(&secret) && listed["data"][0]["secret"].is_null());

    // A day at the clinic: booked through the API, a record received (a consent
    // declined in it), reviewed, and the appointment cancelled.
    let appointment = json!({
        "source": "boulevard", "external_id": "B-7", "start": "2031-05-06T10:30:00-05:00",
        "provider": "Dr. Ruiz", "treatments": ["ha_filler"],
        "patient": { "name": "Rosa Hookmarker", "email": "rosa.hook@example.org", "mobile": "+15552718281" },
    });
    let (status, _, text) = call(
        &r,
        api(
            Method::POST,
            "/api/v1/appointments",
            Some(&booking),
            Some("a-1"),
            Some(&appointment),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    let apt = serde_json::from_str::<Value>(&text).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let record = "0b4f5a3e-0000-4000-8000-00000000aa01";
    let kid = submitted_with(&r, record, 61, |s| {
        s.consents[0].decision = candor_core::summary::Decision::Declined;
        s.consents[0].signature = None;
        s.consents[0].acknowledged.clear();
    })
    .await;
    let (status, _, text) = call(
        &r,
        post(
            &format!("/console/api/submissions/{record}/{kid}/review"),
            Some(ORIGIN),
            Some(&boss),
            json!({ "action": "decided", "decision": "proceed", "reason": "discussed" }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{text}");
    let (status, _, text) = call(
        &r,
        api(
            Method::POST,
            &format!("/api/v1/appointments/{apt}/cancel"),
            Some(&booking),
            Some("c-1"),
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    deliver(&r, loopback(), 1);

    let got = sink.got();
    let types: Vec<String> = got
        .iter()
        .map(|g| {
            serde_json::from_str::<Value>(&g.body).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        types,
        [
            "appointment.booked",
            "submission.received",
            "consent.declined",
            "review.completed",
            "appointment.cancelled"
        ],
        "in the order they happened"
    );
    let fixture: Value = serde_json::from_str(include_str!(
        "../../../core/tests/fixtures/summary-neurotoxin.json"
    ))
    .unwrap();
    let mut texts = vec![
        "Rosa".to_owned(),
        "Hookmarker".into(),
        "rosa.hook".into(),
        "2718281".into(),
        "ha_filler".into(),
        "neurotoxin".into(),
    ];
    strings(&fixture["patient"], &mut texts);
    strings(&fixture["answers"], &mut texts);
    for g in &got {
        assert_eq!(g.path, "/hooks");
        assert!(signed_by(g, &secret), "{g:?}");
        assert_eq!(g.headers["content-type"], "application/json");
        assert!(g.headers["webhook-id"].starts_with("msg_"));
        for text in &texts {
            assert!(!g.body.contains(text.as_str()), "{text} in {}", g.body);
        }
    }
    let received: Value = serde_json::from_str(&got[1].body).unwrap();
    assert_eq!(received["data"]["submission_id"], record);
    assert_eq!(received["data"]["kid"], kid.as_str());
    assert!(
        received["data"]["highest_severity"].is_string(),
        "{received}"
    );
    assert_eq!(
        serde_json::from_str::<Value>(&got[0].body).unwrap()["data"],
        json!({ "appointment_id": apt, "source": "boulevard", "external_id": "B-7" })
    );

    // Rotated: the answer has the new secret; deliveries verify with either for a day.
    let (status, _, text) = call(
        &r,
        api(
            Method::POST,
            &format!("/api/v1/webhooks/{id}/rotate"),
            Some(&hooks),
            Some("rot-1"),
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let rotated: Value = serde_json::from_str(&text).unwrap();
    let new_secret = rotated["secret"].as_str().unwrap().to_owned();
    assert!(
        new_secret != secret && rotated["previous_secret_until"].is_string(),
        "{rotated}"
    );
    let (status, _, text) = call(
        &r,
        api(
            Method::POST,
            "/api/v1/appointments",
            Some(&booking),
            Some("a-2"),
            Some(&json!({
                "source": "boulevard", "external_id": "B-8", "start": "2031-05-07T10:30:00-05:00",
                "provider": "Dr. Ruiz", "treatments": ["ha_filler"],
                "patient": { "name": "Ana Hookmarker", "email": "ana.hook@example.org" },
            })),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    deliver(&r, loopback(), 1);
    let last = sink.got().pop().unwrap();
    assert!(
        signed_by(&last, &new_secret) && signed_by(&last, &secret),
        "{last:?}"
    );
    assert_eq!(last.headers["webhook-signature"].split(' ').count(), 2);

    // Deleted: gone from the list, nothing more delivered.
    let (status, _, _) = call(
        &r,
        api(
            Method::DELETE,
            &format!("/api/v1/webhooks/{id}"),
            Some(&hooks),
            None,
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _, _) = call(
        &r,
        api(
            Method::GET,
            &format!("/api/v1/webhooks/{id}"),
            Some(&hooks),
            None,
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Every string in `value` of six characters or more (a patient's texts).
fn strings(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::String(s) if s.chars().count() >= 6 => into.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, into)),
        Value::Object(map) => map.values().for_each(|v| strings(v, into)),
        _ => {}
    }
}

#[tokio::test]
async fn an_endpoint_that_keeps_failing_is_disabled_with_a_notice_and_its_delivery_sent_again() {
    let (failing, gone) = (Sink::start(), Sink::start());
    failing.always(500);
    gone.always(410);
    let r = receiver();
    let (_, boss) = signed_in(&r, Role::Director, 0);
    let mut ids = Vec::new();
    for (url, what) in [
        (failing.url("/a"), "Failing EHR"),
        (gone.url("/b"), "Old CRM"),
    ] {
        let (status, _, text) = call(
            &r,
            post(
                "/console/api/webhooks",
                Some(ORIGIN),
                Some(&boss),
                json!({ "url": url, "description": what, "event_types": ["appointment.booked"] }),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{text}");
        ids.push(
            serde_json::from_str::<Value>(&text).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let booking = key(&r, &boss, "Booking", &["appointments"]).await;
    let (status, _, text) = call(
        &r,
        api(Method::POST, "/api/v1/appointments", Some(&booking), Some("a-1"), Some(&json!({
            "start": "2031-05-06T10:30:00-05:00", "provider": "Dr. Ruiz", "treatments": ["ha_filler"],
            "patient": { "name": "Rosa Failmarker", "email": "rosa.fail@example.org" },
        }))),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{text}");

    // The address is checked again at delivery: a sender not allowed loopback refuses
    // (the URL was fine when registered), and says why in the log.
    deliver(&r, Allowed::none(), 1);
    assert!(failing.got().is_empty() && gone.got().is_empty());
    let (_, _, page) = call(
        &r,
        get(&format!("/console/webhooks/{}", ids[0]), Some(&boss)),
    )
    .await;
    assert!(
        page.contains("is internal") && page.contains("Waiting to be tried again"),
        "{page}"
    );

    // 410 disables at once; 500 on every attempt of the schedule disables after the last.
    deliver(&r, loopback(), 12);
    assert_eq!(gone.got().len(), 1);
    assert_eq!(
        failing.got().len(),
        9,
        "ten attempts in all, the first refused before connecting"
    );
    let (_, _, home) = call(&r, get("/console", Some(&boss))).await;
    assert!(
        home.contains("Webhook endpoints disabled"),
        "the director is told"
    );
    assert!(
        home.contains("every attempt over three days failed") && home.contains("410 Gone"),
        "{home}"
    );
    let (_, provider) = signed_in(&r, Role::Provider, 0);
    let (_, _, theirs) = call(&r, get("/console", Some(&provider))).await;
    assert!(
        !theirs.contains("Webhook endpoints disabled"),
        "only the director"
    );
    let (_, _, page) = call(
        &r,
        get(&format!("/console/webhooks/{}", ids[0]), Some(&boss)),
    )
    .await;
    assert!(
        page.contains("Failed") && page.contains("answered 500"),
        "{page}"
    );
    let audit = r.state.store.read(|c| {
        c.query(
            "SELECT COUNT(*) FROM console_events WHERE action = 'webhook_disabled'",
            &[],
        )
    });
    assert_eq!(audit.unwrap()[0].int(0).unwrap(), 2);

    // Enabled again, and the failed delivery sent again: delivered this time.
    failing.always(204);
    let event = r
        .state
        .store
        .read(|c| c.query("SELECT event_id FROM webhook_deliveries", &[]))
        .unwrap()[0]
        .text(0)
        .unwrap();
    let replay = format!("/console/api/webhooks/{}/deliveries/{event}/replay", ids[0]);
    let (status, _, text) = call(&r, post(&replay, Some(ORIGIN), Some(&boss), json!({}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "enable it first: {text}");
    for path in [format!("/console/api/webhooks/{}/enable", ids[0]), replay] {
        let (status, _, text) = call(&r, post(&path, Some(ORIGIN), Some(&boss), json!({}))).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{path}: {text}");
    }
    deliver(&r, loopback(), 1);
    assert_eq!(failing.got().len(), 10);
    let (_, _, page) = call(
        &r,
        get(&format!("/console/webhooks/{}", ids[0]), Some(&boss)),
    )
    .await;
    assert!(page.contains("Delivered"), "{page}");
    let (_, _, home) = call(&r, get("/console", Some(&boss))).await;
    assert!(
        home.contains("Old CRM") || home.contains(&gone.url("/b")),
        "the other is still disabled"
    );
    assert!(!home.contains(&failing.url("/a")), "{home}");
}
