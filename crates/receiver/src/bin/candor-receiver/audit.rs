//! `audit verify`: the console's audit log against its hash chain.

use std::process::ExitCode;

use candor_receiver::Store;
use candor_receiver::domain::chain::Head;
use candor_receiver::store::Database;
use clap::Subcommand;

/// What can be checked of the audit log.
#[derive(Subcommand)]
pub enum AuditCommand {
    /// Walk the log against its chain: exit 0 when every event is as it was written, 1
    /// with the first event changed, removed, added or moved
    ///
    /// Needs no key: the chain covers the events as stored. A head kept elsewhere (the
    /// console shows it; every audit export ends with it) also catches a log rewritten
    /// from the start.
    Verify {
        /// The database: a SQLite file (FILE or sqlite:FILE) or postgres://user@host:port/dbname
        #[arg(long = "db", value_name = "DATABASE", default_value = "candor-receiver.sqlite", value_parser = crate::parse_database)]
        database: Database,
        /// A head kept elsewhere, as printed: "#N sha256:HASH"
        #[arg(long, value_name = "HEAD")]
        head: Option<Head>,
    },
}

/// Runs an audit command.
pub fn run(command: AuditCommand) -> Result<ExitCode, String> {
    let AuditCommand::Verify { database, head } = command;
    let failed = |e: candor_receiver::store::Error| format!("cannot check {database}: {e}");
    let store = Store::connect_unsealed(&database).map_err(failed)?;
    match store.verify_audit(head.as_ref()).map_err(failed)? {
        Ok(head) => {
            println!(
                "the audit log is as written: {} event(s), chain head {head}",
                head.n
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(broken) => {
            println!("the audit log was changed: {broken}");
            Ok(ExitCode::from(1))
        }
    }
}
