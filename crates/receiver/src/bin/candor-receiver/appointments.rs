//! `appointments import` and `appointments day`: a booking system's export, and the
//! appointments of one day.

use std::path::PathBuf;
use std::process::ExitCode;

use candor_receiver::domain::booking_csv::Mapping;
use candor_receiver::service::appointments::{self, Clinic, ImportError};
use clap::Subcommand;

use crate::DatabaseArg;

/// What can be done with appointments.
#[derive(Subcommand)]
pub enum AppointmentsCommand {
    /// Import a booking system's CSV export: every row checked first, nothing kept when
    /// any has a problem (listed by row and column); imported twice, it adds nothing
    ///
    /// Columns are found by their usual names (Appointment ID, Start Time, Staff,
    /// Service, Client Name or First and Last Name, Email, Phone, Language); map others
    /// once with --map, and they are remembered for the same --source.
    Import {
        #[command(flatten)]
        db: DatabaseArg,
        /// The CSV file (UTF-8, header first)
        file: PathBuf,
        /// The booking system's name, such as boulevard (ids are unique per source)
        #[arg(long)]
        source: String,
        /// A field's column, as FIELD=COLUMN (fields: external_id, start, provider,
        /// treatments, name, first_name, last_name, email, mobile, language)
        #[arg(long = "map", value_name = "FIELD=COLUMN", value_parser = parse_map)]
        map: Vec<(String, String)>,
        /// The clinic profile whose treatments appointments may book (default: the demo clinic's)
        #[arg(long, value_name = "FILE")]
        profile: Option<PathBuf>,
    },
    /// List the appointments of a day (by each start's own offset), by time
    Day {
        #[command(flatten)]
        db: DatabaseArg,
        /// The day, YYYY-MM-DD
        day: String,
    },
}

fn parse_map(value: &str) -> Result<(String, String), String> {
    value
        .split_once('=')
        .map(|(f, c)| (f.trim().to_owned(), c.trim().to_owned()))
        .filter(|(f, c)| !f.is_empty() && !c.is_empty())
        .ok_or_else(|| "write FIELD=COLUMN".to_owned())
}

fn clinic(profile: Option<&PathBuf>) -> Result<Clinic, String> {
    let profile = match profile {
        None => candor_core::profile::ClinicProfile::demo(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            candor_core::profile::ClinicProfile::from_json(&text).map_err(|_| {
                format!(
                    "{} is not a clinic profile (candor-protocol lint says why)",
                    path.display()
                )
            })?
        }
    };
    Ok(Clinic::of(&profile))
}

/// Runs an appointments command.
pub fn run(command: AppointmentsCommand) -> Result<ExitCode, String> {
    match command {
        AppointmentsCommand::Import {
            db,
            file,
            source,
            map,
            profile,
        } => {
            let clinic = clinic(profile.as_ref())?;
            let text =
                std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let text = String::from_utf8(text).map_err(|_| {
                format!(
                    "{} is not UTF-8 text: save the export as CSV UTF-8",
                    file.display()
                )
            })?;
            let store = db.open()?;
            let given: Mapping = map.into_iter().collect();
            match appointments::import(&store, None, &source, &text, &given, &clinic) {
                Ok(report) => {
                    eprintln!(
                        "imported {}: {} added, {} updated, {} unchanged",
                        file.display(),
                        report.added,
                        report.updated,
                        report.unchanged
                    );
                    println!("{}", serde_json::to_string(&report).expect("JSON"));
                    Ok(ExitCode::SUCCESS)
                }
                Err(ImportError::Rows(problems)) => {
                    eprintln!("{} was not imported; nothing was kept:", file.display());
                    for p in &problems {
                        eprintln!("  row {}, column {}: {}", p.row, p.column, p.message);
                    }
                    Ok(ExitCode::from(1))
                }
                Err(ImportError::Refused(e)) => Err(e.to_string()),
            }
        }
        AppointmentsCommand::Day { db, day } => {
            let store = db.open()?;
            for listed in appointments::day(&store, None, &day).map_err(|e| e.to_string())? {
                let a = &listed.appointment.booked;
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    a.start,
                    a.provider,
                    a.contact.name,
                    a.treatments.join(","),
                    listed.appointment.status,
                    listed.invitation_words(),
                    listed.form_words(candor_receiver::store::staff::Role::Director),
                    listed.appointment.id
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
