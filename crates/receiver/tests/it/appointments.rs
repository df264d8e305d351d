//! Appointments from a booking system's export, as the front desk imports them: a
//! file with bad rows is reported by row and column and keeps nothing; a good one
//! keeps every row once, also when imported twice, and an edited row updates its
//! appointment; a column mapped once is remembered; the patient's contact and the
//! treatments booked are sealed at rest; the import is in the audit log without any
//! patient's detail. On either backend.

use candor_receiver::domain::booking_csv::Mapping;
use candor_receiver::service::appointments::{self, Clinic, ImportError, ImportReport};
use candor_receiver::store::queries::appointments as stored;

use crate::at_rest::{everything_stored, found};
use crate::{common, process};

fn clinic() -> Clinic {
    Clinic::of(&candor_core::profile::ClinicProfile::demo())
}

const GOOD: &str = "Appointment ID,Start Time,Staff,Service,Client Name,Client Email,Client Phone,Language\n\
    B-100,2026-12-09T10:30:00-05:00,Dr. Ruiz,ha_filler,Ximena Appointmarker,ximena.marker@example.org,+1 555 271 8281,es\n\
    B-101,2026-12-09T09:15:00-05:00,Dr. Ruiz,neurotoxin;ha_filler,Yusuf Bookedmarker,,+34 612 345 678,\n\
    B-102,2026-12-10T16:00:00+01:00,Nurse Lee,chemical_peel,Zora Visitmarker,zora.marker@example.org,,en\n";

fn import(
    r: &common::Receiver,
    source: &str,
    text: &str,
    mapping: &Mapping,
) -> Result<ImportReport, ImportError> {
    appointments::import(&r.state.store, None, source, text, mapping, &clinic())
}

fn count(r: &common::Receiver) -> u64 {
    r.state.store.read(stored::count).unwrap()
}

#[test]
fn an_export_with_bad_rows_is_reported_by_row_and_column_and_keeps_nothing() {
    let r = common::receiver();
    let bad = "Appointment ID,Start Time,Staff,Service,Client Name,Client Email,Client Phone\n\
        B-1,2026-12-09T10:30:00-05:00,Dr. Ruiz,ha_filler,Ana Good,ana@example.org,\n\
        B-2,09/12/2026 10:30,Dr. Ruiz,ha_filler,Luis Late,luis@example.org,\n\
        B-3,2026-12-09T11:00:00-05:00,,tattoo,Eva Wrong,,555 0102\n\
        B-1,2026-12-09T12:00:00-05:00,Dr. Ruiz,ha_filler,Ana Twice,ana@example.org,\n";
    let Err(ImportError::Rows(problems)) = import(&r, "boulevard", bad, &Mapping::new()) else {
        panic!("a file with bad rows is refused");
    };
    let found: Vec<(usize, &str)> = problems
        .iter()
        .map(|p| (p.row, p.column.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (3, "Start Time"),
            (4, "Staff"),
            (4, "Service"),
            (4, "Client Phone"),
            (5, "Appointment ID"),
        ]
    );
    for p in &problems {
        for value in ["09/12", "tattoo", "0102", "Eva", "Luis"] {
            assert!(
                !p.message.contains(value),
                "a problem repeats what was typed: {p:?}"
            );
        }
    }
    assert_eq!(count(&r), 0, "nothing half-imported");
    assert!(r.state.store.console_events(None).unwrap().is_empty());
}

