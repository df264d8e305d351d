//! `candor-receiver`: the reference receiver.
//!
//! ```text
//! candor-receiver serve  [--listen 127.0.0.1:8080] [--db DATABASE] [--dist DIR]
//!                        [--profile FILE]   the clinic's profile (default DIR/profile.json)
//!                        [--frame-ancestors SOURCES] [--connect-src ORIGIN]...
//!                        [--hsts on|off] [--max-connections N] [--require-invite on|off]
//!                        [--rate-per-key N] [--rate-per-address N]   (uninvited, an hour)
//! candor-receiver verify FILE|-          check an exported JWS offline
//! candor-receiver export --db FILE [ID]  print a stored JWS (or list the ids)
//! candor-receiver kiosk enrol --db FILE --name NAME [--url BASE]
//!                                        a one-time enrolment link for a tablet (and its QR code)
//! candor-receiver kiosk revoke --db FILE NAME   its later submissions are refused
//! candor-receiver kiosk list --db FILE   kiosks, their state and last submission
//! candor-receiver invite --db FILE       make an invite; prints its id and link fragment
//!                                        (with the key of its draft, which is not stored)
//! ```
//!
//! `--db` is a SQLite file (`FILE` or `sqlite:FILE`, the default
//! `candor-receiver.sqlite`) or a PostgreSQL connection string (`postgres://…`).

use std::process::ExitCode;
use std::sync::Arc;

use candor_receiver::store::Database;
use candor_receiver::{AppState, Config, Store};

const USAGE: &str = "usage:
  candor-receiver serve  [--listen ADDR] [--db DATABASE] [--dist DIR] [--profile FILE] [--frame-ancestors SOURCES] [--connect-src ORIGIN]...
                         [--hsts on|off] [--max-connections N] [--require-invite on|off]
                         [--rate-per-key N] [--rate-per-address N] [--console-origin ORIGIN]
  candor-receiver verify FILE|-
  candor-receiver export --db FILE [SUBMISSION_ID]
  candor-receiver invite --db FILE
  candor-receiver kiosk enrol --db FILE --name NAME [--url BASE]
  candor-receiver kiosk revoke --db FILE NAME
  candor-receiver kiosk list --db FILE
  candor-receiver staff invite --db FILE --name NAME --role front_desk|provider|director [--console-origin ORIGIN]
  candor-receiver staff list --db FILE
  candor-receiver staff disable --db FILE STAFF_ID
DATABASE and FILE: a SQLite file (FILE or sqlite:FILE) or postgres://user@host:port/dbname";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("verify") => verify(&args[1..]),
        Some("export") => export(&args[1..]),
        Some("invite") => invite(&args[1..]),
        Some("kiosk") => kiosk(&args[1..]),
        Some("staff") => staff(&args[1..]),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("candor-receiver: {message}");
            ExitCode::from(2)
        }
    }
}

/// `--name value` pairs as given.
type Pairs = Vec<(String, String)>;

/// Options as `--name value` pairs, plus the other arguments in order.
fn options(args: &[String], known: &[&str]) -> Result<(Pairs, Vec<String>), String> {
    let (mut pairs, mut rest) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        if let Some(name) = arg.strip_prefix("--") {
            if !known.contains(&name) {
                return Err(format!("unknown option --{name}\n{USAGE}"));
            }
            let value = args.get(i + 1).ok_or(format!("--{name} needs a value"))?;
            pairs.push((name.to_owned(), value.clone()));
            i += 2;
        } else {
            rest.push(arg.clone());
            i += 1;
        }
    }
    Ok((pairs, rest))
}

/// The last value given for `--name`.
fn last(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs
        .iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
}

