//! Incident records and the medical director's review, through the console as the
//! clinic uses it: the front desk is refused everything; a provider records, edits,
//! grades and hands an incident to review but cannot sign it off, close it or export;
//! closing needs a grade and the director's sign-off; a closed incident is kept as it
//! is until the director reopens it. Every change is in the audit log without the
//! text typed. The counts over 30 and 90 days are exact at their edges; the CSV has
//! every field and neutralises formulas; each incident's FHIR `AdverseEvent` is
//! written for the independent validator; what describes the patient is sealed at
//! rest. On either backend.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use candor_receiver::domain::incident::{Draft, State};
use candor_receiver::service::incidents::{
    self, CSV_COLUMNS, DraftFrom, Links, adverse_event_input, open_draft,
};
use candor_receiver::store::staff::{Role, Staff};
use serde_json::{Value, json};

use crate::at_rest::{everything_stored, found};
use crate::common::{self, Receiver};
use crate::console_http::{ORIGIN, call, get, post, signed_in};

const PATIENT: &str = "Ottoline Incidentmarker";
const DESCRIPTION: &str = "Blanching-marker over the glabella, capillary refill slow";
const ACTIONS: &str = "Hyaluronidase-marker 150 units";

fn form(onset: &str) -> Value {
    json!({
        "patient": PATIENT,
        "provider": "Nurse Lee",
        "provider_role": "registered nurse",
        "treatment_date": onset,
        "onset_date": onset,
        "onset_time": "14:30-05:00",
        "treatment": "ha_filler",
        "product": "Filler X",
        "lot": "LOT-CLEAR-77",
        "device": "Cannula 25G, 2 ml",
        "description": DESCRIPTION,
        "actions": ACTIONS,
        "outcome": "Resolved-marker in 48 hours",
        "manufacturer": "considered",
        "regulator": "filed",
        "regulator_filed_on": onset,
    })
}

fn put(path: &str, session: &str, body: Value) -> Request<Body> {
    Request::put(path)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ORIGIN, ORIGIN)
        .header(header::COOKIE, format!("__Host-candor-staff={session}"))
        .body(Body::from(body.to_string()))
        .unwrap()
}

async fn step(r: &Receiver, session: &str, id: &str, action: &str) -> (StatusCode, String) {
    let (status, _, body) = call(
        r,
        post(
            &format!("/console/api/incidents/{id}/step"),
            Some(ORIGIN),
            Some(session),
            json!({ "action": action }),
        ),
    )
    .await;
    (status, body)
}

fn today() -> String {
    candor_receiver::now_rfc3339()[..10].to_owned()
}

