//! The call-now region of a check-in: shown at once when a ticked sign asks the
//! patient to call, before anything is sent, and again on the confirmation. The
//! words say whom to call; they never say what a sign means.

use candor_core::ClinicProfile;
use candor_core::check_in::Urgency;

use crate::html::{El, el};
use crate::text::CheckInText;

/// The clinic's tap-to-call number: the aftercare number, or the front desk's digits.
fn clinic_tel(profile: &ClinicProfile) -> String {
    match &profile.aftercare {
        Some(aftercare) => aftercare.call.clone(),
        None => profile
            .front_desk_phone
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect(),
    }
}

/// "Call the clinic: (555) 010-4477" as a `tel:` link.
pub fn clinic_link(profile: &ClinicProfile, text: &CheckInText) -> El {
    el("a")
        .class("call-link")
        .attr("href", &format!("tel:{}", clinic_tel(profile)))
        .text(&(text.call_clinic)(&profile.front_desk_phone))
}

/// What to call for `urgency` (nothing for a routine check-in): for an emergency, the
/// emergency number first, then the clinic.
pub fn call_lines(profile: &ClinicProfile, urgency: Urgency, text: &CheckInText) -> Vec<El> {
    let emergency = profile
        .aftercare
        .as_ref()
        .map(|a| a.emergency_number.clone());
    let mut out = Vec::new();
    if urgency == Urgency::Emergency {
        out.push(match &emergency {
            Some(number) => el("p").child(
                el("a")
                    .class("call-link call-link--emergency")
                    .attr("href", &format!("tel:{number}"))
                    .text(&(text.call_emergency)(number)),
            ),
            None => el("p").text(text.call_emergency_services),
        });
        out.push(el("p").text(text.then_clinic));
    }
    if urgency != Urgency::Routine {
        out.push(el("p").child(clinic_link(profile, text)));
    }
    out
}

/// The alert's heading for `urgency`.
pub fn alert_title(profile: &ClinicProfile, urgency: Urgency, text: &CheckInText) -> String {
    match (urgency, &profile.aftercare) {
        (Urgency::Emergency, Some(aftercare)) => {
            (text.alert_emergency_title)(&aftercare.emergency_number)
        }
        (Urgency::Emergency, None) => text.call_emergency_services.to_owned(),
        _ => text.alert_clinic_title.to_owned(),
    }
}
