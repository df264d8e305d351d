//! `verify`, `export` and `invite`: a summary checked offline, stored records printed,
//! and a patient invitation made.

use std::process::ExitCode;

use candor_receiver::Store;

/// Checks an exported JWS (a file, or `-` for standard input) and prints a report.
pub fn verify(file: &str) -> Result<ExitCode, String> {
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

/// Lists every stored id, or prints every record stored under `id`.
pub fn export(store: &Store, id: Option<&str>) -> Result<ExitCode, String> {
    let Some(id) = id else {
        for id in store.ids().map_err(|e| e.to_string())? {
            println!("{id}");
        }
        return Ok(ExitCode::SUCCESS);
    };
    // Every record stored under the id, first received first, one JWS a line
    // (two when another key also signed something under the same id).
    let records = store.signed_under(id).map_err(|e| e.to_string())?;
    if records.is_empty() {
        return Err(format!("no stored submission {id}"));
    }
    for (_, jws) in records {
        println!("{jws}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Makes an invitation and prints its id, token and link fragment.
pub fn invite(store: &Store) -> Result<ExitCode, String> {
    let invite = candor_receiver::invite::create(store)?;
    // The draft key goes only into the link: the receiver keeps ciphertext it cannot read.
    let key = candor_receiver::invite::draft_key()?;
    let fragment =
        candor_core::delivery::invite::fragment_with_draft(&invite.id, &invite.token, &key);
    let report =
        serde_json::json!({ "invite": invite.id, "token": invite.token, "fragment": fragment });
    println!("{}", serde_json::to_string_pretty(&report).expect("JSON"));
    Ok(ExitCode::SUCCESS)
}
