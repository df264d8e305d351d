//! `keys new` and `keys rotate`: the key-encryption key that seals health data.

use std::path::PathBuf;
use std::process::ExitCode;

use candor_receiver::keys::{KeyProvider, KeySource};
use clap::Subcommand;

use crate::DatabaseArg;

/// What can be done with the key that seals health data.
#[derive(Subcommand)]
pub enum KeysCommand {
    /// Make a new key: into a file (0600, never over an existing one), or printed for an
    /// environment variable or a secret manager
    New {
        /// The file to write (without it, the key line is printed)
        file: Option<PathBuf>,
    },
    /// Re-wrap the database's data keys under a new key, while receivers keep serving
    ///
    /// Records are not rewritten. Receivers already running keep serving; every one
    /// started afterwards needs the new key, and the old one no longer opens the
    /// database.
    Rotate {
        /// The database and its current key
        #[command(flatten)]
        db: DatabaseArg,
        /// The new key's file (made first with `keys new FILE`)
        #[arg(long, value_name = "FILE", required_unless_present = "new_key_env")]
        new_key_file: Option<PathBuf>,
        /// Or the environment variable holding the new key
        #[arg(long, value_name = "NAME", conflicts_with = "new_key_file")]
        new_key_env: Option<String>,
    },
}

/// Runs a keys command.
pub fn run(command: KeysCommand) -> Result<ExitCode, String> {
    match command {
        KeysCommand::New { file: Some(file) } => {
            let key = KeySource::File(file.clone())
                .create()
                .map_err(|e| e.to_string())?;
            eprintln!(
                "made the key {} in {} (readable by its owner only)",
                key.id(),
                file.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        KeysCommand::New { file: None } => {
            let line = candor_receiver::keys::source::new_key_line().map_err(|e| e.to_string())?;
            println!("{}", line.as_str());
            Ok(ExitCode::SUCCESS)
        }
        KeysCommand::Rotate {
            db,
            new_key_file,
            new_key_env,
        } => {
            let new = match (new_key_file, new_key_env) {
                (_, Some(name)) => KeySource::Env(name),
                (Some(file), None) => KeySource::File(file),
                (None, None) => return Err("give --new-key-file or --new-key-env".into()),
            }
            .load()
            .map_err(|e| e.to_string())?;
            let old = db.key.source().load().map_err(|e| e.to_string())?;
            let store = db.open()?;
            let count = store
                .rotate_key(&old, &new)
                .map_err(|e| format!("cannot rotate the key of {}: {e}", db.database))?;
            eprintln!(
                "re-wrapped {count} data key(s) from {} to {}: start receivers with the new key from now on (those running keep serving)",
                old.id(),
                new.id()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
