//! `api-keys create`, `api-keys list` and `api-keys revoke`: the integration API's
//! keys from the operator's terminal (for provisioning a system before any director
//! has signed in, or by a deployment script); the same keys the director makes on the
//! console's Integrations page, in the same audit log (by the operator).

use std::process::ExitCode;

use candor_receiver::service::api_keys;
use clap::Subcommand;

use crate::DatabaseArg;

/// What can be done to the integration API's keys.
#[derive(Subcommand)]
pub enum ApiKeysCommand {
    /// Make a key and print it (once: only its hash is kept)
    Create {
        #[command(flatten)]
        db: DatabaseArg,
        /// What uses it, such as "EHR sync"
        #[arg(long)]
        name: String,
        /// What it may reach (repeatable): appointments, submissions, submission_content, webhooks
        #[arg(long = "scope", value_name = "SCOPE", required = true, action = clap::ArgAction::Append)]
        scopes: Vec<String>,
    },
    /// List the keys: id, name, scopes, last use, state (never a secret)
    List {
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Refuse every later request with the key
    Revoke {
        #[command(flatten)]
        db: DatabaseArg,
        /// The key's id (the 12 hex digits after cnd_live_)
        id: String,
    },
}

/// Runs an `api-keys` command.
pub fn run(command: ApiKeysCommand) -> Result<ExitCode, String> {
    match command {
        ApiKeysCommand::Create { db, name, scopes } => {
            let made =
                api_keys::create(&db.open()?, None, &name, &scopes).map_err(|e| e.to_string())?;
            eprintln!("Copy the key now into the system that uses it: it is shown once.");
            println!("{}", made.text);
            Ok(ExitCode::SUCCESS)
        }
        ApiKeysCommand::List { db } => {
            for key in api_keys::list(&db.open()?, None).map_err(|e| e.to_string())? {
                let scopes: Vec<&str> = key.scopes.iter().map(|s| s.as_str()).collect();
                let state = key
                    .revoked_at
                    .map_or_else(|| "in use".to_owned(), |at| format!("revoked {at}"));
                let used = key.last_used_at.unwrap_or_else(|| "never used".to_owned());
                println!(
                    "{}\t{}\t{}\t{used}\t{state}",
                    key.id,
                    key.name,
                    scopes.join(",")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        ApiKeysCommand::Revoke { db, id } => {
            api_keys::revoke(&db.open()?, None, &id).map_err(|e| e.to_string())?;
            println!("revoked {id}: every request with it is refused from now on");
            Ok(ExitCode::SUCCESS)
        }
    }
}
