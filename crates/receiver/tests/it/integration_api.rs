//! The integration API as a booking system uses it, with keys the medical director
//! made in the console: every endpoint refuses a missing, unreadable, revoked or
//! wrongly scoped key (RFC 9457 problem details); a POST repeated with one
//! `Idempotency-Key` makes one appointment and gets the first answer again, the key
//! with another body is refused, and a POST without one is refused; an appointment's
//! problems are listed by JSON pointer without the values; pages follow their
//! cursors; cancelling is answered once; the key's last use is shown; a key over its
//! allowance is told when to come back; the OpenAPI document lists every route. On
//! either backend.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use candor_receiver::store::queries::appointments as stored;
use candor_receiver::store::staff::Role;
use serde_json::{Value, json};

use crate::api_client::{api, key, problem, revoke, submitted};
use crate::common;
use crate::console_http::{ORIGIN, call, get, post, signed_in};

fn rosa(external_id: &str, hour: u32) -> Value {
    json!({
        "source": "boulevard",
        "external_id": external_id,
        "start": format!("2031-05-06T{hour:02}:30:00-05:00"),
        "provider": "Dr. Ruiz",
        "treatments": ["ha_filler"],
        "patient": { "name": "Rosa Apimarker", "email": "rosa.api@example.org" },
        "language": "es",
    })
}