fn database(pairs: &[(String, String)]) -> Result<Store, String> {
    let database = last(pairs, "db")
        .map(|v| Database::parse(&v))
        .unwrap_or_else(|| Config::default().database);
    Store::connect(&database).map_err(|e| format!("cannot open {database}: {e}"))
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

fn serve(args: &[String]) -> Result<ExitCode, String> {
    let (pairs, rest) = options(
        args,
        &[
            "listen",
            "db",
            "dist",
            "frame-ancestors",
            "connect-src",
            "hsts",
            "max-connections",
            "require-invite",
            "rate-per-key",
            "rate-per-address",
            "console-origin",
            "profile",
        ],
    )?;
    let mut limits = candor_receiver::serve::Limits::default();
    if !rest.is_empty() {
        return Err(USAGE.to_owned());
    }
    let mut config = Config::default();
    for (name, value) in &pairs {
        match name.as_str() {
            "listen" => {
                config.listen = value.parse().map_err(|_| {
                    format!("--listen {value}: not an address such as 127.0.0.1:8080")
                })?
            }
            "db" => config.database = Database::parse(value),
            "dist" => config.dist = value.into(),
            "frame-ancestors" => config.frame_ancestors = value.clone(),
            "console-origin" => config.console_origin = Some(value.clone()),
            "profile" => config.profile = Some(value.into()),
            "hsts" => {
                config.hsts = match value.as_str() {
                    "on" => true,
                    "off" => false,
                    _ => return Err(format!("--hsts {value}: on or off")),
                }
            }
            "require-invite" => {
                config.require_invite = match value.as_str() {
                    "on" => true,
                    "off" => false,
                    _ => return Err(format!("--require-invite {value}: on or off")),
                }
            }
            "rate-per-key" | "rate-per-address" => {
                let per_hour: u32 = value
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(format!("--{name} {value}: submissions an hour, above 0"))?;
                if name == "rate-per-key" {
                    config.rate_limits.per_key = per_hour;
                } else {
                    config.rate_limits.per_address = per_hour;
                }
            }
            "max-connections" => {
                limits.max_connections = value
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(format!("--max-connections {value}: a number above 0"))?
            }
            _ => config.connect_src.push(value.clone()),
        }
    }
    if !config.dist.join("index.html").is_file() {
        return Err(format!(
            "{} has no index.html: build the widget first (./run does)",
            config.dist.display()
        ));
    }
    candor_receiver::console::Console::new(&config.console_origin(), &config.dist)?;
    let store = database(&pairs)?;
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
        let app = candor_receiver::app(state);
        candor_receiver::serve::serve(listener, app, limits, async {
            tokio::signal::ctrl_c().await.ok();
        })
        .await;
        Ok::<(), String>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

fn verify(args: &[String]) -> Result<ExitCode, String> {
    let [file] = args else {
        return Err(USAGE.to_owned());
    };
    let text = if file == "-" {
        std::io::read_to_string(std::io::stdin()).map_err(|e| e.to_string())?
    } else {
        std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?
    };
    let jws = text.trim();
    match candor_receiver::verify::verify(jws) {
        Ok(v) => {
            let report = serde_json::json!({
                "valid": true,
                "submission_id": v.summary.submission_id,
                "kid": v.kid,
                "clinic": v.summary.clinic.id,
                "profile_version": v.summary.clinic.profile_version,
                "jws_sha256": candor_core::jws::sha256_hex(jws.as_bytes()),
            });
            println!("{}", serde_json::to_string_pretty(&report).expect("JSON"));
            Ok(ExitCode::SUCCESS)
        }
        Err(refusal) => {
            let report = serde_json::json!({ "valid": false, "error": refusal.code, "message": refusal.message });
            println!("{}", serde_json::to_string_pretty(&report).expect("JSON"));
            Ok(ExitCode::FAILURE)
        }
    }
}

fn export(args: &[String]) -> Result<ExitCode, String> {
    let (pairs, rest) = options(args, &["db"])?;
    let store = database(&pairs)?;
    match rest.as_slice() {
        [] => {
            for id in store.ids().map_err(|e| e.to_string())? {
                println!("{id}");
            }
            Ok(ExitCode::SUCCESS)
        }
        // Every record stored under the id, first received first, one JWS a line
        // (two when another key also signed something under the same id).
        [id] => {
            let records = store.signed_under(id).map_err(|e| e.to_string())?;
            if records.is_empty() {
                return Err(format!("no stored submission {id}"));
            }
            for (_, jws) in records {
                println!("{jws}");
            }
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(USAGE.to_owned()),
    }
}

fn invite(args: &[String]) -> Result<ExitCode, String> {
    let (pairs, rest) = options(args, &["db"])?;
    if !rest.is_empty() {
        return Err(USAGE.to_owned());
    }
    let store = database(&pairs)?;
    let invite = candor_receiver::invite::create(&store)?;
    // The draft key goes only into the link: the receiver keeps ciphertext it cannot read.
    let key = candor_receiver::invite::draft_key()?;
    let fragment =
        candor_core::delivery::invite::fragment_with_draft(&invite.id, &invite.token, &key);
    let report =
        serde_json::json!({ "invite": invite.id, "token": invite.token, "fragment": fragment });
    println!("{}", serde_json::to_string_pretty(&report).expect("JSON"));
    Ok(ExitCode::SUCCESS)
}

fn kiosk(args: &[String]) -> Result<ExitCode, String> {
    let (pairs, rest) = options(args, &["db", "name", "url"])?;
    let store = database(&pairs)?;
    let value = |name: &str| last(&pairs, name);
    match rest
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["enrol"] => {
            let name =
                value("name").ok_or("kiosk enrol needs --name, such as \"Front desk tablet 1\"")?;
            let code = candor_receiver::kiosk::new_enrolment(&store, &name)?;
            let base = value("url").unwrap_or_else(|| "http://127.0.0.1:8080/".into());
            let link = format!("{}{}", base, candor_core::kiosk::enrolment_fragment(&code));
            eprintln!(
                "Open this link on the tablet \"{}\" within 24 hours (once only):\n{link}\n\n{}",
                name.trim(),
                candor_receiver::kiosk::qr_text(&link)
            );
            let report = serde_json::json!({ "name": name.trim(), "code": code, "link": link });
            println!("{}", serde_json::to_string_pretty(&report).expect("JSON"));
            Ok(ExitCode::SUCCESS)
        }
        ["revoke", name] => {
            if store
                .revoke_kiosk(name, &candor_receiver::now_rfc3339())
                .map_err(|e| e.to_string())?
            {
                println!("revoked \"{name}\": its submissions are refused from now on");
                Ok(ExitCode::SUCCESS)
            } else {
                Err(format!(
                    "no kiosk \"{name}\" to revoke (kiosk list shows them)"
                ))
            }
        }
        ["list"] => {
            for k in store.kiosks().map_err(|e| e.to_string())? {
                let state = match (&k.revoked_at, &k.enrolled_at) {
                    (Some(at), _) => format!("revoked {at}"),
                    (None, Some(at)) => format!("enrolled {at}"),
                    (None, None) => "waiting to enrol".into(),
                };
                let last = k
                    .last_submission_at
                    .as_deref()
                    .unwrap_or("no submission yet");
                println!("{}\t{state}\tlast submission: {last}", k.name);
            }
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(USAGE.to_owned()),
    }
}

fn staff(args: &[String]) -> Result<ExitCode, String> {
    use candor_receiver::store::staff::Role;
    let (pairs, rest) = options(args, &["db", "name", "role", "console-origin"])?;
    let store = database(&pairs)?;
    let value = |name: &str| last(&pairs, name);
    match rest
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["invite"] => {
            let name =
                value("name").ok_or("staff invite needs --name, such as \"Dr. Ana Ruiz\"")?;
            let role: Role = value("role")
                .ok_or("staff invite needs --role front_desk, provider or director")?
                .parse()?;
            let origin =
                value("console-origin").unwrap_or_else(|| Config::default().console_origin());
            let member = candor_receiver::staff::invite(&store, &name, role, &origin)?;
            eprintln!(
                "Send this link to {} ({}). It registers their passkey, once, within 24 hours:\n{}",
                member.staff.name, member.staff.role, member.link
            );
            let report = serde_json::json!({
                "id": member.staff.id, "name": member.staff.name,
                "role": member.staff.role.as_str(), "link": member.link,
            });
            println!("{}", serde_json::to_string_pretty(&report).expect("JSON"));
            Ok(ExitCode::SUCCESS)
        }
        ["list"] => {
            for m in store.staff_list().map_err(|e| e.to_string())? {
                let state = m
                    .disabled_at
                    .map_or("active".to_owned(), |at| format!("disabled {at}"));
                println!("{}\t{}\t{}\t{state}", m.id, m.name, m.role);
            }
            Ok(ExitCode::SUCCESS)
        }
        ["disable", id] => {
            if store
                .disable_staff(id, &candor_receiver::now_rfc3339())
                .map_err(|e| e.to_string())?
            {
                println!("disabled {id}: their sessions ended");
                Ok(ExitCode::SUCCESS)
            } else {
                Err(format!(
                    "no active staff member {id} (staff list shows them)"
                ))
            }
        }
        _ => Err(USAGE.to_owned()),
    }
}
