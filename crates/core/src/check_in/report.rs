//! The check-in report: the document a patient's browser sends to the clinic's
//! receiver, and what the receiver checks of it against the profile.

use serde::{Deserialize, Serialize};

use super::{Assessment, CheckInAnswers, CheckInProblem, Urgency, assess, problems};
use crate::canonical::{CanonicalError, canonicalize};
use crate::formats::{is_rfc3339, is_sha256_hex, is_uuid_v4};
use crate::i18n::Lang;
use crate::profile::ClinicProfile;

/// The report format this build writes and reads.
pub const CHECK_IN_FORMAT: u32 = 1;

/// One check-in, as sent to the clinic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckInReport {
    /// The report format, [`CHECK_IN_FORMAT`].
    pub format: u32,
    /// A lower-case version-4 UUID the browser made for this check-in; a repeated send
    /// carries the same one.
    pub id: String,
    /// The id of the treatment the check-in follows.
    pub treatment: String,
    /// Which check-in: one of the treatment's `after_days`.
    pub day: u16,
    /// The profile version the patient answered.
    pub profile_version: String,
    /// Its SHA-256 ([`ClinicProfile::sha256`]).
    pub profile_sha256: String,
    /// The language the patient answered in.
    pub language: Lang,
    /// What the patient answered.
    pub answers: CheckInAnswers,
    /// The urgency the patient's browser found (and acted on).
    pub urgency: Urgency,
    /// When the patient finished, RFC 3339 with the device's offset.
    pub completed_at: String,
}

/// Something wrong with a report, with its JSON path. Data, not words: it never
/// carries what the patient wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportProblem {
    /// `format` is not [`CHECK_IN_FORMAT`].
    Format,
    /// `id` is not a lower-case version-4 UUID.
    Id,
    /// `profile_sha256` is not a lower-case hex SHA-256.
    ProfileSha256,
    /// `completed_at` is not RFC 3339.
    CompletedAt,
    /// `language` is not one of the profile's languages.
    Language,
    /// The profile has no treatment with this id.
    UnknownTreatment,
    /// The treatment has no check-ins.
    NoCheckIns,
    /// `day` is none of the treatment's `after_days`.
    Day,
    /// A problem with the answers.
    Answers(CheckInProblem),
}

impl ReportProblem {
    /// The JSON path of the member at fault, such as `$.day` or `$.answers.signs[1]`.
    pub fn path(&self) -> String {
        match self {
            ReportProblem::Format => "$.format".into(),
            ReportProblem::Id => "$.id".into(),
            ReportProblem::ProfileSha256 => "$.profile_sha256".into(),
            ReportProblem::CompletedAt => "$.completed_at".into(),
            ReportProblem::Language => "$.language".into(),
            ReportProblem::UnknownTreatment | ReportProblem::NoCheckIns => "$.treatment".into(),
            ReportProblem::Day => "$.day".into(),
            ReportProblem::Answers(p) => format!("$.answers.{}", p.path()),
        }
    }
}

impl CheckInReport {
    /// Checks the report against `profile` (the version it names, when the caller
    /// has it: [`CheckInReport::is_for`]) and returns the assessment recomputed from
    /// the profile, never the report's own `urgency`; a receiver keeps the more urgent
    /// of the two. Every problem otherwise.
    pub fn check(&self, profile: &ClinicProfile) -> Result<Assessment, Vec<ReportProblem>> {
        let mut out = Vec::new();
        if self.format != CHECK_IN_FORMAT {
            out.push(ReportProblem::Format);
        }
        if !is_uuid_v4(&self.id) {
            out.push(ReportProblem::Id);
        }
        if !is_sha256_hex(&self.profile_sha256) {
            out.push(ReportProblem::ProfileSha256);
        }
        if !is_rfc3339(&self.completed_at) {
            out.push(ReportProblem::CompletedAt);
        }
        if !profile.languages.contains(&self.language) {
            out.push(ReportProblem::Language);
        }
        let check_ins = match profile.treatment(&self.treatment) {
            None => {
                out.push(ReportProblem::UnknownTreatment);
                None
            }
            Some(t) if t.check_ins.is_none() => {
                out.push(ReportProblem::NoCheckIns);
                None
            }
            Some(t) => t.check_ins.as_ref(),
        };
        if let Some(check_ins) = check_ins {
            if !check_ins.after_days.contains(&self.day) {
                out.push(ReportProblem::Day);
            }
            out.extend(
                problems(check_ins, &self.answers)
                    .into_iter()
                    .map(ReportProblem::Answers),
            );
        }
        match check_ins {
            Some(check_ins) if out.is_empty() => Ok(assess(check_ins, &self.answers)),
            _ => Err(out),
        }
    }

    /// Whether the report names `profile`'s version (by its SHA-256).
    pub fn is_for(&self, profile: &ClinicProfile) -> bool {
        self.profile_sha256 == profile.sha256
    }

    /// The report's canonical bytes (RFC 8785), the same for the same report.
    pub fn canonical_bytes(&self) -> Result<Vec<u8>, CanonicalError> {
        canonicalize(self)
    }
}
