//! Checks of the check-ins after a treatment and of the aftercare numbers: days in
//! order within a year, sign ids unique and plain, every sign in every language, at
//! least one sign, and the numbers a sign that acts sends the patient to. Messages
//! name ids and limits, never the text or a number as written.

use std::collections::HashSet;

use super::Checker;
use crate::contact::is_e164;
use crate::profile::{Act, CheckIns, MAX_AFTER_DAYS, is_emergency_number, is_sign_id};

pub(super) fn check_check_ins(c: &mut Checker) {
    let profile = c.profile;
    let mut any = false;
    let mut emergency = false;
    for (i, treatment) in profile.treatments.iter().enumerate() {
        let Some(check_ins) = &treatment.check_ins else {
            continue;
        };
        any = true;
        emergency |= check_ins
            .signs
            .iter()
            .any(|s| s.act == Some(Act::Emergency));
        check_one(c, &format!("$.treatments[{i}].check_ins"), check_ins);
    }
    match &profile.aftercare {
        None if any => c.error(
            "$.aftercare",
            "a profile with check-ins needs `aftercare` with the clinic's number (`call`, in E.164)",
        ),
        None => {}
        Some(aftercare) => {
            if !is_e164(&aftercare.call) {
                c.error(
                    "$.aftercare.call",
                    "must be a number in E.164: `+`, the country code and the number, digits only (such as +15550104477)",
                );
            }
            let number = &aftercare.emergency_number;
            if number.is_empty() && emergency {
                c.error(
                    "$.aftercare.emergency_number",
                    "a sign acts `emergency`, so the local emergency number is needed (such as 911)",
                );
            } else if !number.is_empty() && !is_emergency_number(number) {
                c.error(
                    "$.aftercare.emergency_number",
                    "must be 2 to 6 digits, such as 911 or 112",
                );
            }
        }
    }
}

fn check_one(c: &mut Checker, path: &str, check_ins: &CheckIns) {
    if check_ins.after_days.is_empty() {
        c.error(
            format!("{path}.after_days"),
            "list at least one day (0 is the same evening)",
        );
    }
    for (j, day) in check_ins.after_days.iter().enumerate() {
        if *day > MAX_AFTER_DAYS {
            c.error(
                format!("{path}.after_days[{j}]"),
                format!("must be at most {MAX_AFTER_DAYS} days after the treatment"),
            );
        }
        if j > 0 && check_ins.after_days[j - 1] >= *day {
            c.error(
                format!("{path}.after_days[{j}]"),
                "days must be in ascending order, each once",
            );
        }
    }
    if check_ins.signs.is_empty() {
        c.error(
            format!("{path}.signs"),
            "list at least one sign the patient is asked about",
        );
    }
    let mut seen = HashSet::new();
    for (j, sign) in check_ins.signs.iter().enumerate() {
        let here = format!("{path}.signs[{j}]");
        if !is_sign_id(&sign.id) {
            c.error(
                format!("{here}.id"),
                "must be lower-case letters, digits and `_` only",
            );
        } else if !seen.insert(sign.id.as_str()) {
            c.error(
                format!("{here}.id"),
                format!("duplicate sign id `{}`", sign.id),
            );
        }
        c.text(&format!("{here}.text"), &sign.text);
    }
}
