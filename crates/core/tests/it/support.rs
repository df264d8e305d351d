//! Building answers for risk tests.

use candor_core::risk::{Finding, Severity, evaluate};
use candor_core::{
    Allergy, Answer, Answers, CivilDate, ClinicProfile, DateParts, Lang, Medication,
    ReactionSeverity,
};

pub fn today() -> CivilDate {
    CivilDate::new(2026, 11, 22).unwrap()
}

/// An adult who answered every critical question with "none".
pub fn patient(treatments: &[&str]) -> (ClinicProfile, Answers) {
    let profile = ClinicProfile::demo();
    let mut a = Answers::new(Lang::En);
    a.details.date_of_birth = DateParts {
        day: "14".into(),
        month: "5".into(),
        year: "1990".into(),
    };
    for t in treatments {
        a.choose_treatment(&profile, t, true, today());
    }
    for (q, answer) in [
        ("conditions", Answer::Choices(vec!["none".into()])),
        ("takes_medications", Answer::YesNo(false)),
        ("has_allergies", Answer::YesNo(false)),
        ("pregnancy_status", Answer::Choice("none".into())),
    ] {
        a.set(&profile, q, answer, today());
    }
    (profile, a)
}

pub fn set(profile: &ClinicProfile, a: &mut Answers, question: &str, answer: Answer) {
    a.set(profile, question, answer, today());
}

pub fn choices(ids: &[&str]) -> Answer {
    Answer::Choices(ids.iter().map(|s| s.to_string()).collect())
}

pub fn month_year(month: &str, year: &str) -> DateParts {
    DateParts {
        day: String::new(),
        month: month.into(),
        year: year.into(),
    }
}

pub fn taking(profile: &ClinicProfile, a: &mut Answers, meds: Vec<Medication>) {
    set(profile, a, "takes_medications", Answer::YesNo(true));
    set(profile, a, "medications", Answer::Medications(meds));
}

pub fn current(name: &str) -> Medication {
    Medication {
        name: name.into(),
        code: None,
        current: true,
        stopped: DateParts::default(),
    }
}

pub fn stopped(name: &str, month: &str, year: &str) -> Medication {
    Medication {
        name: name.into(),
        code: None,
        current: false,
        stopped: month_year(month, year),
    }
}

pub fn allergic(profile: &ClinicProfile, a: &mut Answers, list: &[(&str, ReactionSeverity)]) {
    set(profile, a, "has_allergies", Answer::YesNo(true));
    let entries = list
        .iter()
        .map(|(s, sev)| Allergy {
            substance: s.to_string(),
            code: None,
            reaction: String::new(),
            severity: Some(*sev),
        })
        .collect();
    set(profile, a, "allergies", Answer::Allergies(entries));
}

pub fn findings(profile: &ClinicProfile, a: &Answers) -> Vec<Finding> {
    let protocol = profile.protocol.as_ref().expect("the demo has a protocol");
    evaluate(profile, protocol, a, today())
}

/// Labels of the findings (`rule@treatment[/product]`).
pub fn labels(profile: &ClinicProfile, a: &Answers) -> Vec<String> {
    findings(profile, a).iter().map(|f| f.label()).collect()
}

pub fn has(profile: &ClinicProfile, a: &Answers, label: &str) -> bool {
    labels(profile, a).iter().any(|l| l == label)
}

pub fn severity_of(profile: &ClinicProfile, a: &Answers, label: &str) -> Option<Severity> {
    findings(profile, a)
        .into_iter()
        .find(|f| f.label() == label)
        .map(|f| f.severity)
}
