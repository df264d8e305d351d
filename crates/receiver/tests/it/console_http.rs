//! Requests to the console as a member's browser makes them, for the console's and
//! the protocol pages' tests.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use candor_core::jws::sha256_hex;
use candor_receiver::store::staff::{INVITE_VALID_MS, Role, Staff};
use serde_json::Value;

use crate::common::Receiver;

/// The console origin the tests' receivers use.
pub const ORIGIN: &str = "http://localhost:8080";

/// Sends `request` to the receiver's routes; its status, headers and body.
pub async fn call(r: &Receiver, request: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let response = candor_receiver::app(r.state.clone())
        .oneshot(request)
        .await
        .unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

/// `GET path`, with the session's cookie when there is one.
pub fn get(path: &str, session: Option<&str>) -> Request<Body> {
    let mut request = Request::get(path);
    if let Some(id) = session {
        request = request.header(header::COOKIE, format!("__Host-candor-staff={id}"));
    }
    request.body(Body::empty()).unwrap()
}

/// A member with `role`, signed in `minutes_ago` (last used then too); returns the
/// session id their cookie carries.
pub fn signed_in(r: &Receiver, role: Role, minutes_ago: i64) -> (Staff, String) {
    let staff = Staff {
        id: uuid_for(role),
        name: format!("Test {role}"),
        role,
        created_at: "2027-01-15T08:00:00Z".into(),
        disabled_at: None,
    };
    let store = &r.state.store;
    store
        .invite_staff(
            &staff,
            &format!("hash-{role}"),
            candor_receiver::now_unix_ms() + INVITE_VALID_MS,
        )
        .unwrap();
    let id = format!("session-of-{role}-{minutes_ago}");
    store
        .start_session(
            &sha256_hex(id.as_bytes()),
            &staff.id,
            candor_receiver::now_unix_ms() - minutes_ago * 60_000,
        )
        .unwrap();
    (staff, id)
}

/// The id the tests give a member with `role`.
pub fn uuid_for(role: Role) -> String {
    match role {
        Role::FrontDesk => "00000000-0000-4000-8000-000000000001",
        Role::Provider => "00000000-0000-4000-8000-000000000002",
        Role::Director => "00000000-0000-4000-8000-000000000003",
    }
    .into()
}

/// `POST path` with a JSON body, from `origin` and with the session's cookie when given.
pub fn post(path: &str, origin: Option<&str>, session: Option<&str>, body: Value) -> Request<Body> {
    let mut request = Request::post(path).header(header::CONTENT_TYPE, "application/json");
    if let Some(origin) = origin {
        request = request.header(header::ORIGIN, origin);
    }
    if let Some(id) = session {
        request = request.header(header::COOKIE, format!("__Host-candor-staff={id}"));
    }
    request.body(Body::from(body.to_string())).unwrap()
}
