//! Where the clinic profile comes from: `profile.json` beside the page (the build puts
//! the demo clinic's there; the reference receiver serves the clinic's approved
//! version, with the medical director's approval of it in its `Candor-Approval`
//! header), or `?profile=<url>` on the widget's own origin or an origin the hosting
//! page allows.
//!
//! The allowlist is set by whoever serves `index.html`, in
//! `<meta name="candor-profile-origins" content="https://a.example https://b.example">`.

use candor_core::ClinicProfile;
use wasm_bindgen::JsCast;

/// Where to load the profile from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProfileSource {
    /// The clinic's profile beside the page (`profile.json`), preloaded by it.
    Clinic,
    /// A profile to fetch from this absolute URL.
    Url(String),
}

/// Why a profile could not be used, for the clinic's staff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadFailure {
    /// The address that was asked for, as given.
    pub source: String,
    /// What went wrong, one line per problem.
    pub problems: Vec<String>,
    /// The network failed (no answer, or a server error): trying again may work.
    pub retry: bool,
}

/// The profile the page asks for, or why the request is refused.
pub fn requested() -> Result<ProfileSource, LoadFailure> {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return Ok(ProfileSource::Clinic);
    };
    let search = location.search().unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let Some(raw) = params
        .and_then(|p| p.get("profile"))
        .filter(|v| !v.trim().is_empty())
    else {
        return Ok(ProfileSource::Clinic);
    };
    let href = location.href().unwrap_or_default();
    let fail = |problem: String| LoadFailure {
        source: raw.clone(),
        problems: vec![problem],
        retry: false,
    };
    let url = web_sys::Url::new_with_base(&raw, &href)
        .map_err(|_| fail("this is not a valid address".into()))?;
    let own = location.origin().unwrap_or_default();
    let origin = url.origin();
    if origin != own && !allowed_origins().contains(&origin) {
        return Err(fail(format!(
            "profiles may only be loaded from {own} or an origin listed in the page's candor-profile-origins; {origin} is not"
        )));
    }
    Ok(ProfileSource::Url(url.href()))
}

/// Origins listed in the page's `candor-profile-origins` meta tag.
fn allowed_origins() -> Vec<String> {
    super::dom::element_by_id("candor-profile-origins")
        .or_else(|| {
            web_sys::window()?
                .document()?
                .query_selector("meta[name=candor-profile-origins]")
                .ok()
                .flatten()
        })
        .and_then(|el| el.dyn_into::<web_sys::HtmlMetaElement>().ok())
        .map(|meta| {
            meta.content()
                .split_whitespace()
                .map(|o| o.trim_end_matches('/').to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The clinic profile's file, beside the page.
pub const CLINIC_PROFILE: &str = "profile.json";

/// The response header that carries the approval the receiver publishes for the
/// profile it serves: base64url of `{"profile_sha256", "approver", "credential",
/// "approved_at"}`. A header rather than a second document: one request fewer before
/// the first screen (0.14 s of Lighthouse's simulated slow-4G LCP, measured).
pub const APPROVAL_HEADER: &str = "candor-approval";

/// A profile, and the approval published with it (the header's JSON, decoded).
pub struct Fetched {
    /// The profile, read and checked.
    pub profile: ClinicProfile,
    /// The approval document sent with it, if any.
    pub approval: Option<String>,
}

/// Fetches and checks the profile at `url`. The page's own profile is fetched as the
/// page preloads it (same-origin credentials, no extra header), so the preloaded
/// response is the one used.
pub async fn fetch(url: &str) -> Result<Fetched, LoadFailure> {
    let fail = |problems: Vec<String>| LoadFailure {
        source: url.to_owned(),
        problems,
        retry: false,
    };
    let network = |problem: String| LoadFailure {
        source: url.to_owned(),
        problems: vec![problem],
        retry: true,
    };
    let request = if url == CLINIC_PROFILE {
        gloo_net::http::Request::get(url).credentials(web_sys::RequestCredentials::SameOrigin)
    } else {
        gloo_net::http::Request::get(url)
            .header("Accept", "application/json")
            .credentials(web_sys::RequestCredentials::Omit)
    };
    let response = request
        .send()
        .await
        .map_err(|e| network(format!("could not be downloaded: {e}")))?;
    if !response.ok() {
        let problem = format!(
            "the server answered {} {}",
            response.status(),
            response.status_text()
        );
        return Err(if response.status() >= 500 {
            network(problem)
        } else {
            fail(vec![problem])
        });
    }
    let approval = response
        .headers()
        .get(APPROVAL_HEADER)
        .and_then(|h| candor_core::jws::from_base64url(h.trim()))
        .and_then(|bytes| String::from_utf8(bytes).ok());
    let body = response
        .text()
        .await
        .map_err(|e| network(format!("could not be read: {e}")))?;
    // Parsing, hashing and reading a profile of a few hundred kilobytes are three
    // tasks, not one long one (a slow phone's main thread stays responsive).
    let problems = |errors: Vec<candor_core::ProfileError>| {
        fail(errors.iter().map(ToString::to_string).collect())
    };
    let document = ClinicProfile::parse_document(&body).map_err(problems)?;
    drop(body);
    super::tasks::next_task().await;
    let sha256 = candor_core::profile::fingerprint::sha256(&document)
        .map_err(|e| problems(vec![candor_core::profile::fingerprint::problem(e)]))?;
    super::tasks::next_task().await;
    let profile = ClinicProfile::from_document(&document, sha256).map_err(problems)?;
    Ok(Fetched { profile, approval })
}
