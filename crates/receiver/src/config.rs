//! How the receiver is started.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::store::Database;

/// The receiver's settings (all have defaults suited to a laptop demo).
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen.
    pub listen: SocketAddr,
    /// The database: a SQLite file (created when missing), or PostgreSQL.
    pub database: Database,
    /// The built widget to serve.
    pub dist: PathBuf,
    /// Who may embed the widget in a frame: the CSP `frame-ancestors` sources.
    pub frame_ancestors: String,
    /// Extra origins the widget may connect to (other delivery targets, such as a
    /// FHIR server), added to `connect-src 'self'`.
    pub connect_src: Vec<String>,
    /// Send `Strict-Transport-Security` (for a deployment behind TLS).
    pub hsts: bool,
    /// Refuse every submission that comes without an invite (`403`).
    pub require_invite: bool,
    /// How many uninvited submissions a key and an address may make.
    pub rate_limits: crate::rate::RateLimits,
    /// The origin staff open the console at (its host is the passkeys' relying
    /// party); `None`: `http://localhost:<port>`, for a receiver on this machine.
    pub console_origin: Option<String>,
    /// The clinic's profile file, served as `/profile.json` once approved (see
    /// [`crate::protocol`]); `None`: the build's `dist/profile.json` (the demo clinic).
    pub profile: Option<PathBuf>,
    /// Where patients open the widget, for invitation links; `None`: the console's
    /// origin.
    pub public_url: Option<String>,
    /// How long after it was received a record joins the API's submissions feed
    /// ([`crate::service::api::FEED_SETTLE_MS`]; the tests make it 0).
    pub feed_settle_ms: i64,
    /// The internal addresses webhook endpoints may reach (none by default: the
    /// operator names them, `--webhook-allow-internal`).
    pub webhook_allowances: crate::domain::egress::Allowed,
    /// The first wait after a failed webhook delivery, in milliseconds (the schedule
    /// scaled to it; 5,000 by default).
    pub webhook_first_retry_ms: i64,
    /// The only certificate authority (PEM) webhook endpoints are trusted under, for
    /// endpoints on the clinic's own network; `None`: the public web's roots.
    pub webhook_ca_pem: Option<Vec<u8>>,
    /// A day's length for check-ins after a treatment, in milliseconds (a real day,
    /// or shorter for a demonstration or a test: `--check-in-day-seconds`).
    pub check_in_day_ms: i64,
    /// Where an urgent check-in's alert goes (the clinic's on-call address); `None`:
    /// no email, the console and the webhook only.
    pub on_call_email: Option<String>,
}

impl Config {
    /// The clinic profile's file: as configured, or `dist/profile.json`.
    pub fn profile_path(&self) -> PathBuf {
        self.profile
            .clone()
            .unwrap_or_else(|| self.dist.join("profile.json"))
    }

    /// Where patients open the widget: as configured, or the console's origin, with a
    /// final `/`.
    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("{}/", self.console_origin()))
    }

    /// The console's origin: as configured, or `http://localhost:<port>`.
    pub fn console_origin(&self) -> String {
        self.console_origin
            .clone()
            .unwrap_or_else(|| format!("http://localhost:{}", self.listen.port()))
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database: Database::Sqlite(PathBuf::from("candor-receiver.sqlite")),
            dist: PathBuf::from("dist"),
            frame_ancestors: "'self'".into(),
            connect_src: Vec::new(),
            hsts: false,
            require_invite: false,
            rate_limits: crate::rate::RateLimits::default(),
            console_origin: None,
            profile: None,
            public_url: None,
            feed_settle_ms: crate::service::api::FEED_SETTLE_MS,
            webhook_allowances: crate::domain::egress::Allowed::none(),
            webhook_first_retry_ms: crate::domain::webhook::RETRY_WAITS_S[0] * 1000,
            webhook_ca_pem: None,
            check_in_day_ms: crate::domain::check_in::DAY_MS,
            on_call_email: None,
        }
    }
}
