//! Requests to the console as a member's browser makes them, for the console's and
//! the protocol pages' tests.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::common::Receiver;

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
