//! What the console's audit log records: one name per kind of event, so the log reads
//! the same whoever wrote it.

/// A kind of event in the console's audit log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditAction {
    /// A staff member was invited (from the console or the command line).
    StaffInvited,
    /// A staff member was disabled.
    StaffDisabled,
    /// An invited member registered their passkey.
    PasskeyRegistered,
    /// A member signed in.
    SignedIn,
    /// A member signed out.
    SignedOut,
    /// A member ended every session of theirs.
    SignedOutEverywhere,
    /// A record was reviewed.
    Reviewed,
    /// A record was escalated to the medical director.
    Escalated,
    /// The medical director decided.
    Decided,
    /// The audit log (or one record's trail) was exported.
    AuditExported,
    /// The medical director approved a protocol version.
    ProtocolApproved,
    /// A booking system's export was imported (its source and counts; no patient).
    AppointmentsImported,
    /// An appointment was booked in the console (its id; no patient).
    AppointmentBooked,
    /// An appointment was cancelled in the console (its invitation revoked with it).
    AppointmentCancelled,
    /// An appointment's invitation was sent again (earlier links revoked).
    InvitationResent,
    /// An appointment's invitation was revoked.
    InvitationRevoked,
    /// A link to an appointment's forms was handed over at the desk.
    InvitationHanded,
    /// The medical director recorded a member's credential and licence.
    LicenceRecorded,
    /// The medical director let a member perform a treatment outside the protocol's
    /// scope of practice (the member, the treatment, the last day, the reason).
    ScopeExceptionRecorded,
    /// The medical director withdrew such an exception.
    ScopeExceptionWithdrawn,
    /// A visit was marked treated by the member signed in.
    VisitTreated,
    /// A patient sent a check-in after a treatment (its id and the urgency the
    /// receiver found; never an answer).
    CheckInReceived,
    /// An appointment was changed in the console.
    AppointmentEdited,
    /// The medical director made an integration API key (its id, name and scopes).
    ApiKeyCreated,
    /// The medical director revoked one.
    ApiKeyRevoked,
    /// A record's content (its JWS or FHIR Bundle) was read through the API (the key,
    /// and what was read).
    ApiRecordRead,
    /// A webhook endpoint was registered (its id, URL and event types; by the director
    /// or a key).
    WebhookRegistered,
    /// An endpoint's secret was rotated (the old one signs beside it for a day).
    WebhookRotated,
    /// An endpoint was deleted.
    WebhookDeleted,
    /// An endpoint was disabled: it kept failing for three days, or answered 410.
    WebhookDisabled,
    /// The director enabled a disabled endpoint again.
    WebhookEnabled,
    /// The director sent a delivery again.
    WebhookReplayed,
    /// An incident was recorded (its id; from a check-in, that too).
    IncidentOpened,
    /// An incident's fields were changed (the names of those changed, never a value).
    IncidentUpdated,
    /// An incident moved between states (from, to).
    IncidentStateChanged,
    /// The medical director signed an incident off.
    IncidentSignedOff,
    /// The incidents were exported as CSV, or one as FHIR.
    IncidentsExported,
    /// A patient record was made from a visit (its opaque id; never a name).
    PatientCreated,
    /// A visit was linked to a patient record (the record's id).
    PatientLinked,
    /// A visit was unlinked from its patient record (the record's id).
    PatientUnlinked,
    /// A visit's risk-relevant answers were accepted into a patient record (the
    /// record's id and the visit's; never what was accepted).
    PatientRecordAccepted,
}

impl AuditAction {
    /// The name the log stores.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::StaffInvited => "staff_invited",
            AuditAction::StaffDisabled => "staff_disabled",
            AuditAction::PasskeyRegistered => "passkey_registered",
            AuditAction::SignedIn => "signed_in",
            AuditAction::SignedOut => "signed_out",
            AuditAction::SignedOutEverywhere => "signed_out_everywhere",
            AuditAction::Reviewed => "reviewed",
            AuditAction::Escalated => "escalated",
            AuditAction::Decided => "decided",
            AuditAction::AuditExported => "audit_exported",
            AuditAction::ProtocolApproved => "protocol_approved",
            AuditAction::AppointmentsImported => "appointments_imported",
            AuditAction::AppointmentBooked => "appointment_booked",
            AuditAction::AppointmentCancelled => "appointment_cancelled",
            AuditAction::InvitationResent => "invitation_resent",
            AuditAction::InvitationRevoked => "invitation_revoked",
            AuditAction::InvitationHanded => "invitation_handed",
            AuditAction::LicenceRecorded => "licence_recorded",
            AuditAction::ScopeExceptionRecorded => "scope_exception_recorded",
            AuditAction::ScopeExceptionWithdrawn => "scope_exception_withdrawn",
            AuditAction::VisitTreated => "visit_treated",
            AuditAction::CheckInReceived => "check_in_received",
            AuditAction::AppointmentEdited => "appointment_edited",
            AuditAction::ApiKeyCreated => "api_key_created",
            AuditAction::ApiKeyRevoked => "api_key_revoked",
            AuditAction::ApiRecordRead => "api_record_read",
            AuditAction::WebhookRegistered => "webhook_registered",
            AuditAction::WebhookRotated => "webhook_rotated",
            AuditAction::WebhookDeleted => "webhook_deleted",
            AuditAction::WebhookDisabled => "webhook_disabled",
            AuditAction::WebhookEnabled => "webhook_enabled",
            AuditAction::WebhookReplayed => "webhook_replayed",
            AuditAction::IncidentOpened => "incident_opened",
            AuditAction::IncidentUpdated => "incident_updated",
            AuditAction::IncidentStateChanged => "incident_state_changed",
            AuditAction::IncidentSignedOff => "incident_signed_off",
            AuditAction::IncidentsExported => "incidents_exported",
            AuditAction::PatientCreated => "patient_created",
            AuditAction::PatientLinked => "patient_linked",
            AuditAction::PatientUnlinked => "patient_unlinked",
            AuditAction::PatientRecordAccepted => "patient_record_accepted",
        }
    }
}