#[tokio::test]
async fn a_booking_system_creates_lists_reads_and_cancels_appointments_with_its_key_once() {
    let r = common::receiver_with(|config| {
        std::fs::write(
            config.dist.join("profile.json"),
            candor_core::profile::DEMO_PROFILE_JSON,
        )
        .unwrap();
    });
    let (_, boss) = signed_in(&r, Role::Director, 0);
    let booking = key(&r, &boss, "Boulevard sync", &["appointments"]).await;
    assert!(booking.starts_with("cnd_live_"), "{booking}");
    let metadata = key(&r, &boss, "EHR", &["submissions"]).await;
    let revoked = key(&r, &boss, "Old laptop", &["appointments"]).await;
    revoke(&r, &boss, &revoked).await;
    // Only the director makes keys.
    let (_, provider) = signed_in(&r, Role::Provider, 0);
    let (status, _, _) = call(
        &r,
        post(
            "/console/api/integrations/keys",
            Some(ORIGIN),
            Some(&provider),
            json!({ "name": "x", "scopes": ["appointments"] }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Every endpoint refuses a missing, unreadable or revoked key, and a key without
    // the appointments scope.
    let mut typo = booking.clone().into_bytes();
    typo[25] = if typo[25] == b'a' { b'b' } else { b'a' };
    let typo = String::from_utf8(typo).unwrap();
    let endpoints = [
        (Method::POST, "/api/v1/appointments"),
        (Method::GET, "/api/v1/appointments"),
        (Method::GET, "/api/v1/appointments/apt-1"),
        (Method::POST, "/api/v1/appointments/apt-1/cancel"),
    ];
    for (method, path) in &endpoints {
        for (who, expected) in [
            (None, StatusCode::UNAUTHORIZED),
            (Some(typo.as_str()), StatusCode::UNAUTHORIZED),
            (Some(revoked.as_str()), StatusCode::UNAUTHORIZED),
            (Some(metadata.as_str()), StatusCode::FORBIDDEN),
        ] {
            let (status, headers, body) = call(
                &r,
                api(
                    method.clone(),
                    path,
                    who,
                    Some("k-1"),
                    Some(&rosa("B-1", 10)),
                ),
            )
            .await;
            assert_eq!(status, expected, "{method} {path}: {body}");
            let problem = problem(status, &headers, &body);
            if status == StatusCode::UNAUTHORIZED {
                assert_eq!(headers.get(header::WWW_AUTHENTICATE).unwrap(), "Bearer");
            } else {
                assert!(
                    problem["detail"]
                        .as_str()
                        .unwrap()
                        .contains("`appointments`")
                );
            }
        }
    }
    assert_eq!(
        r.state.store.read(stored::count).unwrap(),
        0,
        "nothing made"
    );

    // A POST without an Idempotency-Key is refused.
    let (status, headers, body) = call(
        &r,
        api(
            Method::POST,
            "/api/v1/appointments",
            Some(&booking),
            None,
            Some(&rosa("B-1", 10)),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        problem(status, &headers, &body)["type"]
            .as_str()
            .unwrap()
            .ends_with("idempotency-key-missing")
    );

    // Created once, however often it is sent with its key.
    let create = || {
        api(
            Method::POST,
            "/api/v1/appointments",
            Some(&booking),
            Some("5b7c0f7e-0001"),
            Some(&rosa("B-1", 10)),
        )
    };
    let (status, _, first) = call(&r, create()).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let made: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(made["source"], "boulevard");
    assert_eq!(made["external_id"], "B-1");
    assert_eq!(made["intake"], "not_opened");
    assert_eq!(made["invitation"]["state"], "queued");
    assert!(
        made["invitation_link"]
            .as_str()
            .unwrap()
            .starts_with("http")
    );
    for _ in 0..3 {
        let (status, _, again) = call(&r, create()).await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(again, first, "the first answer again");
    }
    assert_eq!(
        r.state.store.read(stored::count).unwrap(),
        1,
        "one appointment"
    );
    // The same key with another body: refused, nothing changed.
    let (status, headers, body) = call(
        &r,
        api(
            Method::POST,
            "/api/v1/appointments",
            Some(&booking),
            Some("5b7c0f7e-0001"),
            Some(&rosa("B-1", 11)),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem(status, &headers, &body)["type"]
            .as_str()
            .unwrap()
            .ends_with("idempotency-key-reused")
    );

    // Sent again under a new key: the same appointment (200) with a new link; then
    // changed, updated in place.
    let (status, _, body) = call(
        &r,
        api(
            Method::POST,
            "/api/v1/appointments",
            Some(&booking),
            Some("5b7c0f7e-0002"),
            Some(&rosa("B-1", 10)),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let again: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(again["id"], made["id"]);
    assert_ne!(again["invitation_link"], made["invitation_link"]);
    let (status, _, body) = call(
        &r,
        api(
            Method::POST,
            "/api/v1/appointments",
            Some(&booking),
            Some("5b7c0f7e-0003"),
            Some(&rosa("B-1", 11)),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["start"],
        "2031-05-06T11:30:00-05:00"
    );
    assert_eq!(
        r.state.store.read(stored::count).unwrap(),
        1,
        "still one appointment"
    );

    // Its problems by pointer, never the value.
    let mut wrong = rosa("B-2", 10);
    wrong["patient"]["email"] = json!("rosa-at-example");
    wrong["start"] = json!("2031-05-06 10:30");
    wrong["treatments"] = json!(["tattoo_removal"]);
    let (status, headers, body) = call(
        &r,
        api(
            Method::POST,
            "/api/v1/appointments",
            Some(&booking),
            Some("k-wrong"),
            Some(&wrong),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let pointers: Vec<_> = problem(status, &headers, &body)["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(pointers, ["/start", "/treatments", "/patient/email"]);
    for secret in [
        "rosa-at-example",
        "Apimarker",
        "tattoo_removal",
        "2031-05-06 10:30",
    ] {
        assert!(
            !body.contains(secret),
            "the answer repeats {secret}: {body}"
        );
    }
    // A body that is not JSON: where, not what.
    let garbled = Request::post("/api/v1/appointments")
        .header(header::AUTHORIZATION, format!("Bearer {booking}"))
        .header("idempotency-key", "k-garbled")
        .body(Body::from("{\"patient\": Rosa Apimarker"))
        .unwrap();
    let (status, _, body) = call(&r, garbled).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(!body.contains("Apimarker"), "{body}");

    // Three more (the first corrected and sent under the key its refused request
    // used: a request that failed is not remembered), then the list a page at a time,
    // by start.
    for (i, hour) in [(2, 9), (3, 14), (4, 16)] {
        let once = if i == 2 {
            "k-wrong".to_owned()
        } else {
            format!("k-{i}")
        };
        let (status, _, body) = call(
            &r,
            api(
                Method::POST,
                "/api/v1/appointments",
                Some(&booking),
                Some(&once),
                Some(&rosa(&format!("B-{i}"), hour)),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/appointments?limit=3".to_owned();
    loop {
        let (status, _, body) = call(&r, api(Method::GET, &path, Some(&booking), None, None)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let page: Value = serde_json::from_str(&body).unwrap();
        assert!(
            !body.contains("invitation_link"),
            "a link is shown once, at creation"
        );
        seen.extend(
            page["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["external_id"].as_str().unwrap().to_owned()),
        );
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/appointments?limit=3&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, ["B-2", "B-1", "B-3", "B-4"]);
    let (status, headers, body) = call(
        &r,
        api(
            Method::GET,
            "/api/v1/appointments?cursor=nonsense!",
            Some(&booking),
            None,
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    problem(status, &headers, &body);

    // Read, then cancelled once.
    let id = made["id"].as_str().unwrap();
    let (status, _, body) = call(
        &r,
        api(
            Method::GET,
            &format!("/api/v1/appointments/{id}"),
            Some(&booking),
            None,
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["status"],
        "booked"
    );
    let cancel = || {
        api(
            Method::POST,
            &format!("/api/v1/appointments/{id}/cancel"),
            Some(&booking),
            Some("k-cancel"),
            None,
        )
    };
    let (status, _, cancelled) = call(&r, cancel()).await;
    assert_eq!(status, StatusCode::OK, "{cancelled}");
    let answer: Value = serde_json::from_str(&cancelled).unwrap();
    assert_eq!(answer["status"], "cancelled");
    assert_eq!(answer["invitation"]["state"], "cancelled");
    assert_eq!(call(&r, cancel()).await.2, cancelled);
    let (status, headers, body) = call(
        &r,
        api(
            Method::GET,
            "/api/v1/appointments/apt-unknown",
            Some(&booking),
            None,
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    problem(status, &headers, &body);

    // The console shows the key's last use; the audit log names the key, never a patient.
    let (_, _, page) = call(&r, get("/console/integrations", Some(&boss))).await;
    assert!(page.contains("Boulevard sync"));
    assert!(
        !page.contains(&booking[booking.len() - 20..]),
        "the secret is shown once only"
    );
    let events = r.state.store.console_events(None).unwrap();
    assert!(events.iter().any(|e| e.action == "api_key_created"));
    assert!(events.iter().any(|e| e.action == "api_key_revoked"));
    let booked = events
        .iter()
        .filter(|e| e.action == "appointment_booked")
        .count();
    assert_eq!(booked, 4);
    for action in [
        "invitation_handed",
        "appointment_edited",
        "appointment_cancelled",
    ] {
        assert!(
            events.iter().any(|e| e.action == action
                && e.detail
                    .as_deref()
                    .unwrap_or_default()
                    .contains("\"api_key\"")),
            "{action}"
        );
    }
    assert!(events.iter().all(|e| {
        !e.detail
            .as_deref()
            .unwrap_or_default()
            .contains("Apimarker")
    }));
    let listed = r
        .state
        .store
        .read(candor_receiver::store::queries::api_keys::list)
        .unwrap();
    assert!(
        listed
            .iter()
            .find(|k| k.name == "Boulevard sync")
            .unwrap()
            .last_used_at
            .is_some()
    );
}

#[tokio::test]
async fn a_key_over_its_allowance_is_told_when_to_come_back_and_the_openapi_document_lists_every_route()
 {
    let r = common::receiver();
    let (_, boss) = signed_in(&r, Role::Director, 0);
    let booking = key(&r, &boss, "Busy sync", &["appointments"]).await;
    let mut limited = None;
    for _ in 0..700 {
        let (status, headers, body) = call(
            &r,
            api(
                Method::GET,
                "/api/v1/appointments?limit=1",
                Some(&booking),
                None,
                None,
            ),
        )
        .await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            limited = Some((headers, body));
            break;
        }
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (headers, body) = limited.expect("refused once over its allowance");
    assert!(headers.get(header::RETRY_AFTER).is_some());
    problem(StatusCode::TOO_MANY_REQUESTS, &headers, &body);

    let (status, _, body) = call(&r, get("/api/v1/openapi.json", None)).await;
    assert_eq!(status, StatusCode::OK);
    let doc: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    for (path, method) in [
        ("/api/v1/appointments", "post"),
        ("/api/v1/appointments", "get"),
        ("/api/v1/appointments/{id}", "get"),
        ("/api/v1/appointments/{id}/cancel", "post"),
        ("/api/v1/submissions", "get"),
        ("/api/v1/submissions/{id}/{kid}/jws", "get"),
        ("/api/v1/submissions/{id}/{kid}/fhir", "get"),
    ] {
        let operation = &doc["paths"][path][method];
        assert!(operation.is_object(), "{method} {path} is documented");
        assert_eq!(
            operation["security"][0]["api_key"],
            json!([]),
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn an_ehr_follows_the_submissions_without_their_content_and_reads_one_with_the_content_scope()
{
    let r = common::receiver_with(|config| {
        std::fs::write(
            config.dist.join("profile.json"),
            candor_core::profile::DEMO_PROFILE_JSON,
        )
        .unwrap();
        config.feed_settle_ms = 0;
    });
    let (_, boss) = signed_in(&r, Role::Director, 0);
    let feed = key(&r, &boss, "EHR feed", &["submissions"]).await;
    let content = key(&r, &boss, "EHR charts", &["submission_content"]).await;
    let booking = key(&r, &boss, "Booking", &["appointments"]).await;
    let mut kids = Vec::new();
    for (i, id) in [
        "0b4f5a3e-0000-4000-8000-000000000001",
        "0b4f5a3e-0000-4000-8000-000000000002",
        "0b4f5a3e-0000-4000-8000-000000000003",
    ]
    .into_iter()
    .enumerate()
    {
        kids.push((id, submitted(&r, id, 40 + u8::try_from(i).unwrap()).await));
    }
    // The feed, two at a time, in the order stored: ids and standing, no content.
    let (status, headers, body) = call(
        &r,
        api(
            Method::GET,
            "/api/v1/submissions",
            Some(&booking),
            None,
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    problem(status, &headers, &body);
    let mut seen = Vec::new();
    let mut path = "/api/v1/submissions?limit=2".to_owned();
    let last_cursor = loop {
        let (status, _, body) = call(&r, api(Method::GET, &path, Some(&feed), None, None)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        for secret in [
            "Ana Mar",
            "Núñez",
            "1990",
            "555 010",
            "neurotoxin",
            "neuromuscular",
        ] {
            assert!(
                !body.contains(secret),
                "the feed holds content ({secret}): {body}"
            );
        }
        let page: Value = serde_json::from_str(&body).unwrap();
        for record in page["data"].as_array().unwrap() {
            assert_eq!(record["source"], "web");
            // The fixture raises a stop: escalated to the director from the start.
            assert_eq!(record["review"], "escalated");
            assert_eq!(record["highest_severity"], "stop");
            seen.push(record["id"].as_str().unwrap().to_owned());
        }
        let cursor = page["next_cursor"].as_str().unwrap().to_owned();
        path = format!("/api/v1/submissions?limit=2&cursor={cursor}");
        if page["has_more"] == false {
            break cursor;
        }
    };
    assert_eq!(
        seen,
        kids.iter()
            .map(|(id, _)| id.to_string())
            .collect::<Vec<_>>()
    );
    // A record stored later joins after the last cursor.
    let later = "0b4f5a3e-0000-4000-8000-000000000004";
    submitted(&r, later, 50).await;
    let (_, _, body) = call(
        &r,
        api(
            Method::GET,
            &format!("/api/v1/submissions?cursor={last_cursor}"),
            Some(&feed),
            None,
            None,
        ),
    )
    .await;
    let page: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(page["data"].as_array().unwrap().len(), 1);
    assert_eq!(page["data"][0]["id"], later);

    // The content: refused to the feed's key; the JWS and the FHIR Bundle for the
    // content key, each reading in the audit log with the key.
    let (id, kid) = &kids[0];
    let (status, _, _) = call(
        &r,
        api(
            Method::GET,
            &format!("/api/v1/submissions/{id}/{kid}/jws"),
            Some(&feed),
            None,
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, body) = call(
        &r,
        api(
            Method::GET,
            &format!("/api/v1/submissions/{id}/{kid}/jws"),
            Some(&content),
            None,
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let jws = serde_json::from_str::<Value>(&body).unwrap()["jws"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        &candor_core::jws::ParsedJws::parse(&jws).unwrap().header.kid,
        kid
    );
    let (status, headers, body) = call(
        &r,
        api(
            Method::GET,
            &format!("/api/v1/submissions/{id}/{kid}/fhir"),
            Some(&content),
            None,
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        headers.get(header::CONTENT_TYPE).unwrap(),
        "application/fhir+json"
    );
    let bundle: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "transaction");
    let (status, _, _) = call(
        &r,
        api(
            Method::GET,
            &format!("/api/v1/submissions/{id}/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/jws"),
            Some(&content),
            None,
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let reads: Vec<_> = r
        .state
        .store
        .console_events(Some(id))
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "api_record_read")
        .collect();
    assert_eq!(reads.len(), 2, "the JWS and the Bundle");
    assert!(
        reads
            .iter()
            .all(|e| e.detail.as_deref().unwrap().contains("\"api_key\""))
    );
}
