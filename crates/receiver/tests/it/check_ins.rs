//! Check-ins after a treatment, as a clinic runs them: a provider marks a filler visit
//! treated with the product and lot used; the profile's days after (1 and 14) are
//! scheduled and nothing goes out before they are due; when due, each is sent in the
//! patient's language with a link whose token alone the message holds; the patient's
//! answers are checked against the profile and their urgency computed again by the
//! receiver; an urgent one queues the on-call alert and is logged, a routine one
//! does neither; the photo's metadata and the typed note are nowhere in the database
//! in clear; the same answers sent again get the same answer, others are refused. On
//! either backend.

use std::sync::Mutex;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use candor_receiver::domain::message::{Failure, Kind, Text};
use candor_receiver::mail::Mailer;
use candor_receiver::service::outbox::{Sender, send_due};
use candor_receiver::store::queries::{check_ins, messages};
use candor_receiver::store::staff::Role;
use serde_json::{Value, json};

use crate::at_rest::{everything_stored, found};
use crate::common;
use crate::console_http::{ORIGIN, call, get, post, signed_in};

/// Every email, kept.
#[derive(Default)]
struct Outbox(Mutex<Vec<(String, Text)>>);

impl Mailer for Outbox {
    fn send(&self, to: &str, text: &Text) -> Result<(), Failure> {
        self.0.lock().unwrap().push((to.to_owned(), text.clone()));
        Ok(())
    }
}

const NOTE: &str = "Zenobia's lip feels tight and cold";

/// A JPEG whose EXIF holds a location and a device.
fn photo_with_exif() -> Vec<u8> {
    let segment = |marker: u8, body: &[u8]| {
        let length = u16::try_from(body.len() + 2).unwrap().to_be_bytes();
        [&[0xFF, marker][..], &length, body].concat()
    };
    [
        vec![0xFF, 0xD8],
        segment(0xE0, b"JFIF\0\x01\x01"),
        segment(0xE1, b"Exif\0\0GPSLatitude 40.7128 Pixel-8-Pro"),
        segment(0xDA, &[1, 2, 3]),
        vec![7, 7, 7, 0xFF, 0xD9],
    ]
    .concat()
}

fn check_in_request(method: &str, token: &str, body: Option<Value>) -> Request<Body> {
    let request = Request::builder()
        .method(method)
        .uri("/api/check-ins/current")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json");
    request
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .unwrap()
}

fn report(day: u16, signs: &[&str], urgency: &str, profile_sha256: &str) -> Value {
    json!({
        "format": 1,
        "id": "0b7a4c52-3a52-4f4e-9c8f-6d2f7d9d1a11",
        "treatment": "ha_filler",
        "day": day,
        "profile_version": "2026.12.4",
        "profile_sha256": profile_sha256,
        "language": "es",
        "answers": { "pain": 6, "signs": signs, "note": NOTE, "photo": true },
        "urgency": urgency,
        "completed_at": "2026-12-10T10:05:00-05:00",
    })
}

