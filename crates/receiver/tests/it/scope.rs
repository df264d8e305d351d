//! Scope of practice, through the console as the clinic uses it: the protocol lists
//! who may perform dermal filler; an appointment booked with a registered nurse, with
//! a physician whose licence has expired, or with a name that is no member's, is
//! refused with the reason (and so is an export with such a row, which keeps
//! nothing); the medical director's exception lets the nurse through, and the audit
//! log holds the exception and the booking it let through; withdrawn, it no longer
//! does. A visit is marked treated only by a provider whose credential the protocol
//! lists. Licences expiring within 30 days are shown to the director. On either
//! backend.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use candor_receiver::domain::booking_csv::Mapping;
use candor_receiver::service::appointments::{self, Clinic, ImportError};
use candor_receiver::store::queries::appointments as stored;
use candor_receiver::store::sql::params;
use candor_receiver::store::staff::Role;
use serde_json::{Value, json};

use crate::common;
use crate::console_http::{ORIGIN, call, get, post, signed_in};

/// The demo profile, with dermal filler limited to physicians and nurse practitioners.
fn profile() -> String {
    let mut profile: Value = serde_json::from_str(candor_core::profile::DEMO_PROFILE_JSON).unwrap();
    for t in profile["treatments"].as_array_mut().unwrap() {
        if t["id"] == "ha_filler" {
            t["performed_by"] = json!(["physician", "nurse_practitioner"]);
        }
    }
    profile.to_string()
}

/// A day `days` from today, `YYYY-MM-DD`.
fn day_in(days: i64) -> String {
    let today: jiff::civil::Date = candor_receiver::now_rfc3339()[..10].parse().unwrap();
    today
        .checked_add(jiff::Span::new().days(days))
        .unwrap()
        .to_string()
}

fn filler_with(provider: &str, day: &str) -> Value {
    json!({
        "start": format!("{day}T10:30:00-05:00"),
        "provider": provider,
        "treatments": ["ha_filler"],
        "name": "Wren Scopemarker",
        "email": "wren.scope@example.org",
        "language": "en",
    })
}

