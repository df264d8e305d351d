//! Checks of the kiosk settings: times a patient can live with, a warning long enough
//! to answer (WCAG 2.2.1), an enrolment URL like any delivery URL, every language.

use super::Checker;
use crate::profile::{KIOSK_RANGES, endpoint_problem};

pub(super) fn check_kiosk(c: &mut Checker) {
    let k = &c.profile.kiosk;
    let mut problems = Vec::new();
    for (field, least, most) in KIOSK_RANGES {
        let value = k.value(field).unwrap_or_default();
        if !(least..=most).contains(&value) {
            problems.push((
                format!("$.kiosk.{field}"),
                format!("must be from {least} to {most}, not {value}"),
            ));
        }
    }
    if k.reading_idle_seconds < k.idle_seconds {
        problems.push((
            "$.kiosk.reading_idle_seconds".into(),
            "must be at least idle_seconds: reading a consent takes longer than a tap".into(),
        ));
    }
    if let Some(problem) = endpoint_problem(&k.enrol_url, true) {
        problems.push(("$.kiosk.enrol_url".into(), problem.into()));
    }
    let texts = [
        ("$.kiosk.start_title", k.start_title.clone()),
        ("$.kiosk.start_message", k.start_message.clone()),
    ];
    for (path, message) in problems {
        c.error(path, message);
    }
    for (path, text) in texts {
        if let Some(text) = text {
            c.text(path, &text);
        }
    }
}