/// The token of the check-in link in `body`.
fn token_in(body: &str) -> String {
    let at = body.find("#check-in=").unwrap() + "#check-in=".len();
    body[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

#[tokio::test]
async fn a_treated_filler_visit_is_checked_on_and_a_warning_sign_acts_at_once() {
    let profile = candor_core::profile::DEMO_PROFILE_JSON;
    let sha = candor_core::profile::ClinicProfile::demo().sha256;
    let r = common::receiver_with(|config| {
        std::fs::write(config.dist.join("profile.json"), profile).unwrap();
        config.on_call_email = Some("oncall@clinic.example".into());
        config.webhook_allowances = crate::webhooks::loopback();
    });
    // The clinic's EHR hears urgent check-ins.
    let sink = crate::sink::Sink::start();
    let (_, boss) = signed_in(&r, Role::Director, 0);
    let hooks = crate::api_client::key(&r, &boss, "EHR hooks", &["webhooks"]).await;
    let (status, endpoint) = crate::webhooks::register(
        &r,
        &hooks,
        "reg-1",
        &sink.url("/hooks"),
        &["checkin.urgent"],
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{endpoint}");
    let secret = endpoint["secret"].as_str().unwrap().to_owned();
    let (provider_staff, provider) = signed_in(&r, Role::Provider, 0);
    let (status, _, body) = call(
        &r,
        post(
            "/console/api/appointments",
            Some(ORIGIN),
            Some(&provider),
            json!({
                "start": format!("{}T10:30:00-05:00", &candor_receiver::now_rfc3339()[..10]),
                "provider": "Dr. Ruiz",
                "treatments": ["ha_filler"],
                "name": "Zenobia Checkinmarker",
                "email": "zenobia@example.org",
                "language": "es",
            }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let appointment = serde_json::from_str::<Value>(&body).unwrap()["appointment"]
        .as_str()
        .unwrap()
        .to_owned();
    let treated = |used: Value| {
        post(
            &format!("/console/api/appointments/{appointment}/treated"),
            Some(ORIGIN),
            Some(&provider),
            json!({ "used": used }),
        )
    };

    // What was used is checked by field first, and nothing is kept.
    let (status, _, body) = call(
        &r,
        treated(json!([{ "treatment": "massage", "lot": "x" }, { "treatment": "ha_filler", "lot": "9".repeat(121) }])),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    let fields: Vec<_> = answer["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].clone())
        .collect();
    assert_eq!(fields, [json!("used[0].treatment"), json!("used[1].lot")]);
    assert!(!body.contains("999"), "{body}");

    let (status, _, body) = call(
        &r,
        treated(json!([{ "treatment": "ha_filler", "product": "Juvéderm Ultra", "lot": " LOT-4411 ", "settings": "1 mL" }])),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let store = &r.state.store;
    let id = appointment.clone();
    let (uses, scheduled) = store
        .read(move |c| Ok((check_ins::uses(c, &id)?, check_ins::of_appointment(c, &id)?)))
        .unwrap();
    assert_eq!(uses.len(), 1);
    assert_eq!(
        (uses[0].product.as_str(), uses[0].lot.as_str()),
        ("Juvéderm Ultra", "LOT-4411")
    );
    assert_eq!(scheduled.iter().map(|c| c.day).collect::<Vec<_>>(), [1, 14]);
    let now = candor_receiver::now_unix_ms();
    assert!(
        scheduled[0].due_ms > now + 12 * 3_600_000,
        "a day after, in daytime"
    );
    assert!(scheduled[1].due_ms > now + 13 * 86_400_000);

    // Nothing is due yet but the invitation; on day 15 both check-ins go out.
    let outbox = Outbox::default();
    let sender = Sender {
        mailer: Some(&outbox),
        texter: None,
        public_url: "https://intake.clinic.example/",
        clinic: "Demo Clinic",
        phone: "(555) 010-4477",
        first_retry_ms: 30_000,
        on_call: Some("oncall@clinic.example"),
        console_origin: "https://console.clinic.example",
    };
    assert_eq!(
        send_due(store, &sender, now).unwrap(),
        1,
        "the invitation alone"
    );
    assert_eq!(send_due(store, &sender, now + 15 * 86_400_000).unwrap(), 2);
    let sent = outbox.0.lock().unwrap().clone();
    let check_in_mails: Vec<_> = sent
        .iter()
        .filter(|(_, t)| t.body.contains("#check-in="))
        .collect();
    assert_eq!(check_in_mails.len(), 2);
    for (to, text) in &check_in_mails {
        assert_eq!(to, "zenobia@example.org");
        assert!(
            text.subject.starts_with("¿Cómo se encuentra?"),
            "{}",
            text.subject
        );
        assert!(!text.body.to_lowercase().contains("filler") && !text.body.contains("relleno"));
    }
    let tokens: Vec<String> = check_in_mails
        .iter()
        .map(|(_, t)| token_in(&t.body))
        .collect();

    // The first link opens the day-1 check-in, in the patient's language.
    let (status, _, body) = call(&r, check_in_request("GET", &tokens[0], None)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let opened: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        opened,
        json!({ "treatment": "ha_filler", "day": 1, "language": "es", "completed": false })
    );
    let (status, _, _) = call(&r, check_in_request("GET", "not-a-token", None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // A report for another day, or naming a sign the clinic does not list, is refused
    // by path, without what was typed.
    let mut wrong = report(14, &["blanching", "spots"], "call_clinic", &sha);
    wrong["id"] = json!("0b7a4c52-3a52-4f4e-9c8f-6d2f7d9d1a12");
    let (status, _, body) = call(
        &r,
        check_in_request("POST", &tokens[0], Some(json!({ "report": wrong }))),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body.contains("$.day") && body.contains("$.answers.signs[1]"),
        "{body}"
    );
    assert!(
        !body.contains("Zenobia") && !body.contains("spots"),
        "{body}"
    );

    // Blanching, sent as routine by a tampered browser: the receiver's own reading is
    // kept (call the clinic), the on-call alert is queued and the check-in logged.
    use base64::Engine as _;
    let photo = base64::engine::general_purpose::STANDARD.encode(photo_with_exif());
    let sent_report =
        json!({ "report": report(1, &["blanching"], "routine", &sha), "photo": photo });
    let (status, _, body) = call(
        &r,
        check_in_request("POST", &tokens[0], Some(sent_report.clone())),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let received: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(received["urgency"], "call_clinic");
    // Sent again (a retry): the same answer; other answers: refused.
    let (status, _, again) =
        call(&r, check_in_request("POST", &tokens[0], Some(sent_report))).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(serde_json::from_str::<Value>(&again).unwrap(), received);
    let other = json!({ "report": report(1, &["bruising"], "routine", &sha) });
    let (status, _, _) = call(&r, check_in_request("POST", &tokens[0], Some(other))).await;
    assert_eq!(status, StatusCode::CONFLICT);

    let id = appointment.clone();
    let queued = store
        .write(move |tx| messages::claim_due(tx, candor_receiver::now_unix_ms(), 60_000, 10))
        .unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(
        (queued[0].kind, queued[0].appointment_id.as_str()),
        (Kind::OnCall, id.as_str())
    );
    let alert = queued[0].id.clone();
    store
        .write(move |tx| messages::sent(tx, &alert, "2026-12-10T15:06:00Z"))
        .unwrap();
    let events = store.console_events(None).unwrap();
    let logged: Vec<_> = events
        .iter()
        .filter(|e| e.action == "check_in_received")
        .collect();
    assert_eq!(logged.len(), 1);
    assert!(
        logged[0]
            .detail
            .as_deref()
            .unwrap_or("")
            .contains("call_clinic")
    );

    // The EHR heard it: thin, signed, naming no patient and no answer.
    crate::webhooks::deliver(&r, crate::webhooks::loopback(), 1);
    let heard = sink.got();
    assert_eq!(heard.len(), 1, "one urgent check-in, one delivery");
    assert!(crate::webhooks::signed_by(&heard[0], &secret));
    let event: Value = serde_json::from_str(&heard[0].body).unwrap();
    assert_eq!(event["type"], "checkin.urgent");
    assert_eq!(
        event["data"],
        json!({ "check_in_id": scheduled[0].id, "appointment_id": appointment, "urgency": "call_clinic" })
    );
    for private in ["Zenobia", "blanching", "ha_filler", "LOT-4411"] {
        assert!(
            !heard[0].body.contains(private),
            "{private} in {}",
            heard[0].body
        );
    }

    // A draft incident was opened with it, linked, with what was used at the visit; the
    // routine check-in below opens none.
    let incidents = candor_receiver::service::incidents::list(store, &provider_staff).unwrap();
    assert_eq!(incidents.len(), 1);
    let draft = &incidents[0];
    assert_eq!(draft.checkin_id.as_deref(), Some(scheduled[0].id.as_str()));
    assert_eq!(draft.appointment_id.as_deref(), Some(appointment.as_str()));
    assert_eq!(
        (draft.fields.lot.as_str(), draft.fields.product.as_str()),
        ("LOT-4411", "Juvéderm Ultra")
    );
    assert_eq!(draft.fields.patient, "Zenobia Checkinmarker");
    assert!(draft.fields.description.contains("blanching"));
    assert!(draft.fields.grade.is_none());

    // The day-14 check-in, bruising only: routine, no alert.
    let mut routine = report(14, &["bruising"], "routine", &sha);
    routine["id"] = json!("0b7a4c52-3a52-4f4e-9c8f-6d2f7d9d1a13");
    routine["answers"]["photo"] = json!(false);
    let (status, _, body) = call(
        &r,
        check_in_request("POST", &tokens[1], Some(json!({ "report": routine }))),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["urgency"],
        "routine"
    );
    let due = store
        .write(move |tx| messages::claim_due(tx, i64::MAX / 2, 60_000, 10))
        .unwrap();
    assert!(due.is_empty(), "no alert for a routine check-in: {due:?}");
    crate::webhooks::deliver(&r, crate::webhooks::loopback(), 1);
    assert_eq!(sink.got().len(), 1, "a routine check-in is no webhook");
    assert_eq!(
        candor_receiver::service::incidents::list(store, &provider_staff)
            .unwrap()
            .len(),
        1
    );

    // At rest: neither the note nor the photo's EXIF in clear; the photo kept opens
    // without them.
    let bytes = everything_stored(&r.state.config.database);
    for text in [NOTE, "GPSLatitude", "Pixel-8-Pro", "Exif"] {
        assert!(!found(&bytes, text), "{text} is in the database in clear");
    }
    let first = scheduled[0].id.clone();
    let (kept, photo) = store
        .read(move |c| check_ins::answers(c, &first))
        .unwrap()
        .unwrap();
    assert!(kept.contains(NOTE));
    let photo = base64::engine::general_purpose::STANDARD
        .decode(photo.unwrap())
        .unwrap();
    assert!(!String::from_utf8_lossy(&photo).contains("GPS"));
    assert_eq!(&photo[..2], &[0xFF, 0xD8]);

    // The board shows the visit treated by the provider, and the urgent check-in above
    // the day (the front desk sees who, without a link to what was answered).
    let day = &candor_receiver::now_rfc3339()[..10];
    let (_, _, board) = call(
        &r,
        get(&format!("/console/api/today?day={day}"), Some(&provider)),
    )
    .await;
    assert!(board.contains("treated by Test provider"), "{board}");
    assert!(board.contains("Urgent: told to call the clinic</strong>: Zenobia Checkinmarker, day 1 after Hyaluronic-acid dermal filler"), "{board}");
    let (_, desk) = signed_in(&r, Role::FrontDesk, 0);
    let (_, _, board) = call(
        &r,
        get(&format!("/console/api/today?day={day}"), Some(&desk)),
    )
    .await;
    assert!(
        board.contains("Zenobia Checkinmarker, day 1") && !board.contains("/console/check-ins/"),
        "{board}"
    );

    // The check-ins' list and the check-in itself, in the clinic's words; the front
    // desk may read neither.
    let (status, _, list) = call(&r, get("/console/api/check-ins", Some(&provider))).await;
    assert_eq!(status, StatusCode::OK);
    let urgent_at = list.find("Urgent: told to call the clinic").unwrap();
    assert!(
        urgent_at < list.find("Routine").unwrap(),
        "urgent first: {list}"
    );
    let first = &scheduled[0].id;
    let (status, _, page) = call(
        &r,
        get(&format!("/console/check-ins/{first}"), Some(&provider)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    for shown in [
        "Pale or white",
        NOTE,
        "LOT-4411",
        "Juvéderm Ultra",
        "/photo",
        "open the incident",
    ] {
        assert!(page.contains(shown), "{shown} not in {page}");
    }
    let (status, headers, _) = call(
        &r,
        get(
            &format!("/console/check-ins/{first}/photo"),
            Some(&provider),
        ),
    )
    .await;
    assert_eq!(
        (status, headers[header::CONTENT_TYPE].to_str().unwrap()),
        (StatusCode::OK, "image/jpeg")
    );
    for path in [
        format!("/console/check-ins/{first}"),
        "/console/api/check-ins".to_owned(),
    ] {
        let (status, _, _) = call(&r, get(&path, Some(&desk))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
}
