//! An appointment booked in the console: refused with every problem by field (never
//! the value) and nothing kept; booked, it is on the day's board with its invitation
//! waiting, under the source `console`, and in the audit log by id only; cancelled,
//! it stays on the board with its invitation revoked; a session and the console's
//! origin needed. On either backend.

use axum::http::StatusCode;
use candor_receiver::service::appointments;
use candor_receiver::store::queries::appointments as stored;
use candor_receiver::store::staff::Role;
use serde_json::json;

use crate::common;
use crate::console_http::{ORIGIN, call, post, signed_in};

#[tokio::test]
async fn the_front_desk_books_an_appointment_and_a_wrong_one_is_refused_by_field() {
    let r = common::receiver_with(|config| {
        std::fs::write(
            config.dist.join("profile.json"),
            candor_core::profile::DEMO_PROFILE_JSON,
        )
        .unwrap();
    });
    let (_, desk) = signed_in(&r, Role::FrontDesk, 0);
    let wrong = json!({
        "start": "2026-12-12 10:30",
        "provider": "Nurse Lee",
        "treatments": ["tattoo_removal"],
        "name": "Olu Bookmarker",
        "email": "",
        "mobile": "555 0102",
        "language": "fr",
    });
    let (status, _, body) = call(
        &r,
        post(
            "/console/api/appointments",
            Some(ORIGIN),
            Some(&desk),
            wrong.clone(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    let fields: Vec<_> = answer["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["start", "treatments", "mobile", "language"]);
    for secret in ["Olu", "555 0102", "tattoo_removal", "2026-12-12 10:30"] {
        assert!(
            !body.contains(secret),
            "the answer repeats {secret}: {body}"
        );
    }
    assert_eq!(
        r.state.store.read(stored::count).unwrap(),
        0,
        "nothing kept"
    );

    // From another origin, or without a session: refused.
    let right = json!({
        "start": "2026-12-12T10:30:00-05:00",
        "provider": "Nurse Lee",
        "treatments": ["chemical_peel"],
        "name": "Olu Bookmarker",
        "mobile": "+1 555 010 2030",
        "language": "en",
    });
    assert_eq!(
        call(
            &r,
            post(
                "/console/api/appointments",
                Some("https://elsewhere.example"),
                Some(&desk),
                right.clone()
            )
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(
            &r,
            post(
                "/console/api/appointments",
                Some(ORIGIN),
                None,
                right.clone()
            )
        )
        .await
        .0,
        StatusCode::UNAUTHORIZED
    );

    let (status, _, body) = call(
        &r,
        post(
            "/console/api/appointments",
            Some(ORIGIN),
            Some(&desk),
            right,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["appointment"]
        .as_str()
        .unwrap()
        .to_owned();
    let day = appointments::day(&r.state.store, None, "2026-12-12").unwrap();
    assert_eq!(day.len(), 1);
    let booked = &day[0];
    assert_eq!(booked.appointment.id, id);
    assert_eq!(booked.appointment.source, "console");
    assert_eq!(
        booked.appointment.booked.contact.mobile.as_deref(),
        Some("+15550102030")
    );
    assert_eq!(
        booked.invitation_words(),
        "waiting to be sent by text message"
    );

    let logged = r.state.store.console_events(None).unwrap();
    let event = logged
        .iter()
        .find(|e| e.action == "appointment_booked")
        .unwrap();
    let detail = event.detail.as_deref().unwrap();
    assert!(detail.contains(&id) && !detail.contains("Olu"), "{detail}");

    // Cancelled: it stays on the board as cancelled, its waiting invitation with it;
    // cancelling again changes nothing; an unknown one is 404.
    let cancel = |id: &str| {
        post(
            &format!("/console/api/appointments/{id}/cancel"),
            Some(ORIGIN),
            Some(&desk),
            json!({}),
        )
    };
    assert_eq!(call(&r, cancel(&id)).await.0, StatusCode::NO_CONTENT);
    assert_eq!(call(&r, cancel(&id)).await.0, StatusCode::NO_CONTENT);
    assert_eq!(call(&r, cancel("apt-none")).await.0, StatusCode::NOT_FOUND);
    let day = appointments::day(&r.state.store, None, "2026-12-12").unwrap();
    assert_eq!(day[0].appointment.status, "cancelled");
    assert_eq!(
        day[0].invitation_words(),
        "revoked: its links no longer open"
    );
    let cancelled = r
        .state
        .store
        .console_events(None)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "appointment_cancelled")
        .count();
    assert_eq!(cancelled, 1, "logged once");
}