#[test]
fn a_good_export_keeps_every_row_once_also_imported_twice_and_an_edit_updates() {
    let r = common::receiver();
    let first = import(&r, "boulevard", GOOD, &Mapping::new()).unwrap();
    assert_eq!(
        first,
        ImportReport {
            added: 3,
            updated: 0,
            unchanged: 0
        }
    );
    let again = import(&r, "boulevard", GOOD, &Mapping::new()).unwrap();
    assert_eq!(
        again,
        ImportReport {
            added: 0,
            updated: 0,
            unchanged: 3
        }
    );
    let moved = GOOD.replace("2026-12-09T10:30:00-05:00", "2026-12-09T13:00:00-05:00");
    let edited = import(&r, "boulevard", &moved, &Mapping::new()).unwrap();
    assert_eq!(
        edited,
        ImportReport {
            added: 0,
            updated: 1,
            unchanged: 2
        }
    );
    assert_eq!(count(&r), 3);
    // The same ids from another booking system are other appointments.
    assert_eq!(
        import(&r, "square", GOOD, &Mapping::new()).unwrap().added,
        3
    );

    let day = appointments::day(&r.state.store, None, "2026-12-09").unwrap();
    let day: Vec<_> = day.into_iter().map(|l| l.appointment.booked).collect();
    let names: Vec<_> = day.iter().map(|a| a.contact.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Yusuf Bookedmarker",
            "Yusuf Bookedmarker",
            "Ximena Appointmarker",
            "Ximena Appointmarker"
        ],
        "the day's appointments by time, from both sources"
    );
    let yusuf = &day[0];
    assert_eq!(yusuf.treatments, ["neurotoxin", "ha_filler"]);
    assert_eq!(yusuf.contact.mobile.as_deref(), Some("+34612345678"));
    assert_eq!(
        yusuf.language, "en",
        "the clinic's first language when none is given"
    );

    // Logged with counts and the file's hash, never a patient.
    let log = r.state.store.console_events(None).unwrap();
    assert_eq!(log.len(), 4);
    assert!(log.iter().all(|e| e.action == "appointments_imported"));
    for e in &log {
        let detail = e.detail.as_deref().unwrap();
        assert!(
            !detail.contains("marker") && !detail.contains("555"),
            "{detail}"
        );
    }
    assert!(r.state.store.verify_audit(None).unwrap().is_ok());

    // Sealed at rest: no contact or treatment list in the files or a dump.
    let bytes = everything_stored(&r.state.config.database);
    for text in [
        "Ximena Appointmarker",
        "ximena.marker@example.org",
        "+15552718281",
        "Zora Visitmarker",
        "neurotoxin,ha_filler",
    ] {
        assert!(!found(&bytes, text), "{text} is in clear");
    }
    assert!(
        found(&bytes, "Dr. Ruiz"),
        "the provider stays in clear for the day's board"
    );
}

#[test]
fn columns_mapped_once_are_remembered_for_that_booking_system() {
    let r = common::receiver();
    let odd = "Ref,Wann,Arzt,Leistung,Kunde,Mail\nR-1,2026-12-09T10:30:00+01:00,Dr. A,ha_filler,Ana Mapped,ana@example.org\n";
    let Err(ImportError::Rows(problems)) = import(&r, "praxis", odd, &Mapping::new()) else {
        panic!("unknown columns are named");
    };
    assert!(problems.iter().all(|p| p.row == 1), "{problems:?}");
    let mapping: Mapping = [
        ("external_id", "Ref"),
        ("start", "Wann"),
        ("provider", "Arzt"),
        ("treatments", "Leistung"),
        ("name", "Kunde"),
        ("email", "Mail"),
    ]
    .into_iter()
    .map(|(f, c)| (f.to_owned(), c.to_owned()))
    .collect();
    assert_eq!(import(&r, "praxis", odd, &mapping).unwrap().added, 1);
    let next = odd.replace("R-1", "R-2");
    assert_eq!(
        import(&r, "praxis", &next, &Mapping::new()).unwrap().added,
        1,
        "remembered"
    );
}

