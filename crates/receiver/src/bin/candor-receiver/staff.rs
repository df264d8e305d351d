//! `staff invite`, `staff list` and `staff disable`: the clinic's console users.

use std::process::ExitCode;

use candor_receiver::store::staff::Role;
use clap::Subcommand;

use crate::{DatabaseArg, default_console_origin};

/// What can be done to the clinic's staff from the command line.
#[derive(Subcommand)]
pub enum StaffCommand {
    /// Make a one-time link (24 hours) with which a staff member registers their passkey
    Invite {
        #[command(flatten)]
        db: DatabaseArg,
        /// Their name as the console shows it, such as "Dr. Ana Ruiz"
        #[arg(long)]
        name: String,
        /// What they may do: front_desk, provider or director
        #[arg(long)]
        role: Role,
        /// The origin staff open the console at (default: http://localhost:8080)
        #[arg(long, value_name = "ORIGIN")]
        console_origin: Option<String>,
    },
    /// List the staff, their roles and whether they are active
    List {
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Disable a staff member: their sessions end at once
    Disable {
        #[command(flatten)]
        db: DatabaseArg,
        /// Their id (staff list shows it)
        staff_id: String,
    },
}

/// Runs a staff command.
pub fn run(command: StaffCommand) -> Result<ExitCode, String> {
    match command {
        StaffCommand::Invite {
            db,
            name,
            role,
            console_origin,
        } => {
            let origin = console_origin.unwrap_or_else(default_console_origin);
            let member = candor_receiver::staff::invite(&db.open()?, &name, role, &origin)?;
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
        StaffCommand::List { db } => {
            for m in db.open()?.staff_list().map_err(|e| e.to_string())? {
                let state = m
                    .disabled_at
                    .map_or("active".to_owned(), |at| format!("disabled {at}"));
                println!("{}\t{}\t{}\t{state}", m.id, m.name, m.role);
            }
            Ok(ExitCode::SUCCESS)
        }
        StaffCommand::Disable { db, staff_id } => {
            if db
                .open()?
                .disable_staff(&staff_id, &candor_receiver::now_rfc3339())
                .map_err(|e| e.to_string())?
            {
                println!("disabled {staff_id}: their sessions ended");
                Ok(ExitCode::SUCCESS)
            } else {
                Err(format!(
                    "no active staff member {staff_id} (staff list shows them)"
                ))
            }
        }
    }
}
