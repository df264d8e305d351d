//! Who may do what in the console. Every check of a role is here, as data: a handler
//! states what it needs (through its extractor, `console::member`), a service asks
//! [`allowed`] when what is needed depends on the request (a decision, the whole
//! audit log).

use std::fmt;
use std::str::FromStr;

/// What a staff member may do in the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Sees who submitted today and the delivery status, not the answers.
    FrontDesk,
    /// Reads submissions and records reviews.
    Provider,
    /// Everything, plus decisions on escalated submissions and staff management.
    Director,
}

impl Role {
    /// The role's name as stored and typed (`front_desk`, `provider`, `director`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::FrontDesk => "front_desk",
            Role::Provider => "provider",
            Role::Director => "director",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "front_desk" => Ok(Role::FrontDesk),
            "provider" => Ok(Role::Provider),
            "director" => Ok(Role::Director),
            other => Err(format!(
                "{other}: not a role (front_desk, provider or director)"
            )),
        }
    }
}

/// Something a staff member may be allowed to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// See who submitted and whether the clinic received it (the queue without answers).
    SeeArrivals,
    /// Read answers, findings and charts; see the queue flagged first.
    ReadCharts,
    /// Record a review or escalate to the medical director.
    Review,
    /// Record the medical director's decision.
    Decide,
    /// Export one record's audit trail.
    ExportRecordAudit,
    /// Export the whole audit log.
    ExportAuditLog,
    /// Read the protocol's versions and what changed.
    ReadProtocol,
    /// Approve a protocol version.
    ApproveProtocol,
    /// Invite and disable staff.
    ManageStaff,
    /// Book appointments and import a booking system's export.
    ManageAppointments,
    /// Mark a visit treated (checked against the protocol's scope of practice).
    MarkTreated,
    /// Record staff licences and exceptions to the scope of practice.
    ManageScope,
    /// Make and revoke the integration API's keys.
    ManageIntegrations,
    /// Record, edit and grade an incident, and hand it to the medical director.
    RecordIncidents,
    /// Sign off, close and reopen incidents; their counts and their CSV export.
    ReviewIncidents,
    /// Link a visit to a patient record (or make one from it), and unlink it.
    LinkPatients,
    /// Accept a visit's risk-relevant answers into the patient record.
    AcceptPatientRecords,
}

/// The least role that holds `permission`.
pub fn least_role(permission: Permission) -> Role {
    match permission {
        Permission::SeeArrivals | Permission::ManageAppointments => Role::FrontDesk,
        Permission::ReadCharts
        | Permission::Review
        | Permission::ExportRecordAudit
        | Permission::ReadProtocol
        | Permission::MarkTreated
        | Permission::RecordIncidents
        | Permission::LinkPatients
        | Permission::AcceptPatientRecords => Role::Provider,
        Permission::Decide
        | Permission::ExportAuditLog
        | Permission::ApproveProtocol
        | Permission::ManageStaff
        | Permission::ManageScope
        | Permission::ManageIntegrations
        | Permission::ReviewIncidents => Role::Director,
    }
}

/// Whether `role` holds `permission`; `Err` names the least role that would.
pub fn allowed(role: Role, permission: Permission) -> Result<(), Role> {
    let needed = least_role(permission);
    if role >= needed { Ok(()) } else { Err(needed) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_front_desk_sees_arrivals_only_and_the_director_everything() {
        assert_eq!(allowed(Role::FrontDesk, Permission::SeeArrivals), Ok(()));
        for p in [
            Permission::ReadCharts,
            Permission::Review,
            Permission::ExportRecordAudit,
            Permission::RecordIncidents,
            Permission::LinkPatients,
            Permission::AcceptPatientRecords,
        ] {
            assert_eq!(allowed(Role::FrontDesk, p), Err(Role::Provider));
            assert_eq!(allowed(Role::Provider, p), Ok(()));
        }
        for p in [
            Permission::Decide,
            Permission::ExportAuditLog,
            Permission::ManageStaff,
            Permission::ApproveProtocol,
            Permission::ReviewIncidents,
        ] {
            assert_eq!(allowed(Role::Provider, p), Err(Role::Director));
            assert_eq!(allowed(Role::Director, p), Ok(()));
        }
    }
}