/// The reasons of a refused answer (`400`, code `scope`).
fn reasons(status: StatusCode, body: &str) -> Vec<String> {
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let answer: Value = serde_json::from_str(body).unwrap();
    assert_eq!(answer["code"], "scope", "{body}");
    answer["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            assert_eq!(p["field"], "provider");
            p["message"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn a_provider_outside_the_protocols_scope_is_refused_until_the_director_records_an_exception()
{
    let profile = profile();
    let r = common::receiver_with(|config| {
        std::fs::write(config.dist.join("profile.json"), &profile).unwrap();
    });
    let (_, desk) = signed_in(&r, Role::FrontDesk, 0);
    let (nurse, nurse_session) = signed_in(&r, Role::Provider, 0);
    let (director, boss) = signed_in(&r, Role::Director, 0);
    let day = day_in(3);
    let licence = |member: &str, body: Value| {
        post(
            &format!("/console/api/staff/{member}/licence"),
            Some(ORIGIN),
            Some(&boss),
            body,
        )
    };
    // The provider is a registered nurse, booked as "Nurse Lee"; the director is a
    // physician, booked as "Dr. Ruiz", whose licence expired yesterday.
    let (status, _, body) = call(
        &r,
        licence(
            &nurse.id,
            json!({ "credential": "registered_nurse", "number": "RN-4411", "expires": day_in(20), "booked_as": ["Nurse Lee", ""] }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (status, _, body) = call(
        &r,
        licence(
            &director.id,
            json!({ "credential": "physician", "number": "MD-77", "expires": day_in(-1), "booked_as": ["Dr. Ruiz"] }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    // Only the director records a licence, and a wrong one is refused by field.
    let (status, _, _) = call(
        &r,
        post(
            &format!("/console/api/staff/{}/licence", nurse.id),
            Some(ORIGIN),
            Some(&desk),
            json!({ "credential": "physician", "number": "X", "expires": day_in(300) }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, body) = call(
        &r,
        licence(
            &nurse.id,
            json!({ "credential": "wizard", "number": "X", "expires": day_in(300) }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("credential"), "{body}");

    let book = |provider: &str| {
        post(
            "/console/api/appointments",
            Some(ORIGIN),
            Some(&desk),
            filler_with(provider, &day),
        )
    };
    let (status, _, body) = call(&r, book("nurse lee")).await;
    assert_eq!(
        reasons(status, &body),
        [
            "Hyaluronic-acid dermal filler: the protocol lists physician, nurse practitioner; Test provider is a registered nurse"
        ]
    );
    let (status, _, body) = call(&r, book("Dr. Ruiz")).await;
    let expired = reasons(status, &body);
    assert!(
        expired[0].contains(&format!("licence (physician) expired on {}", day_in(-1))),
        "{expired:?}"
    );
    let (status, _, body) = call(&r, book("Dr. Nobody")).await;
    assert!(reasons(status, &body)[0].contains("Dr. Nobody is not a member of staff"));
    assert!(!body.contains("Wren"), "no patient in the answer: {body}");
    // A treatment the protocol does not limit is booked with anyone.
    let mut peel = filler_with("Dr. Nobody", &day);
    peel["treatments"] = json!(["chemical_peel"]);
    let (status, _, body) = call(
        &r,
        post("/console/api/appointments", Some(ORIGIN), Some(&desk), peel),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(r.state.store.read(stored::count).unwrap(), 1);

    // An export with the nurse's row: refused by row and column, nothing kept.
    let clinic = Clinic::of(&candor_core::profile::ClinicProfile::from_json(&profile).unwrap());
    let export = format!(
        "Appointment ID,Start Time,Staff,Service,Client Name,Client Email\n\
         S-1,{day}T09:00:00-05:00,Dr. Nobody,chemical_peel,Ula Rowmarker,ula@example.org\n\
         S-2,{day}T11:00:00-05:00,Nurse Lee,ha_filler,Vic Rowmarker,vic@example.org\n"
    );
    let Err(ImportError::Rows(rows)) = appointments::import(
        &r.state.store,
        None,
        "boulevard",
        &export,
        &Mapping::new(),
        &clinic,
    ) else {
        panic!("an export with a row outside the scope was imported");
    };
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!((rows[0].row, rows[0].column.as_str()), (3, "Staff"));
    assert!(rows[0].message.contains("is a registered nurse"));
    assert_eq!(
        r.state.store.read(stored::count).unwrap(),
        1,
        "nothing imported"
    );

    // The director's exception lets the nurse through, through its last day.
    let grant = json!({ "member": nurse.id, "treatment": "ha_filler", "until": day_in(10), "reason": "Supervised by Dr. Ruiz while certifying as a nurse practitioner" });
    let (status, _, _) = call(
        &r,
        post(
            "/console/api/scope-exceptions",
            Some(ORIGIN),
            Some(&desk),
            grant.clone(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only the director");
    let (status, _, body) = call(
        &r,
        post(
            "/console/api/scope-exceptions",
            Some(ORIGIN),
            Some(&boss),
            grant,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let exception = serde_json::from_str::<Value>(&body).unwrap()["exception"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _, body) = call(&r, book("Nurse Lee")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let booked = serde_json::from_str::<Value>(&body).unwrap()["appointment"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut later = filler_with("Nurse Lee", &day_in(11));
    later["name"] = json!("Later Scopemarker");
    let (status, _, body) = call(
        &r,
        post(
            "/console/api/appointments",
            Some(ORIGIN),
            Some(&desk),
            later,
        ),
    )
    .await;
    assert_eq!(
        reasons(status, &body).len(),
        1,
        "the exception ends on its day"
    );
    // The import is let through by it too.
    appointments::import(
        &r.state.store,
        None,
        "boulevard",
        &export,
        &Mapping::new(),
        &clinic,
    )
    .expect("imported under the exception");

    let events = r.state.store.console_events(None).unwrap();
    let granted = events
        .iter()
        .find(|e| e.action == "scope_exception_recorded")
        .expect("the exception is in the audit log");
    assert_eq!(granted.staff_id.as_deref(), Some(director.id.as_str()));
    let detail: Value = serde_json::from_str(granted.detail.as_deref().unwrap()).unwrap();
    assert_eq!(detail["exception"], exception.as_str());
    assert_eq!(detail["member"], nurse.id.as_str());
    assert_eq!(detail["treatment"], "ha_filler");
    assert!(detail["reason"].as_str().unwrap().contains("Supervised"));
    let through: Vec<Value> = events
        .iter()
        .filter(|e| e.action == "appointment_booked" || e.action == "appointments_imported")
        .map(|e| serde_json::from_str(e.detail.as_deref().unwrap()).unwrap())
        .filter(|d: &Value| d["exceptions"] == json!([exception]))
        .collect();
    assert_eq!(through.len(), 2, "the booking and the import name it");
    assert_eq!(through[0]["appointment"], booked.as_str());
    assert!(
        events.iter().all(|e| !e
            .detail
            .as_deref()
            .unwrap_or_default()
            .contains("Scopemarker")),
        "no patient in the log"
    );

    // The director sees the licences expiring soon, on the Staff page and the board.
    for page in ["/console/staff", "/console/today"] {
        let (status, _, html) = call(&r, get(page, Some(&boss))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Licences to renew"), "{page}");
        assert!(
            html.contains(&format!("expired on {}", day_in(-1))),
            "{page}"
        );
        assert!(html.contains("in 20 days"), "{page}");
    }
    let (_, _, html) = call(&r, get("/console/today", Some(&desk))).await;
    assert!(
        !html.contains("Licences to renew"),
        "the front desk is not shown it"
    );

    // Marked treated: the front desk may not.
    let treated = |session: &str| {
        post(
            &format!("/console/api/appointments/{booked}/treated"),
            Some(ORIGIN),
            Some(session),
            json!({}),
        )
    };
    assert_eq!(call(&r, treated(&desk)).await.0, StatusCode::FORBIDDEN);

    // Withdrawn, the exception lets nothing through any more.
    let (status, _, _) = call(
        &r,
        post(
            &format!("/console/api/scope-exceptions/{exception}/withdraw"),
            Some(ORIGIN),
            Some(&boss),
            json!({}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _, body) = call(&r, treated(&nurse_session)).await;
    assert!(reasons(status, &body)[0].contains("is a registered nurse"));
    // The director's licence has expired: refused too.
    let (status, _, body) = call(&r, treated(&boss)).await;
    assert!(reasons(status, &body)[0].contains("expired on"));
    // Renewed, the director marks it treated; the board says by whom.
    let (status, _, _) = call(
        &r,
        licence(
            &director.id,
            json!({ "credential": "physician", "number": "MD-77", "expires": day_in(700), "booked_as": ["Dr. Ruiz"] }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _, body) = call(&r, treated(&boss)).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (_, _, board) = call(
        &r,
        get(&format!("/console/api/today?day={day}"), Some(&desk)),
    )
    .await;
    assert!(board.contains("treated by Test director"), "{board}");
    assert!(
        r.state
            .store
            .console_events(None)
            .unwrap()
            .iter()
            .any(|e| e.action == "visit_treated")
    );
}

#[tokio::test]
async fn the_desk_changes_an_appointment_checked_as_a_booking_and_a_new_address_is_invited_again() {
    let profile = profile();
    let r = common::receiver_with(|config| {
        std::fs::write(config.dist.join("profile.json"), &profile).unwrap();
    });
    let (_, desk) = signed_in(&r, Role::FrontDesk, 0);
    let day = day_in(2);
    let mut peel = filler_with("Dr. Nobody", &day);
    peel["treatments"] = json!(["chemical_peel"]);
    let (status, _, body) = call(
        &r,
        post(
            "/console/api/appointments",
            Some(ORIGIN),
            Some(&desk),
            peel.clone(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = serde_json::from_str::<Value>(&body).unwrap()["appointment"]
        .as_str()
        .unwrap()
        .to_owned();
    let put = |body: Value| {
        Request::put(format!("/console/api/appointments/{id}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ORIGIN, ORIGIN)
            .header(header::COOKIE, format!("__Host-candor-staff={desk}"))
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    // The form is filled from what was booked.
    let (status, _, body) = call(
        &r,
        get(&format!("/console/api/appointments/{id}"), Some(&desk)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let shown: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(shown["start"], format!("{day}T10:30"));
    assert_eq!(shown["email"], "wren.scope@example.org");
    // Changed to filler with a name that is no member's: refused, nothing changed.
    let mut filler = peel.clone();
    filler["treatments"] = json!(["ha_filler"]);
    let (status, _, body) = call(&r, put(filler)).await;
    assert!(reasons(status, &body)[0].contains("not a member of staff"));
    // A wrong field: by field.
    let mut wrong = peel.clone();
    wrong["start"] = json!("tomorrow");
    let (status, _, body) = call(&r, put(wrong)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("\"start\""), "{body}");
    // A new time and a new address: changed, and the invitation goes to the new one
    // (the form was not opened yet).
    let states = || {
        let id = id.clone();
        let mut states = r
            .state
            .store
            .read(move |c| {
                c.query(
                    "SELECT state FROM messages WHERE appointment_id = $1",
                    params![&id],
                )?
                .iter()
                .map(|row| row.text(0))
                .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        states.sort();
        states
    };
    assert_eq!(states(), ["queued"]);
    let mut moved = peel.clone();
    moved["start"] = json!(format!("{day}T15:00:00-05:00"));
    moved["email"] = json!("wren.new@example.org");
    let (status, _, body) = call(&r, put(moved)).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let kept = r
        .state
        .store
        .read({
            let id = id.clone();
            move |c| stored::by_id(c, &id)
        })
        .unwrap()
        .unwrap();
    assert_eq!(kept.booked.start, format!("{day}T15:00:00-05:00"));
    assert_eq!(
        kept.booked.contact.email.as_deref(),
        Some("wren.new@example.org")
    );
    assert_eq!(kept.source, "console");
    assert_eq!(
        states(),
        ["cancelled", "queued"],
        "the message to the old address is cancelled, one to the new queued"
    );
    let listed = appointments::day(&r.state.store, None, &day).unwrap();
    assert_eq!(listed.len(), 1, "changed, not added");
    let events = r.state.store.console_events(None).unwrap();
    assert!(events.iter().any(|e| e.action == "appointment_edited"
        && e.detail.as_deref() == Some(&format!("{{\"appointment\":\"{id}\"}}"))));
}
