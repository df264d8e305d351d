//! Treatments whose known red flags no check-in asks about: a class the aftercare
//! reference names warning signs for (a filler's blanching or change in vision, a
//! toxin's trouble swallowing, a peel's blisters, a massage's one-sided leg swelling)
//! without check-ins, or with none that asks the patient to act, and a filler without a
//! sign that sends the patient to emergency services. Warnings for the author's tools.

use super::LintIssue;
use crate::profile::{Act, ClinicProfile};

/// The treatment classes with red flags a patient can notice at home after treatment
/// (docs: the research notes on aftercare check-ins).
pub const RED_FLAG_CLASSES: &[&str] = &[
    "ha_filler",
    "neurotoxin",
    "chemical_peel",
    "laser_hair_removal",
    "microneedling",
    "massage",
];

/// Every treatment whose red flags go unasked, in the profile's order.
pub(super) fn unasked_red_flags(profile: &ClinicProfile) -> Vec<LintIssue> {
    let mut issues = Vec::new();
    for (i, t) in profile.treatments.iter().enumerate() {
        if !RED_FLAG_CLASSES.contains(&t.class.as_str()) {
            continue;
        }
        let path = format!("$.treatments[{i}]");
        let Some(check_ins) = &t.check_ins else {
            issues.push(warning(
                format!("{path}.check_ins"),
                format!(
                    "`{}` (class `{}`) has no check-ins, so no patient is asked after it about its warning signs; add `check_ins` with signs that `act`",
                    t.id, t.class
                ),
            ));
            continue;
        };
        if !check_ins.has_urgent_sign() {
            issues.push(warning(
                format!("{path}.check_ins.signs"),
                format!(
                    "no sign of `{}` asks the patient to act (`\"act\": \"call_clinic\"` or `\"emergency\"`), so a red flag waits for staff to read it",
                    t.id
                ),
            ));
        }
        let emergency = check_ins
            .signs
            .iter()
            .any(|s| s.act == Some(Act::Emergency));
        if t.class == "ha_filler" && !emergency {
            issues.push(warning(
                format!("{path}.check_ins.signs"),
                format!(
                    "no sign of filler `{}` acts `emergency`: a change in vision after a filler needs emergency care at once",
                    t.id
                ),
            ));
        }
    }
    issues
}

fn warning(path: String, message: String) -> LintIssue {
    LintIssue {
        path,
        error: false,
        message,
    }
}
