//! `serve`: the receiver's options, and its start.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use candor_receiver::serve::Limits;
use candor_receiver::{AppState, Config};
use clap::Args;
use clap::builder::TypedValueParser;

use crate::{DatabaseArg, on_off};

/// Everything `serve` may be told; the defaults suit a laptop demo.
#[derive(Args)]
pub struct ServeArgs {
    /// The address to listen on
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    #[command(flatten)]
    db: DatabaseArg,
    /// The built widget to serve
    #[arg(long, value_name = "DIR", default_value = "dist")]
    dist: PathBuf,
    /// The clinic's profile, served as /profile.json once approved (default: DIR/profile.json)
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// Who may embed the widget in a frame: the CSP frame-ancestors sources
    #[arg(long, value_name = "SOURCES", default_value = "'self'")]
    frame_ancestors: String,
    /// Another origin the widget may deliver to, such as a FHIR server (repeatable)
    #[arg(long, value_name = "ORIGIN", action = clap::ArgAction::Append)]
    connect_src: Vec<String>,
    /// Send Strict-Transport-Security (for a receiver behind TLS)
    #[arg(long, value_name = "on|off", default_value = "off", value_parser = on_off, action = clap::ArgAction::Set)]
    hsts: bool,
    /// Open connections at most (64 from one address); beyond, a new one gets 503 with Retry-After
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_connections, value_parser = clap::value_parser!(u32).range(1..).map(|n| n as usize))]
    max_connections: usize,
    /// Refuse every submission that comes without an invite (403 invite_required)
    #[arg(long, value_name = "on|off", default_value = "off", value_parser = on_off, action = clap::ArgAction::Set)]
    require_invite: bool,
    /// New uninvited submissions a signing key may make in an hour
    #[arg(long, value_name = "N", default_value_t = candor_receiver::rate::RateLimits::default().per_key, value_parser = clap::value_parser!(u32).range(1..))]
    rate_per_key: u32,
    /// New uninvited submissions a client address may make in an hour
    #[arg(long, value_name = "N", default_value_t = candor_receiver::rate::RateLimits::default().per_address, value_parser = clap::value_parser!(u32).range(1..))]
    rate_per_address: u32,
    /// The origin staff open the console at (default: http://localhost:PORT)
    #[arg(long, value_name = "ORIGIN")]
    console_origin: Option<String>,
    /// The mail server invitations go through: smtps://user:password@host:465, or
    /// smtp://user:password@host:587?tls=required (without it, invitations wait)
    #[arg(
        long,
        value_name = "URL",
        env = "CANDOR_SMTP_URL",
        hide_env_values = true
    )]
    smtp_url: Option<String>,
    /// Who invitations come from
    #[arg(
        long,
        value_name = "ADDRESS",
        default_value = "Candor <forms@localhost>"
    )]
    mail_from: String,
    /// Where patients open the widget, for invitation links (default: the console's origin)
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
    /// The first wait after a message could not be sent, doubling each time up to an hour
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
    retry_seconds: u32,
    /// The SMS gateway's request template (JSON; README, "Invitations by text message"):
    /// appointments with a mobile number and no email are invited by text
    #[arg(long, value_name = "FILE", env = "CANDOR_SMS_GATEWAY")]
    sms_gateway: Option<PathBuf>,
    /// Trust only this certificate authority (PEM) for the SMS gateway, for a gateway on
    /// the clinic's own network (default: the public web's roots)
    #[arg(long, value_name = "FILE", env = "CANDOR_SMS_CA")]
    sms_ca: Option<PathBuf>,
    /// Remind a patient who has not opened their forms this many hours before the visit
    /// (once, between 08:00 and 20:00 in the visit's time zone; 0: no reminders)
    #[arg(long, value_name = "HOURS", default_value_t = 24, value_parser = clap::value_parser!(u32).range(0..=336))]
    remind_hours: u32,
    /// An internal address or network webhook endpoints may reach (repeatable:
    /// 10.1.2.3, 10.1.0.0/16, ::1); plain http is then allowed to it. Without it, an
    /// endpoint reaching a loopback, private or link-local address is refused
    #[arg(long, value_name = "ADDRESS", action = clap::ArgAction::Append)]
    webhook_allow_internal: Vec<String>,
    /// The first wait after a failed webhook delivery, in milliseconds; the schedule
    /// (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h) is scaled to it
    #[arg(long, value_name = "MS", default_value_t = 5_000, value_parser = clap::value_parser!(u32).range(0..=60_000))]
    webhook_first_retry_ms: u32,
    /// Trust only this certificate authority (PEM) for webhook endpoints, for endpoints
    /// on the clinic's own network (default: the public web's roots)
    #[arg(long, value_name = "FILE", env = "CANDOR_WEBHOOK_CA")]
    webhook_ca: Option<PathBuf>,
    /// Where an urgent check-in's alert is emailed (the clinic's on-call address; the
    /// alert names no patient). Without it, urgent check-ins reach the console and the
    /// `checkin.urgent` webhook only
    #[arg(long, value_name = "ADDRESS")]
    on_call_email: Option<String>,
    /// A day's length for check-ins after a treatment, in seconds: 86400, or shorter to
    /// demonstrate or test the schedule (no night is then skipped)
    #[arg(long, value_name = "SECONDS", default_value_t = 86_400, value_parser = clap::value_parser!(u32).range(1..=86_400))]
    check_in_day_seconds: u32,
}

