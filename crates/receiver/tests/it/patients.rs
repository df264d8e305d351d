//! Patients as records across visits (issue 31, part 1): the receiver only suggests
//! (by name and date of birth, never by a name alone), staff link, make and unlink,
//! each in the audit log by the record's opaque id; the chart lists the visits newest
//! first; the blind index keeps no name or date of birth in clear; the front desk is
//! refused all of it. On either backend.

use axum::http::StatusCode;
use candor_core::DateParts;
use candor_core::summary::Summary;
use candor_receiver::domain::patient::Kind;
use candor_receiver::domain::record::RecordKey;
use candor_receiver::service::ServiceError;
use candor_receiver::service::patients::{self, Panel};
use candor_receiver::store::staff::{Role, Staff};
use serde_json::json;

use crate::at_rest::{everything_stored, found};
use crate::common::{Receiver, receiver};
use crate::console_http::{ORIGIN, call, get, post, signed_in};
use crate::signer;

const FIXTURE: &str = include_str!("../../../core/tests/fixtures/summary-neurotoxin.json");

/// A name no other text in the database holds, to search its bytes for.
const NAME: &str = "Zephyrine Quillfeather";

fn dob(year: &str, month: &str, day: &str) -> DateParts {
    DateParts {
        day: day.into(),
        month: month.into(),
        year: year.into(),
    }
}