#[test]
fn the_command_line_lists_problems_and_exits_1_or_imports_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let database = crate::database::fresh(dir.path(), "apt.sqlite");
    let db = process::db_arg(&database);
    let key = crate::database::key_file(dir.path());
    let key = key.to_str().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, GOOD.replace("2026-12-10T16:00:00+01:00", "next week")).unwrap();
    let (code, _, err) = process::command(&[
        "appointments",
        "import",
        "--db",
        &db,
        "--key-file",
        key,
        "--source",
        "boulevard",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("row 4, column Start Time") && !err.contains("next week"),
        "{err}"
    );
    let good = dir.path().join("good.csv");
    std::fs::write(&good, GOOD).unwrap();
    let (code, out, err) = process::command(&[
        "appointments",
        "import",
        "--db",
        &db,
        "--key-file",
        key,
        "--source",
        "boulevard",
        good.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), r#"{"added":3,"updated":0,"unchanged":0}"#);
    let (code, out, err) = process::command(&[
        "appointments",
        "day",
        "--db",
        &db,
        "--key-file",
        key,
        "2026-12-10",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Zora Visitmarker") && out.lines().count() == 1,
        "{out}"
    );
}

/// A receiver serving the demo clinic's profile (its treatments are what may be booked).
fn with_demo_profile() -> common::Receiver {
    common::receiver_with(|config| {
        std::fs::write(
            config.dist.join("profile.json"),
            candor_core::profile::DEMO_PROFILE_JSON,
        )
        .unwrap();
    })
}

fn import_request(
    session: Option<&str>,
    origin: Option<&str>,
    source: &str,
    csv: &str,
) -> axum::http::Request<axum::body::Body> {
    crate::console_http::post(
        "/console/api/appointments/import",
        origin,
        session,
        serde_json::json!({ "source": source, "csv": csv }),
    )
}

#[tokio::test]
async fn the_front_desk_imports_from_the_console_and_sees_the_day_by_time() {
    use axum::http::StatusCode;
    use candor_receiver::store::staff::Role;

    use crate::console_http::{ORIGIN, call, get, signed_in};

    let r = with_demo_profile();
    let (_, desk) = signed_in(&r, Role::FrontDesk, 0);
    // Without a session, or from another origin: refused, nothing kept.
    let (status, _, _) = call(&r, import_request(None, Some(ORIGIN), "boulevard", GOOD)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = call(
        &r,
        import_request(
            Some(&desk),
            Some("https://elsewhere.example"),
            "boulevard",
            GOOD,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(count(&r), 0);

    let bad = GOOD.replace("Nurse Lee", "");
    let (status, _, body) = call(
        &r,
        import_request(Some(&desk), Some(ORIGIN), "boulevard", &bad),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["problems"][0]["row"], 4);
    assert_eq!(answer["problems"][0]["column"], "Staff");
    assert_eq!(count(&r), 0);

    let (status, _, body) = call(
        &r,
        import_request(Some(&desk), Some(ORIGIN), "boulevard", GOOD),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, r#"{"added":3,"updated":0,"unchanged":0}"#);

    let (status, _, page) = call(&r, get("/console/today?day=2026-12-09", Some(&desk))).await;
    assert_eq!(status, StatusCode::OK);
    let (yusuf, ximena) = (
        page.find("Yusuf Bookedmarker").unwrap(),
        page.find("Ximena Appointmarker").unwrap(),
    );
    assert!(yusuf < ximena, "by time: 09:15 before 10:30");
    assert!(
        page.contains("09:15") && !page.contains("Zora Visitmarker"),
        "only that day"
    );
    let (_, _, other) = call(&r, get("/console/today?day=2026-12-10", Some(&desk))).await;
    assert!(other.contains("Zora Visitmarker"));
    let (status, _, _) = call(&r, get("/console/today?day=tomorrow", Some(&desk))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// Signs `summary` (naming `invite`) and posts it as the widget does with `token`.
async fn submit_invited(
    r: &common::Receiver,
    mut summary: candor_core::summary::Summary,
    invite: &str,
    token: &str,
) {
    use axum::body::Body;
    use axum::http::{Request, StatusCode, header};
    summary.invite = Some(invite.to_owned());
    let jws = crate::signer::sign(7, &summary.canonical_bytes().unwrap());
    let submitted = Request::post("/api/submissions")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header("idempotency-key", summary.submission_id.clone())
        .body(Body::from(
            serde_json::json!({ "jws": jws, "summary": summary }).to_string(),
        ))
        .unwrap();
    let (status, _, body) = crate::console_http::call(r, submitted).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

/// An invitation for the appointment of `name` on 2026-12-09, as the outbox makes it.
fn invited(r: &common::Receiver, name: &str, invite: &'static str, token: &str) {
    use candor_receiver::store::queries::invites;
    let appointment = appointments::day(&r.state.store, None, "2026-12-09")
        .unwrap()
        .into_iter()
        .find(|l| l.appointment.booked.contact.name == name)
        .unwrap()
        .appointment
        .id;
    let hash = candor_receiver::invite::token_sha256(token);
    r.state
        .store
        .write(move |tx| {
            invites::create_for_appointment(tx, invite, &hash, &appointment, "2026-12-08T09:00:00Z")
        })
        .unwrap();
}

fn with_token(
    request: axum::http::request::Builder,
    token: &str,
) -> axum::http::Request<axum::body::Body> {
    request
        .header(axum::http::header::AUTHORIZATION, format!("Bearer {token}"))
        .body(axum::body::Body::empty())
        .unwrap()
}

fn neurotoxin_summary() -> candor_core::summary::Summary {
    candor_core::summary::Summary::from_json(
        include_str!("../../../core/tests/fixtures/summary-neurotoxin.json").as_bytes(),
    )
    .unwrap()
}

#[tokio::test]
async fn the_day_shows_each_visits_forms_not_opened_opened_in_progress_submitted_and_the_front_desk_never_the_finding()
 {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use candor_receiver::store::staff::Role;

    use crate::console_http::{call, get, signed_in};

    let r = with_demo_profile();
    import(&r, "boulevard", GOOD, &Mapping::new()).unwrap();
    let listed = |name: &'static str| {
        appointments::day(&r.state.store, None, "2026-12-09")
            .unwrap()
            .into_iter()
            .find(|l| l.appointment.booked.contact.name == name)
            .unwrap()
    };
    let ximena = || listed("Ximena Appointmarker");
    assert_eq!(ximena().form_words(Role::FrontDesk), "not opened yet");
    assert_eq!(ximena().stage(Role::FrontDesk), "not_opened");

    // Her invitation, as the outbox makes it when it sends the email; the widget opens
    // it, asking what was booked (with its token only).
    let (invite, token) = ("inv-ximena", "ximena-token-0123456789abcdefghijklmnopqrstu");
    invited(&r, "Ximena Appointmarker", invite, token);
    let (status, _, _) = call(
        &r,
        Request::get("/api/drafts/booking")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "no token, no booking");
    assert_eq!(ximena().stage(Role::FrontDesk), "not_opened");
    let (status, headers, body) =
        call(&r, with_token(Request::get("/api/drafts/booking"), token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(headers["cache-control"], "no-store");
    let booking: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(booking["treatments"], serde_json::json!(["ha_filler"]));
    assert_eq!(booking["language"], "es");
    assert_eq!(booking["start"], "2026-12-09T10:30:00-05:00");
    assert_eq!(booking["appointment"], ximena().appointment.id);
    assert_eq!(
        ximena().form_words(Role::FrontDesk),
        "opened, not submitted yet"
    );

    // An invitation made on the command line has no appointment: nothing booked.
    let (cli_invite, cli_token) = ("inv-walkin", "walkin-token-0123456789abcdefghijklmnopqrstu");
    let hash = candor_receiver::invite::token_sha256(cli_token);
    r.state
        .store
        .write(move |tx| {
            candor_receiver::store::queries::invites::create(
                tx,
                cli_invite,
                &hash,
                "2026-12-08T09:00:00Z",
            )
        })
        .unwrap();
    let (status, _, _) = call(
        &r,
        with_token(Request::get("/api/drafts/booking"), cli_token),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    // Her answers kept as a draft: in progress.
    let draft = Request::put("/api/drafts")
        .header(axum::http::header::AUTHORIZATION, format!("Bearer {token}"))
        .header(axum::http::header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(vec![7u8; 64]))
        .unwrap();
    assert_eq!(call(&r, draft).await.0, StatusCode::NO_CONTENT);
    assert_eq!(ximena().stage(Role::FrontDesk), "in_progress");
    assert_eq!(
        ximena().form_words(Role::FrontDesk),
        "in progress (answers saved), not submitted yet"
    );

    // She signs and sends (the neurotoxin fixture: stop findings; the photographs
    // declined, which is no treatment's consent).
    submit_invited(&r, neurotoxin_summary(), invite, token).await;
    assert_eq!(ximena().form_words(Role::FrontDesk), "submitted");
    assert_eq!(ximena().stage(Role::FrontDesk), "submitted");
    assert_eq!(
        ximena().form_words(Role::Provider),
        "submitted; flagged: stop; with the medical director"
    );
    assert_eq!(ximena().stage(Role::Provider), "flagged");

    // Yusuf wants to talk to the provider before the neurotoxin: questions first, which
    // the whole team sees.
    let (yusuf_invite, yusuf_token) = ("inv-yusuf", "yusuf-token-0123456789abcdefghijklmnopqrstuv");
    invited(&r, "Yusuf Bookedmarker", yusuf_invite, yusuf_token);
    let mut summary = neurotoxin_summary();
    summary.submission_id = "0f6e3c1a-5b2d-4e8f-9a7c-3d1b2e4f6a80".to_owned();
    summary.consents[0].decision = candor_core::summary::Decision::QuestionsFirst;
    summary.consents[0].signature = None;
    summary.consents[0].acknowledged.clear();
    submit_invited(&r, summary, yusuf_invite, yusuf_token).await;
    let yusuf = listed("Yusuf Bookedmarker");
    assert_eq!(
        yusuf.form_words(Role::FrontDesk),
        "submitted; questions first"
    );
    assert_eq!(yusuf.stage(Role::FrontDesk), "questions");

    // On the page, the front desk sees the statuses, never what the answers raised,
    // and is offered no status filter that would tell.
    let (_, desk) = signed_in(&r, Role::FrontDesk, 0);
    let (_, _, page) = call(&r, get("/console/today?day=2026-12-09", Some(&desk))).await;
    assert!(
        page.contains(">submitted<") && page.contains(">submitted; questions first<"),
        "the front desk sees the status"
    );
    for word in ["stop", "finding", "flagged", "Flagged", "Reviewed"] {
        assert!(!page.contains(word), "never the finding: {word}");
    }
    let (_, _, flagged) = call(
        &r,
        get(
            "/console/api/today?day=2026-12-09&status=flagged",
            Some(&desk),
        ),
    )
    .await;
    assert!(
        flagged.contains("No appointments match these filters."),
        "a front desk asking for flagged visits is told of none: {flagged}"
    );
    let (_, provider) = signed_in(&r, Role::Provider, 0);
    let (_, _, page) = call(&r, get("/console/today?day=2026-12-09", Some(&provider))).await;
    assert!(
        page.contains("flagged: stop")
            && page.contains(r#"<option value="flagged">Flagged</option>"#)
    );

    // The board alone, filtered by provider and status, as the page asks for it live.
    let (status, _, board) = call(
        &r,
        get(
            "/console/api/today?day=2026-12-09&status=flagged",
            Some(&provider),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(board.starts_with(r#"<table id="board">"#), "{board}");
    assert!(board.contains("Ximena Appointmarker") && !board.contains("Yusuf Bookedmarker"));
    assert!(board.contains("(1 of 2 shown)"));
    let (_, _, board) = call(
        &r,
        get(
            "/console/api/today?day=2026-12-09&provider=Nurse+Lee",
            Some(&provider),
        ),
    )
    .await;
    assert!(
        board.contains("No appointments match these filters."),
        "{board}"
    );
    let (status, _, _) = call(&r, get("/console/api/today?day=2026-12-09", None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
