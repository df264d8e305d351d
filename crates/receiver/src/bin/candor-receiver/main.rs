//! `candor-receiver`: the reference receiver. `--help` describes every command; the
//! README's command reference is that text (checked by `scripts/check-cli-reference.mjs`).

mod kiosk;
mod records;
mod serve;
mod staff;

use std::process::ExitCode;

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
    Serve(serve::ServeArgs),
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
}

/// The `--db` option every command that opens the database takes.
#[derive(Args)]
struct DatabaseArg {
    /// The database: a SQLite file (FILE or sqlite:FILE) or postgres://user@host:port/dbname
    #[arg(long = "db", value_name = "DATABASE", default_value = "candor-receiver.sqlite", value_parser = parse_database)]
    database: Database,
}

impl DatabaseArg {
    /// The store, opened (and migrated) for a command.
    fn open(&self) -> Result<Store, String> {
        Store::connect(&self.database).map_err(|e| format!("cannot open {}: {e}", self.database))
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
        Command::Serve(args) => serve::run(args),
        Command::Verify { file } => records::verify(&file),
        Command::Export { db, id } => records::export(&db.open()?, id.as_deref()),
        Command::Invite { db } => records::invite(&db.open()?),
        Command::Kiosk(command) => kiosk::run(command),
        Command::Staff(command) => staff::run(command),
    }
}

/// The console origin staff commands default to (the default `serve --listen`'s).
fn default_console_origin() -> String {
    Config::default().console_origin()
}
