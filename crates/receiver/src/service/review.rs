//! Recording a review, an escalation or the medical director's decision on one record,
//! and exporting the audit log.

use std::collections::HashMap;

use crate::domain::audit::AuditAction;
use crate::domain::record::RecordKey;
use crate::domain::review::{Action, Refusal, ReviewState, step};
use crate::domain::roles::{Permission, allowed};
use crate::domain::webhook::EventType;
use crate::service::{ServiceError, audit};
use crate::store::Store;
use crate::store::queries::{events, submissions};
use crate::store::staff::Staff;

/// Records `action` by `staff` on record `key`: the step the workflow allows, appended
/// to the audit log and kept as the record's state in one transaction.
pub fn act(
    store: &Store,
    staff: &Staff,
    key: &RecordKey,
    action: Action,
) -> Result<ReviewState, ServiceError> {
    let (staff, key) = (staff.clone(), key.clone());
    store
        .write(move |tx| {
            let Some(current) = submissions::review_state(tx, &key)? else {
                return Ok(Err(ServiceError::NotFound("record")));
            };
            let step = match step(staff.role, &current, &action) {
                Ok(step) => step,
                Err(Refusal::Role(role)) => return Ok(Err(ServiceError::Forbidden(role))),
                Err(Refusal::Invalid(field, message)) => {
                    return Ok(Err(ServiceError::Invalid(field, message)));
                }
            };
            let kind = match step.action {
                "reviewed" => AuditAction::Reviewed,
                "escalated" => AuditAction::Escalated,
                _ => AuditAction::Decided,
            };
            events::record(
                tx,
                &audit::event(Some(&staff), kind, Some(&key), Some(step.detail)),
            )?;
            submissions::set_review_state(tx, &key, &step.next)?;
            if matches!(step.next, ReviewState::Reviewed | ReviewState::Decided(_)) {
                let review = step.next.stored();
                super::webhooks::emit(
                    tx,
                    EventType::ReviewCompleted,
                    &format!("{}\u{1f}{}\u{1f}{review}", key.id, key.kid),
                    serde_json::json!({ "submission_id": key.id, "kid": key.kid, "review": review }),
                )?;
            }
            crate::store::queries::notify(tx)?;
            Ok(Ok(step.next))
        })
        .inspect(|done| {
            if done.is_ok() {
                store.announce();
            }
        })?
}

/// What to export: one record's trail, or (the medical director) the whole log.
pub enum ExportOf {
    /// One record's events.
    Record(RecordKey),
    /// Everything.
    All,
}

/// The console's audit log, or one record's part of it, as CSV (who, role, when,
/// what, which record); the export itself is logged.
pub fn export_csv(store: &Store, staff: &Staff, of: &ExportOf) -> Result<String, ServiceError> {
    let needs = match of {
        ExportOf::Record(_) => Permission::ExportRecordAudit,
        ExportOf::All => Permission::ExportAuditLog,
    };
    allowed(staff.role, needs).map_err(ServiceError::Forbidden)?;
    let logged = match of {
        ExportOf::Record(key) => {
            let key = key.clone();
            store.read(move |c| {
                let first = submissions::is_first(c, &key)?;
                events::for_record(c, &key, first)
            })?
        }
        ExportOf::All => store.console_events(None)?,
    };
    let names: HashMap<String, String> = store
        .staff_list()?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let mut csv = String::from("at,staff,role,action,submission,signer,detail\r\n");
    for e in &logged {
        let who = e
            .staff_id
            .as_ref()
            .and_then(|id| names.get(id))
            .map_or("", String::as_str);
        let fields = [
            e.at.as_str(),
            who,
            e.role.as_deref().unwrap_or(""),
            e.action.as_str(),
            e.submission_id.as_deref().unwrap_or(""),
            e.submission_kid.as_deref().unwrap_or(""),
            e.detail.as_deref().unwrap_or(""),
        ];
        csv.push_str(&fields.map(csv_field).join(","));
        csv.push_str("\r\n");
    }
    // The chain's head as of this export: a copy kept elsewhere proves later edits
    // (`candor-receiver audit verify --head`).
    let head = store.audit_head()?;
    let fields = ["", "", "", "audit_chain_head", "", "", &head.to_string()];
    csv.push_str(&fields.map(csv_field).join(","));
    csv.push_str("\r\n");
    let record = match of {
        ExportOf::Record(key) => Some(key),
        ExportOf::All => None,
    };
    audit::record(store, Some(staff), AuditAction::AuditExported, record, None);
    Ok(csv)
}

/// A CSV field, quoted, with formula characters neutralised for spreadsheets (the
/// incidents' export uses it too).
pub(crate) fn csv_field(text: &str) -> String {
    // OWASP's list: a cell starting with any of these is read as a formula by some
    // spreadsheet (a tab or a carriage return before one as well).
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    format!("\"{}\"", text.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn a_cell_a_spreadsheet_would_read_as_a_formula_is_neutralised() {
        for formula in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(csv_field(formula), format!("\"'{formula}\""), "{formula:?}");
        }
        assert_eq!(csv_field("Said \"ok\""), "\"Said \"\"ok\"\"\"");
        assert_eq!(csv_field("LOT-4411"), "\"LOT-4411\"");
    }
}