/// Stores a visit by `name` born on `born`, signed by the key from `seed`; its key.
async fn visit(r: &Receiver, n: u8, name: &str, born: DateParts) -> RecordKey {
    let mut summary = Summary::from_json(FIXTURE.as_bytes()).unwrap();
    summary.submission_id = format!("7a1b2c3d-4e5f-4a6b-8c7d-{:012x}", u64::from(n) + 0x5e00);
    summary.answers.details.legal_name = name.into();
    summary.answers.details.date_of_birth = born;
    let seed = 90 + n;
    let jws = signer::sign(seed, &summary.canonical_bytes().unwrap());
    let request = axum::http::Request::post("/api/submissions")
        .header(axum::http::header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", summary.submission_id.clone())
        .body(axum::body::Body::from(
            json!({ "jws": jws, "summary": summary }).to_string(),
        ))
        .unwrap();
    let (status, _, body) = call(r, request).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (_, jwk) = signer::key(seed);
    RecordKey {
        id: summary.submission_id,
        kid: candor_core::jws::thumbprint(&jwk),
    }
}

fn suggested(r: &Receiver, staff: &Staff, key: &RecordKey) -> Vec<(String, Kind)> {
    match patients::panel(&r.state.store, staff, key).unwrap() {
        Panel::Unlinked(s) => s.into_iter().map(|s| (s.patient.id, s.why)).collect(),
        Panel::Linked(p) => panic!("linked to {} already", p.id),
    }
}

fn actions_on(r: &Receiver, key: &RecordKey) -> Vec<(String, Option<String>)> {
    r.state
        .store
        .console_events(Some(&key.id))
        .unwrap()
        .into_iter()
        .filter(|e| e.action.starts_with("patient_"))
        .map(|e| (e.action, e.detail))
        .collect()
}

#[tokio::test]
async fn the_receiver_only_suggests_and_staff_link_each_visit_with_an_audit_entry() {
    let r = receiver();
    let (provider, _) = signed_in(&r, Role::Provider, 0);
    let store = &r.state.store;
    let first = visit(&r, 1, "Ana Ruiz", dob("1990", "4", "2")).await;
    assert!(suggested(&r, &provider, &first).is_empty());
    let patient = patients::create_from(store, &provider, &first).unwrap();
    assert!(patient.starts_with("pat-") && !patient.contains("ruiz"));

    // The same patient again, typed differently: suggested, with why, and not linked.
    let second = visit(&r, 2, "  RUÍZ,  ana ", dob("1990", "04", "02")).await;
    for _ in 0..2 {
        assert_eq!(
            suggested(&r, &provider, &second),
            [(patient.clone(), Kind::NameAndDob)]
        );
    }
    assert!(actions_on(&r, &second).is_empty(), "nothing was linked");
    assert_eq!(
        patients::chart(store, &provider, &patient)
            .unwrap()
            .visits
            .len(),
        1
    );

    patients::link(store, &provider, &second, &patient).unwrap();
    // Linking again to the same record changes nothing; to another is refused.
    patients::link(store, &provider, &second, &patient).unwrap();
    let third = visit(&r, 3, "Berta Soto", dob("1971", "1", "9")).await;
    let other = patients::create_from(store, &provider, &third).unwrap();
    assert!(matches!(
        patients::link(store, &provider, &second, &other),
        Err(ServiceError::Invalid("patient", _))
    ));
    assert!(matches!(
        patients::create_from(store, &provider, &second),
        Err(ServiceError::Invalid("patient", _))
    ));
    assert_eq!(
        patients::panel(store, &provider, &second).unwrap(),
        Panel::Linked(patients::chart(store, &provider, &patient).unwrap().patient)
    );

    let chart = patients::chart(store, &provider, &patient).unwrap();
    assert_eq!(chart.patient.legal_name, "Ana Ruiz");
    assert_eq!(chart.patient.date_of_birth, "1990-04-02");
    let keys: Vec<&RecordKey> = chart.visits.iter().map(|v| &v.key).collect();
    assert_eq!(keys, [&second, &first], "newest first");
    assert!(chart.visits[0].received_at >= chart.visits[1].received_at);
    assert_eq!(chart.visits[0].treatments, ["neurotoxin"]);
    assert!(!chart.visits[0].consents.is_empty());

    let detail = Some(json!({ "patient": patient }).to_string());
    assert_eq!(
        actions_on(&r, &first),
        [
            ("patient_created".to_owned(), detail.clone()),
            ("patient_linked".to_owned(), detail.clone())
        ]
    );
    assert_eq!(
        actions_on(&r, &second),
        [("patient_linked".to_owned(), detail.clone())]
    );

    // Unlinking is reversible and logged; the visit is suggested again.
    assert_eq!(
        patients::unlink(store, &provider, &second).unwrap(),
        patient
    );
    assert_eq!(
        actions_on(&r, &second),
        [
            ("patient_linked".to_owned(), detail.clone()),
            ("patient_unlinked".to_owned(), detail)
        ]
    );
    assert_eq!(
        suggested(&r, &provider, &second),
        [(patient.clone(), Kind::NameAndDob)]
    );
    assert_eq!(
        patients::unlink(store, &provider, &second),
        Err(ServiceError::NotFound("link"))
    );
    assert_eq!(
        patients::chart(store, &provider, &patient)
            .unwrap()
            .visits
            .len(),
        1
    );
}

#[tokio::test]
async fn a_name_without_the_same_date_of_birth_is_never_suggested() {
    let r = receiver();
    let (provider, _) = signed_in(&r, Role::Provider, 0);
    let store = &r.state.store;
    let first = visit(&r, 1, "Ana Ruiz Soto", dob("1990", "4", "2")).await;
    let patient = patients::create_from(store, &provider, &first).unwrap();

    let next_day = visit(&r, 2, "Ana Ruiz Soto", dob("1990", "4", "3")).await;
    assert!(suggested(&r, &provider, &next_day).is_empty());
    let other_year = visit(&r, 3, "Ana Ruiz Soto", dob("1991", "4", "2")).await;
    assert!(suggested(&r, &provider, &other_year).is_empty());

    // A changed first name, or one surname of two, keeps a name in common.
    let renamed = visit(&r, 4, "Anita Ruiz", dob("1990", "4", "2")).await;
    assert_eq!(
        suggested(&r, &provider, &renamed),
        [(patient.clone(), Kind::NameInCommon)]
    );
    // Someone else born the same day: the weakest suggestion, and said so.
    let stranger = visit(&r, 5, "Carla Gómez", dob("1990", "4", "2")).await;
    assert_eq!(
        suggested(&r, &provider, &stranger),
        [(patient.clone(), Kind::Dob)]
    );

    // A linked visit's name joins the record's index, and leaves it when unlinked.
    let married = visit(&r, 6, "Ana Ruiz Vidal", dob("1990", "4", "2")).await;
    patients::link(store, &provider, &married, &patient).unwrap();
    let later = visit(&r, 7, "Eva Vidal", dob("1990", "4", "2")).await;
    assert_eq!(
        suggested(&r, &provider, &later),
        [(patient.clone(), Kind::NameInCommon)]
    );
    patients::unlink(store, &provider, &married).unwrap();
    assert_eq!(suggested(&r, &provider, &later), [(patient, Kind::Dob)]);
}

#[tokio::test]
async fn staff_linking_one_visit_at_the_same_moment_get_one_record_and_a_plain_refusal() {
    let r = receiver();
    let (provider, _) = signed_in(&r, Role::Provider, 0);
    let store = &r.state.store;
    let first = visit(&r, 1, "Ana Ruiz", dob("1990", "4", "2")).await;
    // Eight members of staff press "New patient record" on the same visit at once.
    let results: Vec<_> = std::thread::scope(|scope| {
        let clicks: Vec<_> = (0..8)
            .map(|_| scope.spawn(|| patients::create_from(store, &provider, &first)))
            .collect();
        clicks.into_iter().map(|c| c.join().unwrap()).collect()
    });
    let made: Vec<&String> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(made.len(), 1, "one record made: {results:?}");
    for refused in results.iter().filter_map(|r| r.as_ref().err()) {
        assert!(
            matches!(refused, ServiceError::Invalid("patient", _)),
            "refused in plain words, not as a storage failure: {refused:?}"
        );
    }
    match patients::panel(store, &provider, &first).unwrap() {
        Panel::Linked(p) => assert_eq!(&p.id, made[0]),
        Panel::Unlinked(_) => panic!("the visit is linked"),
    }
    // No second record was left behind: the same patient again is offered one.
    let again = visit(&r, 2, "Ana Ruiz", dob("1990", "4", "2")).await;
    assert_eq!(
        suggested(&r, &provider, &again),
        [(made[0].clone(), Kind::NameAndDob)]
    );
}

#[tokio::test]
async fn the_blind_index_keeps_no_name_or_date_of_birth_in_clear() {
    let r = receiver();
    let (provider, _) = signed_in(&r, Role::Provider, 0);
    let store = &r.state.store;
    let first = visit(&r, 1, NAME, dob("1987", "11", "23")).await;
    let patient = patients::create_from(store, &provider, &first).unwrap();
    let second = visit(&r, 2, NAME, dob("1987", "11", "23")).await;
    patients::link(store, &provider, &second, &patient).unwrap();
    assert_eq!(
        patients::chart(store, &provider, &patient)
            .unwrap()
            .patient
            .legal_name,
        NAME
    );
    let bytes = everything_stored(&r.state.config.database);
    assert!(found(&bytes, &patient), "the search reads what was stored");
    for text in [
        NAME,
        "Zephyrine",
        "Quillfeather",
        "zephyrine",
        "quillfeather",
        "1987-11-23",
    ] {
        assert!(!found(&bytes, text), "{text:?} is in clear");
    }
}

#[tokio::test]
async fn a_role_without_the_permission_is_refused_everything() {
    let r = receiver();
    let (provider, _) = signed_in(&r, Role::Provider, 0);
    let (desk, desk_session) = signed_in(&r, Role::FrontDesk, 0);
    let store = &r.state.store;
    let first = visit(&r, 1, "Ana Ruiz", dob("1990", "4", "2")).await;
    let second = visit(&r, 2, "Ana Ruiz", dob("1990", "4", "2")).await;
    let patient = patients::create_from(store, &provider, &first).unwrap();

    let refused = Err(ServiceError::Forbidden(Role::Provider));
    assert_eq!(
        patients::panel(store, &desk, &second),
        refused.clone().map(|()| Panel::Unlinked(vec![]))
    );
    assert_eq!(
        patients::link(store, &desk, &second, &patient),
        refused.clone()
    );
    assert_eq!(
        patients::create_from(store, &desk, &second).map(|_| ()),
        refused.clone()
    );
    assert_eq!(
        patients::unlink(store, &desk, &first).map(|_| ()),
        refused.clone()
    );
    assert_eq!(patients::chart(store, &desk, &patient).map(|_| ()), refused);

    let path = format!(
        "/console/api/submissions/{}/{}/patient",
        second.id, second.kid
    );
    let body = json!({ "action": "link", "patient": patient });
    let (status, _, _) = call(
        &r,
        post(&path, Some(ORIGIN), Some(&desk_session), body.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, page) = call(
        &r,
        get(&format!("/console/patients/{patient}"), Some(&desk_session)),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!page.contains("Ruiz"));
    assert!(actions_on(&r, &second).is_empty());
    assert!(matches!(
        patients::panel(store, &provider, &second).unwrap(),
        Panel::Unlinked(_)
    ));
}

#[tokio::test]
async fn the_console_shows_the_panel_links_from_it_and_draws_the_timeline() {
    let r = receiver();
    let (_, session) = signed_in(&r, Role::Provider, 0);
    let first = visit(&r, 1, "Ana Ruiz", dob("1990", "4", "2")).await;
    let second = visit(&r, 2, "Ana Ruiz", dob("1990", "4", "2")).await;
    let api = |key: &RecordKey| format!("/console/api/submissions/{}/{}/patient", key.id, key.kid);
    let page = |key: &RecordKey| format!("/console/submission/{}", key.path());

    let (_, _, html) = call(&r, get(&page(&first), Some(&session))).await;
    assert!(
        html.contains("id=\"new-patient\"")
            && html.contains("No patient record has this date of birth")
    );
    let (status, _, made) = call(
        &r,
        post(
            &api(&first),
            Some(ORIGIN),
            Some(&session),
            json!({ "action": "new" }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{made}");
    let patient = serde_json::from_str::<serde_json::Value>(&made).unwrap()["patient"]
        .as_str()
        .unwrap()
        .to_owned();

    let (_, _, html) = call(&r, get(&page(&second), Some(&session))).await;
    assert!(
        html.contains(&format!("data-link-patient=\"{patient}\"")),
        "{html}"
    );
    assert!(html.contains("Same name and date of birth"));
    // From another origin: refused.
    let link = json!({ "action": "link", "patient": patient });
    let (status, _, _) = call(
        &r,
        post(
            &api(&second),
            Some("https://evil.example"),
            Some(&session),
            link.clone(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = call(&r, post(&api(&second), Some(ORIGIN), Some(&session), link)).await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, html) = call(&r, get(&page(&second), Some(&session))).await;
    assert!(
        html.contains(&format!("href=\"/console/patients/{patient}\""))
            && html.contains("id=\"unlink-patient\"")
    );
    assert!(
        html.contains(&format!("patient linked: patient record {patient}")),
        "the log names the record"
    );

    let (status, _, chart) = call(
        &r,
        get(&format!("/console/patients/{patient}"), Some(&session)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(chart.contains("<h1>Ana Ruiz</h1>") && chart.contains("1990-04-02"));
    let newer = chart.find(&page(&second)).unwrap();
    let older = chart.find(&page(&first)).unwrap();
    assert!(newer < older, "newest first");
    assert!(!chart.contains("<title>Ana"), "no name in the title");
    let (status, _, _) = call(
        &r,
        get(
            "/console/patients/pat-000000000000000000000000",
            Some(&session),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = call(&r, get("/console/patients/Ana%20Ruiz", Some(&session))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
