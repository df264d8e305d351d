//! `kiosk enrol`, `kiosk revoke` and `kiosk list`: the clinic's waiting-room tablets.

use std::process::ExitCode;

use clap::Subcommand;

use crate::DatabaseArg;

/// What can be done to the clinic's kiosk tablets.
#[derive(Subcommand)]
pub enum KioskCommand {
    /// Make a tablet's one-time enrolment link (24 hours, once) and print it with its QR code
    Enrol {
        #[command(flatten)]
        db: DatabaseArg,
        /// The tablet's name, such as "Front desk tablet 1"
        #[arg(long)]
        name: String,
        /// Where the tablet opens the widget
        #[arg(long, value_name = "BASE", default_value = "http://127.0.0.1:8080/")]
        url: String,
    },
    /// Refuse every later submission signed by the tablet's key
    Revoke {
        #[command(flatten)]
        db: DatabaseArg,
        /// The tablet's name
        name: String,
    },
    /// List the tablets, their state and last submission
    List {
        #[command(flatten)]
        db: DatabaseArg,
    },
}

/// Runs a kiosk command.
pub fn run(command: KioskCommand) -> Result<ExitCode, String> {
    match command {
        KioskCommand::Enrol { db, name, url } => {
            let store = db.open()?;
            let code = candor_receiver::kiosk::new_enrolment(&store, &name)?;
            let link = format!("{url}{}", candor_core::kiosk::enrolment_fragment(&code));
            eprintln!(
                "Open this link on the tablet \"{}\" within 24 hours (once only):\n{link}\n\n{}",
                name.trim(),
                candor_receiver::kiosk::qr_text(&link)
            );
            let report = serde_json::json!({ "name": name.trim(), "code": code, "link": link });
            println!("{}", serde_json::to_string_pretty(&report).expect("JSON"));
            Ok(ExitCode::SUCCESS)
        }
        KioskCommand::Revoke { db, name } => {
            let store = db.open()?;
            if store
                .revoke_kiosk(&name, &candor_receiver::now_rfc3339())
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
        KioskCommand::List { db } => {
            for k in db.open()?.kiosks().map_err(|e| e.to_string())? {
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
    }
}
