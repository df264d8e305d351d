//! Assembling the summary from a finished visit.

use super::{
    AuditEvent, ClinicRef, ConsentDecision, DisclosureAcceptance, ProtocolRef,
    SUMMARY_SCHEMA_VERSION, SignatureEvent, Summary, SummaryProblem,
};
use crate::answers::Answers;
use crate::date::CivilDate;
use crate::profile::ClinicProfile;
use crate::risk;

/// Everything a visit produced, as the widget holds it at signing time.
pub struct Visit<'a> {
    /// The clinic profile.
    pub profile: &'a ClinicProfile,
    /// The answers (pruned again here, so a hidden answer can never be sent).
    pub answers: &'a Answers,
    /// The patient's local date.
    pub today: CivilDate,
    /// A random UUID made now, at signing.
    pub submission_id: String,
    /// The invite's id, for an invited visit.
    pub invite: Option<String>,
    /// The kiosk's enrolled name, for a visit on the clinic's tablet.
    pub kiosk: Option<String>,
    /// The accepted electronic-records disclosure.
    pub disclosure: DisclosureAcceptance,
    /// Every consent decision.
    pub consents: Vec<ConsentDecision>,
    /// Every signature.
    pub signatures: Vec<SignatureEvent>,
    /// The audit trail so far (the caller adds `submitted`).
    pub audit: Vec<AuditEvent>,
}

/// The summary of `visit`, with the risk findings evaluated now; or what is wrong.
pub fn build(visit: Visit) -> Result<Summary, Vec<SummaryProblem>> {
    let mut answers = visit.answers.clone();
    answers.prune(visit.profile, visit.today);
    let findings = visit
        .profile
        .protocol
        .as_ref()
        .map(|protocol| risk::evaluate(visit.profile, protocol, &answers, visit.today))
        .unwrap_or_default();
    let p = visit.profile;
    let summary = Summary {
        schema_version: SUMMARY_SCHEMA_VERSION,
        submission_id: visit.submission_id,
        clinic: ClinicRef {
            id: p.id.clone(),
            name: p.name.clone(),
            profile_version: p.version.clone(),
            profile_sha256: Some(p.sha256.clone()).filter(|h| !h.is_empty()),
            questionnaire_url: p.questionnaire_url.clone(),
        },
        protocol: p.protocol.as_ref().map(|r| ProtocolRef {
            version: r.version.clone(),
            approval: r.approval.clone(),
        }),
        language: answers.language,
        invite: visit.invite,
        kiosk: visit.kiosk,
        answers,
        findings,
        disclosure: visit.disclosure,
        consents: visit.consents,
        signatures: visit.signatures,
        audit: visit.audit,
    };
    let problems = summary.problems();
    if problems.is_empty() {
        Ok(summary)
    } else {
        Err(problems)
    }
}
