//! A check-in's link and its two requests. `#check-in=<token>` is read once, at
//! start, and removed from the address bar at once (as an invite is); the token then
//! goes only in the `Authorization` header of `GET` and `POST
//! /api/check-ins/current` on the page's own origin (the receiver that sent the link
//! serves this page). Health data goes only in the POST's body: never in an address,
//! a log or a message to an embedding page.

use candor_core::Lang;
use candor_core::delivery::Attempt;
use gloo_net::http::{Request, RequestBuilder};
use serde_json::Value;

/// The receiver's check-in endpoint, on the page's own origin.
pub const CHECK_INS_URL: &str = "/api/check-ins/current";

/// The check-in token in the page's address, if there is one; the fragment is
/// removed from the address either way when it mentions a check-in.
pub fn take() -> Option<String> {
    let fragment = super::address::take_fragment("check-in=")?;
    let token = fragment.strip_prefix("#check-in=")?.split('&').next()?;
    let fits = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
    (!token.is_empty() && token.len() <= 512 && token.chars().all(fits)).then(|| token.to_owned())
}

/// The check-in the link opens, as the receiver describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Current {
    /// The treatment's id in the clinic profile.
    pub treatment: String,
    /// Which check-in (days after the treatment).
    pub day: u16,
    /// The patient's language, when the receiver knows it.
    pub language: Option<Lang>,
    /// Whether this check-in was already answered.
    pub completed: bool,
}

/// Why the check-in could not be opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenFailure {
    /// The receiver does not know the link (401), or answered something unreadable.
    Unknown,
    /// No answer (offline), or the receiver could not answer now (5xx).
    Unreachable,
}

fn with_token(builder: RequestBuilder, token: &str) -> RequestBuilder {
    builder
        .header("Authorization", &format!("Bearer {token}"))
        .credentials(web_sys::RequestCredentials::Omit)
        .referrer_policy(web_sys::ReferrerPolicy::NoReferrer)
        .cache(web_sys::RequestCache::NoStore)
}

/// `GET` the check-in the token opens. The answer is read by walking its JSON (no
/// derived deserialiser in the wasm).
pub async fn current(token: &str) -> Result<Current, OpenFailure> {
    let response = with_token(Request::get(CHECK_INS_URL), token)
        .send()
        .await
        .map_err(|_| OpenFailure::Unreachable)?;
    match response.status() {
        200 => {}
        s if s >= 500 || s == 429 => return Err(OpenFailure::Unreachable),
        _ => return Err(OpenFailure::Unknown),
    }
    let text = response
        .text()
        .await
        .map_err(|_| OpenFailure::Unreachable)?;
    read_current(&text).ok_or(OpenFailure::Unknown)
}

/// The receiver's description of a check-in, from its JSON.
pub fn read_current(json: &str) -> Option<Current> {
    let value: Value = serde_json::from_str(json).ok()?;
    Some(Current {
        treatment: value.get("treatment")?.as_str()?.to_owned(),
        day: u16::try_from(value.get("day")?.as_u64()?).ok()?,
        language: value
            .get("language")
            .and_then(Value::as_str)
            .and_then(Lang::from_tag),
        completed: value.get("completed")?.as_bool()?,
    })
}

/// `POST {report, photo?}`: `report` is the report's JSON, `photo` a JPEG in base64.
/// Any failure to get an answer is [`Attempt::NoAnswer`]; what an answer means is the
/// core's [`candor_core::delivery::classify`].
pub async fn send(token: &str, report: &str, photo: Option<&str>) -> Attempt {
    let body = match photo {
        Some(photo) => format!(r#"{{"report":{report},"photo":"{photo}"}}"#),
        None => format!(r#"{{"report":{report}}}"#),
    };
    let request = with_token(Request::post(CHECK_INS_URL), token)
        .header("Content-Type", "application/json")
        .body(body);
    super::delivery::answer(request).await
}
