//! The staff console's security: every console API refuses a request without a
//! session, with an expired one (idle 15 minutes, or 8 hours in all), from a role too
//! low, or from a foreign origin; a replayed invitation is refused; a disabled member's
//! session ends at once; every answer has the console's policy and `no-store`. On
//! either backend. (Registering and signing in with real passkeys: tests/e2e/console.spec.ts.)

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use candor_core::jws::sha256_hex;
use candor_receiver::store::staff::Role;
use serde_json::{Value, json};

use crate::common;
use crate::console_http;
use common::{Receiver, receiver};
use console_http::{ORIGIN, call, get, post, signed_in, uuid_for};

use crate::signer;

/// Stores one signed summary with a stop finding (the neurotoxin fixture's).
async fn one_submission(r: &Receiver) {
    let summary = candor_core::summary::Summary::from_json(
        include_str!("../../../core/tests/fixtures/summary-neurotoxin.json").as_bytes(),
    )
    .unwrap();
    let jws = signer::sign(1, &summary.canonical_bytes().unwrap());
    let request = Request::post("/api/submissions")
        .header(header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", summary.submission_id.clone())
        .body(Body::from(
            json!({ "jws": jws, "summary": summary }).to_string(),
        ))
        .unwrap();
    assert_eq!(call(r, request).await.0, StatusCode::CREATED);
}

/// A second patient, received after `one_submission`'s, whose answers raised nothing.
async fn a_later_submission_without_findings(r: &Receiver) -> String {
    let mut summary = candor_core::summary::Summary::from_json(
        include_str!("../../../core/tests/fixtures/summary-neurotoxin.json").as_bytes(),
    )
    .unwrap();
    summary.submission_id = "00000000-0000-4000-8000-00000000b0b0".into();
    summary.findings.clear();
    let jws = signer::sign(2, &summary.canonical_bytes().unwrap());
    let request = Request::post("/api/submissions")
        .header(header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", summary.submission_id.clone())
        .body(Body::from(
            json!({ "jws": jws, "summary": summary }).to_string(),
        ))
        .unwrap();
    assert_eq!(call(r, request).await.0, StatusCode::CREATED);
    summary.submission_id
}

#[tokio::test]
async fn the_front_desk_queue_is_newest_first_so_a_rows_place_tells_nothing() {
    let r = receiver();
    one_submission(&r).await;
    let later = a_later_submission_without_findings(&r).await;
    let ids = |body: &str| -> Vec<String> {
        let queue: Value = serde_json::from_str(body).unwrap();
        queue["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, provider) = signed_in(&r, Role::Provider, 0);
    let (_, _, body) = call(&r, get("/console/api/queue", Some(&provider))).await;
    let queue: Value = serde_json::from_str(&body).unwrap();
    let waiting = queue["escalated"].as_array().unwrap();
    assert_eq!(
        waiting.len(),
        1,
        "providers see the stop finding waiting for the director first: {body}"
    );
    assert_ne!(waiting[0]["id"], later);
    let (_, desk) = signed_in(&r, Role::FrontDesk, 0);
    let (_, _, body) = call(&r, get("/console/api/queue", Some(&desk))).await;
    let queue: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        queue["escalated"],
        json!([]),
        "nothing set apart for the front desk: {body}"
    );
    assert_eq!(
        ids(&body)[0],
        later,
        "the front desk sees the newest first: {body}"
    );
    let (_, _, page) = call(&r, get("/console", Some(&desk))).await;
    assert!(!page.contains("Waiting for the medical director"), "{page}");
}

#[tokio::test]
async fn without_a_session_the_console_offers_sign_in_and_its_api_refuses() {
    let r = receiver();
    let (status, headers, page) = call(&r, get("/console", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Sign in with a passkey"), "{page}");
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let (status, headers, body) = call(&r, get("/console/api/queue", None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let (status, _, _) = call(&r, get("/console/api/queue", Some("made-up"))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_front_desk_sees_who_submitted_never_the_answers_and_a_provider_sees_the_findings() {
    let r = receiver();
    one_submission(&r).await;
    let (_, desk) = signed_in(&r, Role::FrontDesk, 0);
    let (status, _, body) = call(&r, get("/console/api/queue", Some(&desk))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let queue: Value = serde_json::from_str(&body).unwrap();
    let item = &queue["items"][0];
    assert!(item["name"].as_str().is_some_and(|n| !n.is_empty()));
    for hidden in ["treatments", "severity", "review"] {
        assert!(
            item.get(hidden).is_none(),
            "front desk must not see {hidden}: {item}"
        );
    }
    let (_, page_headers, page) = call(&r, get("/console", Some(&desk))).await;
    assert!(
        !page.contains("Highest finding"),
        "no findings column for the front desk"
    );
    assert_eq!(page_headers[header::CACHE_CONTROL], "no-store");
    let (_, provider) = signed_in(&r, Role::Provider, 0);
    let (_, _, body) = call(&r, get("/console/api/queue", Some(&provider))).await;
    let queue: Value = serde_json::from_str(&body).unwrap();
    let item = &queue["items"][0];
    assert!(
        item["kid"].as_str().is_some_and(|k| k.len() == 43),
        "{item}"
    );
    assert!(
        item["treatments"].as_array().is_some_and(|t| !t.is_empty()),
        "{item}"
    );
    let (_, _, page) = call(&r, get("/console", Some(&provider))).await;
    assert!(page.contains("Highest finding"));
    let title = page
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert_eq!(
        title, "Queue · Candor console",
        "no health data in the title"
    );
}

#[tokio::test]
async fn a_session_ends_after_fifteen_idle_minutes_and_after_eight_hours_in_all() {
    let r = receiver();
    let (_, idle) = signed_in(&r, Role::Provider, 16);
    let (status, _, body) = call(&r, get("/console/api/queue", Some(&idle))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body.contains("session_expired"), "{body}");
    let (_, page) = (0, call(&r, get("/console", Some(&idle))).await.2);
    assert!(
        page.contains("Sign in with a passkey"),
        "ended, and not revived"
    );
    let (_, old) = signed_in(&r, Role::Director, 9 * 60);
    // Used a minute ago, but begun nine hours ago.
    r.state
        .store
        .touch_session(
            &sha256_hex(old.as_bytes()),
            candor_receiver::now_unix_ms() - 60_000,
        )
        .unwrap();
    let (status, _, _) = call(&r, get("/console/api/queue", Some(&old))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, fresh) = signed_in(&r, Role::FrontDesk, 14);
    assert_eq!(
        call(&r, get("/console/api/queue", Some(&fresh))).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_disabled_members_session_ends_at_once() {
    let r = receiver();
    let (staff, id) = signed_in(&r, Role::Provider, 0);
    assert_eq!(
        call(&r, get("/console/api/queue", Some(&id))).await.0,
        StatusCode::OK
    );
    assert!(
        r.state
            .store
            .disable_staff(&staff.id, "2027-01-15T09:00:00Z")
            .unwrap()
    );
    assert_eq!(
        call(&r, get("/console/api/queue", Some(&id))).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn changes_from_another_origin_or_without_one_are_refused() {
    let r = receiver();
    let (_, id) = signed_in(&r, Role::Director, 0);
    for path in [
        "/console/api/signout",
        "/console/api/session",
        "/console/api/signin/options",
        "/console/api/register/options",
    ] {
        for origin in [Some("https://evil.example"), None] {
            let (status, _, body) =
                call(&r, post(path, origin, Some(&id), json!({ "token": "x" }))).await;
            assert_eq!(
                status,
                StatusCode::FORBIDDEN,
                "{path} from {origin:?}: {body}"
            );
            assert!(body.contains("\"origin\""), "{body}");
        }
    }
    // The session survived the foreign sign-out attempt.
    assert_eq!(
        call(&r, get("/console/api/queue", Some(&id))).await.0,
        StatusCode::OK
    );
    let (status, headers, _) = call(
        &r,
        post("/console/api/signout", Some(ORIGIN), Some(&id), json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(
        headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(
        call(&r, get("/console/api/queue", Some(&id))).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn an_invitation_starts_a_passkey_ceremony_once_and_a_used_or_unknown_one_is_refused() {
    let r = receiver();
    let member =
        candor_receiver::staff::invite(&r.state.store, "Dr. Ana Ruiz", Role::Director, ORIGIN)
            .unwrap();
    let token = member.link.split("#invite=").nth(1).unwrap().to_owned();
    assert!(
        member
            .link
            .starts_with("http://localhost:8080/console/register#invite=")
    );
    let (status, _, body) = call(
        &r,
        post(
            "/console/api/register/options",
            Some(ORIGIN),
            None,
            json!({ "token": token }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let options: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(options["publicKey"]["rp"]["id"], "localhost");
    assert_eq!(options["publicKey"]["user"]["name"], "Dr. Ana Ruiz");
    assert_eq!(
        options["publicKey"]["authenticatorSelection"]["residentKey"],
        "required"
    );
    assert!(options["ceremony"].as_str().is_some_and(|c| c.len() > 20));
    // Spent (as a registration does): the link no longer works.
    r.state
        .store
        .register_passkey(
            &sha256_hex(token.as_bytes()),
            candor_receiver::now_unix_ms(),
            "cred",
            "{}",
            "2027-01-15T08:00:00Z",
        )
        .unwrap()
        .unwrap();
    for token in [token.as_str(), "never-issued"] {
        let (status, _, body) = call(
            &r,
            post(
                "/console/api/register/options",
                Some(ORIGIN),
                None,
                json!({ "token": token }),
            ),
        )
        .await;
        assert_eq!(status, StatusCode::GONE, "{body}");
    }
}

/// The one stored record's id, and its path (`{id}/{kid}`).
async fn stored_record(r: &Receiver) -> (String, String) {
    one_submission(r).await;
    let id = r.state.store.ids().unwrap().pop().unwrap();
    let (kid, _) = r.state.store.signed_under(&id).unwrap().remove(0);
    let path = format!("{id}/{kid}");
    (id, path)
}

#[tokio::test]
async fn each_role_may_do_only_its_part_of_the_review() {
    let r = receiver();
    let (id, record) = stored_record(&r).await;
    let path = format!("/console/api/submissions/{record}/review");
    let (_, desk) = signed_in(&r, Role::FrontDesk, 0);
    let (_, provider) = signed_in(&r, Role::Provider, 0);
    let (_, director) = signed_in(&r, Role::Director, 0);
    // The front desk reads no answers and records nothing.
    let (status, _, page) = call(
        &r,
        get(&format!("/console/submission/{record}"), Some(&desk)),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!page.contains("Findings"), "no chart for the front desk");
    let reviewed = json!({ "action": "reviewed", "note": "ok" });
    let (status, _, _) = call(&r, post(&path, Some(ORIGIN), Some(&desk), reviewed.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A provider reviews, but cannot decide.
    let decided = json!({ "action": "decided", "decision": "proceed", "reason": "fine" });
    let (status, _, body) = call(
        &r,
        post(&path, Some(ORIGIN), Some(&provider), decided.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _, _) = call(
        &r,
        post(&path, Some(ORIGIN), Some(&provider), reviewed.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // From another origin, nothing is recorded.
    let (status, _, _) = call(
        &r,
        post(
            &path,
            Some("https://evil.example"),
            Some(&director),
            decided.clone(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The director must choose a real decision and give a reason.
    for bad in [
        json!({ "action": "decided", "decision": "whatever", "reason": "x" }),
        json!({ "action": "decided", "decision": "proceed", "reason": "  " }),
    ] {
        let (status, _, _) = call(&r, post(&path, Some(ORIGIN), Some(&director), bad)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
    let (status, _, _) = call(&r, post(&path, Some(ORIGIN), Some(&director), decided)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let log = r.state.store.console_events(Some(&id)).unwrap();
    let done: Vec<_> = log
        .iter()
        .map(|e| (e.action.as_str(), e.role.as_deref()))
        .collect();
    assert_eq!(
        done,
        [
            ("reviewed", Some("provider")),
            ("decided", Some("director"))
        ]
    );
    let (status, _, page) = call(
        &r,
        get(&format!("/console/submission/{record}"), Some(&provider)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Decided: Proceed"),
        "the chart shows the decision"
    );
    // The log's export: a submission's for providers, the whole log for the director.
    let (status, headers, csv) = call(
        &r,
        get(
            &format!(
                "/console/audit.csv?submission={id}&kid={}",
                record.split('/').nth(1).unwrap()
            ),
            Some(&provider),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        csv.starts_with("at,staff,role,action,submission,signer,detail\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\"Test provider\",\"provider\",\"reviewed\""),
        "{csv}"
    );
    assert_eq!(
        call(&r, get("/console/audit.csv", Some(&provider))).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(&r, get("/console/audit.csv", Some(&director))).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn only_the_director_manages_staff_and_a_disabled_member_is_out_at_once() {
    let r = receiver();
    let (_, provider) = signed_in(&r, Role::Provider, 0);
    let (me, director) = signed_in(&r, Role::Director, 0);
    let invite = json!({ "name": "Dr. New", "role": "provider" });
    let (status, _, _) = call(
        &r,
        post(
            "/console/api/staff",
            Some(ORIGIN),
            Some(&provider),
            invite.clone(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        call(&r, get("/console/staff", Some(&provider))).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, _, _) = call(
        &r,
        post(
            "/console/api/staff",
            Some("https://evil.example"),
            Some(&director),
            invite.clone(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, body) = call(
        &r,
        post("/console/api/staff", Some(ORIGIN), Some(&director), invite),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let made: Value = serde_json::from_str(&body).unwrap();
    assert!(
        made["link"]
            .as_str()
            .unwrap()
            .contains("/console/register#invite=")
    );
    let provider_id = uuid_for(Role::Provider);
    let disable = format!("/console/api/staff/{provider_id}/disable");
    assert_eq!(
        call(&r, get("/console/api/queue", Some(&provider))).await.0,
        StatusCode::OK
    );
    let (status, _, _) = call(&r, post(&disable, Some(ORIGIN), Some(&director), json!({}))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        call(&r, get("/console/api/queue", Some(&provider))).await.0,
        StatusCode::UNAUTHORIZED
    );
    let own = format!("/console/api/staff/{}/disable", me.id);
    let (status, _, _) = call(&r, post(&own, Some(ORIGIN), Some(&director), json!({}))).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a director cannot lock themself out"
    );
    let actions: Vec<_> = r
        .state
        .store
        .console_events(None)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.contains(&"staff_invited".to_owned())
            && actions.contains(&"staff_disabled".to_owned())
    );
}

#[tokio::test]
async fn the_queues_own_refresh_does_not_keep_an_unattended_console_signed_in() {
    let r = receiver();
    let (_, id) = signed_in(&r, Role::Provider, 14);
    let hash = sha256_hex(id.as_bytes());
    let before = r
        .state
        .store
        .session(&hash)
        .unwrap()
        .unwrap()
        .last_seen_unix_ms;
    assert_eq!(
        call(&r, get("/console/api/queue", Some(&id))).await.0,
        StatusCode::OK
    );
    let after = r
        .state
        .store
        .session(&hash)
        .unwrap()
        .unwrap()
        .last_seen_unix_ms;
    assert_eq!(before, after, "a refresh is not use");
    // Opening a page is.
    assert_eq!(call(&r, get("/console", Some(&id))).await.0, StatusCode::OK);
    assert!(
        r.state
            .store
            .session(&hash)
            .unwrap()
            .unwrap()
            .last_seen_unix_ms
            > before
    );
}

#[tokio::test]
async fn a_signature_that_no_longer_verifies_is_marked_in_the_queue_and_the_chart() {
    let r = receiver();
    let (id, record) = stored_record(&r).await;
    // Someone with the database and its key (an insider) changes a stored signature's
    // last bytes, sealing it again: the signature itself still tells.
    let jws = r.state.store.jws(&id).unwrap().unwrap();
    let broken = format!("{}AAAA", &jws[..jws.len() - 4]);
    let kid = r.state.store.submission(&id).unwrap().unwrap().kid;
    let place = candor_receiver::store::places::record_place("submissions.jws", &id, &kid);
    let row = id.clone();
    r.state
        .store
        .write(move |c| {
            let sealed = c.seal(&place, &broken)?;
            c.execute(
                "UPDATE submissions SET jws = $1 WHERE id = $2",
                candor_receiver::store::sql::params![sealed, &row],
            )?;
            Ok(())
        })
        .unwrap();
    let (_, provider) = signed_in(&r, Role::Provider, 0);
    let (_, _, page) = call(
        &r,
        get(&format!("/console/submission/{record}"), Some(&provider)),
    )
    .await;
    assert!(page.contains("Does not verify"), "the chart says so");
}
