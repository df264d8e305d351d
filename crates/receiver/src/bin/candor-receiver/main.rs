//! `candor-receiver`: the reference receiver. `--help` describes every command; the
//! README's command reference is that text (checked by `scripts/check-cli-reference.mjs`).

mod api_keys;
mod appointments;
mod audit;
mod keys;
mod kiosk;
mod records;
mod serve;
mod staff;

use std::path::PathBuf;
use std::process::ExitCode;

use candor_receiver::keys::{KeyProvider, KeySource};
use candor_receiver::store::Database;
use candor_receiver::{Config, Store};
use clap::{Args, Parser, Subcommand};

/// Candor's reference receiver: verifies signed intake summaries and stores each once
/// (SQLite or PostgreSQL), serves the widget and the clinic profile, and runs the staff
/// console.
///
/// DATABASE is a SQLite file (FILE or sqlite:FILE) or postgres://user@host:port/dbname.
/// When an option is given twice, the last value counts.
#[derive(Parser)]
#[command(
    name = "candor-receiver",
    version,
    args_override_self = true,
    term_width = 100
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the widget, the clinic profile, the submission API and the staff console
    Serve(Box<serve::ServeArgs>),
    /// Check an exported JWS offline: exit 0 when valid, 1 when refused
    Verify {
        /// The file holding the JWS, or - for standard input
        file: String,
    },
    /// Print every stored record under a submission id, one JWS a line; or list the ids
    Export {
        #[command(flatten)]
        db: DatabaseArg,
        /// The submission id (without it, every stored id is listed)
        id: Option<String>,
    },
    /// Make a patient invitation: prints its id, token and link fragment
    ///
    /// The fragment carries the key of the visit's draft, which the receiver never keeps.
    Invite {
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Enrol, revoke and list the clinic's kiosk tablets
    #[command(subcommand)]
    Kiosk(kiosk::KioskCommand),
    /// Invite, list and disable the clinic's staff
    #[command(subcommand)]
    Staff(staff::StaffCommand),
    /// Make and rotate the key that seals health data in the database
    #[command(subcommand)]
    Keys(keys::KeysCommand),
    /// Check the console's audit log against its hash chain
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Import a booking system's export; list a day's appointments
    #[command(subcommand)]
    Appointments(appointments::AppointmentsCommand),
    /// Make, list and revoke the integration API's keys
    #[command(subcommand)]
    ApiKeys(api_keys::ApiKeysCommand),
    /// Print the integration API's OpenAPI 3.1 document (also served at /api/v1/openapi.json)
    Openapi,
}

/// The `--db` option every command that opens the database takes, with the key that
/// unseals its health data.
#[derive(Args)]
struct DatabaseArg {
    /// The database: a SQLite file (FILE or sqlite:FILE) or postgres://user@host:port/dbname
    #[arg(long = "db", value_name = "DATABASE", default_value = "candor-receiver.sqlite", value_parser = parse_database)]
    database: Database,
    #[command(flatten)]
    key: KeyArg,
}

/// Where the key that seals health data is read from.
#[derive(Args)]
struct KeyArg {
    /// The key that seals health data: a file only its owner may read (chmod 600), made
    /// with a new database. Keep a copy apart from the database's backups
    #[arg(
        long,
        value_name = "FILE",
        env = "CANDOR_KEY_FILE",
        hide_env_values = true,
        default_value = "candor-receiver.key"
    )]
    key_file: PathBuf,
    /// Read the key from this environment variable instead (the line `keys new` prints)
    #[arg(long, value_name = "NAME", conflicts_with = "key_file")]
    key_env: Option<String>,
}

impl KeyArg {
    fn source(&self) -> KeySource {
        match &self.key_env {
            Some(name) => KeySource::Env(name.clone()),
            None => KeySource::File(self.key_file.clone()),
        }
    }
}

impl DatabaseArg {
    /// The store, opened (and migrated) with its key for a command. A new database
    /// gets a new key file; a database already sealed is refused without its key.
    fn open(&self) -> Result<Store, String> {
        let source = self.key.source();
        let failed =
            |e: candor_receiver::store::Error| format!("cannot open {}: {e}", self.database);
        if source.is_missing() {
            let store = Store::connect_unsealed(&self.database).map_err(failed)?;
            if let Some(kek) = store.sealed_under().map_err(failed)? {
                return Err(format!(
                    "{source} does not exist, and {} is sealed under the key {kek}: give that key with --key-file or --key-env",
                    self.database
                ));
            }
            drop(store);
            let key = source.create().map_err(|e| e.to_string())?;
            eprintln!(
                "candor-receiver: made a new key, {}, in {source}. Keep a copy apart from the database's backups: without it nothing sealed can be read.",
                key.id()
            );
        }
        let key = source.load().map_err(|e| e.to_string())?;
        Store::connect(&self.database, &key).map_err(failed)
    }
}

fn parse_database(value: &str) -> Result<Database, String> {
    Ok(Database::parse(value))
}

/// `on` or `off`.
fn on_off(value: &str) -> Result<bool, String> {
    match value {
        "on" => Ok(true),
        "off" => Ok(false),
        _ => Err("on or off".to_owned()),
    }
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("candor-receiver: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Serve(args) => serve::run(*args),
        Command::Verify { file } => records::verify(&file),
        Command::Export { db, id } => records::export(&db.open()?, id.as_deref()),
        Command::Invite { db } => records::invite(&db.open()?),
        Command::Kiosk(command) => kiosk::run(command),
        Command::Staff(command) => staff::run(command),
        Command::Keys(command) => keys::run(command),
        Command::Audit(command) => audit::run(command),
        Command::Appointments(command) => appointments::run(command),
        Command::ApiKeys(command) => api_keys::run(command),
        Command::Openapi => {
            println!("{}", candor_receiver::api::openapi_json());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The console origin staff commands default to (the default `serve --listen`'s).
fn default_console_origin() -> String {
    Config::default().console_origin()
}
