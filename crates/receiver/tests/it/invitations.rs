//! An appointment's invitation from the console's board: sent again (the earlier link
//! stops opening, a new message waits), revoked (every link stops opening, the draft
//! and what waited to be sent are gone), or handed over at the desk (a new link with its
//! QR code, which opens the visit as booked); each in the audit log without the token
//! or the patient; a session, the console's origin and a known appointment needed. On
//! either backend.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use candor_receiver::domain::booking_csv::Mapping;
use candor_receiver::service::appointments::{self, Clinic};
use candor_receiver::store::queries::invites;
use candor_receiver::store::staff::Role;
use serde_json::json;

use crate::common;
use crate::console_http::{ORIGIN, call, post, signed_in};

const EXPORT: &str = "Appointment ID,Start Time,Staff,Service,Client Name,Client Email,Language\n\
    I-1,2026-12-11T10:30:00-05:00,Dr. Ruiz,ha_filler,Noor Handedmarker,noor@example.org,en\n";

fn booking_with(token: &str) -> Request<Body> {
    Request::get("/api/drafts/booking")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap()
}

fn noor(r: &common::Receiver) -> appointments::Listed {
    appointments::day(&r.state.store, None, "2026-12-11")
        .unwrap()
        .remove(0)
}

#[tokio::test]
async fn the_desk_sends_again_revokes_and_hands_over_a_link_and_the_log_says_so_without_the_token()
{
    let r = common::receiver_with(|config| {
        std::fs::write(
            config.dist.join("profile.json"),
            candor_core::profile::DEMO_PROFILE_JSON,
        )
        .unwrap();
    });
    let clinic = Clinic::of(&candor_core::profile::ClinicProfile::demo());
    appointments::import(
        &r.state.store,
        None,
        "boulevard",
        EXPORT,
        &Mapping::new(),
        &clinic,
    )
    .unwrap();
    let id = noor(&r).appointment.id;
    // The invitation as the outbox sent it: its link opens the visit.
    let (old_token, hash, apt) = (
        "noor-old-token-0123456789abcdefghijklmnopqrst",
        candor_receiver::invite::token_sha256("noor-old-token-0123456789abcdefghijklmnopqrst"),
        id.clone(),
    );
    r.state
        .store
        .write(move |tx| {
            invites::create_for_appointment(tx, "inv-old", &hash, &apt, "2026-12-08T09:00:00Z")
        })
        .unwrap();
    assert_eq!(call(&r, booking_with(old_token)).await.0, StatusCode::OK);

    let (_, desk) = signed_in(&r, Role::FrontDesk, 0);
    let path = |what: &str| format!("/console/api/appointments/{id}/{what}");
    // Refused without a session, from another origin, and for an unknown appointment.
    assert_eq!(
        call(&r, post(&path("resend"), Some(ORIGIN), None, json!({})))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        call(
            &r,
            post(
                &path("resend"),
                Some("https://elsewhere.example"),
                Some(&desk),
                json!({})
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
                "/console/api/appointments/apt-none/resend",
                Some(ORIGIN),
                Some(&desk),
                json!({})
            )
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );

    // Sent again: the old link opens nothing, a new message waits.
    let (status, _, body) = call(
        &r,
        post(&path("resend"), Some(ORIGIN), Some(&desk), json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(
        call(&r, booking_with(old_token)).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(noor(&r).invitation_words(), "waiting to be sent by email");

    // Handed over at the desk: a new link, with its QR code, that opens the visit.
    let (status, headers, body) = call(
        &r,
        post(&path("desk-link"), Some(ORIGIN), Some(&desk), json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(headers["cache-control"], "no-store");
    let made: serde_json::Value = serde_json::from_str(&body).unwrap();
    let link = made["link"].as_str().unwrap();
    assert!(
        link.starts_with("http://localhost:8080/#invite=inv-"),
        "{link}"
    );
    assert!(
        made["svg"].as_str().unwrap().contains("<svg"),
        "a QR code as SVG"
    );
    let token = link
        .split("#invite=")
        .nth(1)
        .and_then(|f| f.split('&').next())
        .and_then(|i| i.split_once('.'))
        .map(|(_, token)| token.to_owned())
        .unwrap();
    let (status, _, booking) = call(&r, booking_with(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(booking.contains("ha_filler"));
    let draft = Request::put("/api/drafts")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(vec![9u8; 64]))
        .unwrap();
    assert_eq!(call(&r, draft).await.0, StatusCode::NO_CONTENT);

    // Revoked: the desk's link opens nothing, its draft and the waiting message are gone.
    let (status, _, _) = call(
        &r,
        post(&path("revoke"), Some(ORIGIN), Some(&desk), json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        call(&r, booking_with(&token)).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        r.state.store.draft_count().unwrap(),
        0,
        "the draft went with it"
    );
    let latest = noor(&r).invitation.unwrap();
    assert_eq!(latest.state, "cancelled");
    assert_eq!(
        noor(&r).invitation_words(),
        "revoked: its links no longer open"
    );

    // The log: who and what, for which appointment; never the token or the patient.
    let logged = r.state.store.console_events(None).unwrap();
    let actions: Vec<_> = logged
        .iter()
        .filter(|e| e.action.starts_with("invitation_"))
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "invitation_resent",
            "invitation_handed",
            "invitation_revoked"
        ]
    );
    for event in logged
        .iter()
        .filter(|e| e.action.starts_with("invitation_"))
    {
        let detail = event.detail.as_deref().unwrap_or_default();
        assert!(detail.contains(&id), "{detail}");
        assert!(
            !detail.contains(&token) && !detail.contains("Noor"),
            "{detail}"
        );
        assert_eq!(event.role.as_deref(), Some("front_desk"));
    }
}