#[tokio::test]
async fn a_provider_records_and_hands_over_and_only_the_director_signs_off_closes_and_reopens() {
    let r = common::receiver();
    let (_, desk) = signed_in(&r, Role::FrontDesk, 0);
    let (_, nurse) = signed_in(&r, Role::Provider, 0);
    let (_, boss) = signed_in(&r, Role::Director, 0);
    let day = today();

    // The front desk: no page, no endpoint, no link.
    let (status, _, page) = call(&r, get("/console/incidents", Some(&desk))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("Incidents are for providers"), "{page}");
    let (status, _, _) = call(
        &r,
        post(
            "/console/api/incidents",
            Some(ORIGIN),
            Some(&desk),
            form(&day),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, _, queue) = call(&r, get("/console", Some(&desk))).await;
    assert!(!queue.contains("/console/incidents"));
    let (_, _, queue) = call(&r, get("/console", Some(&nurse))).await;
    assert!(queue.contains("href=\"/console/incidents\""));

    // Every problem by field, never the value.
    let mut wrong = form("07/12/2026");
    wrong["grade"] = json!("9");
    wrong["patient"] = json!("");
    wrong["submission_id"] = json!("has spaces in it");
    let (status, _, body) = call(
        &r,
        post("/console/api/incidents", Some(ORIGIN), Some(&nurse), wrong),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    let fields: Vec<&str> = answer["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    for field in [
        "patient",
        "treatment_date",
        "onset_date",
        "grade",
        "regulator_filed_on",
        "submission_id",
    ] {
        assert!(fields.contains(&field), "{field}: {body}");
    }
    assert!(!body.contains("07/12/2026") && !body.contains("has spaces"));

    // Recorded by the provider, without a grade.
    let mut linked = form(&day);
    linked["appointment_id"] = json!("apt-0123456789abcdef01234567");
    let (status, _, body) = call(
        &r,
        post("/console/api/incidents", Some(ORIGIN), Some(&nurse), linked),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = serde_json::from_str::<Value>(&body).unwrap()["incident"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(uuid::Uuid::parse_str(&id).is_ok());
    let (status, _, page) = call(&r, get(&format!("/console/incidents/{id}"), Some(&nurse))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(DESCRIPTION) && page.contains("aria-describedby"));
    assert!(!page.contains("Sign off as medical director"));

    // Nobody closes or signs off an open incident; a provider never does.
    assert_eq!(
        step(&r, &nurse, &id, "sign_off").await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        step(&r, &nurse, &id, "close").await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        step(&r, &boss, &id, "close").await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        step(&r, &desk, &id, "review").await.0,
        StatusCode::FORBIDDEN
    );
    let (status, body) = step(&r, &nurse, &id, "review").await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, r#"{"state":"under_review"}"#)
    );

    // Closing needs a grade, then the sign-off.
    let (status, body) = step(&r, &boss, &id, "close").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("\"grade\""), "{body}");
    let mut graded = form(&day);
    graded["grade"] = json!("2");
    graded["description"] = json!(format!("{DESCRIPTION}, spreading"));
    let path = format!("/console/api/incidents/{id}");
    let (status, _, body) = call(&r, put(&path, &nurse, graded.clone())).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (status, body) = step(&r, &boss, &id, "close").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("\"sign_off\""), "{body}");
    let (status, _) = step(&r, &boss, &id, "sign_off").await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = step(&r, &boss, &id, "close").await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, r#"{"state":"closed"}"#)
    );

    // Closed: kept as it is, until the director reopens it (signed off again then).
    let (status, _, _) = call(&r, put(&path, &nurse, form(&day))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        step(&r, &nurse, &id, "reopen").await.0,
        StatusCode::FORBIDDEN
    );
    let (status, body) = step(&r, &boss, &id, "reopen").await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, r#"{"state":"under_review"}"#)
    );
    let director = staff(&r, Role::Director);
    let incident = incidents::get(&r.state.store, &director, &id).unwrap();
    assert_eq!(incident.state, State::UnderReview);
    assert_eq!(incident.signed_off_at, None);
    assert_eq!(incident.fields.grade, Some(2));
    assert_eq!(
        incident.appointment_id.as_deref(),
        Some("apt-0123456789abcdef01234567")
    );

    // Each change is in the log, the fields changed by name, nothing typed.
    let events = r.state.store.console_events(None).unwrap();
    let of = |action: &str| {
        events
            .iter()
            .filter(|e| e.action == action)
            .map(|e| e.detail.clone().unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(of("incident_opened").len(), 1);
    let updated = of("incident_updated");
    assert_eq!(updated.len(), 1);
    let detail: Value = serde_json::from_str(&updated[0]).unwrap();
    assert_eq!(detail["fields"], json!(["description", "grade"]));
    assert_eq!(of("incident_signed_off").len(), 1);
    let moves: Vec<(String, String)> = of("incident_state_changed")
        .iter()
        .map(|d| {
            let d: Value = serde_json::from_str(d).unwrap();
            (
                d["from"].as_str().unwrap().into(),
                d["to"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            ("open".into(), "under_review".into()),
            ("under_review".into(), "closed".into()),
            ("closed".into(), "under_review".into())
        ]
    );
    for e in &events {
        let detail = e.detail.clone().unwrap_or_default();
        for typed in [
            PATIENT,
            "Blanching-marker",
            "Hyaluronidase-marker",
            "LOT-CLEAR-77",
        ] {
            assert!(!detail.contains(typed), "{} holds {typed}", e.action);
        }
    }
    assert!(r.state.store.verify_audit(None).unwrap().is_ok());
}

fn staff(r: &Receiver, role: Role) -> Staff {
    r.state
        .store
        .staff_list()
        .unwrap()
        .into_iter()
        .find(|s| s.role == role)
        .unwrap()
}

fn draft(onset: &str, lot: &str, provider: &str, grade: &str) -> Draft {
    Draft {
        patient: PATIENT.into(),
        provider: provider.into(),
        onset_date: onset.into(),
        treatment: "ha_filler".into(),
        product: "Filler X".into(),
        lot: lot.into(),
        description: DESCRIPTION.into(),
        grade: grade.into(),
        ..Draft::default()
    }
}

fn day(today: jiff::civil::Date, days: i64) -> String {
    today
        .checked_add(jiff::Span::new().days(days))
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn the_counts_take_the_last_30_and_90_days_by_onset_exactly() {
    let r = common::receiver();
    let (nurse, nurse_session) = signed_in(&r, Role::Provider, 0);
    let (director, boss) = signed_in(&r, Role::Director, 0);
    let store = &r.state.store;
    let today: jiff::civil::Date = "2026-12-07".parse().unwrap();
    // (days from today, lot, provider, grade)
    let seeded = [
        (0, "A", "Lee", "1"),    // today: both windows
        (-29, "A", "Lee", "2"),  // the 30th day back: both
        (-30, "B", "Lee", "3"),  // 31st: the 90 days only
        (-89, "B", "Ruiz", ""),  // the 90th day back: the 90 days
        (-90, "C", "Ruiz", "4"), // 91st: neither
        (1, "C", "Ruiz", "5"),   // tomorrow: neither
    ];
    for (days, lot, provider, grade) in seeded {
        incidents::create(
            store,
            &nurse,
            &draft(&day(today, days), lot, provider, grade),
            &Links::default(),
            &[],
        )
        .unwrap();
    }
    assert!(
        incidents::counts(store, &nurse, today).is_err(),
        "the director's"
    );
    let windows = incidents::counts(store, &director, today).unwrap();
    let [last30, last90] = &windows[..] else {
        panic!("two windows")
    };
    let tally = |pairs: &[(&str, usize)]| {
        pairs
            .iter()
            .map(|(k, n)| ((*k).to_owned(), *n))
            .collect::<incidents::Tally>()
    };
    assert_eq!(
        (last30.days, last30.from.as_str(), last30.to.as_str()),
        (30, "2026-11-08", "2026-12-07")
    );
    assert_eq!(last90.from, "2026-09-09");
    assert_eq!(last30.total, 2);
    assert_eq!(last30.lot, tally(&[("A", 2)]));
    assert_eq!(last30.provider, tally(&[("Lee", 2)]));
    assert_eq!(last90.total, 4);
    assert_eq!(last90.lot, tally(&[("A", 2), ("B", 2)]));
    assert_eq!(last90.provider, tally(&[("Lee", 3), ("Ruiz", 1)]));
    assert_eq!(last90.treatment, tally(&[("ha_filler", 4)]));
    assert_eq!(last90.product, tally(&[("Filler X", 4)]));
    assert_eq!(
        last90.grade,
        tally(&[
            ("1 Mild", 1),
            ("2 Moderate: local or non-invasive intervention", 1),
            ("3 Severe: hospitalisation", 1),
            ("Not graded", 1)
        ])
    );
    assert_eq!(
        last30.grade,
        tally(&[
            ("1 Mild", 1),
            ("2 Moderate: local or non-invasive intervention", 1)
        ])
    );

    // The director's page: a table and a chart with its text for each.
    let (status, _, page) = call(&r, get("/console/incidents/patterns", Some(&boss))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("<svg") && page.contains("<title id=\"t-lot-30\">"),
        "{page}"
    );
    assert!(!page.contains("<script>"));
    let (status, _, _) = call(&r, get("/console/incidents/patterns", Some(&nurse_session))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_csv_has_every_field_neutralises_formulas_and_is_the_directors() {
    let r = common::receiver();
    let (_, nurse) = signed_in(&r, Role::Provider, 0);
    let (_, boss) = signed_in(&r, Role::Director, 0);
    let mut body = form(&today());
    body["description"] = json!("=HYPERLINK(\"http://evil.example\",\"x\")");
    let (status, _, answer) = call(
        &r,
        post("/console/api/incidents", Some(ORIGIN), Some(&nurse), body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let (status, _, _) = call(&r, get("/console/incidents.csv", Some(&nurse))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, headers, csv) = call(&r, get("/console/incidents.csv", Some(&boss))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let mut rows = csv.split("\r\n");
    let head = rows.next().unwrap();
    assert_eq!(
        head,
        CSV_COLUMNS.map(|c| format!("\"{c}\"")).join(","),
        "every field, in order"
    );
    let row = rows.next().unwrap();
    for value in [
        PATIENT,
        "\"Nurse Lee\"",
        "\"registered nurse\"",
        "\"14:30-05:00\"",
        "\"ha_filler\"",
        "\"Filler X\"",
        "\"LOT-CLEAR-77\"",
        "\"Cannula 25G, 2 ml\"",
        ACTIONS,
        "Resolved-marker",
        "\"considered\"",
        "\"filed\"",
        "\"open\"",
    ] {
        assert!(row.contains(value), "{value} in {row}");
    }
    assert!(
        row.contains(r#""'=HYPERLINK(""http://evil.example"",""x"")""#),
        "{row}"
    );
    assert!(!row.contains(r#","=HYPERLINK"#));
    let exported = r.state.store.console_events(None).unwrap();
    assert!(exported.iter().any(|e| e.action == "incidents_exported"));
}

#[tokio::test]
async fn every_seeded_incident_is_written_as_a_fhir_adverse_event_for_the_validator() {
    let r = common::receiver();
    let (_, nurse_session) = signed_in(&r, Role::Provider, 0);
    signed_in(&r, Role::Director, 0);
    let (nurse, director) = (staff(&r, Role::Provider), staff(&r, Role::Director));
    let store = &r.state.store;
    let today = incidents::today();
    // Ungraded, graded 3 and signed off, and 5 (fatal); one opened from a check-in.
    let mut ids = Vec::new();
    for grade in ["", "3", "5"] {
        let mut d = draft(&day(today, -1), "LOT-9", "Nurse Lee", grade);
        d.onset_time = "09:15+01:00".into();
        d.device = "Laser 1064 nm, 30 J/cm2".into();
        d.outcome = "Ongoing".into();
        ids.push(incidents::create(store, &nurse, &d, &Links::default(), &[]).unwrap());
    }
    incidents::act(
        store,
        &nurse,
        &ids[1],
        candor_receiver::domain::incident::Action::SubmitForReview,
    )
    .unwrap();
    incidents::act(
        store,
        &director,
        &ids[1],
        candor_receiver::domain::incident::Action::SignOff,
    )
    .unwrap();
    let from = DraftFrom {
        patient: PATIENT.into(),
        provider: "Nurse Lee".into(),
        treatment: "ha_filler".into(),
        product: "Filler X".into(),
        lot: "LOT-9".into(),
        checkin_id: Some("chk-1".into()),
        ..DraftFrom::default()
    };
    ids.push(store.write(move |tx| open_draft(tx, from)).unwrap());

    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fhir/adverse-events");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for id in &ids {
        let incident = incidents::get(store, &director, id).unwrap();
        let event = candor_core::fhir::adverse_event::adverse_event(&adverse_event_input(
            &incident,
            "Dermal filler",
        ));
        assert_eq!(event["resourceType"], "AdverseEvent");
        assert_eq!(event["subject"]["display"], PATIENT);
        std::fs::write(
            dir.join(format!("{id}.json")),
            serde_json::to_string_pretty(&event).unwrap(),
        )
        .unwrap();
    }
    let draft = incidents::get(store, &director, &ids[3]).unwrap();
    assert_eq!(
        (draft.state, draft.recorded_by.as_deref()),
        (State::Open, None)
    );
    assert_eq!(draft.checkin_id.as_deref(), Some("chk-1"));

    // As the console serves it, to a provider.
    let (status, headers, body) = call(
        &r,
        get(
            &format!("/console/incidents/{}/fhir", ids[1]),
            Some(&nurse_session),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/fhir+json");
    let event: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(event["seriousness"]["coding"][0]["code"], "serious");
    assert_eq!(event["date"], format!("{}T09:15:00+01:00", day(today, -1)));
    assert_eq!(
        event["contributor"][1]["display"],
        format!("{} (medical director; signed off)", director.name)
    );
}

#[tokio::test]
async fn what_describes_the_patient_is_sealed_at_rest_and_the_counted_columns_are_not() {
    let r = common::receiver();
    signed_in(&r, Role::Provider, 0);
    let nurse = staff(&r, Role::Provider);
    let store = &r.state.store;
    let mut d = draft(&today(), "LOT-CLEAR-77", "Nurse Lee", "2");
    d.actions = ACTIONS.into();
    d.device = "Devicesetting-marker 30 J".into();
    d.outcome = "Resolved-marker".into();
    let id = incidents::create(store, &nurse, &d, &Links::default(), &[]).unwrap();
    let stored = everything_stored(&r.state.config.database);
    for secret in [
        PATIENT,
        "Blanching-marker",
        "Hyaluronidase-marker",
        "Devicesetting-marker",
        "Resolved-marker",
    ] {
        assert!(!found(&stored, secret), "{secret} is in clear");
    }
    assert!(
        found(&stored, "LOT-CLEAR-77"),
        "the lot is counted, in clear"
    );
    let incident = incidents::get(store, &nurse, &id).unwrap();
    assert_eq!(incident.fields.description, DESCRIPTION);
    assert_eq!(incident.fields.patient, PATIENT);
}