impl ServeArgs {
    fn config(&self) -> Result<Config, String> {
        let mut config = Config {
            listen: self.listen,
            database: self.db.database.clone(),
            dist: self.dist.clone(),
            frame_ancestors: self.frame_ancestors.clone(),
            connect_src: self.connect_src.clone(),
            hsts: self.hsts,
            require_invite: self.require_invite,
            console_origin: self.console_origin.clone(),
            profile: self.profile.clone(),
            public_url: self.public_url.clone(),
            ..Config::default()
        };
        config.rate_limits.per_key = self.rate_per_key;
        config.rate_limits.per_address = self.rate_per_address;
        config.webhook_allowances =
            candor_receiver::domain::egress::Allowed::parse(&self.webhook_allow_internal)
                .map_err(|e| format!("--webhook-allow-internal: {e}"))?;
        config.webhook_first_retry_ms = i64::from(self.webhook_first_retry_ms);
        config.check_in_day_ms = i64::from(self.check_in_day_seconds) * 1000;
        config.on_call_email.clone_from(&self.on_call_email);
        if let Some(file) = &self.webhook_ca {
            config.webhook_ca_pem = Some(
                std::fs::read(file).map_err(|e| format!("--webhook-ca {}: {e}", file.display()))?,
            );
        }
        Ok(config)
    }
}

/// Starts the receiver and serves until Ctrl-C.
pub fn run(args: ServeArgs) -> Result<ExitCode, String> {
    let config = args.config()?;
    let poster = candor_receiver::webhook_sender::poster(&config)
        .map_err(|e| format!("--webhook-ca: {e}"))?;
    let max_connections = candor_receiver::serve::connection_room(args.max_connections);
    if max_connections < args.max_connections {
        eprintln!(
            "candor-receiver: --max-connections {} is more than this process may open (ulimit -n); serving at most {max_connections}",
            args.max_connections
        );
    }
    let limits = Limits {
        max_connections,
        ..Limits::default()
    };
    if !config.dist.join("index.html").is_file() {
        return Err(format!(
            "{} has no index.html: build the widget first (./run does)",
            config.dist.display()
        ));
    }
    candor_receiver::console::Console::new(&config.console_origin(), &config.dist)?;
    let mailer = match &args.smtp_url {
        Some(url) => Some(
            Arc::new(candor_receiver::mail::Smtp::new(url, &args.mail_from)?)
                as Arc<dyn candor_receiver::mail::Mailer>,
        ),
        None => None,
    };
    let texter = match &args.sms_gateway {
        Some(file) => {
            let template = std::fs::read_to_string(file)
                .map_err(|e| format!("cannot read --sms-gateway {}: {e}", file.display()))?;
            let ca = match &args.sms_ca {
                Some(ca) => Some(
                    std::fs::read(ca)
                        .map_err(|e| format!("cannot read --sms-ca {}: {e}", ca.display()))?,
                ),
                None => None,
            };
            Some(Arc::new(candor_receiver::sms::HttpsGateway::new(
                &template,
                ca.as_deref(),
            )?) as Arc<dyn candor_receiver::sms::Texter>)
        }
        None => None,
    };
    let public_url = config.public_url();
    let store = args.db.open()?;
    // Claims a crashed receiver left in its SQLite file are released, so their
    // senders' retries are stored at once rather than told to wait (PostgreSQL keeps
    // no such state).
    store
        .release_claims()
        .map_err(|e| format!("cannot open {}: {e}", config.database))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        eprintln!(
            "candor-receiver: serving {} on http://{address}/ (database {})",
            config.dist.display(),
            config.database
        );
        let state = Arc::new(AppState::new(store, config));
        // Records the file's version and starts compressing it before the first patient.
        say_profile(&state);
        tokio::spawn(candor_receiver::webhook_sender::deliver_forever(
            state.clone(),
            poster,
        ));
        tokio::spawn(candor_receiver::outbox::send_forever(
            state.clone(),
            candor_receiver::outbox::Channels {
                mailer,
                texter,
                public_url,
                first_retry_ms: i64::from(args.retry_seconds) * 1000,
                reminders: candor_receiver::service::outbox::Reminders {
                    before_ms: i64::from(args.remind_hours) * 3_600_000,
                    after_invitation_ms: 3 * 3_600_000,
                },
            },
        ));
        let app = candor_receiver::app(state);
        candor_receiver::serve::serve(listener, app, limits, async {
            tokio::signal::ctrl_c().await.ok();
        })
        .await;
        Ok::<(), String>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Says on the operator's terminal which profile version patients will get, and
/// whether the file's version waits for the medical director's approval.
fn say_profile(state: &AppState) {
    let (store, protocols) = (&state.store, &state.protocols);
    let path = protocols.path.clone();
    let file = match protocols.file_version(store) {
        Ok(v) => v,
        Err(why) => {
            eprintln!("candor-receiver: WARNING: the clinic profile cannot be served: {why}");
            return;
        }
    };
    if let Err(problems) = candor_core::ClinicProfile::from_json(&file.text) {
        eprintln!(
            "candor-receiver: WARNING: {} is not a usable clinic profile ({} problems; `candor-protocol lint` lists them): patients will see the staff error screen",
            path.display(),
            problems.len()
        );
    }
    match protocols.served(store) {
        Ok(served) if served.version.sha256 == file.sha256 => match served.approval {
            Some(a) => eprintln!(
                "candor-receiver: clinic profile {} (sha256 {}), approved by {} on {}",
                path.display(),
                file.sha256,
                a.approver,
                a.approved_at
            ),
            None => eprintln!(
                "candor-receiver: clinic profile {} (sha256 {}), not approved yet: patients are told so until a director approves it in the console",
                path.display(),
                file.sha256
            ),
        },
        Ok(served) => eprintln!(
            "candor-receiver: clinic profile {} (sha256 {}) waits for approval; patients get the approved version {}",
            path.display(),
            file.sha256,
            served.version.sha256
        ),
        Err(why) => eprintln!("candor-receiver: WARNING: {why}"),
    }
}
